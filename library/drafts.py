"""Pages a user started and never finished, shown to them and resumable.

Wagtail 8 autosaves a new page as soon as its title is typed: the page exists from then on
(a draft that was never published) even if the author leaves without pressing 保存草稿. Such
a draft used to be found only by browsing the section, and its slug (taken from the title)
made a second attempt at the same title fail with a slug clash on the hidden 推荐 tab.

Here: ``unfinished_drafts`` (the one rule for what counts), the dashboard panel
「未完成的草稿」, the notice on a create form offering the author's drafts of that kind in
that section, and ``DraftAwareSlugMixin`` for page forms: a new page whose slug is the one
its title gives gets the next free slug (``…-2``) instead of an error, while a slug the
author typed that is already used names the page using it.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

PANEL_LIMIT = 10
NOTICE_LIMIT = 3


def unfinished_drafts(user, parent=None, page_class=None):
    """Pages ``user`` created or last saved that were never published and are not in the
    review (a page in review or sent back is listed by the review panels), newest first."""
    if not user.is_authenticated:
        return Page.objects.none()
    in_review = (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    pages = (
        Page.objects.filter(live=False, first_published_at__isnull=True)
        .filter(Q(owner=user) | Q(latest_revision__user=user))
        .exclude(pk__in=[int(pk) for pk in in_review])
    )
    if parent is not None:
        pages = pages.child_of(parent)
    if page_class is not None:
        pages = pages.type(page_class)
    return pages.order_by("-latest_revision_created_at", "-pk")


def missing_required(page):
    """The labels of the page's own required fields still empty in its latest draft."""
    draft = page.get_latest_revision_as_object()
    own_fields = {field.name for field in Page._meta.concrete_fields}
    missing = []
    options = type(draft)._meta
    for field in [*options.concrete_fields, *options.many_to_many]:
        if field.name in own_fields or field.blank or not field.editable or field.auto_created:
            continue
        if field.has_default() or field.primary_key or getattr(field, "parent_link", False):
            continue
        value = field.value_from_object(draft)
        if value is None or (not isinstance(value, bool | int | float) and len(value) == 0):
            missing.append(str(field.verbose_name))
    return missing


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


class UnfinishedDraftsPanel(Component):
    """Dashboard: 「未完成的草稿」, each with what is still missing and 继续编辑."""

    name = "unfinished_drafts"
    template_name = "library/admin/unfinished_drafts_panel.html"
    order = 45

    def __init__(self, drafts):
        self.drafts = drafts

    def get_context_data(self, parent_context=None):
        rows = []
        for page in self.drafts[:PANEL_LIMIT]:
            page = page.specific
            rows.append(
                {
                    "page": page,
                    "title": page.draft_title or page.title,
                    "kind": page.get_verbose_name(),
                    "section": page.get_parent().specific.title,
                    "missing": missing_required(page),
                    "edit_url": edit_url(page),
                }
            )
        return {"rows": rows, "total": len(self.drafts)}


def add_drafts_panel(request, panels):
    drafts = list(unfinished_drafts(request.user).specific(defer=True))
    if drafts:
        panels.append(UnfinishedDraftsPanel(drafts))


def offer_drafts_on_create(request, parent_page, page_class):
    """On opening a create form: the author's unfinished drafts of this kind in this section,
    to resume instead of starting again (``before_create_page`` hook; returns nothing)."""
    if request.method != "GET":
        return None
    drafts = list(unfinished_drafts(request.user, parent_page, page_class)[:NOTICE_LIMIT])
    if drafts:
        messages.info(
            request,
            f"您在“{parent_page.title}”下有未完成的{page_class.get_verbose_name()}草稿（自动保存），"
            "可以继续编辑，不必重新创建：",
            buttons=[
                messages.button(edit_url(page), f"继续编辑“{page.draft_title or page.title}”")
                for page in drafts
            ],
        )
    return None


def clash_message(slug, page):
    kind = "尚未发布的草稿" if not page.live and page.first_published_at is None else "页面"
    return (
        f"网址名称“{slug}”已被同一栏目下的{kind}“{page.draft_title or page.title}”使用，"
        "请换一个网址名称，或回到控制面板“未完成的草稿”继续编辑那一页。"
    )


class DraftAwareSlugMixin:
    """Page form mixin: a new page's slug that its title gives and a sibling already uses
    (often the author's own autosaved draft) becomes the next free one instead of an error;
    the new slug is sent back to an autosaving editor. A slug typed by the author that is
    in use is refused with the page using it named."""

    renamed_slug = None

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        parent = getattr(self, "parent_page", None)
        if not slug or parent is None or Page._slug_is_available(slug, parent, self.instance):
            return slug
        title = self.cleaned_data.get("title") or self.data.get("title") or ""
        if self.instance.pk is None and slug == slugify(title, allow_unicode=True):
            free = next_free_slug(parent, slug)
            self.renamed_slug = (slug, free)
            return free
        clash = parent.get_children().filter(slug=slug).exclude(pk=self.instance.pk).first()
        raise forms.ValidationError(clash_message(slug, clash))

    def get_field_updates_for_resave(self):
        updates = list(super().get_field_updates_for_resave())
        if self.renamed_slug:
            updates.append(("slug", self.renamed_slug[1]))
        return updates


def free_slug(parent, title, fallback):
    """The slug of a new page titled ``title`` under ``parent`` (the Word imports): its
    title's, at most 60 characters (``fallback`` when the title gives none), or the next
    free one."""
    base = slugify(title, allow_unicode=True)[:60] or fallback
    return base if Page._slug_is_available(base, parent) else next_free_slug(parent, base)


def next_free_slug(parent, slug):
    """``slug-2``, ``slug-3``…: the first not used by a child of ``parent``."""
    number = 2
    while not Page._slug_is_available(f"{slug}-{number}", parent):
        number += 1
    return f"{slug}-{number}"


class DraftAwarePageForm(DraftAwareSlugMixin, WagtailAdminPageForm):
    """The base form for page types without a form of their own."""
