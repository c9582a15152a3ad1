"""What a knowledge request (exchange) and its answers look like to the search engines, and
writing them to the database engine's index (search.models.IndexedRequest, in the transaction
of the change: search/updates.py) and to Elasticsearch's (engines/elastic_requests.py, after
commit: search/indexing.py)."""

from datetime import datetime

from django.conf import settings
from django.db import transaction

from exchange.models import KnowledgeRequest

from .database_index import indexed
from .documents import chunks
from .engines import elastic_requests
from .engines.elastic_index import language_field
from .engines.elastic_requests import ANSWERS
from .engines.requests import answers_by_language
from .models import IndexedRequest
from .text import analyse, one_apostrophe


def indexable_requests():
    """Every request that belongs in the indexes, with what its document reads: all but the
    merged ones, whose answers continue on the request they were merged into."""
    return (
        KnowledgeRequest.objects.exclude(status=KnowledgeRequest.Status.MERGED)
        .prefetch_related("themes", "cities", "answers")
        .order_by("pk")
    )


def document(knowledge_request):
    """The indexed form of a request, as plain JSON values: its question, and its answers as
    written (`answers`) and in the field of each one's language (answers_uk, …)."""
    answers = answers_by_language(knowledge_request)
    return {
        "request_id": knowledge_request.pk,
        "title": one_apostrophe(knowledge_request.title),
        "text": one_apostrophe(knowledge_request.body),
        "answers": "\n\n".join(answers.values()),
        **{language_field(ANSWERS, code): text for code, text in answers.items()},
        "locale": knowledge_request.language,
        "public": knowledge_request.public,
        "themes": sorted({theme.slug for theme in knowledge_request.themes.all()}),
        "cities": sorted({city.slug for city in knowledge_request.cities.all()}),
        "asked_at": knowledge_request.created_at.isoformat(),
    }


def _row(document):
    language = document["locale"]
    return IndexedRequest(
        request_id=document["request_id"],
        language=language,
        public=document["public"],
        themes=" ".join(document["themes"]),
        cities=" ".join(document["cities"]),
        asked_at=datetime.fromisoformat(document["asked_at"]),
        title=indexed(analyse(document["title"], language)),
        # The question in its language, each answer in its own
        text=indexed(
            " ".join(
                analyse(text, code)
                for code, text in [(language, document["text"]), *_answers(document)]
            )
        ),
    )


def _answers(document):
    """(language code, text) of a document's answers, by the language they are written in."""
    for code, _name in settings.LANGUAGES:
        if text := document.get(language_field(ANSWERS, code)):
            yield code, text


def _documents(request_ids):
    """The documents of these requests that belong in the indexes, and the ids of the others."""
    request_ids = set(request_ids)
    documents = [
        document(r)
        for chunk in chunks(request_ids)
        for r in indexable_requests().filter(pk__in=chunk)
    ]
    return documents, request_ids - {d["request_id"] for d in documents}


@transaction.atomic
def write_database(request_ids):
    """Rewrites the database index's rows of these requests; rows are replaced, never updated,
    so that the full-text index's triggers follow (see the migration)."""
    documents, gone = _documents(request_ids)
    for chunk in chunks([d["request_id"] for d in documents] + list(gone)):
        IndexedRequest.objects.filter(request_id__in=chunk).delete()
    IndexedRequest.objects.bulk_create(map(_row, documents), batch_size=500)


def write_elasticsearch(es, request_ids):
    documents, gone = _documents(request_ids)
    elastic_requests.write(es, documents, deleted_ids=gone)


@transaction.atomic
def rebuild_database():
    """Replaces the database index of requests. Returns how many were indexed."""
    IndexedRequest.objects.all().delete()
    rows = [_row(document(r)) for r in indexable_requests()]
    IndexedRequest.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def rebuild_elasticsearch(es):
    """Replaces Elasticsearch's index of requests. Returns how many were indexed."""
    documents = [document(r) for r in indexable_requests()]
    elastic_requests.rebuild(es, documents)
    return len(documents)
