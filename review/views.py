from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from library.roles import is_city_editor
from review.publication import publication_problems, record_overrides
from review.queue import SOON_DAYS, review_queue


class ReviewQueueView(WagtailAdminTemplateMixin, TemplateView):
    """The city editors' queue of courses and cases waiting for review."""

    template_name = "review/queue.html"
    page_title = "审核队列"
    header_icon = "tasks"
    _show_breadcrumbs = True

    def dispatch(self, request, *args, **kwargs):
        if not is_city_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        items = review_queue()
        return super().get_context_data(
            items=items,
            mine=[item for item in items if item.submitted_by == self.request.user],
            urgent=sum(item.urgency.highlighted for item in items),
            soon_days=SOON_DAYS,
            **kwargs,
        )


class OverrideForm(forms.Form):
    """One reason per failing check: the editor answers for each rule they override, and
    only the checks given a reason are lifted (a case over its district's maximum gets a
    quota exception while its missing fields still have to be filled in)."""

    def __init__(self, *args, checks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.checks = {}
        for number, (name, failed) in enumerate(checks, start=1):
            key = f"reason_{number}"
            self.checks[key] = name
            self.fields[key] = forms.CharField(
                label=name,
                required=False,
                min_length=6,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="未通过：" + "；".join(failed),
                error_messages={"min_length": "理由至少 6 个字"},
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any((cleaned.get(key) or "").strip() for key in self.checks):
            raise forms.ValidationError("请至少为一项检查填写理由")
        return cleaned

    def reasons(self):
        return {
            name: self.cleaned_data[key].strip()
            for key, name in self.checks.items()
            if (self.cleaned_data.get(key) or "").strip()
        }


def override_view(request, page_id):
    """An editor who must let an item through despite a failing check (publish it, or let its
    author submit it beyond a campaign rule) records a reason for each rule lifted."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    revision = page.get_latest_revision()
    latest = revision.as_object() if revision else page
    _, blocking = publication_problems(latest)
    grouped = {}
    for result in blocking:
        grouped.setdefault(result.name, []).append(result.message)
    form = OverrideForm(request.POST or None, checks=grouped.items())
    if request.method == "POST" and grouped and form.is_valid():
        recorded = record_overrides(latest, form.reasons(), request.user, revision)
        _, remaining = publication_problems(latest)
        names = "、".join(override.check_name for override in recorded)
        outcome = (
            f"仍有 {len(remaining)} 项检查未通过。"
            if remaining
            else "其余检查均已通过或已记录例外，可以提交审核或发布。"
        )
        messages.success(
            request, f"已为“{page.get_admin_display_title()}”记录例外理由（{names}）。{outcome}"
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "review/override.html",
        {
            "page_title": "记录自动检查例外",
            "header_icon": "warning",
            "page": page,
            "form": form,
            "blocking": blocking,
            "overrides": page.check_overrides.select_related("editor"),
        },
    )
