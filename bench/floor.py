"""The floor of a database search: the full-text index query alone (every match's facet columns,
so the count, and the top 10 ranked) for each query of the mix, in this process, on the
database DATABASE_URL names. Prints p95 ms per query as JSON. Run by bench/benchmark.py."""

import json
import sys
import time

import django


def main(queries, repeats):
    django.setup()
    from django.http import QueryDict

    from search.engines.fulltext import TextQuery, index
    from search.facets import allowed_values
    from search.query import parse_search_params

    fulltext, valid = index(), allowed_values()
    floors = {}
    for q in queries:
        text = TextQuery.of(parse_search_params(QueryDict(q), valid))
        times = []
        for _ in range(repeats + 1):
            started = time.perf_counter()
            len(fulltext.matching(text))
            fulltext.ranked(text, None, 10)
            times.append((time.perf_counter() - started) * 1000)
        floors[q] = p95(times[1:])  # the first run warms the caches
    print(json.dumps(floors))


def p95(values):
    values = sorted(values)
    return values[max(0, int(len(values) * 0.95 + 0.5) - 1)]


if __name__ == "__main__":
    main(json.loads(sys.argv[1]), int(sys.argv[2]))
