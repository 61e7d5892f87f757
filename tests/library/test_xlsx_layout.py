"""Spreadsheets a reader can work with: the header frozen, with filter buttons and repeated
on printed pages, A4 landscape fitted to the width, and figures as numbers (满意率 too)."""

from io import BytesIO
from types import SimpleNamespace

from openpyxl import load_workbook

from library.models import CertificationBody, District
from library.xlsx import Spreadsheet
from reports.exports import course_report_workbook
from reports.figures import BodyRow, CourseRow, DistrictRow, Training


def read(content):
    return load_workbook(BytesIO(content))


def test_a_sheet_has_its_header_frozen_filtered_and_printed_on_every_page():
    book = Spreadsheet()
    book.sheet("数据", ["区", "案例数"], [["北辰区", 3], ["武清区", 1]])
    book.sheet("说明", None, [["年度", "说明文字"]])
    sheet, about = read(book.to_bytes()).worksheets
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B3"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == str(sheet.PAPERSIZE_A4)
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet["B2"].value == 3 and sheet["B2"].data_type == "n"
    assert about.auto_filter.ref is None and about.freeze_panes is None  # no header


def test_satisfaction_is_written_as_a_number_of_percent():
    body = CertificationBody(name="甲认证有限公司")
    rated = Training(stars=[5, 4, 2, 1])  # 2 of 4 satisfied (4 or 5 stars): 50 %
    unrated = Training()
    course = SimpleNamespace(title="进货检验怎么做")
    figures = SimpleNamespace(
        bodies=[BodyRow(body, 1, published=1, training=rated)],
        courses=[CourseRow(course, body, 2, rated), CourseRow(course, body, 1, unrated)],
        districts=[DistrictRow(District(name="北辰区"), 1, 5, training=rated)],
    )
    book = read(course_report_workbook(figures))
    bodies, courses = book["机构课程报送"], book["课程培训情况"]
    header = [cell.value for cell in bodies[1]]
    column = header.index("满意率（%）") + 1
    cell = bodies.cell(row=2, column=column)
    assert cell.value == 50 and cell.data_type == "n"
    assert bodies.cell(row=2, column=column - 1).value == 3  # average stars, a number
    header = [cell.value for cell in courses[1]]
    column = header.index("满意率（%）") + 1
    assert courses.cell(row=2, column=column).value == 50
    assert courses.cell(row=3, column=column).value is None  # nobody rated: empty, not "—"
