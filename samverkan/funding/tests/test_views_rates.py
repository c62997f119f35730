"""The hourly rates page: administrators change a year's rates, readers see them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from samverkan.funding.models import HourlyRate
from tests.factories import THIS_YEAR

URL = reverse("funding:rates")


def rates_state():
    return sorted(HourlyRate.objects.values_list("party", "year", "rate", "version"))


def field(party):
    return f"rate_{party.pk}"


@pytest.fixture
def rates(money_world):
    w = money_world
    return {
        "fk": HourlyRate.objects.create(party=w.fk, year=THIS_YEAR, rate=Decimal("512.50")),
        "alby": HourlyRate.objects.create(
            party=w.alby_party, year=THIS_YEAR, rate=Decimal("430.00")
        ),
        "fk_before": HourlyRate.objects.create(
            party=w.fk, year=THIS_YEAR - 1, rate=Decimal("500.00")
        ),
    }


def test_the_administrator_sees_a_field_per_party(money_world, rates, client_for):
    w = money_world
    response = client_for(w.admin).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert f"Timpriser {THIS_YEAR}" in page
    assert f"<caption>Timpris per part {THIS_YEAR}</caption>" in page
    form = response.context["form"]
    assert [party for party, _field in form.rows()] == [
        w.fk,
        w.af,
        w.region,
        w.alby_party,
        w.bergby_party,
    ]
    assert form[field(w.fk)].value() == "512,50"
    assert form[field(w.af)].value() == ""
    assert f'<label for="id_{field(w.fk)}" class="visually-hidden">' in page
    assert f"Timpris för Försäkringskassan {THIS_YEAR} (kr)" in page


def test_rates_are_saved_with_a_decimal_comma(money_world, rates, client_for):
    w = money_world
    data = {
        "year": THIS_YEAR,
        field(w.fk): "520,75",
        field(w.af): "1 012,5",
        field(w.region): "600",
        field(w.alby_party): "",
        field(w.bergby_party): "0",
    }
    response = client_for(w.admin).post(URL, data)
    assert response.status_code == 302
    assert response.url == f"{URL}?year={THIS_YEAR}"
    stored = dict(HourlyRate.objects.filter(year=THIS_YEAR).values_list("party", "rate"))
    assert stored == {
        w.fk.pk: Decimal("520.75"),
        w.af.pk: Decimal("1012.50"),
        w.region.pk: Decimal("600.00"),
        w.bergby_party.pk: Decimal("0.00"),
    }
    rates["fk"].refresh_from_db()
    assert rates["fk"].version == 2
    # Another year is untouched.
    rates["fk_before"].refresh_from_db()
    assert rates["fk_before"].rate == Decimal("500.00")


def test_another_year_is_chosen_with_the_year_parameter(money_world, rates, client_for):
    w = money_world
    client = client_for(w.admin)
    response = client.get(URL, {"year": THIS_YEAR - 1})
    assert response.context["year"] == THIS_YEAR - 1
    assert response.context["form"][field(w.fk)].value() == "500,00"
    client.post(URL, {"year": 2019, field(w.af): "450"})
    assert HourlyRate.objects.get(party=w.af, year=2019).rate == Decimal("450.00")
    assert client.get(URL, {"year": "nästa"}).status_code == 404
    assert client.get(URL, {"year": 1800}).status_code == 404


@pytest.mark.parametrize(
    "value, message",
    [
        ("-1", "Timpriset kan inte vara negativt."),
        ("512,505", "Timpriset kan ha högst två decimaler (ören)."),
        ("femhundra", "Skriv timpriset som ett tal i kronor, t.ex. 512,50."),
        ("5,1,2", "Skriv timpriset som ett tal i kronor, t.ex. 512,50."),
        ("99999999", "Timpriset är orimligt stort."),
    ],
)
def test_bad_rates_are_refused_and_nothing_saved(money_world, rates, client_for, value, message):
    w = money_world
    before = rates_state()
    data = {"year": THIS_YEAR, field(w.fk): value, field(w.af): "450"}
    response = client_for(w.admin).post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors[field(w.fk)] == [message]
    page = response.content.decode()
    assert message in page
    assert "Formuläret innehåller fel" in page
    assert rates_state() == before


def test_the_board_reads_every_rate_but_cannot_change_them(money_world, rates, client_for):
    w = money_world
    client = client_for(w.board_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["form"] is None
    page = response.content.decode()
    assert "<input" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "512,50" in page and "430,00" in page
    assert [party for party, _rate in response.context["rows"]] == [
        w.fk,
        w.af,
        w.region,
        w.alby_party,
        w.bergby_party,
    ]
    before = rates_state()
    assert client.post(URL, {"year": THIS_YEAR, field(w.fk): "1"}).status_code == 403
    assert rates_state() == before


def test_a_mysam_member_reads_their_municipalitys_rate_only(money_world, rates, client_for):
    w = money_world
    client = client_for(w.mysam_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert [party for party, _rate in response.context["rows"]] == [w.alby_party]
    page = response.content.decode()
    assert "430,00" in page and "512,50" not in page
    before = rates_state()
    assert client.post(URL, {"year": THIS_YEAR, field(w.alby_party): "1"}).status_code == 403
    assert rates_state() == before


@pytest.mark.parametrize("who", ["outsider", "reader"])
def test_others_are_refused(money_world, rates, client_for, who):
    w = money_world
    client = client_for(getattr(w, who))
    before = rates_state()
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"year": THIS_YEAR, field(w.fk): "1"}).status_code == 403
    assert rates_state() == before


def test_another_forbunds_administrator_cannot_change_these_rates(money_world, rates, client_for):
    w = money_world
    client = client_for(w.other_admin)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["rows"] == []
    before = rates_state()
    client.post(URL, {"year": THIS_YEAR, field(w.fk): "1"})
    assert rates_state() == before
