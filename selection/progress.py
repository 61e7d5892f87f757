"""What anyone may see of a round while it is open: progress, never a value or a rank.

Per subject (case, course, district, body; keyed by subject id): experts assigned,
confirmed and scored; per expert: assigned and scored; and the stale sheets — scores given
to an earlier revision of a page (case, course) that has changed since (``Score.revision``
differs from the page's latest revision). A fixed number of
queries whatever the size of the round.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from wagtail.models import Page

from selection.models import Assignment, Score


@dataclass
class CaseProgress:
    assigned: int = 0
    confirmed: int = 0
    scored: int = 0
    stale: list = field(default_factory=list)  # expert ids whose sheet judged an older revision


@dataclass
class RoundProgress:
    cases: dict  # case id → CaseProgress (every candidate)
    assigned_by_expert: Counter
    scored_by_expert: Counter

    @property
    def scored(self):
        return sum(p.scored for p in self.cases.values())

    @property
    def assigned(self):
        return sum(p.assigned for p in self.cases.values())

    @property
    def stale_count(self):
        return sum(len(p.stale) for p in self.cases.values())


def stale_sheets(judged, latest) -> dict:
    """case id → sorted expert ids whose sheet is stale.

    ``judged``: (case id, expert id, revision id judged or None) for every stored score;
    ``latest``: case id → the case's latest revision id (None when it has none). A sheet
    is stale when the case now has a revision other than the one the expert judged.
    """
    stale = defaultdict(set)
    for case_id, expert_id, revision_id in judged:
        current = latest.get(case_id)
        if current is not None and current != revision_id:
            stale[case_id].add(expert_id)
    return {case_id: sorted(experts) for case_id, experts in stale.items()}


def round_progress(selection_round) -> RoundProgress:
    case_ids = selection_round.candidate_ids()
    cases = {case_id: CaseProgress() for case_id in case_ids}
    assigned_by_expert, scored_by_expert = Counter(), Counter()
    scored = set(
        Score.objects.filter(assignment__round=selection_round)
        .exclude(assignment__status=Assignment.RECUSED)
        .values_list("assignment_id", flat=True)
        .distinct()
        .order_by()
    )
    for pk, case_id, expert_id, status in selection_round.assignments.exclude(
        status=Assignment.RECUSED
    ).values_list("id", "entry__subject_id", "expert_id", "status"):
        progress = cases.setdefault(case_id, CaseProgress())
        progress.assigned += 1
        assigned_by_expert[expert_id] += 1
        if status == Assignment.CONFIRMED:
            progress.confirmed += 1
        if pk in scored:
            progress.scored += 1
            scored_by_expert[expert_id] += 1
    judged = (
        Score.objects.filter(assignment__round=selection_round)
        .exclude(assignment__status=Assignment.RECUSED)
        .values_list("assignment__entry__subject_id", "assignment__expert_id", "revision_id")
        .distinct()
        .order_by()
    )
    latest = (
        dict(Page.objects.filter(id__in=case_ids).values_list("id", "latest_revision_id"))
        if selection_round.kind.is_page
        else {}
    )
    for case_id, experts in stale_sheets(judged, latest).items():
        cases.setdefault(case_id, CaseProgress()).stale = experts
    return RoundProgress(cases, assigned_by_expert, scored_by_expert)
