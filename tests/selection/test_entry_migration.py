"""The move to judged subjects keeps every existing round: its candidate cases become its
entries, and its assignments, recusals, decisions and scores (with the case revision judged)
point at them, unchanged."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from selection.models import SelectionRound
from tests.cases.test_override_migration import migrate
from tests.selection.factories import campaign, make_case, make_expert

BEFORE = [("selection", "0002_round_lifecycle_snapshots_score_revision")]


@pytest.mark.django_db(transaction=True)
def test_existing_case_rounds_are_carried_over(site_tree):
    first, second, unassigned = (make_case(title=f"迁移案例{i}") for i in range(3))
    expert, recused = make_expert("迁移专家"), make_expert("迁移回避专家")
    decided = timezone.now() - datetime.timedelta(days=1)
    try:
        old = migrate(BEFORE)
        Round = old.get_model("selection", "SelectionRound")
        selection_round = Round.objects.create(
            title="2024年度优良案例评选",
            campaign_id=campaign().pk,
            scoring_deadline=decided,
        )
        selection_round.candidates.set([first.pk, second.pk, unassigned.pk])
        criterion = old.get_model("selection", "RoundCriterion").objects.create(
            round=selection_round, name="运营绩效", weight=Decimal(15), max_score=Decimal(10)
        )
        assignment = old.get_model("selection", "Assignment").objects.create(
            round=selection_round, case_id=first.pk, expert_id=expert.pk, status="confirmed"
        )
        old.get_model("selection", "Score").objects.create(
            assignment=assignment,
            criterion=criterion,
            value=Decimal("8.5"),
            case_revision_id=first.latest_revision_id,
        )
        old.get_model("selection", "Recusal").objects.create(
            round=selection_round, case_id=second.pk, expert_id=recused.pk, reason="declared"
        )
        old.get_model("selection", "Decision").objects.create(
            round=selection_round,
            case_id=first.pk,
            level="national",
            reason="成效突出",
            decided_at=decided,
        )
        round_id = selection_round.pk
    finally:
        migrate()

    selection_round = SelectionRound.objects.get(pk=round_id)
    assert selection_round.subject_kind == "case"
    assert sorted(selection_round.candidate_ids()) == sorted([first.pk, second.pk, unassigned.pk])
    (moved,) = selection_round.assignments.all()
    assert (moved.entry.case_id, moved.expert_id, moved.status) == (
        first.pk,
        expert.pk,
        "confirmed",
    )
    (score,) = moved.scores.all()
    assert (score.value, score.revision_id) == (Decimal("8.5"), first.latest_revision_id)
    (recusal,) = selection_round.recusals.all()
    assert (recusal.entry.case_id, recusal.expert_id) == (second.pk, recused.pk)
    (decision,) = selection_round.decisions.all()
    assert (decision.case, decision.level, decision.reason) == (first, "national", "成效突出")
    columns = {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "selection_assignment"
        )
    }
    assert "case_id" not in columns and "entry_id" in columns
