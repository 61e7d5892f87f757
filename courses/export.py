"""The requirement report as an xlsx workbook (one sheet per cut: body, course, district)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FILL = PatternFill("solid", fgColor="DCE8F7")


def _sheet(workbook, title, header, rows, first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(row)
    for index, label in enumerate(header, start=1):
        width = max([len(str(label)) * 2, *(len(str(r[index - 1] or "")) * 2 for r in rows), 8])
        sheet.column_dimensions[get_column_letter(index)].width = min(width, 60)
    sheet.freeze_panes = "A2"
    return sheet


def _stars(figures):
    return figures.average_stars if figures.average_stars is not None else ""


def _satisfied(figures):
    return f"{figures.satisfied_percent}%" if figures.satisfied_percent is not None else ""


def report_workbook(report) -> bytes:
    workbook = Workbook()
    _sheet(
        workbook,
        "机构课程报送",
        [
            "认证机构",
            "已发布课程数",
            "未发布课程数",
            "至少应报送",
            "是否达标",
            "培训企业数",
            "培训人数",
            "考评合格人数",
            "评价人数",
            "平均满意度（5分制）",
            "满意率",
        ],
        [
            [
                row.body.name,
                row.published,
                row.drafts,
                row.required,
                "达标" if row.met else "未达标",
                row.figures.enterprise_count,
                row.figures.learner_count,
                row.figures.pass_count,
                row.figures.rating_count,
                _stars(row.figures),
                _satisfied(row.figures),
            ]
            for row in report.bodies
        ],
        first=True,
    )
    _sheet(
        workbook,
        "课程培训情况",
        [
            "课程",
            "认证机构",
            "课时数",
            "培训企业数",
            "培训人数",
            "考评合格人数",
            "评价人数",
            "平均满意度",
            "满意率",
        ],
        [
            [
                row.course.title,
                row.body.name if row.body else "",
                row.lessons,
                row.figures.enterprise_count,
                row.figures.learner_count,
                row.figures.pass_count,
                row.figures.rating_count,
                _stars(row.figures),
                _satisfied(row.figures),
            ]
            for row in report.courses
        ],
    )
    _sheet(
        workbook,
        "各区培训情况",
        ["区", "培训企业数", "培训人数", "考评合格人数"],
        [
            [
                row.district.name,
                row.figures.enterprise_count,
                row.figures.learner_count,
                row.figures.pass_count,
            ]
            for row in report.districts
        ],
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
