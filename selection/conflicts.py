"""Who may not judge a case, and why ("帮扶专家不得进审核组及参与认证决定工作").

The rule itself is a pure function over small facts about a case and an expert, so it can
be tested for every kind of conflict without pages; ``round_conflicts`` gathers those
facts from the database for a whole round in a fixed number of queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from selection.models import Recusal


@dataclass(frozen=True)
class CaseFacts:
    id: int
    helping_body_id: int | None = None
    helper_ids: frozenset = frozenset()
    credit_code: str = ""
    helping_body_name: str = ""


@dataclass(frozen=True)
class ExpertFacts:
    id: int
    body_id: int | None = None
    # credit code → how the expert described the tie, e.g. "天津某公司（帮扶过该企业）"
    relationships: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Conflict:
    case_id: int
    expert_id: int
    reason: str  # one of Recusal.REASONS
    detail: str = ""

    @property
    def label(self):
        return dict(Recusal.REASONS)[self.reason]


def conflicts_between(case: CaseFacts, expert: ExpertFacts) -> list[Conflict]:
    """Every reason ``expert`` must stay out of ``case`` (empty when none)."""
    found = []
    if case.helping_body_id is not None and expert.body_id == case.helping_body_id:
        found.append(Conflict(case.id, expert.id, Recusal.HELPING_BODY, case.helping_body_name))
    if expert.id in case.helper_ids:
        found.append(Conflict(case.id, expert.id, Recusal.HELPER))
    code = normalise_code(case.credit_code)
    if code and code in expert.relationships:
        found.append(Conflict(case.id, expert.id, Recusal.RELATIONSHIP, expert.relationships[code]))
    return found


def conflict_map(cases, experts, declared=()) -> dict[tuple[int, int], list[Conflict]]:
    """(case id, expert id) → conflicts, for every pair that has one.

    ``declared`` holds (case id, expert id, detail) for recusals experts declared themselves.
    """
    result = defaultdict(list)
    for case in cases:
        for expert in experts:
            for conflict in conflicts_between(case, expert):
                result[case.id, expert.id].append(conflict)
    for case_id, expert_id, detail in declared:
        result[case_id, expert_id].append(Conflict(case_id, expert_id, Recusal.DECLARED, detail))
    return dict(result)


def normalise_code(code):
    return (code or "").strip().upper()


# -- gathering the facts --------------------------------------------------------------


def case_facts(cases) -> list[CaseFacts]:
    """Facts for CasePages (fields per docs/contracts.md: helping_body, helping_experts, credit_code)."""
    cases = list(cases)
    helpers = defaultdict(set)
    if cases and hasattr(cases[0], "helping_experts"):
        through = type(cases[0]).helping_experts.through
        source = type(cases[0])._meta.get_field("helping_experts").m2m_field_name()
        target = type(cases[0])._meta.get_field("helping_experts").m2m_reverse_field_name()
        for case_id, expert_id in through.objects.filter(
            **{f"{source}__in": [c.pk for c in cases]}
        ).values_list(f"{source}_id", f"{target}_id"):
            helpers[case_id].add(expert_id)
    body_names = {}
    body_ids = {getattr(c, "helping_body_id", None) for c in cases} - {None}
    if body_ids:
        from library.models import CertificationBody

        body_names = dict(
            CertificationBody.objects.filter(id__in=body_ids).values_list("id", "name")
        )
    return [
        CaseFacts(
            id=case.pk,
            helping_body_id=getattr(case, "helping_body_id", None),
            helper_ids=frozenset(helpers[case.pk]),
            credit_code=getattr(case, "credit_code", "") or "",
            helping_body_name=body_names.get(getattr(case, "helping_body_id", None), ""),
        )
        for case in cases
    ]


def expert_facts(experts) -> list[ExpertFacts]:
    from selection.models import ExpertRelationship

    experts = list(experts)
    relationships = defaultdict(dict)
    for rel in ExpertRelationship.objects.filter(expert__in=experts).order_by("id"):
        relationships[rel.expert_id][normalise_code(rel.credit_code)] = (
            f"{rel.enterprise_name}（{rel.get_relation_display()}）"
        )
    return [
        ExpertFacts(
            id=expert.pk,
            body_id=expert.certification_body_id,
            relationships=dict(relationships[expert.pk]),
        )
        for expert in experts
    ]


def round_conflicts(selection_round, cases=None, experts=None):
    """Every conflict in a round, including recusals experts declared themselves."""
    cases = selection_round.candidate_cases() if cases is None else cases
    experts = selection_round.pool() if experts is None else experts
    declared = selection_round.recusals.filter(reason=Recusal.DECLARED).values_list(
        "case_id", "expert_id", "detail"
    )
    return conflict_map(case_facts(cases), expert_facts(experts), declared)
