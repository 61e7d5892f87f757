"""Background work for search (django-tasks; immediate in tests, a worker in production)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

# While Elasticsearch is down the drain retries itself on this interval, so the outbox
# empties once it is back without waiting for the next publish.
RETRY_AFTER = timedelta(seconds=60)


@task()
def drain_outbox():
    from search.outbox import drain

    report = drain()
    if report.error and report.remaining:
        retry_later()
    return report.as_dict()


def retry_later():
    # Only a queue that can defer work (the database worker) retries; the immediate
    # backend used in development and tests would otherwise retry in a loop.
    if drain_outbox.get_backend().supports_defer:
        drain_outbox.using(run_after=timezone.now() + RETRY_AFTER).enqueue()


@task()
def reindex_all():
    """After a dictionary change every entry must be segmented again."""
    from search.rebuild import rebuild

    return rebuild().as_dict()
