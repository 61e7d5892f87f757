"""Import benchmark: ``import_library`` throughput (documents per second) on SQLite.

    .venv/bin/python benchmarks/import_bench.py [--docs 2000] [--publish]

Builds a throwaway SQLite database (BENCH_DATABASE, default /tmp/tjqms-import-bench.sqlite3)
with the initial site, writes ``--docs`` JSON lines made from the judged corpus
(search/eval/corpus.jsonl: lessons and cases, each with a new slug), and times
``manage.py import_library`` on them: a first run that creates every page and a second one
that updates them all. With ``--publish`` the lines are published as seed data (the judged
corpus is loaded that way by ``search_eval --load``) and the search index is written too.
Prints documents per second of wall-clock time and of the import process's CPU time.
"""

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")
DB = os.environ.get("BENCH_DATABASE", "/tmp/tjqms-import-bench.sqlite3")

RUN = """
import sys, time, django
django.setup()
from contextlib import nullcontext
from review.publication import seed_publication
from search.importer import import_lines
publish = sys.argv[2] == "publish"
lines = open(sys.argv[1], "rb").readlines()
started, cpu = time.perf_counter(), time.process_time()
with seed_publication() if publish else nullcontext():
    report = import_lines(lines, publish=publish)
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
print(report.created, report.updated, len(report.failed), seconds, cpu)
if report.failed:
    print(report.failed[:3], file=sys.stderr)
"""


def lines(count):
    corpus = [
        json.loads(line)
        for line in (ROOT / "search" / "eval" / "corpus.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    for i in range(count):
        item = dict(corpus[i % len(corpus)])
        item["slug"] = f"{item['slug']}-b{i}"
        yield json.dumps(item, ensure_ascii=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--publish", action="store_true")
    parser.add_argument("--create-only", action="store_true", help="skip the second (update) run")
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DB}",
        "DJANGO_SETTINGS_MODULE": "project.settings.dev",
        "TASKS_BACKEND": "immediate",
        "ELASTICSEARCH_URL": "",
        "PAGE_CACHE_ENABLED": "false",
    }
    Path(DB).unlink(missing_ok=True)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [PY, "manage.py", "load_initial_data"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        f.write("\n".join(lines(args.docs)))
    mode = "publish" if args.publish else "draft"
    report = {"documents": args.docs, "mode": mode}
    for label in ("create",) if args.create_only else ("create", "update"):
        started = time.perf_counter()
        out = subprocess.run(
            [PY, "-c", RUN, f.name, mode], cwd=ROOT, env=env, check=True, capture_output=True
        )
        wall = time.perf_counter() - started
        created, updated, failed, seconds, cpu = out.stdout.decode().split()
        report[label] = {
            "created": int(created),
            "updated": int(updated),
            "failed": int(failed),
            "seconds": round(float(seconds), 2),
            "documents_per_s": round(args.docs / float(seconds), 1),
            # The machine may be shared: the rate on this process's own CPU time too (the
            # database is a local SQLite file, so its work is in this process).
            "documents_per_cpu_s": round(args.docs / float(cpu), 1),
            "process_s": round(wall, 2),
        }
        if out.stderr.strip():
            report[label]["stderr"] = out.stderr.decode()[-500:]
    os.unlink(f.name)
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
