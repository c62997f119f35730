"""The county dashboard: who reads it, what it shows (protected), bad choices, and that its
queries do not grow with the cases."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.cases.models import Gender
from samverkan.structure.models import Membership
from tests.factories import YEAR_AGO, make_case, make_membership, make_person, make_user, signed_in

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
    assert "50 %" not in page


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
    w = goal_cases
    client = signed_in(w.kansli)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, YEAR).status_code == 200
        return len(captured)

    few = queries()
    more_cases(w, women=20, men=20)
    assert queries() == few


def test_the_start_page_leads_its_readers_to_the_dashboard(goal_cases, mysam_member):
    start = reverse("start")
    assert f'href="{URL}"' in signed_in(mysam_member).get(start).content.decode()
    assert f'href="{URL}"' not in signed_in(goal_cases.af_user).get(start).content.decode()
