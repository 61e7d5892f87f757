"""Rounds in the admin: the ModelViewSet (list, create, edit, history = audit log) plus the
round's workbench — ranking, shortfalls, hand adjustments, decisions and exports.

Docs: https://docs.wagtail.org/en/stable/extending/generic_views.html
"""

from collections import Counter

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from library import params
from library.models import Expert
from selection import audit
from selection.aggregation import TIE_BREAK_CHAIN
from selection.assignment import assign_by_hand, auto_assign, shortfalls, unassign
from selection.decisions import decide, withdraw
from selection.exports import (
    case_details,
    certified_snapshot,
    certified_state,
    money,
    ranking_xlsx,
    report_pdf,
)
from selection.forms import DeadlineForm, SelectionRoundForm
from selection.lifecycle import change_deadline, ensure_closed
from selection.models import Decision, ExpertRelationship, Recusal, SelectionRound
from selection.progress import round_progress
from selection.ranking import cached_round_results, criteria_of
from selection.subjects import evidence_links
from selection.views.common import can_manage, refused_response

URL_NAMESPACE = "selection_rounds"
ROWS_PER_PAGE = 50


def manage_url(selection_round):
    return reverse(f"{URL_NAMESPACE}:manage", args=[selection_round.pk])


def _round_for_editor(request, pk, attempt):
    """The round, or a logged refusal for anyone who may not manage rounds."""
    selection_round = get_object_or_404(SelectionRound.objects.select_related("campaign"), pk=pk)
    if not can_manage(request.user):
        try:
            audit.refuse(
                selection_round,
                request.user,
                attempt,
                "只有市级编辑可以查看排名、他人评分和导出记录",
            )
        except audit.SelectionRefused as refusal:
            return selection_round, refused_response(request, refusal.message)
    return selection_round, None


class RoundManageView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "selection/round_manage.html"
    header_icon = "tasks"

    def dispatch(self, request, pk):
        self.round, refusal = _round_for_editor(request, pk, "查看排名")
        return refusal or super().dispatch(request, pk)

    def get_page_title(self):
        return self.round.title

    def get_page_subtitle(self):
        return "评选工作台"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{URL_NAMESPACE}:index"), "label": "评选轮次"},
            {"url": "", "label": self.round.title},
        ]

    def get_context_data(self, **kwargs):
        """Open round: progress only (assigned / confirmed / scored), no value, no rank.
        Closed round: the ranking, with the stored snapshot it is certified by."""
        context = super().get_context_data(**kwargs)
        selection_round = self.round
        closed = ensure_closed(selection_round, self.request.user)
        progress = round_progress(selection_round)
        short = shortfalls(selection_round)
        experts = {e.id: e for e in selection_round.pool().select_related("certification_body")}
        kind = selection_round.kind
        decisions = {
            d.entry.subject_id: d
            for d in selection_round.decisions.select_related(
                f"entry__{kind.entry_field}", "decided_by"
            )
        }
        if closed:
            results = cached_round_results(selection_round).results
            order = [r.case_id for r in results]
        else:
            results = []
            order = sorted(progress.cases)
        by_case = {r.case_id: r for r in results}
        details = case_details(order, kind)
        # The table shows one page of ROWS_PER_PAGE cases; counts and the decision list
        # read every case, from the same data, without rendering them.
        table = Paginator(order, ROWS_PER_PAGE).get_page(params.page_number(self.request.GET))
        rows = []
        for case_id in table.object_list:
            case_progress = progress.cases[case_id]
            row = {
                "case_id": case_id,
                "case": details.get(case_id, {}),
                "progress": case_progress,
                "stale": [experts[e].name if e in experts else str(e) for e in case_progress.stale],
                "decision": decisions.get(case_id),
                "short": short.get(case_id, 0),
            }
            result = by_case.get(case_id)
            if result is not None:
                row.update(
                    {
                        "result": result,
                        # Formatted here: localizing thousands of Decimals in the template is slow.
                        "score": money(result.score) or "—",
                        "impact": money(result.impact_score) or "—",
                        "spread": money(result.spread) or "—",
                        "rank": str(result.rank or "—"),
                        "count": str(result.count),
                    }
                )
            rows.append(row)
        load = progress.assigned_by_expert
        context.update(
            {
                "round": selection_round,
                "noun": kind.label,
                "criteria": criteria_of(selection_round),
                "frozen": selection_round.has_scores(),
                "rows": rows,
                "table_page": table,
                "case_count": len(order),
                "ranked_choices": [
                    (r.case_id, f"第{r.rank}名 {details.get(r.case_id, {}).get('title', '')}")
                    for r in results
                    if r.ranked
                ],
                "progress": progress,
                "short": [
                    (case_id, missing, details.get(case_id, {}))
                    for case_id, missing in sorted(short.items())
                ],
                "loads": [
                    {
                        "expert": experts[e],
                        "count": load[e],
                        "scored": progress.scored_by_expert[e],
                    }
                    for e in sorted(experts)
                ],
                "load_spread": (max(load[e] for e in experts) - min(load[e] for e in experts))
                if experts
                else 0,
                "tie_break": TIE_BREAK_CHAIN,
                **self._recusals(details, experts),
                "decisions": [decisions[subject_id] for subject_id in sorted(decisions)],
                "national_count": sum(
                    1 for d in decisions.values() if d.level == Decision.NATIONAL
                ),
                "levels": kind.levels,
                "closed": closed,
                "snapshot": closed and _latest_snapshot_heading(selection_round),
                "deadline_form": None if closed else DeadlineForm(selection_round),
                "case_titles": {case_id: d.get("title", "") for case_id, d in details.items()},
                "focus": self._focus(details, experts),
            }
        )
        if context["snapshot"]:
            context["certified"] = context["snapshot"].certified
        return context

    def _recusals(self, details, experts):
        """Counts by reason, and the recusals experts declared themselves in full.

        Automatic exclusions can run to a thousand rows in a large round; they are listed
        in full in the exports, not on this page.
        """
        rows = list(
            self.round.recusals.order_by("entry__subject_id", "expert_id").values_list(
                "entry__subject_id", "expert_id", "reason", "detail", "recorded_at"
            )
        )
        labels = dict(Recusal.REASONS)
        counts = Counter(reason for _, _, reason, _, _ in rows)
        return {
            "recusal_counts": [(labels[r], counts[r]) for r, _ in Recusal.REASONS if counts[r]],
            "declared_recusals": [
                {
                    "case": details.get(case_id, {}).get("title", case_id),
                    "expert": experts[expert_id].name if expert_id in experts else expert_id,
                    "detail": detail,
                    "recorded_at": recorded_at,
                }
                for case_id, expert_id, reason, detail, recorded_at in rows
                if reason == Recusal.DECLARED
            ],
        }

    def _focus(self, details, experts):
        """The subject whose assignments the editor is adjusting (?case=ID), with the
        evidence registered for its kind (``selection.subjects.evidence_links``)."""
        kind = self.round.kind
        case_id = params.model_id(self.request.GET, "case", required=False, label=kind.label)
        if case_id not in details:
            return None
        from selection.conflicts import round_conflicts

        case = kind.model.objects.get(pk=case_id)
        assigned = list(
            self.round.assignments.filter(entry__subject_id=case_id)
            .select_related("expert")
            .order_by("expert_id")
        )
        taken = {a.expert_id for a in assigned}
        conflicts = round_conflicts(self.round, [case], list(experts.values()))
        return {
            "case_id": case_id,
            "title": details[case_id]["title"],
            "evidence": evidence_links(case, self.round.campaign),
            "assignments": assigned,
            "eligible": [
                e
                for e_id, e in sorted(experts.items())
                if e_id not in taken and (case_id, e_id) not in conflicts
            ],
            "conflicted": [
                (experts[e_id], found)
                for (c, e_id), found in sorted(conflicts.items())
                if c == case_id
            ],
        }


def _latest_snapshot_heading(selection_round):
    """The latest snapshot's digest and the state it certifies, without reading its whole
    canonical record on every request (the record of a large round is a large JSON text;
    a stored snapshot never changes, so its heading is kept by id and digest)."""
    snapshot = selection_round.snapshots.order_by("-sequence").defer("canonical").first()
    if snapshot is None:
        return None
    key = f"selection:snapshot-heading:{snapshot.pk}:{snapshot.sha256}"
    snapshot.certified = cache.get(key)
    if snapshot.certified is None:
        snapshot.certified = certified_state(selection_round.snapshots.get(pk=snapshot.pk))
        cache.set(key, snapshot.certified, 24 * 3600)
    return snapshot


def _back(selection_round, case_id=None):
    url = manage_url(selection_round)
    return redirect(f"{url}?case={case_id}#assignments" if case_id else url)


def _run(request, selection_round, action, success):
    try:
        action()
    except audit.SelectionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, success)


@require_POST
def auto_assign_view(request, pk):
    selection_round, refusal = _round_for_editor(request, pk, "自动分配")
    if refusal:
        return refusal
    try:
        result = auto_assign(selection_round, request.user)
    except audit.SelectionRefused as refused:
        messages.error(request, refused.message)
        return _back(selection_round)
    messages.success(
        request,
        f"已自动分配 {len(result.new)} 项评审任务；仍有 {len(result.short)} 个{selection_round.kind.label}不足 {selection_round.experts_per_case} 人",
    )
    return _back(selection_round)


@require_POST
def add_assignment_view(request, pk):
    selection_round, refusal = _round_for_editor(request, pk, "手工分配")
    if refusal:
        return refusal
    case = _subject(request, selection_round)
    expert = params.instance(request.POST, "expert", Expert, label="专家")
    _run(
        request,
        selection_round,
        lambda: assign_by_hand(selection_round, case, expert, request.user),
        f"已分配 {expert.name} 评审《{selection_round.kind.title(case)}》",
    )
    return _back(selection_round, case.pk)


@require_POST
def remove_assignment_view(request, pk, assignment_id):
    selection_round, refusal = _round_for_editor(request, pk, "撤销分配")
    if refusal:
        return refusal
    assignment = get_object_or_404(selection_round.assignments, pk=assignment_id)
    _run(request, selection_round, lambda: unassign(assignment, request.user), "已撤销分配")
    return _back(selection_round, assignment.entry.subject_id)


@require_POST
def decide_view(request, pk):
    selection_round, refusal = _round_for_editor(request, pk, "评选决定")
    if refusal:
        return refusal
    case = _subject(request, selection_round)
    title = selection_round.kind.title(case)
    level = params.raw(request.POST, "level", max_length=20)
    if level == "withdraw":
        if withdraw(selection_round, case, request.user):
            messages.success(request, f"已撤销《{title}》的认定")
        else:
            messages.warning(request, f"《{title}》在本轮没有认定，无需撤销")
        return _back(selection_round)
    _run(
        request,
        selection_round,
        lambda: decide(
            selection_round, case, level, params.raw(request.POST, "reason"), request.user
        ),
        f"已认定《{title}》为{dict(Decision.LEVELS).get(level, '')}",
    )
    return _back(selection_round)


def _subject(request, selection_round):
    """The posted subject (``case``: its id) of the round's kind; a 400 in Chinese when absent."""
    kind = selection_round.kind
    return params.instance(request.POST, "case", kind.model, label=kind.label)


@require_POST
def deadline_view(request, pk):
    selection_round, refusal = _round_for_editor(request, pk, "修改评分截止时间")
    if refusal:
        return refusal
    form = DeadlineForm(selection_round, request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _back(selection_round)
    deadline = form.cleaned_data["scoring_deadline"]
    _run(
        request,
        selection_round,
        lambda: change_deadline(
            selection_round, deadline, form.cleaned_data["reason"], request.user
        ),
        f"评分截止时间已改为 {timezone.localtime(deadline):%Y-%m-%d %H:%M}",
    )
    return _back(selection_round)


def _download(request, pk, kind, build, content_type, extension):
    selection_round, refusal = _round_for_editor(request, pk, f"导出{kind}")
    if refusal:
        return refusal
    try:
        snapshot = certified_snapshot(selection_round, request.user)
    except audit.SelectionRefused as refused:
        try:
            audit.refuse(selection_round, request.user, f"导出{kind}", refused.message)
        except audit.SelectionRefused:
            return refused_response(request, refused.message)
    content, sha256 = build(selection_round, snapshot)
    audit.record(
        selection_round,
        "selection.export",
        request.user,
        kind=kind,
        sha256=sha256,
        sequence=snapshot.sequence,
    )
    response = HttpResponse(content, content_type=content_type)
    filename = f"selection-{selection_round.pk}-{timezone.localdate():%Y%m%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Data-SHA256"] = sha256
    return response


def export_xlsx_view(request, pk):
    return _download(
        request,
        pk,
        "排名表",
        ranking_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    )


def export_pdf_view(request, pk):
    return _download(request, pk, "推荐报告", report_pdf, "application/pdf", "pdf")


class RoundViewSet(ModelViewSet):
    model = SelectionRound
    icon = "tasks"
    menu_label = "评选轮次"
    name = URL_NAMESPACE
    add_to_admin_menu = False
    list_display = [
        TitleColumn("title", label="评选名称", get_url=manage_url),
        "campaign",
        "scoring_deadline",
        Column("status_label", label="状态"),
    ]
    list_filter = ["campaign"]

    def get_edit_handler(self):
        return ObjectList(SelectionRound.panels, base_form_class=SelectionRoundForm).bind_to_model(
            SelectionRound
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/manage/", RoundManageView.as_view(), name="manage"),
            path("<int:pk>/assign/", auto_assign_view, name="auto_assign"),
            path("<int:pk>/assignments/add/", add_assignment_view, name="add_assignment"),
            path(
                "<int:pk>/assignments/<int:assignment_id>/remove/",
                remove_assignment_view,
                name="remove_assignment",
            ),
            path("<int:pk>/decide/", decide_view, name="decide"),
            path("<int:pk>/deadline/", deadline_view, name="deadline"),
            path("<int:pk>/ranking.xlsx", export_xlsx_view, name="export_xlsx"),
            path("<int:pk>/report.pdf", export_pdf_view, name="export_pdf"),
        ]


class ExpertRelationshipViewSet(ModelViewSet):
    model = ExpertRelationship
    icon = "user"
    menu_label = "专家利害关系申报"
    name = "selection_relationships"
    add_to_admin_menu = False
    list_display = ["expert", "enterprise_name", "credit_code", "relation", "declared_at"]
    search_fields = ["enterprise_name", "credit_code", "expert__name"]
    list_filter = ["relation"]


class SelectionGroup(ModelViewSetGroup):
    menu_label = "专家评选"
    menu_icon = "tasks"
    menu_order = 250
    items = (RoundViewSet, ExpertRelationshipViewSet)
