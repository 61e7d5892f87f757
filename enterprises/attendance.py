"""Attendance from a sign-in sheet (签到表, .xlsx): each good row kept, each bad row reported
in Chinese with its row number.

The header row (within the first 10 rows) names the columns: 企业名称, 统一社会信用代码, 姓名,
and optionally 职务/岗位 and 联系电话. A row is refused when a required cell is empty, the
credit code is invalid, a cell holds control characters or is too long, or the same person
of the same enterprise is already on the session. Limits: the file size (in the form), the
zip inflation (``library.uploads``) and ``MAX_ROWS``.
"""

from dataclasses import dataclass, field

from django.db import transaction

from library.credit_code import normalise, problem
from library.params import has_control_characters
from library.uploads import UploadRefused, check_zip_inflation

MAX_ROWS = 2000
HEADER_SEARCH_ROWS = 10
COLUMNS = {
    "enterprise_name": ("企业名称", "单位名称", "企业"),
    "credit_code": ("统一社会信用代码", "信用代码", "社会信用代码"),
    "person_name": ("姓名", "参训人员", "参训人"),
    "position": ("职务", "岗位", "职务/岗位", "职务岗位"),
    "phone": ("联系电话", "电话", "手机", "手机号"),
}
REQUIRED = ("enterprise_name", "credit_code", "person_name")
LABELS = {"enterprise_name": "企业名称", "credit_code": "统一社会信用代码", "person_name": "姓名"}
MAX_LENGTHS = {"enterprise_name": 100, "person_name": 40, "position": 40, "phone": 40}


class SheetRefused(ValueError):
    """The whole sheet cannot be read (not xlsx, no header, too many rows)."""


@dataclass
class ImportResult:
    added: int = 0
    problems: list = field(default_factory=list)  # "第N行：..." in Chinese


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header(rows):
    for number, row in enumerate(rows, start=1):
        cells = [_text(cell) for cell in row]
        columns = {}
        for key, names in COLUMNS.items():
            for index, cell in enumerate(cells):
                if cell.replace(" ", "") in names:
                    columns[key] = index
                    break
        if all(key in columns for key in REQUIRED):
            return number, columns
        if number >= HEADER_SEARCH_ROWS:
            break
    raise SheetRefused("签到表前 10 行中没有找到包含“企业名称”“统一社会信用代码”“姓名”的表头")


def read_rows(fileobj):
    """[(row number, {column: text})] of the first sheet, after the header row."""
    from openpyxl import load_workbook

    try:
        check_zip_inflation(fileobj, getattr(fileobj, "name", ""))
    except UploadRefused as refused:
        raise SheetRefused(str(refused)) from None
    try:
        workbook = load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise SheetRefused(
            "无法读取签到表，请确认是 Excel 2007 及以上版本保存的 .xlsx 文件"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        head = []
        for row in rows:
            head.append(row)
            if len(head) >= HEADER_SEARCH_ROWS:
                break
        header_number, columns = _header(head)
        result = []
        pending = head[header_number:]
        number = header_number
        for row in [*pending, *rows]:
            number += 1
            values = {
                key: _text(row[index]) if index < len(row) else "" for key, index in columns.items()
            }
            if not any(values.values()):
                continue
            result.append((number, values))
            if len(result) > MAX_ROWS:
                raise SheetRefused(f"签到表超过 {MAX_ROWS} 行，请分成几个文件导入")
        return result
    finally:
        workbook.close()


def row_problem(values):
    for key in REQUIRED:
        if not values.get(key):
            return f"“{LABELS[key]}”为空"
    for key, value in values.items():
        if has_control_characters(value):
            return f"“{COLUMNS[key][0]}”含有不可见的控制字符"
        limit = MAX_LENGTHS.get(key)
        if limit and len(value) > limit:
            return f"“{COLUMNS[key][0]}”超过 {limit} 个字"
    reason = problem(values["credit_code"])
    if reason:
        return f"统一社会信用代码“{values['credit_code']}”无效：{reason}"
    return None


@transaction.atomic
def import_sign_in_sheet(session, fileobj, user=None) -> ImportResult:
    """Add the sheet's good rows to ``session``'s attendance; report the others."""
    from enterprises.models import Attendance

    rows = read_rows(fileobj)
    result = ImportResult()
    present = {
        (code, name) for code, name in session.attendances.values_list("credit_code", "person_name")
    }
    for number, values in rows:
        reason = row_problem(values)
        key = (normalise(values.get("credit_code", "")), values.get("person_name", ""))
        if reason is None and key in present:
            reason = f"{values['person_name']}（{key[0]}）已在本次培训的参训名单中"
        if reason:
            result.problems.append(f"第{number}行：{reason}")
            continue
        Attendance.objects.create(
            session=session,
            enterprise_name=values["enterprise_name"],
            credit_code=key[0],
            person_name=values["person_name"],
            position=values.get("position", ""),
            phone=values.get("phone", ""),
        )
        present.add(key)
        result.added += 1
    if result.added:
        from wagtail.log_actions import log

        log(
            instance=session,
            action="enterprises.attendance_import",
            user=user,
            data={"added": result.added, "refused": len(result.problems)},
        )
    return result
