"""Rebuilding everything: entries from the live pages, Wagtail's database index, and a new
Elasticsearch index swapped in behind the alias (searches keep working meanwhile)."""

import time
from dataclasses import asdict, dataclass

from django.conf import settings
from modelsearch.backends import get_search_backend

from search.engines import elasticsearch_engine
from search.indexing import is_searchable, searchable_pages, sync_pages
from search.models import OutboxEntry, SearchEntry


@dataclass
class RebuildReport:
    entries: int = 0
    seconds: float = 0.0
    elasticsearch_index: str = ""

    def as_dict(self):
        return asdict(self)


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def searchable_page_ids():
    return [
        page.pk for page in searchable_pages().defer_streamfields() if is_searchable(type(page))
    ]


def rebuild(chunk_size=200, progress=None, from_pages=True):
    """``progress(stage, done, total)`` is called after every chunk."""
    started = time.perf_counter()
    progress = progress or (lambda stage, done, total: None)
    last_outbox = OutboxEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if from_pages:
        page_ids = searchable_page_ids()
        for done, chunk in enumerate(_chunks(page_ids, chunk_size), start=1):
            sync_pages(chunk)  # saving an entry updates Wagtail's database index too
            progress("页面", min(done * chunk_size, len(page_ids)), len(page_ids))
        for entry in SearchEntry.objects.exclude(page_id__in=page_ids):
            entry.delete()
    else:
        entry_ids = list(SearchEntry.objects.values_list("pk", flat=True))
        backend = get_search_backend()
        for done, chunk in enumerate(_chunks(entry_ids, chunk_size), start=1):
            backend.add_bulk(SearchEntry, list(SearchEntry.objects.filter(pk__in=chunk)))
            progress("数据库索引", min(done * chunk_size, len(entry_ids)), len(entry_ids))
    report = RebuildReport(entries=SearchEntry.objects.count())
    if settings.ELASTICSEARCH_URL:
        report.elasticsearch_index = rebuild_elasticsearch(chunk_size, progress)
    OutboxEntry.objects.filter(id__lte=last_outbox).delete()
    report.seconds = time.perf_counter() - started
    return report


def rebuild_elasticsearch(chunk_size=200, progress=None):
    progress = progress or (lambda stage, done, total: None)
    engine = elasticsearch_engine()
    index = engine.create_index()
    entry_ids = list(SearchEntry.objects.order_by("pk").values_list("pk", flat=True))
    for done, chunk in enumerate(_chunks(entry_ids, chunk_size), start=1):
        engine.index_entries(SearchEntry.objects.filter(pk__in=chunk), index=index)
        progress("Elasticsearch", min(done * chunk_size, len(entry_ids)), len(entry_ids))
    engine.refresh(index)
    engine.swap_alias(index)
    return index
