"""The admin as editors and experts use it: rounds, the workbench, 我的评审任务, refusals."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from selection.assignment import auto_assign
from selection.models import Assignment, SelectionRound
from tests.factories import PASSWORD
from tests.selection.factories import campaign, make_case, make_expert, make_round

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def round_form(candidates=(), experts=(), **overrides):
    deadline = timezone.localtime() + datetime.timedelta(days=10)
    data = {
        "title": "2024年度小微企业质量管理优良案例评选",
        "subject_kind": "case",
        "campaign": campaign().pk,
        "scoring_deadline": deadline.strftime("%Y-%m-%d %H:%M"),
        "experts_per_case": 3,
        "min_scores": 2,
        "recommend_count": 2,
        "disagreement_threshold": "20",
        "criteria": inline_formset([]),
    }
    data.update(overrides)
    data = nested_form_data(data)
    # Multi-valued fields go in as lists (nested_form_data would number them).
    data["candidates"] = [str(pk) for pk in candidates]
    data["experts"] = [str(pk) for pk in experts]
    return data


def test_editor_opens_a_round_with_default_criteria_and_all_published_cases(client, editor):
    published = [make_case(), make_case()]
    make_case(live=False)
    make_case(year=2023)
    expert = make_expert()
    login(client, editor)
    response = client.post(reverse("selection_rounds:add"), round_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    selection_round = SelectionRound.objects.get()
    assert selection_round.created_by == editor
    assert selection_round.criteria.count() == 8
    assert set(selection_round.candidate_subjects()) >= set(published)
    assert all(
        c.live and c.campaign_id == campaign().pk for c in selection_round.candidate_subjects()
    )
    assert expert in selection_round.experts.all()


def test_candidates_of_another_campaign_are_refused(client, editor):
    old = make_case(year=2023)
    login(client, editor)
    response = client.post(reverse("selection_rounds:add"), round_form(candidates=[old.pk]))
    assert response.status_code == 200
    assert "不属于" in response.content.decode()
    assert not SelectionRound.objects.exists()


def test_editing_frozen_criteria_in_the_admin_is_refused_with_a_message(
    client, editor, closed_round
):
    login(client, editor)
    criteria = list(closed_round.criteria.order_by("sort_order"))
    forms = [
        {
            "id": c.id,
            "name": c.name,
            "description": c.description,
            "weight": "50" if i == 0 else str(c.weight),
            "max_score": str(c.max_score),
            "is_impact": c.is_impact,
            "ORDER": i + 1,
        }
        for i, c in enumerate(criteria)
    ]
    data = round_form(
        title=closed_round.title,
        experts_per_case=closed_round.experts_per_case,
        criteria=inline_formset(forms, initial=len(forms)),
        candidates=[c.pk for c in closed_round.candidate_subjects()],
        experts=[e.pk for e in closed_round.experts.all()],
    )
    response = client.post(reverse("selection_rounds:edit", args=[closed_round.pk]), data)
    assert "评分标准已冻结" in response.content.decode()
    assert closed_round.criteria.order_by("sort_order").first().weight == criteria[0].weight


def test_workbench_shows_ranking_and_exports_for_editors(client, editor, closed_round):
    login(client, editor)
    page = client.get(reverse("selection_rounds:manage", args=[closed_round.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "案例1号" in html and "90.00" in html and "同分依次比较" in html
    xlsx = client.get(reverse("selection_rounds:export_xlsx", args=[closed_round.pk]))
    assert xlsx.status_code == 200 and len(xlsx["X-Data-SHA256"]) == 64
    assert ModelLogEntry.objects.filter(
        object_id=str(closed_round.pk), action="selection.export"
    ).exists()
    history = client.get(reverse("selection_rounds:history", args=[closed_round.pk]))
    assert "评分《案例" in history.content.decode()


def test_decide_through_the_workbench_and_the_cap_message(client, editor, closed_round):
    login(client, editor)
    first, second, *_ = closed_round.candidate_cases()
    url = reverse("selection_rounds:decide", args=[closed_round.pk])
    client.post(url, {"case": first.pk, "level": "national", "reason": "成效突出"})
    response = client.post(
        url, {"case": second.pk, "level": "national", "reason": "也不错"}, follow=True
    )
    assert "已达本轮名额" in response.content.decode()
    assert closed_round.decisions.count() == 1


def test_experts_cannot_read_rankings_or_other_experts_scores(client, closed_round):
    expert = closed_round.experts.first()
    login(client, expert.user)
    for name in ("manage", "export_xlsx", "export_pdf"):
        response = client.get(reverse(f"selection_rounds:{name}", args=[closed_round.pk]))
        assert response.status_code == 403
        assert "只有市级编辑" in response.content.decode()
    assert (
        ModelLogEntry.objects.filter(
            object_id=str(closed_round.pk), action="selection.refused", user=expert.user
        ).count()
        == 3
    )
    # Nor the audit log, where every score change is written: not the round's history,
    # not Wagtail's site history report.
    site_history = client.get(reverse("wagtailadmin_reports:site_history"))
    assert "评分《" not in site_history.content.decode()
    assert client.get(reverse("selection_rounds:index")).status_code in (302, 403)
    assert client.get(reverse("selection_rounds:history", args=[closed_round.pk])).status_code in (
        302,
        403,
    )


def test_expert_sees_only_their_own_scores_on_their_case(client, closed_round):
    assignment = closed_round.assignments.order_by("id").first()
    others = closed_round.assignments.filter(entry=assignment.entry).exclude(pk=assignment.pk)
    login(client, assignment.expert.user)
    html = client.get(
        reverse("selection_expert_case", args=[closed_round.pk, assignment.entry.subject_id])
    ).content.decode()
    assert f"意见{assignment.expert_id}" in html
    for other in others:
        assert f"意见{other.expert_id}" not in html
        assert other.expert.name not in html
    assert "评分已锁定" in html


def test_expert_dashboard_confirm_and_score_through_the_admin(client, site_tree):
    experts = [make_expert() for _ in range(3)]
    cases = [make_case(title=f"仪表板案例{i}") for i in range(4)]
    selection_round = make_round(cases, experts, k=2)
    auto_assign(selection_round)
    me = experts[0]
    mine = list(Assignment.objects.filter(round=selection_round, expert=me))
    login(client, me.user)
    dashboard = client.get(reverse("selection_my_tasks")).content.decode()
    for case in cases:
        assert (case.title in dashboard) == any(a.entry.subject_id == case.pk for a in mine)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "selection-expert-tasks" in home and mine[0].entry.title in home

    url = reverse("selection_expert_case", args=[selection_round.pk, mine[0].entry.subject_id])
    before = client.get(url).content.decode()
    assert "我确认与该企业无利益冲突" in before and "保存评分" not in before
    client.post(url, {"action": "confirm"})
    values = {f"criterion-{c.id}": "7" for c in selection_round.criteria.all()}
    response = client.post(url, {"action": "score", "comment": "不错", **values}, follow=True)
    assert "评分已保存" in response.content.decode()
    assert mine[0].scores.count() == 8

    bad = {**values, f"criterion-{selection_round.criteria.first().id}": "11"}
    response = client.post(url, {"action": "score", **bad})
    assert "应在 0 到 10 之间" in response.content.decode()
    assert set(mine[0].scores.values_list("value", flat=True)) == {7}

    not_mine = next(c for c in cases if not any(a.entry.subject_id == c.pk for a in mine))
    refused = client.get(reverse("selection_expert_case", args=[selection_round.pk, not_mine.pk]))
    assert refused.status_code == 403 and "未分配给您" in refused.content.decode()


def test_moving_the_deadline_in_the_round_form_needs_a_reason(client, editor, site_tree):
    case, expert = make_case(), make_expert()
    selection_round = make_round([case], [expert], k=1)
    login(client, editor)
    url = reverse("selection_rounds:edit", args=[selection_round.pk])
    fields = {
        "title": selection_round.title,
        "experts_per_case": 1,
        "min_scores": 1,
        "candidates": [case.pk],
        "experts": [expert.pk],
    }
    response = client.post(url, round_form(**fields))
    assert "修改评分截止时间须填写理由" in response.content.decode()
    selection_round.refresh_from_db()
    before = selection_round.scoring_deadline
    response = client.post(url, round_form(deadline_reason="专家集中评审会改期", **fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    selection_round.refresh_from_db()
    assert selection_round.scoring_deadline > before
    entry = ModelLogEntry.objects.get(
        object_id=str(selection_round.pk), action="selection.deadline"
    )
    assert entry.user == editor and entry.data["reason"] == "专家集中评审会改期"
