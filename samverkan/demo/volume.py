"""Volume: years of invented Trisam cases in bulk, and a national-scale förbund to put them in.

This is the one generator of demo and benchmark volume. `load_demo` adds a förbund's historic
cases with `generate_cases`; `bench/followup.py` builds a national förbund with
`national_structure` and fills it with the same `generate_cases`; `bench/structure_pages.py`
builds its förbund with `national_structure` too. A capability that needs realistic volume in
the demo or a national benchmark (issue 16) extends this module, not a copy of it.

`generate_cases` is deterministic: the same förbund, years, size, seed and `today` give the same
cases, figure for figure (`random.Random` seeded per year, teams and people taken in a fixed
order). Everything is written with `bulk_create` in chunks, so the number of queries does not
grow with the number of cases beyond the rows each INSERT can carry. No `save()` runs, so what
`Case.save` derives is set here the same way: the age band (`identity.age_band`), the follow-up
due date (`add_months(meeting_on, FOLLOW_UP_AFTER_MONTHS)`) and the case code, which the
database's own sequence numbers as `cases.services.raise_case` does (`T<year>-<pk, 5 digits>`):
the cases are inserted with a provisional code and numbered by one UPDATE per year, so a case
raised later through the product takes the next number and never collides.

What the cases hold, per year and förbund (`per_year`, fewer for a year not yet over):

- spread over every Trisam team active in the year, weighted by the size of the team's
  municipality (its care units, shared by its teams); individuals of the team's municipality
  mostly, a few of another; women about 55 %, men 43 %, other 1–2 %; ages 16–64; the team's
  parties raise them; priority groups as the teams see them;
- a team consent for most; a team meeting held with the individual's participation recorded
  and the care units that took part (more than one for a growing share), the joint mapping with
  the standing questions answered for most, a plan for most, the participant survey for many,
  the six-month follow-up for most past cases (some late, some missing) with the income support
  then; over the years participation, involvement and the move towards self-support rise —
  except for the individuals with mental ill-health, whose income support moves little;
- most cases of past years closed: mostly as planned, some for other reasons, a few broken off,
  a few registered in error; those closed longer ago than `CASE_RETENTION_MONTHS` erased to
  their statistical record, as `cases.services.erase_case` leaves a case (no identity, birth
  year, question or free text; consents, mapping, plan and follow-up without their wording).

Identities are invented and valid in form: names from lists of obviously made-up surnames,
identity numbers with the demo's 980–999 serials and a correct check digit
(`cases.demo.identity_digits`). Every case is marked `is_demo`. Access-log entries, case notes,
preparations and survey links are not made for historic cases.

A year is generated once: a förbund that has generated cases raised in a year gets none new for
it. Generated cases are told from the hand-written demo cases (`cases.demo`) by the access log:
every case raised through the product has its raising logged there, a generated one never does.
"""

import collections
import dataclasses
import datetime
import itertools
import random

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.cases.demo import Individual, identity_digits
from samverkan.cases.identity import age_band
from samverkan.cases.models import (
    FOLLOW_UP_AFTER_MONTHS,
    Case,
    Consent,
    FollowUp,
    Gender,
    IncomeSupportSource,
    Mapping,
    PlanStep,
    SurveyResponse,
    add_months,
)
from samverkan.cases.reference import ensure_income_support_sources
from samverkan.core.models import AccessLogEntry
from samverkan.structure.demo import DemoDataError
from samverkan.structure.models import (
    Decision,
    Federation,
    Group,
    GroupKind,
    GroupRule,
    Membership,
    Municipality,
    Party,
    Person,
    SubRegion,
    Unit,
)

DEFAULT_YEARS = (2022, 2023, 2024, 2025)
DEFAULT_PER_YEAR = 800
DEFAULT_SEED = 2014  # the year the first Trisam team began
# Cases are built and inserted this many at a time; each chunk is one INSERT per table (or as
# few as the database's limit on parameters per query allows).
CHUNK_SIZE = 2000
# The trends over the years count from this year, whatever years are generated.
TREND_FROM = 2022

Reason = Case.ClosureReason
Participation = Case.Participation
WOMAN, MAN, OTHER = Gender.WOMAN, Gender.MAN, Gender.OTHER

# ---------------------------------------------------------------------------------------------
# The content: invented names and the texts a case carries until it is erased.
# ---------------------------------------------------------------------------------------------

WOMEN_NAMES = [
    "Agnes", "Alva", "Amina", "Astrid", "Bodil", "Ebba", "Elsa", "Fatima", "Frida", "Greta",
    "Hedda", "Ines", "Josefin", "Klara", "Lejla", "Lovisa", "Märta", "Nora", "Rut", "Selma",
    "Tilda", "Vera", "Yasmin", "Ylva",
]  # fmt: skip
MEN_NAMES = [
    "Albin", "Ali", "Anton", "Arvid", "Axel", "Bertil", "Edvin", "Elias", "Folke", "Gustav",
    "Hampus", "Isak", "Jamal", "Kasper", "Leo", "Måns", "Nils", "Omar", "Otto", "Sixten",
    "Theo", "Ture", "Viggo", "Wilmer",
]  # fmt: skip
OTHER_NAMES = ["Alex", "Charlie", "Kim", "Love", "Robin", "Sam", "Tintin", "Vide"]
# Surnames nobody has: the demo's individuals are obviously invented.
SURNAMES = [
    "Demosson", "Exempelsdotter", "Testlund", "Provberg", "Låtsasson", "Påhittsson",
    "Fiktivsdotter", "Skenström", "Demoqvist", "Exempelgren", "Testholm", "Provander",
]  # fmt: skip

QUESTIONS = {
    "sjukpenning": "Sjukskriven sedan länge. Vilka insatser behövs för att kunna pröva arbete?",
    "sjukersattning": "Har sjukersättning men vill pröva arbete. Vilket stöd behövs?",
    "forsorjningsstod": "Försörjningsstöd sedan länge och oklar arbetsförmåga. Vad behövs för "
    "att klargöra den?",
    "aktivitetsstod": "Inskriven på Arbetsförmedlingen med hälsobesvär. Vilka insatser behövs "
    "och i vilken ordning?",
    "a-kassa": "Arbetslös efter en lång sjukskrivning. Hur når personen arbete igen?",
    "studiemedel": "Har avbrutit studier på grund av ohälsa. Vilket stöd behövs för att fortsätta?",
    "lon": "Arbetar deltid med hälsobesvär. Går det att öka arbetstiden med stöd?",
    "annan": "Behöver samordnat stöd mot arbete eller studier. Vilka insatser passar?",
    "ingen": "Utan försörjning och sysselsättning. Hur kan vi gemensamt stödja personen?",
}
MAPPING_TEXTS = {
    "health": "Besvär som påverkar orken; behandling pågår hos vården.",
    "work": "Har arbetslivserfarenhet och vill pröva arbete i lugn takt.",
    "social_insurance": "Ersättningen prövas inom de närmaste månaderna.",
    "social_situation": "Egen bostad; ekonomin är ansträngd.",
}
# (party label, action, benefit, days after the meeting). "municipality" is the team's own.
PLAN_STEPS = [
    ("region", "Fortsatt behandling och en stegvis plan för ökad aktivitet.", "", 7),
    ("fk", "Avstämningsmöte och prövning av arbetsträning.", "Sjukpenning", 21),
    ("af", "Arbetsträning på en arbetsplats.", "Aktivitetsstöd", 45),
    ("municipality", "Budget- och skuldrådgivning och stöd i vardagen.", "", 14),
]
CONSENT_INFORMATION = "Uppgifter om hälsa, arbetsförmåga, försörjning och social situation."
CONSENT_PURPOSE = "Samverkan i Trisam-teamet kring rehabilitering mot arbete."
FOLLOW_UP_NOTE = "Uppföljning efter sex månader med personen och teamet."
CLOSURE_NOTES = {
    Reason.ENDED_AS_PLANNED: "Planeringen är genomförd.",
    Reason.NO_LONGER_RELEVANT: "Insatserna är inte aktuella längre.",
    Reason.INDIVIDUAL_LEFT: "Personen har avslutat kontakten med teamet.",
    Reason.REGISTERED_IN_ERROR: "Aktualiserat i fel team.",
}

# When the standing questions are not both answered: which are left open.
OPEN_QUESTIONS = (
    ("sip_needed",),
    ("joint_mapping_needed",),
    ("sip_needed", "joint_mapping_needed"),
)
TOWARDS = ("lon", "aktivitetsstod", "a-kassa", "studiemedel")
AWAY = ("sjukpenning", "sjukersattning", "forsorjningsstod")
# How often each party raises a case, where it has a seat in the team.
RAISING_WEIGHTS = {"region": 40, "fk": 22, "af": 13, "municipality": 25}


def _label(party):
    return "municipality" if party.kind == Party.Kind.MUNICIPALITY else party.code


def _clamp(p):
    return min(0.98, max(0.02, p))


# ---------------------------------------------------------------------------------------------
# Which cases are generated, and the summary
# ---------------------------------------------------------------------------------------------


def generated_cases(federation):
    """The förbund's generated demo cases: demo cases whose raising is not in the access log."""
    raised_in_product = AccessLogEntry.objects.filter(
        case_id=OuterRef("pk"), action=AccessLogEntry.Action.CREATE
    )
    return Case.objects.filter(team__federation=federation, is_demo=True).exclude(
        Exists(raised_in_product)
    )


@dataclasses.dataclass
class VolumeSummary:
    created: int = 0  # cases
    years: list = dataclasses.field(default_factory=list)  # generated now
    skipped: list = dataclasses.field(default_factory=list)  # generated before
    rows: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    total: int = 0  # the förbund's generated cases, after this run


def cases_in_year(year, per_year, today):
    """How many cases a year gets: `per_year`, in proportion for a year not yet over."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if today < start:
        return 0
    if today >= end:
        return per_year
    return round(per_year * ((today - start).days + 1) / ((end - start).days + 1))


def generate_cases(
    federation,
    *,
    years=DEFAULT_YEARS,
    per_year=DEFAULT_PER_YEAR,
    seed=DEFAULT_SEED,
    today=None,
    chunk_size=CHUNK_SIZE,
    progress=None,
):
    """Generate `per_year` historic cases a year in `federation`'s Trisam teams; idempotent.

    A year the förbund already has generated cases raised in is skipped. `progress`, if given,
    is called as `progress(year, done, count)` after each chunk. Raises `DemoDataError` when the
    förbund has no Trisam team with members to raise cases.
    """
    today = today or timezone.localdate()
    summary = VolumeSummary()
    existing = set(
        generated_cases(federation)
        .filter(raised_on__year__in=list(years))
        .values_list("raised_on__year", flat=True)
        .distinct()
    )
    wanted = [year for year in years if year not in existing]
    summary.skipped = [year for year in years if year in existing]
    if wanted:
        world = _World(federation, today)
        for year in wanted:
            count = cases_in_year(year, per_year, today)
            if count == 0:
                continue
            with transaction.atomic():
                _generate_year(world, year, count, seed, chunk_size, summary, progress)
            summary.years.append(year)
            summary.created += count
    summary.total = generated_cases(federation).count()
    return summary


def _generate_year(world, year, count, seed, chunk_size, summary, progress):
    rng = random.Random(f"{seed}:{world.federation.slug}:{year}")
    drawn = _draw_year(rng, world, year, count)
    prefix = f"~{world.federation.pk}-{year}-"
    done = 0
    while True:
        chunk = list(itertools.islice(drawn, chunk_size))
        if not chunk:
            break
        for offset, case in enumerate(chunk):
            case.fields["code"] = f"{prefix}{done + offset}"
        _insert(world, chunk, summary.rows)
        done += len(chunk)
        if progress is not None:
            progress(year, done, count)
    # Numbered as `raise_case` numbers a case: its year and its number in the sequence.
    digits = Cast("pk", output_field=models.CharField())
    Case.objects.filter(code__startswith=prefix).update(
        code=Concat(
            models.Value(f"T{year}-"),
            models.Case(
                models.When(pk__lt=100000, then=LPad(digits, 5, models.Value("0"))),
                default=digits,
                output_field=models.CharField(),
            ),
            output_field=models.CharField(),
        )
    )


# ---------------------------------------------------------------------------------------------
# The förbund as the generator sees it: teams, their people, care units, the sources
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Team:
    pk: int
    unit_id: int
    municipality_id: int
    started_on: datetime.date | None
    ended_on: datetime.date | None
    weight: float = 1.0
    # party label -> (party id, [(valid_from, valid_to, person id)])
    seats: dict = dataclasses.field(default_factory=dict)

    def active_days(self, year, today):
        first = max(datetime.date(year, 1, 1), self.started_on or datetime.date.min)
        last = min(datetime.date(year, 12, 31), self.ended_on or datetime.date.max, today)
        return (first, last) if first <= last else None

    def party(self, label):
        return self.seats[label][0] if label in self.seats else None

    def person(self, label, day):
        """Who sat for the party on `day`; the seat's first holder if nobody did."""
        holders = self.seats[label][1]
        for valid_from, valid_to, person_id in holders:
            if valid_from <= day and (valid_to is None or valid_to >= day):
                return person_id
        return holders[0][2]


class _World:
    """What the generator reads of the förbund, once: a handful of queries."""

    def __init__(self, federation, today):
        self.federation = federation
        self.today = today
        ensure_income_support_sources()
        self.sources = dict(IncomeSupportSource.objects.values_list("code", "pk"))
        self.municipality_ids = list(
            Municipality.objects.filter(federation=federation)
            .order_by("code", "pk")
            .values_list("pk", flat=True)
        )
        parties = {party.pk: party for party in Party.objects.filter(federation=federation)}
        teams = {
            team.pk: _Team(
                team.pk, team.unit_id, team.municipality_id, team.started_on, team.ended_on
            )
            for team in Group.objects.filter(federation=federation, kind=GroupKind.TRISAM)
            .exclude(unit=None)
            .order_by("name", "pk")
        }
        seats = (
            Membership.objects.filter(
                group__federation=federation,
                group__kind=GroupKind.TRISAM,
                role__in=Membership.CASE_ROLES,
                party__isnull=False,
            )
            .order_by("group", "valid_from", "pk")
            .values_list("group_id", "party_id", "valid_from", "valid_to", "person_id")
        )
        for group_id, party_id, valid_from, valid_to, person_id in seats:
            label = _label(parties[party_id])
            entry = teams[group_id].seats.setdefault(label, (party_id, []))
            if entry[0] == party_id:
                entry[1].append((valid_from, valid_to, person_id))
        # A team needs people to raise its cases and record its steps.
        self.teams = [team for team in teams.values() if team.seats]
        if not self.teams:
            raise DemoDataError(
                _(
                    "Förbundet %(federation)s har inga Trisam-team med medlemmar att lägga "
                    "ärenden i. Läs in strukturens demodata först."
                )
                % {"federation": federation}
            )
        # Care units of each municipality, the team's own first when it takes part.
        self.care_units = collections.defaultdict(list)
        for unit_id, municipality_id, closed_on in (
            Unit.objects.filter(party__federation=federation, kind__in=Unit.CARE_KINDS)
            .order_by("name", "pk")
            .values_list("pk", "municipality_id", "closed_on")
        ):
            self.care_units[municipality_id].append((unit_id, closed_on))
        # A municipality's size: its care units (at least one), shared by its teams.
        teams_in = collections.Counter(team.municipality_id for team in self.teams)
        for team in self.teams:
            size = max(len(self.care_units[team.municipality_id]), 1)
            team.weight = size / teams_in[team.municipality_id]


# ---------------------------------------------------------------------------------------------
# Drawing the cases
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class _Drawn:
    """One case as drawn, before it is rows: the Case's fields and its related rows' fields."""

    fields: dict
    income_at_raising: list
    care_units: list = dataclasses.field(default_factory=list)
    consent: dict | None = None
    consent_parties: list = dataclasses.field(default_factory=list)
    mapping: dict | None = None
    plan: list = dataclasses.field(default_factory=list)
    survey: dict | None = None
    follow_up: dict | None = None
    income_at_follow_up: list = dataclasses.field(default_factory=list)


def _draw_year(rng, world, year, count):
    """The year's cases, in the order they were raised: drawn one at a time."""
    today = world.today
    windows = [(team, team.active_days(year, today)) for team in world.teams]
    windows = [(team, days) for team, days in windows if days]
    if not windows:
        return iter(())
    # A team active for part of the year gets its share of that part only.
    weights = [team.weight * ((days[1] - days[0]).days + 1) for team, days in windows]
    raisings = []
    for team, (first, last) in rng.choices(windows, weights=weights, k=count):
        raisings.append(
            (first + datetime.timedelta(days=rng.randint(0, (last - first).days)), team)
        )
    raisings.sort(key=lambda raising: (raising[0], raising[1].pk))
    trend = year - TREND_FROM
    return (_draw_case(rng, world, team, raised_on, trend) for raised_on, team in raisings)


def _draw_individual(rng, world, team, raised_on):
    gender = rng.choices((WOMAN, MAN, OTHER), weights=(55, 43.5, 1.5))[0]
    age = min(64, int(rng.triangular(16, 65, 27)))
    fields = {
        "gender": gender,
        "age_at_raising": age,
        "age_band": age_band(age),
        "young_outside_work_and_studies": age <= 29 and rng.random() < 0.5,
        "mental_ill_health": rng.random() < 0.45,
        "newly_arrived": rng.random() < 0.12,
    }
    if rng.random() < 0.94 or len(world.municipality_ids) == 1:
        fields["municipality_id"] = team.municipality_id
    else:
        fields["municipality_id"] = rng.choice(world.municipality_ids)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    birth_year = (
        raised_on.year - age - (1 if (month, day) > (raised_on.month, raised_on.day) else 0)
    )
    fields["birth_year"] = birth_year
    if rng.random() < 0.01:
        fields["protected_identity"] = True
        return fields
    names = {WOMAN: WOMEN_NAMES, MAN: MEN_NAMES, OTHER: OTHER_NAMES}[gender]
    first, last = rng.choice(names), rng.choice(SURNAMES)
    # The serial's last digit: even for women, odd for men, as in real numbers.
    parity = {WOMAN: 0, MAN: 1}.get(gender, rng.randint(0, 1))
    serial = 980 + 2 * rng.randint(0, 9) + parity
    coordination = fields["newly_arrived"] and rng.random() < 0.4
    individual = Individual(first, last, gender, (month, day), age, serial, coordination)
    fields["name"] = f"{first} {last}"
    fields["personal_number"] = identity_digits(individual, raised_on)
    return fields


def _income_at_raising(rng, fields):
    young = fields["young_outside_work_and_studies"]
    r = rng.random()
    if young:
        main = "forsorjningsstod" if r < 0.55 else "aktivitetsstod" if r < 0.8 else "ingen"
    else:
        main = rng.choices(
            ("sjukpenning", "forsorjningsstod", "sjukersattning", "aktivitetsstod", "a-kassa")
            + ("annan", "ingen"),
            weights=(42, 26, 7, 12, 5, 4, 4),
        )[0]
    sources = [main]
    if main == "sjukpenning" and rng.random() < 0.2:
        sources.append("lon")  # sick leave part time
    elif main == "aktivitetsstod" and rng.random() < 0.3:
        sources.append("forsorjningsstod")
    return sources


def _income_at_follow_up(rng, fields, at_raising, trend):
    """Towards self-support more often year by year — but not for mental ill-health."""
    if fields["mental_ill_health"]:
        towards = 0.16
    else:
        towards = 0.18 + 0.09 * trend + (0.04 if fields["gender"] == WOMAN else 0)
    if rng.random() < _clamp(towards):
        young = fields["young_outside_work_and_studies"]
        sources = [rng.choices(TOWARDS, weights=(35, 30, 15, 40 if young else 12))[0]]
        kept = [source for source in at_raising if source in AWAY]
        if kept and rng.random() < 0.25:
            sources.append(kept[0])  # still partly on sickness benefit or social assistance
        return sources
    if rng.random() < 0.08 and "sjukpenning" in at_raising:
        return ["sjukersattning"]
    return list(at_raising)


def _draw_case(rng, world, team, raised_on, trend):
    today = world.today
    fields = _draw_individual(rng, world, team, raised_on)
    labels = sorted(team.seats)
    raising = rng.choices(labels, weights=[RAISING_WEIGHTS.get(label, 10) for label in labels])[0]
    raiser = team.person(raising, raised_on)
    recorder = "region" if "region" in team.seats else raising
    income = _income_at_raising(rng, fields)
    fields.update(
        team_id=team.pk,
        raised_on=raised_on,
        raised_by_id=raiser,
        raising_party_id=team.party(raising),
        question=QUESTIONS[income[0]],
        is_demo=True,
    )
    case = _Drawn(fields, income_at_raising=income)

    flow = rng.random()
    if flow < 0.025:
        closing = raised_on + datetime.timedelta(days=rng.randint(1, 14))
        _close(case, closing, Reason.REGISTERED_IN_ERROR, today)
        return _finish(case, today)
    if flow < 0.055:
        # Declined consent: closed, and the identity goes at once (`services.decline_consent`).
        closing = raised_on + datetime.timedelta(days=rng.randint(2, 21))
        _close(case, closing, Reason.CONSENT_DECLINED, today)
        if fields.get("closed_on"):
            _strip_identity(fields)
        return _finish(case, today)

    given_on = min(raised_on + datetime.timedelta(days=rng.randint(0, 14)), today)
    case.consent = {
        "kind": Consent.Kind.TEAM,
        "information": CONSENT_INFORMATION,
        "purpose": CONSENT_PURPOSE,
        "given_on": given_on,
        "form": Consent.Form.WRITTEN if rng.random() < 0.8 else Consent.Form.ORAL,
        "obtained_by_id": raiser,
    }
    case.consent_parties = [team.party(label) for label in labels]
    if flow < 0.085:  # never met: closed before any meeting
        reason = Reason.NO_LONGER_RELEVANT if rng.random() < 0.6 else Reason.INDIVIDUAL_LEFT
        _close(case, given_on + datetime.timedelta(days=rng.randint(10, 90)), reason, today)
        return _finish(case, today)

    meeting_on = given_on + datetime.timedelta(days=max(3, int(rng.lognormvariate(3.0, 0.5))))
    fields["meeting_on"] = meeting_on
    fields["individual_invited"] = True
    if meeting_on > today:
        return _finish(case, today)  # awaiting its meeting
    took_part = 0.70 + 0.045 * trend + (0.03 if fields["gender"] == WOMAN else 0)
    r = rng.random()
    if r < _clamp(took_part):
        fields["participation"] = Participation.TOOK_PART
        fields["participation_mode"] = (
            Case.ParticipationMode.IN_PERSON
            if rng.random() < 0.7
            else Case.ParticipationMode.DIGITAL
        )
    else:
        fields["participation"] = (
            Participation.DECLINED if rng.random() < 0.3 else Participation.DID_NOT_TAKE_PART
        )
    case.care_units = _care_units(rng, world, team, meeting_on, trend)

    withdrawn_on = None
    if rng.random() < 0.02:
        withdrawn_on = meeting_on + datetime.timedelta(days=rng.randint(7, 150))
        if withdrawn_on > today:
            withdrawn_on = None
    if rng.random() < 0.92:
        case.mapping = _mapping(rng, team, trend, team.person(recorder, meeting_on))
    if rng.random() < _clamp(0.80 + 0.04 * trend):
        steps = rng.sample(PLAN_STEPS, rng.randint(1, len(PLAN_STEPS)))
        case.plan = [
            {
                "order": order,
                "responsible_party_id": team.party(label) or team.party(raising),
                "action": action,
                "benefit": benefit,
                "planned_start": meeting_on + datetime.timedelta(days=after),
            }
            for order, (label, action, benefit, after) in enumerate(
                sorted(steps, key=lambda step: step[3]), start=1
            )
        ]
    if rng.random() < _clamp(0.48 + 0.07 * trend):
        answered_on = meeting_on + datetime.timedelta(days=rng.randint(1, 21))
        if answered_on <= today and (withdrawn_on is None or answered_on < withdrawn_on):
            case.survey = _survey(
                rng, trend, fields, answered_on, team.person(recorder, answered_on)
            )

    if withdrawn_on is not None:
        case.consent["withdrawn_on"] = withdrawn_on
        case.consent["withdrawn_recorded_by_id"] = raiser
        _close(case, withdrawn_on, Reason.CONSENT_WITHDRAWN, today)
        return _finish(case, today)

    due = add_months(meeting_on, FOLLOW_UP_AFTER_MONTHS)
    if due > today:
        return _finish(case, today)  # awaiting its follow-up
    followed_up_on = None
    if rng.random() < _clamp(0.82 + 0.03 * trend):
        if rng.random() < _clamp(0.65 + 0.05 * trend):
            early = due - datetime.timedelta(days=rng.randint(0, 20))
            followed_up_on = max(early, meeting_on + datetime.timedelta(days=1))
        else:
            followed_up_on = due + datetime.timedelta(days=rng.randint(3, 90))
        if followed_up_on > today:
            followed_up_on = None  # late, and not yet done
    if followed_up_on is not None:
        started = 0.60 + 0.05 * trend if case.plan else 0
        r = rng.random()
        case.follow_up = {
            "followed_up_on": followed_up_on,
            "plan_started": FollowUp.PlanStarted.YES
            if r < _clamp(started)
            else FollowUp.PlanStarted.PARTLY
            if r < _clamp(started + 0.2) and case.plan
            else FollowUp.PlanStarted.NO,
            "note": FOLLOW_UP_NOTE,
            "recorded_by_id": team.person(recorder, followed_up_on),
        }
        case.income_at_follow_up = _income_at_follow_up(rng, fields, income, trend)
        closing = followed_up_on + datetime.timedelta(days=rng.randint(0, 40))
        r = rng.random()
        if not case.plan:
            reason = Reason.NO_LONGER_RELEVANT
        elif r < 0.9:
            reason = Reason.ENDED_AS_PLANNED
        else:
            reason = Reason.INDIVIDUAL_LEFT if r < 0.95 else Reason.NO_LONGER_RELEVANT
        _close(case, closing, reason, today)
    elif rng.random() < 0.85:
        closing = due + datetime.timedelta(days=rng.randint(20, 150))
        reason = rng.choices(
            (Reason.ENDED_AS_PLANNED, Reason.NO_LONGER_RELEVANT, Reason.INDIVIDUAL_LEFT),
            weights=(50, 30, 20),
        )[0]
        if reason == Reason.ENDED_AS_PLANNED and not case.plan:
            reason = Reason.NO_LONGER_RELEVANT
        _close(case, closing, reason, today)
    return _finish(case, today)


def _care_units(rng, world, team, day, trend):
    """The care units at the meeting: the team's own, and more for a growing share."""
    units = [
        unit_id
        for unit_id, closed_on in world.care_units[team.municipality_id]
        if closed_on is None or closed_on > day
    ]
    chosen = [team.unit_id] if team.unit_id in units else []
    others = [unit_id for unit_id in units if unit_id != team.unit_id]
    if others and rng.random() < _clamp(0.12 + 0.08 * trend):
        chosen += rng.sample(others, min(len(others), rng.choice((1, 1, 1, 2))))
    return chosen


def _mapping(rng, team, trend, recorded_by):
    answered = rng.random() < _clamp(0.72 + 0.06 * trend)
    sip = rng.random() < 0.35
    joint = rng.random() < 0.25 and "fk" in team.seats and "af" in team.seats
    mapping = {
        "sip_needed": sip,
        "joint_mapping_needed": joint,
        "recorded_by_id": recorded_by,
        **MAPPING_TEXTS,
    }
    if not answered:
        # One standing question, or both, left open.
        for question in rng.choice(OPEN_QUESTIONS):
            mapping[question] = None
    if mapping["sip_needed"]:
        mapping["sip_actor_id"] = team.party("municipality") or team.party("region")
    if mapping["joint_mapping_needed"]:
        mapping["joint_mapping_actor_id"] = team.party("fk")
    return mapping


def _survey(rng, trend, fields, answered_on, entered_by):
    took_part = fields.get("participation") == Participation.TOOK_PART
    agrees = 0.66 + 0.05 * trend + (0.08 if took_part else -0.1)

    def answer(p):
        if rng.random() < _clamp(p):
            return 4 if rng.random() < 0.55 else 3
        return 2 if rng.random() < 0.7 else 1

    paper = rng.random() < 0.7
    return {
        "took_part_in_planning": answer(agrees + 0.04),
        "felt_involved": answer(agrees),
        "plan_fits": answer(agrees - 0.05),
        "answered_on": answered_on,
        "source": SurveyResponse.Source.PAPER if paper else SurveyResponse.Source.LINK,
        "entered_by_id": entered_by if paper else None,
    }


def _close(case, closed_on, reason, today):
    if closed_on > today:
        return  # still open today
    case.fields.update(
        closed_on=closed_on, closure_reason=reason, closure_note=CLOSURE_NOTES.get(reason, "")
    )


def _strip_identity(fields):
    """What `cases.services` blanks on the case row itself when the identity goes."""
    fields.update(
        personal_number="",
        name="",
        question="",
        age_exception_reason="",
        closure_note="",
        closure_exception_reason="",
    )


def _finish(case, today):
    """Derive what `Case.save` would; erase a case whose retention has run out."""
    fields = case.fields
    meeting_on = fields.get("meeting_on")
    fields["follow_up_due_on"] = (
        add_months(meeting_on, FOLLOW_UP_AFTER_MONTHS) if meeting_on else None
    )
    closed_on = fields.get("closed_on")
    months = settings.CASE_RETENTION_MONTHS
    if closed_on is not None and closed_on <= add_months(today, -months):
        # As `cases.services.erase_case` leaves it: the statistical record and nothing more,
        # erased the night after the retention period ran out.
        _strip_identity(fields)
        fields["birth_year"] = None
        erased_on = min(add_months(closed_on, months) + datetime.timedelta(days=1), today)
        fields["erased_at"] = timezone.make_aware(
            datetime.datetime.combine(erased_on, datetime.time(3, 0))
        )
        if case.consent is not None:
            case.consent.update(information="", purpose="")
        if case.mapping is not None:
            case.mapping.update(dict.fromkeys(MAPPING_TEXTS, ""))
        for step in case.plan:
            step.update(action="", benefit="")
        if case.follow_up is not None:
            case.follow_up["note"] = ""
    return case


# ---------------------------------------------------------------------------------------------
# Writing the rows
# ---------------------------------------------------------------------------------------------


def _insert(world, drawn, rows):
    """One chunk of drawn cases as rows: one bulk insert per table."""
    cases = Case.objects.bulk_create([Case(**case.fields) for case in drawn])
    rows[Case] += len(cases)
    raising = Case.income_support_at_raising.through
    units = Case.care_units_at_meeting.through
    consents, mappings, steps, surveys, follow_ups = [], [], [], [], []
    raising_rows, unit_rows = [], []
    for row, case in zip(cases, drawn, strict=True):
        raising_rows += [
            raising(case_id=row.pk, incomesupportsource_id=world.sources[code])
            for code in case.income_at_raising
        ]
        unit_rows += [units(case_id=row.pk, unit_id=unit_id) for unit_id in case.care_units]
        if case.consent is not None:
            consents.append(Consent(case_id=row.pk, **case.consent))
        if case.mapping is not None:
            mappings.append(Mapping(case_id=row.pk, **case.mapping))
        steps += [PlanStep(case_id=row.pk, **step) for step in case.plan]
        if case.survey is not None:
            surveys.append(SurveyResponse(case_id=row.pk, **case.survey))
        if case.follow_up is not None:
            follow_ups.append((FollowUp(case_id=row.pk, **case.follow_up), case))
    _bulk(raising, raising_rows, rows)
    _bulk(units, unit_rows, rows)
    _bulk(Consent, consents, rows)
    consent_parties = Consent.parties.through
    drawn_of = {row.pk: case for row, case in zip(cases, drawn, strict=True)}
    _bulk(
        consent_parties,
        [
            consent_parties(consent_id=consent.pk, party_id=party_id)
            for consent in consents
            for party_id in drawn_of[consent.case_id].consent_parties
        ],
        rows,
    )
    _bulk(Mapping, mappings, rows)
    _bulk(PlanStep, steps, rows)
    _bulk(SurveyResponse, surveys, rows)
    _bulk(FollowUp, [follow_up for follow_up, _case in follow_ups], rows)
    follow_up_sources = FollowUp.income_support.through
    _bulk(
        follow_up_sources,
        [
            follow_up_sources(followup_id=follow_up.pk, incomesupportsource_id=world.sources[code])
            for follow_up, case in follow_ups
            for code in case.income_at_follow_up
        ],
        rows,
    )


def _bulk(model, objects, rows):
    if objects:
        model.objects.bulk_create(objects)
        rows[model] += len(objects)


# ---------------------------------------------------------------------------------------------
# A national-scale förbund, for the benchmarks
# ---------------------------------------------------------------------------------------------

NATIONAL_START = datetime.date(2022, 1, 1)


@dataclasses.dataclass
class NationalStructure:
    federation: Federation
    municipalities: list
    units: list
    teams: list


def municipality_sizes(count, total, *, smallest=2):
    """How many care units each of `count` municipalities has, about `total` in all: a few
    large municipalities and many small ones, as in the country (sizes fall as 1/rank^0.9)."""
    weights = [1 / (rank + 1) ** 0.9 for rank in range(count)]
    scale = total / sum(weights)
    return [max(smallest, round(weight * scale)) for weight in weights]


def national_structure(
    *,
    municipalities=290,
    units_per_municipality=4,
    team_members=5,
    mysam_members=8,
    start=NATIONAL_START,
    name="Riksförbundet (benchmark)",
    slug="bench",
):
    """One förbund at national scale, created in bulk, every row that can be marked as demo.

    `units_per_municipality` is a number, or one number per municipality
    (`municipality_sizes`). Unit 0 of each municipality is an adult-psychiatry clinic, the
    others health centres; every fifth unit lacks a Trisam team, so the coverage report has
    gaps to list. Each team has `team_members` case seats (Region, FK, AF, the municipality,
    Region again), each Mysam group `mysam_members`, all from `start`.
    """
    if isinstance(units_per_municipality, int):
        units_per_municipality = [units_per_municipality] * municipalities
    federation = Federation.objects.create(name=name, slug=slug)
    fk, af, region = Party.objects.bulk_create(
        [
            Party(federation=federation, name="FK", code="fk", kind="state_agency", order=1),
            Party(federation=federation, name="AF", code="af", kind="state_agency", order=2),
            Party(federation=federation, name="Regionen", code="region", kind="region", order=3),
        ]
    )
    decision = Decision.objects.create(federation=federation, title="Regler", effective_from=start)
    for kind in (GroupKind.MYSAM, GroupKind.TRISAM):
        rule = GroupRule.objects.create(
            decision=decision, group_kind=kind, meetings_per_year=4, requires_own_municipality=True
        )
        rule.required_parties.set([fk, af, region])
    sub_regions = SubRegion.objects.bulk_create(
        SubRegion(federation=federation, name=f"Delområde {n}", order=n) for n in range(21)
    )
    places = Municipality.objects.bulk_create(
        Municipality(
            federation=federation,
            name=f"Kommun {n:03d}",
            code=f"{1000 + n:04d}",
            sub_region=sub_regions[n % len(sub_regions)],
        )
        for n in range(municipalities)
    )
    municipal_parties = Party.objects.bulk_create(
        Party(
            federation=federation,
            name=f"{m.name}s kommun",
            code=f"k{m.code}",
            kind="municipality",
            municipality=m,
            order=10,
        )
        for m in places
    )
    units = Unit.objects.bulk_create(
        Unit(
            party=region,
            municipality=m,
            name=f"Hälsocentral {m.code}-{u}",
            kind=Unit.Kind.HEALTH_CENTRE if u else Unit.Kind.ADULT_PSYCHIATRY,
            is_demo=True,
        )
        for m, count in zip(places, units_per_municipality, strict=True)
        for u in range(count)
    )
    mysam_groups = Group.objects.bulk_create(
        Group(
            federation=federation,
            kind=GroupKind.MYSAM,
            name=f"Mysam {m.name}",
            municipality=m,
            is_demo=True,
        )
        for m in places
    )
    teams = Group.objects.bulk_create(
        Group(
            federation=federation,
            kind=GroupKind.TRISAM,
            name=f"Trisam {u.name}",
            unit=u,
            municipality=u.municipality,
            is_demo=True,
        )
        for n, u in enumerate(units)
        if n % 5
    )
    seats = []
    for group, party in zip(mysam_groups, municipal_parties, strict=True):
        seats += [(group, p) for p in (fk, af, region, party)] * (mysam_members // 4)
    own_party = {party.municipality_id: party for party in municipal_parties}
    for team in teams:
        members = (region, fk, af, own_party[team.municipality_id], region)
        seats += [(team, p) for p in members][:team_members]
    people = Person.objects.bulk_create(
        Person(
            federation=federation, first_name="Person", last_name=str(n), party=party, is_demo=True
        )
        for n, (_, party) in enumerate(seats)
    )
    Membership.objects.bulk_create(
        Membership(
            person=person,
            group=group,
            party=party,
            role=Membership.Role.MEMBER,
            valid_from=start,
        )
        for person, (group, party) in zip(people, seats, strict=True)
    )
    return NationalStructure(federation, places, units, teams)
