"""Writes docs/search-quality.md from the evaluations that the relevance tests saved
(scripts/search-quality). Usage: python -m tests.relevance.report RESULTS_FOLDER OUTPUT"""

import json
import sys
from pathlib import Path

ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "elasticsearch": "Elasticsearch"}
METRICS = {"ndcg@10": "nDCG@10", "recall@10": "recall@10", "mrr": "MRR"}

INTRODUCTION = """\
# Search quality

How well each search engine ranks case studies, measured on a judged corpus. Regenerate this
page with `scripts/search-quality` (it starts a throw-away PostgreSQL and Elasticsearch like
`scripts/test`; `POSTGRES_TEST_PORT` and `ELASTICSEARCH_TEST_PORT` choose their ports). The
same measurements run in the test suite (`tests/relevance`), which fails when an engine falls
below its floor.

- **Corpus** (`tests/relevance/corpus.json`): {documents} case studies written for this suite,
  {english} in English and {ukrainian} in Ukrainian, from the five cities and across the eight
  themes: district heating, heat pumps, insulation, shelters, water supply, schools, cycling,
  trams, waste sorting and rubble, participatory budgets, energy cooperatives, flood
  protection, housing for displaced people, small business support, open data. It contains
  deliberate near-misses: a subject in one title and a passing mention elsewhere, documents
  sharing one word of a two-word query, similar work in different cities, and Ukrainian words
  in other grammatical cases than the queries use. It is loaded through the platform's
  importer, so it is published and indexed as in production.
- **Queries** (`tests/relevance/queries.json`): {queries} queries: single words, two and three
  words, exact titles, quoted phrases, typos, English singular and plural, Ukrainian words in
  another case than the documents (`опалення` / `опаленням`, `школах` / `школа`, `житла` /
  `житло`, `водопостачання` / `водопостачанням`, `відновленню` / `відновлення`), and
  queries with a theme, city, status or language filter. Each has a note on what it tests.
- **Judgements**: 2 = highly relevant, 1 = partly relevant, anything else 0; made by reading
  the documents, not from any engine's results. Only documents in the query's language are
  judged for now; `cross_language` lists what a future cross-language search should also
  find (not scored).
- **Measures** (with [ranx](https://github.com/AmenRa/ranx)) over the first page of results
  (10), as the search page shows it: nDCG@10 (graded gains), recall@10 (judged documents found)
  and MRR (reciprocal rank of the first judged document). The goal for every engine is
  nDCG@10 ≥ 0.8; each engine's floors are `FLOORS` in `tests/relevance/test_relevance.py`.
"""


def render(folder):
    results = {}
    for engine in ENGINES:
        path = Path(folder) / f"{engine}.json"
        if path.exists():
            results[engine] = json.loads(path.read_text(encoding="utf-8"))
    corpus = json.loads((Path(__file__).parent / "corpus.json").read_text(encoding="utf-8"))
    queries = json.loads((Path(__file__).parent / "queries.json").read_text(encoding="utf-8"))
    lines = [
        INTRODUCTION.format(
            documents=len(corpus),
            english=sum(d["locale"] == "en" for d in corpus),
            ukrainian=sum(d["locale"] == "uk" for d in corpus),
            queries=len(queries),
        ),
        "## Results",
        "",
        "| Engine | " + " | ".join(METRICS.values()) + " | Queries | Date |",
        "| --- | " + " | ".join("---:" for _ in METRICS) + " | ---: | --- |",
    ]
    for engine, name in ENGINES.items():
        if engine in results:
            data = results[engine]
            scores = " | ".join(f"{data['scores'][metric]:.3f}" for metric in METRICS)
            lines.append(f"| {name} | {scores} | {data['query_count']} | {data['date']} |")
        else:
            lines.append(f"| {name} | " + " | ".join("–" for _ in METRICS) + " | – | not run |")
    for engine, name in ENGINES.items():
        if engine not in results:
            continue
        misses = results[engine]["misses"]
        lines += ["", f"## Misses on {name}", ""]
        if not misses:
            lines.append("Every query has one of its best judged documents first.")
            continue
        lines += [
            f"{len(misses)} queries whose best judged document is not first:",
            "",
            "| Query | Text | First result | Expected first |",
            "| --- | --- | --- | --- |",
        ]
        for miss in misses:
            text = miss["text"].replace("|", "\\|")
            filters = "".join(f" ({k}: {', '.join(v)})" for k, v in miss["filters"].items())
            first = miss["first"].replace("|", "\\|") or "nothing found"
            expected = ", ".join(miss["expected"])
            lines.append(f"| {miss['id']} | `{text}`{filters} | {first} | {expected} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    folder, output = sys.argv[1:3]
    Path(output).write_text(render(folder), encoding="utf-8")
