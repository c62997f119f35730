"""Checking exports against the page they export: the CSV and the Excel file hold exactly the
table the page shows. Shared by every report's tests."""

import csv
import io
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_rows(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 1
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def same_number(cell, value):
    return cell is not None and Decimal(str(cell)) == Decimal(value)


def csv_text(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


def assert_csv_equals(rows, table):
    expected = [table.columns, *table.rows, *([table.totals] if table.totals else [])]
    assert len(rows) == len(expected)
    for row, values in zip(rows, expected, strict=True):
        assert row == [csv_text(value) for value in values]


def assert_xlsx_equals(rows, table):
    expected = [table.columns, *table.rows, *([table.totals] if table.totals else [])]
    assert len(rows) == len(expected)
    assert rows[0] == [str(column) for column in table.columns]
    for row, values in zip(rows[1:], expected[1:], strict=True):
        assert len(row) == len(values)
        for cell, value in zip(row, values, strict=True):
            if value is None or value == "":
                assert cell in (None, "")
            elif isinstance(value, int | Decimal):
                assert same_number(cell, value), (cell, value)
            else:  # text, or a hidden count's mark as the page writes it
                assert cell == str(value)


def assert_exports_equal_page(client, page_url, export_url, query):
    page = client.get(page_url, query)
    assert page.status_code == 200
    table = page.context["table"]
    assert table is not None and table.rows
    csv_response = client.get(export_url("csv"), query)
    assert csv_response.status_code == 200
    assert_csv_equals(csv_rows(csv_response), table)
    xlsx_response = client.get(export_url("xlsx"), query)
    assert xlsx_response.status_code == 200
    assert_xlsx_equals(xlsx_rows(xlsx_response), table)
    return table


def count_queries(client, url, query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query).status_code == 200
    return len(queries)
