"""The one search interface used by the site, the API and the admin: it picks the configured
engine and falls back to the database when Elasticsearch cannot answer."""

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from elasticsearch import ApiError, TransportError

from learning.models import CaseStudyPage
from learning.visibility import restrictions_hiding_from

from . import breaker, fusion, glossary, parallel, vector_index, vectors
from .engines import Engine
from .engines.database import DatabaseEngine
from .models import SearchQueryLog
from .query import REQUEST_FACETS, RequestResults, SearchQuery, SearchResults

logger = logging.getLogger(__name__)
ENGINE_ERRORS = (ApiError, TransportError)
T = TypeVar("T")


def configured_engine() -> Engine:
    if settings.ELASTICSEARCH_URL:
        from .engines.elastic import ElasticsearchEngine

        return ElasticsearchEngine()
    return DatabaseEngine()


def _with_fallback(operation: Callable[[Engine], T]) -> tuple[T, bool]:
    """The operation on the configured engine, or on the database when Elasticsearch fails or
    failed a moment ago (search/breaker.py); and whether it fell back."""
    engine = configured_engine()
    if engine.name == DatabaseEngine.name:
        return operation(engine), False
    if breaker.is_open():
        return operation(DatabaseEngine()), True
    try:
        return operation(engine), False
    except ENGINE_ERRORS as error:
        breaker.trip()
        logger.warning("Search engine %s failed, using the database: %s", engine.name, error)
        return operation(DatabaseEngine()), True


def with_glossary(query: SearchQuery, by_form: dict | None = None) -> SearchQuery:
    """The query with the glossary's concepts its words name (quoted phrases ask for exactly
    those words), unless it says glossary=off. `by_form`: the glossary as read once for many
    queries (glossary.concepts())."""
    if not (query.glossary and query.terms):
        return query
    return replace(query, expansions=tuple(glossary.expand(" ".join(query.terms), by_form)))


def with_vector(query: SearchQuery) -> SearchQuery:
    """The query with its words' semantic vector on the way, for a search by relevance, when
    vectors are on (search/vectors.py; otherwise the search is lexical only): a Future, computed
    beside the request's thread while the engine searches the words (search/parallel.py). A
    quoted phrase asks for exactly those words: a text with one gets no vector."""
    if query.phrases or not query.terms or query.sort != "relevance":
        return query
    if not vectors.available():
        return query
    return replace(query, vector=parallel.start(vectors.embed_query, " ".join(query.terms)))


def search(query: SearchQuery, request: HttpRequest, log: bool = True) -> SearchResults:
    """Runs a search and returns SearchResults, with the knowledge requests it finds too
    (_with_requests); with `log`, a search with text on its first page is logged for the query
    analytics."""
    query = with_glossary(with_vector(query))
    asked = _requests_asked(query)

    def both(engine: Engine) -> tuple[SearchResults, RequestResults | None]:
        requests = engine.start_requests(asked, request) if asked else None
        return engine.search(query, request), requests() if requests else None

    (results, requests), fell_back = _with_fallback(both)
    results.fell_back = fell_back
    results = _with_requests(results, requests)
    if log and query.text and query.page == 1:
        SearchQueryLog.record(query, results)
    return results


REQUESTS_BESIDE = 3  # requests shown beside the case studies when a search asks for both


def _requests_asked(query: SearchQuery) -> SearchQuery | None:
    """The search for knowledge requests that a search asks for besides (or instead of) case
    studies: those alone, or the first few; None when it asks for case studies alone."""
    if not query.requests_pass:
        return None
    return query if query.requests_only else replace(query, page=1, page_size=REQUESTS_BESIDE)


def _with_requests(results: SearchResults, requests: RequestResults | None) -> SearchResults:
    """The results with the kind facet (case studies, requests) and the knowledge requests
    found: those alone when the search asks for requests alone; else the first few beside
    the case studies, unless it asks for case studies alone."""
    query = results.query
    kinds = {"case_study": results.total, "request": requests.total if requests else 0}
    if query.requests_only:
        found = requests or RequestResults([], 0, {facet: [] for facet in REQUEST_FACETS})
        results = SearchResults(
            query,
            found.hits,
            found.total,
            found.facets,
            results.engine,
            fell_back=results.fell_back,
        )
    elif "case_study" not in query.types:
        results.requests = requests
    results.facets = {"type": [(k, n) for k, n in kinds.items() if n], **results.facets}
    return results


RELATED_CACHE_SECONDS = 600


def more_like_this(
    page: CaseStudyPage, request: HttpRequest, limit: int = 5
) -> list[CaseStudyPage]:
    """Related case studies, kept for ten minutes per page and per set of view rights."""
    hidden = ",".join(str(r.pk) for r in restrictions_hiding_from(request))
    key = f"related:{page.pk}:{limit}:{hidden}"
    ids = cache.get(key)
    if ids is None:
        related = _nearest_to(page, request, limit)
        if related is None:
            related = _with_fallback(lambda engine: engine.more_like_this(page, request, limit))[0]
        cache.set(key, [p.pk for p in related], RELATED_CACHE_SECONDS)
        return related
    by_id = CaseStudyPage.objects.live().for_links().in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]


def _nearest_to(
    page: CaseStudyPage, request: HttpRequest, limit: int
) -> list[CaseStudyPage] | None:
    """The case studies whose semantic vectors are nearest the page's, in any language (the
    same for both engines: the vectors are the database index's), that the requester may see,
    without the page's own translations; None when vectors are off or the page has none yet.
    Cosines are centred per language, as in searches (search/fusion.py)."""
    if not vectors.available():
        return None
    matrix = vector_index.matrix()
    vector = matrix.vector_of(page.pk)
    if vector is None:
        return None
    scores = matrix.scores(vector, centred=fusion.CENTRED)
    # Room for the page itself, its translations and what the requester may not see.
    nearest = [pk for pk, _score in matrix.best(scores, matrix.ids, 4 * limit + 8)]
    pages = (
        CaseStudyPage.objects.visible_to(request)
        .exclude(translation_key=page.translation_key)
        .for_links()
        .in_bulk(nearest)
    )
    return [pages[pk] for pk in nearest if pk in pages][:limit]


def suggest(text: str, request: HttpRequest, limit: int = 8) -> list[CaseStudyPage]:
    return _with_fallback(lambda engine: engine.suggest(text, request, limit))[0]
