"""What a case must have before a district may submit it, registered with the review app.

Each check yields ``CheckResult``s whose messages name the field (and the metric row) so
the district knows what to fix. The review app runs them on the revision being submitted.
"""

from cases import rules
from cases.models import CasePage
from library.credit_code import is_valid
from review.checks import CheckResult, page_check
from review.guards import submission_lock

REQUIRED_FIELDS = [
    ("enterprise_name", "企业名称"),
    ("credit_code", "统一社会信用代码"),
    ("enterprise_size", "企业规模"),
    ("industry", "所属行业"),
    ("campaign", "所属年度"),
    ("helping_body", "帮扶认证机构"),
    ("summary", "案例摘要"),
]


@page_check(CasePage)
def required_fields(page):
    for field, label in REQUIRED_FIELDS:
        if not getattr(page, page._meta.get_field(field).attname):
            yield CheckResult("必填信息", False, f"“{label}”未填写", field)
    if page.credit_code and not is_valid(page.credit_code):
        yield CheckResult(
            "必填信息", False, f"“统一社会信用代码”{page.credit_code} 无效", "credit_code"
        )


@page_check(CasePage)
def outline_sections(page):
    missing = page.missing_sections()
    if missing:
        yield CheckResult(
            "案例提纲", False, "“案例正文”缺少以下章节或章节为空：" + "、".join(missing), "body"
        )
    else:
        yield CheckResult("案例提纲", True, "“案例正文”包含全部六个章节", "body")


@page_check(CasePage)
def measured_results(page):
    rows = list(page.metrics.all())
    complete = [m for m in rows if m.before is not None and m.after is not None]
    if not complete:
        yield CheckResult(
            "量化绩效指标",
            False,
            "“绩效指标”至少需要一行同时填写提升前和提升后数值的指标",
            "metrics",
        )
    for number, metric in enumerate(rows, start=1):
        for _field, message in metric.problems():
            yield CheckResult(
                "量化绩效指标", False, f"“绩效指标”第{number}行：{message}", "metrics"
            )
        if metric.before is not None and metric.after is None:
            yield CheckResult(
                "量化绩效指标",
                False,
                f"“绩效指标”第{number}行：指标“{metric.name}”缺少提升后数值",
                "metrics",
            )


@page_check(CasePage)
def eligibility(page):
    if not page.eligibility_declared or page.eligibility_declared_at is None:
        missing = [label for label, value in page.eligibility_answers if not value]
        detail = "：" + "；".join(missing) if missing else ""
        yield CheckResult("参与资格声明", False, f"“参与资格声明”尚未完成{detail}", "eligibility")
    else:
        yield CheckResult("参与资格声明", True, "四项参与资格均已声明", "eligibility")


@page_check(CasePage)
def pilot_region_matches_district(page):
    district_id = rules.district_id_of(page)
    if page.pilot_region_id and district_id:
        region = page.pilot_region
        if not region.districts.filter(pk=district_id).exists():
            yield CheckResult(
                "试点区域",
                False,
                f"“所属试点区域”{region.name}不包括本区（{region.district_names()}）",
                "pilot_region",
            )


@page_check(CasePage)
def submission_rules(page):
    yield rules.check_quota(page)
    yield rules.check_deadline(page)
    yield rules.check_one_case_per_enterprise(page)
    yield rules.check_help_ledger(page)
    yield rules.check_impartiality(page)


# The quota and one-case-per-enterprise rules count the campaign's other submissions: a
# submission locks the campaign first, so the last place goes to exactly one of two.
submission_lock(CasePage)(rules.lock_campaign)
