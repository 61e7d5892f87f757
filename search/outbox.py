"""The durable outbox: page changes are written in the publishing transaction and drained
by a background task; a failed Elasticsearch write leaves them for the next drain."""

import logging
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F

from search.engines import Unavailable, elasticsearch_engine
from search.indexing import sync_pages
from search.models import OutboxEntry

logger = logging.getLogger(__name__)
BATCH = 200


@dataclass
class DrainReport:
    synced: int = 0
    deleted: int = 0
    remaining: int = 0
    error: str = ""

    def as_dict(self):
        return asdict(self)


def enqueue(page_ids, reason):
    page_ids = sorted(set(page_ids))
    if not page_ids:
        return
    OutboxEntry.objects.bulk_create([OutboxEntry(page_id=pk, reason=reason) for pk in page_ids])
    transaction.on_commit(schedule_drain)


def schedule_drain():
    from search.tasks import drain_outbox

    try:
        drain_outbox.enqueue()
    except Exception:  # the rows are safe; the next drain (or search_drain) picks them up
        logger.exception("could not enqueue the search outbox drain")


def drain(max_batches=None):
    """Sync every page in the outbox; stops (keeping the rows) when Elasticsearch fails."""
    report = DrainReport()
    batches = 0
    while max_batches is None or batches < max_batches:
        rows = list(OutboxEntry.objects.order_by("id")[:BATCH])
        if not rows:
            break
        batches += 1
        row_ids = [row.pk for row in rows]
        kept, dropped = sync_pages(row.page_id for row in rows)
        if settings.ELASTICSEARCH_URL:
            try:
                engine = elasticsearch_engine()
                engine.index_entries(kept)
                engine.delete_docs(dropped)
            except Unavailable as error:
                OutboxEntry.objects.filter(pk__in=row_ids).update(
                    attempts=F("attempts") + 1, last_error=str(error)[:2000]
                )
                logger.warning("Elasticsearch unavailable, %s changes kept: %s", len(rows), error)
                report.error = str(error)
                break
        OutboxEntry.objects.filter(pk__in=row_ids).delete()
        report.synced += len(kept)
        report.deleted += len(dropped)
    report.remaining = OutboxEntry.objects.count()
    return report
