"""What a search asks for and what it returns, independent of the engine that answers it."""

import re
from concurrent.futures import Future
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from exchange.models import KnowledgeRequest
from learning.freshness import months_before
from learning.models import CaseStudyPage

MAX_QUERY_LENGTH = 300
MAX_PAGE = 500
PAGE_SIZE = 10
SORTS = ("relevance", "newest", "verified")
MAX_VERIFIED_WITHIN = 120  # months
FACETS = ("theme", "city", "status", "locale", "year")
# What a search finds: case studies, and knowledge requests with their answers (exchange).
TYPES = ("case_study", "request")
# The facets a request has (its themes, the cities it asks, its language)
REQUEST_FACETS = ("theme", "city", "locale")


class BadSearchRequest(ValueError):
    """A search parameter the user can fix; the message says how. `str(error)` names the
    parameter (for API clients); `error.for_people` says it in the words of the search page's
    form, in the visitor's language."""

    def __init__(self, message, for_people=None):
        super().__init__(message)
        self.for_people = for_people or message


UNKNOWN_VALUE = {
    "theme": _lazy("There is no theme “%(values)s”: choose themes from the filters."),
    "city": _lazy("There is no city “%(values)s”: choose cities from the filters."),
    "status": _lazy("There is no status “%(values)s”: choose a status from the filters."),
    "locale": _lazy("There is no language “%(values)s”: choose languages from the filters."),
    "type": _lazy("There is no kind of result “%(values)s”: choose case studies or requests."),
}


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    themes: tuple = ()
    cities: tuple = ()
    statuses: tuple = ()
    locales: tuple = ()
    year_from: int | None = None
    year_to: int | None = None
    verified_within: int | None = None  # months: only case studies verified since then
    types: tuple = ()  # of TYPES; none chosen: both
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    glossary: bool = True  # also search the glossary's names of the concepts the text names
    expansions: tuple = ()  # those concepts (search.glossary.Expansion), found by the service
    # The text's semantic vector (search/vectors.py) as a Future (its result() waits for it),
    # started by the service when vectors are on
    vector: Future | None = field(default=None, compare=False, repr=False)

    @property
    def phrases(self):
        """Quoted parts of the text, to be matched as exact phrases."""
        return [p.strip() for p in re.findall(r'"([^"]+)"', self.text) if p.strip()]

    @property
    def terms(self):
        """The words outside quotes."""
        return re.sub(r'"[^"]*"', " ", self.text).replace('"', " ").split()

    @property
    def verified_since(self):
        """The first day a case study's `last_verified` passes `verified_within`, or None."""
        if not self.verified_within:
            return None
        return months_before(timezone.localdate(), self.verified_within)

    @property
    def offset(self):
        return (self.page - 1) * self.page_size

    def filters(self, without=None):
        """The active filters as facet name → values, optionally leaving one facet out."""
        active = {
            "theme": self.themes,
            "city": self.cities,
            "status": self.statuses,
            "locale": self.locales,
        }
        return {name: values for name, values in active.items() if values and name != without}

    @property
    def requests_pass(self):
        """Whether knowledge requests can pass the filters: a request has no status, period or
        verification date, so a filter on one of those finds none."""
        return not (self.statuses or self.year_from or self.year_to or self.verified_within)

    @property
    def requests_only(self):
        """Whether the search asks for knowledge requests alone (the type filter)."""
        return set(self.types) == {"request"}


@dataclass
class SearchHit:
    page: CaseStudyPage
    score: float
    highlights: dict = field(default_factory=dict)  # field name → list of HTML snippets


@dataclass
class RequestHit:
    """A knowledge request (exchange) found by its words or its answers'."""

    knowledge_request: KnowledgeRequest
    score: float
    highlights: dict = field(default_factory=dict)  # "title", "text" → list of HTML snippets


@dataclass
class RequestResults:
    hits: list  # RequestHit, of the page asked for
    total: int
    facets: dict  # of REQUEST_FACETS, as SearchResults.facets


@dataclass
class SearchResults:
    query: SearchQuery
    hits: list
    total: int
    facets: dict  # facet name → list of (value, count), most frequent first
    engine: str
    suggestion: str = ""
    corrected: bool = False  # the results are for the suggestion, the query found nothing
    fell_back: bool = False  # the preferred engine was unreachable; the database answered
    # How many the words (and the glossary's names) found, when the nearest case studies by
    # vector (search/fusion.py) joined them; None when nothing did
    matched: int | None = None
    # The first knowledge requests the search found too, shown beside the case studies; None
    # when they are not (the search asked for one kind only, or a filter requests lack)
    requests: RequestResults | None = None

    @property
    def found_by_words(self):
        """The total without the case studies that only the vectors brought: what tells that
        the platform lacks case studies on a subject (the zero-results report)."""
        return self.total if self.matched is None else self.matched

    @property
    def page_count(self):
        return max(1, -(-self.total // self.query.page_size))


def parse_search_params(params, valid_slugs):
    """Turns request parameters into a SearchQuery, or raises BadSearchRequest.

    `valid_slugs` maps "theme", "city", "status", "locale" and "type" to the allowed values.
    Repeated single-valued parameters take their last value.
    """
    text = " ".join(params.get("q", "").split())
    if "\x00" in text:
        raise BadSearchRequest(
            _("The search text contains a null character, which cannot be searched.")
        )
    if len(text) > MAX_QUERY_LENGTH:
        raise BadSearchRequest(
            _("The search text is too long: use at most %(limit)d characters.")
            % {"limit": MAX_QUERY_LENGTH}
        )
    chosen = {}
    for name in ("theme", "city", "status", "locale", "type"):
        values = tuple(dict.fromkeys(v for v in params.getlist(name) if v))
        unknown = [v for v in values if v not in valid_slugs[name]]
        if unknown:
            raise BadSearchRequest(
                _("Unknown %(name)s: %(values)s.") % {"name": name, "values": ", ".join(unknown)},
                UNKNOWN_VALUE[name] % {"values": ", ".join(unknown)},
            )
        chosen[name] = values
    sort = params.get("sort") or "relevance"
    if sort not in SORTS:
        raise BadSearchRequest(
            _("Sort must be 'relevance', 'newest' or 'verified'."),
            _(
                "Results can be sorted by relevance, with the newest first or with the most "
                "recently verified first."
            ),
        )
    year_from = _number(
        params,
        "year_from",
        1900,
        2100,
        _("a year between 1900 and 2100"),
        _("The start year must be a year between 1900 and 2100."),
    )
    year_to = _number(
        params,
        "year_to",
        1900,
        2100,
        _("a year between 1900 and 2100"),
        _("The end year must be a year between 1900 and 2100."),
    )
    if year_from and year_to and year_from > year_to:
        raise BadSearchRequest(
            _("year_from cannot be after year_to."),
            _("The start year is after the end year: swap them or change one."),
        )
    verified_within = _number(
        params,
        "verified_within",
        1,
        MAX_VERIFIED_WITHIN,
        _("a number of months from 1 to %d") % MAX_VERIFIED_WITHIN,
        _("Choose how recently the case studies were verified: 1 to %d months.")
        % MAX_VERIFIED_WITHIN,
    )
    page = (
        _number(
            params,
            "page",
            1,
            MAX_PAGE,
            _("a page number from 1 to %d") % MAX_PAGE,
            _("There is no such page of results: pages are numbered from 1 to %d.") % MAX_PAGE,
        )
        or 1
    )
    glossary = params.get("glossary") or "on"
    if glossary not in ("on", "off"):
        raise BadSearchRequest(
            _("glossary must be 'on' or 'off'."),
            _("The glossary can be used or not: choose 'on' or 'off'."),
        )
    return SearchQuery(
        text=text,
        glossary=glossary == "on",
        themes=chosen["theme"],
        cities=chosen["city"],
        statuses=chosen["status"],
        locales=chosen["locale"],
        types=chosen["type"],
        year_from=year_from,
        year_to=year_to,
        verified_within=verified_within,
        sort=sort,
        page=page,
    )


def _number(params, name, low, high, description, for_people):
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise BadSearchRequest(
            _("%(name)s must be %(description)s.") % {"name": name, "description": description},
            for_people,
        )
    return value
