"""Admin views of the register, the ledger and the training register.

Wagtail's generic views check model-level permissions; ``Scoped`` makes every view that
shows or changes one object ask the model's policy about that object, and the listings show
only what the policy lets the user see. Plus: the ledger's page (with the district's
comments and the rule warnings), the sign-in sheet import, and the editors' merge.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.widgets import Button
from wagtail.permissions import policy_registry
from wagtail.snippets.views import snippets as snippet_views

from enterprises import access, rules
from enterprises.attendance import SheetRefused, import_sign_in_sheet
from enterprises.forms import CommentForm, MergeForm, SignInSheetForm
from enterprises.merge import merge_enterprises
from enterprises.models import Enterprise, HelpLedger, LedgerComment, TrainingSession
from library.roles import is_city_editor

VIEW_ACTIONS = ("change", "delete", "view")


class Scoped:
    """For views of one object: permissions are asked about that object."""

    def _scoped_object(self):
        obj = getattr(self, "object", None)
        model = getattr(self, "model", None)
        return obj if model is not None and isinstance(obj, model) and obj.pk else None

    def user_has_permission(self, permission):
        obj = self._scoped_object()
        if obj is None:
            return super().user_has_permission(permission)
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, permission, obj
        )

    def user_has_any_permission(self, permissions):
        if self._scoped_object() is None:
            return super().user_has_any_permission(permissions)
        return any(self.user_has_permission(permission) for permission in permissions)

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        policy = policy_registry.get_by_type(type(obj))
        if not policy.user_has_any_permission_for_instance(self.request.user, VIEW_ACTIONS, obj):
            raise PermissionDenied
        return obj


class ScopedIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        visible = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["view"]
        )
        return queryset.filter(pk__in=visible.values("pk"))

    def get_edit_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", instance
        ):
            return super().get_edit_url(instance)
        return self.get_inspect_url(instance)

    def get_delete_url(self, instance):
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, "delete", instance
        ):
            return super().get_delete_url(instance)
        return None


def scoped(base, name):
    return type(name, (Scoped, base), {})


ScopedEditView = scoped(snippet_views.EditView, "ScopedEditView")
ScopedDeleteView = scoped(snippet_views.DeleteView, "ScopedDeleteView")
ScopedCopyView = scoped(snippet_views.CopyView, "ScopedCopyView")
ScopedUsageView = scoped(snippet_views.UsageView, "ScopedUsageView")
ScopedHistoryView = scoped(snippet_views.HistoryView, "ScopedHistoryView")
ScopedCompareView = scoped(snippet_views.RevisionsCompareView, "ScopedCompareView")


class ScopedInspectView(Scoped, snippet_views.InspectView):
    pass


# The ledger's page --------------------------------------------------------------------------


class LedgerInspectView(ScopedInspectView):
    template_name = "enterprises/ledger_inspect.html"

    def get_page_title(self):
        return "帮扶台账"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ledger = self.object
        user = self.request.user
        context.update(
            ledger=ledger,
            enterprise=ledger.enterprise,
            breaches=rules.impartiality_breaches(ledger),
            readiness=rules.readiness_problems(ledger, timezone.localdate()),
            warnings=rules.expert_warnings(ledger.campaign, ledger.helper_experts.all()),
            comments=ledger.comments.select_related("author"),
            comment_form=CommentForm() if access.may_comment(user, ledger) else None,
            comment_url=reverse("enterprises_admin:ledger_comment", args=(ledger.pk,)),
        )
        return context


def ledger_comment_view(request, pk):
    ledger = get_object_or_404(HelpLedger, pk=pk)
    if not access.may_comment(request.user, ledger):
        raise PermissionDenied
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        LedgerComment.objects.create(
            ledger=ledger, author=request.user, text=form.cleaned_data["text"]
        )
        from wagtail.log_actions import log

        log(
            instance=ledger,
            action="enterprises.comment",
            user=request.user,
            data={"text": form.cleaned_data["text"][:200]},
        )
        messages.success(request, "意见已记录，帮扶机构可在台账中看到。")
    elif request.method == "POST":
        messages.error(request, "请填写意见")
    return redirect("wagtailsnippets_enterprises_helpledger:inspect", ledger.pk)


# The training register ----------------------------------------------------------------------


class SessionInspectView(ScopedInspectView):
    template_name = "enterprises/session_inspect.html"

    def get_page_title(self):
        return "培训"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        may_change = self.permission_policy.user_has_permission_for_instance(
            self.request.user, "change", session
        )
        context.update(
            session=session,
            attendances=session.attendances.select_related("enterprise"),
            import_form=SignInSheetForm() if may_change else None,
            import_url=reverse("enterprises_admin:session_import", args=(session.pk,)),
        )
        return context


def session_import_view(request, pk):
    session = get_object_or_404(TrainingSession, pk=pk)
    policy = policy_registry.get_by_type(TrainingSession)
    if not policy.user_has_permission_for_instance(request.user, "change", session):
        raise PermissionDenied
    form = SignInSheetForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = import_sign_in_sheet(session, form.cleaned_data["sheet"], request.user)
        except SheetRefused as refused:
            form.add_error("sheet", str(refused))
        else:
            if result.added:
                messages.success(request, f"已导入 {result.added} 名参训人员。")
            if result.problems:
                messages.warning(request, f"{len(result.problems)} 行未导入，原因见下方。")
    return TemplateResponse(
        request,
        "enterprises/session_import.html",
        {
            "page_title": "导入签到表",
            "header_icon": "table",
            "session": session,
            "form": form,
            "result": result,
            "back_url": reverse(
                "wagtailsnippets_enterprises_trainingsession:inspect", args=(session.pk,)
            ),
        },
    )


# Merging duplicates ---------------------------------------------------------------------------


def merge_view(request, pk):
    if not is_city_editor(request.user):
        raise PermissionDenied
    duplicate = get_object_or_404(Enterprise, pk=pk)
    form = MergeForm(request.POST or None, duplicate=duplicate)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["keep"]
        try:
            moved = merge_enterprises(duplicate, keep, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            summary = "、".join(f"{label} {count} 条" for label, count in moved.items())
            messages.success(
                request, f"已将“{duplicate}”合并到“{keep}”" + (f"：{summary}" if summary else "")
            )
            return redirect("wagtailsnippets_enterprises_enterprise:edit", keep.pk)
    return TemplateResponse(
        request,
        "enterprises/merge.html",
        {
            "page_title": "合并重复企业",
            "header_icon": "resubmit",
            "duplicate": duplicate,
            "form": form,
        },
    )


def merge_button(enterprise, user):
    if is_city_editor(user) and not enterprise.merged_into_id:
        return Button(
            "合并到其他记录",
            reverse("enterprises_admin:merge", args=(enterprise.pk,)),
            icon_name="resubmit",
            priority=30,
        )
    return None
