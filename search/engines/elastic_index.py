"""The Elasticsearch index of case studies: its definition, the client, and writing to it.

Searches and writes go through an alias; a rebuild fills a fresh index and moves the alias in
one step, so searching never stops.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import cache

from django.conf import settings
from elasticsearch import BadRequestError, Elasticsearch, NotFoundError
from elasticsearch.dsl import Date, DenseVector, Document, Integer, Keyword, Text
from elasticsearch.helpers import bulk

from ..schema import TEXT_FIELDS
from ..stopwords import STOP_WORDS
from ..vectors import DIM

# Language analysers by language, and the node module or plugin that provides each.
LANGUAGE_ANALYSERS = {
    "en": ("analysis-common", "english"),
    "nl": ("analysis-common", "dutch"),
    "pl": ("analysis-stempel", "polish"),
    "uk": ("analysis-ukrainian", "ukrainian"),
}
# The Debian package each language's hunspell dictionary comes from.
DICTIONARY_PACKAGES = {"en": "en-us", "nl": "nl", "pl": "pl", "uk": "uk"}
HIGHLIGHTED_FIELDS = ("title", "summary", "body")


@cache
def client(timeout=None):
    """A client with short timeouts: a slow or absent node must not hold up a page."""
    return Elasticsearch(
        settings.ELASTICSEARCH_URL,
        request_timeout=timeout or settings.ELASTICSEARCH_TIMEOUT,
        max_retries=0,
        retry_on_timeout=False,
    )


def alias_name():
    return settings.ELASTICSEARCH_INDEX


class AnalysisUnavailable(RuntimeError):
    """The node cannot analyse a content language: neither its module nor its dictionary."""


def analysis(es):
    """Each language's text analyser, by what this node has: the language's own analyser where
    its module or plugin is installed, else the standard tokenizer, lower case, our stop words
    (search/stopwords.py) and word forms from the hunspell dictionary under the node's
    config/hunspell/<code>/ (scripts/elasticsearch copies Debian's there). Returns the index's
    analysis settings; raises AnalysisUnavailable naming what a language lacks."""
    installed = set()
    for node in es.nodes.info(metric="plugins")["nodes"].values():
        installed |= {m["name"] for m in node.get("modules", [])}
        installed |= {p["name"] for p in node.get("plugins", [])}
    analyzers, filters, missing = {}, {}, []
    for code, (module, analyser) in LANGUAGE_ANALYSERS.items():
        hunspell = {"type": "hunspell", "locale": code, "dedup": True}
        if module in installed:
            analyzers[f"text_{code}"] = {"type": analyser}
        elif _can_run(es, hunspell):
            filters[f"stop_{code}"] = {"type": "stop", "stopwords": STOP_WORDS[code]}
            filters[f"hunspell_{code}"] = hunspell
            analyzers[f"text_{code}"] = {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", f"stop_{code}", f"hunspell_{code}"],
            }
        else:
            missing.append(
                f"{code}: no hunspell dictionary in config/hunspell/{code}/ (the .aff and .dic "
                f"of Debian's hunspell-{DICTIONARY_PACKAGES[code]}) and no {module} module"
            )
    if missing:
        raise AnalysisUnavailable(
            "The Elasticsearch node cannot analyse every content language; "
            + "; ".join(missing)
            + ". See docs/search.md, 'What a production cluster needs'."
        )
    return {"analyzer": analyzers, "filter": filters}


def _can_run(es, token_filter):
    try:
        es.indices.analyze(tokenizer="standard", filter=[token_filter], text="test")
    except BadRequestError:
        return False
    return True


class CaseStudyDocument(Document):
    """The index mapping. The text fields (search/schema.py) are added below: each analysed with
    the standard analyser (the words as written) and, in a field of its language, with that
    language's analyser; the analysers are defined when an index is created, by what the node
    has (`analysis`)."""

    spelling = Text(analyzer="standard")  # all words, for did-you-mean suggestions
    page_id = Integer()
    themes = Keyword()
    city = Keyword()
    status = Keyword()
    locale = Keyword()
    period_start = Integer()
    period_end = Integer()
    first_published_at = Date()
    last_verified = Date()
    restrictions = Integer()
    url_path = Keyword(index=False)


def language_field(name, code):
    """The field holding a text field of the documents written in one language, analysed in
    that language (e.g. body_nl). Only a Dutch case study has body_nl, so a query on it reads
    the Dutch documents' postings alone: a document is matched in its own language's analysis
    without a filter, and each language's word statistics are its own."""
    return f"{name}_{code}"


VECTOR = "embedding"  # a document's semantic vector, from the database index
LANGUAGE_FIELDS = [
    language_field(n, code) for n in (*TEXT_FIELDS, VECTOR) for code in LANGUAGE_ANALYSERS
]

for _name in TEXT_FIELDS:
    CaseStudyDocument._doc_type.mapping.field(
        _name,
        Text(
            analyzer="standard",
            copy_to="spelling",
            # Offsets in the postings let highlighting skip re-analysing long texts.
            **({"index_options": "offsets"} if _name in HIGHLIGHTED_FIELDS else {}),
        ),
    )
    for _code in LANGUAGE_ANALYSERS:
        CaseStudyDocument._doc_type.mapping.field(
            language_field(_name, _code), Text(analyzer=f"text_{_code}")
        )
# The semantic vector (search/vectors.py; unit length, so cosine) in its language's field, for
# kNN searches with an HNSW graph of int8 vectors per language (engines/elastic_vectors.py): a
# search for each language's nearest walks that language's graph alone, without a filter that
# the other languages' vectors on its way fail (the node's time for the four, 8 → 3 ms at 10k).
for _code in LANGUAGE_ANALYSERS:
    CaseStudyDocument._doc_type.mapping.field(
        language_field(VECTOR, _code),
        DenseVector(dims=DIM, index=True, similarity="cosine", index_options={"type": "int8_hnsw"}),
    )


def create_index(es, name, document=CaseStudyDocument, unstored=LANGUAGE_FIELDS):
    """Creates an index of `document`'s mapping (case studies unless another is given),
    without `unstored` in its `_source`."""
    settings_for_analysis = analysis(es)
    mapping = document._doc_type.mapping.to_dict()
    # The language fields repeat text fields: indexed, not stored again; nor is the vector,
    # which the database index holds (search/database_index.py).
    mapping["_source"] = {"excludes": list(unstored)}
    es.indices.create(
        index=name,
        settings={
            "number_of_shards": 1,
            "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
            "refresh_interval": "1s",
            "analysis": settings_for_analysis,
        },
        mappings=mapping,
    )
    return name


class IndexOutdated(RuntimeError):
    """The index was made by an older version: its mapping lacks fields the searches use."""


def check_mapping(es):
    """Raises IndexOutdated when the index's fields differ from CaseStudyDocument's (a field
    missing, or analysed otherwise), naming a few and the command that puts it right."""
    expected = CaseStudyDocument._doc_type.mapping.to_dict()["properties"]
    for mapping in es.indices.get_mapping(index=alias_name()).body.values():
        actual = mapping["mappings"].get("properties", {})
        differing = [
            name
            for name, field in expected.items()
            if {k: actual.get(name, {}).get(k) for k in ("type", "analyzer")}
            != {k: field.get(k) for k in ("type", "analyzer")}
        ]
        if differing:
            raise IndexOutdated(
                "The Elasticsearch index was made by an older version of the platform (fields "
                f"missing or analysed otherwise: {', '.join(sorted(differing)[:5])}"
                f"{', …' if len(differing) > 5 else ''}): run manage.py rebuild_search_index."
            )


def ensure_index(es, alias=None, create=None):
    """Creates the index and its alias on first use: the case studies' unless `alias` names
    another, made by `create(es)` (which returns the new index's name)."""
    alias = alias or alias_name()
    if not es.indices.exists_alias(name=alias):
        name = create(es) if create else create_index(es, new_index_name())
        es.indices.put_alias(index=name, name=alias)


def new_index_name(alias=None):
    """A new index's name: its alias's (the case studies' unless given) and the time."""
    return f"{alias or alias_name()}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"


def index_actions(documents, index, key="page_id", text_fields=TEXT_FIELDS):
    """Bulk actions indexing the documents under their `key`, with their `text_fields` also in
    their language's fields."""
    for document in documents:
        yield {
            "_op_type": "index",
            "_index": index,
            "_id": document[key],
            "_source": in_language(document, text_fields),
        }


def in_language(document, text_fields=TEXT_FIELDS):
    """The document with its text fields again, and its vector instead, under the names of its
    language's fields."""
    code = document["locale"]
    fields = {language_field(name, code): document[name] for name in text_fields}
    if VECTOR in document:
        fields[language_field(VECTOR, code)] = document[VECTOR]
    return {key: value for key, value in document.items() if key != VECTOR} | fields


class IndexingError(RuntimeError):
    """Elasticsearch refused some documents."""


INDEX_ERRORS = (IndexingError, AnalysisUnavailable)  # the node answered, but cannot index


def write(es, documents, deleted_ids=(), index=None, refresh="wait_for", **kind):
    """Indexes documents and removes ids, in the case studies' index unless `index` says
    another (`kind`: index_actions' key and text fields of its documents). Raises the client's
    errors when the node cannot be reached, and IndexingError when it refuses a document; a
    delete of a missing document is fine."""
    index = index or alias_name()
    actions = list(index_actions(documents, index, **kind))
    actions += [{"_op_type": "delete", "_index": index, "_id": i} for i in deleted_ids]
    if not actions:
        return
    _, errors = bulk(es, actions, refresh=refresh, raise_on_error=False, chunk_size=500)
    _raise_refused(errors)


def fill(es, batches, index, progress=None, total=None):
    """Indexes batches of documents into `index`, sending each in the background while the
    next one is built. Returns how many were indexed."""
    done, sending = 0, None
    with ThreadPoolExecutor(max_workers=1) as sender:
        for batch in batches:
            sent = sender.submit(write, es, batch, index=index, refresh=False)
            if sending:
                sending.result()  # raises what the write raised
            sending, done = sent, done + len(batch)
            if progress:
                progress(done, total)
        if sending:
            sending.result()
    return done


def _raise_refused(errors):
    refused = [e for e in errors if e.get("delete", {}).get("status") != 404]
    if refused:
        raise IndexingError(f"{len(refused)} document(s) refused, first: {refused[0]}")


def switch_alias(es, alias, new_index):
    """Points `alias` at `new_index` alone, in one step, and deletes the indexes it left."""
    old = list(es.indices.get_alias(name=alias)) if es.indices.exists_alias(name=alias) else []
    actions = [{"remove": {"index": index, "alias": alias}} for index in old]
    es.indices.update_aliases(actions=actions + [{"add": {"index": new_index, "alias": alias}}])
    for index in old:
        delete_quietly(es, index)


def delete_quietly(es, index):
    try:
        es.indices.delete(index=index)
    except NotFoundError:
        pass
