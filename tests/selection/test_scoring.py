"""Experts score only their own cases, within range, before the deadline; every refusal
is logged and leaves nothing half-saved."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from selection.assignment import auto_assign
from selection.audit import SelectionRefused
from selection.models import Assignment, Score
from selection.scoring import confirm_no_conflict, open_case, save_scores
from tests.selection.factories import make_case, make_expert, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(site_tree):
    experts = [make_expert() for _ in range(3)]
    cases = [make_case(), make_case()]
    selection_round = make_round(cases, experts, k=2)
    auto_assign(selection_round)
    return selection_round, cases, experts


def sheet(selection_round, value="8"):
    return {c.id: value for c in selection_round.criteria.all()}


def refusals(selection_round):
    return ModelLogEntry.objects.filter(
        object_id=str(selection_round.pk), action="selection.refused"
    )


def test_expert_scores_a_confirmed_case_and_may_change_it_before_the_deadline(setup):
    selection_round, _, _ = setup
    assignment = Assignment.objects.filter(round=selection_round).first()
    user = assignment.expert.user
    confirm_no_conflict(assignment, user)
    save_scores(assignment, user, sheet(selection_round, "8"), "帮扶成效明显")
    save_scores(assignment, user, sheet(selection_round, "9.5"), "帮扶成效明显")
    assert set(assignment.scores.values_list("value", flat=True)) == {Decimal("9.5")}
    entries = ModelLogEntry.objects.filter(
        object_id=str(selection_round.pk), action="selection.score"
    )
    assert entries.count() == 2
    assert "运营绩效 8→9.5" in entries.order_by("-id").first().data["changes"]
    assert entries.first().user == user


def test_scores_out_of_range_are_refused_logged_and_nothing_is_saved(setup):
    selection_round, _, _ = setup
    assignment = Assignment.objects.filter(round=selection_round).first()
    user = assignment.expert.user
    confirm_no_conflict(assignment, user)
    values = sheet(selection_round, "8")
    last = selection_round.criteria.order_by("sort_order").last()
    values[last.id] = "12"
    with pytest.raises(SelectionRefused, match="应在 0 到 10 之间，收到 12"):
        save_scores(assignment, user, values)
    assert not Score.objects.filter(assignment=assignment).exists()
    values[last.id] = "-1"
    with pytest.raises(SelectionRefused):
        save_scores(assignment, user, values)
    values[last.id] = ""
    with pytest.raises(SelectionRefused, match="请填写"):
        save_scores(assignment, user, values)
    assert not Score.objects.filter(assignment=assignment).exists()
    assert refusals(selection_round).count() == 3
    assert refusals(selection_round).first().user == user


def test_scores_are_locked_after_the_deadline(setup):
    selection_round, _, _ = setup
    assignment = Assignment.objects.filter(round=selection_round).first()
    user = assignment.expert.user
    confirm_no_conflict(assignment, user)
    save_scores(assignment, user, sheet(selection_round, "6"))
    later = selection_round.scoring_deadline + datetime.timedelta(seconds=1)
    with pytest.raises(SelectionRefused, match="评分已锁定"):
        save_scores(assignment, user, sheet(selection_round, "10"), moment=later)
    assert set(assignment.scores.values_list("value", flat=True)) == {Decimal("6")}
    assert refusals(selection_round).filter(data__attempt="评分").exists()


def test_scoring_needs_the_conflict_confirmation_first(setup):
    selection_round, _, _ = setup
    assignment = Assignment.objects.filter(round=selection_round).first()
    with pytest.raises(SelectionRefused, match="请先确认"):
        save_scores(assignment, assignment.expert.user, sheet(selection_round))


def test_an_expert_cannot_open_or_score_a_case_not_assigned_to_them(setup):
    selection_round, cases, experts = setup
    mine = Assignment.objects.filter(round=selection_round, expert=experts[0])
    other = Assignment.objects.filter(round=selection_round).exclude(expert=experts[0]).first()
    not_mine = [c for c in cases if not mine.filter(entry__case=c).exists()]
    for case in not_mine:
        with pytest.raises(SelectionRefused, match="未分配给您"):
            open_case(selection_round, case.pk, experts[0].user)
    with pytest.raises(SelectionRefused, match="只能处理分配给本人"):
        save_scores(other, experts[0].user, sheet(selection_round))
    assert refusals(selection_round).count() == len(not_mine) + 1


def test_a_recused_case_cannot_be_opened(setup):
    from selection.scoring import declare_conflict

    selection_round, _, _ = setup
    assignment = Assignment.objects.filter(round=selection_round).first()
    declare_conflict(assignment, assignment.expert.user, "近亲属在该企业任职")
    with pytest.raises(SelectionRefused, match="已回避"):
        open_case(selection_round, assignment.entry.subject_id, assignment.expert.user)


def test_deadline_in_the_past_means_closed(setup):
    selection_round, _, _ = setup
    assert selection_round.is_scoring_open()
    selection_round.scoring_deadline = timezone.now() - datetime.timedelta(minutes=1)
    assert selection_round.is_closed()


def test_a_score_at_exactly_the_deadline_is_accepted_and_one_microsecond_later_refused(setup):
    selection_round, _, _ = setup
    assignment = Assignment.objects.filter(round=selection_round).first()
    user = assignment.expert.user
    confirm_no_conflict(assignment, user)
    deadline = selection_round.scoring_deadline
    save_scores(assignment, user, sheet(selection_round, "6"), moment=deadline)
    assert set(assignment.scores.values_list("value", flat=True)) == {Decimal("6")}
    late = deadline + datetime.timedelta(microseconds=1)
    with pytest.raises(SelectionRefused, match="评分已锁定"):
        save_scores(assignment, user, sheet(selection_round, "7"), moment=late)
    assert set(assignment.scores.values_list("value", flat=True)) == {Decimal("6")}
    assert selection_round.is_scoring_open(deadline) and selection_round.is_closed(late)


def test_scores_have_at_most_two_decimals(setup):
    selection_round, _, _ = setup
    assignment = Assignment.objects.filter(round=selection_round).first()
    user = assignment.expert.user
    confirm_no_conflict(assignment, user)
    save_scores(assignment, user, sheet(selection_round, "7.25"))
    with pytest.raises(SelectionRefused, match="的得分最多保留两位小数"):
        save_scores(assignment, user, sheet(selection_round, "7.255"))
    assert set(assignment.scores.values_list("value", flat=True)) == {Decimal("7.25")}
    # Trailing zeros are not a third decimal.
    save_scores(assignment, user, sheet(selection_round, "7.500"))
    assert set(assignment.scores.values_list("value", flat=True)) == {Decimal("7.5")}


def test_an_expert_who_has_scored_cannot_then_declare_a_conflict(setup):
    from selection.scoring import declare_conflict

    selection_round, _, _ = setup
    assignment = Assignment.objects.filter(round=selection_round).first()
    user = assignment.expert.user
    confirm_no_conflict(assignment, user)
    save_scores(assignment, user, sheet(selection_round, "8"))
    with pytest.raises(SelectionRefused, match="已评分的案例请联系市级编辑处理回避"):
        declare_conflict(assignment, user, "想起来曾为该企业提供咨询")
    assignment.refresh_from_db()
    assert assignment.status == Assignment.CONFIRMED
    assert not selection_round.recusals.filter(expert=assignment.expert).exists()
    assert assignment.scores.count() == selection_round.criteria.count()
    # Before scoring, the same declaration is accepted.
    other = Assignment.objects.filter(round=selection_round).exclude(pk=assignment.pk).first()
    declare_conflict(other, other.expert.user, "近亲属在该企业任职")
    other.refresh_from_db()
    assert other.status == Assignment.RECUSED
