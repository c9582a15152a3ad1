"""The embedded engine: Wagtail's database search backend (SQLite FTS5, PostgreSQL full text)
for matching and ranking, the ORM for facets."""

import difflib
import re
from dataclasses import replace

from django.db.models import Count, F, FloatField, Q, Value
from django.utils.html import escape
from wagtail.search.query import And, Phrase, PlainText

from learning.models import CaseStudyPage

from ..documents import body_text
from ..query import SearchHit, SearchResults
from .filters import MATCH_COLUMNS, filter_and_count, matches

SNIPPET_WIDTH = 160
WORD = re.compile(r"\w{3,}")


class DatabaseEngine:
    name = "database"

    def search(self, query, request):
        results = self._search(query, request)
        if results.total == 0 and query.terms:
            corrected = self._corrected(query, request)
            if corrected:
                results = self._search(replace(query, text=corrected), request)
                results.query, results.suggestion, results.corrected = query, corrected, True
        return results

    def _search(self, query, request):
        visible = CaseStudyPage.objects.visible_to(request)
        if query.text:
            ranked = self._ranked(visible, query)
        else:
            ranked = visible.annotate(_score=Value(0.0, output_field=FloatField()))
        newest = ("-first_published_at", "-pk")
        best = F("_score").desc(nulls_last=True)
        order = (best, *newest) if query.sort == "relevance" else newest
        rows = ranked.order_by(*order).values_list("pk", "_score", *MATCH_COLUMNS)
        found, facets = filter_and_count(matches(rows), query)
        shown = found[query.offset : query.offset + query.page_size]
        by_id = visible.select_related("city", "locale").in_bulk([m.pk for m in shown])
        hits = [self._hit(by_id[m.pk], query, float(m.score or 0)) for m in shown]
        return SearchResults(
            query=query, hits=hits, total=len(found), facets=facets, engine=self.name
        )

    def _ranked(self, case_studies, query):
        """The matching case studies as a queryset, each with its `_score`: the search
        backend's own SQL, read once for filters, facets and order."""
        parts = [Phrase(phrase) for phrase in query.phrases]
        if query.terms:
            parts.append(PlainText(" ".join(query.terms), operator="or"))
        search_query = parts[0] if len(parts) == 1 else And(parts)
        return case_studies.search(search_query).annotate_score("_score").get_queryset()

    def _corrected(self, query, request):
        """The query with misspelt words replaced by the closest words the visible case
        studies use (titles, summaries, themes, tags), or "" when nothing is closer."""
        vocabulary = set()
        for row in CaseStudyPage.objects.visible_to(request).values_list("title", "summary"):
            vocabulary.update(word.lower() for text in row for word in WORD.findall(text))
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

    def _hit(self, page, query, score):
        words = query.phrases + query.terms
        highlights = {}
        for name, text in (
            ("title", page.title),
            ("summary", page.summary),
            ("body", body_text(page)),
        ):
            snippet = highlight(text, words)
            if snippet:
                highlights[name] = [snippet]
        return SearchHit(page=page, score=float(score), highlights=highlights)

    def more_like_this(self, page, request, limit=5):
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

    def suggest(self, text, request, limit=8):
        """Titles that start with what the user is typing."""
        results = (
            CaseStudyPage.objects.visible_to(request).select_related("locale").autocomplete(text)
        )
        return list(results[:limit])


def highlight(text, words):
    """A short excerpt of `text` around the first matched word, matches wrapped in <mark>."""
    if not text or not words:
        return ""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)
    first = pattern.search(text)
    if first is None:
        return ""
    start = max(0, first.start() - SNIPPET_WIDTH // 3)
    if start:  # begin at a word, not inside one
        start = text.find(" ", start, first.start()) + 1 or first.start()
    excerpt = text[start : start + SNIPPET_WIDTH]
    marked = pattern.sub(lambda m: f"\x00{m.group(0)}\x01", excerpt)
    html = escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")
    return ("…" if start else "") + html + ("…" if start + SNIPPET_WIDTH < len(text) else "")
