"""The demo money, as `make run` loads it: the reference funding first, then the structure,
meetings and cases demo, then money on top."""

import io
import types
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from samverkan.funding import figures
from samverkan.funding.demo import demo_funding_rows, load_demo_funding
from samverkan.funding.hours import hours_against_grant
from samverkan.funding.models import (
    Application,
    ApplicationAmount,
    ContributionShare,
    FederationBudget,
    FundingDecision,
    Grant,
    HourlyRate,
    Intervention,
    ParticipantOfficer,
    Spending,
)
from samverkan.structure.demo import DemoDataError
from samverkan.structure.models import Federation, Party
from tests.factories import make_federation

DATA = Path(__file__).resolve().parents[2]
STRUCTURE = DATA / "structure" / "data" / "gavleborg.yaml"
FUNDING = DATA / "funding" / "data" / "gavleborg.yaml"
MODELS = (
    Intervention,
    Application,
    ApplicationAmount,
    FundingDecision,
    Grant,
    Spending,
    HourlyRate,
    FederationBudget,
    ContributionShare,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def run_load_demo():
    out = io.StringIO()
    # Without the historic cases, which are tested on their own (demo/tests/test_volume.py).
    call_command("load_demo", allow_without_debug=True, without_volume=True, stdout=out)
    return out.getvalue()


# Runs before the module's demo fixture is set up, on an empty database.
@pytest.mark.django_db
def test_without_the_reference_funding_the_money_demo_says_what_to_load_and_adds_nothing():
    federation = make_federation(slug="gavleborg")

    with pytest.raises(
        DemoDataError, match='Insatsen "trisam-[a-z0-9-]+" finns inte.*load_funding'
    ):
        load_demo_funding(federation)

    assert not any(counts().values())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Reference structure and funding, then the whole demo twice; rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_structure", str(STRUCTURE), stdout=io.StringIO())
        call_command("load_funding", str(FUNDING), stdout=io.StringIO())
        reference = counts()
        first = run_load_demo()
        after_first = counts()
        second = run_load_demo()
        yield types.SimpleNamespace(
            reference=reference,
            first=first,
            second=second,
            after_first=after_first,
            after_second=counts(),
            federation=Federation.objects.get(slug="gavleborg"),
            today=timezone.localdate(),
        )
        transaction.set_rollback(True)


def continuation(demo):
    return Intervention.objects.get(
        federation=demo.federation, is_demo=True, compensation="team_hours"
    )


@pytest.mark.django_db
def test_the_command_reports_the_money_after_the_cases_and_a_second_run_creates_nothing(demo):
    total = demo_funding_rows(demo.federation)
    assert total > 100
    assert f"Demoekonomi: {total} nya, {total} totalt." in demo.first
    assert demo.first.index("Demoärenden") < demo.first.index("Demoekonomi")
    assert f"Demoekonomi: 0 nya, {total} totalt." in demo.second
    assert demo.after_second == demo.after_first
    again = load_demo_funding(demo.federation)
    assert (again.created, again.total) == (0, total)
    assert counts() == demo.after_first


@pytest.mark.django_db
def test_demo_rows_are_marked_and_the_reference_is_left_alone(demo):
    reference = Intervention.objects.filter(is_demo=False)
    assert set(reference.values_list("code", flat=True)) >= {
        "trisam-handlaggartid-2022-2023",
        "trisam-processledning-2022-2023",
    }
    assert reference.count() == demo.reference["Intervention"]
    # The reference decisions are still the only unmarked ones, and still in force.
    unmarked = FundingDecision.objects.filter(is_demo=False)
    assert unmarked.count() == demo.reference["FundingDecision"]
    assert all(decision.is_current for decision in unmarked)
    for model in (Application, Spending, FederationBudget):
        assert not model.objects.filter(is_demo=False).exists(), model
    assert Intervention.objects.filter(is_demo=True).count() == 2


@pytest.mark.django_db
def test_every_party_has_rates_for_the_reference_years_and_the_last_two(demo):
    years = {2022, 2023, demo.today.year - 1, demo.today.year}
    for party in Party.objects.filter(federation=demo.federation):
        rates = dict(HourlyRate.objects.filter(party=party).values_list("year", "rate"))
        assert set(rates) == years, party
        assert all(Decimal(400) <= rate <= Decimal(600) for rate in rates.values())


@pytest.mark.django_db
def test_the_continuation_grants_the_2023_amounts_raised_2_5_percent_a_year(demo):
    intervention = continuation(demo)
    first, last = intervention.years[0], intervention.years[-1]
    assert intervention.name == f"Trisam timmar, handläggare {first}–{last}"
    assert (intervention.orientation, intervention.counts_cases) == ("individual", True)
    assert intervention.steered_by_mysam
    decision = intervention.decisions.get()
    assert decision.outcome == "granted" and decision.application.applicant_party.code == "region"
    base = dict(
        Grant.objects.filter(
            intervention__code="trisam-handlaggartid-2022-2023", year=2023
        ).values_list("party__code", "amount")
    )
    granted = {(g.party.code, g.year): g.amount for g in decision.grants.select_related("party")}
    assert len(granted) == len(base) * len(intervention.years)
    # Gävle 2023: 339 281; × 1.025 per year, whole kronor rounded half up.
    expected = Decimal(339_281) * Decimal("1.025") ** (first - 2023)
    assert granted[("gavle-kommun", first)] == int(expected.quantize(Decimal(1), "ROUND_HALF_UP"))
    for (code, year), amount in granted.items():
        exact = Decimal(base[code]) * Decimal("1.025") ** (year - 2023)
        assert abs(amount - exact) <= Decimal("0.5"), (code, year)


@pytest.mark.django_db
def test_the_demo_trisam_meetings_give_claimable_hours_against_the_continuation(demo):
    intervention = continuation(demo)
    rows = [
        row
        for year in intervention.years
        for row in hours_against_grant(intervention, year, today=demo.today)
    ]
    assert sum(row["hours"] for row in rows) > 0
    used = [row["used"] for row in rows if row["hours"]]
    assert used and all(value is not None and value > 0 for value in used)
    this_year = hours_against_grant(intervention, demo.today.year, today=demo.today)
    for row in this_year:
        assert row["remaining"] == row["grant"] - row["used"]


@pytest.mark.django_db
def test_a_pending_a_refused_then_partly_granted_application(demo):
    pending = Application.objects.get(title="Arbetsintegrerande stöd i Bollnäs")
    assert pending.current_decision() is None and pending.applicant_group.name == "Mysam Bollnäs"
    assert pending.orientation == "structural"
    assert sum(line.amount for line in pending.amounts.all()) > 0
    assert pending.intervention is None

    redecided = Application.objects.get(title="Samverkansforum för psykisk hälsa i Hudiksvall")
    assert redecided.current_decision().outcome == "partly_granted"
    refusal = redecided.decisions.get(outcome="refused")
    current = redecided.current_decision()
    assert refusal.superseded_by == current and not refusal.grants.exists()
    granted = sum(grant.amount for grant in current.grants.all())
    assert 0 < granted < sum(line.amount for line in redecided.amounts.all())
    assert redecided.intervention.is_demo and redecided.intervention.orientation == "structural"


@pytest.mark.django_db
def test_monthly_spending_for_process_leadership_and_the_current_structural_work(demo):
    process = Intervention.objects.get(code="trisam-processledning-2022-2023")
    for year in (2022, 2023):
        spent = Spending.objects.filter(intervention=process, year=year)
        assert set(spent.values_list("month", flat=True)) == set(range(1, 13))
        granted = figures.granted([process], years=[year])
        used = figures.used([process], today=demo.today, years=[year])
        for key, amount in granted.items():
            assert 0.9 * amount < used[key] <= amount
    current = Application.objects.get(title__contains="Hudiksvall").intervention
    spent = Spending.objects.filter(intervention=current, year=demo.today.year)
    assert spent.exists()
    assert set(spent.values_list("party__code", flat=True)) == {"hudiksvalls-kommun", "region"}


@pytest.mark.django_db
def test_budgets_with_shares_that_add_up_to_the_whole(demo):
    budgets = FederationBudget.objects.filter(federation=demo.federation)
    assert set(budgets.values_list("year", flat=True)) == {2022, 2023, demo.today.year}
    for budget in budgets:
        assert 9_000_000 <= budget.amount <= 10_000_000
        shares = {share.party.code: share.percent for share in budget.shares.all()}
        assert shares["fk"] == 50 and shares["region"] == 25
        municipal = [p for code, p in shares.items() if code not in ("fk", "region")]
        assert len(municipal) == 10 and sum(municipal) == 25
        assert shares["gavle-kommun"] == max(municipal)
        assert shares["ockelbo-kommun"] == min(municipal)


def test_the_rehab_coordinator_reports_the_participants_of_the_case_counting_work(demo):
    officers = ParticipantOfficer.objects.select_related("intervention", "person__user")
    assert {officer.person.user.username for officer in officers} == {"rehabkoordinator"}
    assert {officer.intervention.code for officer in officers} == set(
        Intervention.objects.filter(counts_cases=True).values_list("code", flat=True)
    )
    assert officers.exists()
