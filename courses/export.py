"""The requirement report as an xlsx workbook (one sheet per cut: body, course, district)."""

from library.xlsx import Spreadsheet


def _stars(figures):
    return figures.average_stars if figures.average_stars is not None else ""


def _satisfied(figures):
    return f"{figures.satisfied_percent}%" if figures.satisfied_percent is not None else ""


def report_workbook(report) -> bytes:
    book = Spreadsheet()
    book.sheet(
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
    )
    book.sheet(
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
    book.sheet(
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
    return book.to_bytes()
