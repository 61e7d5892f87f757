import datetime

import pytest
from django.utils import timezone

from selection.assignment import auto_assign
from selection.scoring import confirm_no_conflict, save_scores
from tests.selection.factories import make_case, make_expert, make_round


def score_all(selection_round, values_for):
    """Every assignment confirmed and scored: ``values_for(case_index, expert_index)`` → score."""
    cases = list(selection_round.candidate_cases())
    experts = list(selection_round.pool())
    for assignment in selection_round.assignments.select_related("expert__user", "round", "entry"):
        confirm_no_conflict(assignment, assignment.expert.user)
        value = values_for(
            cases.index(next(c for c in cases if c.pk == assignment.entry.subject_id)),
            [e.pk for e in experts].index(assignment.expert_id),
        )
        save_scores(
            assignment,
            assignment.expert.user,
            {c.id: value for c in selection_round.criteria.all()},
            comment=f"意见{assignment.expert_id}",
        )


def let_deadline_pass(selection_round):
    """Time passes: the deadline is now a minute ago (a queryset update, because no code
    path may move the deadline of a round into the past; nothing is recorded yet)."""
    selection_round.scoring_deadline = timezone.now() - datetime.timedelta(minutes=1)
    type(selection_round).objects.filter(pk=selection_round.pk).update(
        scoring_deadline=selection_round.scoring_deadline
    )


def close(selection_round):
    """The deadline passes and the round is handled: the close and its snapshot are stored."""
    from selection.lifecycle import ensure_closed

    let_deadline_pass(selection_round)
    assert ensure_closed(selection_round)


@pytest.fixture
def scored_round(site_tree):
    """Four cases, three experts each, scored 9 / 8 / 7 / 6 (case 1 best), still open."""
    experts = [make_expert(f"评审专家{i}") for i in range(4)]
    cases = [make_case(title=f"案例{i}号") for i in range(1, 5)]
    selection_round = make_round(cases, experts, k=3, recommend_count=1, min_scores=2)
    auto_assign(selection_round)
    score_all(selection_round, lambda case_index, expert_index: str(9 - case_index))
    return selection_round


@pytest.fixture
def closed_round(scored_round):
    """``scored_round`` after its deadline: closed, with the close snapshot stored."""
    close(scored_round)
    return scored_round
