"""Keeping the search indexes true to the case studies.

The database engine's index is rewritten in the transaction that makes a change (updates.py).
For Elasticsearch, changes are queued as PendingIndexUpdate rows in that same transaction and
applied here by a background task after commit (tasks.py). Rebuild and check compare each whole
index with the case studies.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from elasticsearch.helpers import scan

from . import database_index, request_index
from .documents import document_batches, documents_for, indexable_case_studies
from .engines import elastic_index
from .models import PendingIndexUpdate
from .service import ENGINE_ERRORS

logger = logging.getLogger(__name__)
BATCH_SIZE = 500


def elasticsearch_enabled():
    return bool(settings.ELASTICSEARCH_URL)


def apply_pending_updates():
    """Applies all queued updates, of case studies and of knowledge requests. Returns how many
    were applied; on a search node failure the updates stay queued (with the error noted) and
    the error is raised."""
    es = elastic_index.client()
    applied = 0
    while batch := list(PendingIndexUpdate.objects.all()[:BATCH_SIZE]):
        ids = {kind: set() for kind in PendingIndexUpdate.Kind}
        for row in batch:
            ids[row.kind].add(row.page_id)
        try:
            for kind, kind_ids in ids.items():
                if kind_ids:
                    WRITERS[kind](es, kind_ids)
        except (*ENGINE_ERRORS, *elastic_index.INDEX_ERRORS) as error:
            PendingIndexUpdate.objects.filter(id__in=[row.id for row in batch]).update(
                attempts=batch[0].attempts + 1, last_error=str(error)[:2000]
            )
            raise
        PendingIndexUpdate.objects.filter(id__in=[row.id for row in batch]).delete()
        applied += len(batch)
    return applied


def _write_case_studies(es, ids):
    # Restricted case studies are indexed too: searches filter on their restrictions.
    pages = list(indexable_case_studies().filter(pk__in=ids))
    elastic_index.ensure_index(es)
    documents = database_index.with_vectors(documents_for(pages))
    elastic_index.write(es, documents, deleted_ids=ids - {p.pk for p in pages})


WRITERS = {
    PendingIndexUpdate.Kind.CASE_STUDY: _write_case_studies,
    PendingIndexUpdate.Kind.REQUEST: request_index.write_elasticsearch,
}


@dataclass
class Drift:
    missing: list = field(default_factory=list)  # live in the database, absent from the index
    stale: list = field(default_factory=list)  # indexed, but the document has changed since
    extra: list = field(default_factory=list)  # indexed, but not live in the database

    @property
    def clean(self):
        return not (self.missing or self.stale or self.extra)


def check_index(fix=False):
    """Compares the Elasticsearch index with the database; with `fix`, rewrites what differs."""
    es = elastic_index.client(timeout=60)
    elastic_index.analysis(es)  # the node can still analyse every language
    elastic_index.ensure_index(es)
    elastic_index.check_mapping(es)
    indexed = {
        int(hit["_id"]): hit["_source"] for hit in scan(es, index=elastic_index.alias_name())
    }
    drift, expected = _compare(indexed, lambda document: document)
    if fix and not drift.clean:
        changed = [expected[i] for i in drift.missing + drift.stale]
        elastic_index.write(es, database_index.with_vectors(changed), deleted_ids=drift.extra)
    return drift


def check_database_index(fix=False):
    """Compares the database engine's index with the case studies; with `fix`, rewrites what
    differs."""
    drift, expected = _compare(database_index.indexed_rows(), database_index.row_values)
    if fix and not drift.clean:
        database_index.write(
            [expected[i] for i in drift.missing + drift.stale], deleted_ids=drift.extra
        )
    return drift


def _compare(indexed, indexed_form):
    """The drift between `indexed` (page id → what the index holds) and the documents of the
    case studies, compared in their `indexed_form`; and those documents by page id."""
    drift = Drift()
    expected = {}
    for batch in document_batches(BATCH_SIZE):
        for document in batch:
            page_id = document["page_id"]
            expected[page_id] = document
            if page_id not in indexed:
                drift.missing.append(page_id)
            elif indexed[page_id] != indexed_form(document):
                drift.stale.append(page_id)
    drift.extra = sorted(set(indexed) - set(expected))
    return drift, expected


def rebuild_database_index(progress=None):
    """Rebuilds the database engine's index in one transaction, then vacuums it
    (database_index.vacuum). Returns the number indexed."""
    total = indexable_case_studies().count()
    done = database_index.rebuild(_reporting(document_batches(BATCH_SIZE), progress, total))
    database_index.vacuum()
    return done


def _reporting(batches, progress, total):
    done = 0
    for batch in batches:
        yield batch
        done += len(batch)
        if progress:
            progress(done, total)


def rebuild_index(progress=None):
    """Builds a new index from the database, then points the alias at it and drops the old
    one. Searches keep using the old index until the switch. Returns the number indexed."""
    es = elastic_index.client(timeout=120)
    new_index = elastic_index.create_index(es, elastic_index.new_index_name())
    started = timezone.now() - timedelta(seconds=1)
    total = indexable_case_studies().count()
    try:
        batches = map(database_index.with_vectors, document_batches(BATCH_SIZE))
        done = elastic_index.fill(es, batches, new_index, progress, total)
        # Written once, then changed a little at a time: searched as one segment, it answers
        # faster (docs/performance.md).
        es.indices.forcemerge(index=new_index, max_num_segments=1)
        es.indices.refresh(index=new_index)
    except BaseException:
        elastic_index.delete_quietly(es, new_index)
        raise
    elastic_index.switch_alias(es, elastic_index.alias_name(), new_index)
    _catch_up(es, started)
    return done


def _catch_up(es, since):
    """Puts right what was published or removed while a rebuild filled the new index."""
    live_ids = set(indexable_case_studies().values_list("pk", flat=True))
    indexed_ids = {
        int(hit["_id"]) for hit in scan(es, index=elastic_index.alias_name(), _source=False)
    }
    changed = list(indexable_case_studies().filter(last_published_at__gte=since))
    changed += list(indexable_case_studies().filter(pk__in=live_ids - indexed_ids))
    documents = database_index.with_vectors(documents_for(changed))
    elastic_index.write(es, documents, deleted_ids=indexed_ids - live_ids)
