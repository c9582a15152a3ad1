"""Writes docs/search-quality.md from the evaluations that the relevance tests saved
(scripts/search-quality). Usage: python -m tests.relevance.report RESULTS_FOLDER OUTPUT"""

import json
import sys
from pathlib import Path

ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "elasticsearch": "Elasticsearch"}
METRICS = {"ndcg@10": "nDCG@10", "recall@10": "recall@10", "mrr": "MRR"}
LANGUAGES = {"en": "English", "uk": "Ukrainian", "nl": "Dutch", "pl": "Polish"}
CROSS_METRICS = {"ndcg@10": "nDCG@10", "recall@10": "recall@10", "other@10": "other languages"}
CROSS_MODES = {
    "lexical": "words typed",
    "glossary": "+ glossary",
    "vectors": "+ vectors",
    "both": "+ glossary + vectors",
}

INTRODUCTION = """\
# Search quality

How well each search engine ranks case studies, measured on a judged corpus. Regenerate this
page with `scripts/search-quality` (it starts a throw-away PostgreSQL and Elasticsearch like
`scripts/test`; `POSTGRES_TEST_PORT` and `ELASTICSEARCH_TEST_PORT` choose their ports). The
same measurements run in the test suite (`tests/relevance`), which fails when an engine falls
below its floor, overall or for one query language.

- **Corpus** (`tests/relevance/corpus.json`): {documents} case studies written for this suite,
  {english} in English, {ukrainian} in Ukrainian, {dutch} in Dutch (mostly Utrecht) and
  {polish} in Polish (Gdansk and Warsaw), from the five cities and across the eight themes:
  district heating, heating plants, heat pumps, insulation, shelters, water supply, schools,
  cycling, trams, waste sorting and rubble, participatory budgets, energy cooperatives, flood
  protection, housing for displaced people, small business support, open data, new districts.
  It contains deliberate near-misses: a subject in one title and a passing mention elsewhere,
  documents sharing one word of a two-word query, similar work in different cities and
  languages, words that two languages share (Dutch and English *school*, *tram*, *open
  data*), and words in other grammatical forms than the queries use. It is loaded through
  the platform's importer, so it is published and indexed as in production.
- **Queries** (`tests/relevance/queries.json`): {queries} queries,
  {per_language}: single words, two and three words, exact titles, quoted phrases,
  typos, English singular and plural, Ukrainian words in another case than the documents
  (`опалення` / `опаленням`, `школах` / `школа`, `житла` / `житло`), Dutch plurals and
  singulars (`warmtenetten` / `warmtenet`, `woonwijken` / `woonwijk`, `fietspad` /
  `fietspaden`, `gemeenten` / `gemeente`), Polish cases (`szkołach` / `szkół`, `dzielnicach` /
  `dzielnice`, `inwestycji` / `inwestycja`, `rowery` / `rower`), Polish typed without
  diacritics (`cieplownia`, `zrodla ciepla`, `powodz`), and queries with a theme, city,
  status or language filter. Each has a note on what it tests.
- **Judgements**: 2 = highly relevant, 1 = partly relevant, anything else 0; made by reading
  the documents, not from any engine's results. Documents in the query's language are
  graded; `cross_language` lists the relevant ones written in other languages, scored in the
  cross-language set (below). A query's language is that of its judged documents.
- **Measures** (with [ranx](https://github.com/AmenRa/ranx)) over the first page of results
  (10), as the search page shows it, for the words typed (`glossary=off`: the glossary brings
  case studies in other languages, which this set would count as irrelevant; its effect is
  measured on the cross-language set below), and again with the semantic vectors on
  (*+ vectors*; the other languages' case studies they bring count 0 here): nDCG@10 (graded
  gains), recall@10 (judged documents found) and MRR (reciprocal rank of the first judged
  document), over all queries and over each query language's queries. The goal for every
  engine is nDCG@10 ≥ 0.8, overall and in each language; each engine's floors are `FLOORS`,
  `LANGUAGE_FLOORS`, `CROSS_FLOORS` and `VECTORS_FLOOR` in
  `tests/relevance/test_relevance.py`.
"""


def _vectors(data):
    """The single-language scores with the semantic vectors, if this evaluation has them."""
    return data.get("with_vectors", {}).get("scores")


def render(folder):
    results = {}
    for engine in ENGINES:
        path = Path(folder) / f"{engine}.json"
        if path.exists():
            results[engine] = json.loads(path.read_text(encoding="utf-8"))
    corpus = json.loads((Path(__file__).parent / "corpus.json").read_text(encoding="utf-8"))
    queries = json.loads((Path(__file__).parent / "queries.json").read_text(encoding="utf-8"))
    locales = {d["external_id"]: d["locale"] for d in corpus}
    query_languages = [locales[next(iter(q["judgements"]))] for q in queries]
    lines = [
        INTRODUCTION.format(
            documents=len(corpus),
            english=sum(d["locale"] == "en" for d in corpus),
            ukrainian=sum(d["locale"] == "uk" for d in corpus),
            dutch=sum(d["locale"] == "nl" for d in corpus),
            polish=sum(d["locale"] == "pl" for d in corpus),
            queries=len(queries),
            per_language=", ".join(
                f"{query_languages.count(code)} {name}" for code, name in LANGUAGES.items()
            ),
        ),
        "## Results",
        "",
        "| Engine | " + " | ".join(METRICS.values()) + " | Queries | Date |",
        "| --- | " + " | ".join("---:" for _ in METRICS) + " | ---: | --- |",
    ]
    for engine, name in ENGINES.items():
        if engine in results:
            data = results[engine]
            for label, measured in (("", data["scores"]), (" + vectors", _vectors(data))):
                if measured:
                    scores = " | ".join(f"{measured[metric]:.3f}" for metric in METRICS)
                    lines.append(
                        f"| {name}{label} | {scores} | {data['query_count']} | {data['date']} |"
                    )
        else:
            lines.append(f"| {name} | " + " | ".join("–" for _ in METRICS) + " | – | not run |")
    lines += [
        "",
        "## Results by query language",
        "",
        "| Engine | Language | " + " | ".join(METRICS.values()) + " | Queries |",
        "| --- | --- | " + " | ".join("---:" for _ in METRICS) + " | ---: |",
    ]
    for engine, name in ENGINES.items():
        if engine not in results:
            continue
        semantic = results[engine].get("with_vectors", {}).get("by_language", {})
        for label, by_language in (("", results[engine]["by_language"]), (" + vectors", semantic)):
            for code, language in LANGUAGES.items():
                if code in by_language:
                    data = by_language[code]
                    scores = " | ".join(f"{data[metric]:.3f}" for metric in METRICS)
                    lines.append(f"| {name}{label} | {language} | {scores} | {data['queries']} |")
    lines += [
        "",
        "## Across languages",
        "",
        "The cross-language set: the queries with relevant case studies written in other",
        "languages than the query's (their `cross_language` lists, counted as partly relevant",
        "beside the judged ones), searched with the words typed only (`glossary=off`,",
        "`SEARCH_VECTORS=off`), with the glossary's names of the concepts they name, with the",
        "semantic vectors' nearest case studies fused in, and with both. *Other languages* is",
        "the recall@10 of the other languages' case studies alone.",
        "",
        "| Engine | Search | " + " | ".join(CROSS_METRICS.values()) + " | Queries |",
        "| --- | --- | " + " | ".join("---:" for _ in CROSS_METRICS) + " | ---: |",
    ]
    for engine, name in ENGINES.items():
        for mode, label in CROSS_MODES.items():
            data = results.get(engine, {}).get("cross_language", {}).get(mode)
            if data:
                scores = " | ".join(f"{data[metric]:.3f}" for metric in CROSS_METRICS)
                lines.append(f"| {name} | {label} | {scores} | {data['queries']} |")
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
