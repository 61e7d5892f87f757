"""Decisions: 市级优良案例 / 推荐至市场监管总局 within the cap, shown as the case's recognition."""

import pytest
from wagtail.models import ModelLogEntry

from cases.models import CaseRecognition
from selection.audit import SelectionRefused
from selection.decisions import decide, withdraw
from selection.models import Decision
from selection.ranking import round_results
from tests.selection.factories import make_round

pytestmark = pytest.mark.django_db


def cases_of(selection_round):
    return list(selection_round.candidate_cases())


def test_ranking_from_stored_scores(closed_round):
    results = round_results(closed_round).results
    assert [r.rank for r in results] == [1, 2, 3, 4]
    assert [r.score for r in results] == [90, 80, 70, 60]
    assert [r.case_id for r in results] == [c.pk for c in cases_of(closed_round)]
    assert round_results(closed_round).results[0].score == results[0].score


def test_recommendation_creates_the_public_recognition(closed_round, editor):
    first, second, *_ = cases_of(closed_round)
    decide(closed_round, first, Decision.NATIONAL, "帮扶成效突出，可复制可推广", editor)
    decide(closed_round, second, Decision.CITY, "质量管理提升明显", editor)
    recognition = CaseRecognition.objects.get(case=first)
    assert (recognition.level, recognition.source, recognition.decided_by) == (
        "national",
        closed_round.title,
        editor,
    )
    assert CaseRecognition.objects.get(case=second).level == "city"
    entry = (
        ModelLogEntry.objects.filter(object_id=str(closed_round.pk), action="selection.decide")
        .order_by("id")
        .first()
    )
    assert entry.user == editor and entry.data["reason"] == "帮扶成效突出，可复制可推广"

    withdraw(closed_round, second, editor)
    assert not CaseRecognition.objects.filter(case=second).exists()
    assert not closed_round.decisions.filter(entry__case=second).exists()


def test_recommendations_beyond_the_cap_are_refused_and_logged(closed_round, editor):
    first, second, *_ = cases_of(closed_round)
    decide(closed_round, first, Decision.NATIONAL, "第一名", editor)
    with pytest.raises(SelectionRefused, match="已达本轮名额 1 个"):
        decide(closed_round, second, Decision.NATIONAL, "第二名", editor)
    assert closed_round.decisions.filter(level=Decision.NATIONAL).count() == 1
    assert not CaseRecognition.objects.filter(case=second).exists()
    assert ModelLogEntry.objects.filter(
        object_id=str(closed_round.pk), action="selection.refused", data__attempt="评选决定"
    ).exists()
    # Changing the one recommendation is not a second one.
    decide(closed_round, first, Decision.NATIONAL, "第一名，理由补充", editor)
    # A city recognition is not capped by the recommendation quota.
    decide(closed_round, second, Decision.CITY, "第二名", editor)


def test_decisions_need_a_reason_a_closed_round_and_a_ranked_case(site_tree, closed_round, editor):
    first = cases_of(closed_round)[0]
    with pytest.raises(SelectionRefused, match="理由"):
        decide(closed_round, first, Decision.CITY, "  ", editor)
    open_round = make_round(cases_of(closed_round), title="另一轮")
    with pytest.raises(SelectionRefused, match="评分截止后"):
        decide(open_round, first, Decision.CITY, "理由", editor)
    assert not CaseRecognition.objects.filter(case=first).exists()


def test_the_decision_shows_on_the_public_case_page(client, closed_round, editor):
    first = cases_of(closed_round)[0]
    decide(closed_round, first, Decision.NATIONAL, "帮扶成效突出", editor)
    html = client.get(first.url).content.decode()
    assert "推荐至市场监管总局" in html and closed_round.title in html
    from cases.models import CasePage

    assert list(CasePage.objects.filter(recognition__level="national")) == [first]


def test_only_ranked_cases_can_be_decided(site_tree, editor):
    from selection.assignment import auto_assign
    from selection.scoring import confirm_no_conflict, save_scores
    from tests.selection.conftest import close
    from tests.selection.factories import make_case, make_expert

    experts = [make_expert() for _ in range(3)]
    enough, short = make_case(title="评分足够的案例"), make_case(title="评分不足的案例")
    selection_round = make_round([enough, short], experts, k=3, min_scores=2)
    auto_assign(selection_round)
    # ``enough`` gets two sheets (min_scores), ``short`` only one.
    for case, sheets in ((enough, 2), (short, 1)):
        for assignment in selection_round.assignments.filter(entry__case=case).order_by(
            "expert_id"
        )[:sheets]:
            confirm_no_conflict(assignment, assignment.expert.user)
            save_scores(
                assignment,
                assignment.expert.user,
                {c.id: "8" for c in selection_round.criteria.all()},
            )
    close(selection_round)
    with pytest.raises(SelectionRefused, match="未参加排名（有效评分 1 份，少于 2 份），不能认定"):
        decide(selection_round, short, Decision.CITY, "成效不错", editor)
    assert not CaseRecognition.objects.filter(case=short).exists()
    decide(selection_round, enough, Decision.CITY, "成效不错", editor)
    assert CaseRecognition.objects.get(case=enough).level == "city"
