"""Demo cases, one questionnaire and its answers, for a newcomer's first look.

Every enterprise, person and figure here is made up. Running it again adds nothing twice:
cases are found by slug in their district, answers by credit code.
"""

from collections import defaultdict
from io import BytesIO

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from cases.models import (
    CaseIndexPage,
    CaseMetric,
    CasePage,
    SatisfactionSurveyPage,
    SurveyFormField,
    SurveyResponse,
)
from library.credit_code import make_credit_code
from library.demo_campaigns import backdate, demo_campaigns, submission_moments
from library.models import Campaign, CertificationBody, District, Expert, Industry, PilotRegion

BODIES = [
    "天津华正认证有限公司",
    "津沽质量认证中心有限公司",
    "北方标准认证（天津）有限公司",
    "海河检验认证有限公司",
]
EXPERTS = [
    ("王建华", 0, "焊接与机械加工"),
    ("李秀英", 0, "质量管理体系"),
    ("赵国强", 1, "纺织品与地毯"),
    ("孙丽", 2, "汽车零部件"),
    ("周涛", 3, "装备制造"),
]

# The campaign of a demo case: last year's (closed, decided by the demo selection round),
# this year's (under way), or a reference year as it was.
PREVIOUS, CURRENT = "previous", "current"

# (slug, district, year, pilot, industry, body index, experts, enterprise, size, title, summary,
#  metrics [(kind, label, unit, before, after, period: {year}/{prev} are the campaign's year
#  and the one before)], the selection round's decision for last year's cases)
CASES = [
    (
        "jinbei-frames",
        "北辰区",
        PREVIOUS,
        "电动自行车试点",
        "电动自行车",
        0,
        ["王建华", "李秀英"],
        "天津市津北精工车架有限公司",
        "small",
        "首件检验管住焊接质量：电动自行车车架企业一次合格率提升近 9 个百分点",
        "企业焊接参数凭经验设定、首件不检验，返工多。帮扶专家从焊接风险入手建立首件检验和巡检制度，"
        "半年内一次合格率由 86.4% 提升到 95.1%，客户投诉率由 2.5% 降到 0.8%。",
        [
            ("pass_rate", "", "", 93.2, 98.6, "{prev}年1-6月 对比 {year}年1-6月"),
            ("first_pass_yield", "", "", 86.4, 95.1, "{prev}年1-6月 对比 {year}年1-6月"),
            ("defect_rate", "", "", 3.8, 1.2, "{prev}年1-6月 对比 {year}年1-6月"),
            ("customer_satisfaction", "", "", 82, 93, "年度顾客满意度调查"),
            ("complaint_rate", "", "", 2.5, 0.8, "{prev}年 对比 {year}年"),
            ("output_value", "", "", 1860, 2240, "{prev}年 对比 {year}年"),
        ],
        "national",
    ),
    (
        "jinghai-battery-box",
        "静海区",
        PREVIOUS,
        "电动自行车试点",
        "电动自行车",
        1,
        ["李秀英"],
        "天津静海恒安电池箱制造有限公司",
        "micro",
        "从“凭经验”到“看数据”：电池箱小厂用检验记录找出漏水原因",
        "企业电池箱防水不良多，原因说不清。专家指导建立不合格品记录和原因分析，三个月内残次品率由 5.6% 降至 2.1%。",
        [
            ("first_pass_yield", "", "", 88.0, 94.5, "{year}年3月 对比 {year}年9月"),
            ("defect_rate", "", "", 5.6, 2.1, "{year}年3月 对比 {year}年9月"),
            ("customer_satisfaction", "", "", 80, 90, "客户回访"),
            ("output_value", "", "", 620, 710, "{prev}年 对比 {year}年"),
        ],
        "city",
    ),
    (
        "wuqing-carpet",
        "武清区",
        CURRENT,
        "地毯试点",
        "地毯",
        1,
        ["赵国强"],
        "天津武清华毯手工艺品有限公司",
        "small",
        "进货检验把住色差关：手工地毯企业客户投诉减少三分之二",
        "色差投诉多源于纱线批次混用。专家帮助企业建立进货检验和批次标识，客户投诉率由 3.0% 降至 1.0%。",
        [
            ("pass_rate", "", "", 95.0, 98.0, "{prev}年 对比 {year}年"),
            ("customer_satisfaction", "", "", 78, 91, "{prev}年 对比 {year}年"),
            ("complaint_rate", "", "", 3.0, 1.0, "{prev}年 对比 {year}年"),
            ("export_value", "", "", 900, 1150, "{prev}年 对比 {year}年"),
        ],
        None,
    ),
    (
        "binhai-gearbox",
        "滨海新区",
        PREVIOUS,
        "高端装备制造试点",
        "高端装备制造",
        3,
        ["周涛"],
        "天津滨海精密传动科技有限公司",
        "small",
        "关键尺寸 SPC 控制：精密减速器零件一次合格率稳定在 97% 以上",
        "企业关键尺寸波动大。专家导入统计过程控制和量具校准管理，一次合格率由 91.0% 提升到 97.3%。",
        [
            ("pass_rate", "", "", 96.0, 99.1, "{year}年1-3月 对比 {year}年7-9月"),
            ("first_pass_yield", "", "", 91.0, 97.3, "{year}年1-3月 对比 {year}年7-9月"),
            ("output_value", "", "", 3400, 3980, "{prev}年 对比 {year}年"),
            ("other", "量具校准率", "%", 60, 100, "{year}年"),
        ],
        "city",
    ),
    (
        "ninghe-auto-parts",
        "宁河区",
        CURRENT,
        "汽车及零部件试点",
        "汽车及零部件",
        2,
        ["孙丽"],
        "天津宁河鑫达汽车配件有限公司",
        "micro",
        "供应商分级管理：汽车线束配件厂把来料不良挡在门外",
        "来料不良导致停线。专家帮助企业建立供应商分级和来料抽检规则，产品合格率由 94.0% 提升到 98.2%。",
        [
            ("pass_rate", "", "", 94.0, 98.2, "{prev}年 对比 {year}年"),
            ("complaint_rate", "", "", 1.8, 0.6, "{prev}年 对比 {year}年"),
            ("other", "来料不良停线次数", "次/季度", 7, 1, "{year}年一季度 对比 三季度"),
        ],
        None,
    ),
    (
        "xiqing-hardware",
        "西青区",
        2023,
        "",
        "五金制品",
        0,
        ["李秀英"],
        "天津西青利达五金制品有限公司",
        "small",
        "有风险才有制度：五金冲压小厂用一张风险清单带出一套体系",
        "企业从冲压伤手和尺寸超差两项风险入手建立制度，体系运行半年后产品合格率由 92.5% 提升到 97.0%。",
        [
            ("pass_rate", "", "", 92.5, 97.0, "{year}年1-5月 对比 {year}年6-10月"),
            ("customer_satisfaction", "", "", 85, 92, "客户回访"),
        ],
        None,
    ),
]

SECTION_TEXT = {
    "background": "企业成立于 2015 年，员工 {staff} 人，主要为本市龙头企业配套。近两年订单增加，但质量问题随之增多，企业负责人主动报名参加提升行动。",
    "diagnosis": "帮扶专家按照《中小企业质量管理成熟度评价规范》开展“体检”，现场查看关键工序，梳理出三项主要问题：关键参数凭经验设定、不合格品没有记录、检验只在出厂前进行。",
    "measures": "专家坚持“有风险才有制度”，先和企业一起列出风险清单，再据此编写作业指导书和检验规程；开展“一对一”培训 6 次，覆盖班组长和检验员。",
    "system": "企业建立质量手册和 8 份程序文件，体系运行 4 个月，完成一次内部审核和一次管理评审，不合格项全部关闭。",
    "results": "帮扶前后主要指标见上方成效数据表。企业负责人说：“以前是出了问题再找原因，现在每天看数据就知道哪里要注意。”",
    "experience": "从一两个最痛的风险点做起，制度少而管用，小微企业投入少、见效快，已在区内同行业企业推广。",
}


def demo_image(colour, seed):
    image = PILImage.new("RGB", (800, 450), colour)
    draw = ImageDraw.Draw(image)
    for index in range(6):
        left = 60 + index * 115
        height = 80 + (seed * 37 + index * 53) % 260
        draw.rectangle((left, 400 - height, left + 70, 400), fill=(255, 255, 255))
    draw.line((40, 400, 760, 400), fill=(255, 255, 255), width=4)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return ImageFile(buffer, name=f"demo-case-{seed}.png")


def ensure_experts():
    bodies = {name: CertificationBody.objects.filter(name=name).first() for name in BODIES}
    experts = {}
    for name, body_index, specialty in EXPERTS:
        body = bodies[BODIES[body_index]]
        experts[name] = Expert.objects.get_or_create(
            name=name, certification_body=body, defaults={"specialty": specialty}
        )[0]
    return experts


def campaign_of(year):
    previous, current = demo_campaigns()
    return {PREVIOUS: previous, CURRENT: current}.get(year) or Campaign.objects.get(year=year)


def build_case(spec, number, experts, editor):
    (slug, district_name, year, pilot, industry, body_index, expert_names, enterprise, size,
     title, summary, metrics, _decision) = spec  # fmt: skip
    district = District.objects.get(name=district_name)
    section = district.cases_section
    if CasePage.objects.child_of(section).filter(slug=slug).exists():
        return None
    campaign = campaign_of(year)
    Image = get_image_model()
    image = Image.objects.create(
        title=f"{enterprise} 现场照片",
        file=demo_image(((11, 74, 139), (27, 122, 67), (184, 39, 44))[number % 3], number),
        collection=district.collection,
    )
    body = []
    for kind, text in SECTION_TEXT.items():
        content = [("paragraph", RichText(f"<p>{text.format(staff=30 + number * 7)}</p>"))]
        if kind == "system":
            content.append(("image", {"image": image, "caption": "图 现场看板与检验记录"}))
        body.append(("section", {"kind": kind, "content": content}))
    page = CasePage(
        title=title,
        slug=slug,
        enterprise_name=enterprise,
        credit_code=make_credit_code(f"9112{district.code[2:]}MA0{number:02d}DEMX"),
        enterprise_size=size,
        industry=Industry.objects.get(name=industry),
        pilot_region=PilotRegion.objects.filter(name=pilot).first() if pilot else None,
        campaign=campaign,
        helping_body=CertificationBody.objects.filter(name=BODIES[body_index]).first(),
        summary=summary,
        body=body,
        eligible_normal_operation=True,
        eligible_not_abnormal_list=True,
        eligible_not_dishonest_list=True,
        eligible_no_quality_penalty=True,
        eligibility_declared_at=timezone.now(),
    )
    page.metrics = [
        CaseMetric(kind=kind, label=label, unit=unit, before=before, after=after,
                   period=period.format(year=campaign.year, prev=campaign.year - 1),
                   higher_is_better=kind != "other" or "次数" not in label)
        for kind, label, unit, before, after, period in metrics
    ]  # fmt: skip
    page.helping_experts = [experts[name] for name in expert_names if name in experts]
    section.add_child(instance=page)
    page.save_revision(user=editor).publish()
    return page


def spread_over_campaigns(cases):
    """New demo cases submitted on days spread over their campaign's window, not all today."""
    by_campaign = defaultdict(list)
    for page in cases:
        by_campaign[page.campaign].append(page)
    for campaign, pages in by_campaign.items():
        for page, moment in zip(pages, submission_moments(campaign, len(pages)), strict=True):
            backdate(page, moment)
            CasePage.objects.filter(pk=page.pk).update(eligibility_declared_at=moment)


SURVEY_QUESTIONS = [
    ("帮扶专家的专业水平", "radio", "非常满意\n满意\n一般\n不满意"),
    ("培训内容是否通俗易懂", "radio", "非常易懂\n基本易懂\n较难理解"),
    ("您对下一步帮扶的意见建议", "multiline", ""),
]
# (district, body index, satisfaction) for the demo answers.
ANSWERS = [
    ("北辰区", 0, 5), ("北辰区", 0, 4), ("北辰区", 1, 5), ("武清区", 1, 4), ("武清区", 1, 3),
    ("静海区", 1, 5), ("宁河区", 2, 4), ("宁河区", 2, 5), ("滨海新区", 3, 5), ("滨海新区", 3, 4),
    ("西青区", 0, 2), ("东丽区", 2, 4),
]  # fmt: skip


def ensure_survey(area, campaign):
    survey = SatisfactionSurveyPage.objects.filter(campaign=campaign).first()
    if survey is None:
        survey = SatisfactionSurveyPage(
            title=f"{campaign.year}年帮扶企业满意度调查问卷",
            slug=f"survey-{campaign.year}",
            campaign=campaign,
            introduction="<p>请参加提升行动的小微企业如实填写，每家企业填写一次，约需 3 分钟。</p>",
            thank_you_text="<p>问卷已提交，感谢您对提升行动的支持！</p>",
        )
        survey.form_fields = [
            SurveyFormField(label=label, field_type=field_type, choices=choices, required=field_type != "multiline")
            for label, field_type, choices in SURVEY_QUESTIONS
        ]  # fmt: skip
        area.add_child(instance=survey)
        survey.save_revision().publish()
    bodies = [CertificationBody.objects.filter(name=name).first() for name in BODIES]
    for number, (district_name, body_index, score) in enumerate(ANSWERS):
        district = District.objects.get(name=district_name)
        code = make_credit_code(f"9212{district.code[2:]}MA1{number:02d}QURY")
        if (
            bodies[body_index] is None
            or SurveyResponse.objects.filter(campaign=campaign, credit_code=code).exists()
        ):
            continue
        SurveyResponse.objects.create(
            page=survey,
            campaign=campaign,
            enterprise_name=f"{district.short_name}演示企业{number + 1:02d}",
            credit_code=code,
            district=district,
            helping_body=bodies[body_index],
            satisfaction=score,
            form_data={
                "enterprise_name": f"{district.short_name}演示企业{number + 1:02d}",
                "credit_code": code,
                "district": district.name,
                "helping_body": bodies[body_index].name,
                "satisfaction": score,
            },
        )
    return survey


def add_demo_cases(report):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.filter(username="editor").first()
    experts = ensure_experts()
    created = [
        page
        for number, spec in enumerate(CASES, start=1)
        if (page := build_case(spec, number, experts, editor)) is not None
    ]
    spread_over_campaigns(created)
    area = CaseIndexPage.objects.first()
    if area:
        for campaign in demo_campaigns():
            ensure_survey(area, campaign)
    report(f"案例演示内容：新建 {len(created)} 个案例，满意度问卷已就绪")
