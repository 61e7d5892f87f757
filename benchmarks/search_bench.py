"""Search benchmark: segmenter speed, rebuild throughput and query latency on each engine
at 20,000 generated documents, and the memory of a web process with the dictionary loaded.

    .venv/bin/python benchmarks/search_bench.py [--docs 20000] [--queries 300] [--postgres]
        [--api-small 500]

Uses its own SQLite file (BENCH_DATABASE, default /tmp/tjqms-search-bench.sqlite3), or with
``--postgres`` its own database (tjqms_search_bench) on the server DATABASE_URL names, and,
when ELASTICSEARCH_URL is set, its own index prefix (SEARCH_INDEX_PREFIX, default
tjqms-bench); nothing else is touched. ``/api/search/`` is timed through the test client at
``--api-small`` documents and at ``--docs`` documents (the ratio is the target); on SQLite the
small library has a file of its own (BENCH_DATABASE with ``-<n>`` before its suffix).

``--reuse`` keeps a SQLite library that already holds the asked number of documents instead
of generating and indexing it again (the 20,000 take minutes); ``--api-only`` times only
``/api/search/`` (and ``/search/``) at the two sizes: right after an index write (``api_first``:
each judged query the first since the write) and in the steady state. On a shared machine
compare the CPU-time figures (``*_cpu_*``): SQLite works in the benchmark's own process.
Each engine's latency is given for each judged query's first run after the index was built
(``*_first_latency_*``) and then in the steady state (``*_latency_*``, the targets).
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB = os.environ.get("BENCH_DATABASE", "/tmp/tjqms-search-bench.sqlite3")
POSTGRES_DB = "tjqms_search_bench"


def postgres_bench_url(url):
    """A database of its own on the server of ``url`` (created when missing)."""
    from urllib.parse import urlparse, urlunparse

    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [POSTGRES_DB]
        ).fetchone()
        if not exists:
            connection.execute(f"CREATE DATABASE {POSTGRES_DB}")
    return urlunparse(urlparse(url)._replace(path=f"/{POSTGRES_DB}"))


if "--postgres" in sys.argv:
    # PostgreSQL: DATABASE_URL names the server (source /tmp/svc-env.sh); the benchmark
    # works in a database of its own there.
    os.environ["DATABASE_URL"] = postgres_bench_url(os.environ["DATABASE_URL"])
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("SEARCH_INDEX_PREFIX", "tjqms-bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.dev")

MEMORY_PROBE = """
import os, django
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
django.setup()
import project.urls  # a web process has every view imported
before = rss()
from search.analysis import get_analyzer
get_analyzer().query_terms("预热")
print(before, rss())
"""


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def corpus_texts():
    lines = (ROOT / "search" / "eval" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def segmenter_speed(texts):
    import rjieba

    text = "\n".join(texts) * 20
    results = {}
    candidates = [("rjieba", rjieba.cut)]
    try:
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()
        candidates.append(("jieba", jieba.lcut))
    except ImportError:
        pass
    for name, cut in candidates:
        started = time.perf_counter()
        cut(text)
        results[name] = len(text) / (time.perf_counter() - started)
    from search.analysis import get_analyzer

    analyzer = get_analyzer()
    started = time.perf_counter()
    analyzer.index_text(text)
    results["search.analysis.index_text"] = len(text) / (time.perf_counter() - started)
    return results


def generate(n, docs):
    """n entries made of the corpus's sentences, shuffled, with random facets."""
    from library.reference import data
    from search.analysis import get_analyzer
    from search.indexing import entry_fields
    from search.models import SearchEntry

    rng = random.Random(2024)
    sentences = [s + "。" for d in docs for s in d["body"].replace("\n", "").split("。") if s]
    titles = [d["title"] for d in docs]
    clauses = [c[0] for c in data.CLAUSES if "." in c[0]]
    clause_names = {c[0]: c[1] for c in data.CLAUSES}
    districts = [d[1] for d in data.DISTRICTS]
    industries = [i[1] for i in data.INDUSTRIES]
    get_analyzer()
    SearchEntry.objects.all().delete()
    batch = []
    for i in range(n):
        kind = rng.choice(["lesson", "lesson", "case", "course"])
        title = f"{rng.choice(titles)}（{i}）"
        text = "".join(rng.sample(sentences, 6))
        facets = {
            "type": kind,
            "clause": rng.sample(clauses, 2) if kind == "lesson" else [],
            "district": rng.choice(districts) if kind == "case" else None,
            "industry": [rng.choice(industries)],
            "body": f"认证机构{rng.randint(1, 30)}",
        }
        batch.append(
            SearchEntry(
                kind=kind,
                title=title,
                url=f"/bench/{i}/",
                content=text,
                **dict(
                    zip(
                        ["fields", "length"],
                        entry_fields(title, text, facets, titles=clause_names),
                        strict=True,
                    )
                ),
                body=facets["body"],
                district=facets["district"] or "",
                industry=facets["industry"],
                clause=facets["clause"],
                year=rng.choice([2023, 2024]),
            )
        )
        if len(batch) == 1000:
            SearchEntry.objects.bulk_create(batch)
            batch = []
    SearchEntry.objects.bulk_create(batch)


def latency(engine, queries, rounds):
    from search.service import run_search

    timings, cpu = [], []
    for i in range(rounds):
        query = queries[i % len(queries)]
        started, cpu_started = time.perf_counter(), time.process_time()
        run_search(query, engine=engine)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    latency.cpu = (percentile(cpu, 50), percentile(cpu, 95))
    return percentile(timings, 50), percentile(timings, 95)


def engine_report(report, name, engine, queries, rounds):
    """``<name>_first_latency``: each judged query once, its first run since the index was
    built (what the engine keeps, or Elasticsearch caches, is made then); ``<name>_latency``:
    ``rounds`` more, the steady state."""
    report[f"{name}_first_latency_ms_p50_p95"] = [
        round(v, 1) for v in latency(engine, queries, len(queries))
    ]
    report[f"{name}_latency_ms_p50_p95"] = [round(v, 1) for v in latency(engine, queries, rounds)]


def api_latency(queries, rounds, path="/api/search/"):
    """p50 and p95 of GET ``path`` (the database engine) in milliseconds; the same in the
    process's CPU time in ``api_latency.cpu``."""
    from django.test import Client
    from django.test.utils import override_settings

    client = Client()
    timings, cpu = [], []
    with override_settings(ELASTICSEARCH_URL=None, ALLOWED_HOSTS=["*"]):
        for i in range(rounds):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(path, {"q": queries[i % len(queries)]})
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            assert response.status_code == 200, response.status_code
    api_latency.cpu = (percentile(cpu, 50), percentile(cpu, 95))
    return percentile(timings, 50), percentile(timings, 95)


def use_library(n, docs, reuse, postgres):
    """Make the database hold ``n`` generated, indexed documents. On SQLite each size has a
    file of its own (the largest the BENCH_DATABASE file) and ``reuse`` keeps one already
    holding ``n``; returns the seconds spent generating and indexing (0 when reused)."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from search.models import SearchEntry, SearchPosting
    from search.rebuild import rebuild

    if not postgres:
        path = Path(DB)
        name = str(path) if n == use_library.largest else f"{path.with_suffix('')}-{n}{path.suffix}"
        connection.close()
        connection.settings_dict["NAME"] = name
        call_command("migrate", verbosity=0)
    if reuse and SearchEntry.objects.count() == n and SearchPosting.objects.exists():
        return 0.0
    started = time.perf_counter()
    generate(n, docs)
    with override_settings(ELASTICSEARCH_URL=None):
        rebuild(chunk_size=500, from_pages=False)
    return time.perf_counter() - started


def api_report(report, queries, rounds, label):
    """``/api/search/`` right after an index write (each query the first since it: what the
    database engine keeps is read again, from the terms up), then in the steady state (the
    same queries again, ``rounds`` of them); ``/search/`` in the steady state."""
    from search.indexing import mark_changed

    api_latency(queries[:1], 1)  # the first request of the process
    mark_changed()
    report[f"api_first_latency_ms_p50_p95_at_{label}"] = [
        round(v, 1) for v in api_latency(queries, len(queries))
    ]
    report[f"api_first_latency_cpu_ms_p50_p95_at_{label}"] = [round(v, 1) for v in api_latency.cpu]
    report[f"api_latency_ms_p50_p95_at_{label}"] = [
        round(v, 1) for v in api_latency(queries, rounds)
    ]
    report[f"api_latency_cpu_ms_p50_p95_at_{label}"] = [round(v, 1) for v in api_latency.cpu]
    api_latency(queries, 20, "/search/")  # warm up
    report[f"page_latency_ms_p50_p95_at_{label}"] = [
        round(v, 1) for v in api_latency(queries, rounds, "/search/")
    ]
    report[f"page_latency_cpu_ms_p50_p95_at_{label}"] = [round(v, 1) for v in api_latency.cpu]


def api_ratios(report, small, large):
    names = ("api_first_latency", "api_first_latency_cpu", "api_latency", "api_latency_cpu")
    for name in (*names, "page_latency", "page_latency_cpu"):
        a, b = report[f"{name}_ms_p50_p95_at_{small}"], report[f"{name}_ms_p50_p95_at_{large}"]
        report[f"{name}_ratio_p50_p95"] = [round(b[0] / a[0], 2), round(b[1] / a[1], 2)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--api-small", type=int, default=500)
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--api-only", action="store_true")
    args = parser.parse_args()
    use_library.largest = args.docs

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from search.engines import database_engine, elasticsearch_engine
    from search.evaluation import load_queries
    from search.rebuild import rebuild, rebuild_elasticsearch

    call_command("migrate", verbosity=0)
    docs = corpus_texts()
    report = {"documents": args.docs, "database": connection.vendor}
    queries = [q["query"] for q in load_queries()]
    if args.api_only:
        use_library(args.api_small, docs, args.reuse, args.postgres)
        api_report(report, queries, args.queries, args.api_small)
        use_library(args.docs, docs, args.reuse, args.postgres)
        api_report(report, queries, args.queries, args.docs)
        api_ratios(report, args.api_small, args.docs)
        report["load_average"] = os.getloadavg()[0]
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    if args.api_small:
        use_library(args.api_small, docs, args.reuse, args.postgres)
        api_report(report, queries, args.queries, args.api_small)
    report["segmenter_chars_per_s"] = {
        k: round(v) for k, v in segmenter_speed([d["body"] for d in docs]).items()
    }

    from django.test.utils import override_settings

    if not args.postgres:
        connection.close()
        connection.settings_dict["NAME"] = DB
        call_command("migrate", verbosity=0)
    from search.models import SearchEntry

    if args.reuse and SearchEntry.objects.count() == args.docs:
        report["generate_s"] = report["rebuild_database_docs_per_s"] = "reused"
    else:
        started = time.perf_counter()
        generate(args.docs, docs)
        report["generate_s"] = round(time.perf_counter() - started, 1)
        with override_settings(ELASTICSEARCH_URL=None):
            result = rebuild(chunk_size=500, from_pages=False)
        report["rebuild_database_docs_per_s"] = round(args.docs / result.seconds)

    engine_report(report, "database", database_engine(), queries, args.queries)
    if connection.vendor == "sqlite":
        # On a shared machine: the same on this process's CPU time (SQLite works in it).
        report["database_latency_cpu_ms_p50_p95"] = [round(v, 1) for v in latency.cpu]
    report["load_average"] = os.getloadavg()[0]
    if args.api_small:
        api_report(report, queries, args.queries, args.docs)
        api_ratios(report, args.api_small, args.docs)

    if settings.ELASTICSEARCH_URL:
        engine = elasticsearch_engine()
        started = time.perf_counter()
        rebuild_elasticsearch(chunk_size=500)
        report["rebuild_elasticsearch_docs_per_s"] = round(
            args.docs / (time.perf_counter() - started)
        )
        engine_report(report, "elasticsearch", engine, queries, args.queries)
        engine.drop_all()

    if args.skip_memory:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    probe = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE], capture_output=True, text=True, cwd=ROOT, check=True
    )
    before, after = (float(v) for v in probe.stdout.split())
    report["web_process_rss_mb"] = {
        "without_dictionary": round(before, 1),
        "with_dictionary": round(after, 1),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
