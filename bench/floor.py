"""Measures in this process, on the database DATABASE_URL names, for bench/benchmark.py:

- `search QUERIES REPEATS`: the floor of a database search, the full-text index query alone
  (every match's facet columns, so the count, and the top 10 ranked as the engine ranks them)
  for each query of the mix; prints p95 ms per query as JSON.
- `took QUERIES REPEATS`: Elasticsearch's own time (`took`) for the engine's request of each
  query of the mix, as the search page sends it (ELASTICSEARCH_URL); prints p95 ms per query.
- `rebuild`: the database index rebuilt; prints documents per second.
"""

import json
import sys
import time

import django


def search(queries, repeats):
    from django.http import QueryDict

    from search.engines.database import RANK_ALL_BELOW
    from search.engines.fulltext import TextQuery, index
    from search.facets import allowed_values
    from search.query import parse_search_params
    from search.service import with_glossary

    fulltext, valid = index(), allowed_values()
    floors = {}
    for q in queries:
        text = TextQuery.of(with_glossary(parse_search_params(QueryDict(q), valid)))
        times = []
        for _ in range(repeats + 1):
            started = time.perf_counter()
            with fulltext.searching():  # as the engine searches (its planner settings)
                count = len(fulltext.matching(text, dates=False))  # as a search by relevance
                fulltext.ranked(text, None, 10, short=count >= RANK_ALL_BELOW)
            times.append((time.perf_counter() - started) * 1000)
        floors[q] = p95(times[1:])  # the first run warms the caches
    return floors


def took(queries, repeats):
    from django.contrib.auth.models import AnonymousUser
    from django.http import QueryDict
    from django.test import RequestFactory

    from search.engines.elastic import ElasticsearchEngine
    from search.facets import allowed_values
    from search.query import parse_search_params
    from search.service import with_glossary

    engine, valid = ElasticsearchEngine(), allowed_values()
    request = RequestFactory().get("/en/search/")
    request.user, request.session = AnonymousUser(), {}
    floors = {}
    for q in queries:
        query = parse_search_params(QueryDict(q), valid)
        query = with_glossary(query)  # as the search service does
        search = engine.build(query, engine.hidden(request))
        times = [search.execute().took for _ in range(repeats + 1)]
        floors[q] = p95(times[1:])
    return floors


def rebuild():
    from search.indexing import rebuild_database_index

    started = time.perf_counter()
    return rebuild_database_index() / (time.perf_counter() - started)


def p95(values):
    values = sorted(values)
    return values[max(0, int(len(values) * 0.95 + 0.5) - 1)]


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] in ("search", "took"):
        measure = search if sys.argv[1] == "search" else took
        print(json.dumps(measure(json.loads(sys.argv[2]), int(sys.argv[3]))))
    else:
        print(json.dumps(rebuild()))
