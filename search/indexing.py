"""Keeping the Elasticsearch index true to the database.

Changes are queued as PendingIndexUpdate rows in the transaction that makes them and applied by
a background task after commit. Rebuild and check compare the whole index with the database.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from elasticsearch.helpers import scan

from .documents import document_batches, documents_for, indexable_case_studies
from .engines import elastic_index
from .models import PendingIndexUpdate
from .service import ENGINE_ERRORS

logger = logging.getLogger(__name__)
BATCH_SIZE = 500


def elasticsearch_enabled():
    return bool(settings.ELASTICSEARCH_URL)


def queue_index_update(page_ids):
    """Records that these case studies changed; the index follows after commit."""
    page_ids = list(page_ids)
    if not page_ids or not elasticsearch_enabled():
        return
    PendingIndexUpdate.objects.bulk_create([PendingIndexUpdate(page_id=i) for i in page_ids])
    from .tasks import apply_index_updates

    transaction.on_commit(apply_index_updates.enqueue)


def apply_pending_updates():
    """Applies all queued updates. Returns how many were applied; on a search node failure the
    updates stay queued (with the error noted) and the error is raised."""
    es = elastic_index.client()
    applied = 0
    while batch := list(PendingIndexUpdate.objects.all()[:BATCH_SIZE]):
        ids = {row.page_id for row in batch}
        # Restricted case studies are indexed too: searches filter on their restrictions.
        pages = list(indexable_case_studies().filter(pk__in=ids))
        try:
            elastic_index.ensure_index(es)
            elastic_index.write(es, documents_for(pages), deleted_ids=ids - {p.pk for p in pages})
        except (*ENGINE_ERRORS, elastic_index.IndexingError) as error:
            PendingIndexUpdate.objects.filter(id__in=[row.id for row in batch]).update(
                attempts=batch[0].attempts + 1, last_error=str(error)[:2000]
            )
            raise
        PendingIndexUpdate.objects.filter(id__in=[row.id for row in batch]).delete()
        applied += len(batch)
    return applied


@dataclass
class Drift:
    missing: list = field(default_factory=list)  # live in the database, absent from the index
    stale: list = field(default_factory=list)  # indexed, but the document has changed since
    extra: list = field(default_factory=list)  # indexed, but not live in the database

    @property
    def clean(self):
        return not (self.missing or self.stale or self.extra)


def check_index(fix=False):
    """Compares the index with the database; with `fix`, rewrites what differs."""
    es = elastic_index.client(timeout=60)
    elastic_index.ensure_index(es)
    indexed = {
        int(hit["_id"]): hit["_source"] for hit in scan(es, index=elastic_index.alias_name())
    }
    drift = Drift()
    expected = {}
    for batch in document_batches(BATCH_SIZE):
        for document in batch:
            page_id = document["page_id"]
            expected[page_id] = document
            if page_id not in indexed:
                drift.missing.append(page_id)
            elif indexed[page_id] != document:
                drift.stale.append(page_id)
    drift.extra = sorted(set(indexed) - set(expected))
    if fix and not drift.clean:
        elastic_index.write(
            es, [expected[i] for i in drift.missing + drift.stale], deleted_ids=drift.extra
        )
    return drift


def rebuild_index(progress=None):
    """Builds a new index from the database, then points the alias at it and drops the old
    one. Searches keep using the old index until the switch. Returns the number indexed."""
    es = elastic_index.client(timeout=120)
    alias = elastic_index.alias_name()
    new_index = elastic_index.create_index(es, elastic_index.new_index_name())
    started = timezone.now() - timedelta(seconds=1)
    total = indexable_case_studies().count()
    try:
        done = elastic_index.fill(es, document_batches(BATCH_SIZE), new_index, progress, total)
        es.indices.refresh(index=new_index)
    except BaseException:
        elastic_index.delete_quietly(es, new_index)
        raise
    old = list(es.indices.get_alias(name=alias)) if es.indices.exists_alias(name=alias) else []
    actions = [{"remove": {"index": index, "alias": alias}} for index in old]
    es.indices.update_aliases(actions=actions + [{"add": {"index": new_index, "alias": alias}}])
    for index in old:
        elastic_index.delete_quietly(es, index)
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
    elastic_index.write(es, documents_for(changed), deleted_ids=indexed_ids - live_ids)
