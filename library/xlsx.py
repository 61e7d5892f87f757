"""Spreadsheets for the commission's reports, written one way everywhere.

Courses (the requirement report), cases (the campaign dashboard) and selection (the
ranking) all export xlsx: a bold header row on a pale fill, frozen below the header,
numbers kept as numbers so the receiving office can sum and chart them.

Text is always text: a case title or an enterprise name that starts with ``=``, ``+``,
``-``, ``@`` (or a tab or carriage return) would otherwise become a live formula in the
reader's spreadsheet program (formula injection). Such cells are written as strings with
Excel's "quote prefix", so they show and stay as typed even when edited.
"""

from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse

# openpyxl is imported where a spreadsheet is written or read, not when the site starts:
# it costs about a second and several MB in every web worker that never exports.
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL_COLOUR = "DCE8F7"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def as_text_if_formula_like(cell):
    """Keep a string cell a string whatever it starts with (see the module docstring)."""
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True


class Spreadsheet:
    def __init__(self):
        from openpyxl import Workbook

        self.workbook = Workbook()
        self._first_sheet_used = False

    def sheet(self, title, header, rows, *, widths=None, freeze="A2"):
        """Add a sheet; ``widths`` maps 1-based column numbers to widths, else they fit the text.

        A sheet with a header has it frozen, with filter buttons, and repeated on every
        printed page; every sheet prints on A4 landscape fitted to the page width. Numbers
        stay numbers: pass ``12.5`` for 12.5 % under a "（%）" header, never ``"12.5%"``."""
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        if self._first_sheet_used:
            sheet = self.workbook.create_sheet(title)
        else:
            sheet = self.workbook.active
            sheet.title = title
            self._first_sheet_used = True
        rows = [list(row) for row in rows]
        if header:
            sheet.append(list(header))
            for cell in sheet[1]:
                cell.font = Font(bold=True)
                cell.fill = PatternFill("solid", fgColor=HEADER_FILL_COLOUR)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
        for row in rows:
            sheet.append(row)
        for sheet_row in sheet.iter_rows():
            for cell in sheet_row:
                as_text_if_formula_like(cell)
        columns = max([len(header or ()), *(len(row) for row in rows)], default=0)
        for index in range(1, columns + 1):
            if widths and index in widths:
                width = widths[index]
            else:
                cells = [header[index - 1] if header and index <= len(header) else ""]
                cells += [row[index - 1] for row in rows if index <= len(row)]
                # CJK characters are about two columns wide.
                width = min(
                    max([len(str(c if c is not None else "")) * 2 for c in cells] + [8]), 60
                )
            sheet.column_dimensions[get_column_letter(index)].width = width
        if header and freeze:
            sheet.freeze_panes = freeze
        if header:
            sheet.auto_filter.ref = sheet.dimensions  # filter buttons on the header row
            sheet.print_title_rows = "1:1"  # the header repeated on every printed page
        # Printed on A4 landscape, the columns fitted to the page width.
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        return sheet

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A download with an ASCII fallback name and the full (possibly Chinese) name per RFC 6266."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    ascii_name = filename.encode("ascii", "ignore").decode() or "export.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
