"""The money reports: budget against outcome and the förbund's own budget by contributor.

Uppföljning Finsam, which counts participants, is the follow-up app's (`followup.finsam`): every
figure about individuals is computed and protected there.

Each report is built once as `exports.Table` objects (plus chart data), so the page, the CSV and
the Excel file show the same rows and the same numbers. Amounts are whole kronor (int); shares
are Decimal percentages rounded half up. Totals are computed from the rows, never typed.
Nothing here counts or names a person: figures are per intervention, party, municipality or
year.
"""

import dataclasses
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samverkan.funding import figures
from samverkan.funding.exports import Table
from samverkan.funding.hours import kronor
from samverkan.funding.models import (
    ContributionShare,
    FederationBudget,
)
from samverkan.funding.policy import visible_interventions
from samverkan.structure.models import Party

PER_INTERVENTION = "intervention"
PER_PARTY = "party"
PER_YEAR = "year"
PER_MUNICIPALITY = "municipality"
PER_CHOICES = (PER_INTERVENTION, PER_PARTY, PER_YEAR, PER_MUNICIPALITY)

NOT_APPLICABLE = "–"
HUNDRED = Decimal(100)


def share_used(granted, used):
    """Used as a percentage of granted, one decimal, halves up; None when nothing is granted."""
    if not granted:
        return None
    return (Decimal(used) * HUNDRED / Decimal(granted)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def percent_text(value):
    """A Decimal percentage as written in the active language, without trailing zeros."""
    if value is None:
        return NOT_APPLICABLE
    value = Decimal(value)
    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return number_format(value, decimal_pos=places, use_l10n=True)


# --- Budget against outcome ----------------------------------------------------------------------


@dataclasses.dataclass
class Bar:
    """One row of the chart: what was granted and used, and the bars' lengths in chart units."""

    label: str
    granted: int
    used: int
    granted_width: int
    used_width: int

    @property
    def over_budget(self):
        return self.used > self.granted


@dataclasses.dataclass
class Chart:
    title: str
    description: str
    bars: list
    width: int = 480  # the longest bar, in SVG units; labels need room after it

    ROW_HEIGHT = 64

    @property
    def height(self):
        return self.ROW_HEIGHT * len(self.bars) + 40

    def rows(self):
        """(bar, y of the row's top) for the template, which cannot do arithmetic."""
        return [(bar, 40 + index * self.ROW_HEIGHT) for index, bar in enumerate(self.bars)]


@dataclasses.dataclass
class BudgetOutcome:
    per: str
    year: int | None
    table: Table
    chart: Chart


def _group_label(per):
    return {
        PER_INTERVENTION: _("Insats"),
        PER_PARTY: _("Part"),
        PER_YEAR: _("År"),
        PER_MUNICIPALITY: _("Kommun"),
    }[per]


def _per_text(per):
    return {
        PER_INTERVENTION: _("per insats"),
        PER_PARTY: _("per part"),
        PER_YEAR: _("per år"),
        PER_MUNICIPALITY: _("per kommun"),
    }[per]


def budget_outcome(federation, scope, *, per, year=None, today):
    """Granted, used, remaining and share used per intervention, party, year or municipality.

    Restricted to what `scope` may read; `year` None means every year. Per municipality lists
    the municipalities' own party rows only: the state agencies and the region are no
    municipality.
    """
    if per not in PER_CHOICES:
        raise ValueError(f"unknown grouping {per!r}")
    interventions = list(visible_interventions(federation, scope))
    years = [year] if year is not None else None
    scope_q = figures.scope_filter(scope)
    granted = figures.granted(interventions, scope_q=scope_q, years=years)
    used = figures.used(interventions, today=today, scope_q=scope_q, years=years)

    parties = {
        party.pk: party
        for party in Party.objects.filter(
            pk__in={key[1] for key in (*granted, *used)}
        ).select_related("municipality")
    }
    sums = defaultdict(lambda: [0, 0])
    for index, source in enumerate((granted, used)):
        for (intervention_pk, party_pk, row_year), amount in source.items():
            if per == PER_INTERVENTION:
                key = intervention_pk
            elif per == PER_PARTY:
                key = party_pk
            elif per == PER_YEAR:
                key = row_year
            else:
                party = parties[party_pk]
                if party.kind != Party.Kind.MUNICIPALITY:
                    continue
                key = party.municipality_id
            sums[key][index] += amount

    if per == PER_INTERVENTION:
        order = [(i.pk, i.name) for i in interventions if i.pk in sums]
    elif per == PER_PARTY:
        ordered = sorted((parties[pk] for pk in sums), key=lambda p: (p.order, p.name))
        order = [(party.pk, party.name) for party in ordered]
    elif per == PER_YEAR:
        order = [(key, key) for key in sorted(sums)]
    else:
        municipalities = {
            party.municipality_id: party.municipality
            for party in parties.values()
            if party.municipality_id in sums
        }
        ordered = sorted(municipalities.values(), key=lambda m: m.name)
        order = [(municipality.pk, municipality.name) for municipality in ordered]

    rows = []
    for key, label in order:
        row_granted, row_used = sums[key]
        rows.append(
            [
                label,
                row_granted,
                row_used,
                row_granted - row_used,
                share_used(row_granted, row_used),
            ]
        )
    totals = None
    if rows:
        total_granted = sum(row[1] for row in rows)
        total_used = sum(row[2] for row in rows)
        totals = [
            _("Totalt"),
            total_granted,
            total_used,
            total_granted - total_used,
            share_used(total_granted, total_used),
        ]

    period = str(year) if year is not None else _("alla år")
    title = _("Budget och utfall %(per)s, %(period)s") % {"per": _per_text(per), "period": period}
    note = ""
    if per == PER_MUNICIPALITY:
        note = _(
            "Här visas bara kommunerna som parter. Statliga parter och regionen är inte "
            "kommuner och ingår inte i tabellen; se dem per part."
        )
    table = Table(
        title=title,
        columns=[
            _group_label(per),
            _("Beviljat (kr)"),
            _("Använt (kr)"),
            _("Kvar (kr)"),
            _("Använt av beviljat (%)"),
        ],
        rows=rows,
        totals=totals,
        note=note,
    )
    return BudgetOutcome(per=per, year=year, table=table, chart=_chart(table, per, period))


def _chart(table, per, period):
    """Horizontal bars of granted against used for the table's body rows."""
    longest = max([max(row[1], row[2]) for row in table.rows] or [0])
    width = Chart.width
    bars = []
    for label, granted, used, _remaining, _share in table.rows:
        bars.append(
            Bar(
                label=str(label),
                granted=granted,
                used=used,
                granted_width=granted * width // longest if longest else 0,
                used_width=used * width // longest if longest else 0,
            )
        )
    title = _("Beviljat och använt %(per)s, %(period)s") % {
        "per": _per_text(per),
        "period": period,
    }
    description = _(
        "Liggande staplar: en ofylld stapel för det beviljade beloppet och en fylld för det "
        "använda, en rad för varje rad i tabellen. Samma belopp finns i tabellen."
    )
    return Chart(title=title, description=description, bars=bars, width=width)


# --- The förbund's budget by contributor ---------------------------------------------------------

# Finsam-lagen 5 §: the state half, the region a quarter, the municipalities together a quarter.
STATE, REGION, MUNICIPALITIES = "state", "region", "municipalities"
REQUIRED_PERCENT = {STATE: Decimal(50), REGION: Decimal(25), MUNICIPALITIES: Decimal(25)}
GROUP_OF_KIND = {
    Party.Kind.STATE_AGENCY: STATE,
    Party.Kind.REGION: REGION,
    Party.Kind.MUNICIPALITY: MUNICIPALITIES,
}


def group_label(key):
    return {
        STATE: _("Staten"),
        REGION: _("Regionen"),
        MUNICIPALITIES: _("Kommunerna tillsammans"),
    }[key]


def group_sum_label(key):
    return {
        STATE: _("Staten sammanlagt"),
        REGION: _("Regionen sammanlagt"),
        MUNICIPALITIES: _("Kommunerna tillsammans"),
    }[key]


def share_amount(budget_amount, percent):
    """The kronor a share of the budget comes to: budget × percent / 100, halves up."""
    return kronor(Decimal(budget_amount) * Decimal(percent) / HUNDRED)


@dataclasses.dataclass
class ContributionRow:
    party: object
    percent: Decimal | None
    amount: int | None
    municipal_share: Decimal | None = None  # of the municipalities' part, in percent

    @property
    def percent_text(self):
        return percent_text(self.percent)

    @property
    def municipal_share_text(self):
        return percent_text(self.municipal_share)


@dataclasses.dataclass
class ContributionGroup:
    key: str
    label: str
    rows: list
    percent: Decimal
    amount: int
    required: Decimal

    @property
    def deviates(self):
        return self.percent != self.required

    @property
    def sum_label(self):
        return group_sum_label(self.key)

    @property
    def percent_text(self):
        return percent_text(self.percent)

    @property
    def required_text(self):
        return percent_text(self.required)


@dataclasses.dataclass
class Contributions:
    year: int
    budget: object  # FederationBudget or None
    groups: list
    percent: Decimal
    amount: int
    warnings: list
    rounding: int  # the shares' kronor minus the budget when the shares make 100 %

    @property
    def percent_text(self):
        return percent_text(self.percent)

    @property
    def rounding_size(self):
        return abs(self.rounding)


def federation_parties(federation):
    """The förbund's parties: the state agencies, the region, then the municipalities."""
    kind_order = {Party.Kind.STATE_AGENCY: 0, Party.Kind.REGION: 1, Party.Kind.MUNICIPALITY: 2}
    parties = list(Party.objects.filter(federation=federation).select_related("municipality"))
    return sorted(
        parties,
        key=lambda p: (
            kind_order.get(p.kind, 3),
            p.order,
            p.municipality.name if p.municipality_id else p.name,
        ),
    )


def contributions(federation, year):
    """The förbund's budget for `year` by contributor, checked against Finsam-lagen 5 §."""
    budget = FederationBudget.objects.filter(federation=federation, year=year).first()
    shares = {}
    if budget is not None:
        shares = {
            share.party_id: share.percent
            for share in ContributionShare.objects.filter(budget=budget)
        }
    rows_by_group = {STATE: [], REGION: [], MUNICIPALITIES: []}
    for party in federation_parties(federation):
        percent = shares.get(party.pk)
        amount = (
            share_amount(budget.amount, percent)
            if budget is not None and percent is not None
            else None
        )
        rows_by_group[GROUP_OF_KIND[party.kind]].append(ContributionRow(party, percent, amount))

    groups = []
    for key, rows in rows_by_group.items():
        percent = sum((row.percent or Decimal(0) for row in rows), Decimal(0))
        amount = sum(row.amount or 0 for row in rows)
        groups.append(
            ContributionGroup(key, group_label(key), rows, percent, amount, REQUIRED_PERCENT[key])
        )
    municipal = groups[2]
    for row in municipal.rows:
        if row.percent is not None and municipal.percent:
            row.municipal_share = (row.percent * HUNDRED / municipal.percent).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )

    total_percent = sum((group.percent for group in groups), Decimal(0))
    total_amount = sum(group.amount for group in groups)
    warnings = []
    if budget is not None:
        missing = [row.party.name for group in groups for row in group.rows if row.percent is None]
        if missing:
            warnings.append(
                _("Andel saknas för %(parties)s; de räknas som 0 %%.")
                % {"parties": ", ".join(missing)}
            )
        if total_percent != HUNDRED:
            warnings.append(
                _("Andelarna blir tillsammans %(percent)s %%, inte 100 %%.")
                % {"percent": percent_text(total_percent)}
            )
        for group in groups:
            if group.deviates:
                warnings.append(
                    _(
                        "%(group)s står för %(percent)s %% av budgeten. Enligt Finsam-lagen 5 § "
                        "ska andelen vara %(required)s %%."
                    )
                    % {
                        "group": group.label,
                        "percent": group.percent_text,
                        "required": group.required_text,
                    }
                )
    # Each share is rounded to whole kronor, so whole shares may differ from the budget by a
    # krona or two; shown, not hidden, like the grant tables' differences.
    rounding = (
        total_amount - budget.amount if budget is not None and total_percent == HUNDRED else 0
    )
    return Contributions(
        year=year,
        budget=budget,
        groups=groups,
        percent=total_percent,
        amount=total_amount,
        warnings=warnings,
        rounding=rounding,
    )
