"""Writing the database engine's index (search.models.IndexedCaseStudy) from search documents."""

import hashlib
from datetime import date, datetime

from django.db import connection, transaction

from . import glossary
from .documents import chunks
from .models import IndexedCaseStudy
from .schema import GROUPS
from .text import analyse
from .vectors import from_bytes, passage_text


def row(document):
    """The index row of a search document (see search/documents.py)."""
    language = document["locale"]
    texts = {
        group.name: indexed(analyse("\n".join(_values(document, group.fields)), language))
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
        passage=passage_key(document),
        **texts,
    )


def keeps_names():
    """Whether the index keeps the glossary's names of several words as single terms besides
    the words (`indexed`): on PostgreSQL, whose GIN index keeps no word order."""
    return connection.vendor == "postgresql"


def indexed(text):
    """An analysed text (text.analyse) as the index keeps it: where it keeps_names(), followed
    by the glossary's names of several words that it holds, each as one term
    (glossary.names_in)."""
    if not keeps_names():
        return text
    return " ".join([text, *glossary.names_in(text.split())])


def passage(document):
    """The short text whose semantic vector stands for the case study (search/vectors.py)."""
    return passage_text(document["title"], document["summary"], document["theme_names"])


def passage_key(document):
    """A digest of the passage: a row rewritten with the same one keeps its vector."""
    return hashlib.blake2b(passage(document).encode(), digest_size=16).hexdigest()


def _vectors(page_ids=None):
    """page id → (passage key, vector) of the rows that have a vector, of these pages or all."""
    rows = IndexedCaseStudy.objects.filter(embedding__isnull=False)
    chunked = [rows] if page_ids is None else (rows.filter(page_id__in=c) for c in chunks(page_ids))
    return {
        pk: (key, vector)
        for found in chunked
        for pk, key, vector in found.values_list("page_id", "passage", "embedding")
    }


def with_vectors(documents):
    """The documents, each with its semantic vector as floats (`embedding`) where its row has
    one: Elasticsearch's documents carry it for kNN searches."""
    documents = list(documents)
    stored = {
        pk: vector for pk, (_key, vector) in _vectors(d["page_id"] for d in documents).items()
    }
    for document in documents:
        if document["page_id"] in stored:
            vector = from_bytes(bytes(stored[document["page_id"]]))[0]
            document["embedding"] = [round(float(x), 5) for x in vector]
    return documents


def _keeping(rows, previous):
    """The rows, each with its previous row's vector if the passage is the same (`previous`
    from _vectors): a change of privacy, city name or tags leaves the vector as it was. The
    other rows get none until the queued task computes it (search/vector_index.py)."""
    for written in rows:
        key, vector = previous.get(written.page_id, (None, None))
        if key == written.passage:
            written.embedding = vector
    return rows


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
    rows = _keeping(rows, _vectors([r.page_id for r in rows]))
    for chunk in chunks([r.page_id for r in rows] + list(deleted_ids)):
        IndexedCaseStudy.objects.filter(page_id__in=chunk).delete()
    IndexedCaseStudy.objects.bulk_create(rows, batch_size=500)


@transaction.atomic
def rebuild(batches):
    """Replaces the whole index with these batches of documents, in one transaction: searches
    see the old index until it commits. Returns how many were indexed."""
    previous = _vectors()
    IndexedCaseStudy.objects.all().delete()
    done = 0
    for batch in batches:
        rows = _keeping(list(map(row, batch)), previous)
        IndexedCaseStudy.objects.bulk_create(rows, batch_size=500)
        done += len(batch)
    return done


def vacuum():
    """On PostgreSQL, outside a transaction: vacuums and analyses the index's table. After a
    rebuild every row of the old index is dead, and the GIN indexes hold the new rows' terms
    in a pending list that each search reads through, until a vacuum: the benchmark's
    searches spent half as long again in the database before it (11.8 against 18.4 ms).
    Autovacuum comes too, within minutes."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {IndexedCaseStudy._meta.db_table}")


COMPARED = [
    field.attname
    for field in IndexedCaseStudy._meta.concrete_fields
    # derived from the text columns by the database, or computed after commit
    if field.name not in ("vector", "head", "embedding")
]


def row_values(document):
    """What the index row of a document holds, as a dict of the compared columns."""
    indexed = row(document)
    return {name: getattr(indexed, name) for name in COMPARED}


def indexed_rows():
    """page id → the compared columns of every row in the index."""
    return {values["page_id"]: values for values in IndexedCaseStudy.objects.values(*COMPARED)}
