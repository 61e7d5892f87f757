"""The campaign's submission rules for cases, as plain functions of a case.

Quota (每区推荐不超过 N 个), deadline (报送截止日期) and one case per enterprise come from
the case's ``Campaign``. The quota and deadline rules pass when a city editor has recorded an
exception for the case under the check's name (``review.CheckOverride``, read through
``review.publication.override_for``), each for its own rule only. ``cases.checks``
registers them so the review app runs them when a district submits and again at approval.
The help-ledger rules (体系运行满 3 个月 with 内审 and 管理评审; 帮扶专家不得进审核组) come from
``enterprises.rules``, applied here to the case's enterprise, each with its own exception.

Which cases occupy a place (``counted_cases``) is defined once, here: the quota rule filters
it to one district, the duplicate rule to one enterprise, and ``reports.figures`` groups it
per district for the dashboard.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from enterprises import rules as help_rules
from library.credit_code import normalise
from library.models import Campaign
from review.checks import CheckResult
from review.guards import submitted_at
from review.publication import exception_result

# The checks' names: an editor's exception (``review.CheckOverride``) is recorded under
# one of them and lifts that check only.
QUOTA = "每区推荐名额"
DEADLINE = "报送截止日期"
LEDGER = "帮扶台账"
IMPARTIALITY = "公正性"
# A case occupies one of its district's places from submission until its workflow is
# cancelled (withdrawn) or it is unpublished: a case sent back for changes (needs changes)
# keeps its place while the district revises it.
ACTIVE_WORKFLOW = (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)


def _active_workflows():
    return WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        status__in=ACTIVE_WORKFLOW,
    )


def in_review():
    """A filter for pages with a workflow under way (submitted, or sent back for changes)."""
    return Exists(
        _active_workflows().filter(object_id=Cast(OuterRef("pk"), output_field=CharField()))
    )


def counted_cases(campaign_id):
    """The campaign's cases that take a place: published, or submitted and not withdrawn."""
    from cases.models import CasePage

    return CasePage.objects.filter(campaign_id=campaign_id).filter(Q(live=True) | in_review())


def district_id_of(case):
    return case.district_id or case.district_from_parent()


def lock_campaign(case):
    """Hold the case's campaign row until the submission commits.

    Two submissions counting against the same campaign (the last place of a district, or the
    same enterprise from two districts) then run their checks one after the other: the
    second counts the first's workflow. PostgreSQL blocks on the row lock; SQLite
    serialises writers through its immediate transactions, where ``FOR UPDATE`` is a no-op.
    """
    if case.campaign_id:
        Campaign.objects.select_for_update().filter(pk=case.campaign_id).values_list(
            "pk", flat=True
        ).first()


def check_quota(case) -> CheckResult:
    name, field = QUOTA, "campaign"
    campaign = case.campaign
    if campaign is None:
        return CheckResult(name, False, "“所属年度”未填写，无法核对本区推荐名额", field)
    maximum = campaign.case_max_per_district
    if maximum is None:
        return CheckResult(name, True, f"{campaign.year}年不设每区推荐上限", field)
    taken = (
        counted_cases(campaign.pk)
        .filter(district_id=district_id_of(case))
        .exclude(pk=case.pk)
        .count()
    )
    if taken < maximum:
        return CheckResult(
            name, True, f"本区{campaign.year}年已报送 {taken} 个，上限 {maximum} 个", field
        )
    return exception_result(case, name, field) or CheckResult(
        name,
        False,
        f"本区{campaign.year}年已报送或发布 {taken} 个案例，已达到每区不超过 {maximum} 个的上限，"
        "不能再报送；如确需报送，请联系市级编辑记录例外理由",
        field,
    )


def check_deadline(case, moment=None) -> CheckResult:
    name, field = DEADLINE, "campaign"
    campaign = case.campaign
    if campaign is None:
        return CheckResult(name, False, "“所属年度”未填写，无法核对报送截止日期", field)
    deadline = f"{campaign.submission_deadline:%Y年%m月%d日}"
    if not campaign.is_past_deadline(moment):
        return CheckResult(name, True, f"在{deadline}截止日期之前报送", field)
    sent = submitted_at(case)
    if sent and not campaign.is_past_deadline(sent):
        # Checked again at approval and at go-live: a case sent in on time stays on time.
        return CheckResult(name, True, f"已于{deadline}截止日期之前报送", field)
    return exception_result(case, name, field) or CheckResult(
        name,
        False,
        f"{campaign.year}年优良案例报送已于{deadline}截止，不能再报送；如确需报送，请联系市级编辑记录例外理由",
        field,
    )


def check_one_case_per_enterprise(case) -> CheckResult:
    """The same enterprise (统一社会信用代码) is recommended at most once per campaign."""
    name, field = "同一企业重复报送", "credit_code"
    code = normalise(case.credit_code)
    if not code or case.campaign_id is None:
        return CheckResult(name, True, "未填写统一社会信用代码或所属年度，暂不核对", field)
    other = (
        counted_cases(case.campaign_id)
        .filter(credit_code__iexact=code)
        .exclude(pk=case.pk)
        .select_related("district")
        .order_by("pk")
        .first()
    )
    if other is None:
        return CheckResult(name, True, f"{case.campaign.year}年本企业未报送其他案例", field)
    where = other.district.name if other.district_id else "其他区"
    return CheckResult(
        name,
        False,
        f"统一社会信用代码为 {code} 的企业已由{where}报送案例“{other.draft_title or other.title}”，"
        f"同一企业在{case.campaign.year}年只能报送一个案例",
        field,
    )


def submission_day(case, moment=None):
    """The day a case is submitted, Tianjin time: its submission's start when one is
    under way or goes live (``review.guards.submitted_at``), else ``moment`` or now."""
    return timezone.localtime(submitted_at(case) or moment or timezone.now()).date()


def ledger_of(case):
    """The help ledger of the case's enterprise in the case's campaign, or None."""
    from enterprises.models import HelpLedger

    if case.enterprise_id is None or case.campaign_id is None:
        return None
    return (
        HelpLedger.objects.filter(enterprise_id=case.enterprise_id, campaign_id=case.campaign_id)
        .select_related("enterprise", "campaign")
        .first()
    )


def check_help_ledger(case, moment=None) -> CheckResult:
    """The enterprise is in the campaign's help ledger, its system has run at least 3
    months on the submission day, and an 内审 and a 管理评审 are recorded (2023 annex)."""
    name, field = LEDGER, "enterprise"
    ledger = ledger_of(case)
    if ledger is None:
        year = f"{case.campaign.year}年" if case.campaign_id else "本年度"
        problem = (
            "“企业”未关联企业名录，无法核对帮扶台账"
            if case.enterprise_id is None
            else f"该企业不在{year}帮扶台账中"
        )
        return exception_result(case, name, field) or CheckResult(
            name, False, f"{problem}；案例只能为帮扶台账中的企业报送", field
        )
    day = submission_day(case, moment)
    missing = help_rules.readiness_problems(ledger, day)
    if not missing:
        return CheckResult(
            name,
            True,
            f"体系于{ledger.operation_started_on:%Y年%m月%d日}开始运行，已满 3 个月，"
            "已记录内审和管理评审",
            field,
        )
    return exception_result(case, name, field) or CheckResult(
        name,
        False,
        "帮扶台账未满足报送条件：" + "；".join(missing) + "（由帮扶认证机构在帮扶台账中补充）",
        field,
    )


def check_impartiality(case) -> CheckResult:
    """No expert who helped the enterprise is on its certification audit team."""
    name, field = IMPARTIALITY, "enterprise"
    ledger = ledger_of(case)
    experts = help_rules.impartiality_breaches(ledger) if ledger else []
    if not experts:
        return CheckResult(name, True, "帮扶专家未进入认证审核组", field)
    return exception_result(case, name, field) or CheckResult(
        name, False, help_rules.breach_message(ledger, experts), field
    )
