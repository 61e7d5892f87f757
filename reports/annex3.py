"""The layout of the 2024 notice's 附件3 (提升行动区域试点工作统计表), in one place.

The table has two parts, as in the notice. Each column carries the notice's exact header and
the ``PilotStatistics`` fields under it: one field, a 提升前/提升后 pair, or a field per
sub-row (国家级/省级/市级/县级, 标准/制度/规则/方案 …). The form, the print view and the
xlsx are all drawn from these lists, so a header cannot be missing from one of them.
"""

from dataclasses import dataclass

BEFORE, AFTER = "提升前", "提升后"


@dataclass(frozen=True)
class Column:
    header: str
    # (sub-row label, field name); the label is "" for a single value.
    fields: tuple
    # "paired": 提升前/提升后 per field; "levels": one sub-row per field; "single".
    kind: str = "single"
    # The same field shown a second time (the notice asks for it in both parts).
    alias_of: str = ""

    @property
    def names(self):
        if self.kind == "paired":
            return [name for _, pair in self.fields for name in pair]
        return [name for _, name in self.fields]


def single(header, name):
    return Column(header, (("", name),))


def paired(header, *rows):
    """rows: (sub-row label, prefix): fields ``<prefix>_before`` and ``<prefix>_after``."""
    return Column(
        header,
        tuple((label, (f"{prefix}_before", f"{prefix}_after")) for label, prefix in rows),
        "paired",
    )


def levels(header, *rows):
    return Column(header, tuple(rows), "levels")


PART_ONE = [
    single("试点产业名称", "industry_name"),
    single("区域小微企业总数（家）", "sme_total"),
    single("参与提升行动区域试点的小微企业数量（家）", "participating"),
    single("参与提升行动区域试点培训的小微企业数量（家）", "trained"),
    single("参与提升行动区域试点精准帮扶的小微企业数量（家）", "helped"),
    single("“一把手”亲自部署提升行动的微企业数量（家）", "leader_deployed"),
    single("参与提升行动建立质量管理体系的小微企业数量（家）", "qms_established"),
    single("建立数字化质量管理系统的小微企业数量（家）", "digital_qms"),
    single("梳理发现质量管理共性“痛点”数量（个）", "pain_points_found"),
    single("解决区域产业共性质量管理“痛点”问题（个）", "pain_points_solved"),
    single("通过提升行动区域试点培育企业质量管理人才数量（人）", "talents"),
    paired(
        "产品质量水平提升率（%）",
        ("产品合格率", "pass_rate"),
        ("一次合格率", "first_pass_yield"),
        ("残次品率", "defect_rate"),
    ),
    paired("客户满意度（%）", ("", "customer_satisfaction")),
    paired("投诉率（%）", ("", "complaint_rate")),
    paired("区域产业产值变化（万元/亿元）", ("", "output_value")),
    paired("区域产业市场占有率（%）", ("", "market_share")),
    paired("区域产业占GDP比重（%）", ("", "gdp_share")),
    paired("区域产业出口产值变化", ("", "export_value")),
]

PART_TWO = [
    single("参与“提升行动”区域试点获高新技术认定企业数量（家）", "high_tech"),
    single("开展质量管理贯标达标小微企业数量（家）", "standard_compliant"),
    levels(
        "试点产业获质量奖数量（个）",
        ("国家级", "award_national"),
        ("省级", "award_provincial"),
        ("市级", "award_municipal"),
        ("县级", "award_county"),
    ),
    levels(
        "试点产业获示范区数量（个）",
        ("国家级", "zone_national"),
        ("省级及以下", "zone_provincial"),
    ),
    levels(
        "试点产业培育“专精特新小巨人”企业数量（家）",
        ("国家级", "giant_national"),
        ("省级及以下", "giant_provincial"),
    ),
    single("梳理发现产业链供应链“痛点”问题（个）", "chain_pain_points"),
    Column(
        "通过“提升行动”区域试点解决区域产业共性质量管理“痛点”问题（个）",
        (("", "pain_points_solved"),),
        alias_of="解决区域产业共性质量管理“痛点”问题（个）",
    ),
    single("“提升行动”区域试点中链主企业数量（家）", "chain_leaders"),
    levels(
        "帮扶技术创新数量（项/个）",
        ("标准", "innovation_standards"),
        ("制度", "innovation_systems"),
        ("规则", "innovation_rules"),
        ("方案", "innovation_schemes"),
    ),
    levels(
        "帮扶成熟度表征数量（项/个）",
        ("形成帮扶工作指南", "maturity_guides"),
        ("典型案例", "maturity_cases"),
        ("工作法", "maturity_methods"),
    ),
    single("配套资金金额（万元）", "matching_funds"),
    levels(
        "相关方参与数量（个/人）",
        ("认证机构", "stakeholder_bodies"),
        ("产业/工业园区", "stakeholder_parks"),
        ("学协会", "stakeholder_associations"),
        ("联盟", "stakeholder_alliances"),
        ("专家", "stakeholder_experts"),
    ),
    single("扶持激励政策（项）", "support_policies"),
]

COLUMNS = PART_ONE + PART_TWO


def field_names():
    """Every field of the table once, in the notice's order."""
    seen = []
    for column in COLUMNS:
        for name in column.names:
            if name not in seen:
                seen.append(name)
    return seen


def sub_rows(part):
    """How many rows a region's block takes in a part (the tallest column)."""
    return max(
        2 * len(column.fields) if column.kind == "paired" else len(column.fields) for column in part
    )


@dataclass
class Cell:
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    text: str = ""  # a sub-row's name or a header
    prefix: str = ""  # "提升前：", "国家级：" … written before the value
    field: str = ""  # the field whose value the cell shows
    value: object = None


def width(column):
    return 2 if column.kind == "paired" and any(label for label, _ in column.fields) else 1


def layout(part, value_of=lambda name: None):
    """The notice's layout of ``part`` for one region: (header cells, body cells, body height,
    total width), positions 0-based. ``value_of(field name)`` gives the values to show."""
    height = sub_rows(part)
    header, body, col = [], [], 0
    for column in part:
        span = width(column)
        header.append(Cell(0, col, colspan=span, text=column.header))

        def value_cell(row, name, prefix="", col=col + span - 1, rowspan=1):
            body.append(Cell(row, col, rowspan, prefix=prefix, field=name, value=value_of(name)))

        used = 0
        if column.kind == "single":
            value_cell(0, column.fields[0][1], rowspan=height)
            used = height
        elif column.kind == "levels":
            for row, (label, name) in enumerate(column.fields):
                value_cell(row, name, f"{label}：")
            used = len(column.fields)
        else:
            for index, (label, (before, after)) in enumerate(column.fields):
                if span == 2:
                    body.append(Cell(2 * index, col, 2, text=label))
                value_cell(2 * index, before, f"{BEFORE}：")
                value_cell(2 * index + 1, after, f"{AFTER}：")
            used = 2 * len(column.fields)
        if used < height:
            body.append(Cell(used, col, height - used, colspan=span))
        col += span
    return header, body, height, col
