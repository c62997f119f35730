"""The seed's goals as indicators computed from the case records, for any period and selection.

Each indicator is a count over the cases a date places in the period (its numerator), and for a
share the count it is a share of (its denominator), always split by women, men, other and total
and, when asked, by municipality, team or raising party. The counts come from the database in
one aggregate query per indicator, whatever the number of cases; nothing here names anyone.

Which cases count: every case of the förbund's teams except those closed as registered in
error; erased cases count through the rows they keep (gender, municipality, dates, answers).
The exact definitions, with the date that places a case in a period, are in docs/followup.md.

The figures returned here are exact. Outside a team they must go through `protected` (the
one small-number rule) before anyone sees them.
"""

import dataclasses
import datetime
import statistics
from fractions import Fraction

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from samverkan.cases.models import (
    Case,
    FollowUp,
    Gender,
    IncomeSupportSource,
    PlanStep,
    SurveyResponse,
)
from samverkan.cases.models import Mapping as CaseMapping
from samverkan.followup.suppression import (
    is_suppressed,
    protect_shares,
    protect_table,
    share,
    threshold,
)

GENDERS = (Gender.WOMAN, Gender.MAN, Gender.OTHER)
TOTAL = "total"
RISE, FALL = "rise", "fall"
# A survey answer of "stämmer helt" or "stämmer ganska bra" counts as agreeing.
AGREES = 3
Direction = IncomeSupportSource.Direction


# --- Periods ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Period:
    """A span of days, both ends included. Outside a team periods come in fixed grains (year,
    half-year, quarter), so that two published periods never differ by a few cases."""

    start: datetime.date
    end: datetime.date
    grain: str = "range"

    @classmethod
    def year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")

    @classmethod
    def half(cls, year, half):
        if half == 1:
            return cls(datetime.date(year, 1, 1), datetime.date(year, 6, 30), "half")
        return cls(datetime.date(year, 7, 1), datetime.date(year, 12, 31), "half")

    @classmethod
    def quarter(cls, year, quarter):
        first_month = 3 * (quarter - 1) + 1
        start = datetime.date(year, first_month, 1)
        end = (
            datetime.date(year, first_month + 3, 1) - datetime.timedelta(days=1)
            if quarter < 4
            else datetime.date(year, 12, 31)
        )
        return cls(start, end, "quarter")

    def previous(self):
        """The period of the same grain just before: the baseline."""
        if self.grain == "year":
            return Period.year(self.start.year - 1)
        if self.grain == "half":
            half = 1 if self.start.month == 1 else 2
            return (
                Period.half(self.start.year, 1)
                if half == 2
                else Period.half(self.start.year - 1, 2)
            )
        if self.grain == "quarter":
            quarter = (self.start.month - 1) // 3 + 1
            if quarter == 1:
                return Period.quarter(self.start.year - 1, 4)
            return Period.quarter(self.start.year, quarter - 1)
        length = self.end - self.start
        end = self.start - datetime.timedelta(days=1)
        return Period(end - length, end, "range")


# --- The indicators -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Indicator:
    """`placed_by` is the Case lookup of the date that places a case in a period; `held` means
    that date must also lie on or before today (a meeting not yet held does not count).
    `denominator` selects among the placed cases those the share is of (None: a plain count);
    `numerator` those counted; `before`, for a paired comparison, the same cases' state at
    raising, against `numerator` at the follow-up."""

    key: str
    title: str
    placed_by: str
    numerator: Q | None
    denominator: Q | None = None
    before: Q | None = None
    direction: str | None = None
    held: bool = False
    # The definition in words, for the Excel file's definitions sheet and the PDF report.
    placed_text: str = ""
    denominator_text: str = ""
    numerator_text: str = ""

    @property
    def is_share(self):
        return self.denominator is not None


def _income_at_raising(direction):
    through = Case.income_support_at_raising.through
    return Exists(
        through.objects.filter(case_id=OuterRef("pk"), incomesupportsource__direction=direction)
    )


def _income_at_follow_up(direction):
    through = FollowUp.income_support.through
    return Exists(
        through.objects.filter(
            followup__case_id=OuterRef("pk"), incomesupportsource__direction=direction
        )
    )


def annotated_cases(federation):
    """The cases that count, with what the indicators ask of each as annotations."""
    return (
        Case.objects.filter(team__federation=federation)
        .exclude(closure_reason=Case.ClosureReason.REGISTERED_IN_ERROR)
        .annotate(
            away_at_raising=_income_at_raising(Direction.AWAY_FROM_WORK),
            towards_at_raising=_income_at_raising(Direction.TOWARDS_SELF_SUPPORT),
            away_at_follow_up=_income_at_follow_up(Direction.AWAY_FROM_WORK),
            towards_at_follow_up=_income_at_follow_up(Direction.TOWARDS_SELF_SUPPORT),
            has_follow_up=Exists(FollowUp.objects.filter(case_id=OuterRef("pk"))),
            has_survey=Exists(SurveyResponse.objects.filter(case_id=OuterRef("pk"))),
            has_plan=Exists(PlanStep.objects.filter(case_id=OuterRef("pk"))),
            questions_answered=Exists(
                CaseMapping.objects.filter(
                    case_id=OuterRef("pk"),
                    sip_needed__isnull=False,
                    joint_mapping_needed__isnull=False,
                )
            ),
            several_care_units=Exists(
                Case.care_units_at_meeting.through.objects.filter(case_id=OuterRef("pk"))
                .values("case_id")
                .annotate(units=Count("unit_id"))
                .filter(units__gte=2)
            ),
        )
    )


# Placed in a period by being open at some time in it: raised on or before its last day and not
# closed before its first.
ONGOING = "ongoing"
ANSWERED = Q(participation__in=[choice for choice, _label in Case.Participation.choices])

INDICATORS = {
    indicator.key: indicator
    for indicator in (
        Indicator(
            "raised",
            _("Aktualiserade ärenden"),
            placed_by="raised_on",
            numerator=Q(),
            placed_text=_("Aktualiseringsdatum"),
            numerator_text=_("Alla aktualiserade ärenden"),
        ),
        Indicator(
            "ongoing",
            _("Pågående ärenden"),
            placed_by=ONGOING,
            numerator=Q(),
            placed_text=_(
                "Öppet någon gång under perioden: aktualiserat senast periodens sista dag "
                "och inte avslutat före dess första"
            ),
            numerator_text=_("Alla pågående ärenden"),
        ),
        Indicator(
            "participation",
            _("Deltog i sitt eget Trisam-möte"),
            placed_by="meeting_on",
            held=True,
            denominator=ANSWERED,
            numerator=Q(participation=Case.Participation.TOOK_PART),
            direction=RISE,
            placed_text=_("Teammötets datum, när mötet har hållits"),
            denominator_text=_(
                "Ärenden där deltagandet är registrerat (deltog, deltog inte, avböjde)"
            ),
            numerator_text=_("Personen deltog"),
        ),
        Indicator(
            "involvement",
            _("Kände sig delaktiga i den föreslagna planeringen"),
            placed_by="survey__answered_on",
            denominator=Q(has_survey=True),
            numerator=Q(survey__felt_involved__gte=AGREES),
            direction=RISE,
            placed_text=_("Enkätsvarets datum"),
            denominator_text=_("Besvarade enkäter"),
            numerator_text=_(
                "Svarade ”stämmer helt” eller ”stämmer ganska bra” på frågan om delaktighet"
            ),
        ),
        Indicator(
            "fit",
            _("Tyckte att planeringen passar dem och deras behov"),
            placed_by="survey__answered_on",
            denominator=Q(has_survey=True),
            numerator=Q(survey__plan_fits__gte=AGREES),
            direction=RISE,
            placed_text=_("Enkätsvarets datum"),
            denominator_text=_("Besvarade enkäter"),
            numerator_text=_(
                "Svarade ”stämmer helt” eller ”stämmer ganska bra” på frågan om planeringen passar"
            ),
        ),
        Indicator(
            "plan_started",
            _("Hade påbörjat planeringen vid uppföljningen"),
            placed_by="follow_up__followed_up_on",
            denominator=Q(has_follow_up=True),
            numerator=Q(follow_up__plan_started=FollowUp.PlanStarted.YES),
            direction=RISE,
            placed_text=_("Uppföljningens datum"),
            denominator_text=_("Registrerade uppföljningar"),
            numerator_text=_("Planeringen påbörjad: ”ja” (”delvis” räknas inte)"),
        ),
        Indicator(
            "away_from_work",
            _("Försörjs av sjukpenning, sjukersättning eller försörjningsstöd"),
            placed_by="follow_up__followed_up_on",
            denominator=Q(has_follow_up=True),
            before=Q(away_at_raising=True),
            numerator=Q(away_at_follow_up=True),
            direction=FALL,
            placed_text=_("Uppföljningens datum"),
            denominator_text=_("Registrerade uppföljningar"),
            numerator_text=_(
                "Sjukpenning, sjukersättning eller försörjningsstöd vid uppföljningen, jämfört med "
                "samma personer vid aktualiseringen"
            ),
        ),
        Indicator(
            "towards_self_support",
            _("Försörjs av aktivitetsstöd, a-kassa, studiemedel eller lön"),
            placed_by="follow_up__followed_up_on",
            denominator=Q(has_follow_up=True),
            before=Q(towards_at_raising=True),
            numerator=Q(towards_at_follow_up=True),
            direction=RISE,
            placed_text=_("Uppföljningens datum"),
            denominator_text=_("Registrerade uppföljningar"),
            numerator_text=_(
                "Aktivitetsstöd, a-kassa, studiemedel eller lön vid uppföljningen, jämfört med "
                "samma personer vid aktualiseringen"
            ),
        ),
        Indicator(
            "several_care_units",
            _("Fler än en vårdenhet deltog i teammötet"),
            placed_by="meeting_on",
            held=True,
            denominator=Q(),
            numerator=Q(several_care_units=True),
            direction=RISE,
            placed_text=_("Teammötets datum, när mötet har hållits"),
            denominator_text=_("Hållna teammöten"),
            numerator_text=_("Två eller fler vårdenheter registrerade på teammötet"),
        ),
        Indicator(
            "questions_answered",
            _("De stående frågorna (SIP? GK?) besvarade"),
            placed_by="meeting_on",
            held=True,
            denominator=Q(),
            numerator=Q(questions_answered=True),
            direction=RISE,
            placed_text=_("Teammötets datum, när mötet har hållits"),
            denominator_text=_("Hållna teammöten"),
            numerator_text=_("Båda frågorna besvarade i kartläggningen"),
        ),
        Indicator(
            "plan_at_meeting",
            _("Planering upprättad"),
            placed_by="meeting_on",
            held=True,
            denominator=Q(),
            numerator=Q(has_plan=True),
            direction=RISE,
            placed_text=_("Teammötets datum, när mötet har hållits"),
            denominator_text=_("Hållna teammöten"),
            numerator_text=_("Minst ett steg i planeringen"),
        ),
        Indicator(
            "survey_answered",
            _("Deltagarenkäten besvarad"),
            placed_by="meeting_on",
            held=True,
            denominator=Q(),
            numerator=Q(has_survey=True),
            direction=RISE,
            placed_text=_("Teammötets datum, när mötet har hållits"),
            denominator_text=_("Hållna teammöten"),
            numerator_text=_("Ett enkätsvar registrerat"),
        ),
        Indicator(
            "follow_up_on_time",
            _("Sexmånadersuppföljningen gjord i tid"),
            placed_by="follow_up_due_on",
            held=True,
            denominator=Q(),
            numerator=Q(
                has_follow_up=True,
                follow_up__followed_up_on__lte=F("follow_up_due_on"),
            ),
            direction=RISE,
            placed_text=_(
                "Uppföljningens sista dag (sex månader efter teammötet), när den har passerats"
            ),
            denominator_text=_("Uppföljningar som skulle ha gjorts"),
            numerator_text=_("Uppföljd senast sista dagen"),
        ),
    )
}


# --- Counting -----------------------------------------------------------------------------------

BY_CHOICES = ("municipality", "team", "raising_party")


@dataclasses.dataclass(frozen=True)
class Selection:
    """Which cases a figure is over: a förbund, and optionally some municipalities, teams, a
    raising party, one gender, one priority group."""

    federation: object
    municipality_ids: frozenset | None = None
    team_ids: frozenset | None = None
    party_id: int | None = None
    gender: str | None = None
    priority: str | None = None  # a priority-group field of Case
    only: Q | None = None  # any further condition on the cases, e.g. whose identity one may see

    def q(self):
        q = Q() if self.only is None else self.only
        if self.municipality_ids is not None:
            q &= Q(municipality__in=self.municipality_ids)
        if self.team_ids is not None:
            q &= Q(team__in=self.team_ids)
        if self.party_id is not None:
            q &= Q(raising_party=self.party_id)
        if self.gender:
            q &= Q(gender=self.gender)
        if self.priority:
            q &= Q(**{self.priority: True})
        return q


PRIORITY_GROUPS = ("young_outside_work_and_studies", "mental_ill_health", "newly_arrived")


def placed(indicator, period, today):
    """The cases the indicator's date places in `period`."""
    if indicator.placed_by == ONGOING:
        return Q(raised_on__lte=period.end) & (
            Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
        )
    end = min(period.end, today) if indicator.held else period.end
    return Q(**{f"{indicator.placed_by}__gte": period.start, f"{indicator.placed_by}__lte": end})


@dataclasses.dataclass
class Figures:
    """One indicator for one period: per group (None for the whole selection) the counts for
    women, men, other and total — numerator, denominator and, paired, the same cases before."""

    indicator: Indicator
    period: Period
    by: str | None
    groups: list  # group keys in display order; None is the whole selection
    numerators: dict
    denominators: dict | None  # None for a plain count
    befores: dict | None  # None unless paired

    def rows(self, counts):
        return [counts[group] for group in self.groups]


def _four(by_gender):
    values = [by_gender.get(gender, 0) for gender in GENDERS]
    return [*values, sum(values)]


def compute(indicator, selection, period, *, today, by=None):
    """The exact Figures of `indicator` for `selection` in `period`, grouped `by` one of
    BY_CHOICES (or not at all): one aggregate query."""
    if by is not None and by not in BY_CHOICES:
        raise ValueError(f"unknown grouping {by!r}")
    cases = annotated_cases(selection.federation).filter(
        selection.q(), placed(indicator, period, today)
    )
    aggregates = {"numerator": Count("pk", filter=indicator.numerator or Q(), distinct=True)}
    if indicator.is_share:
        aggregates["denominator"] = Count("pk", filter=indicator.denominator, distinct=True)
    if indicator.before is not None:
        aggregates["before"] = Count("pk", filter=indicator.before, distinct=True)
    fields = ["gender"] + ([by] if by else [])
    found = {}
    for row in cases.values(*fields).annotate(**aggregates).order_by():
        group = row[by] if by else None
        found.setdefault(group, []).append(row)
    groups = sorted(found, key=lambda key: (key is None, key or 0)) if by else [None]

    def counts(name):
        result = {}
        for group in groups:
            result[group] = _four({row["gender"]: row.get(name, 0) for row in found.get(group, [])})
        return result

    return Figures(
        indicator=indicator,
        period=period,
        by=by,
        groups=groups,
        numerators=counts("numerator"),
        denominators=counts("denominator") if indicator.is_share else None,
        befores=counts("before") if indicator.before is not None else None,
    )


def median_days_to_meeting(selection, period, *, today):
    """Per gender and in total, the median days from raising to the team meeting, over the
    cases whose meeting was held in the period; None where the cases are fewer than the
    small-number threshold (a median of few would point to them)."""
    rows = (
        annotated_cases(selection.federation)
        .filter(selection.q(), placed(INDICATORS["participation"], period, today))
        .values_list("gender", "raised_on", "meeting_on")
    )
    days = {gender: [] for gender in GENDERS}
    for gender, raised_on, meeting_on in rows:
        days[gender].append((meeting_on - raised_on).days)
    days[TOTAL] = [value for values in days.values() for value in values]
    fewest = threshold()
    return {
        key: statistics.median(values) if len(values) >= fewest else None
        for key, values in days.items()
    }


# --- Protection ---------------------------------------------------------------------------------


@dataclasses.dataclass
class ProtectedRow:
    group: object
    numerators: list  # women, men, other, total: counts or Suppressed
    denominators: list | None
    befores: list | None
    shares: list | None  # Fractions or None (not shown)
    shares_before: list | None


def protected(figures):
    """The figures as they may be shown outside a team: each table of counts protected as one,
    with the groups' total row when grouped, and each share only where the rule allows it.

    A share's numerators and denominators are protected together (`protect_shares`): the
    difference of the two is a count too, "38 of 40" says that two did not. A paired indicator
    publishes its before-counts through their shares against the same denominators, so the
    pairs (numerators, denominators) and (before-counts, denominators) are protected in turn,
    each starting from the denominators the other hid, until neither hides more."""
    grouped = figures.by is not None

    def table(counts):
        if counts is None:  # not part of this indicator
            return None
        rows = figures.rows(counts)
        if grouped:
            totals = [sum(column) for column in zip(*rows, strict=True)] if rows else [0] * 4
            rows = [*rows, totals]
        return rows

    numerators, denominators, befores = (
        table(figures.numerators),
        table(figures.denominators),
        table(figures.befores),
    )
    tables = {"numerators": None, "denominators": None, "befores": None}
    if denominators is None:
        tables["numerators"] = protect_table(numerators, column_totals=grouped)
    else:
        hidden = frozenset()
        while True:
            shown, of = protect_shares(
                numerators, denominators, column_totals=grouped, hidden=hidden
            )
            hidden_now = _hidden_cells(of)
            if befores is not None:
                shown_before, of = protect_shares(
                    befores, denominators, column_totals=grouped, hidden=hidden_now
                )
                hidden_now = _hidden_cells(of)
            if hidden_now == hidden or befores is None:
                break
            hidden = hidden_now
        tables.update(numerators=shown, denominators=of)
        if befores is not None:
            tables["befores"] = shown_before
    keys = [*figures.groups, *([TOTAL] if grouped else [])]
    result = []
    for index, key in enumerate(keys):
        numerators = tables["numerators"][index]
        denominators = tables["denominators"][index] if tables["denominators"] is not None else None
        befores = tables["befores"][index] if tables["befores"] is not None else None
        result.append(
            ProtectedRow(
                group=key,
                numerators=numerators,
                denominators=denominators,
                befores=befores,
                shares=_shares(numerators, denominators),
                shares_before=_shares(befores, denominators),
            )
        )
    return result


def _hidden_cells(rows):
    return frozenset(
        (r, c) for r, row in enumerate(rows) for c, value in enumerate(row) if is_suppressed(value)
    )


def exact(figures):
    """The figures unprotected, for a team's own cases: counts as they are and each share
    wherever it has a denominator. Never for a figure that leaves the team."""
    row = figures.groups[0]

    def counts(table):
        return None if table is None else list(table[row])

    numerators, denominators, befores = (
        counts(figures.numerators),
        counts(figures.denominators),
        counts(figures.befores),
    )

    def shares(values):
        if values is None or denominators is None:
            return None
        return [Fraction(n, d) if d else None for n, d in zip(values, denominators, strict=True)]

    return ProtectedRow(
        group=row,
        numerators=numerators,
        denominators=denominators,
        befores=befores,
        shares=shares(numerators),
        shares_before=shares(befores),
    )


def _shares(numerators, denominators):
    if numerators is None or denominators is None:
        return None
    return [share(n, d) for n, d in zip(numerators, denominators, strict=True)]
