"""The förbund's budget by contributor: readers see it, only administrators change it, and the
shares must make 100 % or nothing is saved."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.funding.models import ContributionShare, FederationBudget
from tests.factories import THIS_YEAR, make_municipality, signed_in

PAGE = reverse("funding:contributions")


def edit_url(year=THIS_YEAR):
    return reverse("funding:contributions_edit", args=[year])


def form_data(w, amount="9 000 000", version="", **overrides):
    """The edit form's fields: Finsam-lagen's split with Alby 15,5 % and Bergby 9,5 %."""
    shares = {
        w.fk: "50",
        w.af: "0",
        w.region: "25",
        w.alby_party: "15,5",
        w.bergby_party: "9,5",
    }
    data = {"amount": amount, "note": "", "version": version}
    for party, percent in shares.items():
        data[f"share_{party.pk}"] = percent
    for name, value in overrides.items():
        data[f"share_{getattr(w, name).pk}"] = value
    return data


def stored(w):
    budget = FederationBudget.objects.filter(federation=w.federation, year=THIS_YEAR).first()
    if budget is None:
        return None
    shares = {s.party_id: s.percent for s in ContributionShare.objects.filter(budget=budget)}
    return budget.amount, budget.version, shares


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["admin", "board_user", "mysam_user"])
def test_readers_see_the_budget(money_world, user):
    assert signed_in(getattr(money_world, user)).get(PAGE).status_code == 200


def test_outsiders_are_refused(money_world):
    w = money_world
    client = signed_in(w.outsider)
    assert client.get(PAGE).status_code == 403
    assert client.get(edit_url()).status_code == 403
    assert client.post(edit_url(), form_data(w)).status_code == 403
    assert stored(w) is None


@pytest.mark.parametrize("user", ["board_user", "mysam_user"])
def test_readers_cannot_change_the_budget(money_world, user):
    w = money_world
    client = signed_in(getattr(w, user))
    page = client.get(PAGE).content.decode()
    assert edit_url() not in page
    response = client.get(edit_url())
    assert response.status_code == 403
    assert "Bara förbundets administratörer ändrar ekonomin." in response.content.decode()
    assert client.post(edit_url(), form_data(w)).status_code == 403
    assert stored(w) is None


def test_administrator_of_another_federation_changes_only_their_own(money_world):
    w = money_world
    response = signed_in(w.other_admin).post(edit_url(), form_data(w))
    # The form lists the other förbund's parties; ours are unknown fields there.
    assert stored(w) is None
    assert response.status_code in (200, 302)


def test_edit_year_outside_the_range_is_not_found(money_world):
    assert signed_in(money_world.admin).get(edit_url(1999)).status_code == 404


# --- Saving -------------------------------------------------------------------------------------


def test_administrator_saves_budget_and_shares_with_swedish_commas(money_world):
    w = money_world
    client = signed_in(w.admin)
    form = client.get(edit_url())
    assert form.status_code == 200
    assert form.content.decode().count("<h1>") == 1
    response = client.post(edit_url(), form_data(w))
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?year={THIS_YEAR}"
    amount, version, shares = stored(w)
    assert amount == 9_000_000
    assert version == 1
    assert shares == {
        w.fk.pk: Decimal("50"),
        w.af.pk: Decimal("0"),
        w.region.pk: Decimal("25"),
        w.alby_party.pk: Decimal("15.5"),
        w.bergby_party.pk: Decimal("9.5"),
    }
    page = client.get(response["Location"]).content.decode()
    assert f"Budgeten och andelarna för {THIS_YEAR} är sparade." in page
    assert "4\xa0500\xa0000" in page  # FK: half
    assert "1\xa0395\xa0000" in page  # Alby: 15,5 %
    assert "855\xa0000" in page  # Bergby: 9,5 %
    assert '<td class="num">62</td>' in page  # Alby's share of the municipalities' quarter
    assert "följer Finsam-lagen 5 §" in page


def test_saving_again_updates_and_counts_versions(money_world):
    w = money_world
    client = signed_in(w.admin)
    client.post(edit_url(), form_data(w))
    response = client.post(
        edit_url(),
        form_data(w, amount="10 000 000", version="1", alby_party="12,5", bergby_party="12,5"),
    )
    assert response.status_code == 302
    amount, version, shares = stored(w)
    assert (amount, version) == (10_000_000, 2)
    assert shares[w.alby_party.pk] == Decimal("12.5")
    assert ContributionShare.objects.get(party=w.alby_party).version == 2
    assert ContributionShare.objects.get(party=w.fk).version == 1  # unchanged share untouched
    form = client.get(edit_url()).content.decode()
    assert 'value="12,5"' in form
    assert 'value="10000000"' in form


def test_shares_not_making_100_are_refused_and_nothing_is_saved(money_world):
    w = money_world
    client = signed_in(w.admin)
    response = client.post(edit_url(), form_data(w, bergby_party="9"))
    assert response.status_code == 200
    assert "Andelarna blir tillsammans 99,5 %. De ska bli exakt 100 %" in (
        response.content.decode()
    )
    assert stored(w) is None

    client.post(edit_url(), form_data(w))
    before = stored(w)
    response = client.post(edit_url(), form_data(w, amount="1 000", version="1", fk="50,0001"))
    assert response.status_code == 200
    assert "Andelarna blir tillsammans 100,0001 %" in response.content.decode()
    assert stored(w) == before


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("femtio", "Skriv andelen som ett tal i procent"),
        ("-1", "Andelen ska ligga mellan 0 och 100 procent."),
        ("100,5", "Andelen ska ligga mellan 0 och 100 procent."),
        ("12,34567", "Ange andelen med högst fyra decimaler."),
        ("", "Ange Försäkringskassan andel i procent"),
    ],
)
def test_bad_percent_is_named_and_nothing_is_saved(money_world, value, message):
    w = money_world
    response = signed_in(w.admin).post(edit_url(), form_data(w, fk=value))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Försäkringskassan, andel (%)" in page  # the summary names the field
    assert stored(w) is None


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("9 000 000,50", "Beloppet ska vara ett helt antal kronor"),
        ("-5", "Beloppet kan inte vara negativt."),
        ("nio miljoner", "Beloppet ska vara ett helt antal kronor"),
        ("", "Ange budgetens belopp i hela kronor."),
        # Past the 64-bit column: this crashed the save with a 500.
        ("9" * 25, "Beloppet är orimligt stort."),
        ("9" * 19, "Beloppet är orimligt stort."),
    ],
)
def test_bad_amount_is_named_and_nothing_is_saved(money_world, amount, message):
    w = money_world
    response = signed_in(w.admin).post(edit_url(), form_data(w, amount=amount))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored(w) is None


def test_percent_sign_and_spaces_are_fine(money_world):
    w = money_world
    response = signed_in(w.admin).post(
        edit_url(), form_data(w, amount="9 000 000 kr", fk=" 50 %", region="25%")
    )
    assert response.status_code == 302
    assert stored(w)[0] == 9_000_000


def test_a_stale_edit_is_refused(money_world):
    w = money_world
    client = signed_in(w.admin)
    client.post(edit_url(), form_data(w))
    client.post(edit_url(), form_data(w, amount="8 000 000", version="1"))
    response = client.post(edit_url(), form_data(w, amount="7 000 000", version="1"))
    assert response.status_code == 409
    assert "Någon annan har ändrat uppgifterna" in response.content.decode()
    assert stored(w)[:2] == (8_000_000, 2)


def test_a_budget_created_meanwhile_is_not_overwritten(money_world):
    w = money_world
    client = signed_in(w.admin)
    client.post(edit_url(), form_data(w))
    # A second tab opened before the budget existed posts no version.
    response = client.post(edit_url(), form_data(w, amount="1 000"))
    assert response.status_code == 409
    assert stored(w)[0] == 9_000_000


# --- The page -----------------------------------------------------------------------------------


def test_deviations_from_finsam_lagen_are_warnings(money_world):
    w = money_world
    client = signed_in(w.admin)
    response = client.post(
        edit_url(), form_data(w, fk="40", af="10", region="30", alby_party="10", bergby_party="10")
    )
    assert response.status_code == 302  # saved: the law's split is checked, not enforced
    page = client.get(PAGE, {"year": THIS_YEAR}).content.decode()
    assert "Regionen står för 30 % av budgeten. Enligt Finsam-lagen 5 § ska andelen vara 25 %." in (
        page
    )
    assert "Kommunerna tillsammans står för 20 %" in page
    assert "Staten står för" not in page  # 40 + 10 = 50
    assert "avviker" in page


def test_a_party_added_later_is_shown_without_a_share(money_world):
    w = money_world
    client = signed_in(w.admin)
    client.post(edit_url(), form_data(w))
    make_municipality(w.federation, name="Cedby")
    page = client.get(PAGE, {"year": THIS_YEAR}).content.decode()
    assert "Andel saknas för Cedbys kommun" in page


def test_rounding_to_whole_kronor_is_shown(money_world):
    w = money_world
    client = signed_in(w.admin)
    split = {"alby_party": "12,5", "bergby_party": "12,5"}
    client.post(edit_url(), form_data(w, amount="9", **split))
    # 4,5 → 5; 2,25 → 2; 1,125 → 1 twice: 9 together, as the budget.
    page = client.get(PAGE, {"year": THIS_YEAR}).content.decode()
    assert "så beloppen blir tillsammans" not in page

    client.post(edit_url(), form_data(w, amount="5", version="1", **split))
    # 2,5 → 3; 1,25 → 1; 0,625 → 1 twice: 6, one krona more than the budget.
    page = client.get(PAGE, {"year": THIS_YEAR}).content.decode()
    assert "så beloppen blir tillsammans 1 kr mer än budgetens 5 kr." in page

    thirds = {"fk": "33,3333", "region": "33,3333", "alby_party": "33,3334", "bergby_party": "0"}
    client.post(edit_url(), form_data(w, amount="1", version="2", **thirds))
    # 0,333 … → 0 three times: one krona less than the budget.
    page = client.get(PAGE, {"year": THIS_YEAR}).content.decode()
    assert "så beloppen blir tillsammans 1 kr mindre än budgetens 1 kr." in page


def test_no_budget_for_the_year(money_world):
    w = money_world
    admin_page = signed_in(w.admin).get(PAGE, {"year": 2030}).content.decode()
    assert "Ingen budget är registrerad för 2030." in admin_page
    assert "Registrera budget för 2030" in admin_page
    reader_page = signed_in(w.mysam_user).get(PAGE, {"year": 2030}).content.decode()
    assert "Registrera budget" not in reader_page


def test_bad_year_on_the_page(money_world):
    response = signed_in(money_world.admin).get(PAGE, {"year": "i år"})
    assert response.status_code == 200
    assert "Ange ett år mellan 2000 och 2100" in response.content.decode()


def test_page_queries_do_not_grow_with_the_parties(money_world):
    w = money_world
    client = signed_in(w.admin)
    client.post(edit_url(), form_data(w))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE, {"year": THIS_YEAR}).status_code == 200
        return len(queries)

    before = count()
    for n in range(5):
        make_municipality(w.federation, name=f"Extra {n}")
    assert count() == before
