"""Demo ledgers and trainings for the current campaign: several enterprises at different
stages of help (just diagnosed, building the system, running, 内审 done, 管理评审 done,
certified; one with a helper on its audit team, to show the flag), and the sessions the
demo districts and bodies held, with attendance. Every name and code is made up.
"""

import datetime

from django.utils import timezone

from enterprises.models import (
    Attendance,
    Enterprise,
    HelpLedger,
    InternalAudit,
    LedgerComment,
    LedgerDocument,
    LedgerProblem,
    ManagementReview,
    MaturityLevel,
    TrainingSession,
)
from enterprises.rules import shift_months
from library.campaigns import current
from library.credit_code import make_credit_code
from library.models import CertificationBody, District, Expert, Industry

# (code17, name, district, industry code, size, body index, helpers, stage, contact)
ENTERPRISES = [
    ("91120113MA0051201", "天津市津北精工车架有限公司", "北辰区", "electric-bicycle", "small", 0,
     ["王建华"], "certified", ("马红", "13820010001")),
    ("91120113MA0051202", "天津瑞达电动车配件有限公司", "北辰区", "electric-bicycle", "micro", 0,
     ["王建华"], "reviewed", ("杜强", "13820010002")),
    ("91120114MA0051203", "天津武清华美地毯有限公司", "武清区", "carpet", "small", 1,
     ["李秀英"], "audited", ("周敏", "13820010003")),
    ("91120114MA0051204", "天津市绒艺手工地毯厂", "武清区", "carpet", "micro", 1,
     ["李秀英", "陈志刚"], "running", ("吴芳", "13820010004")),
    ("91120113MA0051205", "天津北辰恒通五金制品有限公司", "北辰区", "hardware", "micro", 0,
     ["陈志刚"], "building", ("郑凯", "13820010005")),
    ("91120114MA0051206", "天津武清精诚医疗器械有限公司", "武清区", "medical-devices", "small", 1,
     [], "diagnosed", ("冯丽", "13820010006")),
]  # fmt: skip
STAGES = ["diagnosed", "building", "running", "audited", "reviewed", "certified"]

PROBLEMS = [
    ("来料检验无记录，供应商质量问题无法追溯", "urgent", "建立进货检验规程和合格供方名录"),
    ("首件检验未执行，批量返工", "high", "推行首件三检制度"),
    ("顾客投诉处理无闭环", "normal", "建立投诉登记、原因分析和回访流程"),
]


def maturity_levels():
    """The grades by rank (seeded by migration 0002; editors may have changed them)."""
    levels = list(MaturityLevel.objects.order_by("rank"))
    return {1: levels[0], 3: levels[min(2, len(levels) - 1)]} if levels else {1: None, 3: None}


def _expert(name, body):
    return Expert.objects.get_or_create(name=name, defaults={"certification_body": body})[0]


def _industry(code):
    return Industry.objects.filter(code=code).first() or Industry.objects.first()


def _enterprise(spec):
    code17, name, district_name, industry_code, size, _, _, _, (person, phone) = spec
    enterprise, _ = Enterprise.objects.get_or_create(
        credit_code=make_credit_code(code17),
        defaults={
            "name": name,
            "size": size,
            "district": District.objects.get(name=district_name),
            "industry": _industry(industry_code),
            "contact_person": person,
            "contact_phone": phone,
        },
    )
    return enterprise


def add_demo_ledgers(report):
    """Ledgers of the current campaign at every stage, idempotent."""
    campaign = current()
    bodies = list(CertificationBody.objects.order_by("name"))
    if campaign is None or not bodies:
        return
    from library.demo import DEMO_BODIES

    named = {body.name: body for body in bodies}
    demo_bodies = [named.get(spec["name"]) or bodies[0] for spec in DEMO_BODIES]
    levels = maturity_levels()
    today = timezone.localdate()
    created = 0
    for spec in ENTERPRISES:
        enterprise = _enterprise(spec)
        body = demo_bodies[spec[5]]
        if HelpLedger.objects.filter(enterprise=enterprise, campaign=campaign).exists():
            continue
        stage = STAGES.index(spec[7])
        started = shift_months(today, -5) if stage >= 3 else shift_months(today, -1)
        ledger = HelpLedger(
            enterprise=enterprise,
            campaign=campaign,
            body=body,
            diagnosed_on=shift_months(today, -7),
            legal_qualification=True,
            no_serious_dishonesty=True,
            no_quality_penalty=True,
            diagnosis_notes="现场巡视采购、生产、销售各环节，与负责人沟通体系建设的着手点和可投入的资源。",
            maturity_before=levels[1],
            maturity_after=levels[3] if stage >= 4 else None,
            plan="一企一策：先解决来料检验和首件检验两个急需问题，再按 GB/T 19001 建立文件化制度。"
            if stage >= 1
            else "",
            operation_started_on=started if stage >= 2 else None,
            certification_outcome="certified" if stage >= 5 else "",
            certificate_number="00125Q3" + enterprise.credit_code[-6:] if stage >= 5 else "",
            certified_on=shift_months(today, -1) if stage >= 5 else None,
        )
        ledger.problems = [
            LedgerProblem(description=text, urgency=urgency, measure=measure if stage >= 1 else "")
            for text, urgency, measure in PROBLEMS[: 2 + (stage % 2)]
        ]
        if stage >= 1:
            ledger.documents = [
                LedgerDocument(kind="manual", title=f"{enterprise.name}质量手册"),
                LedgerDocument(kind="procedure", title="进货检验控制程序"),
                LedgerDocument(kind="procedure", title="不合格品控制程序"),
            ]
        if stage >= 3:
            audit_day = shift_months(today, -2)
            ledger.internal_audits = [
                InternalAudit(started_on=audit_day, ended_on=audit_day + datetime.timedelta(days=1))
            ]
        if stage >= 4:
            ledger.management_reviews = [ManagementReview(held_on=shift_months(today, -1))]
        ledger.save()
        helpers = [_expert(name, body) for name in spec[6]]
        ledger.helper_experts.set(helpers)
        if stage >= 5:
            # The demo shows the flag: a helper on the audit team (帮扶专家不得进审核组).
            ledger.audit_team.set([_expert("钱立军", body), *helpers[:1]])
        ledger.save()
        ledger.save_revision(log_action=True)
        created += 1
    ledger = HelpLedger.objects.filter(campaign=campaign, operation_started_on=None).first()
    if ledger and not ledger.comments.exists():
        LedgerComment.objects.create(ledger=ledger, text="请尽快完成一企一策方案并报区里备案。")
    if created:
        report(f"演示帮扶台账：{created} 家企业")


# (title, kind, layer, body index or None, district, industry code, month offset, attendees)
SESSIONS = [
    ("北辰区小微企业质量管理体系集中培训", "regional", "", None, "北辰区", "", -6, 0),
    ("电动自行车行业质量管理体系建设专题培训", "industry", "", 0, "北辰区", "electric-bicycle", -5, 1),
    ("企业负责人 ISO 9001 核心理念培训", "layered", "leaders", 0, "北辰区", "", -4, 2),
    ("武清区地毯行业质量提升培训", "industry", "", 1, "武清区", "carpet", -4, 3),
    ("质量手册编写一对一辅导", "personal", "", 1, "武清区", "carpet", -3, 4),
]  # fmt: skip
PEOPLE = ["马红", "杜强", "周敏", "吴芳", "郑凯", "冯丽", "钱进", "孙浩", "李娟", "赵磊"]


def add_demo_sessions(report):
    campaign = current()
    bodies = list(CertificationBody.objects.order_by("name"))
    if campaign is None or not bodies:
        return
    from library.demo import DEMO_BODIES

    named = {body.name: body for body in bodies}
    demo_bodies = [named.get(spec["name"]) or bodies[0] for spec in DEMO_BODIES]
    enterprises = [_enterprise(spec) for spec in ENTERPRISES]
    today = timezone.localdate()
    created = 0
    for title, kind, layer, body_index, district_name, industry, offset, seed in SESSIONS:
        if TrainingSession.objects.filter(campaign=campaign, title=title).exists():
            continue
        session = TrainingSession.objects.create(
            title=title,
            campaign=campaign,
            held_on=max(shift_months(today, offset), datetime.date(campaign.year, 1, 5)),
            place=f"{district_name}市场监管局培训室",
            kind=kind,
            audience_layer=layer,
            organiser_body=demo_bodies[body_index] if body_index is not None else None,
            organiser_district=District.objects.get(name=district_name),
            industry=_industry(industry) if industry else None,
        )
        local = [e for e in enterprises if e.district.name == district_name]
        for number in range(3 + seed % 3):
            enterprise = local[(seed + number) % len(local)]
            Attendance.objects.get_or_create(
                session=session,
                credit_code=enterprise.credit_code,
                person_name=PEOPLE[(seed + number) % len(PEOPLE)],
                defaults={"enterprise_name": enterprise.name, "position": "质量负责人"},
            )
        session.save_revision(log_action=True)
        created += 1
    if created:
        report(f"演示培训登记：{created} 场")
