"""Cases made the way districts make them, plus a fast bulk builder for the query tests."""

import datetime
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from cases import rules
from cases.blocks import SECTIONS
from cases.models import CaseMetric, CasePage
from library.credit_code import make_credit_code
from library.models import Campaign, Industry
from review.models import CheckOverride
from tests.enterprises.factories import enterprise, ledger
from tests.factories import CertificationBodyFactory, district

_serial = iter(range(1, 10**6))


def open_campaign(**overrides):
    """A campaign whose deadline is still ahead, whatever day the tests run on."""
    year = timezone.localdate().year + 1
    values = {
        "title": f"{year}年小微企业质量管理体系认证提升行动",
        "submission_deadline": datetime.date(year, 10, 30),
        "case_min_per_district": 1,
        "case_max_per_district": 5,
        "course_min_per_body": 1,
        **overrides,
    }
    return Campaign.objects.update_or_create(year=year, defaults=values)[0]


def credit_code(number):
    return make_credit_code(f"91120113MA{number:07d}")


def outline_body(text="帮扶专家现场诊断后，企业建立了首件检验制度。"):
    return [
        (
            "section",
            {"kind": key, "content": [("paragraph", RichText(f"<p>{heading}：{text}</p>"))]},
        )
        for key, heading in SECTIONS
    ]


def complete_case(
    district_name="北辰区", campaign=None, *, user=None, publish=False, with_ledger=True, **fields
):
    """A case with everything the submission checks ask for, saved as a draft revision."""
    number = next(_serial)
    section = district(district_name).cases_section
    metrics = fields.pop("metrics", None) or [
        CaseMetric(kind="first_pass_yield", before=Decimal("86"), after=Decimal("95"))
    ]
    page = CasePage(
        title=fields.pop("title", f"优良实践案例 {number}"),
        slug=f"case-{number}",
        enterprise_name=f"天津测试企业{number}有限公司",
        credit_code=fields.pop("credit_code", None) or credit_code(number),
        enterprise_size="small",
        industry=Industry.objects.get(name="电动自行车"),
        campaign=campaign or open_campaign(),
        helping_body=fields.pop("helping_body", None) or CertificationBodyFactory(),
        summary="一次合格率从 86% 提升到 95%。",
        body=outline_body(),
        eligible_normal_operation=True,
        eligible_not_abnormal_list=True,
        eligible_not_dishonest_list=True,
        eligible_no_quality_penalty=True,
        eligibility_declared_by=user,
        eligibility_declared_at=timezone.now(),
        live=False,
        **fields,
    )
    page.metrics = metrics
    if with_ledger:
        # The enterprise is in the campaign's help ledger, ready for a case (3 months' run,
        # an 内审 and a 管理评审), as every submitted case must be.
        page.enterprise = enterprise(
            district_name,
            credit_code=page.credit_code,
            name=page.enterprise_name,
            size=page.enterprise_size,
            industry=page.industry,
        )
        ledger(page.enterprise, page.campaign, page.helping_body)
    section.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        if page.campaign.is_past_deadline():
            # A case of a past year, published back then: publication checks the deadline
            # today, so the fixture records the exception an editor would have.
            CheckOverride.objects.create(
                page=page, check_name=rules.DEADLINE, reason="往年已发布的案例"
            )
        revision.publish()
        page.refresh_from_db()
    return page


def bulk_cases(count, district_name="北辰区", campaign=None):
    """``count`` live cases with a metric each, inserted in a few statements.

    Pages are created through treebeard's path scheme directly (bulk inserts of the base
    rows, then the case rows), because adding a thousand pages one by one would take
    minutes and the query tests only need them to exist.
    """
    from django.contrib.contenttypes.models import ContentType

    section = district(district_name).cases_section
    campaign = campaign or open_campaign()
    industry = Industry.objects.get(name="电动自行车")
    content_type = ContentType.objects.get_for_model(CasePage)
    start = section.numchild
    base_rows = []
    for offset in range(count):
        number = next(_serial)
        base_rows.append(
            Page(
                title=f"批量案例 {number}",
                slug=f"bulk-{number}",
                content_type=content_type,
                path=section.path + Page._get_path(None, 1, start + offset + 1)[-Page.steplen :],
                depth=section.depth + 1,
                numchild=0,
                live=True,
                first_published_at=timezone.now(),
                last_published_at=timezone.now(),
                url_path=f"{section.url_path}bulk-{number}/",
                locale_id=section.locale_id,
                draft_title=f"批量案例 {number}",
            )
        )
    Page.objects.bulk_create(base_rows)
    created = Page.objects.filter(path__in=[row.path for row in base_rows])
    for base in created:
        case = CasePage(
            page_ptr_id=base.pk,
            enterprise_name=f"{base.title}企业",
            credit_code=credit_code(base.pk),
            enterprise_size="micro",
            industry=industry,
            district_id=section.district_id,
            campaign=campaign,
            summary="批量生成的测试案例。",
            body=outline_body(),
        )
        case.__dict__.update(
            {f.attname: getattr(base, f.attname) for f in Page._meta.concrete_fields}
        )
        case.save_base(raw=True)
    Page.objects.filter(pk=section.pk).update(numchild=start + count)
    CaseMetric.objects.bulk_create(
        CaseMetric(page_id=base.pk, kind="pass_rate", before=Decimal("90"), after=Decimal("96"))
        for base in created
    )
    section.refresh_from_db()
    return count
