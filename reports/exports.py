"""The campaign's figures as .xlsx workbooks for the city's reports (``library.xlsx``).

Numbers are written as numbers (not text) so the receiving office can sum and chart them.
"""

from django.utils import timezone

from library.xlsx import Spreadsheet


def _number(value):
    return float(value) if value is not None else None


def _stars(training):
    return _number(training.average_stars)


def _satisfied(training):
    """满意率 as a number of percent (under a "（%）" header), empty when nobody rated."""
    return _number(training.satisfied_percent)


def dashboard_workbook(figures) -> bytes:
    """案例报送看板: districts' cases, bodies' courses, pilot statistics, satisfaction."""
    campaign = figures.campaign
    book = Spreadsheet()
    about_rows = (
        ("年度行动", campaign.title),
        ("报送截止日期", campaign.submission_deadline),
        ("距截止日期（天）", figures.days_left),
        (
            "每区推荐案例",
            f"至少 {campaign.case_min_per_district} 个"
            + (
                f"，不超过 {campaign.case_max_per_district} 个"
                if campaign.case_max_per_district
                else ""
            ),
        ),
        ("每家认证机构课程", f"至少 {campaign.course_min_per_body} 套"),
        ("导出时间", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ("口径", "区域试点统计取已发布案例的指标：比率为各企业数值的算术平均，产值为合计"),
    )
    book.sheet("说明", None, about_rows, widths={1: 20, 2: 70})

    book.sheet(
        "区案例报送",
        ["区", "至少", "至多", "审核中", "已发布", "合计", "尚缺", "状态"],
        [
            [
                row.district.name,
                row.minimum,
                row.maximum,
                row.submitted,
                row.published,
                row.counted,
                row.outstanding,
                row.status,
            ]
            for row in figures.districts
        ],
    )
    book.sheet(
        "认证机构课程",
        ["认证机构", "至少", "已发布课程", "尚缺", "状态"],
        [
            [row.body.name, row.minimum, row.published, row.outstanding, row.status]
            for row in figures.bodies
        ],
        widths={1: 34},
    )

    if figures.trained is not None:
        book.sheet(
            "培训（按区）",
            ["区", "区域集中培训（次）", "行业培训（次）", "培训企业数", "培训人数", "状态"],
            [
                [
                    row.district.name,
                    row.regional,
                    row.industry,
                    row.trained.enterprise_count,
                    row.trained.person_count,
                    row.status,
                ]
                for row in figures.trained.districts
            ]
            + [
                [
                    "合计（不重复）",
                    "",
                    "",
                    figures.trained.total.enterprise_count,
                    figures.trained.total.person_count,
                    "",
                ]
            ],
        )
        book.sheet(
            "培训（按认证机构）",
            ["认证机构", "组织培训（次）", "培训企业数", "培训人数"],
            [
                [
                    row.body.name,
                    row.sessions,
                    row.trained.enterprise_count,
                    row.trained.person_count,
                ]
                for row in figures.trained.bodies
            ],
            widths={1: 34},
        )
    book.sheet(
        "帮扶公正性",
        ["事项", "说明"],
        [["帮扶专家不得进审核组", flag.message] for flag in figures.breaches]
        + [["帮扶专家提示", warning.message] for warning in figures.expert_warnings],
        widths={1: 24, 2: 90},
    )

    header = ["试点名称", "试点产业", "试点区", "参与企业数（家）"]
    if figures.pilots:
        for stat in figures.pilots[0].rates:
            header += [f"{stat.name}提升前（%）", f"{stat.name}提升后（%）", f"{stat.name}样本数"]
        for stat in figures.pilots[0].totals:
            header += [
                f"{stat.name}提升前合计（{stat.unit}）",
                f"{stat.name}提升后合计（{stat.unit}）",
            ]
    rows = []
    for pilot in figures.pilots:
        row = [
            pilot.region.name,
            pilot.region.industry.name,
            pilot.region.district_names(),
            pilot.enterprises,
        ]
        for stat in pilot.rates:
            row += [_number(stat.before), _number(stat.after), stat.samples]
        for stat in pilot.totals:
            row += [_number(stat.before), _number(stat.after)]
        rows.append(row)
    book.sheet("区域试点统计", header, rows, widths={1: 18, 3: 20})

    for title, data in (
        ("满意度（按区）", figures.satisfaction_by_district),
        ("满意度（按帮扶机构）", figures.satisfaction_by_body),
    ):
        dimensions = [label for label, _, _ in figures.satisfaction_total.effects]
        book.sheet(
            title,
            ["名称", "答卷数", "平均分（5分制）", "满意率（%）"]
            + [f"{label}（5分制）" for label in dimensions],
            [
                [row.name, row.responses, _number(row.average), _number(row.satisfied_share)]
                + [_number(mean) for _, mean, _ in row.effects]
                for row in [*data, figures.satisfaction_total]
            ],
            widths={1: 34},
        )

    return book.to_bytes()


TRAINED = ["培训企业数", "培训人数", "考评合格人数"]


def _trained(training):
    return [training.enterprise_count, training.learner_count, training.pass_count]


def _rated(training):
    return [training.rating_count, _stars(training), _satisfied(training)]


def course_report_workbook(figures) -> bytes:
    """课程报送情况: one sheet per cut (body, course, district)."""
    book = Spreadsheet()
    book.sheet(
        "机构课程报送",
        [
            *["认证机构", "已发布课程数", "未发布课程数", "至少应报送", "是否达标"],
            *TRAINED,
            *["评价人数", "平均满意度（5分制）", "满意率（%）"],
        ],
        [
            [
                row.body.name,
                row.published,
                row.drafts,
                row.minimum,
                "达标" if row.met else "未达标",
                *_trained(row.training),
                *_rated(row.training),
            ]
            for row in figures.bodies
        ],
    )
    book.sheet(
        "课程培训情况",
        ["课程", "认证机构", "课时数", *TRAINED, "评价人数", "平均满意度", "满意率（%）"],
        [
            [
                row.course.title,
                row.body.name if row.body else "",
                row.lessons,
                *_trained(row.training),
                *_rated(row.training),
            ]
            for row in figures.courses
        ],
    )
    book.sheet(
        "各区培训情况",
        ["区", *TRAINED],
        [[row.district.name, *_trained(row.training)] for row in figures.districts],
    )
    return book.to_bytes()


ANNEX3_TITLE = "提升行动区域试点工作统计表"


def _annex3_number_format(prefix, value):
    places = "0" if isinstance(value, int) else "0.00"
    return f'"{prefix}"{places}' if prefix else places


def pilot_statistics_workbook(statistics_list) -> bytes:
    """附件3 as the notice lays it out: one sheet per pilot region, the table's two parts one
    under the other, with the 提升前/提升后 and 国家级/省级/市级/县级 sub-rows. Values are
    numbers; the sub-row's name is the cell's number format (``"提升前："0.00``), so the
    cell reads like the notice and still sums."""
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    from reports.annex3 import PART_ONE, PART_TWO, layout

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    book = Spreadsheet()
    for statistics in statistics_list:
        sheet = book.sheet(f"{statistics.region.name}"[:31], None, [], widths={}, freeze=None)
        sheet.cell(1, 1, f"{ANNEX3_TITLE}（{statistics.campaign.year}年度）").font = Font(
            bold=True, size=14
        )
        sheet.cell(
            2, 1, f"试点区域：{statistics.region.name}　状态：{statistics.get_status_display()}"
        )
        top = 3
        for part in (PART_ONE, PART_TWO):
            header, body, height, total = layout(part, statistics.value)
            for cell in header:
                target = sheet.cell(top, cell.col + 1, cell.text)
                target.font = Font(bold=True)
            for cell in body:
                row, col = top + 1 + cell.row, cell.col + 1
                if cell.field:
                    value = cell.value
                    if value is None:
                        target = sheet.cell(row, col, cell.prefix or None)
                    else:
                        value = value if isinstance(value, int | str) else float(value)
                        target = sheet.cell(row, col, value)
                        if not isinstance(value, str):
                            target.number_format = _annex3_number_format(cell.prefix, cell.value)
                        elif cell.prefix:
                            target.value = f"{cell.prefix}{value}"
                else:
                    sheet.cell(row, col, cell.text or None)
            for first_row, cells in ((top, header), (top + 1, body)):
                for cell in cells:
                    if cell.rowspan > 1 or cell.colspan > 1:
                        sheet.merge_cells(
                            start_row=first_row + cell.row,
                            start_column=cell.col + 1,
                            end_row=first_row + cell.row + cell.rowspan - 1,
                            end_column=cell.col + cell.colspan,
                        )
            for row in sheet.iter_rows(min_row=top, max_row=top + height, min_col=1, max_col=total):
                for target in row:
                    target.border = border
                    target.alignment = Alignment(
                        wrap_text=True, vertical="center", horizontal="center"
                    )
            sheet.row_dimensions[top].height = 90
            top += height + 2
        for index in range(1, 20):
            sheet.column_dimensions[get_column_letter(index)].width = 14
    return book.to_bytes()
