"""The help-ledger rules at submission: 3 calendar months of operation (to the day), an 内审 and
a 管理评审, the enterprise in the ledger; the impartiality flag; each with the editor's
exception; and the case's enterprise details taken from the register."""

import datetime

import pytest

from cases import rules
from enterprises.models import InternalAudit, ManagementReview
from enterprises.rules import (
    earliest_submission,
    expert_warnings,
    impartiality_breaches,
    months_before,
    ran_long_enough,
)
from library.models import Expert
from review.checks import failures, run_checks
from review.exceptions import SubmissionRefused
from review.models import CheckOverride
from tests.cases.factories import complete_case, open_campaign
from tests.clock import at
from tests.enterprises.factories import enterprise, ledger
from tests.factories import CertificationBodyFactory, district, district_user

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    "day, months, expected",
    [
        (D(2024, 8, 31), 3, D(2024, 5, 31)),
        (D(2024, 5, 31), 3, D(2024, 2, 29)),  # leap year: the last day of February
        (D(2023, 5, 31), 3, D(2023, 2, 28)),
        (D(2024, 2, 15), 3, D(2023, 11, 15)),  # across the new year
        (D(2024, 3, 1), 3, D(2023, 12, 1)),
    ],
)
def test_months_before_counts_calendar_months(day, months, expected):
    assert months_before(day, months) == expected


def test_three_months_to_the_day():
    started = D(2024, 5, 31)
    assert not ran_long_enough(started, D(2024, 8, 30))
    assert ran_long_enough(started, D(2024, 8, 31))
    assert earliest_submission(started) == D(2024, 8, 31)
    # Started on 30 November: 28 February minus 3 months is 28 November, too early.
    assert not ran_long_enough(D(2023, 11, 30), D(2024, 2, 29))
    assert ran_long_enough(D(2023, 11, 30), D(2024, 3, 1))
    assert earliest_submission(D(2023, 11, 30)) == D(2024, 3, 1)
    assert not ran_long_enough(None, D(2024, 3, 1))


def add(relation, expert):
    """Add to a ledger's experts and save the ledger, as the admin form does."""
    relation.add(expert)
    relation.instance.save()


def submit(page, user):
    page.get_workflow().start(page, user)


@pytest.fixture
def campaign(site_tree):
    return open_campaign()


def case_with_ledger(campaign, **ledger_fields):
    case = complete_case(campaign=campaign, with_ledger=False)
    record = enterprise(credit_code=case.credit_code, name=case.enterprise_name)
    item = ledger(record, campaign, **ledger_fields)
    revision_case = case.get_latest_revision_as_object()
    revision_case.enterprise = record
    revision_case.save_revision()
    case.refresh_from_db()
    return case, item


def test_submission_refused_one_day_before_three_months_and_accepted_on_the_day(campaign):
    started = D(campaign.year, 5, 31)
    case, _ = case_with_ledger(campaign, started_on=started)
    user = district_user(district("北辰区"))
    with at(D(campaign.year, 8, 30)):
        with pytest.raises(SubmissionRefused) as refused:
            submit(case, user)
    message = "；".join(f.message for f in refused.value.failures)
    assert "至报送日不满 3 个月" in message and f"{campaign.year}年08月31日起方可报送" in message
    assert case.workflow_states.count() == 0
    with at(D(campaign.year, 8, 31)):
        submit(case, user)
    assert case.workflow_states.get().status == "in_progress"


def test_missing_internal_audit_and_management_review_are_named(campaign):
    case, item = case_with_ledger(campaign, audit=False, review=False)
    result = rules.check_help_ledger(case.get_latest_revision_as_object())
    assert not result.passed
    assert "未记录内部审核（内审）" in result.message and "未记录管理评审" in result.message
    InternalAudit.objects.create(
        ledger=item, started_on=D(campaign.year, 1, 2), ended_on=D(campaign.year, 1, 3)
    )
    result = rules.check_help_ledger(case.get_latest_revision_as_object())
    assert "内审" not in result.message and "未记录管理评审" in result.message
    ManagementReview.objects.create(ledger=item, held_on=D(campaign.year, 1, 10))
    assert rules.check_help_ledger(case.get_latest_revision_as_object()).passed


def test_missing_operation_date_is_named(campaign):
    case, item = case_with_ledger(campaign)
    type(item).objects.filter(pk=item.pk).update(operation_started_on=None)
    result = rules.check_help_ledger(case.get_latest_revision_as_object())
    assert not result.passed and "未登记体系开始运行日期" in result.message


def test_an_enterprise_outside_the_ledger_is_refused_and_the_editor_may_except_it(campaign):
    case = complete_case(campaign=campaign, with_ledger=False)
    latest = case.get_latest_revision_as_object()
    result = rules.check_help_ledger(latest)
    assert not result.passed and "未关联企业名录" in result.message
    with pytest.raises(SubmissionRefused):
        submit(case, district_user(district("北辰区")))

    # In the register but not in this campaign's ledger.
    record = enterprise(credit_code=case.credit_code)
    ledger(record, open_campaign_previous(campaign))
    latest.save_revision()  # relinks by credit code on clean()
    case.refresh_from_db()
    latest = case.get_latest_revision_as_object()
    assert latest.enterprise_id == record.pk
    result = rules.check_help_ledger(latest)
    assert not result.passed and f"该企业不在{campaign.year}年帮扶台账中" in result.message

    CheckOverride.objects.create(
        page=case, check_name=rules.LEDGER, reason="企业台账由区补录中，先行报送"
    )
    result = rules.check_help_ledger(latest)
    assert result.passed and "先行报送" in result.message


def open_campaign_previous(campaign):
    from library.models import Campaign

    return Campaign.objects.get(year=2024)


def test_helper_on_the_audit_team_is_an_impartiality_breach(campaign):
    case, item = case_with_ledger(campaign)
    helper = Expert.objects.create(name="王帮扶", certification_body=item.body)
    auditor = Expert.objects.create(name="李审核", certification_body=item.body)
    add(item.helper_experts, helper)
    add(item.audit_team, auditor)
    assert impartiality_breaches(item) == []
    assert rules.check_impartiality(case.get_latest_revision_as_object()).passed

    add(item.audit_team, helper)
    assert impartiality_breaches(item) == [helper]
    result = rules.check_impartiality(case.get_latest_revision_as_object())
    assert (
        not result.passed
        and "帮扶专家不得进审核组" in result.message
        and "王帮扶" in result.message
    )
    assert any(
        f.name == "公正性" for f in failures(run_checks(case.get_latest_revision_as_object()))
    )
    with pytest.raises(SubmissionRefused):
        submit(case, district_user(district("北辰区")))


def test_a_helper_of_an_earlier_year_is_also_a_breach(campaign):
    _, item = case_with_ledger(campaign)
    earlier = ledger(item.enterprise, open_campaign_previous(campaign), item.body)
    helper = Expert.objects.create(name="赵往年", certification_body=item.body)
    add(earlier.helper_experts, helper)
    add(item.audit_team, helper)
    assert impartiality_breaches(item) == [helper]


def test_expert_warnings_over_two_enterprises_and_across_districts(campaign):
    body = CertificationBodyFactory()
    busy = Expert.objects.create(name="周多家", certification_body=body)
    roaming = Expert.objects.create(name="吴跨区", certification_body=body)
    for _ in range(2):
        add(ledger(enterprise("北辰区"), campaign, body).helper_experts, busy)
    assert expert_warnings(campaign) == []
    add(ledger(enterprise("北辰区"), campaign, body).helper_experts, busy)
    add(ledger(enterprise("北辰区"), campaign, body).helper_experts, roaming)
    add(ledger(enterprise("武清区"), campaign, body).helper_experts, roaming)
    messages = [w.message for w in expert_warnings(campaign)]
    assert any("周多家" in m and "帮扶 3 家企业" in m for m in messages)
    assert any("吴跨区跨区帮扶（北辰区、武清区）" in m for m in messages)
    assert not any("吴跨区" in m and "家企业" in m for m in messages)


def test_the_case_takes_its_enterprise_details_from_the_register(campaign):
    from library.models import Industry

    record = enterprise(
        "北辰区",
        name="天津名录精密五金有限公司",
        size="micro",
        industry=Industry.objects.get(name="地毯"),
    )
    ledger(record, campaign)
    case = complete_case(campaign=campaign, with_ledger=False)
    latest = case.get_latest_revision_as_object()
    assert latest.enterprise_name != "天津名录精密五金有限公司"
    latest.enterprise = record
    latest.save_revision()
    case.refresh_from_db()
    latest = case.get_latest_revision_as_object()
    assert latest.enterprise_name == "天津名录精密五金有限公司"
    assert latest.credit_code == record.credit_code
    assert latest.enterprise_size == "micro"
    assert latest.industry.name == "地毯"
