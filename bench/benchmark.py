"""The benchmark: builds N case studies on SQLite (the default set-up), PostgreSQL and
Elasticsearch, serves the platform with gunicorn (2 workers) on loopback, loads it with wrk
from a separate process, times each search of the mix with one client against the bare index
query, and writes a markdown report with absolute figures and side-by-side ratios. Run it
through bench/run."""

import argparse
import json
import math
import os
import platform as host
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
RESULTS = ROOT / "bench" / "results"
MIX = [  # a fixed mix of 1–3 term queries, with and without filters
    "q=heating",
    "q=district+heating",
    "q=tram",
    "q=bicycle+lanes",
    "q=shelters",
    "q=school+retrofits+insulated",
    "q=rubble",
    "q=open+data",
    "q=heat+pumps&city=lviv",
    "q=recycling&theme=waste-management",
    "q=housing&status=completed",
    "q=solar+roofs&year_from=2015&year_to=2020",
    "q=flood&locale=en",
    "q=kindergartens",
    "q=water+supply&city=gdansk&city=warsaw",
    "q=energy+audits",
    "q=budget",  # in most English case studies
    "q=heat+pumps+kindergartens",
    "q=опалення",  # Ukrainian, in their other forms in the case studies
    "q=теплові+насоси",
    "q=сортування+відходів&city=lviv",
    "q=укриття+школах",
    "q=fietspad",  # Dutch and Polish, in other forms than the case studies use
    "q=woonwijken",
    "q=warmtepomp+scholen&locale=nl",
    "q=dzielnica",
    "q=szkoły+przedszkola",
    "q=ciepłownictwo&city=warsaw",
]
QUERIES = [urllib.parse.quote(q, safe="=&+") for q in MIX]  # as they go into a URL
SEARCH_PAGES = [(f"/en/search/?{q}", None) for q in QUERIES]  # wrk's (path, body) requests
PORT = int(os.environ.get("BENCH_SERVER_PORT", "8101"))  # the first of the four web servers
ONE_CLIENT_ROUNDS = 3  # the one-client search lines, taken in turns (Benchmark._one_client)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--smoke", action="store_true", help="a few seconds per part (CI)")
    args = parser.parse_args()
    bench = Benchmark(args.size, seconds=2 if args.smoke else 10, publishes=5 if args.smoke else 50)
    report = bench.run()
    print(report)
    if not args.smoke:
        RESULTS.mkdir(exist_ok=True)
        name = f"{datetime.now(UTC):%Y-%m-%d}-{args.size}.md"
        (RESULTS / name).write_text(report, encoding="utf-8")
        print(f"Written to bench/results/{name}")


class Benchmark:
    def __init__(self, size, seconds, publishes):
        self.size, self.seconds, self.publishes = size, seconds, publishes
        es_url = os.environ["ELASTICSEARCH_TEST_URL"]
        self.env = {
            **os.environ,
            "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/bench",
            "ELASTICSEARCH_URL": es_url,
            "ELASTICSEARCH_INDEX": "bench_case_studies",
            "ELASTICSEARCH_REPLICAS": "0",
            "ELASTICSEARCH_TIMEOUT": "2",  # the default: what a frozen node costs a worker once
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": f"{ROOT}:{ROOT / 'platform'}",
        }
        self.es_url = es_url
        # Case studies are created without their semantic vectors, which _embed times alone.
        self.lexical_env = {**self.env, "SEARCH_VECTORS": "off"}
        self.rows = {}
        self.servers = []

    def run(self):
        self._prepare_database()
        created = self._timed(["create_random_case_studies", str(self.size)], self.lexical_env)
        self._prepare_sqlite()
        self._django_setup()
        self._embed()
        database, elastic = self._rebuild_seconds()
        self.rows["indexing"] = {
            "create_random_case_studies (case studies/s)": self.size / created,
            "rebuild of the database index, PostgreSQL (documents/s)": self.size / database,
            "rebuild of the Elasticsearch index (documents/s)": self.size / elastic,
            "raw bulk of the same documents (documents/s)": self._raw_bulk_rate(),
        }
        with (
            self._server(PORT, engine="elasticsearch") as es_server,
            self._server(PORT + 1, engine="database") as db_server,
            self._server(PORT + 2, engine="elasticsearch", page_cache=True) as cached_server,
            self._server(PORT + 3, engine="database", env=self.sqlite_env) as sqlite_server,
        ):
            self._warm(es_server, db_server, sqlite_server)
            self._measure_search(es_server, db_server, sqlite_server)
            self._measure_each_search(
                {"SQLite": sqlite_server, "PostgreSQL": db_server, "Elasticsearch": es_server}
            )
            self._measure_frozen_node(es_server)
            self._measure_pages(es_server, cached_server)
            self._measure_publish_to_searchable(es_server)
            self.rows["memory"] = {
                f"{name} worker peak RSS, semantic model loaded (MB)": self._peak_rss(server)
                for name, server in (
                    ("Elasticsearch", es_server),
                    ("database", db_server),
                    ("cached", cached_server),
                    ("SQLite", sqlite_server),
                )
            }
        self._count_queries()
        self._measure_alerts()
        return self._report()

    # --- data ---------------------------------------------------------------------------

    def _prepare_database(self):
        import psycopg

        admin_url = self.env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute("DROP DATABASE IF EXISTS bench")
            connection.execute("CREATE DATABASE bench")
        for command in (
            ["migrate", "-v0"],
            ["setup_platform"],
            ["collectstatic", "--no-input", "-v0"],
        ):
            self._manage(command)

    def _prepare_sqlite(self):
        """The same number of case studies in a SQLite database, as `scripts/run` has it."""
        path = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        self.sqlite_env = {**self.env, "DATABASE_URL": f"sqlite:///{path}"}
        for command in (["migrate", "-v0"], ["setup_platform"]):
            self._manage(command, self.sqlite_env)
        seconds = self._timed(
            ["create_random_case_studies", str(self.size)],
            {**self.sqlite_env, "SEARCH_VECTORS": "off"},
        )
        self.rows["sqlite"] = {
            "create_random_case_studies on SQLite (case studies/s)": self.size / seconds,
            "rebuild of the database index, SQLite (documents/s)": _floor(
                self.sqlite_env, "rebuild"
            ),
        }

    def _embed(self):
        """The semantic vectors of every case study, as the queued task computes them
        (search/vector_index.py) on two threads, timed; then copied into the SQLite database,
        whose case studies are the same (the same seed): embedding them twice would take as
        long again and measure nothing new."""
        from django.conf import settings

        from search import vector_index
        from search.models import IndexedCaseStudy

        settings.SEARCH_VECTORS_THREADS = 2
        started = time.perf_counter()
        done = vector_index.fill_missing(progress=_progress("embedding"))
        seconds = time.perf_counter() - started
        stored = IndexedCaseStudy.objects.values_list("embedding", "passage")
        path = self.sqlite_env["DATABASE_URL"].removeprefix("sqlite:///")
        with sqlite3.connect(path) as sqlite:
            sqlite.executemany(
                f"UPDATE {IndexedCaseStudy._meta.db_table} SET embedding = ? WHERE passage = ?",
                [(bytes(vector), key) for vector, key in stored],
            )
        self.rows["vectors"] = {
            "semantic vectors, 2 threads (passages/s)": done / seconds,
            "semantic vectors, 2 threads (minutes for all)": seconds / 60,
            **self._vector_search_costs(),
        }

    @staticmethod
    def _vector_search_costs():
        """In this process: a query's embedding (one thread, as a web worker), reading the
        stored vectors once, and the exact cosine of a query with all of them, centred, and the
        nearest picked as the database engine does (search/engines/database.py)."""

        from search import fusion, vector_index, vectors
        from search.engines.database import CANDIDATES

        texts = [urllib.parse.parse_qs(q)["q"][0] for q in MIX]
        for text in texts:  # the embedding table's rows the queries use are paged in
            vectors.embed_query(text)
        embedding = [_timed_ms(vectors.embed_query, text) for text in texts]
        vector_index.changed()
        loaded = _timed_ms(vector_index.matrix)
        matrix = vector_index.matrix()
        queries = [vectors.embed_query(text) for text in texts]

        def ranked(vector):  # the nearest rows whose facets the engine reads first
            vectors.top(matrix.scores(vector, centred=fusion.CENTRED), fusion.NEAREST * CANDIDATES)

        cosine = [_timed_ms(ranked, vector) for vector in queries * 4]
        return {
            "query embedding, 1 thread, p95 (ms)": _p95(embedding),
            f"cosine with all {len(matrix.ids):,} vectors, centred, nearest picked, p95 (ms)": _p95(
                cosine
            ),
            "stored vectors read into a worker (ms)": loaded,
        }

    def _manage(self, arguments, env=None):
        subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), *arguments],
            env=env or self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def _timed(self, arguments, env=None):
        started = time.perf_counter()
        self._manage(arguments, env)
        return time.perf_counter() - started

    @staticmethod
    def _rebuild_seconds():
        """What the rebuild command does, the database index and the Elasticsearch index each
        timed, in this process like the raw bulk load it is compared with, so neither pays for
        starting Python and Django. Then the updates that the bulk creation queued and a busy
        node did not take within the site's timeout are applied, as apply_search_updates
        would: otherwise the first publication measured would send them all again."""
        from django.test import override_settings

        from search.engines import elastic_index
        from search.indexing import apply_pending_updates, rebuild_database_index, rebuild_index

        started = time.perf_counter()
        rebuild_database_index()
        database = time.perf_counter() - started
        rebuild_index()
        elastic = time.perf_counter() - started - database
        with override_settings(ELASTICSEARCH_TIMEOUT=120):
            elastic_index.client.cache_clear()
            apply_pending_updates()
        elastic_index.client.cache_clear()
        return database, elastic

    def _django_setup(self):
        os.environ.update(self.env)
        sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
        import django

        django.setup()

    def _raw_bulk_rate(self):
        """The floor: the same documents, prepared beforehand, bulk-loaded into a fresh index
        with the same mapping, without the platform in between."""
        from search.documents import document_batches
        from search.engines import elastic_index

        es = elastic_index.client(timeout=120)
        documents = [document for batch in document_batches() for document in batch]
        index = elastic_index.create_index(es, "bench_raw_bulk")
        started = time.perf_counter()
        elastic_index.write(es, documents, index=index, refresh=False)
        es.indices.refresh(index=index)
        seconds = time.perf_counter() - started
        es.indices.delete(index=index)
        return len(documents) / seconds

    # --- servers and load ---------------------------------------------------------------

    @contextmanager
    def _server(self, port, engine, page_cache=False, env=None):
        env = {**(env or self.env), "PAGE_CACHE_SECONDS": "300" if page_cache else "0"}
        if engine == "database":
            env["ELASTICSEARCH_URL"] = ""
        process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "mariupol_reborn.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--env",
                "DJANGO_SETTINGS_MODULE=bench.settings",
            ],
            env=env,
            cwd=ROOT,
        )
        server = {"url": f"http://127.0.0.1:{port}", "process": process}
        self.servers.append(server)
        try:
            self._wait_for(server["url"] + "/en/")
            yield server
        finally:
            self.servers.remove(server)
            process.terminate()
            process.wait(timeout=30)

    @staticmethod
    def _wait_for(url):
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=5)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{url} did not answer")

    def _warm(self, *servers):
        """The search page's mix, 10 connections for three lines' time against each server,
        not measured: the searches' code compiled and their data read, as on a node that has
        served for a while. Just after the node starts and the index is rebuilt, each search
        costs Elasticsearch twice the CPU for its first few hundred searches (about 74 ms a
        search for the first 112, 31 ms after 450)."""
        for server in servers:
            print(f"  warming {server['url']}", flush=True)
            self._load(server["url"], SEARCH_PAGES, seconds=3 * self.seconds)

    def _load(self, base_url, requests, method="GET", connections=10, seconds=None):
        """wrk with 10 connections (or as given) for self.seconds (or as given) over the given
        (path, body) requests."""
        self._wait_until_idle()
        seconds = seconds or self.seconds
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        entries = ",\n".join(
            f"{{{json.dumps(path)}, {json.dumps(body) if body else 'nil'}}}"
            for path, body in requests
        )
        script.write(WRK_SCRIPT.replace("ENTRIES", entries).replace("METHOD", method))
        script.close()
        output = subprocess.run(
            [
                "wrk",
                f"-t{min(2, connections)}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                base_url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        os.unlink(script.name)
        figures = {k: float(v) for k, v in re.findall(r"^RESULT (\w+) ([\d.]+)$", output, re.M)}
        if "rps" not in figures or figures.get("errors"):
            raise RuntimeError(f"wrk against {base_url}{requests[0][0]} failed:\n{output}")
        if not figures["rps"]:  # every request took longer than the whole line
            print(f"  {requests[0][0][:60]}: none finished in {seconds} s", flush=True)
            return {
                "p50": None,
                "p95": None,
                "p99": None,
                "rps": 0.0,
                "timeouts": figures["timeouts"],
            }
        print(
            f"  {requests[0][0][:60]}: p95 {figures['p95']:.1f} ms, {figures['rps']:.0f}/s",
            flush=True,
        )
        return figures

    def _measure_search(self, es_server, db_server, sqlite_server):
        from django.contrib.auth.models import AnonymousUser
        from django.http import QueryDict
        from django.test import RequestFactory

        from search.engines.elastic import ElasticsearchEngine
        from search.facets import allowed_values
        from search.query import parse_search_params

        request = RequestFactory().get("/")
        request.user, request.session = AnonymousUser(), {}
        engine = ElasticsearchEngine()
        raw = [
            (
                "/bench_case_studies/_search",
                json.dumps(
                    engine.build(
                        parse_search_params(QueryDict(q), allowed_values()), engine.hidden(request)
                    ).to_dict()
                ),
            )
            for q in QUERIES
        ]
        api = [(f"/api/v2/search/?{q}", None) for q in QUERIES]
        peer = [(f"/bench/wagtail-search/?{q.split('&')[0]}", None) for q in QUERIES]
        self.rows["search"] = {
            "raw Elasticsearch, same request bodies (floor)": self._load(self.es_url, raw, "POST"),
            "search page, Elasticsearch": self._load(es_server["url"], SEARCH_PAGES),
            "search API, Elasticsearch": self._load(es_server["url"], api),
            "search page, database (PostgreSQL)": self._load(db_server["url"], SEARCH_PAGES),
            "search API, database (PostgreSQL)": self._load(db_server["url"], api),
            "Wagtail built-in search, same data (peer)": self._load(es_server["url"], peer),
            **self._one_client(
                {
                    "Elasticsearch": es_server,
                    "database (PostgreSQL)": db_server,
                    "database (SQLite)": sqlite_server,
                }
            ),
        }

    def _one_client(self, servers):
        """The search page with one client on each server, in ONE_CLIENT_ROUNDS turns across
        them, so that a slow spell of the machine spoils one round, not a server's only line:
        each server's round with the median p95, by line name; every round's p95 goes to
        self.rows["one client"]."""
        rounds = {name: [] for name in servers}
        for _ in range(ONE_CLIENT_ROUNDS):
            for name, server in servers.items():
                rounds[name].append(self._load(server["url"], SEARCH_PAGES, connections=1))
        self.rows["one client"] = {
            f"search page, {name}, 1 client: p95 of each round (ms)": " · ".join(
                _ms(figures["p95"]) for figures in runs
            )
            for name, runs in rounds.items()
        }
        return {
            f"search page, {name}, 1 client": sorted(runs, key=_p95_or_worst)[len(runs) // 2]
            for name, runs in rounds.items()
        }

    def _measure_each_search(self, servers):
        """Each search of the mix alone, one client, against the bare index query of the
        database engines (bench/floor.py), p95 in ms per query."""
        repeats = 5 if self.seconds < 5 else 20
        for server in servers.values():  # every worker loads what it loads on first use
            for _ in range(4):
                _get(f"{server['url']}/en/search/?{QUERIES[-1]}")
        self._wait_until_idle()
        self.each = {
            name: {q: self._sequential(f"{server['url']}/en/search/?{q}", repeats) for q in QUERIES}
            for name, server in servers.items()
        }
        for name, env in (("SQLite", self.sqlite_env), ("PostgreSQL", self.env)):
            floors = _floor(env, "search", json.dumps(QUERIES), str(repeats))
            self.each[f"{name} index query (floor)"] = floors
        took = _floor(self.env, "took", json.dumps(QUERIES), str(repeats))
        self.each["Elasticsearch index query (floor)"] = took

    def _measure_frozen_node(self, es_server):
        """Search throughput with the Elasticsearch node frozen (scripts/elasticsearch pause):
        the site must go on answering from the database without waiting for the node."""
        subprocess.run([str(ROOT / "scripts" / "elasticsearch"), "pause"], check=True)
        try:
            for _ in range(4):  # each worker waits for the node once, then its breaker opens
                _get(f"{es_server['url']}/en/search/?{QUERIES[0]}")
            frozen = self._load(es_server["url"], SEARCH_PAGES)
        finally:
            subprocess.run([str(ROOT / "scripts" / "elasticsearch"), "resume"], check=True)
        self.rows["search"]["search page, Elasticsearch node frozen"] = frozen

    @staticmethod
    def _sequential(url, repeats):
        times = []
        for _ in range(repeats + 1):
            started = time.perf_counter()
            _get(url)
            times.append((time.perf_counter() - started) * 1000)
        times = sorted(times[1:])  # the first request warms the caches
        return times[max(0, int(len(times) * 0.95 + 0.5) - 1)]

    def _measure_pages(self, es_server, cached_server):
        from learning.models import CaseStudyPage

        urls = [page.url for page in CaseStudyPage.objects.live().order_by("?")[:50]]
        case_studies = [(url, None) for url in urls]
        static = [("/static/css/platform.css", None)]
        self._load(cached_server["url"], case_studies)  # fill the cache
        self.rows["pages"] = {
            "case study page, uncached": self._load(es_server["url"], case_studies),
            "case study page, uncached, 1 client": self._load(
                es_server["url"], case_studies, connections=1
            ),
            "case study page, page cache": self._load(cached_server["url"], case_studies),
            "static file, same server (floor)": self._load(cached_server["url"], static),
        }

    def _measure_publish_to_searchable(self, es_server):
        """Publishes case studies one by one and waits until the search API finds each. One not
        found within a minute is counted, with why, and the next one is measured."""
        from learning.models import CaseStudyPage
        from search.models import IndexedCaseStudy

        seconds, embedded, lost = [], [], []
        for page in CaseStudyPage.objects.live().order_by("?")[: self.publishes]:
            token = f"published{uuid.uuid4().hex}"
            started = time.perf_counter()
            page.title = f"{page.title.split(' #')[0]} #{token}"
            page.save_revision().publish()
            # The task after commit computes the new title's vector (the immediate backend
            # runs it in this process: as a worker would, without a queue before it).
            while IndexedCaseStudy.objects.filter(page_id=page.pk, embedding=None).exists():
                if time.perf_counter() - started > 60:
                    raise RuntimeError(f"case study {page.pk} has no vector after 60 s")
                time.sleep(0.02)
            embedded.append(time.perf_counter() - started)
            url = f"{es_server['url']}/api/v2/search/?q={token}"
            retried, applied = started, None
            while page.pk not in self._result_ids(url):
                if time.perf_counter() - started > 60:
                    lost.append(self._why_not_found(page, applied))
                    break
                if time.perf_counter() - retried > 1:
                    # An update the node was too slow for stays queued; apply_search_updates,
                    # run on a schedule in production, sends it again.
                    command = [PYTHON, str(ROOT / "manage.py"), "apply_search_updates"]
                    applied = subprocess.run(command, env=self.env, capture_output=True, text=True)
                    retried = time.perf_counter()
                time.sleep(0.02)
            else:
                seconds.append(time.perf_counter() - started)
        for reason in lost:
            print(f"Not searchable after 60 s: {reason}", file=sys.stderr)
        seconds.sort()
        self.rows["publish"] = {
            "publish to searchable p50 (s)": statistics.median(seconds) if seconds else None,
            "publish to searchable p95 (s)": seconds[max(0, int(len(seconds) * 0.95) - 1)]
            if seconds
            else None,
            "published case studies not searchable within 60 s": len(lost),
            "publish to semantic vector stored p95 (s)": _p95(embedded),
        }

    def _why_not_found(self, page, applied):
        """What the queue and the last apply_search_updates said about a lost update."""
        from search.models import PendingIndexUpdate

        queued = list(PendingIndexUpdate.objects.values_list("page_id", "attempts", "last_error"))
        output = (applied.stdout + applied.stderr).strip()[-500:] if applied else "not run"
        return f"case study {page.pk}; queue {queued[:5]}; apply_search_updates: {output}"

    @staticmethod
    def _result_ids(url):
        with urllib.request.urlopen(url) as response:
            return {result["id"] for result in json.load(response)["results"]}

    def _measure_alerts(self):
        """bench/alerts.py on this run's SQLite database: the background task matching one
        publication against 10,000 saved searches (a few hundred in a smoke run)."""
        saved = 300 if self.publishes < 10 else 10_000
        command = [
            PYTHON,
            str(ROOT / "bench" / "alerts.py"),
            "--database",
            self.sqlite_env["DATABASE_URL"].removeprefix("sqlite:///"),
            "--saved-searches",
            str(saved),
            "--follows",
            str(saved // 5),
            "--members",
            str(saved // 5),
            "--publications",
            str(min(self.publishes, 10)),
            "--json",
        ]
        figures = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
        what = f"{figures['saved searches']:,} saved searches"
        self.rows["alerts"] = {
            f"matching one publication against {what}, median (s)": figures["median"],
            f"matching one publication against {what}, slowest (s)": figures["max"],
        }

    @staticmethod
    def _wait_until_idle():
        """Work still queued when a line ends, in the server's workers, the Elasticsearch node
        or the database (a node's merges and collections after a loaded line), would slow
        down the next line: wait until the machine's cores were nine tenths idle for half a
        second (at most ten seconds: a machine busy with other work gets no quieter)."""
        for _ in range(20):
            busy, total = _cpu_times()
            time.sleep(0.5)
            busy_after, total_after = _cpu_times()
            if busy_after - busy <= 0.1 * (total_after - total):
                return

    @staticmethod
    def _peak_rss(server):
        peaks = []
        for pid in _workers(server):
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
        return max(peaks)

    def _count_queries(self):
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from learning.models import CaseStudyPage

        client = Client(HTTP_HOST="127.0.0.1")
        page = CaseStudyPage.objects.live().first()
        urls = {
            "case study page": page.url,
            "theme page": "/en/themes/energy-efficiency/",
            "search page (Elasticsearch)": "/en/search/?q=district+heating",
        }
        counts = {}
        for name, url in urls.items():
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[f"{name} (SQL queries)"] = len(queries)
        self.rows["queries"] = counts

    # --- report -------------------------------------------------------------------------

    def _report(self):
        search, pages, indexing = self.rows["search"], self.rows["pages"], self.rows["indexing"]
        floor = search["raw Elasticsearch, same request bodies (floor)"]["p95"]
        peer = search["Wagtail built-in search, same data (peer)"]["p95"]
        site = search["search page, Elasticsearch"]["p95"]
        healthy = search["search page, Elasticsearch"]["rps"]
        frozen = search["search page, Elasticsearch node frozen"]["rps"]
        lines = [
            f"# Benchmark: {self.size:,} case studies",
            "",
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} cores · "
            f"{host.system()} · Python {host.python_version()} · PostgreSQL · Elasticsearch · "
            f"gunicorn 2 workers · wrk 10 connections unless the line says 1 client, "
            f"{self.seconds} s per line",
            "",
            "| Requests | p50 ms | p95 ms | p99 ms | requests/s | over 10 s |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, figures in {**search, **pages}.items():
            latencies = " | ".join(_ms(figures[p]) for p in ("p50", "p95", "p99"))
            timeouts = int(figures["timeouts"])
            rate = f"{figures['rps']:.1f}" if figures["rps"] < 10 else f"{figures['rps']:.0f}"
            lines.append(f"| {name} | {latencies} | {rate} | {timeouts} |")
        lines += ["", "| Measure | value |", "| --- | ---: |"]
        for group in (
            "one client",
            "indexing",
            "sqlite",
            "vectors",
            "publish",
            "alerts",
            "queries",
            "memory",
        ):
            for name, value in self.rows[group].items():
                lines.append(
                    f"| {name} | {value:.2f} |"
                    if isinstance(value, float)
                    else f"| {name} | {'none' if value is None else value} |"
                )
        lines += self._each_search_table()
        cached = pages["case study page, page cache"]["rps"]
        static = pages["static file, same server (floor)"]["rps"]
        rebuild_ratio = (
            indexing["rebuild of the Elasticsearch index (documents/s)"]
            / indexing["raw bulk of the same documents (documents/s)"]
        )
        lines += [
            "",
            "| Ratio (same run) | value | target |",
            "| --- | ---: | --- |",
            f"| search page p95 ÷ raw Elasticsearch p95 | {_ratio(site, floor)} | ≤ 2 |",
            f"| search page p95 ÷ Wagtail built-in search p95 | {_ratio(site, peer)} | |",
            f"| search throughput, node frozen ÷ healthy | {frozen / healthy:.2f} | ≥ 0.5 |",
            f"| cached page throughput ÷ static file throughput | {cached / static:.2f} | ≥ 0.5 |",
            f"| Elasticsearch rebuild documents/s ÷ raw bulk documents/s | {rebuild_ratio:.2f} "
            "| ≥ 0.5 |",
            "",
        ]
        return "\n".join(lines)

    def _each_search_table(self):
        """Per query: the search page with one client on each engine, and the database
        engines' bare index query, p95 ms; then the worst query and the page ÷ floor ratio."""
        engines = ["SQLite", "PostgreSQL", "Elasticsearch"]
        floors = {name: self.each[f"{name} index query (floor)"] for name in engines}
        lines = [
            "",
            "Each search alone, one client, p95 ms (search page; in brackets the bare index query "
            "on the databases, Elasticsearch's own `took` for the engine's request)",
            "",
            "| Query | " + " | ".join(engines) + " |",
            "| --- | " + " | ".join("---:" for _ in engines) + " |",
        ]
        for q in QUERIES:
            cells = [
                f"{self.each[name][q]:.1f}"
                + (f" ({floors[name][q]:.1f})" if name in floors else "")
                for name in engines
            ]
            lines.append(f"| `{urllib.parse.unquote_plus(q)[2:]}` | " + " | ".join(cells) + " |")
        worst = [f"{max(self.each[name].values()):.1f}" for name in engines]
        lines.append("| **worst query** | " + " | ".join(worst) + " |")
        ratios = [
            f"{max(self.each[name][q] / max(floors[name][q], 1.0) for q in QUERIES):.1f}"
            if name in floors
            else ""
            for name in engines
        ]
        lines.append("| **worst page ÷ max(floor, 1 ms)** | " + " | ".join(ratios) + " |")
        return lines


def _floor(env, *arguments):
    """What bench/floor.py measures, run on the database of `env`."""
    output = subprocess.run(
        [PYTHON, str(ROOT / "bench" / "floor.py"), *arguments],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.splitlines()[-1])


def _timed_ms(function, *args):
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


def _p95(values):
    values = sorted(values)
    return values[max(0, int(len(values) * 0.95 + 0.5) - 1)]


def _progress(label):
    """A progress callback printing to stderr every tenth of the way, with the rate so far."""
    started, shown = time.perf_counter(), [0]

    def show(done, total):
        if done * 10 // max(total, 1) > shown[0] or done == total:
            shown[0] = done * 10 // max(total, 1)
            rate = done / max(time.perf_counter() - started, 1e-9)
            print(f"  {label}: {done}/{total}, {rate:.1f}/s", file=sys.stderr, flush=True)

    return show


def _get(url):
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()


def _cpu_times():
    """The machine's CPU time so far (/proc/stat, in ticks): busy, and busy plus idle."""
    user, nice, system, idle, iowait, irq, softirq = map(
        int, Path("/proc/stat").read_text().split()[1:8]
    )
    busy = user + nice + system + irq + softirq
    return busy, busy + idle + iowait


def _workers(server):
    """The process ids of a gunicorn server's workers."""
    master = str(server["process"].pid)
    return subprocess.run(["pgrep", "-P", master], capture_output=True, text=True).stdout.split()


def _ms(value):
    """A latency in ms, or why there is none: no request finished within the line."""
    return "none finished" if value is None else f"{value:.1f}"


def _p95_or_worst(figures):
    """A line's p95 for ordering lines; a line where no request finished comes last."""
    return math.inf if figures["p95"] is None else figures["p95"]


def _ratio(value, floor):
    return "n/a" if value is None or floor is None else f"{value / floor:.2f}"


WRK_SCRIPT = """
local entries = {
ENTRIES
}
local i = 0
request = function()
  i = i % #entries + 1
  local entry = entries[i]
  local headers = {}
  if entry[2] then headers["Content-Type"] = "application/json" end
  return wrk.format("METHOD", entry[1], headers, entry[2])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT p50 %.3f\\n", latency:percentile(50) / 1000))
  io.write(string.format("RESULT p95 %.3f\\n", latency:percentile(95) / 1000))
  io.write(string.format("RESULT p99 %.3f\\n", latency:percentile(99) / 1000))
  io.write(string.format("RESULT rps %.3f\\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("RESULT errors %d\\n", summary.errors.status + summary.errors.connect
                                                + summary.errors.read))
  io.write(string.format("RESULT timeouts %d\\n", summary.errors.timeout))
end
"""

if __name__ == "__main__":
    main()
