"""Money of the small test förbund: the structure's `world` plus interventions, decisions,
grants and readers of every kind.

Every test gets the fixture `money_world` without importing it; import only the constants
(TRISAM_TABLE, TRISAM_STATED; THIS_YEAR and LAST_YEAR are in `tests.factories`).
"""

import datetime

import pytest

from samverkan.funding.models import (
    FundingDecision,
    Goal,
    Grant,
    Intervention,
    Orientation,
    ParticipantPlan,
    Spending,
    StatedTotal,
)
from tests.factories import (
    LAST_YEAR,
    THIS_YEAR,
    YEAR_AGO,
    make_membership,
    make_person,
    make_user,
)

# The case-officer table: rows in the document's order (not the parties' order), two years.
# The rows sum to 3 893 085 and 3 982 812; the document states one krona less for each year.
TRISAM_TABLE = (
    # (world attribute of the party, amount last year, amount this year)
    ("region", 1_200_000, 1_230_000),
    ("alby_party", 893_085, 915_412),
    ("fk", 900_000, 922_400),
    ("af", 600_000, 610_000),
    ("bergby_party", 300_000, 305_000),
)
TRISAM_STATED = {LAST_YEAR: 3_893_084, THIS_YEAR: 3_982_811}


def _decision(intervention, table, *, title, decided_on, supersedes=None, stated=None):
    """A decision with grants in `table` order: [(party, {year: amount})]."""
    decision = FundingDecision.objects.create(
        federation=intervention.federation,
        intervention=intervention,
        title=title,
        outcome=FundingDecision.Outcome.GRANTED,
        decided_on=decided_on,
        reference=f"Dnr {decided_on.year}/{intervention.pk}",
        decided_by="Styrelsen",
        supersedes=supersedes,
    )
    Grant.objects.bulk_create(
        Grant(
            decision=decision,
            intervention=intervention,
            party=party,
            year=year,
            amount=amount,
            row=position,
        )
        for position, (party, amounts) in enumerate(table, start=1)
        for year, amount in amounts.items()
    )
    for year, amount in (stated or {}).items():
        StatedTotal.objects.create(decision=decision, year=year, amount=amount)
    return decision


@pytest.fixture
def money_world(world):
    """`world` plus money. Years are relative to today: LAST_YEAR and THIS_YEAR.

    Parties: w.bergby_party (Bergby's municipality) besides world's fk, af, region, alby_party.

    Interventions:
    - w.trisam_intervention (code "trisam-timmar"): individual, compensated as TEAM_HOURS,
      steered_by_mysam, no steering group, 1 Jan LAST_YEAR – 31 Dec THIS_YEAR. Two goals
      (w.trisam_goal_count: count, total only; w.trisam_goal_share: share by gender with
      baselines/targets) and participant plans 800 per year (w.trisam_plans).
      Decisions: w.trisam_old_decision (Region 1 000 000 LAST_YEAR only), superseded by
      w.trisam_decision whose grants follow TRISAM_TABLE in document order Region, Alby kommun,
      FK, AF, Bergby kommun (rows 1–5) and sum to 3 893 085 / 3 982 812 while its stated totals
      (TRISAM_STATED) are 3 893 084 / 3 982 811: a 1 kr difference each year.
      No hourly rates and no meetings: hours tests add their own.
    - w.mysam_intervention (code "arbetstraning-alby"): individual, AMOUNT, steering group
      w.mysam (Mysam Alby), 1 Jan THIS_YEAR – 31 Dec THIS_YEAR+1, decision w.mysam_decision:
      Alby kommun 200 000 and AF 100 000 each year; spending Alby kommun January THIS_YEAR
      15 000 (w.mysam_spending).
    - w.completed_intervention (code "kartlaggning-2019"): structural, AMOUNT, owner the Region,
      2019–2020, completed; decision w.completed_decision: Region 50 000 in 2020.
    - w.other_intervention (code "annan-insats"): in w.other_federation, no grants.

    Users:
    - w.admin: the förbund's administrator (may change money)
    - w.mysam_user (person w.mysam_person): current member of Mysam Alby for Alby kommun;
      reads Alby kommun's rows and all of the interventions Mysam Alby steers
    - w.board_user (person w.board_person): current member of Länsledning; reads everything
    - w.outsider (person w.outsider_person): FK staff without any seat; 403 everywhere
    - w.other_admin: administrator of the other förbund
    """
    w = world
    w.bergby_party = w.bergby.party

    w.mysam_person = make_person(
        w.federation, w.alby_party, first_name="Maja", last_name="Mysamsson"
    )
    make_membership(w.mysam_person, w.mysam, valid_from=YEAR_AGO)
    w.mysam_user = make_user(w.mysam_person, username="mysam-alby")
    w.board_person = make_person(w.federation, w.region, first_name="Lena", last_name="Länsson")
    make_membership(w.board_person, w.county_board, valid_from=YEAR_AGO)
    w.board_user = make_user(w.board_person, username="lansledning")
    w.outsider_person = make_person(w.federation, w.fk, first_name="Otto", last_name="Utanför")
    w.outsider = make_user(w.outsider_person, username="utanfor")

    w.trisam_intervention = Intervention.objects.create(
        federation=w.federation,
        code="trisam-timmar",
        name="Trisam timmar, handläggare",
        orientation=Orientation.INDIVIDUAL,
        starts_on=datetime.date(LAST_YEAR, 1, 1),
        ends_on=datetime.date(THIS_YEAR, 12, 31),
        purpose="Upprätthålla kontinuitet i samverkansarbetet i Trisam-team.",
        target_group="Invånare med sammansatta behov vars ärende tas upp i ett Trisam-team.",
        steered_by_mysam=True,
        compensation=Intervention.Compensation.TEAM_HOURS,
        compensation_note="Tid i Trisam-team × 2, värderad med partens timpris.",
        counts_cases=True,
    )
    w.trisam_goal_count = Goal.objects.create(
        intervention=w.trisam_intervention,
        order=1,
        aim="800 kvinnor, män, annan",
        indicator="Antal individer vars ärende behandlas i Trisam",
        direction=Goal.Direction.REACH,
        unit=Goal.Unit.COUNT,
        by_gender=False,
        target_total=800,
    )
    w.trisam_goal_share = Goal.objects.create(
        intervention=w.trisam_intervention,
        order=2,
        aim="Delaktighet i rehabiliteringsprocessen",
        indicator="Andel som deltar i sitt eget Trisam-möte",
        direction=Goal.Direction.INCREASE,
        unit=Goal.Unit.SHARE,
        by_gender=True,
        baseline_women=40,
        baseline_men=35,
        baseline_other=0,
        baseline_total=38,
        target_women=60,
        target_men=55,
        target_other=50,
        target_total=58,
    )
    w.trisam_plans = [
        ParticipantPlan.objects.create(intervention=w.trisam_intervention, year=year, planned=800)
        for year in (LAST_YEAR, THIS_YEAR)
    ]
    w.trisam_old_decision = _decision(
        w.trisam_intervention,
        [(w.region, {LAST_YEAR: 1_000_000})],
        title="Trisam timmar, första beslutet",
        decided_on=datetime.date(LAST_YEAR - 1, 11, 15),
    )
    w.trisam_decision = _decision(
        w.trisam_intervention,
        [
            (getattr(w, attr), {LAST_YEAR: last, THIS_YEAR: this})
            for attr, last, this in TRISAM_TABLE
        ],
        title="Trisam timmar, handläggare",
        decided_on=datetime.date(LAST_YEAR - 1, 12, 10),
        supersedes=w.trisam_old_decision,
        stated=TRISAM_STATED,
    )

    w.mysam_intervention = Intervention.objects.create(
        federation=w.federation,
        code="arbetstraning-alby",
        name="Arbetsträning Alby",
        orientation=Orientation.INDIVIDUAL,
        starts_on=datetime.date(THIS_YEAR, 1, 1),
        ends_on=datetime.date(THIS_YEAR + 1, 12, 31),
        purpose="Arbetsträning för unga vuxna i Alby.",
        steering_group=w.mysam,
        owner=w.alby_party,
    )
    w.mysam_decision = _decision(
        w.mysam_intervention,
        [
            (w.alby_party, {THIS_YEAR: 200_000, THIS_YEAR + 1: 200_000}),
            (w.af, {THIS_YEAR: 100_000, THIS_YEAR + 1: 100_000}),
        ],
        title="Arbetsträning Alby",
        decided_on=datetime.date(LAST_YEAR, 12, 1),
    )
    w.mysam_spending = Spending.objects.create(
        intervention=w.mysam_intervention,
        party=w.alby_party,
        year=THIS_YEAR,
        month=1,
        amount=15_000,
    )

    w.completed_intervention = Intervention.objects.create(
        federation=w.federation,
        code="kartlaggning-2019",
        name="Kartläggning av samverkan",
        orientation=Orientation.STRUCTURAL,
        starts_on=datetime.date(2019, 1, 1),
        ends_on=datetime.date(2020, 12, 31),
        owner=w.region,
    )
    w.completed_decision = _decision(
        w.completed_intervention,
        [(w.region, {2020: 50_000})],
        title="Kartläggning av samverkan",
        decided_on=datetime.date(2018, 12, 1),
    )

    w.other_intervention = Intervention.objects.create(
        federation=w.other_federation,
        code="annan-insats",
        name="Annat förbunds insats",
        orientation=Orientation.INDIVIDUAL,
        starts_on=datetime.date(THIS_YEAR, 1, 1),
        ends_on=datetime.date(THIS_YEAR, 12, 31),
    )
    return w


def more_interventions(w, count, prefix="extra"):
    """`count` interventions this year, each with three grants, spending and a plan."""
    for n in range(count):
        intervention = Intervention.objects.create(
            federation=w.federation,
            code=f"{prefix}-{n}",
            name=f"Extra insats {n}",
            orientation=Orientation.STRUCTURAL if n % 2 else Orientation.INDIVIDUAL,
            starts_on=datetime.date(THIS_YEAR, 1, 1),
            ends_on=datetime.date(THIS_YEAR, 12, 31),
            steering_group=w.mysam,
        )
        decision = FundingDecision.objects.create(
            federation=w.federation,
            intervention=intervention,
            title=intervention.name,
            outcome=FundingDecision.Outcome.GRANTED,
        )
        for party in (w.fk, w.alby_party, w.bergby_party):
            Grant.objects.create(
                decision=decision,
                intervention=intervention,
                party=party,
                year=THIS_YEAR,
                amount=10_000 + n,
            )
        Spending.objects.create(
            intervention=intervention, party=w.alby_party, year=THIS_YEAR, month=1, amount=n
        )
        ParticipantPlan.objects.create(intervention=intervention, year=THIS_YEAR, planned=n)
