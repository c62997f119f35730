"""The figures Uppföljning Finsam asks of each intervention running in a year: orientation,
period, budget, outcome, planned participants and participants by gender.

Participants are counts of individuals, so they pass through the one small-number rule
(`followup.suppression`) for every reader, the förbund's administrators and Länsledning
included. The one exception is the intervention's *deltagaransvarig*, who reports exact counts to
the national system: `finsam_for_submission` gives them their own intervention's row unprotected,
and the view that serves it writes that to the access log.
"""

from collections import defaultdict

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.followup.participants import participants_by_gender
from samverkan.followup.suppression import protect_table
from samverkan.funding import figures
from samverkan.funding.exports import Table
from samverkan.funding.models import Orientation, ParticipantPlan
from samverkan.funding.policy import FundingScope, visible_interventions

NOT_APPLICABLE = "–"
# The submission covers the whole intervention, every party's part.
EVERYTHING = FundingScope(everything=True)
# The participant columns: women, men, other, total (their index in a row).
PARTICIPANTS = slice(6, 10)

FINSAM_NOTE = gettext_lazy(
    "Uppföljning Finsam räknar kvinnor och män; ”annan” redovisas separat och ingår i totalen. "
    "Deltagarna räknas från Trisam-ärenden som aktualiserats under året inom insatsens period; "
    "felregistrerade ärenden räknas inte. Antalen namnger aldrig någon. Antal under fem visas som "
    "”färre än 5”, och ”dolt” står där ett antal döljs för att ett litet antal annars skulle "
    "kunna räknas fram ur summorna. Det gäller alla läsare. Insatsens deltagaransvariga hämtar "
    "exakta antal för inlämning på en egen sida. Strukturövergripande insatser har inga "
    "deltagare (–); individinriktade insatser som inte räknar ärenden (–) redovisar sina "
    "deltagare direkt i Uppföljning Finsam."
)
SUBMISSION_PREFACE = gettext_lazy(
    "Endast för inlämning till Uppföljning Finsam. Filen innehåller exakta antal deltagare, även "
    "under fem, och får inte spridas. Hämtningen är loggad."
)


def running_in(year):
    """Interventions whose period touches `year`."""
    return {"starts_on__year__lte": year, "ends_on__year__gte": year}


def _columns():
    return [
        _("Insats"),
        _("Inriktning"),
        _("Period"),
        _("Budget (kr)"),
        _("Utfall (kr)"),
        _("Planerade deltagare"),
        _("Kvinnor"),
        _("Män"),
        _("Annan"),
        _("Totalt"),
    ]


def _rows(interventions, scope, *, year, today):
    """One row per intervention, participants exact: [name, orientation, period, budget,
    outcome, planned, women, men, other, total]."""
    scope_q = figures.scope_filter(scope)
    granted = figures.granted(interventions, scope_q=scope_q, years=[year])
    used = figures.used(interventions, today=today, scope_q=scope_q, years=[year])
    budget_by, outcome_by = defaultdict(int), defaultdict(int)
    for (pk, _party, _year), amount in granted.items():
        budget_by[pk] += amount
    for (pk, _party, _year), amount in used.items():
        outcome_by[pk] += amount
    municipality_ids = None if scope.everything else scope.municipality_ids

    rows = []
    for intervention in interventions:
        plan = intervention.plans_of_year[0].planned if intervention.plans_of_year else None
        counts = None
        if intervention.orientation == Orientation.INDIVIDUAL:
            counts = participants_by_gender(intervention, year, municipality_ids=municipality_ids)
        if counts is None:
            participants = [NOT_APPLICABLE] * 4
        else:
            participants = [counts["women"], counts["men"], counts["other"], counts["total"]]
        rows.append(
            [
                intervention.name,
                str(intervention.get_orientation_display()),
                f"{intervention.starts_on.isoformat()} – {intervention.ends_on.isoformat()}",
                budget_by[intervention.pk],
                outcome_by[intervention.pk],
                plan,
                *participants,
            ]
        )
    return rows


def _totals(rows):
    """The totals row: each column summed over the rows that have a number in it."""
    totals = [_("Totalt"), "", ""]
    for column in range(3, 10):
        numbers = [row[column] for row in rows if isinstance(row[column], int)]
        totals.append(sum(numbers) if numbers else None)
    return totals


def _interventions(federation, scope, year, **filters):
    return list(
        visible_interventions(federation, scope)
        .filter(**running_in(year), **filters)
        .prefetch_related(
            Prefetch(
                "participant_plans",
                queryset=ParticipantPlan.objects.filter(year=year),
                to_attr="plans_of_year",
            )
        )
    )


def finsam_follow_up(federation, scope, *, year, today):
    """The Uppföljning Finsam table for `year`, participants protected for every reader.

    A reader who sees a municipality's part gets that part: its grants and outcome, and
    participants counted in its Trisam teams. The participant counts and their totals row are
    protected as one table, so no hidden count follows from the totals.
    """
    rows = _rows(_interventions(federation, scope, year), scope, year=year, today=today)
    totals = _totals(rows) if rows else None
    if rows:
        grid = [row[PARTICIPANTS] for row in rows] + [totals[PARTICIPANTS]]
        protected = protect_table(grid)
        for row, cells in zip([*rows, totals], protected, strict=True):
            row[PARTICIPANTS] = cells
    return Table(
        title=_("Uppföljning Finsam %(year)s") % {"year": year},
        columns=_columns(),
        rows=rows,
        totals=totals,
        note=str(FINSAM_NOTE),
    )


def finsam_for_submission(intervention, *, year, today):
    """The intervention's own row for `year`, whole and with exact participant counts, for its
    deltagaransvarig to submit to Uppföljning Finsam; the file's first line says so. No row
    when the intervention does not run in `year`."""
    interventions = _interventions(intervention.federation, EVERYTHING, year, pk=intervention.pk)
    return Table(
        title=_("Uppföljning Finsam %(year)s: %(intervention)s")
        % {"year": year, "intervention": intervention.name},
        columns=_columns(),
        rows=_rows(interventions, EVERYTHING, year=year, today=today),
        note=str(FINSAM_NOTE),
        preface=str(SUBMISSION_PREFACE),
    )
