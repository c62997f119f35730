"""Data shared by the money browser tests.

The förbund is the structure tests' `world` with its money on top, as in Gävleborg: a Trisam
process-leadership intervention steered by Mysam in every municipality, with a decision whose
grants (FK and the Region, two years) reconcile with the stated totals; a case-officer-hours
intervention compensated as time in the Trisam team, granted to every member, whose rows sum
to one krona more than the stated totals; goals and planned participants; hourly rates per party
and year; and the förbund's own budget for the year with each member's share (state 50 %,
Region 25 %, the municipalities 25 % between them).

The förbund's administrator and a member of Mysam Alby (Ingrid Ifosson, for the municipality)
sign in with `PASSWORD`. The live server's database is emptied after every test, so the fixture
builds all of it on the transactional database.

Test modules import the fixtures they use from here (`funding_world` and `world`) and the
keyboard helpers of the case browser tests.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from samverkan.funding import services
from samverkan.funding.models import (
    Application,
    ContributionShare,
    FederationBudget,
    FundingDecision,
    Goal,
    Grant,
    HourlyRate,
    Intervention,
    Orientation,
    ParticipantPlan,
    StatedTotal,
)
from tests.browser.case_setup import (  # noqa: F401 (for the test modules)
    choose,
    choose_option,
    follow,
    h1,
    label,
    press_enter_on,
    send,
    set_date,
    switch_user,
    tick,
    type_into,
)
from tests.browser.helpers import PASSWORD

# Imported after the structure tests' conftest, which has their asserts rewritten.
from tests.factories import make_user

TODAY = timezone.localdate()
THIS_YEAR = TODAY.year

# The process-leadership table: (party attribute, first year, second year), reconciling.
PROCESS_YEARS = (2022, 2023)
PROCESS_GRANTS = (("fk", 406_774, 413_992), ("region", 1_056_173, 1_082_031))
PROCESS_STATED = (1_462_947, 1_496_023)

# The case-officer table: every member; the rows sum to one krona more than stated each year.
HOURS_YEARS = (2022, 2023)
HOURS_GRANTS = (
    ("fk", 1_103_306, 1_130_889),
    ("af", 945_238, 968_869),
    ("region", 881_792, 903_837),
    ("alby_party", 331_004, 339_279),
    ("bergby_party", 15_132, 15_510),
)
HOURS_STATED = (3_276_471, 3_358_383)

RATES = {"fk": "412.50", "af": "398.00", "region": "455.00", "alby_party": "385.25"}
BUDGET_AMOUNT = 9_000_000
SHARES = (("fk", "50"), ("region", "25"), ("alby_party", "15"), ("bergby_party", "10"))

MYSAM_INTERVENTION = "Arbetsträning i Alby"
PENDING_APPLICATION = "Språkstöd i arbetsträning"


def spaces(text):
    """Text with its runs of white space (non-breaking too) as single ordinary spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


def kr(amount):
    """Kronor as the pages write them, with ordinary spaces: 1 103 306."""
    return f"{amount:,}".replace(",", " ")


def cells(row):
    """The texts of a table row's header and data cells, spaces normalised."""
    return [spaces(text) for text in row.locator("th, td").all_inner_texts()]


def row_texts(table, name):
    """The cell texts of the row of `table` whose first cell is `name`; [] when there is none."""
    for row in table.get_by_role("row").all():
        texts = cells(row)
        if texts and texts[0] == name:
            return texts
    return []


def row_of(table, name):
    """The cell texts of the row of `table` whose first cell is `name`; fails without one."""
    texts = row_texts(table, name)
    if not texts:
        rows = [cells(row) for row in table.get_by_role("row").all()]
        raise AssertionError(f"no row {name!r} in {rows}")
    return texts


def _decision(w, intervention, title, table, years, stated, reference):
    decision = FundingDecision.objects.create(
        federation=w.federation,
        intervention=intervention,
        title=title,
        outcome=FundingDecision.Outcome.GRANTED,
        decided_on=datetime.date(years[0] - 1, 11, 26),
        reference=reference,
        decided_by="Förbundets styrelse",
        source="Organisationsförändring Mysam och Trisam-styrgrupp 2022",
    )
    for row, (attribute, *amounts) in enumerate(table, start=1):
        for year, amount in zip(years, amounts, strict=True):
            Grant.objects.create(
                decision=decision,
                intervention=intervention,
                party=getattr(w, attribute),
                year=year,
                amount=amount,
                row=row,
            )
    for year, amount in zip(years, stated, strict=True):
        StatedTotal.objects.create(decision=decision, year=year, amount=amount)
    return decision


@pytest.fixture
def funding_world(transactional_db, world):
    """`world` with the förbund's money and two people who sign in.

    - admin: the förbund's administrator (changes money)
    - mysam_user: Ingrid Ifosson, Alby's member of Mysam Alby (reads Alby's part)
    - bergby_party: Bergby's party
    - process: Trisam process leadership 2022–2023 (structural, steered by Mysam everywhere)
      with `process_decision` (FK and the Region) and two goals
    - hours: Trisam case-officer hours 2022–2023 (individual, team hours) with `hours_decision`
      (every member; rows one krona over the stated totals) and planned participants
    - mysam_intervention: "Arbetsträning i Alby", granted on Mysam Alby's application for this
      year (`granted_application`), with spending in January
    - bergby_intervention: Bergby's own, granted to Bergby only (hidden from Alby's member)
    - pending: Mysam Alby's application waiting for a decision
    - budget: this year's FederationBudget with its shares; hourly rates for 2022, 2023 and
      this year
    """
    w = world
    w.admin.set_password(PASSWORD)
    w.admin.save(update_fields=["password"])
    w.mysam_user = make_user(
        w.ifo_manager,
        password=PASSWORD,
        username="ingrid.ifosson",
        first_name="Ingrid",
        last_name="Ifosson",
        email="ingrid.ifosson@example.se",
    )
    w.bergby_party = w.bergby.party

    w.process = Intervention.objects.create(
        federation=w.federation,
        code="trisam-processledning",
        name="Trisam processledare och utvecklare",
        orientation=Orientation.STRUCTURAL,
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
        steered_by_mysam=True,
        purpose="Upprätthålla kontinuitet i samverkansarbetet i Trisam-teamen.",
        target_group="Alla handläggare i Trisam-teamen samt styrgrupperna.",
    )
    Goal.objects.create(
        intervention=w.process,
        order=1,
        aim="Alla primärvårdsenheter har Trisam-team.",
        indicator="Andel hälsocentraler med Trisam-team",
        direction=Goal.Direction.REACH,
        unit=Goal.Unit.SHARE,
        by_gender=False,
        baseline_total=Decimal("80"),
        target_total=Decimal("100"),
    )
    w.process_goal = Goal.objects.create(
        intervention=w.process,
        order=2,
        aim="Fler deltar i sitt eget Trisam-möte.",
        indicator="Andel som deltar i sitt eget Trisam-möte",
        direction=Goal.Direction.INCREASE,
        unit=Goal.Unit.SHARE,
        by_gender=True,
        baseline_women=Decimal("60"),
        baseline_men=Decimal("55"),
        target_women=Decimal("70"),
        target_men=Decimal("65"),
    )
    w.process_decision = _decision(
        w,
        w.process,
        "Trisam processledare och utvecklare 2022–2023",
        PROCESS_GRANTS,
        PROCESS_YEARS,
        PROCESS_STATED,
        "SFG 2021/14",
    )

    w.hours = Intervention.objects.create(
        federation=w.federation,
        code="trisam-timmar",
        name="Trisam timmar, handläggare",
        orientation=Orientation.INDIVIDUAL,
        starts_on=datetime.date(2022, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
        steered_by_mysam=True,
        compensation=Intervention.Compensation.TEAM_HOURS,
        compensation_note="Tid i Trisam-team × 2.",
        counts_cases=True,
        purpose="Alla parter ska kunna fortsätta prioritera teamarbetet.",
        target_group="Invånare med sammansatta behov vars ärende tas upp i ett Trisam-team.",
    )
    for year, planned in ((2022, 400), (2023, 400)):
        ParticipantPlan.objects.create(intervention=w.hours, year=year, planned=planned)
    w.hours_decision = _decision(
        w,
        w.hours,
        "Trisam timmar, handläggare 2022–2023",
        HOURS_GRANTS,
        HOURS_YEARS,
        HOURS_STATED,
        "SFG 2021/15",
    )

    for year in sorted({*PROCESS_YEARS, *HOURS_YEARS, THIS_YEAR}):
        for attribute, rate in RATES.items():
            HourlyRate.objects.create(party=getattr(w, attribute), year=year, rate=Decimal(rate))

    w.budget = FederationBudget.objects.create(
        federation=w.federation, year=THIS_YEAR, amount=BUDGET_AMOUNT, note="Medlemsbidrag"
    )
    for attribute, percent in SHARES:
        ContributionShare.objects.create(
            budget=w.budget, party=getattr(w, attribute), percent=Decimal(percent)
        )

    # Mysam Alby's application for this year, granted: the intervention it steers.
    w.granted_application = services.register_application(
        Application(
            federation=w.federation,
            title=MYSAM_INTERVENTION,
            reference=f"SFG {THIS_YEAR}/3",
            orientation=Orientation.INDIVIDUAL,
            applicant_group=w.mysam,
            purpose="Arbetsträning med stöd av flera parter.",
            target_group="Personer långt från arbetsmarknaden i Alby.",
            goals="Fler går vidare till arbete eller studier.",
            starts_on=datetime.date(THIS_YEAR, 1, 1),
            ends_on=datetime.date(THIS_YEAR, 12, 31),
            received_on=datetime.date(THIS_YEAR, 1, 10),
        ),
        [
            services.Line(w.af, THIS_YEAR, 120_000),
            services.Line(w.alby_party, THIS_YEAR, 80_000),
        ],
        by=w.admin,
    )
    w.granted_decision = services.decide(
        w.granted_application,
        outcome=FundingDecision.Outcome.GRANTED,
        decided_on=datetime.date(THIS_YEAR, 1, 20),
        reference=f"SFG {THIS_YEAR}/3-1",
        decided_by="Förbundets styrelse",
        by=w.admin,
    )
    w.mysam_intervention = Intervention.objects.get(applications=w.granted_application)
    services.record_spending(w.mysam_intervention, w.af, THIS_YEAR, 1, 9_500, by=w.admin)
    services.record_spending(w.mysam_intervention, w.alby_party, THIS_YEAR, 1, 6_000, by=w.admin)

    # Bergby's own work: nothing of it concerns Alby, so Alby's Mysam member does not see it.
    w.bergby_intervention = Intervention.objects.create(
        federation=w.federation,
        code="bergby-studiestod",
        name="Studiestöd i Bergby",
        orientation=Orientation.INDIVIDUAL,
        starts_on=datetime.date(THIS_YEAR, 1, 1),
        ends_on=datetime.date(THIS_YEAR, 12, 31),
        owner=w.bergby_party,
    )
    _decision(
        w,
        w.bergby_intervention,
        "Studiestöd i Bergby",
        (("bergby_party", 60_000),),
        (THIS_YEAR,),
        (60_000,),
        f"SFG {THIS_YEAR}/7",
    )

    # An application waiting for the förbund's decision.
    w.pending = services.register_application(
        Application(
            federation=w.federation,
            title=PENDING_APPLICATION,
            orientation=Orientation.STRUCTURAL,
            applicant_group=w.mysam,
            purpose="Språkstöd för deltagare i arbetsträning.",
            starts_on=datetime.date(THIS_YEAR, 3, 1),
            ends_on=datetime.date(THIS_YEAR, 12, 31),
            received_on=datetime.date(THIS_YEAR, 2, 15),
        ),
        [services.Line(w.alby_party, THIS_YEAR, 50_000)],
        by=w.admin,
    )
    return w
