"""Knowledge requests in the database engine: matched and ranked by the database's full-text
index (fulltext.py); visibility, filters and facets in Python over the matches, as for case
studies (engines/filters.py). Requests are few beside case studies."""

from collections import Counter
from dataclasses import dataclass
from itertools import chain

from django.http import HttpRequest

from exchange.models import sees_members_only

from ..query import REQUEST_FACETS, RequestResults, SearchQuery
from .fulltext import TextQuery, index
from .requests import city_counts, most_first, request_hits


@dataclass(slots=True)
class RequestMatch:
    pk: int
    locale: str
    public: bool
    themes: frozenset
    cities: frozenset  # none: every city
    asked: str  # when it was asked, as ISO text
    score: float

    @classmethod
    def of(cls, row: tuple) -> "RequestMatch":
        """A RequestMatch from a row of fulltext.REQUEST_COLUMNS and the score."""
        pk, locale, public, themes, cities, asked, score = row
        themes, cities = frozenset(themes.split()), frozenset(cities.split())
        return cls(pk, locale, bool(public), themes, cities, str(asked), float(score or 0))


def search_requests(query: SearchQuery, request: HttpRequest) -> RequestResults:
    text = TextQuery.of(query)
    if query.text and text is None:  # only punctuation: nothing can match
        return RequestResults([], 0, {facet: [] for facet in REQUEST_FACETS})
    members_only = sees_members_only(request)
    found = [m for m in map(RequestMatch.of, index().requests(text)) if members_only or m.public]
    checks = _checks(query)
    passing = [m for m in found if all(passes(m) for passes in checks.values())]
    facets = {
        facet: _counts(
            facet, [m for m in found if all(p(m) for n, p in checks.items() if n != facet)]
        )
        for facet in REQUEST_FACETS
    }
    by_relevance = text is not None and query.sort == "relevance"
    passing.sort(
        key=lambda m: (m.score, m.asked, m.pk) if by_relevance else (m.asked, m.pk), reverse=True
    )
    shown = passing[query.offset : query.offset + query.page_size]
    hits = request_hits([(m.pk, m.score) for m in shown], request, text)
    return RequestResults(hits, len(passing), facets)


def _checks(query: SearchQuery) -> dict:
    """One test per active filter that requests have (named like its facet)."""
    filters = {name: set(values) for name, values in query.filters().items()}
    checks = {}
    if "theme" in filters:
        checks["theme"] = lambda m: not m.themes.isdisjoint(filters["theme"])
    if "city" in filters:
        checks["city"] = lambda m: not m.cities or not m.cities.isdisjoint(filters["city"])
    if "locale" in filters:
        checks["locale"] = lambda m: m.locale in filters["locale"]
    return checks


def _counts(facet: str, matches: list[RequestMatch]) -> list[tuple[str, int]]:
    if facet == "city":
        every = sum(1 for m in matches if not m.cities)
        return city_counts(Counter(chain.from_iterable(m.cities for m in matches)), every)
    values = (
        chain.from_iterable(m.themes for m in matches)
        if facet == "theme"
        else (m.locale for m in matches)
    )
    return most_first(Counter(values))
