"""The outcome import: reading CSV and Excel, checking every row, preview and all-or-nothing."""

import datetime
import io
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samverkan.funding import imports, services
from samverkan.funding.models import Spending, SpendingImport
from tests.factories import THIS_YEAR, make_party

NEXT_YEAR = THIS_YEAR + 1
HEADER = "insats;part;år;månad;belopp;anteckning"


def csv_file(*lines, name="utfall.csv", bom=False, header=HEADER):
    text = "\r\n".join([header, *lines]) + "\r\n"
    return SimpleUploadedFile(name, (("\ufeff" if bom else "") + text).encode("utf-8"))


def xlsx_file(rows, name="utfall.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Annat blad").append(["ska", "inte", "läsas"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def messages_of(federation, uploaded):
    with pytest.raises(imports.ImportRefused) as refused:
        imports.preview(federation, uploaded, by=None)
    return [str(error) for error in refused.value.errors]


def spending_state():
    return sorted(
        Spending.objects.values_list("intervention", "party", "year", "month", "amount", "version")
    )


# --- Amounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1 103 306", 1_103_306),
        ("1\u00a0103\u00a0306", 1_103_306),
        ("1\u202f103\u202f306 kr", 1_103_306),
        ("0", 0),
        ("12,00", 12),
        (945238, 945_238),
        (15132.0, 15_132),
    ],
)
def test_amounts_in_whole_kronor_are_read(value, expected):
    assert imports.parse_kronor(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "Beloppet saknas."),
        (None, "Beloppet saknas."),
        ("-500", "Beloppet kan inte vara negativt."),
        (-500, "Beloppet kan inte vara negativt."),
        ("12,5", "Beloppet ska vara hela kronor, utan ören."),
        (12.5, "Beloppet ska vara hela kronor, utan ören."),
        ("tolv", "Beloppet ska vara ett tal i hela kronor, t.ex. 1 103 306."),
        ("1e5", "Beloppet ska vara ett tal i hela kronor, t.ex. 1 103 306."),
        ("99999999999999", "Beloppet är orimligt stort."),
    ],
)
def test_bad_amounts_are_refused_in_swedish(value, message):
    with pytest.raises(ValidationError) as error:
        imports.parse_kronor(value)
    assert error.value.messages == [message]


# --- A good file --------------------------------------------------------------------------------


def test_a_csv_file_becomes_a_preview_with_the_current_amounts(money_world):
    w = money_world
    before = spending_state()
    uploaded = csv_file(
        f"arbetstraning-alby;kommun-8101;{THIS_YEAR};1;16 500;Rättad januari",
        f"arbetstraning-alby;af;{THIS_YEAR};2;1\u00a0103\u00a0306;",
        f"arbetstraning-alby;af;{NEXT_YEAR};12;0;",
        bom=True,
    )
    spending_import = imports.preview(w.federation, uploaded, by=w.admin)

    assert spending_import.status == SpendingImport.Status.PREVIEWED
    assert spending_import.file_name == "utfall.csv"
    assert spending_import.rows == [
        {
            "row": 2,
            "intervention": w.mysam_intervention.pk,
            "party": w.alby_party.pk,
            "year": THIS_YEAR,
            "month": 1,
            "amount": 16_500,
            "note": "Rättad januari",
            "previous": 15_000,
        },
        {
            "row": 3,
            "intervention": w.mysam_intervention.pk,
            "party": w.af.pk,
            "year": THIS_YEAR,
            "month": 2,
            "amount": 1_103_306,
            "note": "",
            "previous": None,
        },
        {
            "row": 4,
            "intervention": w.mysam_intervention.pk,
            "party": w.af.pk,
            "year": NEXT_YEAR,
            "month": 12,
            "amount": 0,
            "note": "",
            "previous": None,
        },
    ]
    assert spending_state() == before  # the preview records nothing


def test_comma_separated_csv_without_bom_and_ascii_headers(money_world):
    w = money_world
    uploaded = csv_file(
        f"arbetstraning-alby,AF,{THIS_YEAR},3,2500",
        header="Insats,Part,Ar,Manad,Belopp",
    )
    spending_import = imports.preview(w.federation, uploaded, by=w.admin)
    assert [(r["party"], r["month"], r["amount"]) for r in spending_import.rows] == [
        (w.af.pk, 3, 2500)
    ]


def test_an_excel_file_is_read_from_its_first_sheet(money_world):
    w = money_world
    uploaded = xlsx_file(
        [
            ["insats", "part", "år", "månad", "belopp"],
            ["arbetstraning-alby", "af", THIS_YEAR, 4, 945238],
            [None, None, None, None, None],
            ["arbetstraning-alby", "kommun-8101", str(THIS_YEAR), "5", "331 004"],
            [None, None, None, None, None],
        ]
    )
    spending_import = imports.preview(w.federation, uploaded, by=w.admin)
    assert [(r["row"], r["month"], r["amount"]) for r in spending_import.rows] == [
        (2, 4, 945_238),
        (4, 5, 331_004),
    ]


# --- Bad files: every error, row and column, nothing stored -----------------------------------


def test_every_row_is_checked_and_every_error_named(money_world):
    w = money_world
    other_party = make_party(w.other_federation, code="fremmande")
    uploaded = csv_file(
        f"arbetstraning-alby;af;{THIS_YEAR};1;1000;",  # 2: fine
        f"okand-insats;af;{THIS_YEAR};1;1000;",  # 3
        f"arbetstraning-alby;okand;{THIS_YEAR};1;1000;",  # 4
        f"arbetstraning-alby;{other_party.code};{THIS_YEAR};1;1000;",  # 5
        "arbetstraning-alby;af;tjugo;1;1000;",  # 6
        f"arbetstraning-alby;af;{THIS_YEAR};13;1000;",  # 7
        f"arbetstraning-alby;af;{THIS_YEAR - 1};12;1000;",  # 8: before the period
        f"arbetstraning-alby;af;{THIS_YEAR};2;-5;",  # 9
        f"arbetstraning-alby;af;{THIS_YEAR};3;12,5;",  # 10
        f"arbetstraning-alby;af;{THIS_YEAR};4;;",  # 11
        f"arbetstraning-alby;af;{THIS_YEAR};1;2000;",  # 12: same as row 2
        f"trisam-timmar;af;{THIS_YEAR};1;1000;",  # 13: team hours
        f"annan-insats;af;{THIS_YEAR};1;1000;",  # 14: another förbund's
        f"arbetstraning-alby;af;{THIS_YEAR};;1000;",  # 15
    )
    before = spending_state()
    errors = messages_of(w.federation, uploaded)
    assert errors == [
        "Rad 3, kolumn insats: Det finns ingen insats med koden ”okand-insats”.",
        "Rad 4, kolumn part: Det finns ingen part i förbundet med koden ”okand”.",
        "Rad 5, kolumn part: Det finns ingen part i förbundet med koden ”fremmande”.",
        "Rad 6, kolumn år: ”tjugo” är inget år; skriv t.ex. 2023.",
        "Rad 7, kolumn månad: Månaden ska vara ett tal från 1 till 12.",
        f"Rad 8, kolumn månad: {THIS_YEAR - 1}-12 ligger utanför insatsens period "
        f"({THIS_YEAR}-01-01 – {NEXT_YEAR}-12-31).",
        "Rad 9, kolumn belopp: Beloppet kan inte vara negativt.",
        "Rad 10, kolumn belopp: Beloppet ska vara hela kronor, utan ören.",
        "Rad 11, kolumn belopp: Beloppet saknas.",
        "Rad 12: Samma insats, part, år och månad finns redan på rad 2.",
        "Rad 13, kolumn insats: Insatsen ersätts med tid i Trisam-team; utfallet räknas fram "
        "från timmarna och registreras inte.",
        "Rad 14, kolumn insats: Det finns ingen insats med koden ”annan-insats”.",
        "Rad 15, kolumn månad: Månaden saknas.",
    ]
    assert not SpendingImport.objects.exists()
    assert spending_state() == before


def test_errors_in_an_excel_file_use_the_rows_as_excel_shows_them(money_world):
    uploaded = xlsx_file(
        [
            ["insats", "part", "år", "månad", "belopp"],
            ["arbetstraning-alby", "af", THIS_YEAR, 4, 945238],
            [None, None, None, None, None],
            ["arbetstraning-alby", "af", THIS_YEAR, 5, 12.5],
        ]
    )
    assert messages_of(money_world.federation, uploaded) == [
        "Rad 4, kolumn belopp: Beloppet ska vara hela kronor, utan ören."
    ]


def test_missing_and_unknown_columns_are_named(money_world):
    uploaded = csv_file(f"arbetstraning-alby;af;{THIS_YEAR};1", header="insats;part;år;summa")
    assert messages_of(money_world.federation, uploaded) == [
        "Rad 1: Okänd kolumn ”summa”. Tillåtna kolumner är insats;part;år;månad;belopp;anteckning.",
        "Rad 1: Kolumn saknas: månad, belopp. Första raden ska vara rubrikerna "
        "insats;part;år;månad;belopp;anteckning.",
    ]


@pytest.mark.parametrize(
    "uploaded, message",
    [
        (
            SimpleUploadedFile("utfall.csv", b""),
            "Filen är tom.",
        ),
        (
            SimpleUploadedFile("utfall.csv", b"\r\n;;;\r\n"),
            "Filen är tom. Första raden ska vara rubrikerna: "
            "insats;part;år;månad;belopp;anteckning.",
        ),
        (
            SimpleUploadedFile("utfall.csv", "insats;part;år;månad;belopp\r\n".encode()),
            "Filen har rubriker men inga rader med utfall.",
        ),
        (
            SimpleUploadedFile("utfall.pdf", b"%PDF-1.4"),
            "Filen ska vara en CSV-fil (.csv) eller en Excel-fil (.xlsx).",
        ),
        (
            SimpleUploadedFile("utfall.xlsx", b"inte en zip"),
            "Filen kunde inte läsas som en Excel-fil (.xlsx).",
        ),
        (
            SimpleUploadedFile("utfall.csv", "insats;part;år;månad;belopp\r\nå".encode("latin-1")),
            "Filen är inte sparad som UTF-8. Spara den som ”CSV UTF-8” i Excel och försök igen.",
        ),
        (
            SimpleUploadedFile("utfall.csv", b"x" * (2 * 1024 * 1024 + 1)),
            "Filen är större än 2 MB. Dela upp den i flera filer.",
        ),
    ],
    ids=["empty", "blank", "header-only", "pdf", "broken-xlsx", "latin-1", "too-big"],
)
def test_unreadable_files_are_refused(money_world, uploaded, message):
    assert messages_of(money_world.federation, uploaded) == [message]
    assert not SpendingImport.objects.exists()


# --- Applying -----------------------------------------------------------------------------------


def _preview(w, *lines):
    return imports.preview(w.federation, csv_file(*lines), by=w.admin)


GOOD_LINES = (
    f"arbetstraning-alby;kommun-8101;{THIS_YEAR};1;16 500;Rättad",
    f"arbetstraning-alby;af;{THIS_YEAR};2;7000;",
    f"arbetstraning-alby;af;{THIS_YEAR};3;8000;",
    f"arbetstraning-alby;kommun-8101;{THIS_YEAR};2;9000;",
)


def test_applying_records_every_row_with_its_import(money_world):
    w = money_world
    spending_import = _preview(w, *GOOD_LINES)
    imports.apply(spending_import, by=w.admin)

    spending_import.refresh_from_db()
    assert spending_import.status == SpendingImport.Status.APPLIED
    assert spending_import.applied_at is not None
    stored = {
        (s.party_id, s.month): (s.amount, s.source_import_id, s.note)
        for s in Spending.objects.filter(intervention=w.mysam_intervention, year=THIS_YEAR)
    }
    assert stored == {
        (w.alby_party.pk, 1): (16_500, spending_import.pk, "Rättad"),
        (w.af.pk, 2): (7000, spending_import.pk, ""),
        (w.af.pk, 3): (8000, spending_import.pk, ""),
        (w.alby_party.pk, 2): (9000, spending_import.pk, ""),
    }
    w.mysam_spending.refresh_from_db()
    assert w.mysam_spending.version == 2  # replaced, not duplicated


def test_an_applied_import_cannot_be_applied_or_discarded_again(money_world):
    w = money_world
    spending_import = _preview(w, *GOOD_LINES)
    imports.apply(spending_import, by=w.admin)
    before = spending_state()
    with pytest.raises(ValidationError, match="redan genomförd"):
        imports.apply(spending_import, by=w.admin)
    with pytest.raises(ValidationError, match="redan genomförd"):
        imports.discard(spending_import)
    assert spending_state() == before


def test_a_discarded_import_changes_nothing_and_cannot_be_applied(money_world):
    w = money_world
    before = spending_state()
    spending_import = _preview(w, *GOOD_LINES)
    imports.discard(spending_import)
    spending_import.refresh_from_db()
    assert spending_import.status == SpendingImport.Status.DISCARDED
    with pytest.raises(ValidationError, match="redan avbruten"):
        imports.apply(spending_import, by=w.admin)
    assert spending_state() == before


def test_an_import_is_refused_when_the_outcome_changed_since_the_preview(money_world):
    w = money_world
    spending_import = _preview(w, *GOOD_LINES)
    services.record_spending(w.mysam_intervention, w.af, THIS_YEAR, 3, 100, by=w.admin)
    before = spending_state()

    with pytest.raises(ValidationError) as error:
        imports.apply(spending_import, by=w.admin)

    assert error.value.messages == [
        "Utfallet har ändrats sedan förhandsgranskningen; ladda upp filen igen."
    ]
    assert spending_state() == before
    spending_import.refresh_from_db()
    assert spending_import.status == SpendingImport.Status.PREVIEWED


def test_a_removed_target_also_counts_as_a_change(money_world):
    w = money_world
    spending_import = _preview(w, *GOOD_LINES)
    w.mysam_spending.delete()
    with pytest.raises(ValidationError, match="har ändrats sedan"):
        imports.apply(spending_import, by=w.admin)
    assert not Spending.objects.filter(intervention=w.mysam_intervention).exists()


def test_a_row_failing_during_apply_leaves_everything_as_it_was(money_world):
    """All or nothing: the third row fails after two were recorded; all are rolled back."""
    w = money_world
    spending_import = _preview(w, *GOOD_LINES)
    before = spending_state()
    real = services.record_spending
    calls = []

    def failing_on_third(*args, **kwargs):
        calls.append(args)
        if len(calls) == 3:
            raise ValidationError("Databasen svarade inte.")
        return real(*args, **kwargs)

    with (
        mock.patch.object(services, "record_spending", failing_on_third),
        pytest.raises(ValidationError) as error,
    ):
        imports.apply(spending_import, by=w.admin)

    assert len(calls) == 3
    assert error.value.messages == ["Rad 4: Databasen svarade inte."]
    assert spending_state() == before
    spending_import.refresh_from_db()
    assert spending_import.status == SpendingImport.Status.PREVIEWED
    assert not Spending.objects.filter(source_import=spending_import).exists()


def test_a_period_shortened_after_the_preview_refuses_the_whole_import(money_world):
    w = money_world
    spending_import = _preview(
        w,
        f"arbetstraning-alby;af;{THIS_YEAR};5;1000;",
        f"arbetstraning-alby;af;{NEXT_YEAR};6;2000;",
        f"arbetstraning-alby;af;{THIS_YEAR};7;3000;",
    )
    w.mysam_intervention.ends_on = datetime.date(THIS_YEAR, 12, 31)
    w.mysam_intervention.save()
    before = spending_state()

    with pytest.raises(ValidationError) as error:
        imports.apply(spending_import, by=w.admin)

    assert error.value.messages[0].startswith("Rad 3: Perioden ligger utanför insatsens period")
    assert spending_state() == before


def _xlsx_with_cell_xml(w, cell_xml):
    """A workbook whose amount cell's XML is replaced by `cell_xml`, as a damaged or hand-made
    file may hold it."""
    import zipfile

    good = xlsx_file(
        [
            ["insats", "part", "år", "månad", "belopp"],
            ["arbetstraning-alby", w.alby_party.code, THIS_YEAR, 3, 4711],
        ]
    ).read()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b"<v>4711</v>" in data
                data = data.replace(b"<v>4711</v>", cell_xml)
            target.writestr(item, data)
    return SimpleUploadedFile("utfall.xlsx", out.getvalue())


@pytest.mark.parametrize(
    ("cell_xml", "message"),
    [
        # openpyxl fails on these while iterating the rows, after load_workbook: was a 500.
        (b"<v>inf</v>", "Filen kunde inte läsas som en Excel-fil (.xlsx)."),
        (b"<v>nan</v>", "Filen kunde inte läsas som en Excel-fil (.xlsx)."),
        (b"<v>4711</x>", "Filen kunde inte läsas som en Excel-fil (.xlsx)."),
        # A float overflowing to infinity reached int() in parse_kronor: was a 500.
        (b"<v>1e400</v>", "Beloppet ska vara ett tal i hela kronor"),
    ],
)
def test_a_damaged_or_non_finite_xlsx_cell_is_refused_not_a_crash(
    money_world, client_for, cell_xml, message
):
    w = money_world
    before = spending_state()
    response = client_for(w.admin).post(
        reverse("funding:import"), {"file": _xlsx_with_cell_xml(w, cell_xml)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert spending_state() == before
    assert not SpendingImport.objects.exists()


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), Decimal("NaN")])
def test_non_finite_numbers_are_no_amount_and_no_year(value):
    with pytest.raises(ValidationError, match="Beloppet ska vara ett tal i hela kronor"):
        imports.parse_kronor(value)
    assert imports._parse_whole(value) is None


def test_codes_with_capitals_are_found_whatever_case_the_file_uses(money_world):
    """An intervention's code is a slug and may hold capitals; the file's code was lower-cased
    before the look-up, so such an intervention could never be imported to."""
    w = money_world
    w.mysam_intervention.code = "Arbetstraning-Alby"
    w.mysam_intervention.save(update_fields=["code"])
    for written in ("Arbetstraning-Alby", "arbetstraning-alby", "ARBETSTRANING-ALBY"):
        spending_import = imports.preview(
            w.federation,
            csv_file(f"{written};{w.af.code.upper()};{THIS_YEAR};4;100;"),
            by=None,
        )
        assert spending_import.rows[0]["intervention"] == w.mysam_intervention.pk
        assert spending_import.rows[0]["party"] == w.af.pk
