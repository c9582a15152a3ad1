"""The semantic half of an Elasticsearch search: the case studies whose vectors (the documents'
`embedding`, a dense_vector with an HNSW index) are nearest the query's, by kNN under the
search's filters and the visitor's view restrictions, centred per language like the database
engine's (search/fusion.py)."""

import numpy as np
from django.conf import settings
from elasticsearch.dsl import MultiSearch, Q, Search

from .. import fusion, vector_index
from . import elastic_index

FIELD = "embedding"
NUM_CANDIDATES = 100  # HNSW candidates of each kNN per shard: ten times the nearest asked for


def nearest(es, query, filters, hidden):
    """Page ids of the nearest case studies (fusion.NEAREST) that pass every filter, best
    first; and every id the facets count besides (the nearest that pass all the other
    filters, for each facet with a filter), in one request. `filters`: facet name → filter,
    as the engine's post filter has them; `hidden`: ids of the view restrictions the visitor
    does not pass."""
    groups = {None: list(filters.values())}
    groups |= {name: [f for other, f in filters.items() if other != name] for name in filters}
    search = MultiSearch(using=es, index=elastic_index.alias_name())
    for group in groups.values():
        search = search.add(_knn(query.vector, group, hidden))
    centre = _centre(query.vector)
    ranked = [_ranked(response, centre) for response in search.execute()]
    return ranked[0], {pk for ranking in ranked for pk in ranking}


def _knn(vector, filters, hidden):
    """A kNN per language, each its own fusion.NEAREST: centring moves all the cosines of a
    language by the same amount, so the nearest after centring are among each language's
    nearest."""
    visible = [~Q("terms", restrictions=hidden)] if hidden else []
    vector = [float(x) for x in vector]
    knn = [
        {
            "field": FIELD,
            "query_vector": vector,
            "k": fusion.NEAREST,
            "num_candidates": NUM_CANDIDATES,
            "filter": Q("bool", filter=[Q("term", locale=code), *visible, *filters]).to_dict(),
        }
        for code, _name in settings.LANGUAGES
    ]
    size = fusion.NEAREST * len(knn)
    return Search().extra(knn=knn, size=size, _source=["page_id", "locale"])


def _centre(vector):
    """language → what centring subtracts from a cosine in it (vector_index.Matrix.centres:
    the database index's vectors, the same case studies)."""
    if not fusion.CENTRED:
        return lambda language: 0.0
    matrix = vector_index.matrix()
    vector = np.asarray(vector, dtype=np.float32)
    return lambda language: matrix.centre(vector, language)


def _ranked(response, centre):
    """Page ids of a kNN response, best first by centred cosine, fusion.NEAREST of them.
    Elasticsearch scores a cosine similarity as (1 + cosine) / 2."""
    scored = [(2 * hit.meta.score - 1 - centre(hit.locale), hit.page_id) for hit in response]
    scored.sort(key=lambda pair: -pair[0])
    return [pk for _score, pk in scored[: fusion.NEAREST]]
