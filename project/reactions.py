"""The few reactions that connect one app to another, kept here so neither app imports the other."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cases.models import CaseRecognition
from courses.models import CourseRating
from library import pagecache
from search.outbox import enqueue
from selection.models import Decision


@receiver(post_save, sender=CaseRecognition, dispatch_uid="recognition_reindexes_case")
@receiver(post_delete, sender=CaseRecognition, dispatch_uid="recognition_withdrawn_reindexes_case")
def reindex_recognised_case(sender, instance, **kwargs):
    """A decision (or its withdrawal) shows in the search facet 认定结果 right away."""
    enqueue([instance.case_id], "recognition")


# --- The page cache (library.pagecache): every change a public page can show ------------------
# Pages: publish, unpublish, move (and a slug change, which moves the subtree's URLs), delete.
# Reference data: every library model a public page reads (not memberships or experts).
# Site settings: Wagtail's Site and every settings model (wagtail.contrib.settings).
# Privacy: a page's or a collection's view restriction (a page made private must leave the
# cached pages and lists at once; who may then see it is checked on every request).
# Also a decision (CaseRecognition; and every kind's selection.Decision, which the 专栏 lists)
# and a course rating (the course page shows the average).
PAGE_CACHE_SKIPPED = {"membership", "expert", "referenceseed"}


def content_changed(sender=None, instance=None, created=False, **kwargs):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    # Wagtail creates a settings row with its defaults the first time a page reads it: that
    # changes nothing a reader sees, and bumping there would empty the cache on a GET.
    if created and isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        return
    pagecache.bump()


def watched_models():
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import CollectionViewRestriction, PageViewRestriction, Site

    reference = [
        model
        for model in apps.get_app_config("library").get_models()
        if not issubclass(model, Page) and model._meta.model_name not in PAGE_CACHE_SKIPPED
    ]
    settings_models = [
        model
        for model in apps.get_models()
        if issubclass(model, BaseSiteSetting | BaseGenericSetting)
    ]
    privacy = [PageViewRestriction, CollectionViewRestriction]
    return [*reference, *settings_models, Site, *privacy, CaseRecognition, Decision, CourseRating]


def connect_page_cache():
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(content_changed, dispatch_uid=f"pagecache_{signal!r}")
    post_delete.connect(content_changed, sender=Page, dispatch_uid="pagecache_page_deleted")
    for model in watched_models():
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                content_changed, sender=model, dispatch_uid=f"pagecache_{name}_{model._meta}"
            )
