"""The 2024 notice's 附件1 (提升行动工作成效评估内容及指标一览表), in one place.

Three 考核内容 (组织发动, 宣传培训, 企业帮扶), each with its 考核项目, their 主要参考指标 in
the notice's words, and the 考核方式; plus 帮扶企业满意度. A district's 评估总结
(``reports.district_summary``) has one written account per indicator; the figures the records
can supply (``reports.figures.district_figures``) are named per indicator in ``FIGURES`` and
shown beside it. ``tests/reports/test_district_summary.py`` checks these lists against the
seed's text.
"""

from dataclasses import dataclass

EXPERT_METHOD = (
    "专家综合定性打分法：依据各省局自评报告、实地调研和汇报情况，由专家综合组织发动、宣传培训和"
    "精准帮扶举措，确定最终得分情况。关注表现突出和进步提升较大的工作成效。"
)
SURVEY_METHOD = (
    "第三方问卷测评：对各省所有帮扶企业进行问卷调查，综合问卷调研中小微企业对提升成效、满意度、"
    "意见建议，确定最终得分。重点关注表现突出和提升成效进步较大的省局。"
)


@dataclass(frozen=True)
class Indicator:
    key: str  # "<item key>-<number>", stored on the account
    number: int
    text: str
    # Keys of ``reports.figures.district_figures`` shown beside the indicator.
    figures: tuple = ()


@dataclass(frozen=True)
class Item:
    """A 考核项目 with its indicators."""

    key: str
    area: str  # 考核内容
    title: str  # 考核项目
    method: str  # 考核方式
    indicators: tuple


def _item(key, area, title, method, texts, figures=None):
    figures = figures or {}
    return Item(
        key,
        area,
        title,
        method,
        tuple(
            Indicator(f"{key}-{number}", number, text, tuple(figures.get(number, ())))
            for number, text in enumerate(texts, start=1)
        ),
    )


ITEMS = (
    _item(
        "organise",
        "组织发动",
        "组织发动举措",
        EXPERT_METHOD,
        (
            "发文统一部署安排提升行动",
            "将提升行动纳入到各级政府工作考核体系当中，将提升行动纳入到政府工作考核体系",
            "将提升行动列入到“十四五”规划等长期发展计划当中",
            "为提升行动有配套的支持政策，例如资金支持、金融信贷等政策",
            "协同其他政府部门，联合组织持续开展面向小微企业的提升行动",
            "以提升行动助推服务国家、区域及地方重要战略实施",
            "以提升行动推动认证采信举措",
        ),
        {7: ("certified",)},
    ),
    _item(
        "publicity",
        "宣传培训",
        "宣传举措及影响力",
        EXPERT_METHOD,
        (
            "宣传面是否足够广泛",
            "宣传方式是否丰富多样、新颖感人",
            "宣传力度是否持续强大",
            "宣传造成了较好的社会影响",
            "在知名度高、影响力大的媒体上宣传提升行动的成效",
            "结合重大节日开展专题宣传；搭建了针对提升行动的专题宣传平台",
        ),
    ),
    _item(
        "training",
        "宣传培训",
        "培训数量和质量",
        EXPERT_METHOD,
        (
            "专门的培训平台或者综合培训平台中开辟“提升行动”专栏",
            "培训数量情况，包括培训企业数量和培训人员数量",
            "是否为提升行动的培训工作配备足够数量的专家团队",
            "培训方式是否丰富多样",
            "是否针对提升行动研发专门的培训教材",
            "培训对象的满意度情况",
        ),
        {
            2: ("regional_sessions", "industry_sessions", "trained_enterprises", "trained_people"),
            4: ("online_learners",),
        },
    ),
    _item(
        "help",
        "企业帮扶",
        "精准帮扶企业举措",
        EXPERT_METHOD,
        (
            "实施精准帮扶前系统开展了充分的需求调研",
            "对企业的行业共性特点、地域发展特点和个性需求有准确的把握",
            "准确导入和实施ISO9001质量管理体系标准的要求",
            "对企业实施持续帮扶并针对质量提升制定持续性改进方案",
            "为提升行动配备了足够数量的高水平专家",
            "精准帮扶具有典型性、引领性和辐射性",
            "精准帮扶经验是否可复制、可推广",
            "精准帮扶举措是否建立了健全的监测评价机制，及时跟踪实施效果",
            "精准帮扶对加快产业结构优化升级和产业链供应链协同提升的效果",
            "精准帮扶举措是否能长期产生积极的效果",
        ),
        {
            1: ("helped", "diagnosed"),
            3: ("qms_established", "certified"),
            4: ("with_plan",),
            5: ("helping_bodies", "helper_experts"),
            6: ("cases_counted", "cases_published"),
        },
    ),
    _item(
        "effect",
        "企业帮扶",
        "帮扶企业提升成效",
        SURVEY_METHOD,
        (
            "精准帮扶对企业运营绩效的提升",
            "精准帮扶对企业产品服务质量的提升",
            "精准帮扶对质量管理水平的提升",
            "精准帮扶对企业信用、品牌的提升",
            "精准帮扶对企业数字化信息化水平的提升",
            "持续性精准帮扶提升效果",
        ),
        # The questionnaire's 成效 dimensions (cases.models.survey.EFFECT_DIMENSIONS), in order.
        {
            1: ("effect_operations",),
            2: ("effect_quality",),
            3: ("effect_management", "maturity_raised"),
            4: ("effect_credit_brand",),
            5: ("effect_digital",),
            6: ("effect_sustainability",),
        },
    ),
    _item(
        "satisfaction",
        "帮扶企业满意度",
        "帮扶企业满意度",
        SURVEY_METHOD,
        ("被帮扶小微企业对提升行动的满意度测评",),
        {1: ("survey_responses", "satisfaction_average", "satisfied_share")},
    ),
)

INDICATORS = {indicator.key: indicator for item in ITEMS for indicator in item.indicators}
INDICATOR_CHOICES = [
    (indicator.key, f"{item.title} {indicator.number}. {indicator.text}")
    for item in ITEMS
    for indicator in item.indicators
]


def areas():
    """[(考核内容, [Item])] in the notice's order."""
    result = []
    for item in ITEMS:
        if result and result[-1][0] == item.area:
            result[-1][1].append(item)
        else:
            result.append((item.area, [item]))
    return result
