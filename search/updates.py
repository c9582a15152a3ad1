"""What a change to case studies or knowledge requests does to the search indexes: the database
index follows at once; semantic vectors and Elasticsearch follow after commit, in a task
(tasks.py)."""

from django.db import transaction

from . import database_index, request_index, vectors
from .documents import documents_for, indexable_case_studies
from .indexing import elasticsearch_enabled
from .models import PendingIndexUpdate
from .tasks import apply_index_updates


def queue_index_update(page_ids):
    """Records that these case studies changed: the database index follows at once, in the
    same transaction; their semantic vectors and Elasticsearch after commit."""
    page_ids = set(page_ids)
    if not page_ids:
        return
    pages = list(indexable_case_studies().filter(pk__in=page_ids))
    database_index.write(documents_for(pages), deleted_ids=page_ids - {p.pk for p in pages})
    if elasticsearch_enabled():
        PendingIndexUpdate.objects.bulk_create([PendingIndexUpdate(page_id=i) for i in page_ids])
    elif not vectors.available():
        return
    transaction.on_commit(apply_index_updates.enqueue)


def queue_request_update(request_ids):
    """Records that these knowledge requests (or their answers) changed: the database index
    follows at once, in the same transaction; Elasticsearch after commit."""
    request_ids = set(request_ids)
    if not request_ids:
        return
    request_index.write_database(request_ids)
    if elasticsearch_enabled():
        PendingIndexUpdate.objects.bulk_create(
            [
                PendingIndexUpdate(page_id=i, kind=PendingIndexUpdate.Kind.REQUEST)
                for i in request_ids
            ]
        )
        transaction.on_commit(apply_index_updates.enqueue)
