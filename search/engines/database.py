"""The embedded engine: the database's own full-text index (engines/fulltext.py) for matching
and ranking, the index's facet columns for visibility, filters and facets."""

import difflib
import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from typing import cast

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Q
from django.http import HttpRequest

from learning.models import CaseStudyPage
from learning.visibility import restrictions_hiding_from

from .. import fusion, glossary, vector_index, vectors
from ..documents import body_text
from ..highlighting import SNIPPET_WIDTH, highlight
from ..query import FACETS, RequestResults, SearchHit, SearchQuery, SearchResults
from ..text import WORD, fold, lowered
from .database_requests import search_requests
from .filters import Match, filter_and_count, id_set, passing, passing_each, visible
from .fulltext import PostgresIndex, SqliteIndex, TextQuery, index

VOCABULARY_WORD = re.compile(r"\w{3,}")
# From this many matches on, rank those with the words in a short field (title, summary, themes,
# tags, city) first, on those fields alone: ranking every match of a very common word in long
# texts costs most of a search. See docs/search.md.
RANK_ALL_BELOW = 1000
SUGGEST_CANDIDATES = 40
# Rows read for the nearest case studies, as a multiple of fusion.NEAREST, before the filters:
# the case studies nearest the query that pass them are among the nearest of all, unless a
# filter or the visitor's rights leave out most (then eight times more are read, and so on).
CANDIDATES = 20
VOCABULARY_SECONDS = 300
FullTextIndex = SqliteIndex | PostgresIndex
Ranking = list[tuple[int, float]]  # (page id, score), best first


def _ranked(
    fulltext: FullTextIndex, text: TextQuery, only: list[int] | None, window: int, matches: int
) -> Ranking:
    """(page id, score) of the best `window` matches of `text`, among the ids `only` if given."""
    ranked = fulltext.ranked(text, only, window, short=matches >= RANK_ALL_BELOW)
    if len(ranked) < min(window, matches):  # too few in the short fields (or only some match)
        ranked = fulltext.ranked(text, only, window)
    return ranked


def fused(typed: Ranking, expanded: Ranking, limit: int) -> Ranking:
    """One ranking from the words typed and the glossary's names: each ranking's scores as a
    share of its best, the glossary's weighing less (glossary.WEIGHTS), summed per case study."""
    scores: dict[int, float] = {}
    for ranking, weight in ((typed, 1.0), (expanded, glossary.WEIGHTS["database"])):
        best = max((float(score) for _pk, score in ranking), default=0.0) or 1.0
        for pk, score in ranking:
            scores[pk] = scores.get(pk, 0.0) + weight * float(score) / best
    return sorted(scores.items(), key=lambda item: -item[1])[:limit]


def _newest(match: Match) -> tuple:
    return match.published, match.pk


def _verified(match: Match) -> tuple:
    """Reversed: the most recently verified first, those never verified last; newest first
    among equals."""
    return str(match.verified or ""), match.published, match.pk


class DatabaseEngine:
    name = "database"

    def search(self, query: SearchQuery, request: HttpRequest) -> SearchResults:
        results, matched = self._search(query, request)
        if matched == 0 and query.terms:  # the semantic neighbours may still be there
            corrected = self._corrected(query, request)
            if corrected:
                results, _matched = self._search(replace(query, text=corrected), request)
                results.query, results.suggestion, results.corrected = query, corrected, True
        return results

    def _search(self, query: SearchQuery, request: HttpRequest) -> tuple[SearchResults, int]:
        """The results, and how many of them the words (or the glossary's names) matched."""
        text = TextQuery.of(query)
        if query.text and text is None:  # only punctuation: nothing can match
            return SearchResults(query, [], 0, {f: [] for f in FACETS}, self.name), 0
        fulltext = index()
        hidden = [r.pk for r in restrictions_hiding_from(request)]
        nearest: list[Match] = []  # found by the vectors
        nearest_only: dict[int, Match] = {}  # found by them alone, by id
        window = query.offset + query.page_size
        by_relevance = text and query.sort == "relevance"
        # The dates order the results, unless they go by relevance, and filter them by
        # verification: without either, reading them is left out (fulltext.PostgresIndex.matching)
        dates = not by_relevance or bool(query.verified_since)
        # One transaction with the index's settings for the search's statements (fulltext.py)
        with fulltext.searching(), without_garbage_collection():
            rows = fulltext.matching(text, dates)
            found = visible(rows, hidden)
            lexical = passing(found, query)
            if by_relevance:
                # Ranked while the query's vector is still on its way (service.with_vector)
                only = None if len(lexical) == len(rows) else [m.pk for m in lexical]
                depth = fusion.depth(window) if query.vector is not None else window
                ranked = _ranked(fulltext, text.typed(), only, depth, len(lexical))
                if text.expansions:
                    expanded = _ranked(fulltext, text.expanded(), only, depth, len(lexical))
                    ranked = fused(ranked, expanded, depth)
            if text and query.vector is not None:
                vector = query.vector.result()
                nearest, for_facets = self._nearest(fulltext, query, vector, hidden, dates)
                nearest_only = {m.pk: m for m in for_facets}
                for m in found:
                    nearest_only.pop(m.pk, None)
                found += nearest_only.values()
            selected, facets = filter_and_count(found, query)
            if by_relevance and nearest:
                ranked = fusion.fused([pk for pk, _ in ranked], [m.pk for m in nearest], window)
            elif not by_relevance:
                selected.sort(key=_verified if query.sort == "verified" else _newest, reverse=True)
                ranked = [(m.pk, 0.0) for m in selected[:window]]
        shown = ranked[query.offset : window]
        pages = CaseStudyPage.objects.visible_to(request).select_related("city", "locale")
        pages = pages.order_by()  # in the ranking's order, below: none in SQL (0.4 ms less)
        by_id = pages.in_bulk([pk for pk, _score in shown])
        hits = [
            # No word is in what only the vectors found: nothing there to highlight.
            self._hit(by_id[pk], None if pk in nearest_only else text, float(score or 0))
            for pk, score in shown
            if pk in by_id
        ]
        results = SearchResults(
            query=query,
            hits=hits,
            total=len(selected),
            facets=facets,
            engine=self.name,
            matched=len(lexical) if nearest else None,
        )
        return results, results.found_by_words

    @staticmethod
    def _nearest(
        fulltext: FullTextIndex,
        query: SearchQuery,
        vector: np.ndarray,
        hidden: list[int],
        dates: bool,
    ) -> tuple[list[Match], list[Match]]:
        """The Matches of the case studies whose vectors are nearest the query's, best first
        (fusion.NEAREST of them), among those the requester may see that pass the filters; and
        those besides that each facet counts (the nearest that pass all the other filters).
        An exact cosine over the stored vectors (vector_index.matrix); only the best rows'
        facet columns are read, more of them while a filter leaves too few."""
        matrix = vector_index.matrix()
        scores = matrix.scores(vector, centred=fusion.CENTRED)
        read = fusion.NEAREST * CANDIDATES
        while True:
            best = matrix.ids[vectors.top(scores, read)[0]].tolist()
            candidates = visible(fulltext.rows_of(best, dates), hidden)
            groups = passing_each(candidates, query)
            if read >= len(scores) or all(len(g) >= fusion.NEAREST for g in groups.values()):
                break
            read *= 8
        rank = {pk: i for i, pk in enumerate(best)}
        nearest = {
            name: sorted(group, key=lambda m: rank[m.pk])[: fusion.NEAREST]
            for name, group in groups.items()
        }
        return nearest[None], [m for group in nearest.values() for m in group]

    def _corrected(self, query: SearchQuery, request: HttpRequest) -> str:
        """The query with misspelt words replaced by the closest words the visible case
        studies use (titles, summaries), or "" when nothing is closer."""
        vocabulary = self._vocabulary(request)
        corrected = []
        for term in query.terms:
            close = (
                []
                if term.lower() in vocabulary
                else difflib.get_close_matches(term.lower(), vocabulary, n=1, cutoff=0.8)
            )
            corrected.append(close[0] if close else term)
        text = " ".join([f'"{phrase}"' for phrase in query.phrases] + corrected)
        return text if corrected != query.terms else ""

    @staticmethod
    def _vocabulary(request: HttpRequest) -> set[str]:
        """The words of the titles and summaries the requester may see, kept a few minutes per
        set of view rights: reading every title costs 100 ms at 10,000 case studies."""
        hidden = ",".join(str(r.pk) for r in restrictions_hiding_from(request))

        def read() -> set[str]:
            vocabulary: set[str] = set()
            pages = CaseStudyPage.objects.visible_to(request).values_list("title", "summary")
            for row in pages.iterator(chunk_size=2000):
                vocabulary.update(w.lower() for text in row for w in VOCABULARY_WORD.findall(text))
            return vocabulary

        vocabulary = cache.get_or_set(f"search:vocabulary:{hidden}", read, VOCABULARY_SECONDS)
        return cast(set[str], vocabulary)

    def _hit(self, page: CaseStudyPage, text: TextQuery | None, score: float) -> SearchHit:
        highlights = {}
        if text:
            language = page.locale.language_code
            for name, value, width in (
                ("title", page.title, None),  # a title is shown whole
                ("summary", page.summary, SNIPPET_WIDTH),
                ("body", body_text(page), SNIPPET_WIDTH),
            ):
                snippet = highlight(value, text.keys, language, width)
                if snippet:
                    highlights[name] = [snippet]
        return SearchHit(page=page, score=score, highlights=highlights)

    def start_requests(
        self, query: SearchQuery, request: HttpRequest
    ) -> Callable[[], RequestResults]:
        """Knowledge requests (database_requests.py), searched when the function returned is
        called."""
        return partial(search_requests, query, request)

    def more_like_this(
        self, page: CaseStudyPage, request: HttpRequest, limit: int = 5
    ) -> list[CaseStudyPage]:
        """Case studies sharing the most themes and tags with `page`."""
        theme_slugs = [theme.slug for theme in page.themes.all()]
        tag_ids = list(page.tagged_items.values_list("tag_id", flat=True))
        return list(
            CaseStudyPage.objects.visible_to(request)
            .exclude(translation_key=page.translation_key)
            .annotate(
                shared=Count("themes", filter=Q(themes__slug__in=theme_slugs), distinct=True)
                + Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True)
            )
            .filter(shared__gt=0)
            .for_links()
            .order_by("-shared", "-first_published_at")[:limit]
        )

    def suggest(self, text: str, request: HttpRequest, limit: int = 8) -> list[CaseStudyPage]:
        """Titles with the words typed so far, the last one perhaps not finished."""
        typed = [lowered(word) for word in WORD.findall(text)]
        if not typed:
            return []
        finished = text[-1:].isspace() or not text[-1:].isalnum()
        whole, prefix = (typed, "") if finished else (typed[:-1], fold(typed[-1]))
        words = TextQuery.of_words(whole) if whole else None
        candidates = index().titles_starting(words, prefix, SUGGEST_CANDIDATES)
        hidden = {r.pk for r in restrictions_hiding_from(request)}
        ids = [pk for pk, restrictions in candidates if hidden.isdisjoint(id_set(restrictions))]
        pages = CaseStudyPage.objects.visible_to(request).for_links().in_bulk(ids[:limit])
        return [pages[pk] for pk in ids[:limit] if pk in pages]


@contextmanager
def without_garbage_collection() -> Iterator[None]:
    """Reading thousands of matches makes thousands of short-lived objects without reference
    cycles: with the cycle collector on, they set off full collections of the whole process
    (100 ms and more every few searches); freed by reference counting, they cost nothing."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
