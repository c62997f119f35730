"""The application pages: list, registering with the grid of amounts, the application's page
with its decision history, and deciding — with who may do what, and refused input saving
nothing."""

import datetime
import re
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.funding import services
from samverkan.funding.models import (
    Application,
    ApplicationAmount,
    FundingDecision,
    Grant,
    Intervention,
    Orientation,
)
from samverkan.funding.services import Line
from tests.factories import LAST_YEAR, THIS_YEAR

NEXT_YEAR = THIS_YEAR + 1
TODAY = timezone.localdate()
LIST_URL = reverse("funding:applications")
CREATE_URL = reverse("funding:application_create")
GRANTED = FundingDecision.Outcome.GRANTED


def page_url(application):
    return reverse("funding:application", args=[application.pk])


def decide_url(application):
    return reverse("funding:decide", args=[application.pk])


def text(response):
    """The page's text with tags removed and whitespace collapsed, for reading sentences."""
    without_tags = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(without_tags.replace("\xa0", " ").split())


def make_application(w, *, title, group=None, party=None, lines=None, received=None):
    application = Application(
        federation=w.federation,
        title=title,
        orientation=Orientation.INDIVIDUAL,
        applicant_group=group,
        applicant_party=party,
        purpose=f"Syftet med {title}.",
        starts_on=datetime.date(THIS_YEAR, 1, 1),
        ends_on=datetime.date(NEXT_YEAR, 12, 31),
        received_on=received or datetime.date(LAST_YEAR, 10, 1),
    )
    return services.register_application(application, lines, by=w.admin)


@pytest.fixture
def apps(money_world):
    """Three applications: Mysam Alby's (FK and Alby kommun), Alby kommun's own (Alby kommun
    and AF), and Försäkringskassan's (FK only)."""
    w = money_world
    w.group_app = make_application(
        w,
        title="Jobbspår Alby",
        group=w.mysam,
        lines=[
            Line(w.fk, THIS_YEAR, 1_103_306),
            Line(w.fk, NEXT_YEAR, 1_130_889),
            Line(w.alby_party, THIS_YEAR, 331_004),
        ],
    )
    w.party_app = make_application(
        w,
        title="Alby kommuns sommarjobb",
        party=w.alby_party,
        lines=[Line(w.alby_party, THIS_YEAR, 40_000), Line(w.af, THIS_YEAR, 25_000)],
    )
    w.fk_app = make_application(
        w, title="Försäkringskassans pilot", party=w.fk, lines=[Line(w.fk, THIS_YEAR, 70_000)]
    )
    return w


def counts():
    return (
        Application.objects.count(),
        ApplicationAmount.objects.count(),
        FundingDecision.objects.count(),
        Grant.objects.count(),
        Intervention.objects.count(),
    )


# --- The list ---------------------------------------------------------------------------------


def test_admin_lists_every_application_with_status_and_totals(apps, client_for):
    w = apps
    services.decide(
        w.party_app,
        outcome=FundingDecision.Outcome.PARTLY_GRANTED,
        decided_on=TODAY,
        grants=[Line(w.alby_party, THIS_YEAR, 30_000)],
        by=w.admin,
    )
    services.decide(w.fk_app, outcome=FundingDecision.Outcome.REFUSED, decided_on=TODAY, by=w.admin)

    response = client_for(w.admin).get(LIST_URL)

    assert response.status_code == 200
    page = text(response)
    assert "Jobbspår Alby Mysam Alby" in page
    assert "Inväntar beslut 2 565 199 –" in page
    assert "Alby kommuns sommarjobb Albys kommun" in page
    assert "Delvis beviljad 65 000 30 000" in page
    assert "Avslagen 70 000 0" in page
    assert "Registrera ansökan" in page
    assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize(
    ("status", "shown", "hidden"),
    [
        ("pending", ["Jobbspår Alby", "Alby kommuns sommarjobb"], ["Försäkringskassans pilot"]),
        ("granted", ["Försäkringskassans pilot"], ["Jobbspår Alby", "Alby kommuns sommarjobb"]),
        ("refused", [], ["Jobbspår Alby", "Försäkringskassans pilot"]),
    ],
)
def test_the_list_filters_by_status(apps, client_for, status, shown, hidden):
    w = apps
    services.decide(w.fk_app, outcome=FundingDecision.Outcome.GRANTED, decided_on=TODAY, by=w.admin)

    response = client_for(w.admin).get(LIST_URL, {"status": status})

    page = text(response)
    for title in shown:
        assert title in page
    for title in hidden:
        assert title not in page
    if not shown:
        assert "Inga ansökningar med den statusen." in page


def test_an_unknown_status_shows_an_error_and_every_application(apps, client_for):
    response = client_for(apps.admin).get(LIST_URL, {"status": "bortglomd"})

    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert len(response.context["applications"]) == 3


def test_the_status_follows_the_decision_in_force(apps, client_for):
    w = apps
    services.decide(w.fk_app, outcome=FundingDecision.Outcome.GRANTED, decided_on=TODAY, by=w.admin)
    services.decide(w.fk_app, outcome=FundingDecision.Outcome.REFUSED, decided_on=TODAY, by=w.admin)

    response = client_for(w.admin).get(LIST_URL, {"status": "refused"})

    assert [a.title for a in response.context["applications"]] == ["Försäkringskassans pilot"]
    assert "Avslagen 70 000 0" in text(response)


def test_a_mysam_member_lists_their_groups_and_municipalitys_applications(apps, client_for):
    w = apps

    response = client_for(w.mysam_user).get(LIST_URL)

    assert response.status_code == 200
    titles = {a.title for a in response.context["applications"]}
    assert titles == {"Jobbspår Alby", "Alby kommuns sommarjobb"}
    page = text(response)
    assert "Registrera ansökan" not in page
    # The group's own application in full; of the party's only Alby kommun's amounts.
    assert "Jobbspår Alby Mysam Alby" in page and "2 565 199" in page
    assert "Inväntar beslut 40 000 –" in page


def test_the_board_lists_everything_but_may_not_register(apps, client_for):
    response = client_for(apps.board_user).get(LIST_URL)

    assert response.status_code == 200
    assert len(response.context["applications"]) == 3
    assert "Registrera ansökan" not in text(response)


def test_an_outsider_is_refused_the_list(apps, client_for):
    assert client_for(apps.outsider).get(LIST_URL).status_code == 403


def test_another_forbunds_admin_sees_none_of_these_applications(apps, client_for):
    response = client_for(apps.other_admin).get(LIST_URL)

    assert response.status_code == 200
    assert response.context["applications"] == []


def test_the_list_takes_the_same_number_of_queries_for_more_applications(
    apps, client_for, django_assert_max_num_queries
):
    w = apps
    client = client_for(w.admin)
    client.get(LIST_URL)

    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL)
    for n in range(5):
        make_application(
            w, title=f"Extra {n}", party=w.af, lines=[Line(w.af, THIS_YEAR, 1_000 + n)]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST_URL)


# --- Registering ------------------------------------------------------------------------------


def form_data(w, **overrides):
    data = {
        "title": "Stegvis tillbaka",
        "reference": "Dnr 2025/3",
        "intervention": "",
        "orientation": Orientation.INDIVIDUAL,
        "applicant_group": str(w.mysam.pk),
        "applicant_party": "",
        "purpose": "Stöd för unga vuxna.",
        "target_group": "Unga vuxna i Alby.",
        "goals": "Hälften i arbete eller studier efter ett år.",
        "starts_on": f"{THIS_YEAR}-01-01",
        "ends_on": f"{NEXT_YEAR}-12-31",
        "received_on": TODAY.isoformat(),
        f"applied-{w.fk.pk}-{THIS_YEAR}": "1 103 306",
        f"applied-{w.fk.pk}-{NEXT_YEAR}": "1130889",
        f"applied-{w.alby_party.pk}-{THIS_YEAR}": "15\u00a0132",
        f"applied-{w.af.pk}-{NEXT_YEAR}": "",
    }
    data.update(overrides)
    return data


def test_the_register_form_shows_the_grid_for_the_default_period_at_once(
    money_world, client_for, time_machine
):
    w = money_world
    time_machine.move_to(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC))
    response = client_for(w.admin).get(CREATE_URL)

    assert response.status_code == 200
    page = response.content.decode()
    # From the first of next month to the end of that year: one column, 2026.
    assert response.context["form"]["starts_on"].value() == datetime.date(2026, 7, 1)
    assert response.context["form"]["ends_on"].value() == datetime.date(2026, 12, 31)
    assert f'name="applied-{w.af.pk}-2026"' in page
    assert "applied-" + str(w.af.pk) + "-2027" not in page
    # Changing the dates redraws the grid with htmx; without JavaScript "Visa år" does.
    assert 'hx-post="/ekonomi/ansokningar/ny/"' in page
    assert 'name="show_years"' in page


def test_in_december_the_default_period_is_the_coming_year(money_world, client_for, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC))
    form = client_for(money_world.admin).get(CREATE_URL).context["form"]

    assert form["starts_on"].value() == datetime.date(2027, 1, 1)
    assert form["ends_on"].value() == datetime.date(2027, 12, 31)


def test_show_years_draws_a_grid_for_every_party_and_year_without_errors(money_world, client_for):
    w = money_world
    data = {
        "starts_on": f"{THIS_YEAR}-07-01",
        "ends_on": f"{THIS_YEAR + 2}-06-30",
        "show_years": "1",
        f"applied-{w.fk.pk}-{THIS_YEAR}": "500",
    }

    response = client_for(w.admin).post(CREATE_URL, data)

    assert response.status_code == 200
    grid = response.context["grid"]
    assert grid.years == [THIS_YEAR, THIS_YEAR + 1, THIS_YEAR + 2]
    parties = [party for party, _fields in grid.rows()]
    assert parties == list(w.federation.parties.order_by("order", "name"))
    page = response.content.decode()
    assert "error-summary" not in page
    assert f'name="applied-{w.region.pk}-{THIS_YEAR + 2}"' in page
    # What was typed stays.
    assert f'name="applied-{w.fk.pk}-{THIS_YEAR}" value="500"' in page
    assert f'value="{THIS_YEAR}-07-01"' in page
    assert Application.objects.count() == 0


def test_show_years_with_a_bad_period_explains_and_draws_no_grid(money_world, client_for):
    w = money_world
    data = {"starts_on": f"{THIS_YEAR}-07-01", "ends_on": f"{THIS_YEAR}-01-01", "show_years": "1"}

    response = client_for(w.admin).post(CREATE_URL, data, headers={"HX-Request": "true"})

    assert response.context["grid"] is None
    assert "Ange ett giltigt start- och slutdatum" in text(response)


def test_registering_saves_the_application_and_its_amounts(money_world, client_for):
    w = money_world

    client = client_for(w.admin)
    response = client.post(CREATE_URL, form_data(w))

    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == page_url(application)
    assert application.title == "Stegvis tillbaka"
    assert application.applicant_group == w.mysam
    assert application.registered_by == w.admin
    assert application.intervention is None
    assert {(a.party_id, a.year): a.amount for a in application.amounts.all()} == {
        (w.fk.pk, THIS_YEAR): 1_103_306,
        (w.fk.pk, NEXT_YEAR): 1_130_889,
        (w.alby_party.pk, THIS_YEAR): 15_132,
    }
    page = text(client.get(response.url))
    assert "Ansökan ”Stegvis tillbaka” är registrerad." in page
    assert "Summa 1 118 438 1 130 889 2 249 327" in page


def test_registering_for_an_existing_intervention_takes_its_orientation(money_world, client_for):
    w = money_world
    data = form_data(
        w,
        intervention=str(w.mysam_intervention.pk),
        orientation="",
        **{f"applied-{w.alby_party.pk}-{THIS_YEAR}": ""},
    )

    response = client_for(w.admin).post(CREATE_URL, data)

    assert response.status_code == 302
    application = Application.objects.get()
    assert application.intervention == w.mysam_intervention
    assert application.orientation == Orientation.INDIVIDUAL


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,5", "ange beloppet i hela kronor, utan decimaler"),
        ("12.5", "ange beloppet i hela kronor, utan decimaler"),
        ("-3", "beloppet kan inte vara negativt"),
        ("abc", "”abc” är inte ett belopp i hela kronor"),
        ("1e5", "”1e5” är inte ett belopp i hela kronor"),
        ("1" * 13, "beloppet är orimligt stort"),
    ],
)
def test_a_bad_amount_is_refused_naming_party_and_year(money_world, client_for, typed, message):
    w = money_world
    data = form_data(w, **{f"applied-{w.af.pk}-{NEXT_YEAR}": typed})

    response = client_for(w.admin).post(CREATE_URL, data)

    assert response.status_code == 200
    assert f"Arbetsförmedlingen {NEXT_YEAR}: {message}" in text(response)
    assert Application.objects.count() == 0
    assert ApplicationAmount.objects.count() == 0
    # The typed values stay for the user to correct.
    assert f'value="{typed}"' in response.content.decode()


def test_a_forged_party_is_refused_and_nothing_saved(money_world, client_for):
    w = money_world
    stranger = w.other_federation.parties.create(name="Främmande", code="x", kind="region")
    data = form_data(w, **{f"applied-{stranger.pk}-{THIS_YEAR}": "100"})

    response = client_for(w.admin).post(CREATE_URL, data)

    assert response.status_code == 200
    assert f"Okänd part ({stranger.pk})" in text(response)
    assert Application.objects.count() == 0


def test_an_amount_for_a_year_outside_the_period_is_refused(money_world, client_for):
    w = money_world
    data = form_data(w, **{f"applied-{w.fk.pk}-{LAST_YEAR}": "100"})

    response = client_for(w.admin).post(CREATE_URL, data)

    assert f"Försäkringskassan {LAST_YEAR}: året ligger utanför ansökans period" in text(response)
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"orientation": ""}, "Ange inriktningen för den nya insatsen."),
        ({"applicant_group": ""}, "Ange vilken grupp eller part som söker."),
        ({"title": ""}, "Rubrik: Detta fält måste fyllas i."),
        ({"ends_on": f"{LAST_YEAR}-12-31"}, "Slutdatumet kan inte ligga före startdatumet."),
        ({"ends_on": f"{THIS_YEAR + 10}-12-31"}, "Perioden kan vara högst 10 kalenderår."),
        # Amounts for year 1 were saved, past the years a grant may name.
        (
            {"starts_on": "0001-01-01", "ends_on": "0002-12-31", "applied-x": None},
            "Ange ett datum mellan år 2000 och 2100.",
        ),
        (
            {"received_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "Dagen ansökan kom in kan inte ligga i framtiden.",
        ),
    ],
)
def test_a_bad_application_is_refused_and_nothing_saved(
    money_world, client_for, overrides, message
):
    w = money_world
    data = form_data(w, **overrides)
    if data.pop("applied-x", "") is None:
        # The grid as drawn for the typed period, with an amount in year 1.
        data = {k: v for k, v in data.items() if not k.startswith("applied-")}
        data[f"applied-{w.fk.pk}-1"] = "100"

    response = client_for(w.admin).post(CREATE_URL, data)

    assert response.status_code == 200
    assert message in text(response)
    assert counts()[:2] == (0, 0)


def test_a_group_that_is_not_mysam_cannot_apply(money_world, client_for):
    w = money_world
    data = form_data(w, applicant_group=str(w.county_board.pk))

    response = client_for(w.admin).post(CREATE_URL, data)

    assert "Välj ett giltigt alternativ" in text(response)
    assert Application.objects.count() == 0


def test_the_period_must_fit_the_chosen_intervention(money_world, client_for):
    w = money_world
    data = form_data(
        w,
        intervention=str(w.completed_intervention.pk),
        orientation="",
    )

    response = client_for(w.admin).post(CREATE_URL, data)

    assert "Ansökans period ligger utanför insatsens period (2019–2020)" in text(response)
    assert Application.objects.count() == 0


def test_an_application_without_any_amount_is_refused(money_world, client_for):
    w = money_world
    data = form_data(
        w,
        **{
            f"applied-{w.fk.pk}-{THIS_YEAR}": "",
            f"applied-{w.fk.pk}-{NEXT_YEAR}": "0",
            f"applied-{w.alby_party.pk}-{THIS_YEAR}": "",
        },
    )

    response = client_for(w.admin).post(CREATE_URL, data)

    assert "Ange minst ett sökt belopp större än 0 kronor." in text(response)
    assert Application.objects.count() == 0


@pytest.mark.parametrize("user", ["mysam_user", "board_user", "outsider"])
def test_only_admins_register(money_world, client_for, user):
    w = money_world
    client = client_for(getattr(w, user))

    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, form_data(w)).status_code == 403
    assert Application.objects.count() == 0


def test_another_forbunds_admin_cannot_use_this_forbunds_parties(money_world, client_for):
    w = money_world

    response = client_for(w.other_admin).post(CREATE_URL, form_data(w))

    assert response.status_code == 200
    assert Application.objects.count() == 0
    assert "Okänd part" in text(response)


# --- The application's page -------------------------------------------------------------------


def test_the_page_shows_details_amounts_and_no_decision_yet(apps, client_for):
    w = apps

    response = client_for(w.admin).get(page_url(w.group_app))

    assert response.status_code == 200
    page = text(response)
    assert "Ansökan: Jobbspår Alby" in page
    assert "Sökande grupp Mysam Alby" in page
    assert "Ny insats (individinriktad), skapas när ansökan beviljas" in page
    assert "Försäkringskassan 1 103 306 1 130 889 2 234 195" in page
    assert "Albys kommun 331 004 – 331 004" in page
    assert "Summa 1 434 310 1 130 889 2 565 199" in page
    assert "Ansökan inväntar beslut." in page
    assert "Registrera beslut" in page


def test_the_page_links_the_intervention_once_there_is_one(apps, client_for):
    w = apps
    services.decide(
        w.group_app, outcome=FundingDecision.Outcome.GRANTED, decided_on=TODAY, by=w.admin
    )
    w.group_app.refresh_from_db()

    response = client_for(w.mysam_user).get(page_url(w.group_app))

    url = reverse("funding:intervention", args=[w.group_app.intervention.code])
    assert f'href="{url}"' in response.content.decode()


def test_a_mysam_member_reads_their_groups_application_but_may_not_decide(apps, client_for):
    w = apps
    client = client_for(w.mysam_user)

    response = client.get(page_url(w.group_app))

    assert response.status_code == 200
    assert "Registrera beslut" not in text(response)
    assert "2 565 199" in text(response)
    assert client.get(decide_url(w.group_app)).status_code == 403
    before = counts()
    response = client.post(
        decide_url(w.group_app), {"outcome": "granted", "decided_on": TODAY.isoformat()}
    )
    assert response.status_code == 403
    assert counts() == before


def test_a_mysam_member_sees_only_their_municipalitys_amounts_of_a_partys_application(
    apps, client_for
):
    w = apps

    response = client_for(w.mysam_user).get(page_url(w.party_app))

    page = text(response)
    assert "Du ser beloppen för din kommuns part." in page
    assert "Albys kommun 40 000 – 40 000" in page
    assert "Arbetsförmedlingen" not in page


def test_a_mysam_member_gets_404_for_an_application_not_theirs(apps, client_for):
    assert client_for(apps.mysam_user).get(page_url(apps.fk_app)).status_code == 404


def test_an_outsider_is_refused_the_page(apps, client_for):
    assert client_for(apps.outsider).get(page_url(apps.group_app)).status_code == 403


def test_another_forbunds_admin_gets_404(apps, client_for):
    client = client_for(apps.other_admin)

    assert client.get(page_url(apps.group_app)).status_code == 404
    assert client.get(decide_url(apps.group_app)).status_code == 404
    before = counts()
    response = client.post(
        decide_url(apps.group_app), {"outcome": "granted", "decided_on": TODAY.isoformat()}
    )
    assert response.status_code == 404
    assert counts() == before


# --- Deciding ---------------------------------------------------------------------------------


def decision_data(**overrides):
    data = {
        "outcome": FundingDecision.Outcome.GRANTED,
        "decided_on": TODAY.isoformat(),
        "reference": "Dnr 2025/40",
        "decided_by": "Förbundsstyrelsen",
        "motivation": "Ligger i linje med förbundets inriktning.",
    }
    data.update(overrides)
    return data


def test_the_decide_page_prefills_the_grid_with_what_was_applied(apps, client_for):
    w = apps

    response = client_for(w.admin).get(decide_url(w.group_app))

    assert response.status_code == 200
    page = response.content.decode()
    assert f'name="granted-{w.fk.pk}-{THIS_YEAR}" value="1103306"' in page
    assert f'name="granted-{w.alby_party.pk}-{THIS_YEAR}" value="331004"' in page
    assert f'name="granted-{w.alby_party.pk}-{NEXT_YEAR}"' not in page
    assert "ej sökt" in page
    assert "confirm" not in page
    assert "ersätter" not in text(response)


def test_granting_makes_grants_of_a_new_intervention(apps, client_for):
    w = apps

    client = client_for(w.admin)
    response = client.post(decide_url(w.group_app), decision_data())

    assert response.status_code == 302
    assert response.url == page_url(w.group_app)
    decision = FundingDecision.objects.get(application=w.group_app)
    assert decision.outcome == "granted"
    assert decision.reference == "Dnr 2025/40"
    assert decision.decided_by == "Förbundsstyrelsen"
    assert decision.registered_by == w.admin
    assert sum(grant.amount for grant in decision.grants.all()) == 2_565_199
    w.group_app.refresh_from_db()
    assert w.group_app.intervention.steering_group == w.mysam
    page = text(client.get(response.url))
    assert "Beslutet (beviljad) är registrerat." in page
    assert "Status Beviljad" in page


def test_partly_granting_saves_the_amounts_typed(apps, client_for):
    w = apps
    data = decision_data(
        outcome="partly_granted",
        **{
            f"granted-{w.fk.pk}-{THIS_YEAR}": "1 000 000",
            f"granted-{w.fk.pk}-{NEXT_YEAR}": "0",
            f"granted-{w.alby_party.pk}-{THIS_YEAR}": "331004",
        },
    )

    response = client_for(w.admin).post(decide_url(w.group_app), data)

    assert response.status_code == 302
    decision = FundingDecision.objects.get(application=w.group_app)
    assert {(g.party_id, g.year): g.amount for g in decision.grants.all()} == {
        (w.fk.pk, THIS_YEAR): 1_000_000,
        (w.fk.pk, NEXT_YEAR): 0,
        (w.alby_party.pk, THIS_YEAR): 331_004,
    }


def test_partly_granting_more_than_applied_shows_the_services_refusal(apps, client_for):
    w = apps
    data = decision_data(
        outcome="partly_granted",
        **{
            f"granted-{w.fk.pk}-{THIS_YEAR}": "1103307",
            f"granted-{w.fk.pk}-{NEXT_YEAR}": "0",
            f"granted-{w.alby_party.pk}-{THIS_YEAR}": "0",
        },
    )
    before = counts()

    response = client_for(w.admin).post(decide_url(w.group_app), data)

    assert response.status_code == 200
    assert f"Försäkringskassan {THIS_YEAR}: beviljat belopp är större än det sökta." in text(
        response
    )
    assert counts() == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,5", "ange beloppet i hela kronor"),
        ("-3", "beloppet kan inte vara negativt"),
        ("", "ange ett belopp (0 om inget beviljas)"),
    ],
)
def test_a_bad_granted_amount_is_refused_naming_party_and_year(apps, client_for, typed, message):
    w = apps
    data = decision_data(
        outcome="partly_granted",
        **{
            f"granted-{w.fk.pk}-{THIS_YEAR}": "1",
            f"granted-{w.fk.pk}-{NEXT_YEAR}": typed,
            f"granted-{w.alby_party.pk}-{THIS_YEAR}": "1",
        },
    )
    before = counts()

    response = client_for(w.admin).post(decide_url(w.group_app), data)

    assert f"Försäkringskassan {NEXT_YEAR}: {message}" in text(response)
    assert counts() == before


def test_the_grid_is_ignored_unless_partly_granted(apps, client_for):
    w = apps
    data = decision_data(**{f"granted-{w.fk.pk}-{THIS_YEAR}": "abc"})

    response = client_for(w.admin).post(decide_url(w.group_app), data)

    assert response.status_code == 302
    decision = FundingDecision.objects.get(application=w.group_app)
    assert sum(grant.amount for grant in decision.grants.all()) == 2_565_199


@pytest.mark.parametrize("outcome", ["granted", "partly_granted", "refused"])
def test_a_forged_party_id_is_refused_and_nothing_saved(apps, client_for, outcome):
    w = apps
    data = decision_data(outcome=outcome, **{f"granted-999999-{THIS_YEAR}": "5"})
    before = counts()

    response = client_for(w.admin).post(decide_url(w.group_app), data)

    assert response.status_code == 200
    assert "Okänd part (999999)" in text(response)
    assert counts() == before


def test_a_party_of_the_forbund_that_did_not_apply_is_refused(apps, client_for):
    w = apps
    data = decision_data(outcome="partly_granted", **{f"granted-{w.region.pk}-{THIS_YEAR}": "5"})
    before = counts()

    response = client_for(w.admin).post(decide_url(w.group_app), data)

    assert f"Region Testlän har inte sökt medel för {THIS_YEAR}." in text(response)
    assert counts() == before


def test_refusing_makes_no_grants(apps, client_for):
    w = apps

    response = client_for(w.admin).post(
        decide_url(w.group_app), decision_data(outcome="refused", motivation="Budgeten räcker ej.")
    )

    assert response.status_code == 302
    decision = FundingDecision.objects.get(application=w.group_app)
    assert decision.outcome == "refused"
    assert not decision.grants.exists()
    w.group_app.refresh_from_db()
    assert w.group_app.intervention is None
    page = text(client_for(w.admin).get(page_url(w.group_app)))
    assert "Inga medel beviljades." in page
    assert "Budgeten räcker ej." in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"decided_on": ""}, "Beslutsdatum: Detta fält måste fyllas i."),
        (
            {"decided_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "Beslutsdatumet kan inte ligga i framtiden.",
        ),
        (
            {"decided_on": f"{LAST_YEAR}-09-30"},
            f"Beslutsdatumet kan inte ligga före dagen ansökan kom in ({LAST_YEAR}-10-01).",
        ),
        ({"outcome": ""}, "Beslut: Detta fält måste fyllas i."),
        ({"outcome": "kanske"}, "Välj ett giltigt alternativ."),
    ],
)
def test_a_bad_decision_is_refused_and_nothing_saved(apps, client_for, overrides, message):
    w = apps
    before = counts()

    response = client_for(w.admin).post(decide_url(w.group_app), decision_data(**overrides))

    assert response.status_code == 200
    assert message in text(response)
    assert counts() == before


@pytest.mark.parametrize("user", ["board_user", "outsider"])
def test_only_admins_decide(apps, client_for, user):
    w = apps
    client = client_for(getattr(w, user))

    assert client.get(decide_url(w.group_app)).status_code == 403
    assert client.post(decide_url(w.group_app), decision_data()).status_code == 403
    assert not FundingDecision.objects.filter(application=w.group_app).exists()


def test_a_new_decision_asks_for_confirmation_and_supersedes_the_old(apps, client_for):
    w = apps
    client = client_for(w.admin)
    client.post(
        decide_url(w.group_app),
        decision_data(decided_on=(TODAY - datetime.timedelta(days=10)).isoformat()),
    )
    first = FundingDecision.objects.get(application=w.group_app)

    page = client.get(decide_url(w.group_app))
    assert "Det nya beslutet ersätter det." in text(page)
    assert 'name="confirm"' in page.content.decode()

    changed = decision_data(
        outcome="partly_granted",
        reference="Dnr 2025/41",
        **{
            f"granted-{w.fk.pk}-{THIS_YEAR}": "900000",
            f"granted-{w.fk.pk}-{NEXT_YEAR}": "900000",
            f"granted-{w.alby_party.pk}-{THIS_YEAR}": "300000",
        },
    )
    refused = client.post(decide_url(w.group_app), changed)
    assert refused.status_code == 200
    assert "Bekräfta att det nya beslutet ersätter det som gäller nu." in text(refused)
    assert FundingDecision.objects.filter(application=w.group_app).count() == 1

    response = client.post(
        decide_url(w.group_app), {**changed, "confirm": "on", "seen": str(first.pk)}
    )

    assert response.status_code == 302
    second = FundingDecision.objects.filter(application=w.group_app).exclude(pk=first.pk).get()
    assert second.supersedes == first
    first.refresh_from_db()
    assert not first.is_current
    assert sum(grant.amount for grant in first.grants.all()) == 2_565_199
    assert sum(grant.amount for grant in second.grants.all()) == 2_100_000

    page = client.get(page_url(w.group_app))
    content = text(page)
    assert "Status Delvis beviljad" in content
    assert f"Ersatt av beslut Dnr 2025/41 (delvis beviljad) den {TODAY:%Y-%m-%d}." in content
    # Newest first, and the old decision's grants still shown.
    html = page.content.decode()
    assert html.index(f'id="beslut-{second.pk}"') < html.index(f'id="beslut-{first.pk}"')
    assert "Summa 1 434 310 1 130 889 2 565 199" in content
    assert "Summa 1 200 000 900 000 2 100 000" in content

    listed = text(client.get(LIST_URL))
    assert "Delvis beviljad 2 565 199 2 100 000" in listed


def test_a_decision_registered_meanwhile_is_not_superseded_unseen(apps, client_for):
    w = apps
    client = client_for(w.admin)
    first = services.decide(
        w.fk_app, outcome=FundingDecision.Outcome.GRANTED, decided_on=TODAY, by=w.admin
    )
    # Someone else replaces it while this user reads the page about `first`.
    services.decide(w.fk_app, outcome=FundingDecision.Outcome.REFUSED, decided_on=TODAY, by=w.admin)
    before = counts()

    response = client.post(decide_url(w.fk_app), decision_data(confirm="on", seen=str(first.pk)))

    assert response.status_code == 200
    assert "Ett annat beslut har registrerats sedan sidan öppnades." in text(response)
    assert counts() == before


def test_a_decision_registered_while_this_one_was_saved_is_not_superseded(apps, client_for):
    """A double submit, or two administrators at once: the form was read with no decision in
    force, and another was registered before this request took the application's lock."""
    w = apps
    real_decide = services.decide

    def colleague_first(application, **fields):
        real_decide(application, outcome=GRANTED, decided_on=TODAY, by=w.admin)
        return real_decide(application, **fields)

    with mock.patch.object(services, "decide", side_effect=colleague_first):
        response = client_for(w.admin).post(
            decide_url(w.fk_app), decision_data(outcome=FundingDecision.Outcome.REFUSED)
        )

    assert response.status_code == 200
    assert "Ett annat beslut har registrerats sedan sidan öppnades." in text(response)
    decision = FundingDecision.objects.get(application=w.fk_app)
    assert decision.outcome == GRANTED and decision.is_current


def test_the_service_refuses_a_stale_view_of_the_decision_in_force(apps):
    w = apps
    first = services.decide(w.fk_app, outcome=GRANTED, decided_on=TODAY, by=w.admin)
    before = counts()
    with pytest.raises(ValidationError, match="Ett annat beslut har registrerats"):
        services.decide(w.fk_app, outcome=GRANTED, decided_on=TODAY, seen_current=None, by=w.admin)
    assert counts() == before
    second = services.decide(
        w.fk_app, outcome=GRANTED, decided_on=TODAY, seen_current=first, by=w.admin
    )
    assert second.supersedes == first
