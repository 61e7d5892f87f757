"""What the health endpoint reports: the database, the search engine, the media storage,
and the backlogs of the search outbox and the task queue.

Each check returns a dict with ``ok`` and details, and never raises: an outage is
something to report, not a reason for the health endpoint itself to fail.
"""

import json
import logging
import time
import urllib.request

from django.apps import apps
from django.conf import settings
from django.db import connection

from ops import storage

logger = logging.getLogger(__name__)

TIMEOUT = 3


def _timed(check):
    started = time.monotonic()
    try:
        result = check()
    except Exception as error:  # a check that crashes reports "down", with the reason
        logger.warning("health check %s failed", check.__name__, exc_info=True)
        result = {"ok": False, "error": f"{type(error).__name__}: {error}"}
    result["ms"] = round((time.monotonic() - started) * 1000)
    return result


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def check_search():
    url = getattr(settings, "ELASTICSEARCH_URL", None)
    if not url:
        # The database backend is the database: it is up when the database is.
        return {"ok": True, "engine": "database"}
    request = urllib.request.Request(
        url.rstrip("/") + f"/_cluster/health?timeout={TIMEOUT}s", method="GET"
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = json.load(response)
    except Exception as error:
        return {"ok": False, "engine": "elasticsearch", "error": f"{type(error).__name__}: {error}"}
    status = body.get("status")
    return {"ok": status in {"green", "yellow"}, "engine": "elasticsearch", "cluster": status}


def check_media():
    ok, details = storage.probe(timeout=TIMEOUT)
    return {"ok": ok, **details}


def _outbox_model():
    """The search app's outbox (``search.models.OutboxEntry``: one row per page change not
    yet synced, deleted once synced), looked up lazily so ops does not import search."""
    try:
        return apps.get_model("search", "OutboxEntry")
    except LookupError:
        return None


def check_search_outbox():
    model = _outbox_model()
    if model is None:
        return {"ok": True, "configured": False}
    pending = model.objects.count()
    result = {"ok": True, "configured": True, "pending": pending}
    if pending:
        from django.utils import timezone

        oldest = model.objects.order_by("created_at").values_list("created_at", flat=True)[0]
        result["oldest_seconds"] = round((timezone.now() - oldest).total_seconds())
        result["failed_attempts"] = model.objects.filter(attempts__gt=0).count()
    return result


def check_tasks():
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db"):
        return {"ok": True, "backend": backend.rsplit(".", 1)[-1], "queued": 0}
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    queued = DBTaskResult.objects.filter(status=TaskResultStatus.READY).count()
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count()
    return {"ok": True, "backend": "database", "queued": queued, "failed": failed}


CHECKS = {
    "database": check_database,
    "search": check_search,
    "media": check_media,
    "search_outbox": check_search_outbox,
    "tasks": check_tasks,
}


def report():
    checks = {name: _timed(check) for name, check in CHECKS.items()}
    down = [name for name, result in checks.items() if not result["ok"]]
    if "database" in down:
        status = "down"
    elif down:
        status = "degraded"
    else:
        status = "ok"
    return {"status": status, "down": down, "checks": checks}
