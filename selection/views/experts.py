"""The expert's side: 我的评审任务 (only their own assignments), and one subject (case,
course, district or body) at a time —
confirm no conflict or declare one, then score it until the deadline.

Experts are in the 评审专家 group with nothing but admin access; every check here is on the
expert record linked to the signed-in user, never on a URL parameter.
"""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from selection import audit
from selection.models import Assignment, SelectionRound
from selection.scoring import (
    confirm_no_conflict,
    declare_conflict,
    expert_of,
    open_subject,
    save_scores,
)
from selection.subjects import evidence_links
from selection.views.common import refused_response


def my_assignments(user):
    expert = expert_of(user)
    if expert is None:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(expert=expert)
        .select_related(
            "round", "entry", "entry__case", "entry__course", "entry__district", "entry__body"
        )
        # The list shows the subject's title only: a page's body (its whole text) stays unread.
        .only(
            "id",
            "status",
            "round_id",
            "entry_id",
            "expert_id",
            "round__title",
            "round__scoring_deadline",
            "entry__subject_id",
            "entry__case",
            "entry__course",
            "entry__district",
            "entry__body",
            "entry__case__title",
            "entry__course__title",
            "entry__district__name",
            "entry__body__name",
        )
        .annotate(score_count=Count("scores"))
        .order_by("-round__scoring_deadline", "round_id", "entry__subject_id")
    )


def dashboard_view(request):
    if expert_of(request.user) is None:
        return refused_response(request, "您的账号未关联专家信息，请联系市级编辑")
    assignments = list(my_assignments(request.user))
    now = timezone.now()
    return render(
        request,
        "selection/expert_dashboard.html",
        {
            "page_title": "我的评审任务",
            "header_icon": "tasks",
            "assignments": assignments,
            "now": now,
            "todo": sum(
                1
                for a in assignments
                if a.status != Assignment.RECUSED
                and not a.score_count
                and a.round.scoring_deadline >= now
            ),
        },
    )


def _act(request, assignment, action):
    if action == "confirm":
        confirm_no_conflict(assignment, request.user)
        messages.success(request, f"已确认无利益冲突，可以查看{assignment.round.kind.label}并评分")
    elif action == "declare":
        declare_conflict(assignment, request.user, request.POST.get("detail", ""))
        messages.success(
            request, f"已记录您的回避申报，该{assignment.round.kind.label}不再由您评审"
        )
    elif action == "score":
        raw = {
            key.removeprefix("criterion-"): value
            for key, value in request.POST.items()
            if key.startswith("criterion-")
        }
        save_scores(assignment, request.user, raw, request.POST.get("comment", ""))
        messages.success(request, "评分已保存，截止前仍可修改")


def case_view(request, round_id, case_id):
    selection_round = get_object_or_404(SelectionRound, pk=round_id)
    try:
        assignment = open_subject(selection_round, case_id, request.user)
    except audit.SelectionRefused as refusal:
        return refused_response(request, refusal.message)
    here = reverse("selection_expert_case", args=[round_id, case_id])
    submitted = None  # a refused score sheet is shown again as typed
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            _act(request, assignment, action)
        except audit.SelectionRefused as refusal:
            messages.error(request, refusal.message)
            if action != "score":
                return redirect(here)
            submitted = request.POST
        else:
            return redirect("selection_my_tasks" if action == "declare" else here)
    kind = selection_round.kind
    case = assignment.entry.subject
    case = case.specific if kind.is_page else case
    criteria = list(selection_round.criteria.order_by("sort_order", "id"))
    stored = {s.criterion_id: s.value for s in assignment.scores.all()}
    rows = [
        {
            "criterion": c,
            "value": submitted.get(f"criterion-{c.id}", "") if submitted else stored.get(c.id, ""),
        }
        for c in criteria
    ]
    helping_body = getattr(case, "helping_body", None) or (
        case.certification_body if kind.key == "course" else None
    )
    helpers = case.helping_experts.all() if hasattr(case, "helping_experts") else []
    return render(
        request,
        "selection/expert_case.html",
        {
            "page_title": kind.title(case),
            "kind": kind,
            "subject_title": kind.title(case),
            "evidence": evidence_links(case, selection_round.campaign),
            "header_icon": "doc-full",
            "round": selection_round,
            "assignment": assignment,
            "case": case,
            "helping_body": helping_body,
            "helpers": helpers,
            "rows": rows,
            "comment": submitted.get("comment", "") if submitted else assignment.comment,
            "open": selection_round.is_scoring_open(),
            "confirmed": assignment.status == Assignment.CONFIRMED,
        },
    )
