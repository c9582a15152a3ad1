"""Writing the database engine's index (search.models.IndexedCaseStudy) from search documents."""

from datetime import date, datetime

from django.db import transaction

from .documents import chunks
from .models import IndexedCaseStudy
from .schema import GROUPS
from .text import analyse


def row(document):
    """The index row of a search document (see search/documents.py)."""
    language = document["locale"]
    texts = {
        group.name: analyse("\n".join(_values(document, group.fields)), language)
        for group in GROUPS
    }
    return IndexedCaseStudy(
        page_id=document["page_id"],
        locale=language,
        city=document["city"],
        status=document["status"],
        period_start=document["period_start"],
        period_end=document["period_end"],
        first_published_at=datetime.fromisoformat(document["first_published_at"]),
        last_verified=_date(document["last_verified"]),
        themes=" ".join(document["themes"]),
        restrictions=" ".join(str(i) for i in document["restrictions"]),
        **texts,
    )


def _date(text):
    return date.fromisoformat(text) if text else None


def _values(document, fields):
    for name in fields:
        value = document[name]
        yield from value if isinstance(value, list) else [value]


@transaction.atomic
def write(documents, deleted_ids=()):
    """Replaces the rows of these documents and removes the rows of `deleted_ids`. Rows are
    replaced, never updated: triggers keep the full-text index in step with inserts and
    deletes (the FTS5 table on SQLite, the weighted vectors on PostgreSQL; see the
    migration)."""
    rows = [row(document) for document in documents]
    for chunk in chunks([r.page_id for r in rows] + list(deleted_ids)):
        IndexedCaseStudy.objects.filter(page_id__in=chunk).delete()
    IndexedCaseStudy.objects.bulk_create(rows, batch_size=500)


@transaction.atomic
def rebuild(batches):
    """Replaces the whole index with these batches of documents, in one transaction: searches
    see the old index until it commits. Returns how many were indexed."""
    IndexedCaseStudy.objects.all().delete()
    done = 0
    for batch in batches:
        IndexedCaseStudy.objects.bulk_create(map(row, batch), batch_size=500)
        done += len(batch)
    return done


COMPARED = [
    field.attname
    for field in IndexedCaseStudy._meta.concrete_fields
    if field.name not in ("vector", "head")  # derived from the text columns by the database
]


def row_values(document):
    """What the index row of a document holds, as a dict of the compared columns."""
    indexed = row(document)
    return {name: getattr(indexed, name) for name in COMPARED}


def indexed_rows():
    """page id → the compared columns of every row in the index."""
    return {values["page_id"]: values for values in IndexedCaseStudy.objects.values(*COMPARED)}
