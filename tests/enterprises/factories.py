"""Enterprises, ledgers and training sessions made the way bodies and districts make them."""

import datetime

from django.utils import timezone

from enterprises.models import (
    Attendance,
    Enterprise,
    HelpLedger,
    InternalAudit,
    ManagementReview,
    TrainingSession,
)
from library.credit_code import make_credit_code, normalise
from library.models import Industry
from tests.factories import CertificationBodyFactory, district

_serial = iter(range(1, 10**6))


def code(number):
    return make_credit_code(f"91120116MA{number:07d}")


def enterprise(district_name="北辰区", **fields):
    number = next(_serial)
    values = {
        "name": f"天津台账测试企业{number}有限公司",
        "size": "small",
        "industry": Industry.objects.get(name="电动自行车"),
        "district": district(district_name) if district_name else None,
        "contact_person": "张经理",
        "contact_phone": "13800138000",
        "contact_email": "zhang@example.cn",
        **fields,
    }
    credit_code = normalise(values.pop("credit_code", None) or code(number))
    record, _ = Enterprise.objects.get_or_create(credit_code=credit_code, defaults=values)
    return record


def ledger(record, campaign, body=None, *, started_on=None, audit=True, review=True, **fields):
    """A ledger whose system started ``started_on`` (default: 1 January two years before the
    campaign, so that the run is long both on any day of the campaign's year and on any
    real day for a campaign of next year, ``open_campaign``), with an 内审 and a 管理评审
    unless told otherwise."""
    today = timezone.localdate()
    if started_on is None:
        started_on = datetime.date(campaign.year - 2, 1, 1)
    item, _ = HelpLedger.objects.get_or_create(
        enterprise=record,
        campaign=campaign,
        defaults={
            "body": body or CertificationBodyFactory(),
            "diagnosed_on": started_on - datetime.timedelta(days=30) if started_on else None,
            "legal_qualification": True,
            "no_serious_dishonesty": True,
            "no_quality_penalty": True,
            "plan": "一企一策：建立首件检验和不合格品控制制度。",
            "operation_started_on": started_on or None,
            **fields,
        },
    )
    if audit and not item.internal_audits.exists():
        InternalAudit.objects.create(
            ledger=item,
            started_on=today - datetime.timedelta(days=20),
            ended_on=today - datetime.timedelta(days=19),
        )
    if review and not item.management_reviews.exists():
        ManagementReview.objects.create(ledger=item, held_on=today - datetime.timedelta(days=10))
    return item


def session(campaign, *, kind="regional", body=None, district_obj=None, people=(), **fields):
    """A session with ``people``: [(credit code, enterprise name, person name)]."""
    number = next(_serial)
    item = TrainingSession.objects.create(
        title=fields.pop("title", f"质量管理体系培训 {number}"),
        campaign=campaign,
        held_on=fields.pop("held_on", datetime.date(campaign.year, 6, 1)),
        place=fields.pop("place", "北辰区市场监管局会议室"),
        kind=kind,
        organiser_body=body,
        organiser_district=district_obj,
        **fields,
    )
    for credit_code, name, person in people:
        Attendance.objects.create(
            session=item, credit_code=credit_code, enterprise_name=name, person_name=person
        )
    return item
