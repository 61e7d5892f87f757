"""Assigning k experts to each subject (case, course, district or body): deterministic, load
balanced, never across a conflict.

Subjects are keyed by their id (``SelectionEntry.subject_id``; a round judges one kind).
``plan`` is pure: subjects are taken most-constrained first (fewest eligible experts, then by
id) and each gets the eligible experts with the fewest assignments so far, ties broken by
expert id. Without conflicts this keeps max − min assignments ≤ 1; with conflicts it stays
as even as the exclusions allow. The same inputs always give the same plan.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from selection import audit
from selection.models import Assignment, Recusal


@dataclass
class Plan:
    new: list[tuple[int, int]] = field(default_factory=list)  # (case id, expert id)
    short: dict[int, int] = field(default_factory=dict)  # case id → experts still missing
    load: dict[int, int] = field(default_factory=dict)  # expert id → assignments after the plan


def plan(case_ids, expert_ids, k, excluded=frozenset(), existing=None) -> Plan:
    """Fill each case up to ``k`` experts.

    ``excluded``: (case id, expert id) pairs that must never meet; ``existing``: case id →
    expert ids already assigned (kept, and counted in each expert's load).
    """
    existing = {case: set(experts) for case, experts in (existing or {}).items()}
    expert_ids = sorted(set(expert_ids))
    load = Counter({expert: 0 for expert in expert_ids})
    for experts in existing.values():
        load.update(e for e in experts if e in load)

    def eligible(case):
        return [
            e for e in expert_ids if (case, e) not in excluded and e not in existing.get(case, ())
        ]

    result = Plan()
    order = sorted(set(case_ids), key=lambda case: (len(eligible(case)), case))
    for case in order:
        need = k - len(existing.get(case, ()))
        if need <= 0:
            continue
        chosen = sorted(eligible(case), key=lambda e: (load[e], e))[:need]
        for expert in chosen:
            load[expert] += 1
            existing.setdefault(case, set()).add(expert)
            result.new.append((case, expert))
        if len(chosen) < need:
            result.short[case] = need - len(chosen)
    result.new.sort()
    result.load = dict(load)
    return result


def shortfalls(selection_round):
    """Candidates with fewer than k active assignments: subject id → how many are missing."""
    counts = Counter(
        selection_round.assignments.exclude(status=Assignment.RECUSED).values_list(
            "entry__subject_id", flat=True
        )
    )
    k = selection_round.experts_per_case
    return {
        subject_id: k - counts[subject_id]
        for subject_id in selection_round.candidate_ids()
        if counts[subject_id] < k
    }


def entry_ids(selection_round):
    """subject id → the round's entry id."""
    return dict(selection_round.entries.values_list("subject_id", "id"))


def auto_assign(selection_round, user=None) -> Plan:
    """Record automatic exclusions as recusals, then fill every subject up to k."""
    from selection.conflicts import round_conflicts

    _refuse_if_closed(selection_round, user, "自动分配")
    cases = list(selection_round.candidate_subjects())
    experts = list(selection_round.pool())
    conflicts = round_conflicts(selection_round, cases, experts)
    active = {}
    for case_id, expert_id in selection_round.assignments.exclude(
        status=Assignment.RECUSED
    ).values_list("entry__subject_id", "expert_id"):
        active.setdefault(case_id, set()).add(expert_id)
    # A recused expert is never put back, whatever the reason was.
    excluded = set(conflicts) | set(
        selection_round.assignments.filter(status=Assignment.RECUSED).values_list(
            "entry__subject_id", "expert_id"
        )
    )
    result = plan(
        [c.pk for c in cases],
        [e.pk for e in experts],
        selection_round.experts_per_case,
        excluded=excluded,
        existing=active,
    )
    with transaction.atomic():
        entries = entry_ids(selection_round)
        recorded = set(
            selection_round.recusals.values_list("entry__subject_id", "expert_id", "reason")
        )
        new_recusals = [
            Recusal(
                round=selection_round,
                entry_id=entries[c.subject_id],
                expert_id=c.expert_id,
                reason=c.reason,
                detail=c.detail,
                recorded_by=user,
            )
            for found in conflicts.values()
            for c in found
            if (c.subject_id, c.expert_id, c.reason) not in recorded
        ]
        Recusal.objects.bulk_create(new_recusals)
        Assignment.objects.bulk_create(
            [
                Assignment(
                    round=selection_round,
                    entry_id=entries[case_id],
                    expert_id=expert_id,
                    source=Assignment.AUTO,
                    assigned_by=user,
                )
                for case_id, expert_id in result.new
            ]
        )
        audit.record(
            selection_round,
            "selection.assign_auto",
            user,
            assigned=[list(pair) for pair in result.new],
            recusals=[
                [c.subject_id, c.expert_id, c.reason]
                for found in conflicts.values()
                for c in found
                if (c.subject_id, c.expert_id, c.reason) not in recorded
            ],
            short={str(case): missing for case, missing in sorted(result.short.items())},
        )
    return result


def _refuse_if_closed(selection_round, user, attempt, **data):
    if selection_round.is_closed():
        audit.refuse(selection_round, user, attempt, "评分已截止，评审分配已锁定", **data)


def assign_by_hand(selection_round, case, expert, user):
    """An editor adds one expert to one subject (``case``: a case, course, district or body
    of the round's kind); a conflict is refused, never overridden."""
    from selection.conflicts import round_conflicts

    noun = selection_round.kind.label
    title = selection_round.kind.title(case)
    attempt = {"case": case.pk, "expert": expert.pk}
    _refuse_if_closed(selection_round, user, "手工分配", **attempt)
    entry = candidate_entry(selection_round, case)
    if entry is None:
        audit.refuse(selection_round, user, "手工分配", f"该{noun}不是本轮候选{noun}", **attempt)
    found = round_conflicts(selection_round, [case], [expert]).get((case.pk, expert.pk))
    if found or entry.assignments.filter(expert=expert, status=Assignment.RECUSED).exists():
        reasons = "、".join(c.label for c in found or []) or f"该专家已回避此{noun}"
        audit.refuse(
            selection_round,
            user,
            "手工分配",
            f"{expert.name} 与该{noun}存在利益冲突：{reasons}",
            **attempt,
        )
    if entry.assignments.filter(expert=expert).exists():
        audit.refuse(
            selection_round, user, "手工分配", f"{expert.name} 已分配评审该{noun}", **attempt
        )
    with transaction.atomic():
        assignment = Assignment.objects.create(
            round=selection_round,
            entry=entry,
            expert=expert,
            source=Assignment.MANUAL,
            assigned_by=user,
        )
        audit.record(
            selection_round,
            "selection.assign",
            user,
            **attempt,
            case_title=title,
            expert_name=expert.name,
        )
    return assignment


def candidate_entry(selection_round, subject):
    """The round's entry for ``subject`` when it is a candidate of the round's kind, else None."""
    model = selection_round.kind.model
    if not (isinstance(subject, model) or getattr(subject, "specific_class", None) is model):
        return None
    return selection_round.entry_for(subject.pk)


def unassign(assignment, user):
    selection_round = assignment.round
    attempt = {"case": assignment.entry.subject_id, "expert": assignment.expert_id}
    _refuse_if_closed(selection_round, user, "撤销分配", **attempt)
    if assignment.scores.exists():
        audit.refuse(selection_round, user, "撤销分配", "该专家已评分，不能撤销分配", **attempt)
    with transaction.atomic():
        assignment.delete()
        audit.record(
            selection_round,
            "selection.unassign",
            user,
            **attempt,
            case_title=assignment.entry.title,
            expert_name=assignment.expert.name,
        )
