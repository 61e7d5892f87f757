"""The city's 评估报告 of a campaign: its figures (``reports.figures.build``), the pilot
regions' 附件3 tables (``PilotStatistics``) and the selected cases (the decisions of the
campaign's rounds, with their 公示), compiled once into sections that two writers render:
a Chinese PDF with a table of contents (``library.pdf``) and a .docx for editing
(python-docx). The management command ``campaign_report`` and the admin's 年度评估报告
screen both call ``render_pdf`` / ``render_docx``.
"""

from dataclasses import dataclass, field
from io import BytesIO

from library.charts import format_number
from library.pdf import render_pdf as render_pdf_template
from library.progress import no_progress
from reports import figures

STAGE = "编制评估报告"


@dataclass
class Table:
    caption: str
    headers: list
    rows: list


@dataclass
class Section:
    title: str
    paragraphs: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    children: list = field(default_factory=list)
    anchor: str = ""


def _value(value, unit=""):
    if value is None or value == "":
        return "—"
    if isinstance(value, (int, float)) or hasattr(value, "quantize"):
        return f"{format_number(value)}{unit}"
    return str(value)


def title_of(campaign):
    return f"天津市{campaign.year}年小微企业质量管理体系认证提升行动评估报告"


def _overview(data):
    campaign = data.campaign
    districts = data.districts
    bodies = data.bodies
    counted = sum(row.counted for row in districts)
    published_courses = sum(row.published for row in bodies)
    section = Section("一、总体情况")
    section.paragraphs.append(
        f"{campaign.year}年度提升行动共有 {len(districts)} 个区报送案例 {counted} 个"
        f"（已发布 {sum(row.published for row in districts)} 个），"
        f"{len(bodies)} 家认证机构发布课程 {published_courses} 套；"
        f"{len(data.districts_outstanding)} 个区、{len(data.bodies_outstanding)} 家机构尚未达到要求。"
    )
    section.tables.append(
        Table(
            "各区案例报送情况",
            ["区", "至少报送", "审核中", "已发布", "情况"],
            [
                [row.district.name, row.minimum, row.submitted, row.published, row.status]
                for row in districts
            ],
        )
    )
    section.tables.append(
        Table(
            "各认证机构课程与培训情况",
            ["认证机构", "已发布课程", "至少课程", "培训学员", "考核合格", "培训企业", "满意率"],
            [
                [
                    row.body.name,
                    row.published,
                    row.minimum,
                    row.training.learner_count,
                    row.training.pass_count,
                    row.training.enterprise_count,
                    _value(row.training.satisfied_percent, "%"),
                ]
                for row in bodies
            ],
        )
    )
    return section


def _satisfaction(data):
    section = Section("二、企业满意度与提升成效")
    total = data.satisfaction_total
    section.paragraphs.append(
        f"第三方问卷共回收 {total.responses} 份，平均满意度 {_value(total.average)} 分，"
        f"满意及以上占 {_value(total.satisfied_share, '%')}。"
    )
    dimensions = [label for label, _, _ in total.effects]
    rows = [
        [row.name, row.responses, _value(row.average), _value(row.satisfied_share, "%")]
        + [_value(mean) for _, mean, _ in row.effects]
        for row in [*data.satisfaction_by_district, total]
    ]
    section.tables.append(
        Table(
            "各区满意度与成效维度（五分制）",
            ["区", "问卷数", "满意度", "满意占比", *dimensions],
            rows,
        )
    )
    return section


def _pilots(campaign):
    from reports.models import LABELS, PilotStatistics

    section = Section("三、区域试点工作统计（附件3）")
    statistics = list(PilotStatistics.objects.filter(campaign=campaign).select_related("region"))
    if not statistics:
        section.paragraphs.append("本年度尚无试点区域填报统计表。")
    for item in statistics:
        child = Section(f"{item.region.name}（{item.get_status_display()}）")
        child.tables.append(
            Table(
                f"{item.region.name}区域试点工作统计表",
                ["统计项", "数值"],
                [[label, _value(item.value(name))] for name, label in LABELS.items()],
            )
        )
        section.children.append(child)
    return section


def _cases(campaign):
    from reports.publicity import PublicityNotice
    from selection.models import Decision

    section = Section("四、优良案例评选结果")
    decisions = list(
        Decision.objects.filter(round__campaign=campaign)
        .filter(round__subject_kind="case")
        .select_related("entry__case__district", "round")
        .prefetch_related("entry__case__metrics")
        .order_by("-level", "entry__case__title")
    )
    notices = {n.round_id: n for n in PublicityNotice.objects.filter(round__campaign=campaign)}
    if not decisions:
        section.paragraphs.append("本年度尚未作出评选决定。")
        return section
    national = sum(1 for d in decisions if d.level == Decision.NATIONAL)
    section.paragraphs.append(
        f"经专家评审，共认定优良案例 {len(decisions)} 个，其中推荐至市场监管总局 {national} 个。"
    )

    def publicity(decision):
        notice = notices.get(decision.round_id)
        return notice.get_status_display() if notice else "未公示"

    section.tables.append(
        Table(
            "认定案例",
            ["案例", "所属区", "企业", "认定结果", "公示"],
            [
                [
                    d.case.title,
                    d.case.district.name if d.case.district_id else "",
                    d.case.enterprise_name,
                    d.get_level_display(),
                    publicity(d),
                ]
                for d in decisions
            ],
        )
    )
    for decision in decisions:
        metrics = list(decision.case.metrics.all())
        child = Section(decision.case.title)
        if decision.case.summary:
            child.paragraphs.append(decision.case.summary)
        if metrics:
            child.tables.append(
                Table(
                    "绩效指标（提升前后）",
                    ["指标", "提升前", "提升后", "变化"],
                    [
                        [m.name, m.before_display, m.after_display, m.change_display]
                        for m in metrics
                    ],
                )
            )
        section.children.append(child)
    return section


def build(campaign, progress=no_progress):
    """The report's sections, in order, with anchors for the table of contents."""
    from reports.evaluation_report import evaluation_section

    data = figures.build(campaign)
    steps = [
        lambda: _overview(data),
        lambda: _satisfaction(data),
        lambda: _pilots(campaign),
        lambda: _cases(campaign),
        lambda: evaluation_section(campaign),  # None without district or body rounds
    ]
    sections = []
    progress(STAGE, 0, len(steps))
    for done, step in enumerate(steps, start=1):
        section = step()
        if section is not None:
            sections.append(section)
        progress(STAGE, done, len(steps))
    for number, section in enumerate(sections, start=1):
        section.anchor = f"s{number}"
        for sub, child in enumerate(section.children, start=1):
            child.anchor = f"s{number}-{sub}"
    return sections


def render_pdf(campaign, sections=None, progress=no_progress) -> bytes:
    sections = sections if sections is not None else build(campaign, progress)
    return render_pdf_template(
        "reports/pdf/annual_report.html",
        {"title": title_of(campaign), "campaign": campaign, "sections": sections},
    )


def render_docx(campaign, sections=None, progress=no_progress) -> bytes:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    sections = sections if sections is not None else build(campaign, progress)
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Sans CJK SC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    document.add_heading(title_of(campaign), level=0)
    document.add_paragraph("天津市市场监督管理委员会")

    document.add_heading("目录", level=1)
    # A Word table-of-contents field (filled in when Word updates fields) ...
    paragraph = document.add_paragraph()
    for kind, text in (("begin", None), (None, 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    # ... showing the headings until then.
    for section in sections:
        paragraph.add_run(section.title).add_break()
        for child in section.children:
            paragraph.add_run(f"    {child.title}").add_break()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)

    def write(section, level):
        document.add_heading(section.title, level=level)
        for text in section.paragraphs:
            document.add_paragraph(text)
        for table in section.tables:
            document.add_paragraph(table.caption, style="Caption")
            grid = document.add_table(rows=1, cols=len(table.headers), style="Table Grid")
            for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
                cell.text = str(header)
            for row in table.rows:
                cells = grid.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = _value(value)
        for child in section.children:
            write(child, level + 1)

    for section in sections:
        write(section, 1)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def file_stem(campaign):
    return f"{campaign.year}-evaluation-report"
