"""The county dashboard: who reads it, what it shows (protected), bad choices, and that its
queries do not grow with the cases."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from samverkan.cases.models import Case, Gender
from samverkan.demo import volume
from samverkan.followup.indicators import INDICATORS
from samverkan.funding.models import Goal, Intervention, Orientation
from samverkan.meetings import series
from samverkan.meetings.tests.fixtures import PRESENT, held_meeting
from samverkan.structure.models import Membership
from tests.exports import csv_rows
from tests.factories import (
    YEAR_AGO,
    at,
    give_consent,
    make_case,
    make_membership,
    make_person,
    make_user,
    signed_in,
)
from tests.pdf_checks import tagged_pdf

URL = reverse("followup:dashboard")
YEAR = {"year": 2025, "part": "year"}
FEW, HIDDEN = "färre än 5", "dolt"


def raised_row(page, heading):
    """The cells of the row `heading` in the table of cases raised."""
    section = page.split('id="indikator-raised"', 1)[1].split("</section>", 1)[0]
    row = section.split(f'<th scope="row">{heading}</th>', 1)[1].split("</tr>", 1)[0]
    return [cell.split(">", 1)[1] for cell in row.split("</td>")[:-1]]


def more_cases(w, women, men):
    for gender, count in ((Gender.WOMAN, women), (Gender.MAN, men)):
        for _n in range(count):
            make_case(
                w.trisam,
                w.rehab,
                user=w.rehab_user,
                raised_on=datetime.date(2025, 9, 1),
                gender=gender,
            )


@pytest.fixture
def mysam_member(goal_cases):
    w = goal_cases
    person = make_person(w.federation, w.alby_party, first_name="Mona", last_name="Mysam")
    make_membership(person, w.mysam, role=Membership.Role.MEMBER, valid_from=YEAR_AGO)
    return make_user(person, username="mysam-ledamot")


def test_the_county_sees_every_indicator_protected(goal_cases):
    w = goal_cases
    more_cases(w, women=6, men=5)
    response = signed_in(w.kansli).get(URL, YEAR)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Uppföljning av Trisams mål</h1>" in page
    # Raised in 2025: 7 women, 7 men, 1 other of 15; the one "other" hides the women too.
    assert raised_row(page, "2025") == [HIDDEN, "7", FEW, "15"]
    # 2024: one woman, too few for anything to show.
    assert raised_row(page, "2024") == [FEW, FEW, FEW, FEW]
    for title in ("Deltog i sitt eget Trisam-möte", "Sexmånadersuppföljningen gjord i tid"):
        assert title in page
    assert "Bör öka" in page and "Bör minska" in page
    # Shares built on fewer than five people are not shown.
    indicators = page.split('id="mysam-och-tackning"', 1)[0]
    assert "50 %" not in indicators


def test_a_municipality_is_read_from_the_countys_table(goal_cases):
    w = goal_cases
    more_cases(w, women=6, men=5)
    page = signed_in(w.kansli).get(URL, {**YEAR, "municipality": w.alby.pk}).content.decode()
    assert "<h2>Alby, 2025</h2>" in page
    assert raised_row(page, "2025") == [HIDDEN, "7", FEW, "15"]
    bergby = signed_in(w.kansli).get(URL, {**YEAR, "municipality": w.bergby.pk}).content
    assert raised_row(bergby.decode(), "2025") == ["0", "0", "0", "0"]


def test_a_mysam_member_reads_their_municipality_only(goal_cases, mysam_member):
    w = goal_cases
    client = signed_in(mysam_member)
    response = client.get(URL, YEAR)
    assert response.status_code == 200
    assert "<h2>Alby, 2025</h2>" in response.content.decode()
    choices = [value for value, _label in response.context["form"].fields["municipality"].choices]
    assert choices == [w.alby.pk]
    refused = client.get(URL, {**YEAR, "municipality": w.bergby.pk})
    assert refused.status_code == 200
    assert refused.context["panels"] is None
    assert "Välj en av kommunerna i listan." in refused.content.decode()


@pytest.mark.parametrize("who", ["kansli", "process_leader_user"])
def test_the_kansli_and_the_process_leaders_read_the_whole_county(goal_cases, who):
    response = signed_in(getattr(goal_cases, who)).get(URL, YEAR)
    assert response.status_code == 200
    assert "Hela förbundet" in response.content.decode()


@pytest.mark.parametrize("who", ["af_user", "rehab_user", "log_reviewer"])
def test_others_are_refused(goal_cases, who):
    response = signed_in(getattr(goal_cases, who)).get(URL)
    assert response.status_code == 403
    assert "Uppföljningen av Trisams mål läses av" in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(goal_cases):
    response = Client().get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_bad_choices_are_named_in_swedish(goal_cases):
    client = signed_in(goal_cases.kansli)
    for query, message in (
        ({"year": "tjugo", "part": "year"}, "Ange ett år mellan 2000 och 2100"),
        ({"year": 2025, "part": "q5"}, "Välj helår, ett halvår eller ett kvartal."),
    ):
        response = client.get(URL, query)
        assert response.status_code == 200
        assert response.context["panels"] is None
        assert message in response.content.decode()
    assert client.post(URL).status_code == 405


def test_a_quarter_is_compared_with_the_quarter_before(goal_cases):
    page = signed_in(goal_cases.kansli).get(URL, {"year": 2025, "part": "q1"}).content.decode()
    assert "Första kvartalet 2025" in page and "Fjärde kvartalet 2024" in page


def test_the_bare_address_shows_this_year(goal_cases):
    response = signed_in(goal_cases.kansli).get(URL)
    assert response.status_code == 200
    assert response.context["panels"] is not None


def test_queries_do_not_grow_with_the_cases(goal_cases):
    """From the hand-built handful to over a thousand cases in every state (the demo's
    generator), each follow-up page and export makes the same number of queries."""
    w = goal_cases
    # A consent among the few, as among the many: a list loads consents' parties only if any.
    first = Case.objects.get(team=w.trisam, raised_on=datetime.date(2025, 2, 1))
    give_consent(first, [w.region, w.fk], w.rehab, given_on=datetime.date(2025, 2, 5))
    kansli, team = signed_in(w.kansli), signed_in(w.rehab_user)
    place = {**YEAR, "municipality": w.alby.pk}
    pages = [
        (kansli, URL, YEAR),
        (kansli, URL, place),
        *((kansli, reverse(EXPORT, args=[fmt]), YEAR) for fmt in ("csv", "xlsx", "pdf")),
        (kansli, reverse("followup:teams_compared"), YEAR),
        (kansli, reverse("followup:trends"), {"year": 2025}),
        (kansli, reverse("followup:teams_compared_export", args=["xlsx"]), YEAR),
        (team, reverse("followup:team", args=[w.trisam.pk]), YEAR),
        (team, reverse("followup:team_cases", args=[w.trisam.pk, "raised"]), YEAR),
    ]

    def queries():
        counts = []
        for client, url, query in pages:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url, query).status_code == 200, url
            counts.append(len(captured))
        return counts

    few = queries()
    generated = volume.generate_cases(
        w.federation, years=(2024, 2025), per_year=600, today=datetime.date(2026, 6, 30)
    )
    assert Case.objects.count() > 1000 and generated.created == 1200
    assert queries() == few


def test_the_start_page_leads_its_readers_to_the_dashboard(goal_cases, mysam_member):
    start = reverse("start")
    assert f'href="{URL}"' in signed_in(mysam_member).get(start).content.decode()
    assert f'href="{URL}"' not in signed_in(goal_cases.af_user).get(start).content.decode()


# --- Exports ------------------------------------------------------------------------------------

EXPORT = "followup:dashboard_export"


def page_tables(page):
    """{caption's indicator title: [[heading, cells...]]} of every indicator table on the page."""
    tables = {}
    for section in page.split('<section aria-labelledby="indikator-')[1:]:
        title = section.split("<h3", 1)[1].split(">", 1)[1].split("</h3>", 1)[0]
        body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        rows = []
        for row in body.split("<tr>")[1:]:
            heading, rest = row.split('<th scope="row">', 1)[1].split("</th>", 1)
            cells = [cell.split(">", 1)[1] for cell in rest.split("</td>")[:-1]]
            rows.append([heading, *cells])
        tables[title] = rows
    return tables


def csv_tables(rows):
    """{title: [headings, *rows]} of a CSV of several tables, each a title line, the headings
    and the rows, with an empty line between tables."""
    tables, block = {}, []
    for row in [*rows, []]:
        if row:
            block.append(row)
        elif block:
            tables[block[0][0]] = block[1:]
            block = []
    return tables


def as_on_page(cell):
    return "–" if cell == "" else cell


def test_the_csv_holds_exactly_the_pages_figures(goal_cases):
    w = goal_cases
    more_cases(w, women=6, men=5)
    client = signed_in(w.kansli)
    page = page_tables(client.get(URL, YEAR).content.decode())
    response = client.get(reverse(EXPORT, args=["csv"]), YEAR)
    assert response.status_code == 200
    assert 'filename="uppfoljning-trisam-testlan-2025.csv"' in response["Content-Disposition"]
    exported = csv_tables(csv_rows(response))
    assert list(exported)[0] == "Om siffrorna"
    assert "Definitioner" in exported
    for title, rows in page.items():
        headings, *body = exported[title]
        assert headings == ["Mått", "Kvinnor", "Män", "Annan", "Totalt"]
        assert [[as_on_page(cell) for cell in row] for row in body] == rows, title
    assert exported["Aktualiserade ärenden"][1] == ["2025", HIDDEN, "7", FEW, "15"]


def test_the_excel_file_has_a_sheet_per_table_definitions_and_the_note(goal_cases):
    w = goal_cases
    more_cases(w, women=6, men=5)
    client = signed_in(w.kansli)
    response = client.get(reverse(EXPORT, args=["xlsx"]), {**YEAR, "municipality": w.alby.pk})
    assert response.status_code == 200
    assert 'filename="uppfoljning-trisam-alby-2025.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    names = workbook.sheetnames
    assert names[0] == "Om siffrorna" and names[-1] == "Definitioner"
    # About, one sheet per indicator, the median days, the structure's two, the definitions.
    assert len(names) == 2 + len(INDICATORS) + 2 + 1
    assert names[-3:-1] == ["Mysam och täckning", "Närvaro per part i Mysam"]
    about = {row[0]: row[1] for row in workbook["Om siffrorna"].iter_rows(values_only=True)}
    assert about["Urval"] == "Alby" and about["Period"] == "2025" and about["Jämförs med"] == "2024"
    assert "färre än 5" in about["Små antal"]
    raised = list(workbook["Aktualiserade ärenden"].iter_rows(values_only=True))
    assert raised[0] == ("Mått", "Kvinnor", "Män", "Annan", "Totalt")
    assert raised[1] == ("2025", HIDDEN, 7, FEW, 15)
    assert workbook["Aktualiserade ärenden"]["C2"].font.bold is False
    assert workbook["Aktualiserade ärenden"]["A1"].font.bold is True
    definitions = list(workbook["Definitioner"].iter_rows(values_only=True))
    assert len(definitions) == 1 + len(INDICATORS)
    participation = next(row for row in definitions if row[0] == "Deltog i sitt eget Trisam-möte")
    assert participation[1] == "Teammötets datum, när mötet har hållits"
    assert participation[3] == "Personen deltog" and participation[4] == "Bör öka"


def test_shares_in_excel_are_percentages_rounded_as_on_the_page(goal_cases):
    w = goal_cases
    for index in range(13):  # 7 of 13 took part in their meeting: 54 %
        make_case(
            w.trisam,
            w.rehab,
            user=w.rehab_user,
            raised_on=datetime.date(2025, 8, 1),
            meeting_on=datetime.date(2025, 9, 1),
            participation=Case.Participation.TOOK_PART
            if index < 7
            else Case.Participation.DID_NOT_TAKE_PART,
        )
    client = signed_in(w.kansli)
    page = page_tables(client.get(URL, YEAR).content.decode())
    response = client.get(reverse(EXPORT, args=["xlsx"]), YEAR)
    workbook = load_workbook(io.BytesIO(response.content))
    shown = 0
    # After the sheet about the figures, one sheet per indicator in the page's order.
    for sheet, rows in zip(workbook.worksheets[1:], page.values(), strict=False):
        for row_index, row in enumerate(rows, start=2):
            for column, text in enumerate(row[1:], start=2):
                cell = sheet.cell(row=row_index, column=column)
                if text.endswith(" %"):
                    shown += 1
                    assert cell.number_format == "0 %"
                    assert round(cell.value * 100) == int(text.removesuffix(" %"))
    assert shown > 0
    participation = workbook.worksheets[1 + list(INDICATORS).index("participation")]
    assert participation["A2"].value == "Andel, 2025"


def test_a_mysam_member_exports_their_municipality_only(goal_cases, mysam_member):
    w = goal_cases
    client = signed_in(mysam_member)
    mine = client.get(reverse(EXPORT, args=["csv"]), YEAR)
    assert mine.status_code == 200
    assert ["Urval", "Alby"] in csv_rows(mine)
    other = client.get(reverse(EXPORT, args=["csv"]), {**YEAR, "municipality": w.bergby.pk})
    assert other.status_code == 400
    assert "Välj en av kommunerna i listan." in other.content.decode()


@pytest.mark.parametrize("who", ["af_user", "rehab_user", "log_reviewer"])
def test_others_get_no_export(goal_cases, who):
    response = signed_in(getattr(goal_cases, who)).get(reverse(EXPORT, args=["csv"]), YEAR)
    assert response.status_code == 403


def test_bad_export_choices_are_refused_in_swedish(goal_cases):
    client = signed_in(goal_cases.kansli)
    response = client.get(reverse(EXPORT, args=["xlsx"]), {"year": 2025, "part": "q9"})
    assert response.status_code == 400
    assert "Exporten kunde inte göras: Välj helår, ett halvår eller ett kvartal." in (
        response.content.decode()
    )
    assert client.get(reverse(EXPORT, args=["docx"]), YEAR).status_code == 404


def test_the_main_menu_has_follow_up_for_its_readers_only(goal_cases, mysam_member):
    w = goal_cases
    entry = f'<a href="{URL}">Uppföljning</a>'
    for reader in (w.kansli, w.process_leader_user, mysam_member):
        assert entry in signed_in(reader).get(reverse("start")).content.decode(), reader
    for other in (w.af_user, w.rehab_user):
        assert entry not in signed_in(other).get(reverse("start")).content.decode(), other
    # On the dashboard itself the entry is the current page; under it, the current section.
    client = signed_in(w.kansli)
    assert (
        f'<a href="{URL}" aria-current="page">Uppföljning</a>' in client.get(URL).content.decode()
    )
    finsam = client.get(reverse("followup:finsam")).content.decode()
    assert f'<a href="{URL}" aria-current="true">Uppföljning</a>' in finsam


def test_a_changed_case_shows_on_the_next_request(goal_cases):
    """The figures are counted from the cases at each request: no summary to fall behind."""
    w = goal_cases
    more_cases(w, women=6, men=5)
    client = signed_in(w.kansli)
    assert raised_row(client.get(URL, YEAR).content.decode(), "2025") == [HIDDEN, "7", FEW, "15"]
    other = Case.objects.get(team=w.trisam, gender=Gender.OTHER)
    other.gender = Gender.WOMAN
    other.save()
    assert raised_row(client.get(URL, YEAR).content.decode(), "2025") == ["8", "7", "0", "15"]


def test_the_pdf_report_is_tagged_and_holds_the_pages_figures(goal_cases):
    w = goal_cases
    more_cases(w, women=6, men=5)
    client = signed_in(w.kansli)
    page = page_tables(client.get(URL, {**YEAR, "municipality": w.alby.pk}).content.decode())
    response = client.get(reverse(EXPORT, args=["pdf"]), {**YEAR, "municipality": w.alby.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="uppfoljning-trisam-alby-2025.pdf"' in response["Content-Disposition"]
    document = tagged_pdf(response.content)
    assert document.title == "Uppföljning av Trisams mål – Alby, 2025"
    assert "Table" in document.structure_types
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    )
    for title, rows in page.items():
        assert title in text
        for row in rows:
            assert " ".join([row[0], *row[1:]]) in text, (title, row)
    assert "Definitioner" in text and "Teammötets datum, när mötet har hållits" in text


# --- The structure's part: Mysam meetings, time and coverage -------------------------------------


def structure_rows(page):
    section = page.split('id="mysam-och-tackning"', 1)[1].split("</section>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", section):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        rows[cells[0]] = cells[1:]
    return rows


def test_the_structure_part_counts_mysam_meetings_attendance_and_coverage(goal_cases):
    w = goal_cases
    member = make_person(w.federation, w.alby_party, first_name="Mona", last_name="Mysam")
    make_membership(
        member, w.mysam, role=Membership.Role.MEMBER, valid_from=datetime.date(2024, 1, 1)
    )
    held_meeting(w.mysam, datetime.date(2025, 3, 12), [(member, PRESENT, None)])
    series.create_meeting(w.mysam, at(datetime.date(2025, 6, 11), 13), duration_minutes=90)
    page = signed_in(w.kansli).get(URL, YEAR).content.decode()
    rows = structure_rows(page)
    assert rows["Mysam-möten hållna av planerade"] == ["1 av 2 (50 %)", "–"]
    assert "Tid i Mysam mot åtagandena (timmar)" in rows
    units = rows["Vårdenheter med Trisam-team (mål: alla)"][0]
    assert units.endswith("%)") and " av " in units
    attendance = page.split("Närvaro per part i Mysam</caption>", 1)[1].split("</table>", 1)[0]
    assert '<th scope="row">Albys kommun</th><td class="num">1 av 1 (100 %)</td>' in attendance


def test_a_mysam_member_sees_their_municipalitys_meetings_without_time_accounts(
    goal_cases, mysam_member
):
    w = goal_cases
    page = signed_in(mysam_member).get(URL, YEAR).content.decode()
    rows = structure_rows(page)
    assert "Mysam-möten hållna av planerade" in rows
    assert "Tid i Mysam mot åtagandena (timmar)" not in rows
    assert "Kommuner med Mysam-grupp" not in rows  # one municipality: the county's figure
    assert "Alby" in page.split("<h2>", 1)[1].split("</h2>", 1)[0]
    assert w.mysam.municipality.name == "Alby"


# --- The targets of the förbund's goals ----------------------------------------------------------


def test_a_goals_target_stands_beside_its_measure_while_its_intervention_runs(goal_cases):
    w = goal_cases
    more_cases(w, women=6, men=5)
    running = Intervention.objects.create(
        federation=w.federation,
        code="trisam-2025",
        name="Trisam 2025",
        orientation=Orientation.INDIVIDUAL,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    Goal.objects.create(
        intervention=running,
        aim="800 om året",
        indicator="Antal individer",
        direction=Goal.Direction.REACH,
        unit=Goal.Unit.COUNT,
        by_gender=False,
        measure="raised",
        target_total=800,
    )
    Goal.objects.create(
        intervention=running,
        aim="Delaktighet",
        indicator="Andel som deltar",
        direction=Goal.Direction.INCREASE,
        measure="participation",
        target_women=80,
        target_men=75,
        target_total=78,
    )
    client = signed_in(w.kansli)
    page = client.get(URL, YEAR).content.decode()
    assert raised_row(page, "Mål, Trisam 2025") == ["–", "–", "–", "800"]
    exported = csv_tables(csv_rows(client.get(reverse(EXPORT, args=["csv"]), YEAR)))
    participation = {row[0]: row[1:] for row in exported["Deltog i sitt eget Trisam-möte"]}
    assert participation["Mål, Trisam 2025"] == ["80 %", "75 %", "", "78 %"]
    # The goals are the förbund's, not shown beside one municipality's figures.
    alby = client.get(URL, {**YEAR, "municipality": w.alby.pk}).content.decode()
    assert "Mål, Trisam 2025" not in alby
    # Another year: the intervention does not run, and its goals are not shown.
    later = client.get(URL, {"year": 2026, "part": "year"}).content.decode()
    assert "Mål, Trisam 2025" not in later
