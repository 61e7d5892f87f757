"""One selection mechanism for every judged kind: districts (附件1 evaluation), certification
bodies and courses (精品课程) go through the same rounds, conflicts, blind scoring, trimmed
mean and decisions as cases, each with the decision levels of its own kind."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from library.models import CertificationBody, District, Membership
from selection import audit, subjects
from selection.assignment import assign_by_hand, auto_assign
from selection.decisions import decide
from selection.models import Assignment, Decision, Recusal, SelectionEntry, SelectionRound
from selection.ranking import round_results
from selection.scoring import confirm_no_conflict, save_scores
from tests.factories import PASSWORD
from tests.selection.conftest import close
from tests.selection.factories import BodyFactory, campaign, make_expert, make_round

pytestmark = pytest.mark.django_db


def score(assignment, value):
    user = assignment.expert.user
    confirm_no_conflict(assignment, user)
    save_scores(assignment, user, {c.id: value for c in assignment.round.criteria.all()})


@pytest.fixture
def district_round(site_tree):
    """Two districts judged by a pool of seven: one expert belongs to 北辰区 (account
    membership), one helped an enterprise registered in 北辰区, five are free."""
    from enterprises.models import Enterprise, HelpLedger

    beichen, hexi = District.objects.get(name="北辰区"), District.objects.get(name="河西区")
    member = make_expert("北辰区专家")
    Membership.objects.create(user=member.user, district=beichen)
    helper = make_expert("北辰帮扶专家")
    body = BodyFactory()
    enterprise = Enterprise.objects.create(
        credit_code="91120113000000001X", name="天津北辰某机械有限公司", district=beichen
    )
    ledger = HelpLedger.objects.create(enterprise=enterprise, campaign=campaign(), body=body)
    ledger.helper_experts.set([helper])
    ledger.save()
    free = [make_expert(f"评估专家{i}") for i in range(5)]
    selection_round = make_round(
        [beichen, hexi],
        [member, helper, *free],
        subject_kind="district",
        title="2024年度各区提升行动评估",
        k=5,
        min_scores=3,
    )
    return SimpleNamespace(
        round=selection_round, beichen=beichen, hexi=hexi, member=member, helper=helper, free=free
    )


def test_a_round_judges_one_kind_with_its_eligible_subjects(site_tree):
    districts = subjects.kind("district").eligible(campaign())
    assert districts.count() == District.objects.count() == 16
    bodies = subjects.kind("body").eligible(campaign())
    assert list(bodies) == list(CertificationBody.objects.order_by("id"))
    selection_round = make_round(subject_kind="district", experts=[make_expert()])
    from selection.forms import fill_defaults

    fill_defaults(selection_round)
    assert selection_round.entries.count() == 16
    assert set(selection_round.candidate_subjects()) == set(District.objects.all())


def test_an_entry_holds_exactly_one_subject(site_tree):
    from django.db import IntegrityError, transaction

    selection_round = make_round(subject_kind="district")
    district = District.objects.get(name="北辰区")
    body = BodyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SelectionEntry.objects.create(round=selection_round, district=district, body=body)
    with pytest.raises(IntegrityError), transaction.atomic():
        SelectionEntry.objects.create(round=selection_round)
    entry = SelectionEntry.objects.create(round=selection_round, district=district)
    entry.refresh_from_db()
    assert (entry.subject_id, entry.subject, entry.title) == (district.pk, district, "北辰区")


def test_district_conflicts_are_excluded_and_recorded(district_round, client):
    d = district_round
    selection_round = d.round
    beichen = d.beichen
    hexi = d.hexi
    member = d.member
    helper = d.helper
    free = d.free
    auto_assign(selection_round)
    on_beichen = set(
        selection_round.assignments.filter(entry__district=beichen).values_list(
            "expert_id", flat=True
        )
    )
    assert on_beichen == {e.pk for e in free}
    # The two conflicted experts judge the other district.
    on_hexi = set(
        selection_round.assignments.filter(entry__district=hexi).values_list("expert_id", flat=True)
    )
    assert {member.pk, helper.pk} <= on_hexi
    recorded = set(
        selection_round.recusals.filter(entry__district=beichen).values_list("expert_id", "reason")
    )
    assert recorded == {(member.pk, Recusal.OWN_DISTRICT), (helper.pk, Recusal.HELPED_DISTRICT)}
    assert selection_round.recusals.get(expert=helper).detail == "帮扶台账：天津北辰某机械有限公司"

    # An editor cannot put the member on her own district either.
    with pytest.raises(audit.SelectionRefused) as refused:
        assign_by_hand(selection_round, beichen, member, None)
    assert "本人属于被评区" in refused.value.message

    # The member cannot open the scoring page of her own district, nor score it.
    assert client.login(username=member.user.username, password=PASSWORD)
    url = reverse("selection_expert_case", args=[selection_round.pk, beichen.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert "该区未分配给您评审" in response.content.decode()
    # Her own assignment (河西区) opens, shows the district, and says what she confirms.
    page = client.get(reverse("selection_expert_case", args=[selection_round.pk, hexi.pk]))
    assert page.status_code == 200
    assert "河西区" in page.content.decode() and "我确认与该区无利益冲突" in page.content.decode()


def test_district_trimmed_mean_and_decisions(district_round, editor):
    d = district_round
    selection_round = d.round
    beichen = d.beichen
    hexi = d.hexi
    free = d.free
    auto_assign(selection_round)
    # 北辰区 by five experts: every criterion scored 10, 9, 8, 6, 3 → totals 100, 90, 80,
    # 60, 30 → the highest and lowest dropped: (90 + 80 + 60) / 3 = 76.67.
    values = dict(zip(sorted(e.pk for e in free), ["10", "9", "8", "6", "3"], strict=True))
    for assignment in selection_round.assignments.filter(entry__district=beichen):
        score(assignment, values[assignment.expert_id])
    for assignment in selection_round.assignments.filter(entry__district=hexi):
        score(assignment, "7")
    # Blind while open: the editor's workbench shows progress, no score.
    close(selection_round)
    results = round_results(selection_round).by_case()
    assert results[beichen.pk].score == Decimal("76.67")
    assert len(results[beichen.pk].trimmed) == 2
    assert results[hexi.pk].score == Decimal("70.00")
    assert (results[beichen.pk].rank, results[hexi.pk].rank) == (1, 2)

    decide(selection_round, beichen, subjects.OUTSTANDING, "组织发动有力，帮扶覆盖面广", editor)
    decide(selection_round, hexi, subjects.IMPROVED, "较上年进步明显", editor)
    assert {
        (d.entry.district_id, d.get_level_display()) for d in selection_round.decisions.all()
    } == {(beichen.pk, "表现突出"), (hexi.pk, "进步提升较大")}
    assert sorted(
        (s.name, d.level) for s, d in subjects.recognised(campaign(), "district")
    ) == sorted([("北辰区", subjects.OUTSTANDING), ("河西区", subjects.IMPROVED)])
    assert subjects.recognised(campaign(), "case") == []
    # A case's level is not a district's.
    with pytest.raises(audit.SelectionRefused) as refused:
        decide(selection_round, hexi, Decision.CITY, "误选", editor)
    assert refused.value.message == (
        "“市级优良案例”不适用于各区提升行动评估，本轮只能认定为：表现突出、进步提升较大"
    )
    assert selection_round.decisions.get(entry__district=hexi).level == subjects.IMPROVED
    # The stored snapshot names districts, and the latest records both decisions.
    record = selection_round.snapshots.order_by("-sequence").first().record
    assert record["round"]["subject"] == "区"
    assert {d["case_title"] for d in record["decisions"]} == {"北辰区", "河西区"}


def test_body_round_excludes_the_bodys_own_experts(site_tree, editor):
    body, other = BodyFactory(), BodyFactory()
    own = make_expert("本机构专家", body=body)
    member = make_expert("本机构账号专家")
    Membership.objects.create(user=member.user, certification_body=body)
    free = [make_expert(f"机构评估专家{i}") for i in range(3)]
    selection_round = make_round(
        [body, other], [own, member, *free], subject_kind="body", k=3, min_scores=3
    )
    auto_assign(selection_round)
    on_body = set(
        selection_round.assignments.filter(entry__body=body).values_list("expert_id", flat=True)
    )
    assert on_body == {e.pk for e in free}
    assert set(
        selection_round.recusals.filter(entry__body=body).values_list("expert_id", "reason")
    ) == {(own.pk, Recusal.OWN_BODY), (member.pk, Recusal.OWN_BODY)}
    for assignment in selection_round.assignments.filter(entry__body=body):
        score(assignment, "8")
    close(selection_round)
    with pytest.raises(audit.SelectionRefused) as refused:
        decide(selection_round, body, subjects.OUTSTANDING, "误选", editor)
    assert "不适用于认证机构提升行动评估" in refused.value.message
    # 未参加排名: the other body has no scores.
    with pytest.raises(audit.SelectionRefused) as refused:
        decide(selection_round, other, subjects.EXCELLENT_BODY, "帮扶成效好", editor)
    assert refused.value.message == "该认证机构未参加排名（尚无评分），不能认定"
    decision = decide(selection_round, body, subjects.EXCELLENT_BODY, "帮扶成效好", editor)
    assert decision.get_level_display() == "提升行动优秀认证机构"
    assert subjects.recognised(campaign(), "body") == [(body, decision)]


def test_course_round_selects_excellent_courses(site_tree, editor):
    from tests.courses.factories import make_course

    body = BodyFactory()
    course = make_course(body, "进货检验怎么做")
    publisher = make_expert("发布机构专家", body=body)
    free = [make_expert(f"课程专家{i}") for i in range(2)]
    selection_round = make_round(
        [course], [publisher, *free], subject_kind="course", k=2, min_scores=2
    )
    auto_assign(selection_round)
    assert set(selection_round.assignments.values_list("expert_id", flat=True)) == {
        e.pk for e in free
    }
    assert selection_round.recusals.get().reason == Recusal.PUBLISHING_BODY
    for assignment in selection_round.assignments.all():
        score(assignment, "9")
    # The score records the course revision judged (courses are pages).
    assert set(
        selection_round.assignments.first().scores.values_list("revision_id", flat=True)
    ) == {course.latest_revision_id}
    close(selection_round)
    with pytest.raises(audit.SelectionRefused):
        decide(selection_round, course, Decision.NATIONAL, "误选", editor)
    decision = decide(selection_round, course, subjects.EXCELLENT_COURSE, "讲解清楚实用", editor)
    assert decision.get_level_display() == "精品课程"
    [(recognised_course, _)] = subjects.recognised(campaign(), "course")
    assert recognised_course.pk == course.pk
    assert Assignment.objects.filter(round=selection_round).count() == 2


def test_evidence_is_shown_to_the_assigned_expert(district_round, client):
    d = district_round
    selection_round = d.round
    beichen = d.beichen
    free = d.free

    def provider(district, campaign):
        return [(f"{district.name}评估总结", f"/admin/evidence/{district.pk}/{campaign.year}/")]

    subjects.register_evidence("district", provider)
    subjects.register_evidence("district", provider)  # once is enough
    try:
        # Other apps' providers may come first; this one is listed once, last.
        links = subjects.evidence_links(beichen, selection_round.campaign)
        mine = ("北辰区评估总结", f"/admin/evidence/{beichen.pk}/2024/")
        assert links[-1] == mine and links.count(mine) == 1
        auto_assign(selection_round)
        expert = free[0]
        confirm_no_conflict(
            selection_round.assignments.get(expert=expert, entry__district=beichen), expert.user
        )
        assert client.login(username=expert.user.username, password=PASSWORD)
        page = client.get(reverse("selection_expert_case", args=[selection_round.pk, beichen.pk]))
        assert f"/admin/evidence/{beichen.pk}/2024/" in page.content.decode()
    finally:
        subjects._EVIDENCE["district"].remove(provider)


def test_the_kind_is_frozen_once_scoring_starts(district_round):
    from selection.models import RoundLocked

    d = district_round
    selection_round = d.round
    beichen = d.beichen
    auto_assign(selection_round)
    score(selection_round.assignments.filter(entry__district=beichen).first(), "8")
    selection_round.subject_kind = "body"
    with pytest.raises(RoundLocked):
        selection_round.save()


def test_the_admin_form_opens_a_district_round_and_picks_its_districts(client, editor):
    from tests.selection.test_admin_views import login, round_form

    make_expert()
    login(client, editor)
    # No candidates ticked: every district.
    data = round_form(subject_kind="district", title="2024年度各区提升行动评估")
    response = client.post(reverse("selection_rounds:add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    everyone = SelectionRound.objects.get(title="2024年度各区提升行动评估")
    assert set(everyone.candidate_subjects()) == set(District.objects.all())
    # Two districts ticked: those two, and the workbench names them.
    beichen, hexi = District.objects.get(name="北辰区"), District.objects.get(name="河西区")
    data = round_form([beichen.pk, hexi.pk], subject_kind="district", title="两区评估")
    assert client.post(reverse("selection_rounds:add"), data).status_code == 302
    two = SelectionRound.objects.get(title="两区评估")
    assert set(two.candidate_subjects()) == {beichen, hexi}
    page = client.get(reverse("selection_rounds:manage", args=[two.pk])).content.decode()
    assert "候选区" in page and "北辰区" in page and "河西区" in page
