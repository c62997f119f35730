"""Importing outcome (utfall) from a CSV or Excel file: check every row, preview, then apply.

A file is read whole and every row is checked before anything is stored; any error refuses the
whole file with a message per row and column, numbered as the user sees the rows in Excel (the
header is row 1). A clean file becomes a previewed `SpendingImport` holding the checked rows
and the amount each target held at the preview. Applying it records every row in one
transaction, or none: it is refused when any target changed since the preview.
"""

import csv
import dataclasses
import io
import math
import re
import zipfile
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.funding import services
from samverkan.funding.models import (
    FIRST_YEAR,
    LAST_YEAR,
    Intervention,
    Spending,
    SpendingImport,
)
from samverkan.structure.models import Party

MAX_FILE_BYTES = 2 * 1024 * 1024
# Larger than any förbund's budget, small enough for the database's integer column.
MAX_AMOUNT = 999_999_999_999
NOTE_MAX_LENGTH = 300

# Column name in the file -> key of a row. The first five are required.
REQUIRED_COLUMNS = ("insats", "part", "år", "månad", "belopp")
OPTIONAL_COLUMNS = ("anteckning",)
# Spellings without Swedish letters, as some systems export them.
COLUMN_ALIASES = {"ar": "år", "manad": "månad"}

STALE_PREVIEW_MESSAGE = gettext_lazy(
    "Utfallet har ändrats sedan förhandsgranskningen; ladda upp filen igen."
)


class ImportRefused(Exception):
    """The file cannot be imported; `errors` says why, one message per problem."""

    def __init__(self, errors):
        super().__init__("; ".join(str(error) for error in errors))
        self.errors = list(errors)


@dataclasses.dataclass(frozen=True)
class RowError:
    """One problem in the file: a row (1 = the header) and a column, either may be absent."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self):
        if self.row is not None and self.column:
            return _("Rad %(row)s, kolumn %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return _("Rad %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return str(self.message)


# --- Reading cells -------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007]+")
_WHOLE = re.compile(r"^\d+$")
_DECIMAL = re.compile(r"^(\d+)[,.](\d+)$")


def parse_kronor(value):
    """Whole, non-negative kronor from a cell or form field ("1 103 306", 1103306, "12,00").

    Raises a Swedish ValidationError naming what is wrong: empty, negative, öre, not a number.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(_("Beloppet saknas."))
    if isinstance(value, bool):
        raise ValidationError(_("Beloppet ska vara ett tal i hela kronor, t.ex. 1 103 306."))
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float | Decimal):
        if not _is_finite(value):
            raise ValidationError(_("Beloppet ska vara ett tal i hela kronor, t.ex. 1 103 306."))
        if value < 0:
            raise ValidationError(_("Beloppet kan inte vara negativt."))
        if value != int(value):
            raise ValidationError(_("Beloppet ska vara hela kronor, utan ören."))
        amount = int(value)
    else:
        text = _SPACES.sub("", str(value))
        if text.lower().endswith("kr"):
            text = text[:-2]
        if text.startswith(("-", "\u2212")):
            raise ValidationError(_("Beloppet kan inte vara negativt."))
        if _WHOLE.match(text):
            amount = int(text)
        elif match := _DECIMAL.match(text):
            if set(match.group(2)) != {"0"}:
                raise ValidationError(_("Beloppet ska vara hela kronor, utan ören."))
            amount = int(match.group(1))
        else:
            raise ValidationError(_("Beloppet ska vara ett tal i hela kronor, t.ex. 1 103 306."))
    if amount < 0:
        raise ValidationError(_("Beloppet kan inte vara negativt."))
    if amount > MAX_AMOUNT:
        raise ValidationError(_("Beloppet är orimligt stort."))
    return amount


def _parse_whole(value):
    """An integer from a cell (text or number), or None when it is not a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if not _is_finite(value):
            return None
        return int(value) if value == int(value) else None
    text = _SPACES.sub("", str(value or ""))
    if _WHOLE.match(text):
        return int(text)
    return None


def _is_finite(value):
    """Whether a number from a cell is finite: a sheet may hold inf or NaN, which int() refuses."""
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --- Reading the file ----------------------------------------------------------------------------


def read_rows(uploaded):
    """The file's rows as lists of cell values, the header first.

    CSV (semicolon or comma separated, UTF-8 with or without BOM) or XLSX (the first sheet).
    Raises ImportRefused for a file that is too big, of another type or unreadable.
    """
    name = (getattr(uploaded, "name", "") or "").lower()
    if uploaded.size > MAX_FILE_BYTES:
        raise ImportRefused([RowError(_("Filen är större än 2 MB. Dela upp den i flera filer."))])
    if uploaded.size == 0:
        raise ImportRefused([RowError(_("Filen är tom."))])
    content = uploaded.read()
    if name.endswith(".xlsx"):
        return _xlsx_rows(content)
    if name.endswith((".csv", ".txt")):
        return _csv_rows(content)
    raise ImportRefused(
        [RowError(_("Filen ska vara en CSV-fil (.csv) eller en Excel-fil (.xlsx)."))]
    )


def _csv_rows(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused(
            [
                RowError(
                    _(
                        "Filen är inte sparad som UTF-8. Spara den som ”CSV UTF-8” i Excel och "
                        "försök igen."
                    )
                )
            ]
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise ImportRefused(
            [RowError(_("Filen kunde inte läsas som CSV. Kontrollera citattecknen."))]
        ) from None


# What openpyxl raises for a damaged workbook: a broken zip, a missing part, XML it cannot parse
# (ElementTree's ParseError is a SyntaxError) or a cell value it cannot convert.
UNREADABLE_XLSX = (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, SyntaxError)


def _xlsx_rows(content):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UNREADABLE_XLSX:
        raise ImportRefused(
            [RowError(_("Filen kunde inte läsas som en Excel-fil (.xlsx)."))]
        ) from None
    try:
        if not workbook.worksheets:
            return []
        sheet = workbook.worksheets[0]
        # In read-only mode the cells are parsed while iterating: a damaged sheet or a cell
        # openpyxl cannot read ("inf", broken XML) fails here, not in load_workbook.
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    except UNREADABLE_XLSX:
        raise ImportRefused(
            [RowError(_("Filen kunde inte läsas som en Excel-fil (.xlsx)."))]
        ) from None
    finally:
        workbook.close()


def _is_blank(row):
    return all(_text(cell) == "" for cell in row)


# --- Checking the rows ---------------------------------------------------------------------------


@dataclasses.dataclass
class CheckedRow:
    """One row of the file, checked and ready to record."""

    row: int
    intervention: Intervention
    party: Party
    year: int
    month: int
    amount: int
    note: str = ""

    @property
    def key(self):
        return (self.intervention.pk, self.party.pk, self.year, self.month)


def check_rows(federation, table):
    """Every data row of `table` checked against the förbund's interventions and parties.

    Returns the checked rows; raises ImportRefused with every error found in the whole file.
    """
    while table and _is_blank(table[-1]):
        table = table[:-1]
    if not table or _is_blank(table[0]):
        raise ImportRefused(
            [RowError(_("Filen är tom. Första raden ska vara rubrikerna: %(columns)s.") % _cols())]
        )
    columns, errors = _header(table[0])
    if errors:
        raise ImportRefused(errors)
    data = [(number, row) for number, row in enumerate(table[1:], start=2) if not _is_blank(row)]
    if not data:
        raise ImportRefused([RowError(_("Filen har rubriker men inga rader med utfall."))])

    interventions = _by_code(Intervention.objects.filter(federation=federation))
    parties = _by_code(Party.objects.filter(federation=federation))
    checked, seen = [], {}
    for number, row in data:

        def cell(name, row=row):
            index = columns.get(name)
            return row[index] if index is not None and index < len(row) else None

        row_errors = []
        result = _check_row(number, cell, interventions, parties, row_errors)
        errors.extend(row_errors)
        if result is None:
            continue
        if result.key in seen:
            errors.append(
                RowError(
                    _("Samma insats, part, år och månad finns redan på rad %(first)s.")
                    % {"first": seen[result.key]},
                    row=number,
                )
            )
            continue
        seen[result.key] = number
        checked.append(result)
    if errors:
        raise ImportRefused(errors)
    return checked


def _by_code(objects):
    """{code: object}, each also under its code in lower case: the file's codes are matched
    case-insensitively, and a slug such as "Trisam-2022" may hold capitals."""
    found = {}
    for item in objects:
        found[item.code] = item
    for item in objects:
        found.setdefault(item.code.lower(), item)
    return found


def _code(raw, known):
    """The code as typed if it is known so, otherwise in lower case."""
    text = _text(raw)
    return text if text in known else text.lower()


def _cols():
    return {"columns": ";".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)}


def _header(row):
    columns, errors = {}, []
    known = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    for index, cell in enumerate(row):
        name = _text(cell).lower()
        name = COLUMN_ALIASES.get(name, name)
        if not name:
            continue
        if name not in known:
            errors.append(
                RowError(
                    _("Okänd kolumn ”%(name)s”. Tillåtna kolumner är %(columns)s.")
                    % {"name": _text(cell), **_cols()},
                    row=1,
                )
            )
        elif name in columns:
            errors.append(
                RowError(_("Kolumnen ”%(name)s” finns två gånger.") % {"name": name}, row=1)
            )
        else:
            columns[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        errors.append(
            RowError(
                _("Kolumn saknas: %(missing)s. Första raden ska vara rubrikerna %(columns)s.")
                % {"missing": ", ".join(missing), **_cols()},
                row=1,
            )
        )
    return columns, errors


def _check_row(number, cell, interventions, parties, errors):
    def fail(column, message):
        errors.append(RowError(message, row=number, column=column))

    intervention = party = year = month = amount = None
    code = _code(cell("insats"), interventions)
    if not code:
        fail("insats", _("Insatsens kod saknas."))
    elif code not in interventions:
        fail("insats", _("Det finns ingen insats med koden ”%(code)s”.") % {"code": code})
    else:
        intervention = interventions[code]
        if intervention.compensation == Intervention.Compensation.TEAM_HOURS:
            fail(
                "insats",
                _(
                    "Insatsen ersätts med tid i Trisam-team; utfallet räknas fram från "
                    "timmarna och registreras inte."
                ),
            )
            intervention = None

    code = _code(cell("part"), parties)
    if not code:
        fail("part", _("Partens kod saknas."))
    elif code not in parties:
        fail("part", _("Det finns ingen part i förbundet med koden ”%(code)s”.") % {"code": code})
    else:
        party = parties[code]

    raw = cell("år")
    year = _parse_whole(raw)
    if _text(raw) == "":
        fail("år", _("Året saknas."))
        year = None
    elif year is None or not (FIRST_YEAR <= year <= LAST_YEAR):
        fail("år", _("”%(value)s” är inget år; skriv t.ex. 2023.") % {"value": _text(raw)})
        year = None

    raw = cell("månad")
    month = _parse_whole(raw)
    if _text(raw) == "":
        fail("månad", _("Månaden saknas."))
        month = None
    elif month is None or not (1 <= month <= 12):
        fail("månad", _("Månaden ska vara ett tal från 1 till 12."))
        month = None

    try:
        amount = parse_kronor(cell("belopp"))
    except ValidationError as error:
        fail("belopp", error.messages[0])

    note = _text(cell("anteckning"))
    if len(note) > NOTE_MAX_LENGTH:
        fail(
            "anteckning",
            _("Anteckningen får vara högst %(max)s tecken.") % {"max": NOTE_MAX_LENGTH},
        )

    if intervention and year and month and not intervention.runs_in_month(year, month):
        fail("månad", period_message(intervention, year, month))
        return None
    if None in (intervention, party, year, month, amount) or len(note) > NOTE_MAX_LENGTH:
        return None
    return CheckedRow(number, intervention, party, year, month, amount, note)


def period_message(intervention, year, month):
    return _("%(year)s-%(month)02d ligger utanför insatsens period (%(start)s – %(end)s).") % {
        "year": year,
        "month": month,
        "start": intervention.starts_on,
        "end": intervention.ends_on,
    }


# --- Preview, apply, discard ---------------------------------------------------------------------


def current_amounts(keys, *, lock=False):
    """{(intervention pk, party pk, year, month): amount} of the stored outcome for `keys`."""
    keys = set(keys)
    if not keys:
        return {}
    queryset = Spending.objects.filter(
        intervention__in={key[0] for key in keys},
        party__in={key[1] for key in keys},
        year__in={key[2] for key in keys},
    )
    if lock:
        queryset = queryset.select_for_update()
    found = {}
    for intervention, party, year, month, amount in queryset.values_list(
        "intervention", "party", "year", "month", "amount"
    ):
        key = (intervention, party, year, month)
        if key in keys:
            found[key] = amount
    return found


def _key(row):
    return (row["intervention"], row["party"], row["year"], row["month"])


def preview(federation, uploaded, *, by):
    """Check the whole file and store it as a previewed import; ImportRefused on any error."""
    checked = check_rows(federation, read_rows(uploaded))
    stored = current_amounts(row.key for row in checked)
    rows = [
        {
            "row": row.row,
            "intervention": row.intervention.pk,
            "party": row.party.pk,
            "year": row.year,
            "month": row.month,
            "amount": row.amount,
            "note": row.note,
            "previous": stored.get(row.key),
        }
        for row in checked
    ]
    return SpendingImport.objects.create(
        federation=federation,
        file_name=(getattr(uploaded, "name", "") or "")[:200],
        rows=rows,
        uploaded_by=by,
    )


@transaction.atomic
def apply(spending_import, *, by):
    """Record every row of a previewed import, or none of them.

    Raises ValidationError (nothing changed) when the import is not previewed, when any target's
    amount changed since the preview, or when any row cannot be recorded.
    """
    spending_import = SpendingImport.objects.select_for_update().get(pk=spending_import.pk)
    if spending_import.status != SpendingImport.Status.PREVIEWED:
        raise ValidationError(
            _("Importen är redan %(status)s och kan inte genomföras.")
            % {"status": spending_import.get_status_display()}
        )
    rows = spending_import.rows
    stored = current_amounts((_key(row) for row in rows), lock=True)
    if any(stored.get(_key(row)) != row["previous"] for row in rows):
        raise ValidationError(STALE_PREVIEW_MESSAGE)
    interventions = Intervention.objects.in_bulk({row["intervention"] for row in rows})
    parties = Party.objects.in_bulk({row["party"] for row in rows})
    for row in rows:
        intervention = interventions.get(row["intervention"])
        party = parties.get(row["party"])
        if intervention is None or party is None:
            raise ValidationError(STALE_PREVIEW_MESSAGE)
        if intervention.compensation == Intervention.Compensation.TEAM_HOURS:
            raise ValidationError(
                str(
                    RowError(
                        _("Insatsen ersätts nu med tid i Trisam-team; ladda upp filen igen."),
                        row=row["row"],
                        column="insats",
                    )
                )
            )
        try:
            services.record_spending(
                intervention,
                party,
                row["year"],
                row["month"],
                row["amount"],
                by=by,
                note=row.get("note", ""),
                source_import=spending_import,
            )
        except ValidationError as error:
            raise ValidationError(
                str(RowError(" ".join(error.messages), row=row["row"]))
            ) from error
    spending_import.status = SpendingImport.Status.APPLIED
    spending_import.applied_at = timezone.now()
    spending_import.save(update_fields=["status", "applied_at"])
    return spending_import


@transaction.atomic
def discard(spending_import):
    """Mark a previewed import as discarded; nothing of it is recorded."""
    spending_import = SpendingImport.objects.select_for_update().get(pk=spending_import.pk)
    if spending_import.status != SpendingImport.Status.PREVIEWED:
        raise ValidationError(
            _("Importen är redan %(status)s och kan inte avbrytas.")
            % {"status": spending_import.get_status_display()}
        )
    spending_import.status = SpendingImport.Status.DISCARDED
    spending_import.save(update_fields=["status"])
    return spending_import


@dataclasses.dataclass
class PreviewRow:
    """A row as the preview shows it: new, changed (from → to) or unchanged."""

    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"

    row: int
    intervention: object
    party: object
    year: int
    month: int
    amount: int
    previous: int | None
    note: str

    @property
    def kind(self):
        if self.previous is None:
            return self.NEW
        return self.UNCHANGED if self.previous == self.amount else self.CHANGED

    @property
    def month_label(self):
        return MONTHS[self.month]

    @property
    def difference(self):
        return self.amount - (self.previous or 0)


def preview_rows(spending_import):
    """The import's rows with their intervention and party, for the preview page."""
    rows = spending_import.rows
    interventions = Intervention.objects.in_bulk({row["intervention"] for row in rows})
    parties = Party.objects.in_bulk({row["party"] for row in rows})
    return [
        PreviewRow(
            row=row["row"],
            intervention=interventions.get(row["intervention"]),
            party=parties.get(row["party"]),
            year=row["year"],
            month=row["month"],
            amount=row["amount"],
            previous=row["previous"],
            note=row.get("note", ""),
        )
        for row in rows
    ]


def summary(rows):
    """Counts of new, changed and unchanged rows, the file's total and the change it makes."""
    kinds = [row.kind for row in rows]
    return {
        "new": kinds.count(PreviewRow.NEW),
        "changed": kinds.count(PreviewRow.CHANGED),
        "unchanged": kinds.count(PreviewRow.UNCHANGED),
        "total": sum(row.amount for row in rows),
        "previous_total": sum(row.previous or 0 for row in rows),
        "difference": sum(row.difference for row in rows),
    }
