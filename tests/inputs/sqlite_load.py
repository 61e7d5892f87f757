"""Concurrency on a real SQLite file with the project's SQLite options, run as a script.

- default: 20 concurrent publishes under read load (tests/inputs/test_sqlite_concurrency.py;
  ``--plain`` drops the SQLite OPTIONS to measure the old behaviour). Prints one JSON line:
  {"publishes": n, "errors": n, "reads": n, ...}.
"""

import json
import os
import sys
import threading
import time
from pathlib import Path

# Run as a script: the project root (not this folder) is where the apps and tests live.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

PLAIN = "--plain" in sys.argv
WRITERS = 20
READERS = 4

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.test")
import django  # noqa: E402
from django.conf import settings  # noqa: E402

if PLAIN:
    settings.DATABASES["default"]["OPTIONS"] = {}
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from wagtail.models import Page  # noqa: E402

call_command("migrate", verbosity=0)

root = Page.get_first_root_node()
pages = [
    root.add_child(instance=Page(title=f"并发发布{n}", slug=f"load-{n}", live=False))
    for n in range(WRITERS)
]
for page in pages:
    page.save_revision()
connection.close()

errors, reads, done = [], [0], threading.Event()
start = threading.Barrier(WRITERS + READERS)


def publish(page_id):
    try:
        start.wait()
        page = Page.objects.get(pk=page_id)
        page.title = page.title + "（已更新）"
        page.save_revision().publish()
    except Exception as error:  # counted: the figure this script measures
        errors.append(f"{type(error).__name__}: {error}")
    finally:
        connections.close_all()


def read():
    try:
        start.wait()
        while not done.is_set():
            list(Page.objects.live().values_list("title", flat=True))
            reads[0] += 1
    except Exception as error:
        errors.append(f"read {type(error).__name__}: {error}")
    finally:
        connections.close_all()


began = time.monotonic()
writers = [threading.Thread(target=publish, args=(p.pk,)) for p in pages]
readers = [threading.Thread(target=read) for _ in range(READERS)]
for thread in writers + readers:
    thread.start()
for thread in writers:
    thread.join()
done.set()
for thread in readers:
    thread.join()
live = Page.objects.filter(pk__in=[p.pk for p in pages], live=True).count()
print(
    json.dumps(
        {
            "plain": PLAIN,
            "publishes": WRITERS,
            "live": live,
            "errors": len(errors),
            "reads": reads[0],
            "seconds": round(time.monotonic() - began, 2),
            "journal_mode": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0],
            "sample": errors[:3],
        },
        ensure_ascii=False,
    )
)
