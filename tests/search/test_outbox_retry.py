"""While Elasticsearch is down the outbox keeps every change, and the worker's drain task
schedules itself again so the backlog empties once Elasticsearch is back."""

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from search.models import OutboxEntry
from search.tasks import drain_outbox

pytestmark = pytest.mark.django_db


def test_a_failed_drain_keeps_the_changes_and_retries_later(settings, site_tree):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there: "down"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    OutboxEntry.objects.all().delete()  # whatever building the site left (a rebuilt site_tree)
    OutboxEntry.objects.create(page_id=site_tree.pk, reason="publish")

    report = drain_outbox.call()

    assert report["remaining"] == 1 and report["error"]
    assert OutboxEntry.objects.get().attempts == 1
    retry = DBTaskResult.objects.get()
    assert retry.task_path == "search.tasks.drain_outbox"
    assert retry.run_after > timezone.now()


def test_the_immediate_backend_never_loops_on_a_failed_drain(settings, site_tree):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    OutboxEntry.objects.all().delete()
    OutboxEntry.objects.create(page_id=site_tree.pk, reason="publish")

    report = drain_outbox.call()

    assert report["remaining"] == 1
    assert not DBTaskResult.objects.exists()
