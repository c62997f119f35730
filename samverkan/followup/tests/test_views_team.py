"""A team's own follow-up: exact over the cases the reader may see, protected over the rest,
opened down to the reader's own cases only, and refused to everyone outside the team's case
seats."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import slugify
from pypdf import PdfReader

from samverkan.cases.models import Case
from samverkan.core.models import AccessLogEntry
from tests.factories import give_consent, make_case, signed_in
from tests.pdf_checks import tagged_pdf

YEAR = {"year": 2025, "part": "year"}
FEW = "färre än 5"


def team_url(w):
    return reverse("followup:team", args=[w.trisam.pk])


def behind_url(w, key):
    return reverse("followup:team_cases", args=[w.trisam.pk, key])


def row(page, key, heading):
    """The cells of the row `heading` in indicator `key`'s table."""
    section = page.split(f'id="indikator-{key}"', 1)[1].split("</section>", 1)[0]
    cells = section.split(f'<th scope="row">{heading}</th>', 1)[1].split("</tr>", 1)[0]
    return [cell.split(">", 1)[1] for cell in cells.split("</td>")[:-1]]


def case_a(w):
    return Case.objects.filter(team=w.trisam, raised_on=datetime.date(2025, 2, 1)).get()


def test_the_raising_party_sees_its_own_cases_exactly(goal_cases):
    w = goal_cases
    response = signed_in(w.rehab_user).get(team_url(w), YEAR)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Uppföljning för" in page
    # A (woman), B and F (men), C (other) were raised by the Region in 2025; D never counts
    # and E, erased, is not the reader's to see any more (and was raised in 2024).
    assert row(page, "raised", "Dina ärenden, 2025") == ["1", "2", "1", "4"]
    assert row(page, "raised", "Dina ärenden, 2024") == ["0", "0", "0", "0"]
    assert row(page, "raised", "Teamets övriga ärenden, 2025") == ["0", "0", "0", "0"]
    # Participation: A and C took part, B did not; E (declined) is erased, so among the others.
    assert row(page, "participation", "Dina ärenden: andel") == ["100 %", "0 %", "100 %", "67 %"]
    assert row(page, "participation", "Övriga ärenden: av") == [FEW, FEW, FEW, FEW]


def test_another_party_sees_the_teams_cases_protected_until_a_consent_names_it(goal_cases):
    w = goal_cases
    client = signed_in(w.fk_user)
    page = client.get(team_url(w), YEAR).content.decode()
    assert row(page, "raised", "Dina ärenden, 2025") == ["0", "0", "0", "0"]
    assert row(page, "raised", "Teamets övriga ärenden, 2025") == [FEW, FEW, FEW, FEW]
    give_consent(case_a(w), [w.fk, w.region], w.rehab, given_on=datetime.date(2025, 2, 10))
    page = client.get(team_url(w), YEAR).content.decode()
    assert row(page, "raised", "Dina ärenden, 2025") == ["1", "0", "0", "1"]
    assert row(page, "raised", "Teamets övriga ärenden, 2025") == [FEW, FEW, FEW, FEW]


def test_the_cases_behind_a_figure_are_the_readers_own_and_their_names_are_logged(goal_cases):
    w = goal_cases
    client = signed_in(w.rehab_user)
    before = AccessLogEntry.objects.count()
    response = client.get(behind_url(w, "participation"), YEAR)
    assert response.status_code == 200
    counted = [row["case"].raised_on.isoformat() for row in response.context["rows"]]
    assert counted == ["2025-02-01", "2025-04-01"]  # A and C took part
    page = response.content.decode()
    assert "Räknas i täljaren, 2025: 2 ärenden" in page and "Testa Testsson" in page
    # The rest of the denominator is the other tab.
    rest = client.get(behind_url(w, "participation"), {**YEAR, "visa": "ovriga"})
    assert [row["case"].raised_on.isoformat() for row in rest.context["rows"]] == ["2025-03-01"]
    assert "Räknas i nämnaren men inte i täljaren, 2025: 1 ärende" in rest.content.decode()
    logged = AccessLogEntry.objects.order_by("pk")[before:]
    assert [entry.what for entry in logged] == ["namn i ärendelistan"] * 3
    assert {entry.case_code for entry in logged} == {
        row["case"].code for row in response.context["rows"] + rest.context["rows"]
    }


def test_a_long_list_comes_in_pages_and_only_the_page_shown_is_logged(goal_cases):
    w = goal_cases
    for _n in range(55):
        make_case(w.trisam, w.rehab, user=w.rehab_user, raised_on=datetime.date(2025, 9, 1))
    client = signed_in(w.rehab_user)
    before = AccessLogEntry.objects.count()
    first = client.get(behind_url(w, "raised"), YEAR)
    assert len(first.context["rows"]) == 50
    assert "Sida 1 av 2" in first.content.decode()
    second = client.get(behind_url(w, "raised"), {**YEAR, "page": 2})
    assert len(second.context["rows"]) == first.context["page"].paginator.count - 50
    logged = AccessLogEntry.objects.order_by("pk")[before:]
    assert len(logged) == first.context["page"].paginator.count


def test_a_plain_count_has_no_rest_to_show(goal_cases):
    w = goal_cases
    response = signed_in(w.rehab_user).get(behind_url(w, "raised"), {**YEAR, "visa": "ovriga"})
    assert response.context["is_share"] is False and response.context["showing_rest"] is False


def test_a_party_without_sight_of_the_cases_gets_an_empty_list(goal_cases):
    w = goal_cases
    response = signed_in(w.af_user).get(behind_url(w, "raised"), YEAR)
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "Testa Testsson" not in response.content.decode()


@pytest.mark.parametrize(
    "who", ["kansli", "process_leader_user", "other_team_user", "log_reviewer", "former_user"]
)
def test_nobody_outside_the_teams_case_seats_reaches_it(goal_cases, who):
    w = goal_cases
    client = signed_in(getattr(w, who))
    assert client.get(team_url(w), YEAR).status_code == 404
    assert client.get(behind_url(w, "raised"), YEAR).status_code == 404


def test_bad_choices_are_named_in_swedish_and_an_unknown_figure_is_not_found(goal_cases):
    w = goal_cases
    client = signed_in(w.rehab_user)
    response = client.get(team_url(w), {"year": 2025, "part": "q7"})
    assert response.status_code == 200 and response.context["panels"] is None
    assert "Välj helår, ett halvår, ett kvartal eller egna datum." in response.content.decode()
    behind = client.get(behind_url(w, "raised"), {"year": "x", "part": "year"})
    assert behind.status_code == 200 and behind.context["rows"] is None
    assert client.get(behind_url(w, "no-such-figure"), YEAR).status_code == 404


def test_the_teams_case_list_leads_to_its_follow_up(goal_cases):
    w = goal_cases
    page = signed_in(w.rehab_user).get(reverse("cases:team", args=[w.trisam.pk])).content
    assert f'href="{team_url(w)}"' in page.decode()


def test_queries_do_not_grow_with_the_cases(goal_cases):
    w = goal_cases
    client = signed_in(w.rehab_user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(team_url(w), YEAR).status_code == 200
        return len(captured)

    few = queries()
    for _n in range(15):
        make_case(w.trisam, w.rehab, user=w.rehab_user, raised_on=datetime.date(2025, 9, 1))
    assert queries() == few


def test_a_changed_case_shows_on_the_next_request(goal_cases):
    """The figures are counted from the cases at each request: no summary to fall behind."""
    w = goal_cases
    client = signed_in(w.rehab_user)
    page = client.get(team_url(w), YEAR).content.decode()
    assert row(page, "participation", "Dina ärenden: antal") == ["1", "0", "1", "2"]
    b = Case.objects.get(team=w.trisam, raised_on=datetime.date(2025, 3, 1))
    b.participation = Case.Participation.TOOK_PART
    b.save()
    page = client.get(team_url(w), YEAR).content.decode()
    assert row(page, "participation", "Dina ärenden: antal") == ["1", "1", "1", "3"]


# --- The team's PDF report -----------------------------------------------------------------------


def test_the_teams_pdf_report_is_tagged_and_holds_the_pages_figures(goal_cases):
    w = goal_cases
    client = signed_in(w.rehab_user)
    page = client.get(team_url(w), YEAR).content.decode()
    assert reverse("followup:team_report", args=[w.trisam.pk]) in page
    response = client.get(reverse("followup:team_report", args=[w.trisam.pk]), YEAR)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    slug = slugify(w.trisam.name)
    assert f'filename="uppfoljning-{slug}-2025.pdf"' in response["Content-Disposition"]
    document = tagged_pdf(response.content)
    assert document.title == f"Uppföljning av Trisams mål – {w.trisam.name}, 2025"
    text = " ".join(
        " ".join(sheet.extract_text().split())
        for sheet in PdfReader(io.BytesIO(response.content)).pages
    )
    for key, heading in (
        ("raised", "Dina ärenden, 2025"),
        ("raised", "Teamets övriga ärenden, 2025"),
        ("participation", "Dina ärenden: andel"),
    ):
        assert " ".join([heading, *row(page, key, heading)]) in text, heading
    assert "Du företräder" in text and "Definitioner" in text


def test_the_teams_pdf_is_for_its_members_and_refuses_bad_choices(goal_cases):
    w = goal_cases
    url = reverse("followup:team_report", args=[w.trisam.pk])
    for outsider in (w.kansli, w.other_team_user, w.process_leader_user):
        assert signed_in(outsider).get(url, YEAR).status_code == 404
    response = signed_in(w.rehab_user).get(url, {"year": 2025, "part": "q7"})
    assert response.status_code == 400
    assert "Välj helår, ett halvår, ett kvartal eller egna datum." in response.content.decode()


# --- Any range of days, for the reader's own cases ----------------------------------------------

RANGE = {"year": 2025, "part": "range", "start": "2025-02-01", "end": "2025-03-31"}


def test_a_range_of_days_shows_the_readers_own_cases_exactly_and_nothing_else(goal_cases):
    w = goal_cases
    client = signed_in(w.rehab_user)
    response = client.get(team_url(w), RANGE)
    assert response.status_code == 200
    page = response.content.decode()
    # A (a woman, 1 February) and B (a man, 1 March) were raised in the range.
    assert row(page, "raised", "Dina ärenden, 2025-02-01–2025-03-31") == ["1", "1", "0", "2"]
    # The baseline: the same number of days just before, 4 December 2024 – 31 January 2025.
    # E, raised then, is erased: no identity to see, so among the team's others, not shown.
    assert row(page, "raised", "Dina ärenden, 2024-12-04–2025-01-31") == ["0", "0", "0", "0"]
    tables = page.split("<h2>", 1)[1]
    assert "Teamets övriga ärenden," not in tables and "Övriga ärenden:" not in tables
    assert "För egna datum visas bara dina ärenden" in page
    behind = client.get(behind_url(w, "raised"), RANGE)
    assert [r["case"].raised_on.isoformat() for r in behind.context["rows"]] == [
        "2025-02-01",
        "2025-03-01",
    ]


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        (
            {"start": "2025-03-31", "end": "2025-02-01"},
            "Sista dagen kan inte vara före den första.",
        ),
        ({"start": "", "end": "2025-02-01"}, "Ange första dagen för egna datum."),
        ({"start": "2025-02-01", "end": ""}, "Ange sista dagen för egna datum."),
        ({"start": "2015-01-01", "end": "2025-02-01"}, "Välj högst fem år."),
        ({"start": "den första", "end": "2025-02-01"}, "Fyll i ett giltigt datum."),
        ({"start": "0001-01-01", "end": "2025-02-01"}, "Välj ett datum från år 2000."),
    ],
)
def test_a_bad_range_is_named_in_swedish(goal_cases, dates, message):
    response = signed_in(goal_cases.rehab_user).get(
        team_url(goal_cases), {"year": 2025, "part": "range", **dates}
    )
    assert response.status_code == 200
    assert response.context["panels"] is None
    assert message in response.content.decode()
