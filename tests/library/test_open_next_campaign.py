"""「开启下一年度行动」: next year's campaign from the last one in one action, shifted by a year,
editable before saving, with the questionnaire copied as a draft and each kind of selection
round's rubric copied into a new round. City editors only."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import rich_text

from cases.models import CaseIndexPage, SatisfactionSurveyPage, SurveyFormField
from library import campaigns
from library.models import Campaign, CampaignPhase, Expert
from selection.models import RoundCriterion, SelectionRound
from tests.clock import TIANJIN
from tests.factories import PASSWORD, CertificationBodyFactory, UserFactory, body_user

pytestmark = pytest.mark.django_db

# A leap year far from the reference data, so that 29 February is shifted.
LEAP = (datetime.date.today().year // 4 + 3) * 4
if LEAP % 100 == 0:
    LEAP += 4
URL = "wagtailsnippets_library_campaign:next"


@pytest.fixture
def expert(site_tree):
    return Expert.objects.create(name="评审专家甲", other_affiliation="天津某大学")


@pytest.fixture
def last(site_tree):
    campaign = Campaign.objects.create(
        year=LEAP,
        title=f"{LEAP}年小微企业质量管理体系认证提升行动",
        notice_number=f"津市监认〔{LEAP}〕9号",
        notice_date=datetime.date(LEAP, 2, 29),
        submission_deadline=datetime.date(LEAP, 10, 30),
        case_min_per_district=2,
        case_max_per_district=6,
        course_min_per_body=3,
        reminder_days=5,
        notice_text=f"<p>{LEAP}年度通知正文</p>",
    )
    for order, (name, start, end) in enumerate(
        [("启动阶段", (2, 29), (3, 31)), ("报送阶段", (4, 1), (10, 30))]
    ):
        CampaignPhase.objects.create(
            campaign=campaign,
            sort_order=order,
            name=name,
            start_date=datetime.date(LEAP, *start),
            end_date=datetime.date(LEAP, *end),
            description=f"{name}工作",
        )
    survey = SatisfactionSurveyPage(
        title=f"{LEAP}年帮扶企业满意度调查问卷",
        slug=f"survey-{LEAP}",
        campaign=campaign,
        introduction="<p>请如实填写</p>",
    )
    CaseIndexPage.objects.get().add_child(instance=survey)
    SurveyFormField.objects.create(
        page=survey, label="对帮扶专家的评价", field_type="multiline", sort_order=0
    )
    survey.save_revision().publish()
    return campaign


def test_shift_year_moves_29_february_to_28():
    assert campaigns.shift_year(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)
    assert campaigns.shift_year(datetime.date(2027, 2, 28)) == datetime.date(2028, 2, 28)
    assert campaigns.shift_year(datetime.date(2027, 10, 30)) == datetime.date(2028, 10, 30)


def test_the_form_is_prefilled_a_year_on(client, editor, last):
    client.login(username=editor.username, password=PASSWORD)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["year"] == LEAP + 1
    assert form.initial["title"] == f"{LEAP + 1}年小微企业质量管理体系认证提升行动"
    assert form.initial["notice_date"] == datetime.date(LEAP + 1, 2, 28)
    assert form.initial["submission_deadline"] == datetime.date(LEAP + 1, 10, 30)
    assert form.initial["notice_number"] == ""  # a new notice has its own number
    assert (form.initial["case_min_per_district"], form.initial["case_max_per_district"]) == (2, 6)
    assert form.initial["course_min_per_body"] == 3
    assert form.initial["reminder_days"] == 5
    phases = response.context["phases"]
    assert [p.initial["start_date"] for p in phases] == [
        datetime.date(LEAP + 1, 2, 28),
        datetime.date(LEAP + 1, 4, 1),
    ]


def post_data(last, **changes):
    year = LEAP + 1
    data = {
        "year": year,
        "title": f"{year}年小微企业质量管理体系认证提升行动",
        "notice_number": "",
        "notice_date": f"{year}-02-28",
        "submission_deadline": f"{year}-11-15",  # the editor moved it
        "case_min_per_district": 2,
        "case_max_per_district": 8,  # and raised the quota
        "course_min_per_body": 3,
        "reminder_days": 5,
        "summary": "",
        "notice_text": rich_text(f"<p>{year}年度通知正文</p>"),
        "phases-TOTAL_FORMS": 2,
        "phases-INITIAL_FORMS": 2,
        "phases-MIN_NUM_FORMS": 0,
        "phases-MAX_NUM_FORMS": 1000,
        "phases-0-name": "启动阶段",
        "phases-0-start_date": f"{year}-02-28",
        "phases-0-end_date": f"{year}-03-31",
        "phases-0-description": "启动",
        "phases-1-name": "报送阶段",
        "phases-1-start_date": f"{year}-04-01",
        "phases-1-end_date": f"{year}-11-15",
        "phases-1-description": "报送",
        **changes,
    }
    return data


def test_saving_opens_the_campaign_with_the_editors_changes_and_copies_the_questionnaire(
    client, editor, last
):
    client.login(username=editor.username, password=PASSWORD)
    response = client.post(reverse(URL), post_data(last))
    assert response.status_code == 302
    new = Campaign.objects.get(year=LEAP + 1)
    assert new.submission_deadline == datetime.date(LEAP + 1, 11, 15)
    assert new.case_max_per_district == 8
    assert f"{LEAP + 1}年度通知正文" in new.notice_text
    assert [(p.name, p.end_date) for p in new.phases.order_by("sort_order")] == [
        ("启动阶段", datetime.date(LEAP + 1, 3, 31)),
        ("报送阶段", datetime.date(LEAP + 1, 11, 15)),
    ]
    copy = SatisfactionSurveyPage.objects.get(campaign=new)
    assert copy.live is False  # a draft the editor checks before publishing
    assert copy.title == f"{LEAP + 1}年帮扶企业满意度调查问卷"
    assert [f.label for f in copy.form_fields.all()] == ["对帮扶专家的评价"]
    # The last year's questionnaire and campaign are untouched.
    original = SatisfactionSurveyPage.objects.get(campaign=last)
    assert original.live and original.form_fields.count() == 1
    assert last.phases.count() == 2


def test_a_phase_can_be_dropped_and_bad_dates_are_refused(client, editor, last):
    client.login(username=editor.username, password=PASSWORD)
    bad = client.post(reverse(URL), post_data(last, **{"phases-1-end_date": f"{LEAP + 1}-03-01"}))
    assert bad.status_code == 200
    assert "结束日期不能早于开始日期" in bad.content.decode()
    assert not Campaign.objects.filter(year=LEAP + 1).exists()
    client.post(reverse(URL), post_data(last, **{"phases-0-DELETE": "on"}))
    assert list(Campaign.objects.get(year=LEAP + 1).phases.values_list("name", flat=True)) == [
        "报送阶段"
    ]


def test_a_deadline_outside_the_year_is_refused(client, editor, last):
    client.login(username=editor.username, password=PASSWORD)
    response = client.post(reverse(URL), post_data(last, submission_deadline=f"{LEAP}-10-30"))
    assert response.status_code == 200
    assert "报送截止日期应在本年度内" in response.content.decode()
    assert not Campaign.objects.filter(year=LEAP + 1).exists()


def test_only_city_editors_and_superusers_open_a_campaign(client, last):
    body = body_user(CertificationBodyFactory())
    for user in (body, UserFactory(is_staff=True)):
        client.login(username=user.username, password=PASSWORD)
        assert client.get(reverse(URL)).status_code in (302, 403)
        assert client.post(reverse(URL), post_data(last)).status_code in (302, 403)
        client.logout()
    assert not Campaign.objects.filter(year=LEAP + 1).exists()
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.login(username=admin.username, password=PASSWORD)
    assert client.post(reverse(URL), post_data(last)).status_code == 302
    assert Campaign.objects.filter(year=LEAP + 1).exists()


def test_the_campaign_listing_offers_the_button_to_editors(client, editor, last):
    client.login(username=editor.username, password=PASSWORD)
    html = client.get(reverse("wagtailsnippets_library_campaign:list")).content.decode()
    assert "开启下一年度行动" in html
    assert reverse(URL) in html


def make_round(campaign, kind, title, criteria, deadline):
    selection_round = SelectionRound(
        title=title,
        campaign=campaign,
        subject_kind=kind,
        scoring_deadline=deadline,
        experts_per_case=4,
        recommend_count=2,
        min_scores=3,
        disagreement_threshold=Decimal("12.5"),
    )
    selection_round.criteria = [
        RoundCriterion(
            sort_order=order,
            name=name,
            description=f"{name}的评分要点",
            weight=Decimal(weight),
            max_score=Decimal(max_score),
            is_impact=impact,
        )
        for order, (name, weight, max_score, impact) in enumerate(criteria)
    ]
    selection_round.save()
    return selection_round


def rubric(selection_round):
    return [
        (c.name, c.description, c.weight, c.max_score, c.is_impact)
        for c in selection_round.criteria.order_by("sort_order")
    ]


CASE_RUBRIC = [("帮扶成效", "45.5", "10", True), ("可复制可推广", "30", "20", False), ("规范性", "24.5", "5", False)]  # fmt: skip
COURSE_RUBRIC = [("通俗易懂", "60", "10", False), ("条款准确", "40", "10", False)]


def test_opening_copies_each_kinds_latest_rubric_into_a_new_round(client, editor, last, expert):
    deadline = datetime.datetime(LEAP, 11, 20, 17, 30, tzinfo=TIANJIN)
    make_round(
        last, "case", f"{LEAP}年度案例评选（旧）", [("旧评分项", "100", "10", True)], deadline
    )
    cases_round = make_round(last, "case", f"{LEAP}年度优良案例评选", CASE_RUBRIC, deadline)
    cases_round.experts.set([expert])
    courses_round = make_round(
        last, "course", f"{LEAP}年度精品课程评选", COURSE_RUBRIC, deadline.replace(month=12)
    )
    client.login(username=editor.username, password=PASSWORD)
    response = client.post(reverse(URL), post_data(last), follow=True)
    new = Campaign.objects.get(year=LEAP + 1)
    copies = {r.subject_kind: r for r in SelectionRound.objects.filter(campaign=new)}
    assert set(copies) == {"case", "course"}  # one per kind, from the latest round
    for kind, source in (("case", cases_round), ("course", courses_round)):
        copy = copies[kind]
        assert rubric(copy) == rubric(source)  # names, weights, full marks, 成效 flags
        assert copy.title == source.title.replace(str(LEAP), str(LEAP + 1))
        assert timezone.localtime(copy.scoring_deadline) == timezone.localtime(
            source.scoring_deadline
        ).replace(year=LEAP + 1)
        rules = ("experts_per_case", "recommend_count", "min_scores", "disagreement_threshold")
        assert [getattr(copy, f) for f in rules] == [getattr(source, f) for f in rules]
        # Nobody is assigned or reminded until the commission fills the round in.
        assert not copy.experts.exists() and not copy.entries.exists()
        assert copy.created_by == editor
    # The last campaign's rounds keep their own criteria.
    assert rubric(cases_round)[0][0] == "帮扶成效" and cases_round.experts.count() == 1
    assert SelectionRound.objects.filter(campaign=last).count() == 3
    message = " ".join(str(m) for m in response.context["messages"])
    assert f"{LEAP + 1}年度优良案例评选" in message and "满意度调查问卷" in message


def test_a_campaign_without_rounds_opens_without_any(client, editor, last):
    client.login(username=editor.username, password=PASSWORD)
    client.post(reverse(URL), post_data(last))
    assert not SelectionRound.objects.filter(campaign__year=LEAP + 1).exists()
