"""The report pages and their exports: the CSV and the Excel file hold exactly the page's table.

Who may read: the förbund's administrators and Länsledning everything, a Mysam member their
municipality's part, anyone else nothing.
"""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from samverkan.cases.models import Gender
from samverkan.funding.models import (
    FundingDecision,
    Grant,
    Intervention,
    Orientation,
    ParticipantPlan,
    Spending,
)
from tests.factories import LAST_YEAR, THIS_YEAR, make_case, signed_in

REPORT = reverse("funding:report")
FINSAM = reverse("funding:finsam")


def report_export(fmt):
    return reverse("funding:report_export", args=[fmt])


def finsam_export(fmt):
    return reverse("funding:finsam_export", args=[fmt])


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
            else:
                assert cell == value


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


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [REPORT, report_export("csv"), report_export("xlsx"), FINSAM, finsam_export("csv")],
)
def test_outsiders_are_refused(money_world, url):
    w = money_world
    response = signed_in(w.outsider).get(url)
    assert response.status_code == 403
    assert "Ekonomin läses av förbundets kansli" in response.content.decode()


def test_signed_out_users_are_sent_to_sign_in(money_world):
    from django.test import Client

    for url in (REPORT, report_export("csv"), FINSAM):
        response = Client().get(url)
        assert response.status_code == 302
        assert "login" in response["Location"] or "logga-in" in response["Location"]


@pytest.mark.parametrize("user", ["admin", "board_user", "mysam_user"])
def test_readers_see_the_reports(money_world, user):
    client = signed_in(getattr(money_world, user))
    assert client.get(REPORT).status_code == 200
    assert client.get(FINSAM).status_code == 200


def test_unknown_export_format_is_not_found(money_world):
    client = signed_in(money_world.admin)
    assert client.get(report_export("pdf")).status_code == 404
    assert client.get(finsam_export("json")).status_code == 404


def test_the_reports_change_nothing(money_world):
    client = signed_in(money_world.admin)
    assert client.post(REPORT).status_code == 405
    assert client.post(report_export("csv")).status_code == 405
    assert client.post(FINSAM).status_code == 405


# --- Budget against outcome ----------------------------------------------------------------------


def test_report_page_shows_the_table_and_a_chart(money_world):
    w = money_world
    response = signed_in(w.admin).get(REPORT, {"year": THIS_YEAR, "per": "intervention"})
    page = response.content.decode()
    table = response.context["table"]
    assert table.rows[0][:3] == ["Arbetsträning Alby", 300_000, 15_000]
    assert page.count("<h1>") == 1
    assert f"<caption>{table.title}</caption>" in page
    assert '<th scope="row">Arbetsträning Alby</th>' in page
    assert "4\xa0282\xa0812" in page  # the total granted
    assert "4\xa0267\xa0812" in page  # the total remaining
    assert 'role="img"' in page
    assert 'aria-labelledby="budget-outcome-chart-title budget-outcome-chart-desc"' in page
    assert "Arbetsträning Alby: beviljat 300\xa0000 kr, använt 15\xa0000 kr." in page
    assert "Du ser hela förbundets ekonomi." in page
    assert f"{report_export('csv')}?year={THIS_YEAR}&amp;per=intervention" in page


def test_bare_address_shows_this_year_per_intervention(money_world):
    response = signed_in(money_world.admin).get(REPORT)
    assert response.context["report"].year == THIS_YEAR
    assert response.context["report"].per == "intervention"


def test_empty_year_means_all_years(money_world):
    response = signed_in(money_world.admin).get(REPORT, {"year": "", "per": "year"})
    table = response.context["table"]
    assert [row[0] for row in table.rows] == [2020, LAST_YEAR, THIS_YEAR, THIS_YEAR + 1]
    assert "alla år" in table.title


@pytest.mark.parametrize("per", ["intervention", "party", "year", "municipality"])
@pytest.mark.parametrize("year", ["", str(THIS_YEAR), str(LAST_YEAR)])
def test_report_exports_equal_the_page(money_world, per, year):
    client = signed_in(money_world.admin)
    assert_exports_equal_page(client, REPORT, report_export, {"year": year, "per": per})


def test_export_files_are_named_after_the_choice(money_world):
    response = signed_in(money_world.admin).get(
        report_export("xlsx"), {"year": THIS_YEAR, "per": "municipality"}
    )
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="budget-och-utfall-per-kommun-{THIS_YEAR}.xlsx"'
    )


def test_mysam_member_sees_only_their_municipality(money_world):
    w = money_world
    client = signed_in(w.mysam_user)
    query = {"year": THIS_YEAR, "per": "municipality"}
    table = assert_exports_equal_page(client, REPORT, report_export, query)
    assert [row[0] for row in table.rows] == ["Alby"]
    page = client.get(REPORT, query).content.decode()
    assert '<th scope="row">Alby</th>' in page
    assert '<th scope="row">Bergby</th>' not in page
    assert (
        "Du ser din kommuns del: belopp till Alby och allt i insatser som Mysam Alby styr." in page
    )

    csv_text = client.get(report_export("csv"), {"year": "", "per": "party"}).content.decode(
        "utf-8-sig"
    )
    assert w.alby_party.name in csv_text
    for hidden in (w.fk.name, w.region.name, w.bergby_party.name):
        assert hidden not in csv_text


def test_per_municipality_says_state_and_region_are_left_out(money_world):
    page = (
        signed_in(money_world.admin)
        .get(REPORT, {"year": THIS_YEAR, "per": "municipality"})
        .content.decode()
    )
    assert "Statliga parter och regionen är inte kommuner" in page


def test_bad_choices_are_named_in_swedish(money_world):
    client = signed_in(money_world.admin)
    response = client.get(REPORT, {"year": "tjugo", "per": "kvartal"})
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["table"] is None
    assert "Ange ett år mellan 2000 och 2100" in page
    assert "Välj insats, part, år eller kommun." in page
    export = client.get(report_export("csv"), {"year": "1999", "per": "party"})
    assert export.status_code == 400
    assert "Ange ett år mellan 2000 och 2100" in export.content.decode()


def test_no_figures_for_the_year(money_world):
    response = signed_in(money_world.admin).get(REPORT, {"year": 2010, "per": "party"})
    assert response.context["table"].rows == []
    assert "Det finns inga beviljade belopp" in response.content.decode()
    assert 'role="img"' not in response.content.decode()


def _more_interventions(w, count, prefix="extra"):
    """`count` interventions this year, each with three grants, spending and a plan."""
    for n in range(count):
        intervention = Intervention.objects.create(
            federation=w.federation,
            code=f"{prefix}-{n}",
            name=f"Extra insats {n}",
            orientation=Orientation.STRUCTURAL if n % 2 else Orientation.INDIVIDUAL,
            starts_on=datetime.date(THIS_YEAR, 1, 1),
            ends_on=datetime.date(THIS_YEAR, 12, 31),
            steering_group=w.mysam,
        )
        decision = FundingDecision.objects.create(
            federation=w.federation,
            intervention=intervention,
            title=intervention.name,
            outcome=FundingDecision.Outcome.GRANTED,
        )
        for party in (w.fk, w.alby_party, w.bergby_party):
            Grant.objects.create(
                decision=decision,
                intervention=intervention,
                party=party,
                year=THIS_YEAR,
                amount=10_000 + n,
            )
        Spending.objects.create(
            intervention=intervention, party=w.alby_party, year=THIS_YEAR, month=1, amount=n
        )
        ParticipantPlan.objects.create(intervention=intervention, year=THIS_YEAR, planned=n)


def _queries(client, url, query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query).status_code == 200
    return len(queries)


@pytest.mark.parametrize("user", ["admin", "mysam_user"])
@pytest.mark.parametrize("per", ["intervention", "party", "municipality"])
def test_report_queries_do_not_grow_with_the_rows(money_world, user, per):
    w = money_world
    client = signed_in(getattr(w, user))
    query = {"year": THIS_YEAR, "per": per}
    _more_interventions(w, 2)
    before = _queries(client, REPORT, query)
    _more_interventions(w, 8, prefix="fler")
    after = _queries(client, REPORT, query)
    assert after == before
    assert after <= 40


# --- Uppföljning Finsam -------------------------------------------------------------------------


@pytest.fixture
def cases(money_world):
    w = money_world
    new_year = datetime.date(THIS_YEAR, 1, 1)
    for gender in (Gender.WOMAN, Gender.WOMAN, Gender.MAN, Gender.OTHER):
        make_case(w.trisam, w.rehab, user=w.admin, raised_on=new_year, gender=gender)
    make_case(
        w.trisam,
        w.rehab,
        user=w.admin,
        raised_on=datetime.date(LAST_YEAR, 12, 31),
        gender=Gender.MAN,
    )
    return w


def test_finsam_page_shows_counts_and_the_note(cases):
    w = cases
    response = signed_in(w.admin).get(FINSAM, {"year": THIS_YEAR})
    page = response.content.decode()
    table = response.context["table"]
    trisam = next(row for row in table.rows if row[0] == "Trisam timmar, handläggare")
    assert trisam[1] == "individinriktad"
    assert trisam[6:] == [2, 1, 1, 4]
    assert "Uppföljning Finsam räknar kvinnor och män" in page
    assert "ingår i totalen" in page
    assert f"<caption>Uppföljning Finsam {THIS_YEAR}</caption>" in page
    # Counts only: no name of the individuals anywhere on the page.
    assert "Testa Testsson" not in page


def test_finsam_structural_interventions_show_a_dash(cases):
    page = signed_in(cases.admin).get(FINSAM, {"year": 2020}).content.decode()
    assert "strukturövergripande" in page
    assert '<td class="num">–</td>' in page


@pytest.mark.parametrize("year", [LAST_YEAR, THIS_YEAR, 2020])
@pytest.mark.parametrize("user", ["admin", "mysam_user"])
def test_finsam_exports_equal_the_page(cases, year, user):
    client = signed_in(getattr(cases, user))
    if user == "mysam_user" and year == 2020:
        response = client.get(FINSAM, {"year": year})
        assert response.context["table"].rows == []
        return
    assert_exports_equal_page(client, FINSAM, finsam_export, {"year": year})


def test_finsam_mysam_member_sees_their_municipality(cases):
    w = cases
    bergby_team_case_world(w)
    admin = signed_in(w.admin).get(FINSAM, {"year": THIS_YEAR}).context["table"]
    mysam = signed_in(w.mysam_user).get(FINSAM, {"year": THIS_YEAR}).context["table"]
    name = "Trisam timmar, handläggare"
    assert next(r for r in admin.rows if r[0] == name)[6:] == [2, 3, 1, 6]
    # Alby's team only (2 women, 1 man, 1 other): too few to show outside the förbund's overview.
    assert next(r for r in mysam.rows if r[0] == name)[6:] == ["<5", "<5", "<5", "<5"]
    assert next(r for r in mysam.rows if r[0] == name)[3] == 915_412
    page = signed_in(w.mysam_user).get(FINSAM, {"year": THIS_YEAR}).content.decode()
    assert "&lt;5" in page


def bergby_team_case_world(w):
    from samverkan.structure.models import GroupKind
    from tests.factories import make_group, make_person

    team = make_group(w.federation, GroupKind.TRISAM, unit=w.bergby_hc)
    rehab = make_person(w.federation, w.region, unit=w.bergby_hc)
    for _ in range(2):
        make_case(
            team, rehab, user=w.admin, raised_on=datetime.date(THIS_YEAR, 1, 1), gender=Gender.MAN
        )


def test_finsam_bad_year(money_world):
    client = signed_in(money_world.admin)
    response = client.get(FINSAM, {"year": ""})
    assert response.context["table"] is None
    assert "Ange ett år mellan 2000 och 2100" in response.content.decode()
    assert client.get(finsam_export("xlsx"), {"year": "x"}).status_code == 400


def test_finsam_queries_are_bounded(cases):
    w = cases
    client = signed_in(w.admin)
    query = {"year": THIS_YEAR}
    _more_interventions(w, 2)
    before = _queries(client, FINSAM, query)
    _more_interventions(w, 8, prefix="fler")
    after = _queries(client, FINSAM, query)
    # Only interventions that count cases cost a query each; the extra ones do not.
    assert after == before
