"""The one search interface used by the site, the API and the admin: it picks the configured
engine and falls back to the database when Elasticsearch cannot answer."""

import logging

from django.conf import settings
from elasticsearch import ApiError, TransportError

from .engines.database import DatabaseEngine
from .models import SearchQueryLog

logger = logging.getLogger(__name__)
ENGINE_ERRORS = (ApiError, TransportError)


def configured_engine():
    if settings.ELASTICSEARCH_URL:
        from .engines.elastic import ElasticsearchEngine

        return ElasticsearchEngine()
    return DatabaseEngine()


def _with_fallback(operation):
    engine = configured_engine()
    try:
        return operation(engine), False
    except ENGINE_ERRORS as error:
        logger.warning("Search engine %s failed, using the database: %s", engine.name, error)
        return operation(DatabaseEngine()), True


def search(query, request):
    """Runs a search, logs it for the query analytics, and returns SearchResults."""
    results, fell_back = _with_fallback(lambda engine: engine.search(query, request))
    results.fell_back = fell_back
    if query.text:
        SearchQueryLog.record(query, results)
    return results


def more_like_this(page, request, limit=5):
    return _with_fallback(lambda engine: engine.more_like_this(page, request, limit))[0]


def suggest(text, request, limit=8):
    return _with_fallback(lambda engine: engine.suggest(text, request, limit))[0]
