"""Selection that stays blind until the close and final after it (issue 12, point 3).

Experts give different values, so a value leaking into a page would show: until the round
closes nobody, editors included, sees a score value or a rank; the deadline moves only
while open, with a reason in the audit log; a closed round never reopens; decisions
freeze it; a score on an older revision of a case is flagged once the case changes.
"""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from selection.assignment import assign_by_hand, auto_assign, unassign
from selection.audit import SelectionRefused
from selection.decisions import decide
from selection.lifecycle import change_deadline, ensure_closed
from selection.models import Assignment, CriteriaFrozen, Decision, RoundLocked, SelectionRound
from selection.progress import stale_sheets
from selection.scoring import confirm_no_conflict, declare_conflict, save_scores
from tests.factories import PASSWORD
from tests.selection.conftest import close, let_deadline_pass
from tests.selection.factories import make_case, make_expert, make_round

pytestmark = pytest.mark.django_db

# Each expert's own value on every criterion: distinctive, and different per expert.
VALUES = ["7.13", "8.37", "6.59"]
# The weighted totals they give (value × 10, as the weights sum to 100 over max 10).
TOTALS = ["71.30", "83.70", "65.90"]


@pytest.fixture
def distinct_round(site_tree):
    """One case scored by three experts with different values; the round is still open."""
    experts = [make_expert(f"盲评专家{i}") for i in range(3)]
    case = make_case(title="盲评测试案例")
    selection_round = make_round([case], experts, k=3, min_scores=2)
    auto_assign(selection_round)
    for index, expert in enumerate(experts):
        assignment = selection_round.assignments.get(expert=expert)
        confirm_no_conflict(assignment, expert.user)
        save_scores(
            assignment,
            expert.user,
            {c.id: VALUES[index] for c in selection_round.criteria.all()},
            comment=f"意见{index}",
        )
    return selection_round, case, experts


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def manage(client, selection_round):
    return client.get(reverse("selection_rounds:manage", args=[selection_round.pk]))


# Wagtail writes every log entry's time as ISO 8601 with microseconds into the page
# (``<time datetime="2026-12-01T09:13:27.135071+08:00">``): an entry saved at second 27 and
# microsecond 135071 contains "7.13". Such timestamps are not score values.
ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:?\d{2}|Z)?")


def without_timestamps(html):
    return ISO_TIMESTAMP.sub("<timestamp>", html)


def test_editor_sees_progress_but_no_value_or_rank_before_the_close(client, editor, distinct_round):
    selection_round, case, _ = distinct_round
    login(client, editor)
    html = without_timestamps(manage(client, selection_round).content.decode())
    assert "评审进度" in html and case.title in html
    assert "3 / 3" in html  # scored / assigned
    for text in [*VALUES, *TOTALS, "73.63", "截尾均值", "名次"]:  # 73.63 = the case score
        assert text not in html, text
    for name in ("export_xlsx", "export_pdf"):
        response = client.get(reverse(f"selection_rounds:{name}", args=[selection_round.pk]))
        assert response.status_code == 403
        assert "评分截止前不公开评分和排名" in response.content.decode()
    # Nor in the audit log: score entries say who scored, not what.
    history = without_timestamps(
        client.get(reverse("selection_rounds:history", args=[selection_round.pk])).content.decode()
    )
    assert "评分《盲评测试案例》（评分截止后显示分值）" in history
    site_history = without_timestamps(
        client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    )
    for text in VALUES:
        for html in (history, site_history):
            at = html.find(text)
            assert at == -1, html[max(0, at - 300) : at + 100]
    assert not selection_round.snapshots.exists()


def test_a_log_time_that_looks_like_a_value_is_not_taken_for_a_leak(client, editor, site_tree):
    """The cause of a flaky run: scores saved at second 27.135 put "7.13" into the history
    page's timestamps. Only the timestamps hold it; the check still sees real values."""
    moment = datetime.datetime(2026, 3, 2, 9, 13, 27, 135071, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        expert = make_expert("盲评专家时刻")
        case = make_case(title="时间戳测试案例")
        selection_round = make_round([case], [expert], k=1, min_scores=1)
        auto_assign(selection_round)
        assignment = selection_round.assignments.get(expert=expert)
        confirm_no_conflict(assignment, expert.user)
        save_scores(assignment, expert.user, {c.id: "8.37" for c in selection_round.criteria.all()})
        login(client, editor)
        url = reverse("selection_rounds:history", args=[selection_round.pk])
        raw = client.get(url).content.decode()
    assert "27.135071" in raw  # Wagtail's <time datetime="...">
    assert "7.13" not in without_timestamps(raw)
    assert "8.37" not in without_timestamps(raw)  # the value itself is hidden


def test_after_the_close_the_editor_sees_the_ranking_and_the_values(client, editor, distinct_round):
    selection_round, _, _ = distinct_round
    let_deadline_pass(selection_round)
    login(client, editor)
    html = manage(client, selection_round).content.decode()
    assert "73.63" in html  # (71.30 + 83.70 + 65.90) / 3
    assert "第1号记录：评分截止" in html
    history = client.get(
        reverse("selection_rounds:history", args=[selection_round.pk])
    ).content.decode()
    assert "运营绩效 7.13" in history
    assert (
        client.get(reverse("selection_rounds:export_xlsx", args=[selection_round.pk])).status_code
        == 200
    )


def test_an_expert_never_sees_another_experts_values(client, distinct_round):
    selection_round, case, experts = distinct_round
    url = reverse("selection_expert_case", args=[selection_round.pk, case.pk])
    for closed in (False, True):
        if closed:
            close(selection_round)
        for index, expert in enumerate(experts):
            client.logout()
            login(client, expert.user)
            pages = [
                client.get(url).content.decode(),
                client.get(reverse("selection_my_tasks")).content.decode(),
                client.get(reverse("wagtailadmin_home")).content.decode(),
            ]
            assert VALUES[index] in pages[0]  # their own value, in their own sheet
            for other, value in enumerate(VALUES):
                if other == index:
                    continue
                for html in pages:
                    assert value not in html and TOTALS[other] not in html
                    assert f"意见{other}" not in html
            assert "73.63" not in "".join(pages)


def test_deadline_moves_only_while_open_with_a_reason_in_the_audit_log(editor, distinct_round):
    selection_round, _, _ = distinct_round
    later = selection_round.scoring_deadline + datetime.timedelta(days=3)
    with pytest.raises(SelectionRefused, match="须填写理由"):
        change_deadline(selection_round, later, "  ", editor)
    with pytest.raises(SelectionRefused, match="须晚于当前时间"):
        change_deadline(
            selection_round, timezone.now() - datetime.timedelta(hours=1), "提前", editor
        )
    change_deadline(selection_round, later, "部分专家出差，延长三天", editor)
    selection_round.refresh_from_db()
    assert selection_round.scoring_deadline == later
    entry = ModelLogEntry.objects.get(
        object_id=str(selection_round.pk), action="selection.deadline"
    )
    assert entry.user == editor and entry.data["reason"] == "部分专家出差，延长三天"
    # The model refuses a change without a reason, whatever the path.
    selection_round.scoring_deadline = later + datetime.timedelta(days=1)
    with pytest.raises(RoundLocked, match="须填写理由"):
        selection_round.save()


def test_a_closed_round_never_reopens(editor, distinct_round):
    selection_round, _, _ = distinct_round
    let_deadline_pass(selection_round)
    reopened = timezone.now() + datetime.timedelta(days=7)
    with pytest.raises(SelectionRefused, match="评分已截止，评分截止时间不能再修改"):
        change_deadline(selection_round, reopened, "专家要求重新评分", editor)
    # Not through the model either, reason or not, before or after the close is recorded.
    fresh = SelectionRound.objects.get(pk=selection_round.pk)
    fresh.scoring_deadline = reopened
    fresh._deadline_change = ("专家要求重新评分", editor)
    with pytest.raises(RoundLocked, match="不能再修改"):
        fresh.save()
    ensure_closed(selection_round)
    fresh = SelectionRound.objects.get(pk=selection_round.pk)
    fresh.scoring_deadline = reopened
    fresh._deadline_change = ("专家要求重新评分", editor)
    with pytest.raises(RoundLocked):
        fresh.save()
    fresh = SelectionRound.objects.get(pk=selection_round.pk)
    fresh.min_scores = 1
    with pytest.raises(RoundLocked, match="排名规则不能再修改"):
        fresh.save()
    # Even a deadline forced forward in the database does not reopen a recorded close.
    SelectionRound.objects.filter(pk=selection_round.pk).update(scoring_deadline=reopened)
    assert SelectionRound.objects.get(pk=selection_round.pk).is_closed()
    assignment = selection_round.assignments.first()
    with pytest.raises(SelectionRefused, match="评分已锁定"):
        save_scores(
            assignment, assignment.expert.user, {c.id: "10" for c in selection_round.criteria.all()}
        )


def test_deadline_change_after_close_is_refused_in_the_admin_form(client, editor, distinct_round):
    selection_round, _, _ = distinct_round
    let_deadline_pass(selection_round)
    login(client, editor)
    response = client.post(
        reverse("selection_rounds:deadline", args=[selection_round.pk]),
        {
            "scoring_deadline": (timezone.localtime() + datetime.timedelta(days=2)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "reason": "重新开放",
        },
        follow=True,
    )
    assert "评分截止时间不能再修改" in response.content.decode()
    assert SelectionRound.objects.get(pk=selection_round.pk).scoring_deadline < timezone.now()


def test_decisions_freeze_the_round(editor, distinct_round):
    selection_round, case, _ = distinct_round
    close(selection_round)
    decide(selection_round, case, Decision.CITY, "成效突出", editor)
    fresh = SelectionRound.objects.get(pk=selection_round.pk)
    fresh.title = "改名"
    with pytest.raises(RoundLocked, match="已作出评选决定"):
        fresh.save()
    fresh = SelectionRound.objects.get(pk=selection_round.pk)
    fresh.scoring_deadline = timezone.now() + datetime.timedelta(days=1)
    fresh._deadline_change = ("重新评分", editor)
    with pytest.raises(RoundLocked, match="已作出评选决定"):
        fresh.save()
    criterion = selection_round.criteria.first()
    criterion.weight = 50
    with pytest.raises(CriteriaFrozen):
        criterion.save()
    assignment = selection_round.assignments.first()
    with pytest.raises(SelectionRefused, match="评分已锁定"):
        save_scores(
            assignment, assignment.expert.user, {c.id: "1" for c in selection_round.criteria.all()}
        )
    with pytest.raises(SelectionRefused, match="评审分配已锁定"):
        unassign(assignment, editor)
    with pytest.raises(SelectionRefused, match="评审分配已锁定"):
        assign_by_hand(selection_round, case, make_expert(), editor)
    with pytest.raises(SelectionRefused, match="评分已截止"):
        declare_conflict(assignment, assignment.expert.user, "想起来有关系")
    assert selection_round.assignments.filter(status=Assignment.RECUSED).count() == 0


def test_each_score_records_the_case_revision_and_goes_stale_when_the_case_changes(
    client, editor, site_tree
):
    expert, other = make_expert("甲专家"), make_expert("乙专家")
    case = make_case(title="修订测试案例")
    case.save_revision()  # the version the experts will judge
    selection_round = make_round([case], [expert, other], k=2)
    auto_assign(selection_round)
    judged = case.latest_revision_id
    for e in (expert, other):
        assignment = selection_round.assignments.get(expert=e)
        confirm_no_conflict(assignment, e.user)
        save_scores(assignment, e.user, {c.id: "8" for c in selection_round.criteria.all()})
    assert set(
        selection_round.assignments.get(expert=expert).scores.values_list("revision_id", flat=True)
    ) == {judged}
    login(client, editor)
    assert "评分后案例已修改" not in manage(client, selection_round).content.decode()

    case.refresh_from_db()
    case.summary = "区里在评分后修改了案例摘要。"
    case.save_revision()  # a newer revision, even unpublished
    html = manage(client, selection_round).content.decode()
    assert "评分后案例已修改（2份）" in html and "甲专家、乙专家" in html

    # The expert re-saves the sheet on the new version: only the other sheet stays stale.
    assignment = selection_round.assignments.get(expert=expert)
    save_scores(assignment, expert.user, {c.id: "8" for c in selection_round.criteria.all()})
    html = manage(client, selection_round).content.decode()
    assert "评分后案例已修改（1份）" in html and 'title="乙专家"' in html
    # After the close the ranking carries the same flag.
    let_deadline_pass(selection_round)
    assert "评分后案例已修改（1份）" in manage(client, selection_round).content.decode()


def test_stale_rule_on_plain_values():
    judged = [(1, 10, 100), (1, 11, 101), (2, 12, None), (3, 13, None)]
    latest = {1: 101, 2: 200, 3: None}
    assert stale_sheets(judged, latest) == {1: [10], 2: [12]}


@pytest.mark.parametrize("closed", [False, True])
def test_the_workbench_query_count_does_not_grow_with_the_cases(client, editor, site_tree, closed):
    experts = [make_expert() for _ in range(4)]

    def build(n):
        cases = [make_case() for _ in range(n)]
        selection_round = make_round(cases, experts, k=3, min_scores=1, title=f"规模{n}")
        auto_assign(selection_round)
        for assignment in selection_round.assignments.select_related("expert__user"):
            confirm_no_conflict(assignment, assignment.expert.user)
            save_scores(
                assignment,
                assignment.expert.user,
                {c.id: "7" for c in selection_round.criteria.all()},
            )
        if closed:
            close(selection_round)
            first = selection_round.candidate_cases().first()
            decide(selection_round, first, Decision.CITY, "成效突出", editor)
        return selection_round

    small, large = build(2), build(7)
    login(client, editor)
    counts = []
    for selection_round in (small, large):
        manage(client, selection_round)  # warm up (sessions, the close)
        with CaptureQueriesContext(connection) as captured:
            assert manage(client, selection_round).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_the_expert_dashboard_query_count_does_not_grow_with_the_assignments(
    client, editor, site_tree
):
    """我的评审任务 and the admin home's task panel, for an expert with 2 and with 9 cases in
    a round (scored, only confirmed and recused among them) plus a district round: the same
    number of queries, and the other experts' values never appear."""
    from library.models import District

    def build(n, index):
        expert = make_expert(f"仪表盘专家{index}")
        others = [make_expert() for _ in range(2)]
        cases = [make_case() for _ in range(n)]
        case_round = make_round(cases, [expert, *others], k=3, title=f"案例评选{n}")
        districts = list(District.objects.order_by("id")[:2])
        district_round = make_round(
            districts, [expert, *others], subject_kind="district", k=3, title=f"区评估{n}"
        )
        for selection_round in (case_round, district_round):
            auto_assign(selection_round)
        mine = list(Assignment.objects.filter(expert=expert).select_related("round").order_by("id"))
        assert len(mine) == n + 2
        for position, assignment in enumerate(mine):
            if position == 0:
                declare_conflict(assignment, expert.user, "曾为该企业提供咨询")
                continue
            confirm_no_conflict(assignment, expert.user)
            if position % 2:
                values = {c.id: "6.47" for c in assignment.round.criteria.all()}
                save_scores(assignment, expert.user, values)
        for assignment in Assignment.objects.filter(expert__in=others):
            confirm_no_conflict(assignment, assignment.expert.user)
            values = {c.id: "9.81" for c in assignment.round.criteria.all()}
            save_scores(assignment, assignment.expert.user, values)
        return expert

    experts = [build(2, 0), build(9, 1)]
    counts = []
    for expert in experts:
        client.logout()
        login(client, expert.user)
        pair = []
        for url in (reverse("selection_my_tasks"), reverse("wagtailadmin_home")):
            client.get(url)  # warm up (session, site)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200
            html = response.content.decode()
            assert "9.81" not in html
            pair.append(len(captured))
        counts.append(pair)
    html = client.get(reverse("selection_my_tasks")).content.decode()
    assert html.count("data-assignment=") == 11 and "区评估9" in html and "已评分" in html
    assert counts[0] == counts[1], counts
