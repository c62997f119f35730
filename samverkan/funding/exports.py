"""One table, three forms: the page, CSV and Excel show the same figures from the same rows.

A view builds a `Table` once and hands it to the template or to `csv_response`/`xlsx_response`.
Numbers stay numbers in both files (kronor as integers, hours and percentages as decimals,
written with a decimal comma in CSV);
text that a spreadsheet would read as a formula is neutralised.
"""

import csv
import dataclasses
import io
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samverkan.core.views import csv_cell

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclasses.dataclass
class Table:
    """A titled table: column headings, body rows and an optional totals row. A `preface`
    is written as the files' first line, above the headings (a warning that must travel with
    the file)."""

    title: str
    columns: list
    rows: list
    totals: list | None = None
    note: str = ""
    preface: str = ""

    def all_rows(self):
        return [*self.rows, *([self.totals] if self.totals else [])]


@dataclasses.dataclass(frozen=True)
class Percent:
    """A share shown as a whole percentage: "43 %" on the page and in CSV, 0.43 formatted as a
    percentage in Excel, rounded the same way in all three."""

    share: Fraction

    @property
    def whole(self):
        exact = Decimal(self.share.numerator) * 100 / Decimal(self.share.denominator)
        return exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)

    def __str__(self):
        return f"{number_format(self.whole)} %"


PERCENT_FORMAT = "0 %"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal | float):
        # Swedish Excel reads a semicolon-separated file with decimal commas.
        return str(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return csv_cell(value)


def csv_bytes(tables):
    """Semicolon-separated UTF-8 with a byte-order mark, as Swedish Excel opens it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for index, table in enumerate(tables):
        if index:
            writer.writerow([])
        if table.preface:
            writer.writerow([_cell(table.preface)])
        if len(tables) > 1:
            writer.writerow([_cell(table.title)])
        writer.writerow([_cell(column) for column in table.columns])
        for row in table.all_rows():
            writer.writerow([_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(tables):
    """An Excel workbook with one sheet per table; numbers are stored as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used = set()
    for table in tables:
        name = _sheet_name(table.title, used)
        sheet = workbook.create_sheet(name)
        if table.preface:
            sheet.append([_xlsx_cell(table.preface)])
            sheet[1][0].font = Font(bold=True)
        sheet.append([str(column) for column in table.columns])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            _append(sheet, row)
        if table.totals:
            _append(sheet, table.totals)
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        first = 2 if table.preface else 1  # a long preface must not widen the first column
        for column_cells in sheet.columns:
            width = max(len(str(cell.value or "")) for cell in column_cells[first - 1 :])
            sheet.column_dimensions[column_cells[0].column_letter].width = min(60, width + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _append(sheet, values):
    sheet.append([_xlsx_cell(value) for value in values])
    for cell, value in zip(sheet[sheet.max_row], values, strict=False):
        if isinstance(value, Percent):
            cell.number_format = PERCENT_FORMAT


def _xlsx_cell(value):
    if isinstance(value, Percent):
        return float(value.whole / 100)
    if value is None or isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    # A leading "=" would make Excel evaluate the cell.
    return csv_cell(text)


def _sheet_name(title, used):
    base = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:28] or "Blad"
    name, number = base, 2
    while name in used:
        name = f"{base[:26]}{number}"
        number += 1
    used.add(name)
    return name


def csv_response(tables, filename):
    response = HttpResponse(csv_bytes(tables), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(tables, filename):
    response = HttpResponse(xlsx_bytes(tables), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def export_response(fmt, tables, filename):
    """The CSV or Excel file for `fmt` ("csv" or "xlsx"), or None for any other format."""
    if fmt == "csv":
        return csv_response(tables, filename)
    if fmt == "xlsx":
        return xlsx_response(tables, filename)
    return None


def query_string(data):
    """A report form's choices as a query string, for the links to its exports."""
    return urlencode({key: "" if value is None else value for key, value in data.items()})


def invalid_export_response(form):
    """400 with the report form's errors in Swedish: an export of invalid choices is no file."""
    errors = "; ".join(str(error) for errors in form.errors.values() for error in errors)
    return HttpResponseBadRequest(
        _("Exporten kunde inte göras: %(errors)s") % {"errors": errors},
        content_type="text/plain; charset=utf-8",
    )
