"""The operations that change money: whole kronor only, decisions that supersede, never edit,
and outcome that replaces what was entered for the same month."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samverkan.funding import services
from samverkan.funding.models import (
    Application,
    ApplicationAmount,
    FundingDecision,
    Grant,
    Intervention,
    Spending,
)
from samverkan.funding.services import Line
from tests.factories import make_party

D = datetime.date
GRANTED, PARTLY, REFUSED = "granted", "partly_granted", "refused"


def new_application(w, **fields):
    fields.setdefault("title", "Samordnat stöd för unga vuxna i Alby")
    fields.setdefault("orientation", "individual")
    fields.setdefault("applicant_group", w.mysam)
    return Application(
        federation=w.federation,
        purpose="Unga vuxna får samordnat stöd mot arbete eller studier.",
        starts_on=D(2025, 1, 1),
        ends_on=D(2026, 12, 31),
        received_on=D(2024, 10, 1),
        **fields,
    )


@pytest.fixture
def applied(world):
    """An application from Mysam Alby: Alby 100 000 a year, AF 50 000 in 2025."""
    w = world
    w.application = services.register_application(
        new_application(w),
        [
            Line(w.alby_party, 2025, 100_000),
            Line(w.alby_party, 2026, 100_000),
            Line(w.af, 2025, 50_000),
        ],
        by=w.admin,
    )
    return w


def grants_of(decision):
    return {(g.party.code, g.year): g.amount for g in decision.grants.select_related("party")}


# --- Amounts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 1, 3_893_084, 10**12])
def test_check_amount_accepts_whole_kronor(value):
    assert services.check_amount(value) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (12.5, "Beloppet ska vara ett helt antal kronor."),
        (100.0, "Beloppet ska vara ett helt antal kronor."),
        (Decimal("100"), "Beloppet ska vara ett helt antal kronor."),
        ("100", "Beloppet ska vara ett helt antal kronor."),
        (None, "Beloppet ska vara ett helt antal kronor."),
        (True, "Beloppet ska vara ett helt antal kronor."),
        (False, "Beloppet ska vara ett helt antal kronor."),
        (-5, "Beloppet kan inte vara negativt."),
    ],
)
def test_check_amount_refuses_floats_negatives_and_bools(value, message):
    with pytest.raises(ValidationError) as raised:
        services.check_amount(value)
    assert raised.value.messages == [message]


# --- Applications -----------------------------------------------------------------------------


def test_an_application_is_saved_with_its_amounts(applied):
    w = applied
    application = Application.objects.get(pk=w.application.pk)

    assert application.registered_by == w.admin
    assert sum(line.amount for line in application.amounts.all()) == 250_000
    assert application.current_decision() is None
    assert application.intervention is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (lambda w: Line(w.alby_party, 2027, 1_000), "2027 ligger utanför ansökans period."),
        (lambda w: Line(w.alby_party, 2025, -1), "Beloppet kan inte vara negativt."),
        (lambda w: Line(w.alby_party, 2025, 99.5), "Beloppet ska vara ett helt antal kronor."),
    ],
)
def test_a_bad_amount_saves_no_application(world, line, message):
    with pytest.raises(ValidationError, match=message):
        services.register_application(
            new_application(world), [Line(world.af, 2025, 10), line(world)], by=world.admin
        )

    assert not Application.objects.exists()
    assert not ApplicationAmount.objects.exists()


def test_a_party_of_another_federation_is_refused(world):
    stranger = make_party(world.other_federation, code="fk")

    with pytest.raises(ValidationError, match="Parten hör till ett annat förbund."):
        services.register_application(
            new_application(world), [Line(stranger, 2025, 10)], by=world.admin
        )

    assert not Application.objects.exists()


# --- Decisions --------------------------------------------------------------------------------


def test_granting_a_new_application_creates_the_intervention_and_its_grants(applied):
    w = applied

    decision = services.decide(
        w.application,
        outcome=GRANTED,
        decided_on=D(2024, 12, 11),
        reference="SFG 2024/45",
        by=w.admin,
    )

    intervention = decision.intervention
    assert intervention.name == w.application.title
    assert (intervention.starts_on, intervention.ends_on) == (D(2025, 1, 1), D(2026, 12, 31))
    assert intervention.steering_group == w.mysam and intervention.orientation == "individual"
    assert grants_of(decision) == {
        (w.alby_party.code, 2025): 100_000,
        (w.alby_party.code, 2026): 100_000,
        ("af", 2025): 50_000,
    }
    w.application.refresh_from_db()
    assert w.application.intervention == intervention
    assert w.application.current_decision().outcome == Application.Status.GRANTED
    assert decision.registered_by == w.admin and decision.is_current


def test_refusal_creates_no_grants_and_no_intervention(applied):
    w = applied

    decision = services.decide(
        w.application, outcome=REFUSED, decided_on=D(2024, 11, 5), motivation="Mål saknas.", by=None
    )

    assert decision.intervention is None and not decision.grants.exists()
    assert not Intervention.objects.exists()
    assert w.application.current_decision().outcome == Application.Status.REFUSED


def test_decisions_supersede_each_other_and_old_grants_are_kept(applied):
    w = applied
    refused = services.decide(w.application, outcome=REFUSED, decided_on=D(2024, 11, 5), by=None)
    granted = services.decide(w.application, outcome=GRANTED, decided_on=D(2024, 12, 11), by=None)

    partly = services.decide(
        w.application,
        outcome=PARTLY,
        decided_on=D(2025, 3, 3),
        grants=[Line(w.alby_party, 2025, 80_000), Line(w.alby_party, 2026, 100_000)],
        by=w.admin,
    )

    for decision in (refused, granted):
        decision.refresh_from_db()
    assert (partly.supersedes, granted.supersedes, refused.supersedes) == (granted, refused, None)
    assert [d.is_current for d in (refused, granted, partly)] == [False, False, True]
    assert w.application.current_decision() == partly
    assert w.application.current_decision().outcome == Application.Status.PARTLY_GRANTED
    # One intervention throughout; the granted decision's grants stay, only the latest count.
    assert Intervention.objects.count() == 1
    assert len(grants_of(granted)) == 3
    current = Grant.objects.current().filter(intervention=partly.intervention)
    assert {(g.party_id, g.year, g.amount) for g in current} == {
        (w.alby_party.pk, 2025, 80_000),
        (w.alby_party.pk, 2026, 100_000),
    }
    assert FundingDecision.objects.count() == 3


@pytest.mark.parametrize(
    ("grants", "message"),
    [
        (lambda w: [Line(w.alby_party, 2025, 100_001)], "beviljat belopp är större än det sökta"),
        (lambda w: [Line(w.fk, 2025, 10)], "har inte sökt medel för 2025"),
        (lambda w: [Line(w.alby_party, 2025, -1)], "Beloppet kan inte vara negativt."),
        (lambda w: [Line(w.alby_party, 2025, 10.0)], "Beloppet ska vara ett helt antal kronor."),
        (lambda w: [], "Ange de beviljade beloppen"),
    ],
)
def test_a_bad_partly_granted_decision_changes_nothing(applied, grants, message):
    w = applied
    first = services.decide(w.application, outcome=GRANTED, decided_on=D(2024, 12, 11), by=None)

    with pytest.raises(ValidationError, match=message):
        services.decide(
            w.application, outcome=PARTLY, decided_on=D(2025, 1, 9), grants=grants(w), by=None
        )

    assert FundingDecision.objects.get() == first and first.is_current
    assert Grant.objects.count() == 3


def test_an_unknown_outcome_is_refused(applied):
    with pytest.raises(ValidationError, match="Okänt beslut."):
        services.decide(applied.application, outcome="maybe", decided_on=None, by=None)
    assert not FundingDecision.objects.exists()


# --- Outcome ----------------------------------------------------------------------------------


@pytest.fixture
def intervention(applied):
    return services.decide(
        applied.application, outcome=GRANTED, decided_on=D(2024, 12, 11), by=None
    ).intervention


def test_record_spending_creates_then_replaces_the_month(applied, intervention):
    w = applied

    spending, previous = services.record_spending(
        intervention, w.alby_party, 2025, 3, 8_000, by=w.admin, note="Lön mars"
    )
    assert previous is None and spending.amount == 8_000

    again, previous = services.record_spending(
        intervention, w.alby_party, 2025, 3, 8_500, by=w.admin, note="Rättad"
    )

    assert previous == 8_000
    assert again.pk == spending.pk and again.version == spending.version + 1
    stored = Spending.objects.get()
    assert (stored.amount, stored.note, stored.entered_by) == (8_500, "Rättad", w.admin)


@pytest.mark.parametrize(
    ("year", "month", "amount", "message"),
    [
        (2025, 3, -1, "Beloppet kan inte vara negativt."),
        (2025, 3, 1.5, "Beloppet ska vara ett helt antal kronor."),
        (2024, 12, 100, "Perioden ligger utanför insatsens period"),
        (2027, 1, 100, "Perioden ligger utanför insatsens period"),
    ],
)
def test_bad_spending_is_refused_and_keeps_what_was_there(
    applied, intervention, year, month, amount, message
):
    w = applied
    services.record_spending(intervention, w.alby_party, 2025, 3, 8_000, by=None)

    with pytest.raises(ValidationError, match=message):
        services.record_spending(intervention, w.alby_party, year, month, amount, by=None)

    assert list(Spending.objects.values_list("year", "month", "amount")) == [(2025, 3, 8_000)]
