"""Elasticsearch's index of knowledge requests and their answers (documents from
search/request_index.py): a small index beside the case studies', analysed the same way, each
text as written and in a field of its language (elastic_index.language_field)."""

from elasticsearch.dsl import Boolean, Date, Document, Integer, Keyword, Text

from ..schema import REQUEST_WEIGHTS
from . import elastic_index

TEXT_FIELDS = tuple(REQUEST_WEIGHTS)  # in the request's language
ANSWERS = "answers"  # as written, and in each answer's own language (answers_uk, …)
# An answer weighs as the question's text
BOOSTS = {**REQUEST_WEIGHTS, ANSWERS: REQUEST_WEIGHTS["text"]}
# Facets and filters: facet name → document field (a request asks some cities, or all: none)
FACET_FIELDS = {"theme": "themes", "city": "cities", "locale": "locale"}
KIND = {"key": "request_id", "text_fields": TEXT_FIELDS}  # for elastic_index.write


class RequestDocument(Document):
    request_id = Integer()
    locale = Keyword()
    public = Boolean()
    themes = Keyword()
    cities = Keyword()
    asked_at = Date()


LANGUAGE_FIELDS = [
    elastic_index.language_field(name, code)
    for name in BOOSTS
    for code in elastic_index.LANGUAGE_ANALYSERS
]
for _name in BOOSTS:
    RequestDocument._doc_type.mapping.field(_name, Text(analyzer="standard"))
    for _code in elastic_index.LANGUAGE_ANALYSERS:
        RequestDocument._doc_type.mapping.field(
            elastic_index.language_field(_name, _code), Text(analyzer=f"text_{_code}")
        )


def alias_name():
    return f"{elastic_index.alias_name()}-requests"


def create_index(es):
    name = elastic_index.new_index_name(alias_name())
    return elastic_index.create_index(es, name, RequestDocument, LANGUAGE_FIELDS)


def write(es, documents, deleted_ids=()):
    elastic_index.ensure_index(es, alias_name(), create_index)
    elastic_index.write(es, documents, deleted_ids, index=alias_name(), **KIND)


def rebuild(es, documents):
    """Replaces the index with one of these documents, moving the alias in one step."""
    new_index = create_index(es)
    try:
        elastic_index.write(es, documents, index=new_index, refresh=True, **KIND)
    except BaseException:
        elastic_index.delete_quietly(es, new_index)
        raise
    elastic_index.switch_alias(es, alias_name(), new_index)
