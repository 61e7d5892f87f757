"""Writing many new pages quickly (``import_library``): each page as Wagtail stores it (its
place in the tree, its specific row, its clauses, a revision, and when published the live
fields, the history entry and what publishing sets off), without what each
``Page.save()`` does on its own (a tree lookup per child, full validation with a query per
foreign key, a re-save per step, one admin-search and one reference-index update per save,
one search-outbox row and one page-cache bump per publication).

Per page, inside the line's savepoint: the page row and its specific row, its clauses,
and the publication guard (review.publication.guard_publication) when it goes live. Once
for the whole import (``finish``): the revisions, the pages' revision and live columns,
the history entries, the parents' numchild, the admin search index, the reference index,
and the reactions to ``page_published`` (project.reactions, search.signals) for all the
pages at once: the search outbox, drained in bulk when the import's transaction commits,
and one page-cache bump. tests/search/test_import.py fails if another reaction to ``page_published`` appears.

Pages that already exist are updated through Wagtail's own ``save_revision`` and
``publish`` (their workflow, four-eyes check and moves need the full path); only new pages
take this one.
"""

from collections import Counter, defaultdict
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update

BATCH = 500


class SlugTaken(ValueError):
    """Another page under the same parent has this slug."""


class PageWriter:
    def __init__(self):
        self._children = {}  # parent pk → [path of its last child or None, {slugs}]
        self._line = []  # what the current line wrote: (page, revision, published)
        self._done = []  # the same, for lines that were kept
        self._written = defaultdict(set)  # specific model → pks of every page written
        self._created = {}  # pk → the page as created by a kept line, indexed as it is
        # Children added per parent pk, written to numchild by ``flush`` (one UPDATE for
        # all); the current line's separately, so that a rolled-back line's are dropped.
        self._numchild = Counter()
        self._line_numchild = Counter()

    # --- per line ---------------------------------------------------------------------
    def line_kept(self):
        self._created.update((page.pk, page) for page, _, _ in self._line)
        self._done += self._line
        self._line = []
        self._numchild.update(self._line_numchild)
        self._line_numchild.clear()

    def forget(self):
        """The line was rolled back: what it wrote is gone, what was learnt may be stale."""
        for page, _, _ in self._line:
            self._written[type(page)].discard(page.pk)
        self._line = []
        self._line_numchild.clear()
        self._children.clear()

    def moved(self):
        """A page was moved through Wagtail: what was learnt of the tree may be stale."""
        self._children.clear()

    def _place(self, parent, slug):
        if parent.pk not in self._children:
            children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            self._children[parent.pk] = [
                children.order_by("-path").values_list("path", flat=True).first(),
                set(children.values_list("slug", flat=True)),
            ]
        place = self._children[parent.pk]
        if slug in place[1]:
            raise SlugTaken(slug)
        last = place[0]
        number = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
        place[0] = Page._get_path(parent.path, parent.depth + 1, number)
        place[1].add(slug)
        return place[0]

    def create(self, page, parent, publish):
        """Add the specific, unsaved ``page`` under ``parent``, live when ``publish`` (after
        the publication guard, which raises PublicationRefused)."""
        from review.publication import guard_publication

        page.depth = parent.depth + 1
        page.path = self._place(parent, page.slug)
        page.numchild = 0
        page.locale_id = parent.locale_id
        page.content_type = ContentType.objects.get_for_model(page)
        page.draft_title = page.title
        page.set_url_path(parent)
        page.live, page.has_unpublished_changes = False, True
        if publish:
            now = timezone.now()
            page.live, page.has_unpublished_changes = True, False
            page.first_published_at = page.last_published_at = now
        # A new page has no child rows yet: say so, so that serializing it for its revision
        # reads nothing back from the database.
        for relation in get_all_child_relations(page):
            getattr(page, relation.get_accessor_name()).set(
                getattr(page, relation.get_accessor_name()).all()
            )
        held = getattr(page, "_cluster_related_objects", {})
        for field in _parental_many_to_many(type(page)):
            if field.name not in held:  # none given: a new page has none
                getattr(page, field.name).set([])
        Page.objects.bulk_create([page])  # the page row only; sets page.id
        page.page_ptr_id = page.id
        page.save_base(raw=True, force_insert=True)  # the specific row (no per-save hooks)
        for field in _parental_many_to_many(type(page)):
            through = field.remote_field.through
            through.objects.bulk_create(
                through(**{field.m2m_field_name(): page, field.m2m_reverse_field_name(): item})
                for item in getattr(page, field.name).all()
            )
        revision = Revision(
            content_type_id=page.content_type_id,
            base_content_type=page.get_base_content_type(),
            object_id=str(page.pk),
            content=page.serializable_data(),
            object_str=str(page),
            created_at=timezone.now(),
        )
        if publish:
            guard_publication(page, revision)
        self._line_numchild[parent.pk] += 1
        parent.numchild += 1
        self._line.append((page, revision, publish))
        self._written[type(page)].add(page.pk)

    def written(self, page):
        """``page`` was saved through Wagtail during the import: index it in ``finish()``."""
        self._created.pop(page.pk, None)  # read back what Wagtail saved
        self._written[type(page)].add(page.pk)

    def holds(self, page):
        """Whether ``page`` was created by a kept line and its revision is not written yet."""
        return any(written.pk == page.pk for written, _, _ in self._done)

    # --- once -------------------------------------------------------------------------
    def finish(self):
        self.flush()
        self._index()

    def flush(self):
        """Write the revisions, revision columns, history and reactions of the pages kept,
        and the parents' numchild (the current line's too: its savepoint still holds them)."""
        done, self._done = self._done, []
        added = self._numchild + self._line_numchild
        self._numchild.clear()
        self._line_numchild.clear()
        if added:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {Page._meta.db_table} SET numchild = numchild + %s WHERE id = %s",
                    sorted((n, pk) for pk, n in added.items()),
                )
        revisions = [revision for _, revision, _ in done]
        for start in range(0, len(revisions), BATCH):
            Revision.objects.bulk_create(revisions[start : start + BATCH])
        rows = []
        for page, revision, published in done:
            page.latest_revision = revision
            page.latest_revision_created_at = revision.created_at
            page.live_revision = revision if published else None
            rows.append((revision.pk, revision.created_at, page.live_revision_id, page.pk))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Page._meta.db_table} SET latest_revision_id = %s,"
                " latest_revision_created_at = %s, live_revision_id = %s WHERE id = %s",
                [
                    (pk, connection.ops.adapt_datetimefield_value(at), live, page)
                    for pk, at, live, page in rows
                ],
            )
        published = [(page, revision) for page, revision, live in done if live]
        logs = [
            PageLogEntry(
                content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
                label=page.get_admin_display_title(),
                action="wagtail.publish",
                data={},
                timestamp=page.last_published_at,
                page_id=page.pk,
                revision=revision,
                content_changed=True,
            )
            for page, revision in published
        ]
        PageLogEntry.objects.bulk_create(logs, batch_size=BATCH)
        if published:
            _published_reactions([page.pk for page, _ in published])

    def _index(self):
        """The admin search index and the reference index of every page written."""
        from search.indexing import loaded

        for model, pks in self._written.items():
            pks = sorted(pks)
            for start in range(0, len(pks), BATCH):
                batch = pks[start : start + BATCH]
                # The pages this writer created are indexed from memory (every value they
                # hold is what was written); the others are read back.
                objects = [self._created[pk] for pk in batch if pk in self._created]
                rest = [pk for pk in batch if pk not in self._created]
                if rest:
                    objects += loaded(model.get_indexed_objects().filter(pk__in=rest))
                for backend in get_search_backends(with_auto_update=True):
                    backend.add_bulk(model, objects)
                _write_references(model, objects)
        self._written.clear()
        self._created.clear()


def _write_references(model, objects):
    """What ReferenceIndex.create_or_update_for_object records for each of ``objects``
    (pages of ``model``: their foreign keys, such as a case's district, and the links in
    their bodies), with one read and one write for them all."""
    content_types = [
        ContentType.objects.get_for_model(m, for_concrete_model=False)
        for m in [model, *model._meta.get_parent_list()]
    ]
    content_type, base = content_types[0], content_types[-1]
    known = {ct.id for ct in content_types}
    held = defaultdict(dict)  # object id → {reference: (content type id, row id)}
    rows = ReferenceIndex.objects.filter(
        base_content_type=base, object_id__in=[str(obj.pk) for obj in objects]
    ).values_list(
        "id",
        "object_id",
        "content_type_id",
        "to_content_type",
        "to_object_id",
        "model_path",
        "content_path",
    )
    for pk, object_id, type_id, *reference in rows:
        held[object_id][tuple(reference)] = (type_id, pk)
    new, gone = [], []
    for obj in objects:
        references = set(ReferenceIndex._extract_references_from_object(obj))
        kept = held[str(obj.pk)]
        new += [
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base,
                object_id=obj.pk,
                to_content_type_id=to_type,
                to_object_id=to_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_type, to_id, model_path, content_path in references - kept.keys()
        ]
        # A row recorded for a more specific model than this one is not this page's to drop.
        gone += [
            pk for ref, (type_id, pk) in kept.items() if ref not in references and type_id in known
        ]
    ReferenceIndex.objects.bulk_create(
        new, ignore_conflicts=connection.features.supports_ignore_conflicts
    )
    ReferenceIndex.objects.filter(id__in=gone).delete()


# What ``page_published`` sets off, for many pages at once (see the module docstring).
PUBLISHED_REACTIONS = {"search.signals.on_publish", "project.reactions.content_changed"}


def _published_reactions(page_ids):
    from library import pagecache
    from search.outbox import enqueue

    enqueue(page_ids, "publish")
    pagecache.bump()


def _parental_many_to_many(model):
    return [f for f in model._meta.get_fields() if isinstance(f, ParentalManyToManyField)]


@contextmanager
def deferred_indexing():
    """Pages saved meanwhile through Wagtail (updates) leave their admin-search and
    reference-index updates to ``PageWriter.finish`` (``written`` gives it their pks)."""
    with disable_reference_index_auto_update(), _without_search_auto_update():
        yield


@contextmanager
def _without_search_auto_update():
    from django.db.models.signals import post_save
    from modelsearch.index import get_indexed_models
    from modelsearch.signal_handlers import post_save_signal_handler

    models = [
        model
        for model in get_indexed_models()
        if issubclass(model, Page) and getattr(model, "search_auto_update", True)
    ]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
