"""Publishing, unpublishing, moving and deleting pages write to the search outbox; changing
the dictionary reloads it and reindexes, and so does a deployment whose committed analysis
changed since the index was built (checked after ``migrate``). Nothing here talks to an
engine directly, so a search outage never blocks an editor."""

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.analysis import reset_analyzer
from search.indexing import index_fingerprint, is_searchable, mark_changed
from search.models import IndexBuild, SearchEntry, SearchTerm
from search.outbox import enqueue


def _with_descendants(page):
    return [page.pk, *Page.objects.descendant_of(page).values_list("pk", flat=True)]


@receiver(page_published, dispatch_uid="search_page_published")
def on_publish(sender, instance, **kwargs):
    enqueue([instance.pk], "publish")


@receiver(page_unpublished, dispatch_uid="search_page_unpublished")
def on_unpublish(sender, instance, **kwargs):
    enqueue(_with_descendants(instance), "unpublish")


@receiver(post_page_move, dispatch_uid="search_page_moved")
def on_move(sender, instance, **kwargs):
    # Moving a course moves its lessons: their URLs change too.
    enqueue(_with_descendants(instance), "move")


@receiver(post_delete, dispatch_uid="search_page_deleted")
def on_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and is_searchable(type(instance)):
        enqueue([instance.pk], "delete")


@receiver(post_delete, sender=SearchEntry, dispatch_uid="search_entry_deleted")
def on_entry_deleted(sender, using="default", **kwargs):
    # However it goes (a page deleted, a sync, a rebuild's clean-up), the engine's kept
    # statistics and bitsets must not count it.
    mark_changed(using)


@receiver(post_save, sender=SearchTerm, dispatch_uid="search_term_saved")
@receiver(post_delete, sender=SearchTerm, dispatch_uid="search_term_deleted")
def on_dictionary_change(sender, **kwargs):
    # Other processes notice within RELOAD_CHECK_INTERVAL (search.analysis.get_analyzer).
    reset_analyzer()
    transaction.on_commit(_schedule_reindex)


def _schedule_reindex():
    from search.tasks import reindex_all

    reindex_all.enqueue()


def reindex_if_analysis_changed(sender, using="default", **kwargs):
    """After ``migrate``: an index made under another analysis (a deployment that changed
    the committed dictionary or the weights) is rebuilt, through the task queue. An empty
    index has nothing to redo; its first rebuild records the fingerprint."""
    if not SearchEntry.objects.using(using).exists():
        return
    last = IndexBuild.objects.using(using).values_list("fingerprint", flat=True).first()
    if last != index_fingerprint():
        transaction.on_commit(_schedule_reindex, using=using)


def connect_post_migrate(app_config):
    # Once per migrate: sent for each app, taken only for this one.
    post_migrate.connect(
        reindex_if_analysis_changed, sender=app_config, dispatch_uid="search_analysis_changed"
    )
