"""The judged relevance suite: a corpus of case studies, queries with graded judgements, and
their scores when the queries run through the site's own search.

Judgements are 2 (highly relevant) and 1 (partly relevant); a document without a judgement
counts as 0. Each query takes the first page of results (10), as a visitor sees it. Scores are
given over all queries and per query language (the language of its judged documents).
"""

import json
import os
import warnings
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from unittest.mock import patch

import numpy as np
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import QueryDict
from django.test import RequestFactory, override_settings

from learning.importing import import_case_studies
from search import vectors
from search.engines import elastic_index
from search.facets import allowed_values
from search.query import parse_search_params
from search.service import search
from tests.search_engines import sync_index

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.json"
QUERIES = HERE / "queries.json"
CUTOFF = 10
METRICS = {"ndcg@10": "nDCG@10", "recall@10": "recall@10", "mrr": "MRR"}
LANGUAGES = {"en": "English", "uk": "Ukrainian", "nl": "Dutch", "pl": "Polish"}
RESULTS_ENV = "SEARCH_QUALITY_RESULTS"  # a folder: each engine's evaluation is written there


def corpus():
    return json.loads(CORPUS.read_text(encoding="utf-8"))


def queries():
    return json.loads(QUERIES.read_text(encoding="utf-8"))


def query_language(query, locales=None):
    """The language of a query: that of the documents judged for it (one language a query)."""
    if locales is None:
        locales = {document["external_id"]: document["locale"] for document in corpus()}
    return locales[next(iter(query["judgements"]))]


def engine_label(engine):
    """'sqlite' or 'postgresql' for the database engine, else the engine's name."""
    return connection.vendor if engine == "database" else engine


def load_corpus():
    """Imports the corpus through the platform's importer (publish and index as in
    production) and lets the search index catch up. The whole corpus reaches Elasticsearch in
    one bulk request, which a node that has just started (loading its language dictionaries)
    answers in more than the site's short request timeout: the suite gives it a minute."""
    import_case_studies(corpus())
    with override_settings(ELASTICSEARCH_TIMEOUT=60, SEARCH_VECTORS="on"), embedded_once():
        elastic_index.client.cache_clear()
        try:
            sync_index()  # computes the semantic vectors too
        finally:
            elastic_index.client.cache_clear()


@contextmanager
def embedded_once():
    """Each passage and query embedded once per test session, whatever the engines and modes:
    the model is deterministic, and the two shared cores have other work."""
    with (
        patch.object(vectors, "embed_passages", _embedded_passages),
        patch.object(vectors, "embed_query", _query_vector),
    ):
        yield


def _embedded_passages(texts, embed=vectors.embed_passages):
    rows = [_passage_vector(text, embed) for text in texts]
    return np.stack(rows) if rows else np.empty((0, vectors.DIM), dtype=np.float32)


@cache
def _passage_vector(text, embed):
    return embed([text])[0]


_query_vector = cache(vectors.embed_query)


# Each mode of search measured: the glossary and the semantic vectors, on or off.
MODES = {
    "lexical": {"glossary": "off", "vectors": "off"},
    "glossary": {"glossary": "on", "vectors": "off"},
    "vectors": {"glossary": "off", "vectors": "on"},
    "both": {"glossary": "on", "vectors": "on"},
}


def ranking(query, glossary="on", vectors="off"):
    """External ids of the first page of results, as the search page would show them."""
    params = QueryDict(mutable=True)
    params["q"] = query["text"]
    params["glossary"] = glossary
    for name, values in query.get("filters", {}).items():
        params.setlist(name, values)
    request = RequestFactory().get("/en/search/", params)
    request.user = AnonymousUser()
    request.session = {}
    with override_settings(SEARCH_VECTORS=vectors), embedded_once():
        results = search(parse_search_params(params, allowed_values()), request)
    return [(hit.page.external_id, hit.page.title) for hit in results.hits[:CUTOFF]]


@dataclass
class Miss:
    """A query whose first result is not one of its best judged documents."""

    id: str
    language: str
    text: str
    filters: dict
    first: str  # "external_id: title", or "" when nothing was found
    expected: list


@dataclass
class Evaluation:
    engine: str
    date: str
    scores: dict  # metric → mean over the queries
    per_query: dict  # query id → metric → score
    by_language: dict  # query language → metric → mean over its queries, and "queries": count
    rankings: dict  # query id → external ids, best first
    misses: list = field(default_factory=list)
    # The cross-language set in each of MODES: mode → measure → mean over its queries (see
    # cross_language), and "queries": count.
    cross_language: dict = field(default_factory=dict)
    # The same queries with the semantic vectors on (glossary off): "scores" and "by_language"
    # as above.
    with_vectors: dict = field(default_factory=dict)

    @property
    def query_count(self):
        return len(self.rankings)

    def describe_misses(self, language=None):
        misses = [m for m in self.misses if language in (None, m.language)]
        if not misses:
            return "every query has a best judged document first"
        lines = []
        for miss in misses:
            filters = "".join(f" [{k}={','.join(v)}]" for k, v in miss.filters.items())
            found = miss.first or "nothing"
            lines.append(
                f"{miss.id} {miss.text!r}{filters}: first {found}; expected "
                + " or ".join(miss.expected)
            )
        return "\n".join(lines)

    def save(self, folder):
        path = Path(folder) / f"{self.engine}.json"
        data = asdict(self) | {"query_count": self.query_count}
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def evaluate(engine):
    """Runs every judged query against the loaded corpus and scores the results."""

    judged = queries()
    # The words typed: the glossary's effect is measured on the cross-language set, where the
    # other languages' case studies it brings count as relevant (here they would count as 0).
    found = {query["id"]: ranking(query, glossary="off") for query in judged}
    ids = [query["id"] for query in judged]
    judgements = {query["id"]: dict(query["judgements"]) for query in judged}
    per_query = _scores(judgements, found)
    locales = {document["external_id"]: document["locale"] for document in corpus()}
    languages = {query["id"]: query_language(query, locales) for query in judged}

    def by_language(per_query):
        return {
            language: _means(per_query, group) | {"queries": len(group)}
            for language in LANGUAGES
            if (group := [qid for qid in ids if languages[qid] == language])
        }

    semantic = _scores(
        judgements, {query["id"]: ranking(query, glossary="off", vectors="on") for query in judged}
    )
    evaluation = Evaluation(
        engine=engine,
        date=date.today().isoformat(),
        scores=_means(per_query, ids),
        per_query=per_query,
        by_language=by_language(per_query),
        with_vectors={"scores": _means(semantic, ids), "by_language": by_language(semantic)},
        rankings={qid: [doc for doc, _title in hits] for qid, hits in found.items()},
        misses=[
            miss
            for query in judged
            if (miss := _miss(query, languages[query["id"]], found[query["id"]]))
        ],
        cross_language={mode: cross_language(**switches) for mode, switches in MODES.items()},
    )
    if os.environ.get(RESULTS_ENV):
        evaluation.save(os.environ[RESULTS_ENV])
    return evaluation


def cross_language(glossary, vectors):
    """The cross-language set: the queries with relevant case studies in other languages
    (`cross_language`, counted as partly relevant, 1, beside the judged ones). nDCG@10 and
    recall@10 over all their relevant documents, and recall@10 of the other languages' alone."""
    judged = [query for query in queries() if query.get("cross_language")]
    found = {query["id"]: ranking(query, glossary, vectors) for query in judged}
    everything = {
        query["id"]: {document: 1 for document in query["cross_language"]}
        | dict(query["judgements"])
        for query in judged
    }
    others = {
        query["id"]: {document: 1 for document in query["cross_language"]} for query in judged
    }
    ids = list(found)
    scores = _means(_scores(everything, found), ids)
    scores["other@10"] = _means(_scores(others, found), ids)["recall@10"]
    return scores | {"queries": len(ids)}


def _scores(judgements, found):
    """query id → measure → score, for the rankings `found` against graded `judgements`."""
    from ranx import Qrels, Run
    from ranx import evaluate as ranx_evaluate

    qrels = Qrels(judgements)
    # Scores that follow the displayed order, so that ties in the engine's scores cannot
    # reorder the results.
    run = Run(
        {
            qid: {doc: float(CUTOFF - rank) for rank, (doc, _title) in enumerate(hits)}
            for qid, hits in found.items()
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numba's type-safety notes
        ranx_evaluate(qrels, run, list(METRICS))
    # Each query's scores as ranx keeps them in the run, by query id: its arrays of scores
    # follow its own order of the queries (sorted), not the order of queries.json.
    return {qid: {metric: float(run.scores[metric][qid]) for metric in METRICS} for qid in found}


def _means(per_query, ids):
    return {metric: sum(per_query[qid][metric] for qid in ids) / len(ids) for metric in METRICS}


def _miss(query, language, hits):
    grades = query["judgements"]
    best = max(grades.values())
    if hits and grades.get(hits[0][0], 0) == best:
        return None
    return Miss(
        id=query["id"],
        language=language,
        text=query["text"],
        filters=query.get("filters", {}),
        first=f"{hits[0][0]}: {hits[0][1]}" if hits else "",
        expected=sorted(doc for doc, grade in grades.items() if grade == best),
    )
