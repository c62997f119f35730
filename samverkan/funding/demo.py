"""Demo money: hourly rates, applications and decisions, outcome and the förbund's budget, so
every money page has something plausible to show. Everything here is invented.

It builds on the reference funding (`manage.py load_funding`: the interventions and grant tables
of 2022–2023) and on the structure demo's Mysam groups. Applications, decisions and outcome go
through `funding.services` as in real use. Rows of models that carry a demo mark are marked
`is_demo`; hourly rates and budget shares carry none and are found by party and year. Whatever
exists already is left alone, so loading twice creates nothing.
"""

import dataclasses
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core.models import User
from samverkan.funding import services
from samverkan.funding.hours import kronor
from samverkan.funding.models import (
    Application,
    ApplicationAmount,
    ContributionShare,
    FederationBudget,
    FundingDecision,
    Grant,
    HourlyRate,
    Intervention,
    Orientation,
    ParticipantOfficer,
    Spending,
)
from samverkan.structure.demo import DemoDataError
from samverkan.structure.models import Group, GroupKind, Party, Person

D = datetime.date
Outcome = FundingDecision.Outcome

# ---------------------------------------------------------------------------------------------
# The demo content. A party is named by its code ("fk", "af", "region") or by a municipality's
# name. Years count from the current year where they are not 2022–2023.
# ---------------------------------------------------------------------------------------------

CASE_OFFICER_HOURS = "trisam-handlaggartid-2022-2023"
# The demo account that is deltagaransvarig of the interventions counting Trisam cases.
OFFICER = "rehabkoordinator"
PROCESS_LEADERSHIP = "trisam-processledning-2022-2023"
DECIDED_BY = "Förbundsstyrelsen"

# Hourly rates in 2022 (kr); each later year adds RATE_RISE.
RATES_2022 = {"fk": 480, "af": 470, "region": 520, Party.Kind.MUNICIPALITY: 420}
RATE_RISE = 10

# The continuation of the case-officer hours: the 2023 grants raised by this much a year.
RAISE = Decimal("1.025")
CONTINUATION_NAME = "Trisam timmar, handläggare {period}"
CONTINUATION_TITLE = "Fortsatt handläggartid i Trisam {period}"
# What the continuation takes over from the 2022–2023 intervention.
CONTINUED_FIELDS = ("orientation", "purpose", "target_group", "steered_by_mysam", "counts_cases")
CONTINUATION_MOTIVATION = (
    "Handläggartiden i Trisam fortsätter för alla medlemmar, med 2,5 procents uppräkning per år."
)

# A Mysam group's application still waiting for a decision (next year).
PENDING = {
    "group": "Bollnäs",
    "title": "Arbetsintegrerande stöd i Bollnäs",
    "purpose": "Personer långt från arbetsmarknaden får stöd att pröva arbete i ett "
    "arbetsintegrerande socialt företag, med gemensam planering mellan parterna.",
    "target_group": "Invånare i Bollnäs 18–64 år med försörjningsstöd eller aktivitetsstöd.",
    "goals": "Minst hälften av deltagarna har påbörjat arbete eller studier efter ett år.",
    "amounts": {"Bollnäs": 240_000, "af": 160_000},
}

# An application refused, then completed and partly granted by a decision that supersedes the
# refusal. It becomes the current year's structural intervention with monthly outcome.
REDECIDED = {
    "group": "Hudiksvall",
    "title": "Samverkansforum för psykisk hälsa i Hudiksvall",
    "purpose": "Ett gemensamt forum där kommunen, vuxenpsykiatrin och primärvården samordnar "
    "rutiner för personer med psykisk ohälsa som behöver stöd mot arbete.",
    "target_group": "Chefer och medarbetare i kommunen och Region Gävleborg i Hudiksvall.",
    "amounts": {"Hudiksvall": 180_000, "region": 150_000, "fk": 60_000},
    "refusal": "Ansökan saknar mål som går att följa upp och en plan för hur arbetet ska "
    "fortsätta när medlen tar slut.",
    "granted": {"Hudiksvall": 150_000, "region": 120_000},
    "motivation": "Den kompletterade ansökan beviljas för kommunens och regionens del. "
    "Försäkringskassans del ryms i ordinarie verksamhet.",
}

# Percent of a twelfth of the year's grant used in each month, January to December: less in
# the summer, so a year ends a little under its grant.
MONTH_PERCENT = [100, 100, 105, 100, 100, 100, 45, 80, 105, 105, 105, 110]

# The förbund's own budget by year (kr); the current year is added as CURRENT_BUDGET.
BUDGETS = {2022: 9_300_000, 2023: 9_550_000}
CURRENT_BUDGET = 9_900_000
BUDGET_NOTE = "Demouppgift: påhittad budget."
# Finsam-lagen 5 §: the state half through FK, the region a quarter, the municipalities a
# quarter together.
STATE_PERCENT, REGION_PERCENT, MUNICIPAL_PERCENT = 50, 25, 25
# The municipalities split their quarter by population. Approximate demo figures, rounded; not
# facts about the county and not how Gävleborg's members actually split their share.
# fmt: off
POPULATION = {
    "Gävle": 103_000, "Sandviken": 39_500, "Hofors": 9_500, "Ockelbo": 5_800,
    "Bollnäs": 26_500, "Ovanåker": 11_500, "Söderhamn": 25_500, "Ljusdal": 19_000,
    "Hudiksvall": 37_500, "Nordanstig": 9_400,
}
# fmt: on


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class DemoFundingSummary:
    created: int
    total: int


def demo_funding_rows(federation):
    """How many rows the money demo holds: marked rows with their amounts, grants and shares,
    and the hourly rates of the förbund's parties (rates carry no demo mark)."""
    mine = {"federation": federation, "is_demo": True}
    applications = Application.objects.filter(**mine)
    decisions = FundingDecision.objects.filter(**mine)
    budgets = FederationBudget.objects.filter(**mine)
    querysets = (
        Intervention.objects.filter(**mine),
        applications,
        ApplicationAmount.objects.filter(application__in=applications),
        decisions,
        Grant.objects.filter(decision__in=decisions),
        Spending.objects.filter(intervention__federation=federation, is_demo=True),
        budgets,
        ContributionShare.objects.filter(budget__in=budgets),
        HourlyRate.objects.filter(party__federation=federation),
        ParticipantOfficer.objects.filter(
            intervention__federation=federation, person__user__is_demo=True
        ),
    )
    return sum(queryset.count() for queryset in querysets)


def load_demo_funding(federation, today=None):
    """Add the demo money to `federation` in one transaction; loading twice adds nothing.

    Raises `DemoDataError` when the reference funding or the structure demo is missing.
    """
    today = today or timezone.localdate()
    before = demo_funding_rows(federation)
    with transaction.atomic():
        _FundingBuilder(federation, today).build()
    total = demo_funding_rows(federation)
    return DemoFundingSummary(created=total - before, total=total)


class _FundingBuilder:
    def __init__(self, federation, today):
        self.federation = federation
        self.today = today
        self.by = User.objects.filter(username="kansli", is_demo=True).first()
        self.parties = {party.code: party for party in federation.parties.all()}
        for party in federation.parties.filter(municipality__isnull=False):
            self.parties[party.municipality.name] = party

    def build(self):
        process = self.reference(PROCESS_LEADERSHIP)
        self.rates()
        self.continuation(self.reference(CASE_OFFICER_HOURS))
        this_year, next_year = self.today.year, self.today.year + 1
        self.mysam_application(PENDING, next_year, self.today - datetime.timedelta(days=18))
        redecided = self.redecided(this_year)
        self.spending(process, process.years, months=12)
        if redecided is not None:
            self.spending(redecided, [this_year], months=max(self.today.month - 1, 1))
        self.budgets()
        self.officers()

    def officers(self):
        """The demo rehab coordinator reports the participants of the interventions that count
        Trisam cases: their deltagaransvarig (the förbund's kansli may not be)."""
        person = Person.objects.filter(
            federation=self.federation, user__username=OFFICER, user__is_demo=True
        ).first()
        if person is None:
            return
        for intervention in Intervention.objects.filter(
            federation=self.federation, counts_cases=True, orientation=Orientation.INDIVIDUAL
        ):
            ParticipantOfficer.objects.get_or_create(intervention=intervention, person=person)

    def reference(self, code):
        """A reference intervention the demo builds on, or a DemoDataError saying what to load."""
        found = Intervention.objects.filter(federation=self.federation, code=code).first()
        if found is None:
            raise DemoDataError(
                _(
                    'Insatsen "%(code)s" finns inte. Läs in förbundets insatser och beviljade '
                    'medel först ("manage.py load_funding").'
                )
                % {"code": code}
            )
        return found

    def mysam(self, town):
        found = Group.objects.filter(
            federation=self.federation, kind=GroupKind.MYSAM, municipality__name=town
        ).first()
        if found is None:
            raise DemoDataError(_("Mysam-grupperna saknas. Läs in demodata för strukturen först."))
        return found

    def rates(self):
        years = sorted({2022, 2023, self.today.year - 1, self.today.year})
        for party in self.federation.parties.all():
            base = RATES_2022.get(party.code) or RATES_2022[Party.Kind.MUNICIPALITY]
            for year in years:
                rate = base + RATE_RISE * (year - 2022)
                HourlyRate.objects.get_or_create(party=party, year=year, defaults={"rate": rate})

    def lines(self, amounts, years):
        return [
            services.Line(self.parties[name], year, amount)
            for name, amount in amounts.items()
            for year in years
        ]

    def application(self, spec, amounts, **fields):
        """The demo application `spec` registered with its amounts; None if it exists."""
        if Application.objects.filter(federation=self.federation, title=spec["title"]).exists():
            return None
        keys = ("title", "purpose", "target_group", "goals")
        application = Application(federation=self.federation, **fields)
        for key in keys:
            setattr(application, key, spec.get(key, ""))
        application.is_demo = True
        return services.register_application(application, amounts, by=self.by)

    def mysam_application(self, spec, year, received_on):
        """A Mysam group's application for structural work in `year`."""
        return self.application(
            spec,
            self.lines(spec["amounts"], [year]),
            orientation=Orientation.STRUCTURAL,
            applicant_group=self.mysam(spec["group"]),
            starts_on=D(year, 1, 1),
            ends_on=D(year, 12, 31),
            received_on=received_on,
        )

    def decide(self, application, outcome, decided_on, number, motivation, grants=None):
        """The board's decision, numbered in its year's register, and its new intervention,
        marked as demo data."""
        decision = services.decide(
            application,
            outcome=outcome,
            decided_on=decided_on,
            reference=f"SFG {decided_on.year}/{number}",
            decided_by=DECIDED_BY,
            motivation=motivation,
            grants=grants,
            by=self.by,
        )
        FundingDecision.objects.filter(pk=decision.pk).update(is_demo=True)
        Intervention.objects.filter(pk=decision.intervention_id).update(is_demo=True)

    def continuation(self, reference):
        """The case-officer hours continued for the previous and the current year, applied for
        by the Region for all members, granted as the 2023 amounts raised 2.5 % a year."""
        first = max(self.today.year - 1, reference.ends_on.year + 1)
        last = self.today.year
        if first > last:
            return  # the reference grant still runs
        period = f"{first}–{last}" if first != last else str(first)
        code = f"trisam-handlaggartid-{first}-{last}"
        intervention = Intervention.objects.filter(federation=self.federation, code=code).first()
        if intervention is None:
            intervention = Intervention(
                federation=self.federation,
                code=code,
                name=CONTINUATION_NAME.format(period=period),
                starts_on=D(first, 1, 1),
                ends_on=D(last, 12, 31),
                compensation=Intervention.Compensation.TEAM_HOURS,
                compensation_note=reference.compensation_note,
                is_demo=True,
                **{field: getattr(reference, field) for field in CONTINUED_FIELDS},
            )
            intervention.full_clean()
            intervention.save()
        base = Grant.objects.current().filter(intervention=reference, year=2023)
        amounts = [
            services.Line(grant.party, year, kronor(grant.amount * RAISE ** (year - 2023)))
            for grant in base.select_related("party").order_by("row", "party__order")
            for year in intervention.years
        ]
        spec = {"title": CONTINUATION_TITLE.format(period=period), "purpose": reference.purpose}
        application = self.application(
            {**spec, "target_group": reference.target_group},
            amounts,
            intervention=intervention,
            applicant_party=self.parties["region"],
            starts_on=intervention.starts_on,
            ends_on=intervention.ends_on,
            received_on=D(first - 1, 10, 3),
            reference=f"SFG {first - 1}/38",
        )
        if application is not None:
            decided_on = D(first - 1, 12, 11)
            self.decide(application, Outcome.GRANTED, decided_on, 44, CONTINUATION_MOTIVATION)

    def redecided(self, year):
        """The application refused, then partly granted; returns its intervention."""
        application = self.mysam_application(REDECIDED, year, D(year - 1, 9, 12))
        if application is not None:
            refused_on, decided_on = D(year - 1, 10, 16), D(year - 1, 12, 11)
            self.decide(application, Outcome.REFUSED, refused_on, 31, REDECIDED["refusal"])
            granted = self.lines(REDECIDED["granted"], [year])
            partly = Outcome.PARTLY_GRANTED
            self.decide(application, partly, decided_on, 45, REDECIDED["motivation"], granted)
        found = Application.objects.filter(
            federation=self.federation, title=REDECIDED["title"], is_demo=True
        ).first()
        return found.intervention if found else None

    def spending(self, intervention, years, months):
        """Monthly outcome near each party's grant, less in the summer."""
        grants = Grant.objects.current().filter(intervention=intervention, year__in=years)
        for grant in grants.select_related("party"):
            done = set(
                Spending.objects.filter(
                    intervention=intervention, party=grant.party, year=grant.year
                ).values_list("month", flat=True)
            )
            for month in sorted(set(range(1, months + 1)) - done):
                amount = kronor(Decimal(grant.amount) * MONTH_PERCENT[month - 1] / 1200)
                spending, _previous = services.record_spending(
                    intervention, grant.party, grant.year, month, amount, by=self.by
                )
                Spending.objects.filter(pk=spending.pk).update(is_demo=True)

    def budgets(self):
        shares = self.shares()
        for year, amount in {**BUDGETS, self.today.year: CURRENT_BUDGET}.items():
            budget, created = FederationBudget.objects.get_or_create(
                federation=self.federation,
                year=year,
                defaults={"amount": amount, "note": BUDGET_NOTE, "is_demo": True},
            )
            if created:
                ContributionShare.objects.bulk_create(
                    ContributionShare(budget=budget, party=party, percent=percent)
                    for party, percent in shares
                )

    def shares(self):
        """[(party, percent of the whole)]: the municipalities' quarter split by population to
        four decimals, the largest remainders rounded up so the parts add up to a quarter."""
        step, population = Decimal("0.0001"), sum(POPULATION.values())
        exact = {
            town: Decimal(MUNICIPAL_PERCENT) * n / population for town, n in POPULATION.items()
        }
        rounded = {town: (value // step) * step for town, value in exact.items()}
        left = int((MUNICIPAL_PERCENT - sum(rounded.values())) / step)
        for town in sorted(exact, key=lambda t: exact[t] - rounded[t], reverse=True)[:left]:
            rounded[town] += step
        return [
            (self.parties["fk"], Decimal(STATE_PERCENT)),
            (self.parties["region"], Decimal(REGION_PERCENT)),
            *((self.parties[town], rounded[town]) for town in POPULATION),
        ]
