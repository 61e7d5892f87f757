"""Who may not judge a subject, and why ("帮扶专家不得进审核组及参与认证决定工作").

The rule itself is a pure function over small facts about a subject (a case, course,
district or body; ``selection.subjects.SubjectFacts``) and an expert, so it can be tested
for every kind of conflict without pages; ``round_conflicts`` gathers those facts from the
database for a whole round in a fixed number of queries.

- Cases: the helping body's experts, the case's helping experts, experts who declared a tie
  to the enterprise (by credit code).
- Courses: the experts of the body that published the course.
- Districts: experts who belong to the district (their account's membership), and experts
  who helped an enterprise of the district (help ledgers, the cases' helping experts,
  declared ties to an enterprise registered in it).
- Bodies: experts who belong to the body (their record or their account's membership).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from selection.models import Recusal
from selection.subjects import SubjectFacts

CaseFacts = SubjectFacts  # the facts of a case are a subject's facts


@dataclass(frozen=True)
class ExpertFacts:
    id: int
    body_id: int | None = None
    # credit code → how the expert described the tie, e.g. "天津某公司（帮扶过该企业）"
    relationships: dict = field(default_factory=dict)
    district_id: int | None = None  # the district the expert's account belongs to
    member_body_id: int | None = None  # the body the expert's account belongs to
    # district id → where the expert helped in it, e.g. "帮扶台账：天津某公司"
    helped_districts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Conflict:
    subject_id: int
    expert_id: int
    reason: str  # one of Recusal.REASONS
    detail: str = ""

    @property
    def label(self):
        return dict(Recusal.REASONS)[self.reason]


def conflicts_between(subject: SubjectFacts, expert: ExpertFacts) -> list[Conflict]:
    """Every reason ``expert`` must stay out of ``subject`` (empty when none)."""
    found = []

    def add(reason, detail=""):
        found.append(Conflict(subject.id, expert.id, reason, detail))

    if subject.helping_body_id is not None and expert.body_id == subject.helping_body_id:
        add(Recusal.HELPING_BODY, subject.helping_body_name)
    if expert.id in subject.helper_ids:
        add(Recusal.HELPER)
    code = normalise_code(subject.credit_code)
    if code and code in expert.relationships:
        add(Recusal.RELATIONSHIP, expert.relationships[code])
    if subject.publishing_body_id is not None and subject.publishing_body_id in (
        expert.body_id,
        expert.member_body_id,
    ):
        add(Recusal.PUBLISHING_BODY, subject.publishing_body_name)
    if subject.district_id is not None:
        if expert.district_id == subject.district_id:
            add(Recusal.OWN_DISTRICT)
        if subject.district_id in expert.helped_districts:
            add(Recusal.HELPED_DISTRICT, expert.helped_districts[subject.district_id])
    if subject.body_id is not None and subject.body_id in (expert.body_id, expert.member_body_id):
        add(Recusal.OWN_BODY)
    return found


def conflict_map(subjects, experts, declared=()) -> dict[tuple[int, int], list[Conflict]]:
    """(subject id, expert id) → conflicts, for every pair that has one.

    ``declared`` holds (subject id, expert id, detail) for recusals experts declared themselves.
    """
    result = defaultdict(list)
    for subject in subjects:
        for expert in experts:
            for conflict in conflicts_between(subject, expert):
                result[subject.id, expert.id].append(conflict)
    for subject_id, expert_id, detail in declared:
        result[subject_id, expert_id].append(
            Conflict(subject_id, expert_id, Recusal.DECLARED, detail)
        )
    return dict(result)


def normalise_code(code):
    return (code or "").strip().upper()


# -- gathering the facts --------------------------------------------------------------


def case_facts(cases) -> list[SubjectFacts]:
    from selection.subjects import kind

    return kind("case").facts(cases)


def expert_facts(experts, with_districts=False) -> list[ExpertFacts]:
    """Facts for experts; ``with_districts`` also reads where they helped (district rounds)."""
    from library.models import Membership
    from selection.models import ExpertRelationship

    experts = list(experts)
    relationships = defaultdict(dict)
    for rel in ExpertRelationship.objects.filter(expert__in=experts).order_by("id"):
        relationships[rel.expert_id][normalise_code(rel.credit_code)] = (
            f"{rel.enterprise_name}（{rel.get_relation_display()}）"
        )
    memberships = {
        user_id: (district_id, body_id)
        for user_id, district_id, body_id in Membership.objects.filter(
            user_id__in=[e.user_id for e in experts if e.user_id]
        ).values_list("user_id", "district_id", "certification_body_id")
    }
    helped = _helped_districts(experts, relationships) if with_districts else {}
    facts = []
    for expert in experts:
        district_id, member_body_id = memberships.get(expert.user_id, (None, None))
        facts.append(
            ExpertFacts(
                id=expert.pk,
                body_id=expert.certification_body_id,
                relationships=dict(relationships[expert.pk]),
                district_id=district_id,
                member_body_id=member_body_id,
                helped_districts=helped.get(expert.pk, {}),
            )
        )
    return facts


def _helped_districts(experts, relationships):
    """expert id → {district id: where they helped}: help ledgers naming them as a helper,
    cases naming them as a helping expert, and enterprises they declared a tie to."""
    from cases.models import CasePage
    from enterprises.models import Enterprise, HelpLedger

    ids = [e.pk for e in experts]
    found = defaultdict(dict)
    for expert_id, district_id, name in (
        HelpLedger.helper_experts.through.objects.filter(expert_id__in=ids)
        .exclude(helpledger__enterprise__district=None)
        .values_list(
            "expert_id", "helpledger__enterprise__district_id", "helpledger__enterprise__name"
        )
        .order_by("id")
    ):
        found[expert_id].setdefault(district_id, f"帮扶台账：{name}")
    for expert_id, district_id, title in (
        CasePage.helping_experts.through.objects.filter(expert_id__in=ids)
        .exclude(casepage__district=None)
        .values_list("expert_id", "casepage__district_id", "casepage__title")
        .order_by("id")
    ):
        found[expert_id].setdefault(district_id, f"帮扶案例：{title}")
    codes = {code for ties in relationships.values() for code in ties}
    if codes:
        district_of = dict(
            Enterprise.objects.filter(credit_code__in=codes)
            .exclude(district=None)
            .values_list("credit_code", "district_id")
        )
        for expert_id, ties in relationships.items():
            for code, description in ties.items():
                if code in district_of:
                    found[expert_id].setdefault(district_of[code], description)
    return {expert_id: dict(districts) for expert_id, districts in found.items()}


def round_conflicts(selection_round, subjects=None, experts=None):
    """Every conflict in a round, including recusals experts declared themselves."""
    subjects = selection_round.candidate_subjects() if subjects is None else subjects
    experts = selection_round.pool() if experts is None else experts
    declared = selection_round.recusals.filter(reason=Recusal.DECLARED).values_list(
        "entry__subject_id", "expert_id", "detail"
    )
    chosen = selection_round.kind
    return conflict_map(
        chosen.facts(subjects),
        expert_facts(experts, with_districts=chosen.key == "district"),
        declared,
    )
