"""Read a round's stored scores and rank its subjects (see ``aggregation`` for the rules).

Results are keyed by subject id (``SelectionEntry.subject_id``: the case, course, district or
body id; ``CaseResult.case_id`` holds it whatever the kind)."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Max

from selection.aggregation import Criterion, rank_cases
from selection.models import Assignment, Score


@dataclass
class RoundResults:
    criteria: list  # aggregation.Criterion, in order
    results: list  # aggregation.CaseResult, ranked first
    sheets: dict  # case id → expert id → {criterion id: Decimal}
    comments: dict  # (case id, expert id) → comment

    def by_case(self):
        return {r.case_id: r for r in self.results}


def criteria_of(selection_round):
    return [
        Criterion(c.id, c.name, c.weight, c.max_score, c.is_impact)
        for c in selection_round.criteria.order_by("sort_order", "id")
    ]


def round_results(selection_round) -> RoundResults:
    criteria = criteria_of(selection_round)
    sheets = defaultdict(lambda: defaultdict(dict))
    for case_id, expert_id, criterion_id, value in (
        Score.objects.filter(assignment__round=selection_round)
        .exclude(assignment__status=Assignment.RECUSED)
        .values_list(
            "assignment__entry__subject_id", "assignment__expert_id", "criterion_id", "value"
        )
    ):
        sheets[case_id][expert_id][criterion_id] = value
    complete = {
        case_id: {
            expert: values for expert, values in experts.items() if len(values) == len(criteria)
        }
        for case_id, experts in sheets.items()
    }
    for case_id in selection_round.candidate_ids():
        complete.setdefault(case_id, {})
    comments = {
        (case_id, expert_id): comment
        for case_id, expert_id, comment in selection_round.assignments.exclude(
            status=Assignment.RECUSED
        )
        .exclude(comment="")
        .values_list("entry__subject_id", "expert_id", "comment")
    }
    results = rank_cases(
        complete,
        criteria,
        k=selection_round.experts_per_case,
        min_scores=selection_round.min_scores,
        threshold=selection_round.disagreement_threshold,
    )
    return RoundResults(criteria, results, complete, comments)


def results_fingerprint(selection_round, criteria):
    """What the ranking depends on, read in two small aggregate queries: the round's rules,
    the criteria, and the scores and assignments (a new, changed, deleted or recused one
    changes a count, a largest id or the last update time)."""
    scores = Score.objects.filter(assignment__round=selection_round).aggregate(
        n=Count("id"), last_id=Max("id"), last_change=Max("updated_at")
    )
    assignments = selection_round.assignments.exclude(status=Assignment.RECUSED).aggregate(
        n=Count("id"), last_id=Max("id")
    )
    return repr(
        (
            selection_round.pk,
            selection_round.experts_per_case,
            selection_round.min_scores,
            selection_round.disagreement_threshold,
            criteria,
            sorted(scores.items()),
            sorted(assignments.items()),
            selection_round.subject_kind,
            selection_round.candidate_ids(),
        )
    )


def cached_round_results(selection_round) -> RoundResults:
    """``round_results``, computed once per change of the scores (the workbench is read far
    more often than a score is written; after the close, never again)."""
    import hashlib

    criteria = criteria_of(selection_round)
    fingerprint = results_fingerprint(selection_round, criteria)
    key = f"selection:results:{hashlib.sha256(fingerprint.encode()).hexdigest()}"
    results = cache.get(key)
    if results is None:
        results = round_results(selection_round)
        results.sheets = {case: dict(experts) for case, experts in results.sheets.items()}
        cache.set(key, results, 24 * 3600)
    return results
