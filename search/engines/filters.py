"""Visibility, search filters and facet counts over the matching case studies, computed in one
pass in Python from the index's facet columns: the database reads the matches once, instead of
once per facet, and never loads a page to count it."""

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from ..query import FACETS


@dataclass(slots=True)
class Match:
    """What filtering, counting and ordering need to know of one matching case study."""

    pk: int
    city: str
    status: str
    locale: str
    start: int | None
    end: int | None
    # First publication and last verification (None if never): ISO texts as a search reads
    # them, or None when it leaves them out (DatabaseEngine._search); dates elsewhere
    published: object
    verified: object
    themes: frozenset
    restrictions: frozenset

    @classmethod
    def of(cls, row):
        """A Match from a row of FACET_COLUMNS."""
        *values, themes, restrictions = row
        return cls(*values, word_set(themes), id_set(restrictions))


# A search reads thousands of rows, which share a few hundred sets of themes and of view
# restrictions at most: each set is made once.
@lru_cache(maxsize=4096)
def word_set(text):
    """The words of a space-separated column."""
    return frozenset(text.split())


@lru_cache(maxsize=4096)
def id_set(text):
    """The ids in a space-separated column (most often empty)."""
    return frozenset(map(int, text.split()))


FACET_ATTRIBUTES = {"city": "city", "status": "status", "locale": "locale", "year": "start"}


def visible(rows, hidden):
    """The Matches of these rows that no restriction in `hidden` (ids) applies to."""
    hidden = frozenset(hidden)
    return [match for match in map(Match.of, rows) if match.restrictions.isdisjoint(hidden)]


def filter_and_count(found, query):
    """The matches that pass every filter, in their order, and the facet counts: each facet
    counts the matches that pass all the other filters, so choosing a value never hides its
    alternatives."""
    checks = _checks(query)
    if not checks:  # all pass
        passing, missed_only = list(found), {}
    else:
        passing, missed_only = [], {name: [] for name in checks}
        for match in found:
            failed = [name for name, passes in checks.items() if not passes(match)]
            if not failed:
                passing.append(match)
            elif len(failed) == 1:
                missed_only[failed[0]].append(match)
    facets = {}
    for facet in FACETS:
        counted = passing + missed_only.get(facet, [])
        if facet == "theme":  # by set of themes first: there are few
            counts = Counter()
            for themes, count in Counter(map(attrgetter("themes"), counted)).items():
                counts.update(dict.fromkeys(themes, count))
        else:
            counts = Counter(map(attrgetter(FACET_ATTRIBUTES[facet]), counted))
            counts.pop(None, None)
        pairs = counts.items()
        facets[facet] = sorted(pairs) if facet == "year" else sorted(pairs, key=_most_first)
    return passing, facets


def passing(found, query):
    """The matches that pass every filter of `query`."""
    checks = _checks(query).values()
    if not checks:
        return list(found)
    return [match for match in found if all(passes(match) for passes in checks)]


def passing_each(found, query):
    """The matches that pass every filter (under None), and, for each active filter, those that
    pass all the others (under the filter's name): what the results and each facet count."""
    checks = _checks(query)
    return {
        name: [m for m in found if all(passes(m) for n, passes in checks.items() if n != name)]
        for name in (None, *checks)
    }


def _checks(query):
    """One test per active filter (named like its facet): does a match pass it?"""
    filters = {name: set(values) for name, values in query.filters().items()}
    checks = {}
    if "theme" in filters:
        checks["theme"] = lambda m: not m.themes.isdisjoint(filters["theme"])
    for name in ("city", "status", "locale"):
        if name in filters:
            checks[name] = lambda m, n=name: getattr(m, n) in filters[n]
    if query.verified_since:
        since = query.verified_since.isoformat()  # dates compare as their ISO texts
        checks["verified"] = lambda m: m.verified is not None and str(m.verified) >= since
    if query.year_from or query.year_to:
        low, high = query.year_from, query.year_to
        checks["year"] = lambda m: (
            (not high or (m.start is not None and m.start <= high))
            and (not low or m.end is None or m.end >= low)
        )
    return checks


def _most_first(pair):
    return -pair[1], str(pair[0])
