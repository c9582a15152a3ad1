from datetime import timedelta

from django.utils import timezone
from django_tasks import default_task_backend, task

from . import breaker, database_index, glossary, request_index, vectors
from .documents import documents_for, indexable_case_studies
from .engines.fulltext import PostgresIndex
from .indexing import apply_pending_updates, elasticsearch_enabled
from .service import ENGINE_ERRORS
from .vector_index import fill_missing

RETRY_DELAYS = [timedelta(seconds=s) for s in (10, 60, 300)]


@task()
def apply_index_updates(attempt=0):
    """Computes the semantic vectors that the database index lacks (search/vector_index.py),
    then applies queued Elasticsearch index updates. If the node cannot be reached, or failed a
    moment ago (the breaker is open: nobody waits for it again), the updates stay queued;
    backends that can defer work try again later, and any later run picks them up."""
    if vectors.available():
        fill_missing(elasticsearch=elasticsearch_enabled())
    if not elasticsearch_enabled():
        return 0
    if not breaker.is_open():
        try:
            return apply_pending_updates()
        except ENGINE_ERRORS:
            breaker.trip()
    if default_task_backend.supports_defer and attempt < len(RETRY_DELAYS):
        apply_index_updates.using(run_after=timezone.now() + RETRY_DELAYS[attempt]).enqueue(
            attempt + 1
        )
    return 0


@task()
def write_glossary_names(phrases):
    """Writes again, in PostgreSQL's index, the case studies and knowledge requests that hold
    one of these glossary names of several words (lists of index terms: glossary.phrases_of),
    as a phrase or as one term: the names that a concept had before a moderator's change and
    has after it. They then hold the glossary's current names as single terms, which searches
    ask for (database_index.indexed)."""
    if not phrases:
        return 0
    glossary.clear()  # a process of its own may still keep the glossary as it was before
    case_studies, requests = PostgresIndex().holding([tuple(phrase) for phrase in phrases])
    pages = list(indexable_case_studies().filter(pk__in=case_studies))
    database_index.write(documents_for(pages))
    request_index.write_database(requests)
    return len(pages) + len(requests)
