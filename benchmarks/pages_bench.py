"""Benchmark: the public pages under gunicorn on SQLite, with and without the page cache,
through nginx in front with the shipped configuration (deploy/nginx/: cached anonymous pages
from the page cache's files), against Debian's nginx serving the same saved HTML; then
worker memory.

    .venv/bin/python benchmarks/pages_bench.py [--seconds 5] [--large 4000]
    .venv/bin/python benchmarks/pages_bench.py --memory-only [--database demo.sqlite3]
        [--memory-load SECONDS]

Builds two throwaway SQLite databases in /tmp (the demo content, and the demo plus
``--large`` items: half lessons, half cases), starts gunicorn (ops/gunicorn.conf.py, two
workers) and nginx on loopback ports, and drives each page with ``wrk`` against 127.0.0.1
for a bounded time. Prints requests/s and mean latency per page and setting, the ratios
the targets are stated in, and each warm worker's RSS, PSS (its share of pages shared
with the master) and USS (its own pages only). Needs: apt-get install nginx-light wrk.

``--memory-only`` measures the memory alone (no wrk or nginx needed): gunicorn on the demo
content (built, or ``--database`` when given one already built), every main public page and
a search requested by concurrent clients until both workers have served them, then the
same memory figures. ``--memory-load SECONDS`` then drives each of those pages with ``wrk``
for that long (as the full benchmark's uncached run does) and measures once more: the
figure a worker settles at under load.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, unquote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ops.nginx import Nginx as FrontNginx  # noqa: E402 - after the path is set

PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
APP_PORT, NGINX_PORT, FRONT_PORT = 18531, 18532, 18533
ROUNDS = 3


def run(cmd, env=None, **kwargs):
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


def site_env(db, cache_on, cache_dir, html_dir=None):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings.production",
        "DATABASE_URL": f"sqlite:///{db}",
        "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "PAGE_CACHE_ENABLED": "true" if cache_on else "false",
        "PAGE_CACHE_DIR": str(cache_dir),
        "PAGE_CACHE_HTML_DIR": str(html_dir) if html_dir else "",
        "TASKS_BACKEND": "immediate",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{APP_PORT}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_MAX_REQUESTS": "0",
    }


BUILD_LARGE = """
import django; django.setup()
from courses.models import CoursePage
from library.models import CertificationBody
from tests.cases.factories import bulk_cases
from tests.courses.factories import bulk_lessons
half = {half}
courses = list(CoursePage.objects.live().order_by("path")[:10])
per = half // len(courses)
for course in courses:
    bulk_lessons(course, per, clauses=("8.4", "8.5.1", "9.2"))
from library.models import District
districts = list(District.objects.order_by("id")[:8])
for d in districts:
    bulk_cases(half // len(districts), district_name=d.name)
from library import pagecache; pagecache.bump()
print("large content built")
"""


def build_db(path, large, env):
    path.unlink(missing_ok=True)
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env=env)
    run([PY, "manage.py", "load_initial_data", "--demo"], env=env, stdout=subprocess.DEVNULL)
    if large:
        test_env = {**env, "DJANGO_SETTINGS_MODULE": "project.settings.dev"}
        run([PY, "-c", BUILD_LARGE.format(half=large // 2)], env=test_env)


def pages(env):
    """The main public pages of the database in ``env``: one of each kind. The case is the
    demo's first (the lowest id), the same page in both contents: the first by path would be a
    bulk case of another district in the large content."""
    code = """
import django, json; django.setup()
from library.models import HomePage
from courses.models import CourseIndexPage, BodyCoursesPage, CoursePage, LessonPage
from cases.models import CaseIndexPage, DistrictCasesPage, CasePage
from django.db.models import Count
def first(model):
    return model.objects.live().order_by("path").first().url
busiest = BodyCoursesPage.objects.live().order_by("-numchild").first().url
course = CoursePage.objects.live().order_by("-numchild").first().url
section = DistrictCasesPage.objects.live().order_by("-numchild").first().url
print(json.dumps({"home": first(HomePage), "course list": first(CourseIndexPage),
  "body section": busiest, "course": course, "lesson": first(LessonPage),
  "case library": first(CaseIndexPage), "district section": section,
  "case": CasePage.objects.live().order_by("id").first().url,
  "browse by clause": "/clauses/"}))
"""
    out = run([PY, "-c", code], env=env, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def wait_for(url, seconds=60, header=None):
    """The body of ``url`` once it answers 200 (and, with ``header``, the X-Page-Cache value
    it answered with as well)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read()
                return (body, response.headers.get("X-Page-Cache")) if header else body
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def wrk(url, seconds, connections=8):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = re.search(r"Latency\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[latency.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, float(latency.group(1)) * scale, int(non2xx.group(1)) if non2xx else 0


def memory_of(master_pid):
    """(pid, role, RSS, PSS, USS) in MB for the gunicorn master and each worker, from
    /proc/<pid>/smaps_rollup: PSS counts a page shared by n processes as 1/n, USS only the
    process's own (private) pages."""
    rows = []
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    for role, pid in [("master", str(master_pid)), *(("worker", pid) for pid in children)]:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()

        def field(name, text=rollup):
            return int(re.search(rf"^{name}:\s+(\d+)", text, re.M).group(1)) / 1024

        uss = field("Private_Clean") + field("Private_Dirty")
        rows.append((int(pid), role, field("Rss"), field("Pss"), uss))
    return rows


class Gunicorn:
    def __init__(self, env):
        self.env = env

    def __enter__(self):
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "ops/gunicorn.conf.py", "--access-logfile", "/dev/null"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(f"http://127.0.0.1:{APP_PORT}/health/live/")
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


class Nginx:
    def __init__(self, root, work):
        self.root, self.work = root, work

    def __enter__(self):
        conf = self.work / "nginx.conf"
        # As root, nginx's workers would switch to "nobody", who cannot read the private /tmp dir.
        user = "user root;" if os.getuid() == 0 else ""
        conf.write_text(
            f"""{user} worker_processes 2; pid {self.work}/nginx.pid; error_log {self.work}/error.log;
daemon off;
events {{ worker_connections 256; }}
http {{ access_log off; default_type text/html; sendfile on; keepalive_requests 100000;
  client_body_temp_path {self.work}; proxy_temp_path {self.work}; fastcgi_temp_path {self.work};
  uwsgi_temp_path {self.work}; scgi_temp_path {self.work};
  server {{ listen 127.0.0.1:{NGINX_PORT}; root {self.root};
    location / {{ try_files $uri $uri/index.html =404; }} }} }}
"""
        )
        self.process = subprocess.Popen(
            ["nginx", "-c", str(conf), "-p", str(self.work)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGQUIT)
        self.process.wait(timeout=30)


def bench_content(label, db, large, seconds, work):
    cache_dir = work / f"cache-{label}"
    env_off = site_env(db, False, cache_dir)
    front_html = work / f"front-{label}"
    env_on = site_env(db, True, cache_dir, front_html)
    print(f"\n== {label} content ({large or 'demo'} items): building {db} ...", flush=True)
    build_db(db, large, env_off)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env=env_off)
    urls = pages(env_off)
    html_root = work / f"html-{label}"
    results = {}
    with Gunicorn(env_off) as server:
        for name, path in urls.items():
            body = wait_for(f"http://127.0.0.1:{APP_PORT}{path}")
            # nginx looks files up by the decoded path (Chinese slugs).
            target = html_root / unquote(path).lstrip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            results[name] = {"path": path, "kb": len(body) / 1024}
            results[name]["uncached"] = wrk(f"http://127.0.0.1:{APP_PORT}{path}", seconds)
        memory = memory_of(server.process.pid)
    with Gunicorn(env_on):
        for name, path in urls.items():
            wait_for(f"http://127.0.0.1:{APP_PORT}{path}")
            results[name]["cached"] = wrk(f"http://127.0.0.1:{APP_PORT}{path}", seconds)
        upstream = f"127.0.0.1:{APP_PORT}"
        # The headers the site's settings give nginx, as a deployment writes them.
        headers = subprocess.run(
            [PY, "manage.py", "nginx_headers"],
            cwd=ROOT,
            env=env_on,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        front = FrontNginx(
            work / f"front-nginx-{label}", FRONT_PORT, upstream, front_html, headers=headers
        )
        with front, Nginx(html_root, work):
            for name, path in urls.items():
                url = f"http://127.0.0.1:{FRONT_PORT}{path}"
                wait_for(url)
                _body, state = wait_for(url, header=True)
                if state != "FILE":
                    raise SystemExit(f"nginx in front did not answer {path} from its file: {state}")
                # Interleaved rounds, the best of each: the two are compared under the same
                # load from whatever else runs on the machine.
                rounds = {"front": [], "nginx": []}
                for _ in range(ROUNDS):
                    rounds["front"].append(wrk(url, seconds))
                    rounds["nginx"].append(wrk(f"http://127.0.0.1:{NGINX_PORT}{path}", seconds))
                for key, runs in rounds.items():
                    results[name][key] = max(runs, key=lambda run: run[0])
    print(json.dumps({"content": label, "pages": results, "memory": memory}), flush=True)
    return results, memory


def print_memory(measured):
    for label, rows in measured:
        for pid, role, rss, pss, uss in rows:
            print(f"  {label:6} {role:6} {pid}: RSS {rss:6.1f}  PSS {pss:6.1f}  USS {uss:6.1f}")


def memory_only(database=None, load_seconds=0):
    """Worker memory after the main public pages and a search, on the demo content (or
    ``database``); with ``load_seconds``, also after ``wrk`` drove each page that long."""
    work = Path(tempfile.mkdtemp(prefix="tjqms-bench-"))
    db = database.resolve() if database else work / "demo.sqlite3"
    env = site_env(db, False, work / "cache")
    if not database:
        print(f"building {db} ...", flush=True)
        build_db(db, 0, env)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env=env)
    paths = [*pages(env).values(), "/search/?q=" + quote("内审")]
    with Gunicorn(env) as server:
        started = memory_of(server.process.pid)

        def get(path):
            return wait_for(f"http://127.0.0.1:{APP_PORT}{path}")

        # Four clients at a time on two workers: each worker serves every page.
        with ThreadPoolExecutor(4) as clients:
            for path in paths:
                list(clients.map(get, [path] * 24))
        warm = memory_of(server.process.pid)
        measured = {"start": started, "warm": warm}
        if load_seconds:
            for path in paths:
                wrk(f"http://127.0.0.1:{APP_PORT}{path}", load_seconds)
            measured["load"] = memory_of(server.process.pid)
    print(f"\ngunicorn memory ({database.name if database else 'demo content'}), MB:")
    print_memory(measured.items())
    print(json.dumps({"memory": measured}), flush=True)
    shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="wrk time per measurement")
    parser.add_argument("--large", type=int, default=4000, help="items in the large content")
    parser.add_argument("--skip-workbench", action="store_true")
    parser.add_argument("--memory-only", action="store_true", help="worker memory alone")
    parser.add_argument("--database", type=Path, help="an already built demo database")
    parser.add_argument(
        "--memory-load",
        type=int,
        default=0,
        metavar="SECONDS",
        help="with --memory-only: wrk on each page for SECONDS, then the memory again",
    )
    args = parser.parse_args()
    if args.memory_only:
        if args.memory_load and not shutil.which("wrk"):
            raise SystemExit("wrk is missing: apt-get install wrk")
        return memory_only(args.database, args.memory_load)
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install nginx-light wrk")
    work = Path(tempfile.mkdtemp(prefix="tjqms-bench-"))
    small, small_memory = bench_content("demo", work / "demo.sqlite3", 0, args.seconds, work)
    large, large_memory = bench_content(
        "large", work / "large.sqlite3", args.large, args.seconds, work
    )
    head = (
        f"{'page':18} {'KB':>5} {'KB@L':>5} | {'uncached r/s':>12} {'@L':>7} {'L/demo':>6} | "
        f"{'cached r/s':>10} {'ms':>5} | {'front r/s':>9} {'ms':>5} | "
        f"{'nginx r/s':>9} {'ms':>5} {'nginx/front':>11}"
    )
    print("\n" + head + "\n" + "-" * len(head))
    for name, row in small.items():
        big = large[name]
        slowdown = row["uncached"][0] / big["uncached"][0]
        ratio = big["nginx"][0] / big["front"][0]
        if big["nginx"][2] or big["cached"][2] or big["front"][2]:
            name += " (!non-2xx)"
        print(
            f"{name:18} {row['kb']:5.0f} {big['kb']:5.0f} | {row['uncached'][0]:12.0f} "
            f"{big['uncached'][0]:7.0f} {slowdown:6.2f} | {big['cached'][0]:10.0f} "
            f"{big['cached'][1]:5.2f} | {big['front'][0]:9.0f} {big['front'][1]:5.2f} | "
            f"{big['nginx'][0]:9.0f} {big['nginx'][1]:5.2f} {ratio:11.2f}"
        )
    print(
        "\nL = the large content; uncached latency is wrk's mean over 8 connections."
        "\ncached = gunicorn answering from the page cache; front = nginx in front with"
        " deploy/nginx/ (cached pages from the page cache's files); nginx = nginx serving the"
        " same HTML saved by hand."
    )
    print("\ngunicorn memory (warm, after the uncached run), MB:")
    print_memory((("demo", small_memory), ("large", large_memory)))
    if not args.skip_workbench:
        print("\nselection workbench (500 cases x 30 experts):", flush=True)
        run([PY, "benchmarks/selection_bench.py", "--requests", "30"])
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
