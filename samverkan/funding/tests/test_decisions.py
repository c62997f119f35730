"""Applications and decisions through the services: grants made exactly as decided, a changed
decision superseding the old one without erasing it, and refused input changing nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

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

GRANTED = FundingDecision.Outcome.GRANTED
PARTLY = FundingDecision.Outcome.PARTLY_GRANTED
REFUSED = FundingDecision.Outcome.REFUSED
NEXT_YEAR = THIS_YEAR + 1


def register(w, *, title="Jobbspår Alby", intervention=None, lines=None, ends_year=NEXT_YEAR):
    """An application from Mysam Alby for THIS_YEAR..`ends_year`, registered by the admin."""
    application = Application(
        federation=w.federation,
        title=title,
        reference="Dnr 2024/17",
        intervention=intervention,
        orientation="" if intervention else Orientation.INDIVIDUAL,
        applicant_group=w.mysam,
        purpose="Stöd till unga vuxna på väg mot arbete.",
        target_group="Unga vuxna 18–29 år i Alby.",
        starts_on=datetime.date(THIS_YEAR, 1, 1),
        ends_on=datetime.date(ends_year, 12, 31),
        received_on=datetime.date(LAST_YEAR, 10, 1),
    )
    if lines is None:
        lines = [
            Line(w.fk, THIS_YEAR, 1_103_306),
            Line(w.fk, NEXT_YEAR, 1_130_889),
            Line(w.alby_party, THIS_YEAR, 331_004),
        ]
    return services.register_application(application, lines, by=w.admin)


def decide(w, application, outcome, **fields):
    fields.setdefault("decided_on", datetime.date(THIS_YEAR, 1, 1))
    return services.decide(application, outcome=outcome, by=w.admin, **fields)


def grants_of(decision):
    return {(g.party_id, g.year): g.amount for g in decision.grants.all()}


def counts():
    return (
        FundingDecision.objects.count(),
        Grant.objects.count(),
        Intervention.objects.count(),
        Application.objects.count(),
        ApplicationAmount.objects.count(),
    )


def test_granted_makes_the_amounts_applied_into_grants_of_a_new_intervention(money_world):
    w = money_world
    application = register(w)
    interventions_before = Intervention.objects.count()

    decision = decide(w, application, GRANTED, reference="Dnr 2024/20", decided_by="Styrelsen")

    application.refresh_from_db()
    intervention = application.intervention
    assert Intervention.objects.count() == interventions_before + 1
    assert intervention.code == "jobbspar-alby"
    assert intervention.name == "Jobbspår Alby"
    assert intervention.orientation == Orientation.INDIVIDUAL
    assert intervention.steering_group == w.mysam
    assert (intervention.starts_on, intervention.ends_on) == (
        application.starts_on,
        application.ends_on,
    )
    assert decision.intervention == intervention
    assert decision.is_current and decision.supersedes is None
    assert grants_of(decision) == {
        (w.fk.pk, THIS_YEAR): 1_103_306,
        (w.fk.pk, NEXT_YEAR): 1_130_889,
        (w.alby_party.pk, THIS_YEAR): 331_004,
    }
    assert sum(grant.amount for grant in decision.grants.all()) == 2_565_199
    assert all(isinstance(g.amount, int) for g in decision.grants.all())


def test_a_second_new_intervention_with_the_same_title_gets_its_own_code(money_world):
    w = money_world
    first = register(w)
    second = register(w)
    decide(w, first, GRANTED)
    decide(w, second, GRANTED)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.intervention.code, second.intervention.code) == (
        "jobbspar-alby",
        "jobbspar-alby-2",
    )


def test_granted_on_an_existing_intervention_adds_grants_to_it(money_world):
    w = money_world
    application = register(
        w,
        intervention=w.mysam_intervention,
        lines=[Line(w.af, NEXT_YEAR, 50_000)],
    )
    interventions_before = Intervention.objects.count()

    decision = decide(w, application, GRANTED)

    assert Intervention.objects.count() == interventions_before
    assert decision.intervention == w.mysam_intervention
    assert grants_of(decision) == {(w.af.pk, NEXT_YEAR): 50_000}
    # The intervention's earlier decision stays in force beside it: it is another application's.
    assert w.mysam_decision.is_current


def test_partly_granted_grants_exactly_the_amounts_given(money_world):
    w = money_world
    application = register(w)

    decision = decide(
        w,
        application,
        PARTLY,
        grants=[Line(w.fk, THIS_YEAR, 1_000_001), Line(w.alby_party, THIS_YEAR, 0)],
    )

    assert decision.outcome == PARTLY
    assert grants_of(decision) == {(w.fk.pk, THIS_YEAR): 1_000_001, (w.alby_party.pk, THIS_YEAR): 0}
    assert sum(grant.amount for grant in decision.grants.all()) == 1_000_001


def test_partly_granted_more_than_applied_is_refused_and_nothing_saved(money_world):
    w = money_world
    application = register(w)
    before = counts()

    with pytest.raises(ValidationError) as refused:
        decide(w, application, PARTLY, grants=[Line(w.fk, THIS_YEAR, 1_103_307)])

    assert "Försäkringskassan" in refused.value.messages[0]
    assert "större än det sökta" in refused.value.messages[0]
    assert counts() == before
    application.refresh_from_db()
    assert application.intervention is None
    assert application.current_decision() is None


def test_partly_granted_without_amounts_is_refused(money_world):
    w = money_world
    application = register(w)
    before = counts()

    with pytest.raises(ValidationError, match="beviljade beloppen"):
        decide(w, application, PARTLY, grants=[])

    assert counts() == before


@pytest.mark.parametrize("amount", [12.5, -3, "abc", True])
def test_a_granted_amount_must_be_whole_non_negative_kronor(money_world, amount):
    w = money_world
    application = register(w)
    before = counts()

    with pytest.raises(ValidationError):
        decide(w, application, PARTLY, grants=[Line(w.fk, THIS_YEAR, amount)])

    assert counts() == before


def test_a_party_of_another_forbund_is_refused(money_world):
    w = money_world
    stranger = w.other_federation.parties.create(name="Främmande kommun", code="x", kind="region")
    application = register(w)
    before = counts()

    with pytest.raises(ValidationError, match="har inte sökt medel"):
        decide(w, application, PARTLY, grants=[Line(stranger, THIS_YEAR, 1)])
    with pytest.raises(ValidationError, match="annat förbund"):
        register(w, lines=[Line(stranger, THIS_YEAR, 1)])

    assert counts() == before


def test_a_party_that_did_not_apply_is_refused(money_world):
    w = money_world
    application = register(w)
    before = counts()

    with pytest.raises(ValidationError, match="Regionen|Region Testlän"):
        decide(w, application, PARTLY, grants=[Line(w.region, THIS_YEAR, 1)])

    assert counts() == before


def test_a_grant_year_outside_the_interventions_period_is_refused(money_world):
    w = money_world
    # Arbetsträning Alby runs THIS_YEAR..NEXT_YEAR; this application reaches a year beyond it.
    application = register(
        w,
        intervention=w.mysam_intervention,
        lines=[Line(w.af, NEXT_YEAR + 1, 10_000)],
        ends_year=NEXT_YEAR + 1,
    )
    before = counts()

    with pytest.raises(ValidationError) as refused:
        decide(w, application, GRANTED)

    assert f"{NEXT_YEAR + 1} ligger utanför insatsens period" in " ".join(refused.value.messages)
    assert counts() == before


def test_an_amount_applied_for_outside_the_applications_period_is_refused(money_world):
    w = money_world
    before = counts()

    with pytest.raises(ValidationError, match=f"{LAST_YEAR} ligger utanför ansökans period"):
        register(w, lines=[Line(w.fk, THIS_YEAR, 1), Line(w.fk, LAST_YEAR, 1)])

    assert counts() == before


def test_refused_creates_no_grants_and_no_intervention(money_world):
    w = money_world
    application = register(w)
    interventions_before = Intervention.objects.count()

    decision = decide(w, application, REFUSED, motivation="Ryms inte i budgeten.")

    application.refresh_from_db()
    assert decision.outcome == REFUSED
    assert decision.grants.count() == 0
    assert decision.intervention is None
    assert application.intervention is None
    assert Intervention.objects.count() == interventions_before


def test_a_new_decision_supersedes_the_old_which_stays_readable(money_world):
    w = money_world
    application = register(w)
    first = decide(w, application, GRANTED, decided_on=datetime.date(THIS_YEAR, 1, 1))
    old_grants = grants_of(first)

    second = decide(
        w,
        application,
        PARTLY,
        decided_on=datetime.date(THIS_YEAR, 1, 2),
        grants=[Line(w.fk, THIS_YEAR, 500_000)],
    )

    first.refresh_from_db()
    assert FundingDecision.objects.filter(pk=first.pk).exists()
    assert second.supersedes == first
    assert first.superseded_by == second
    assert not first.is_current and second.is_current
    assert application.current_decision() == second
    # The old grants are still there, and still say what was decided then, but are not current.
    assert grants_of(first) == old_grants
    current = Grant.objects.current().filter(intervention=second.intervention)
    assert {(g.party_id, g.year): g.amount for g in current} == {(w.fk.pk, THIS_YEAR): 500_000}
    # Same intervention: superseding does not create another one.
    assert second.intervention == first.intervention

    third = decide(w, application, REFUSED, decided_on=datetime.date(THIS_YEAR, 1, 3))

    assert third.supersedes == second
    assert list(application.decisions.order_by("pk")) == [first, second, third]
    assert not Grant.objects.current().filter(intervention=first.intervention).exists()
    assert Grant.objects.filter(intervention=first.intervention).count() == 4


def test_totals_are_exact_with_large_amounts(money_world):
    w = money_world
    amounts = [999_999_999_999, 1, 3_893_085]
    application = register(
        w,
        lines=[
            Line(w.fk, THIS_YEAR, amounts[0]),
            Line(w.af, THIS_YEAR, amounts[1]),
            Line(w.region, NEXT_YEAR, amounts[2]),
        ],
    )

    decision = decide(w, application, GRANTED)

    assert sum(grant.amount for grant in decision.grants.all()) == 1_000_003_893_085
