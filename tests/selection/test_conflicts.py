"""Every kind of conflict: the helping body's experts, the case's helpers, declared ties,
and recusals declared at the door — as pure rules and through a real round."""

import pytest

from selection.assignment import auto_assign
from selection.conflicts import CaseFacts, ExpertFacts, conflicts_between, round_conflicts
from selection.models import Assignment, ExpertRelationship, Recusal
from tests.selection.factories import BodyFactory, make_case, make_expert, make_round

CODE = "91120113000000001X"


def reasons(case, expert):
    return [c.reason for c in conflicts_between(case, expert)]


def test_pure_rules_for_each_kind_of_conflict():
    case = CaseFacts(id=1, helping_body_id=7, helper_ids=frozenset({3}), credit_code=CODE.lower())
    assert reasons(case, ExpertFacts(id=2, body_id=7)) == [Recusal.HELPING_BODY]
    assert reasons(case, ExpertFacts(id=3, body_id=None)) == [Recusal.HELPER]
    assert reasons(case, ExpertFacts(id=4, relationships={CODE: "某公司（任职）"})) == [
        Recusal.RELATIONSHIP
    ]
    assert reasons(case, ExpertFacts(id=5, body_id=8, relationships={"OTHER": "x"})) == []
    # One expert can have several reasons; each is recorded.
    assert reasons(case, ExpertFacts(id=3, body_id=7)) == [Recusal.HELPING_BODY, Recusal.HELPER]


@pytest.mark.django_db
def test_round_excludes_and_records_every_conflict(site_tree):
    body = BodyFactory()
    colleague = make_expert("同机构专家", body=body)
    helper = make_expert("帮扶专家")
    related = make_expert("有关系专家")
    free = [make_expert(f"独立专家{i}") for i in range(3)]
    case = make_case(helping_body=body, helpers=[helper])
    ExpertRelationship.objects.create(
        expert=related,
        credit_code=case.credit_code.lower(),
        enterprise_name=case.enterprise_name,
        relation="employee",
    )
    selection_round = make_round([case], [colleague, helper, related, *free], k=3)

    found = round_conflicts(selection_round)
    assert {key[1]: [c.reason for c in v] for key, v in found.items()} == {
        colleague.pk: [Recusal.HELPING_BODY],
        helper.pk: [Recusal.HELPER],
        related.pk: [Recusal.RELATIONSHIP],
    }
    auto_assign(selection_round)
    assigned = set(selection_round.assignments.values_list("expert_id", flat=True))
    assert assigned == {e.pk for e in free}
    recorded = set(selection_round.recusals.values_list("expert_id", "reason"))
    assert recorded == {
        (colleague.pk, Recusal.HELPING_BODY),
        (helper.pk, Recusal.HELPER),
        (related.pk, Recusal.RELATIONSHIP),
    }
    # Running again neither duplicates recusals nor over-assigns.
    auto_assign(selection_round)
    assert selection_round.recusals.count() == 3
    assert selection_round.assignments.count() == 3


@pytest.mark.django_db
def test_a_declared_recusal_is_never_reassigned(site_tree):
    from selection.scoring import declare_conflict

    experts = [make_expert() for _ in range(4)]
    case = make_case()
    selection_round = make_round([case], experts, k=3)
    auto_assign(selection_round)
    first = selection_round.assignments.order_by("expert_id").first()
    declare_conflict(first, first.expert.user, "曾为该企业提供咨询服务")
    first.refresh_from_db()
    assert first.status == Assignment.RECUSED
    recusal = selection_round.recusals.get(expert=first.expert)
    assert (recusal.reason, recusal.detail) == (Recusal.DECLARED, "曾为该企业提供咨询服务")

    auto_assign(selection_round)  # fills the gap with the fourth expert, not the recused one
    active = selection_round.assignments.exclude(status=Assignment.RECUSED)
    assert active.count() == 3
    assert first.expert_id not in set(active.values_list("expert_id", flat=True))
