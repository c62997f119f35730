"""The report pages and their exports: the CSV and the Excel file hold exactly the page's table.

Who may read: the förbund's administrators and Länsledning everything, a Mysam member their
municipality's part, anyone else nothing.
"""

import pytest
from django.urls import reverse

from samverkan.funding.tests.fixtures import more_interventions
from tests.exports import (
    assert_exports_equal_page,
    count_queries,
)
from tests.factories import LAST_YEAR, THIS_YEAR, signed_in

REPORT = reverse("funding:report")


def report_export(fmt):
    return reverse("funding:report_export", args=[fmt])


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [REPORT, report_export("csv"), report_export("xlsx")],
)
def test_outsiders_are_refused(money_world, url):
    w = money_world
    response = signed_in(w.outsider).get(url)
    assert response.status_code == 403
    assert "Ekonomin läses av förbundets kansli" in response.content.decode()


def test_signed_out_users_are_sent_to_sign_in(money_world):
    from django.test import Client

    for url in (REPORT, report_export("csv")):
        response = Client().get(url)
        assert response.status_code == 302
        assert "login" in response["Location"] or "logga-in" in response["Location"]


@pytest.mark.parametrize("user", ["admin", "board_user", "mysam_user"])
def test_readers_see_the_reports(money_world, user):
    client = signed_in(getattr(money_world, user))
    assert client.get(REPORT).status_code == 200


def test_unknown_export_format_is_not_found(money_world):
    client = signed_in(money_world.admin)
    assert client.get(report_export("pdf")).status_code == 404


def test_the_reports_change_nothing(money_world):
    client = signed_in(money_world.admin)
    assert client.post(REPORT).status_code == 405
    assert client.post(report_export("csv")).status_code == 405


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


@pytest.mark.parametrize("user", ["admin", "mysam_user"])
@pytest.mark.parametrize("per", ["intervention", "party", "municipality"])
def test_report_queries_do_not_grow_with_the_rows(money_world, user, per):
    w = money_world
    client = signed_in(getattr(w, user))
    query = {"year": THIS_YEAR, "per": per}
    more_interventions(w, 2)
    before = count_queries(client, REPORT, query)
    more_interventions(w, 8, prefix="fler")
    after = count_queries(client, REPORT, query)
    assert after == before
    assert after <= 40
