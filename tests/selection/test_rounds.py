"""Rounds: default criteria, frozen criteria, candidates, load-balanced assignment in a real round."""

from collections import Counter
from decimal import Decimal

import pytest
from wagtail.models import ModelLogEntry

from selection.assignment import assign_by_hand, auto_assign, shortfalls
from selection.audit import SelectionRefused
from selection.models import Assignment, CriteriaFrozen, RoundCriterion
from selection.models.rounds import DEFAULT_CRITERIA
from selection.scoring import confirm_no_conflict, save_scores
from tests.selection.factories import BodyFactory, make_case, make_expert, make_round

pytestmark = pytest.mark.django_db


def test_a_new_round_gets_the_default_criteria_from_attachment_1(site_tree):
    selection_round = make_round()
    names = list(selection_round.criteria.order_by("sort_order").values_list("name", flat=True))
    assert names == [c[0] for c in DEFAULT_CRITERIA]
    assert names[:6] == [
        "运营绩效",
        "产品服务质量",
        "质量管理水平",
        "信用品牌",
        "数字化信息化",
        "持续性",
    ]
    assert sum(c.weight for c in selection_round.criteria.all()) == Decimal("100")
    assert selection_round.criteria.filter(is_impact=True).count() == 6


def test_criteria_are_frozen_once_the_first_score_exists(site_tree):
    expert = make_expert()
    case = make_case()
    selection_round = make_round([case], [expert], k=1)
    criterion = selection_round.criteria.order_by("sort_order").first()
    criterion.weight = Decimal("20")
    criterion.save()  # before scoring, editing is fine
    auto_assign(selection_round)
    assignment = selection_round.assignments.get()
    confirm_no_conflict(assignment, expert.user)
    save_scores(assignment, expert.user, {c.id: "5" for c in selection_round.criteria.all()})

    criterion.refresh_from_db()
    criterion.save()  # saving unchanged values is not an edit
    criterion.weight = Decimal("30")
    with pytest.raises(CriteriaFrozen):
        criterion.save()
    with pytest.raises(CriteriaFrozen):
        RoundCriterion(round=selection_round, name="新增项", weight=5, max_score=10).save()
    with pytest.raises(CriteriaFrozen):
        selection_round.criteria.last().delete()
    criterion.refresh_from_db()
    assert criterion.weight == Decimal("20")


def test_auto_assignment_balances_load_across_a_round(site_tree):
    body = BodyFactory()
    experts = [make_expert(body=body if i == 0 else None) for i in range(7)]
    cases = [make_case(helping_body=body if i % 4 == 0 else None) for i in range(17)]
    selection_round = make_round(cases, experts, k=3)
    result = auto_assign(selection_round)
    per_case = Counter(selection_round.assignments.values_list("entry__subject_id", flat=True))
    assert set(per_case.values()) == {3}
    load = Counter(selection_round.assignments.values_list("expert_id", flat=True))
    assert max(load.values()) - min(load.values()) <= 1
    # The helping body's expert never sees its cases.
    assert not selection_round.assignments.filter(
        expert=experts[0], entry__case__in=[c for i, c in enumerate(cases) if i % 4 == 0]
    ).exists()
    assert result.short == {} and shortfalls(selection_round) == {}
    entry = ModelLogEntry.objects.get(
        object_id=str(selection_round.pk), action="selection.assign_auto"
    )
    assert len(entry.data["assigned"]) == 51


def test_short_cases_are_shown_and_hand_assignment_never_breaks_a_conflict(site_tree, editor):
    helper = make_expert("帮扶专家")
    other = make_expert()
    case = make_case(helpers=[helper])
    selection_round = make_round([case], [helper, other], k=2)
    auto_assign(selection_round, editor)
    assert shortfalls(selection_round) == {case.pk: 1}
    with pytest.raises(SelectionRefused, match="利益冲突"):
        assign_by_hand(selection_round, case, helper, editor)
    assert not selection_round.assignments.filter(expert=helper).exists()
    logged = ModelLogEntry.objects.get(
        object_id=str(selection_round.pk), action="selection.refused"
    )
    assert logged.user == editor and logged.data["attempt"] == "手工分配"

    third = make_expert()
    assignment = assign_by_hand(selection_round, case, third, editor)
    assert assignment.source == Assignment.MANUAL
    assert shortfalls(selection_round) == {}


def test_no_assignment_after_the_deadline(closed_round, editor):
    before = closed_round.assignments.count()
    with pytest.raises(SelectionRefused, match="评分已截止"):
        auto_assign(closed_round, editor)
    with pytest.raises(SelectionRefused, match="评分已截止"):
        assign_by_hand(closed_round, closed_round.candidate_cases()[0], make_expert(), editor)
    assert closed_round.assignments.count() == before
