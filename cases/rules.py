"""The campaign's submission rules for cases, as plain functions of a case.

Quota (每区推荐不超过 N 个) and deadline (报送截止日期) come from the case's ``Campaign``;
each rule passes when a city editor has recorded an exception for the case
(``CaseRuleOverride``). ``cases.checks`` registers them so the review app runs them when a
district submits; the dashboard reads the same counts.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page, WorkflowState

from review.checks import CheckResult

QUOTA = "quota"
DEADLINE = "deadline"
# A case occupies one of its district's places from submission until it is withdrawn.
ACTIVE_WORKFLOW = (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)


def submitted_page_ids():
    """Ids of pages with a workflow under way (submitted and not yet decided)."""
    page_type = ContentType.objects.get_for_model(Page)
    return {
        int(object_id)
        for object_id in WorkflowState.objects.filter(
            base_content_type=page_type, status__in=ACTIVE_WORKFLOW
        ).values_list("object_id", flat=True)
    }


def counted_cases(district_id, campaign_id, *, exclude_pk=None):
    """The district's cases of the campaign that are submitted or published."""
    from cases.models import CasePage

    cases = CasePage.objects.filter(district_id=district_id, campaign_id=campaign_id).filter(
        Q(live=True) | Q(pk__in=submitted_page_ids())
    )
    if exclude_pk:
        cases = cases.exclude(pk=exclude_pk)
    return cases


def override_for(case, rule):
    if not case.pk:
        return None
    from cases.models import CaseRuleOverride

    return CaseRuleOverride.objects.filter(case_id=case.pk, rule=rule).first()


def _overridden(case, rule, name, field):
    override = override_for(case, rule)
    if override is None:
        return None
    return CheckResult(name, True, f"市级编辑已批准例外：{override.reason}", field)


def first_submitted_at(case):
    """When the case's current workflow began, if one is under way."""
    if not case.pk:
        return None
    return (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id=str(case.pk),
            status__in=ACTIVE_WORKFLOW,
        )
        .values_list("created_at", flat=True)
        .first()
    )


def district_id_of(case):
    return case.district_id or case.district_from_parent()


def check_quota(case) -> CheckResult:
    name, field = "每区推荐名额", "campaign"
    campaign = case.campaign
    if campaign is None:
        return CheckResult(name, False, "“所属年度”未填写，无法核对本区推荐名额", field)
    maximum = campaign.case_max_per_district
    if maximum is None:
        return CheckResult(name, True, f"{campaign.year}年不设每区推荐上限", field)
    taken = counted_cases(district_id_of(case), campaign.pk, exclude_pk=case.pk).count()
    if taken < maximum:
        return CheckResult(
            name, True, f"本区{campaign.year}年已报送 {taken} 个，上限 {maximum} 个", field
        )
    return _overridden(case, QUOTA, name, field) or CheckResult(
        name,
        False,
        f"本区{campaign.year}年已报送或发布 {taken} 个案例，已达到每区不超过 {maximum} 个的上限，"
        "不能再报送；如确需报送，请联系市级编辑记录例外理由",
        field,
    )


def check_deadline(case, moment=None) -> CheckResult:
    name, field = "报送截止日期", "campaign"
    campaign = case.campaign
    if campaign is None:
        return CheckResult(name, False, "“所属年度”未填写，无法核对报送截止日期", field)
    deadline = f"{campaign.submission_deadline:%Y年%m月%d日}"
    if not campaign.is_past_deadline(moment):
        return CheckResult(name, True, f"在{deadline}截止日期之前报送", field)
    submitted_at = first_submitted_at(case)
    if submitted_at and not campaign.is_past_deadline(submitted_at):
        # Checked again at approval: a case sent in on time stays on time.
        return CheckResult(name, True, f"已于{deadline}截止日期之前报送", field)
    return _overridden(case, DEADLINE, name, field) or CheckResult(
        name,
        False,
        f"{campaign.year}年优良案例报送已于{deadline}截止，不能再报送；如确需报送，请联系市级编辑记录例外理由",
        field,
    )


def district_progress(district_id, campaign):
    """(submitted, published) counts of a district's cases in a campaign."""
    from cases.models import CasePage

    cases = CasePage.objects.filter(district_id=district_id, campaign=campaign)
    published = cases.filter(live=True).count()
    submitted = cases.filter(live=False, pk__in=submitted_page_ids()).count()
    return submitted, published
