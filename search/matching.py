"""Which of many saved searches a new case study matches, by the search page's rules on the
database engine: the same filters (engines/filters.py), the same word forms, phrases and
glossary names (engines/fulltext.py), the same index. It runs the other way round from a
search: the case study against every saved query at once, one statement for all the texts,
so one publication is matched against 10,000 saved searches in well under a second.

The database engine's index is the one to ask even where Elasticsearch answers the search
page: it is written in the transaction that publishes a case study, while Elasticsearch
catches up a moment later. Two things of a search are left out: who may see the case study
(that depends on who saved the search; the caller checks it against `Document.restrictions`)
and the spelling suggestion, which the search page shows only for a search that finds
nothing, as "showing results for" another text.
"""

from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import glossary
from .engines.filters import Match, passing
from .engines.fulltext import TextQuery, index
from .models import FACET_COLUMNS, IndexedCaseStudy
from .query import SearchQuery
from .service import with_glossary


@dataclass
class Document:
    """A case study as the index has it (its facet values and view restrictions), and the keys
    of the saved queries it matches."""

    match: Match
    keys: set = field(default_factory=set)

    @property
    def restrictions(self):
        return self.match.restrictions


def matching(queries, page_ids):
    """page id → Document, for each case study of `page_ids` in the index: the keys of
    `queries` (key → search.query.SearchQuery) whose filters and text it passes. Queries with
    the same text share one check of the text."""
    rows = IndexedCaseStudy.objects.filter(page_id__in=page_ids).values_list(*FACET_COLUMNS)
    documents = {match.pk: Document(match) for match in map(Match.of, rows)}
    if not documents:
        return {}
    found = [document.match for document in documents.values()]
    by_filters = {}  # the query without its text → ids of the case studies passing its filters
    by_text = {}  # (text, glossary) → [(key, ids of the case studies passing its filters)]
    for key, query in queries.items():
        filters = _filters_of(query)
        if filters not in by_filters:
            by_filters[filters] = [match.pk for match in passing(found, filters)]
        ids = by_filters[filters]
        if ids:
            by_text.setdefault((query.text, query.glossary), []).append((key, ids))
    texts = [entry for entry in by_text if entry[0]]
    for text, _glossary in by_text.keys() - set(texts):  # no text: the filters decide
        for key, ids in by_text[(text, _glossary)]:
            for pk in ids:
                documents[pk].keys.add(key)
    for pk, positions in _matched_texts(texts, list(documents)).items():
        for position in positions:
            for key, ids in by_text[texts[position]]:
                if pk in ids:
                    documents[pk].keys.add(key)
    return documents


@lru_cache(maxsize=100_000)
def _filters_of(query):
    """The query without its text: what its filters ask, to check once for all the queries
    that ask the same (kept for the next publication)."""
    return replace(query, text="", glossary=True, expansions=(), page=1, sort="relevance")


def _matched_texts(texts, page_ids):
    """page id → the positions in `texts` ((text, glossary) pairs) of those it matches."""
    by_form = glossary.concepts()
    queries, positions = [], []
    for position, (text, use_glossary) in enumerate(texts):
        query = _search_query(text, use_glossary, by_form)
        text_query = TextQuery.of(query)
        if text_query is not None:  # only punctuation: nothing matches, as on the search page
            queries.append(text_query)
            positions.append(position)
    if not queries:
        return {}
    fulltext = index()
    return {pk: {positions[i] for i in fulltext.matched_by(queries, pk)} for pk in page_ids}


def _search_query(text, use_glossary, by_form):
    """The query as search.service.search hands it to the engine: with the glossary's names of
    the concepts its words name, unless the search was saved without them."""
    return with_glossary(SearchQuery(text=text, glossary=use_glossary), by_form)
