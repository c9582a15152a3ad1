"""The semantic half of an Elasticsearch search: the case studies whose vectors (a dense_vector
per language, each with its HNSW graph: elastic_index.VECTOR) are nearest the query's, by kNN
under the search's filters and the visitor's view restrictions, centred per language like the
database engine's (search/fusion.py).

It runs beside the lexical request (search/parallel.py), so it cannot join that request's
aggregations: each kNN response says which of its case studies the words match too, and gives
the facet values of the others, which the engine adds to the lexical facets and total."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from elasticsearch import ApiError, Elasticsearch
from elasticsearch.dsl import Q
from elasticsearch.dsl.query import Query

from .. import fusion, vector_index
from ..query import FACETS
from ..schema import FACET_FIELDS
from . import elastic_index

NUM_CANDIDATES = 50  # HNSW candidates of each kNN per shard: five times the nearest asked for
WORDS = "words"  # the aggregation of the nearest case studies that the words match
READ = ["page_id", "locale", *FACET_FIELDS.values()]  # read from doc values, not _source


@dataclass
class Nearest:
    """`ranked`: page ids of the nearest case studies (fusion.NEAREST) that pass every filter,
    best first. `unmatched`: for the facets counted apart (facet name, and None for the facets
    counted under every filter), the nearest under the other filters that the words do not
    match, page id → facet → values: what the lexical total and facets lack."""

    ranked: list[int]
    unmatched: dict[str | None, dict[int, dict[str, list]]]

    def added(self) -> int:
        """How many case studies the vectors add to the lexical total."""
        return len(self.unmatched[None])

    def add_to(self, facet: str, counts: list[tuple]) -> list[tuple]:
        """The lexical facet's (value, count) pairs with the nearest that it lacks counted in,
        most frequent first (the year by value)."""
        group = facet if facet in self.unmatched else None
        counted = dict(counts)
        for values in self.unmatched[group].values():
            for value in values[facet]:
                counted[value] = counted.get(value, 0) + 1
        if facet == "year":
            return sorted(counted.items())
        return sorted(counted.items(), key=lambda pair: (-pair[1], pair[0]))


def search(
    es: Elasticsearch,
    vector: np.ndarray,
    filters: dict[str, Query],
    hidden: list[int],
    words: Query,
) -> dict[str | None, dict]:
    """The kNN searches for a query vector, one per facet count (elastic_vectors.nearest reads
    their responses); `filters`: facet name → filter, as the engine's post filter has them;
    `hidden`: ids of the view restrictions the visitor does not pass; `words`: the lexical
    query. Returns the raw responses by group, for the request's thread to rank. The bodies
    are plain dicts: elasticsearch.dsl would walk every coordinate of the four query vectors
    once per search (about a millisecond of the server's time, on the search's critical path)."""
    groups: dict[str | None, list[Query]] = {None: list(filters.values())}
    groups |= {
        name: [f for other, f in filters.items() if other != name]
        for name in filters
        if name in FACETS
    }
    values = [round(float(x), 5) for x in vector]  # the index keeps 8 bits of each
    visible = [~Q("terms", restrictions=hidden)] if hidden else []
    matching = words.to_dict()
    searches: list[dict] = []
    for group in groups.values():
        searches += [{}, _knn(values, [*visible, *group], matching)]
    responses = es.msearch(index=elastic_index.alias_name(), searches=searches)
    for response in responses["responses"]:
        if response.get("error"):
            raise ApiError("N/A", meta=responses.meta, body=response)
    return dict(zip(groups, responses["responses"], strict=True))


def nearest(vector: np.ndarray, responses: dict[str | None, dict]) -> Nearest:
    """The Nearest of the kNN responses of `search`."""
    centre = _centre(vector)
    ranked, unmatched = {}, {}
    for group, raw in responses.items():
        matched = {b["key"] for b in raw["aggregations"][WORDS]["ids"]["buckets"]}
        fields = {hit["fields"]["page_id"][0]: hit["fields"] for hit in raw["hits"]["hits"]}
        ranked[group] = _ranked(raw["hits"]["hits"], centre)
        unmatched[group] = {
            pk: {facet: fields[pk].get(FACET_FIELDS[facet], []) for facet in FACETS}
            for pk in ranked[group]
            if pk not in matched
        }
    return Nearest(ranked=ranked[None], unmatched=unmatched)


def _knn(values: list[float], filters: list[Query], words: dict) -> dict:
    """The body of a kNN per language, each its own fusion.NEAREST in its language's field:
    centring moves all the cosines of a language by the same amount, so the nearest after
    centring are among each language's nearest. `filters`: the view restrictions and the
    group's filters; `words`: the lexical query, whose matches among the hits are counted."""
    passing = {"filter": Q("bool", filter=filters).to_dict()} if filters else {}
    knn = [
        {
            "field": elastic_index.language_field(elastic_index.VECTOR, code),
            "query_vector": values,
            "k": fusion.NEAREST,
            "num_candidates": NUM_CANDIDATES,
            **passing,
        }
        for code, _name in settings.LANGUAGES
    ]
    size = fusion.NEAREST * len(knn)
    return {
        "knn": knn,
        "size": size,
        "_source": False,
        "docvalue_fields": READ,
        "aggs": {
            WORDS: {
                "filter": words,
                "aggs": {"ids": {"terms": {"field": "page_id", "size": size}}},
            }
        },
    }


def _centre(vector: np.ndarray) -> Callable[[str], float]:
    """language → what centring subtracts from a cosine in it (vector_index.Matrix.centres:
    the database index's vectors, the same case studies)."""
    if not fusion.CENTRED:
        return lambda language: 0.0
    matrix = vector_index.matrix()
    vector = np.asarray(vector, dtype=np.float32)
    return lambda language: matrix.centre(vector, language)


def _ranked(hits: list[dict], centre: Callable[[str], float]) -> list[int]:
    """Page ids of kNN hits, best first by centred cosine, fusion.NEAREST of them.
    Elasticsearch scores a cosine similarity as (1 + cosine) / 2."""
    scored = [
        (2 * hit["_score"] - 1 - centre(hit["fields"]["locale"][0]), hit["fields"]["page_id"][0])
        for hit in hits
    ]
    scored.sort(key=lambda pair: -pair[0])
    return [pk for _score, pk in scored[: fusion.NEAREST]]
