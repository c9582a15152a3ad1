"""Semantic vectors (search/vectors.py) measured in this process, without a database.

    .venv/bin/python bench/vectors.py speed
    .venv/bin/python bench/vectors.py quality [--ref BRANCH]

speed: model load time and memory; query embedding on one thread over 100 short queries in the
four languages; passage embedding on 1 and 2 threads (the relevance corpus's passages) and the
time that projects for 10,000; exact cosine top-10 over 10,000 and 100,000 vectors. Times are
wall clock and this process's CPU time, so a busy machine shows as wall above CPU.

quality: the judged relevance corpus (tests/relevance, or BRANCH's copy), every document's
passage embedded and every query ranking all documents (its filters applied): recall@10 of its
cross_language documents and nDCG@10 of its judgements, for the vectors alone, a BM25 ranking of
title and summary lemmas (search.text) alone, and both fused by reciprocal rank (k = 60), also
with the cosines centred per document language (less their mean over that language); then
the storage formats of to_bytes against float32, and the worst cross-language queries.
"""

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # numpy on one thread, as a web worker
ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mariupol_reborn.settings.test")

import django  # noqa: E402
import numpy as np  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from learning.seed import THEMES  # noqa: E402
from search import text, vectors  # noqa: E402

QUERIES = (
    """теплова мережа|опалення шкіл|укриття в школах|велосипедні доріжки|трамвай
сортування відходів|переробка будівельного сміття|бюджет участі|житло для переселенців
енергоефективність будинків|теплові насоси|утеплення фасадів|водопостачання|відкриті дані
підтримка малого бізнесу|захист від повеней|сонячні панелі на дахах|енергетичний кооператив
відбудова Маріуполя|громадський транспорт|лікарня опалення|district heating|heat pumps
school insulation|bomb shelters|cycling lanes|low-floor trams|waste sorting|rubble recycling
participatory budget|housing for displaced people|small business grants|flood protection
open data portal|solar roofs|energy cooperative|water supply|public transport|rebuilding
warmtenet|warmtepompen|isolatie van scholen|schuilkelders|fietspaden|tram|afvalscheiding
puinrecycling|burgerbegroting|opvang van ontheemden|subsidies voor kleine bedrijven
bescherming tegen overstromingen|open data|zonnepanelen op daken|energiecoöperatie
drinkwater|openbaar vervoer|wederopbouw|sieć ciepłownicza|pompy ciepła|termomodernizacja szkół
schrony|drogi rowerowe|tramwaje niskopodłogowe|segregacja odpadów|recykling gruzu
budżet obywatelski|mieszkania dla uchodźców|dotacje dla małych firm|ochrona przeciwpowodziowa
otwarte dane|panele słoneczne|spółdzielnia energetyczna|wodociągi|transport publiczny
odbudowa|теплові мережі Маріуполя|укриття|школи|велосипед|відходи|житло|енергія
heating|shelters|schools|trams|waste|housing|energy|verwarming|scholen|afval|woningen
ogrzewanie|szkoły|odpady|mieszkania|energia|ciepło|Mariupol|Маріуполь|Gdańsk|Utrecht|Lwów
""".replace("\n", "|")
    .strip("|")
    .split("|")
)


def rss():
    """Resident memory in MB: all, anonymous, file-backed (the mapped model), peak."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    mb = {key: int(fields[key].split()[0]) / 1024 for key in ("VmRSS", "RssAnon", "RssFile")}
    mb["VmHWM"] = int(fields["VmHWM"].split()[0]) / 1024
    return mb


def reset_peak():
    """Starts VmHWM again from the current RSS."""
    Path("/proc/self/clear_refs").write_text("5")


def timed(function, *args):
    """(result, wall seconds, CPU seconds of this process)."""
    cpu, wall = _cpu(), time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - wall, _cpu() - cpu


def _cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def corpus_files(ref):
    def read(name):
        path = f"tests/relevance/{name}"
        if ref:
            return json.loads(subprocess.check_output(["git", "show", f"{ref}:{path}"], cwd=ROOT))
        return json.loads((ROOT / path).read_text(encoding="utf-8"))

    return read("corpus.json"), read("queries.json")


def passages(documents):
    names = {theme["slug"]: theme for theme in THEMES}
    return [
        vectors.passage_text(
            doc["title"], doc["summary"], [names[slug][doc["locale"]][0] for slug in doc["themes"]]
        )
        for doc in documents
    ]


def speed():
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    before = rss()
    _, wall, _ = timed(vectors._engine)
    loaded = rss()
    model = vectors._engine()
    _, first, _ = timed(vectors.embed_query, "теплова мережа")
    print(
        f"load: {wall * 1000:.0f} ms, first query {first * 1000:.0f} ms; RSS +"
        f"{loaded['VmRSS'] - before['VmRSS']:.0f} MB after load, "
        f"+{rss()['VmRSS'] - before['VmRSS']:.0f} MB after one query"
    )

    for _ in QUERIES:  # warm: the rows of the embedding table the queries use are paged in
        vectors.embed_query(_)
    runs = [timed(vectors.embed_query, query)[1:] for query in QUERIES]
    walls, cpus = [1000 * w for w, _ in runs], [1000 * c for _, c in runs]
    tokens = [model.token_count(query, True) for query in QUERIES]
    print(
        f"query, 1 thread, {len(QUERIES)} queries of {statistics.median(tokens):.0f} tokens "
        f"(median): median {statistics.median(walls):.1f} ms, p95 {percentile(walls, 0.95):.1f}"
        f" ms, max {max(walls):.1f} ms (CPU median {statistics.median(cpus):.1f} ms)"
    )

    documents, _ = corpus_files(None)
    texts = passages(documents)
    tokens = [model.token_count(passage) for passage in texts]
    print(
        f"{len(texts)} passages of {min(tokens)}–{max(tokens)} tokens, "
        f"median {statistics.median(tokens):.0f}"
    )
    for threads in (1, 2):
        for batch in (1, 16, 64):
            settings.SEARCH_VECTORS_THREADS = threads
            vectors.BATCH = batch
            reset_peak()
            hwm = rss()["VmRSS"]
            _, wall, cpu = timed(vectors.embed_passages, texts)
            rate = len(texts) / wall
            print(
                f"passages, {threads} thread(s), batches of {batch}: {rate:.1f}/s wall, "
                f"{len(texts) / cpu:.1f}/s per CPU second, {sum(tokens) / wall:.0f} tokens/s; "
                f"10,000 in {10_000 / rate / 60:.1f} min; peak RSS +"
                f"{rss()['VmHWM'] - hwm:.0f} MB"
            )
    after = rss()
    print(
        "RSS after all embedding: "
        + ", ".join(f"{key} +{after[key] - before[key]:.0f} MB" for key in ("RssAnon", "RssFile"))
        + " (file: the mapped model, shared by the processes that map it)"
    )

    rng = np.random.default_rng(1)
    for rows in (10_000, 100_000):
        matrix = rng.standard_normal((rows, vectors.DIM), dtype=np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        queries = matrix[rng.integers(0, rows, 50)] + 0.01
        runs = [timed(vectors.cosine_top, query, matrix, 10)[1] * 1000 for query in queries]
        stored = [vectors.to_bytes(row) for row in matrix]
        _, unpack, _ = timed(vectors.from_bytes, *stored)
        print(
            f"cosine top-10 over {rows:,}: median {statistics.median(runs):.2f} ms, p95 "
            f"{percentile(runs, 0.95):.2f} ms; float32 matrix {matrix.nbytes / 2**20:.0f} MB, "
            f"stored {len(stored) * vectors.DIM / 2**20:.0f} MB, "
            f"unpacked from bytes in {unpack * 1000:.0f} ms"
        )


def bm25(documents, k1=1.2, b=0.75):
    """A scorer of a query against every document's title and summary, in their lemmas."""
    terms = [
        Counter(text.analyse(f"{d['title']} {d['summary']}", d["locale"]).split())
        for d in documents
    ]
    lengths = np.array([sum(t.values()) for t in terms], dtype=float)
    frequency = Counter(term for t in terms for term in t)
    n = len(documents)

    def score(query):
        scores = np.zeros(n)
        for word in text.query_words(query):
            forms = text.query_forms(word)
            best = np.zeros(n)
            for form in forms:
                if form not in frequency:
                    continue
                idf = math.log(1 + (n - frequency[form] + 0.5) / (frequency[form] + 0.5))
                tf = np.array([t[form] for t in terms], dtype=float)
                best = np.maximum(
                    best, idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths / lengths.mean()))
                )
            scores += best
        return scores

    return score


def allowed(doc, filters):
    values = {
        "city": [doc["city"]],
        "theme": doc["themes"],
        "status": [doc["status"]],
        "locale": [doc["locale"]],
    }
    return all(set(values[name]) & set(wanted) for name, wanted in filters.items())


def ndcg(ranked, grades, cutoff=10):
    dcg = sum(grades.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(ranked[:cutoff]))
    ideal = sorted(grades.values(), reverse=True)[:cutoff]
    return dcg / sum(g / math.log2(i + 2) for i, g in enumerate(ideal))


def rrf(*rankings, k=60):
    fused = Counter()
    for ranking in rankings:
        for i, doc in enumerate(ranking):
            fused[doc] += 1 / (k + i + 1)
    return [doc for doc, _ in fused.most_common()]


def quality(ref):
    documents, queries = corpus_files(ref)
    ids = [d["external_id"] for d in documents]
    print(
        f"{ref or 'working tree'}: {len(documents)} documents "
        f"{dict(Counter(d['locale'] for d in documents))}, {len(queries)} queries"
    )
    settings.SEARCH_VECTORS_THREADS = 2
    matrix, wall, _ = timed(vectors.embed_passages, passages(documents))
    print(f"embedded in {wall:.1f} s")
    lexical = bm25(documents)
    stored = {
        "float16": matrix.astype(np.float16).astype(np.float32),
        "int8 (to_bytes)": vectors.from_bytes(*map(vectors.to_bytes, matrix)),
        "int8 ×127": _unit(np.rint(matrix * 127)),  # a fixed scale, for comparison
    }
    languages = np.array([d["locale"] for d in documents])
    names = ("vectors", "lexical", "fused", "vectors, centred", "fused, centred", *stored)
    rankings = {name: {} for name in names}
    for query in queries:
        keep = [i for i, d in enumerate(documents) if allowed(d, query.get("filters", {}))]
        vector = vectors.embed_query(query["text"])

        def ranked(scores, positive=False, keep=keep):
            order = sorted(keep, key=lambda i: -scores[i])
            return [ids[i] for i in order if scores[i] > 0 or not positive]

        qid = query["id"]
        rankings["vectors"][qid] = ranked(matrix @ vector)
        rankings["lexical"][qid] = ranked(lexical(query["text"]), positive=True)
        rankings["fused"][qid] = rrf(rankings["vectors"][qid], rankings["lexical"][qid])
        rankings["vectors, centred"][qid] = ranked(_centred(matrix @ vector, languages))
        rankings["fused, centred"][qid] = rrf(
            rankings["vectors, centred"][qid], rankings["lexical"][qid]
        )
        for name, copy in stored.items():
            rankings[name][qid] = ranked(copy @ vector)

    crossing = [q for q in queries if q.get("cross_language")]
    print(
        f"{'ranking':<16} {'cross recall@10':>15} {'(other languages only)':>22} "
        f"{'nDCG@10':>8} {'(own language only)':>19}"
    )
    for name, ranking in rankings.items():
        recall = statistics.mean(_recall(ranking[q["id"]], q) for q in crossing)
        other = statistics.mean(
            _recall([d for d in ranking[q["id"]] if d[:3] != q["id"][:3]], q) for q in crossing
        )
        gains = statistics.mean(ndcg(ranking[q["id"]], q["judgements"]) for q in queries)
        own = statistics.mean(
            ndcg([d for d in ranking[q["id"]] if d[:3] == q["id"][:3]], q["judgements"])
            for q in queries
        )
        print(f"{name:<16} {recall:>15.3f} {other:>22.3f} {gains:>8.3f} {own:>19.3f}")
    for language in sorted({q["id"][:2] for q in crossing}):
        of = [q for q in crossing if q["id"][:2] == language]
        print(
            f"  {language} ({len(of)} queries): cross recall@10 "
            + ", ".join(
                f"{name} {statistics.mean(_recall(rankings[name][q['id']], q) for q in of):.3f}"
                for name in ("vectors", "lexical", "fused")
            )
        )
    for name in stored:
        same = statistics.mean(
            len(set(rankings[name][q["id"]][:10]) & set(rankings["vectors"][q["id"]][:10])) / 10
            for q in queries
        )
        order = sum(
            rankings[name][q["id"]][:10] != rankings["vectors"][q["id"]][:10] for q in queries
        )
        print(f"{name}: top-10 overlap with float32 {same:.3f}, {order} queries' top 10 reordered")

    ranking = rankings["vectors"]
    missed = sum(_recall(ranking[q["id"]], q) == 0 for q in crossing)
    print(f"worst cross-language queries (vectors; {missed} of {len(crossing)} find none):")
    worst = sorted(crossing, key=lambda q: (_recall(ranking[q["id"]], q), -_mean_rank(ranking, q)))
    for query in worst[:5]:
        ranking = rankings["vectors"][query["id"]]
        places = ", ".join(
            f"{doc} #{ranking.index(doc) + 1 if doc in ranking else '-'}"
            for doc in query["cross_language"]
        )
        print(f"  {query['id']} {query['text']!r}: recall {_recall(ranking, query):.2f}; {places}")


def _centred(scores, languages):
    """Cosines less their mean over the documents of the same language: e5 ranks a query's own
    language higher across the board, and this takes that offset out."""
    scores = scores.copy()
    for language in set(languages):
        scores[languages == language] -= scores[languages == language].mean()
    return scores


def _unit(matrix):
    return (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)


def _mean_rank(rankings, query):
    ranking = rankings[query["id"]]
    return statistics.mean(
        ranking.index(doc) if doc in ranking else len(ranking) for doc in query["cross_language"]
    )


def _recall(ranking, query):
    wanted = set(query["cross_language"])
    return len(wanted & set(ranking[:10])) / len(wanted)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["speed", "quality"])
    parser.add_argument("--ref", help="a branch or commit whose tests/relevance files to use")
    arguments = parser.parse_args()
    if not vectors.available():
        sys.exit("search vectors are unavailable")
    speed() if arguments.what == "speed" else quality(arguments.ref)
