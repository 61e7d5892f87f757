"""Rebuilding everything: entries from the live pages, Wagtail's database index, and a new
Elasticsearch index swapped in behind the alias (searches keep working meanwhile)."""

import time
from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils import timezone

from search.engines import elasticsearch_engine
from search.indexing import (
    index_fingerprint,
    is_searchable,
    searchable_pages,
    sync_pages,
    write_postings,
)
from search.models import IndexBuild, OutboxEntry, SearchEntry


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
    started_at = timezone.now()
    progress = progress or (lambda stage, done, total: None)
    last_outbox = OutboxEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    if from_pages:
        page_ids = searchable_page_ids()
        for done, chunk in enumerate(_chunks(page_ids, chunk_size), start=1):
            sync_pages(chunk)  # entries, their postings and facet rows
            progress("页面", min(done * chunk_size, len(page_ids)), len(page_ids))
        # Entries of pages gone since; one written meanwhile (a publish during the rebuild)
        # is newer than the rebuild and stays.
        SearchEntry.objects.exclude(page_id__in=page_ids).filter(updated_at__lt=started_at).delete()
    else:
        entry_ids = list(SearchEntry.objects.values_list("pk", flat=True))
        for done, chunk in enumerate(_chunks(entry_ids, chunk_size), start=1):
            write_postings(SearchEntry.objects.filter(pk__in=chunk))
            progress("数据库索引", min(done * chunk_size, len(entry_ids)), len(entry_ids))
    report = RebuildReport(entries=SearchEntry.objects.count())
    if settings.ELASTICSEARCH_URL:
        report.elasticsearch_index = rebuild_elasticsearch(chunk_size, progress)
    OutboxEntry.objects.filter(id__lte=last_outbox).delete()
    IndexBuild.objects.create(fingerprint=index_fingerprint(), entries=report.entries)
    report.seconds = time.perf_counter() - started
    return report


def _catch_up(engine, index, since, known):
    """Write into ``index`` what changed since ``since``: entries saved meanwhile (a page
    published while the index filled) and the documents of entries deleted meanwhile.
    ``known`` is {entry pk: doc id} of the entries the index was filled from."""
    changed = list(SearchEntry.objects.filter(updated_at__gte=since))
    if changed:
        engine.index_entries(changed, index=index)
    current = set(SearchEntry.objects.filter(pk__in=list(known)).values_list("pk", flat=True))
    engine.delete_docs([doc for pk, doc in known.items() if pk not in current], index=index)


def rebuild_elasticsearch(chunk_size=200, progress=None):
    """Fill a new index, replay what changed meanwhile, swap the alias, replay again what
    changed during the replay (into the index now behind the alias): a page published while
    the rebuild ran is in the new index. Indexes left by an earlier rebuild that died
    half-way are dropped first."""
    progress = progress or (lambda stage, done, total: None)
    engine = elasticsearch_engine()
    engine.drop_orphans()
    index = engine.create_index()
    since = timezone.now()
    known = {
        pk: (f"p{page_id}" if page_id else f"e{pk}")
        for pk, page_id in SearchEntry.objects.values_list("pk", "page_id")
    }
    entry_ids = sorted(known)
    for done, chunk in enumerate(_chunks(entry_ids, chunk_size), start=1):
        engine.index_entries(SearchEntry.objects.filter(pk__in=chunk), index=index)
        progress("Elasticsearch", min(done * chunk_size, len(entry_ids)), len(entry_ids))
    replayed = timezone.now()
    _catch_up(engine, index, since, known)
    engine.refresh(index)
    engine.swap_alias(index)
    _catch_up(engine, index, replayed, known)
    return index
