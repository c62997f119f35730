"""The county dashboard: every indicator for a period, for the whole förbund or one of its
municipalities, next to the period before, protected by the small-number rule.

The figures of a municipality are read from the same protected table as the county's (every
municipality by gender with the county's totals), so that a municipality's hidden count cannot
be worked out as the county minus the other municipalities, whichever page shows them.
"""

import dataclasses

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from samverkan.followup.indicators import (
    FALL,
    GENDERS,
    INDICATORS,
    RISE,
    TOTAL,
    ProtectedRow,
    Selection,
    compute,
    median_days_to_meeting,
    protected,
)
from samverkan.followup.targets import targets
from samverkan.funding import exports

DIRECTION_TEXT = {RISE: _("Bör öka"), FALL: _("Bör minska"), None: ""}
ZERO_ROW = [0, 0, 0, 0]


@dataclasses.dataclass
class Panel:
    """One indicator: the chosen row of this period and the period before."""

    indicator: object
    current: object  # ProtectedRow
    baseline: object
    targets: list = dataclasses.field(default_factory=list)  # targets.Target of the goals

    @property
    def direction_text(self):
        return DIRECTION_TEXT[self.indicator.direction]

    def table_rows(self, period_text, baseline_text):
        """[[heading, women, men, other, total]]: counts, hidden counts and Percent values as
        the page, the CSV and the Excel file all show them; the goals' targets last."""
        goals = [[target.heading, *target.cells()] for target in self.targets]
        return self._figure_rows(period_text, baseline_text) + goals

    def _figure_rows(self, period_text, baseline_text):
        current, baseline = self.current, self.baseline
        texts = {"period": period_text, "baseline": baseline_text}
        if not self.indicator.is_share:
            return [
                [period_text, *current.numerators],
                [baseline_text, *baseline.numerators],
            ]
        if self.indicator.before is not None:
            return [
                [_("Andel vid aktualiseringen"), *percents(current.shares_before)],
                [_("Andel vid uppföljningen"), *percents(current.shares)],
                [_("Antal vid uppföljningen"), *current.numerators],
                [_("Uppföljda ärenden"), *current.denominators],
                [
                    _("Andel vid uppföljningen, %(baseline)s") % texts,
                    *percents(baseline.shares),
                ],
            ]
        return [
            [_("Andel, %(period)s") % texts, *percents(current.shares)],
            [_("Antal"), *current.numerators],
            [_("Av"), *current.denominators],
            [_("Andel, %(baseline)s") % texts, *percents(baseline.shares)],
        ]

    def table(self, period_text, baseline_text):
        return exports.Table(
            title=str(self.indicator.title),
            columns=figure_columns(),
            rows=self.table_rows(period_text, baseline_text),
            note=str(self.direction_text),
        )


def percents(shares):
    """Shares as Percent cells, None where a share is not shown."""
    return [None if value is None else exports.Percent(value) for value in shares]


def figure_columns():
    return [_("Mått"), _("Kvinnor"), _("Män"), _("Annan"), _("Totalt")]


def _row_of(rows, group):
    for row in rows:
        if row.group == group:
            return row
    return None


def chosen_row(indicator, federation, period, *, today, municipality_id):
    """The selection's row (the förbund's, or a municipality's) of the indicator's protected
    table by municipality: the same cells whichever page shows them."""
    figures = compute(indicator, Selection(federation), period, today=today, by="municipality")
    rows = protected(figures)
    row = _row_of(rows, TOTAL if municipality_id is None else municipality_id)
    if row is None:  # no case of the municipality at all: nothing hidden in zeros
        row = _zero_row(indicator, municipality_id)
    return row


def _zero_row(indicator, group):
    paired = indicator.before is not None
    return ProtectedRow(
        group=group,
        numerators=list(ZERO_ROW),
        denominators=list(ZERO_ROW) if indicator.is_share else None,
        befores=list(ZERO_ROW) if paired else None,
        shares=[None] * 4 if indicator.is_share else None,
        shares_before=[None] * 4 if paired else None,
    )


def county_panels(federation, period, *, today, municipality_id=None):
    """[Panel] for every indicator, in the order of INDICATORS, with the targets of the
    goals whose interventions run in the period (for the whole förbund only)."""
    # The goals are the förbund's: beside a municipality's figures they would read as its own.
    goals = targets(federation, period) if municipality_id is None else {}
    return [
        Panel(
            indicator=indicator,
            targets=goals.get(indicator.key, []),
            current=chosen_row(
                indicator, federation, period, today=today, municipality_id=municipality_id
            ),
            baseline=chosen_row(
                indicator,
                federation,
                period.previous(),
                today=today,
                municipality_id=municipality_id,
            ),
        )
        for indicator in INDICATORS.values()
    ]


def median_days(federation, period, *, today, municipality_id=None):
    municipalities = None if municipality_id is None else frozenset({municipality_id})
    selection = Selection(federation, municipality_ids=municipalities)
    return median_days_to_meeting(selection, period, today=today)


def display(value):
    """A table cell as the page shows it: counts grouped by thousands, hidden counts and shares
    as they read, a dash where a share is not shown."""
    if value is None:
        return "–"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_format(value, force_grouping=True)
    return str(value)


def median_table(median, period_text):
    """The median days from raising to the team meeting, per gender: None where too few."""
    return exports.Table(
        title=str(_("Dagar från aktualisering till teammöte (median)")),
        columns=figure_columns(),
        rows=[[period_text, *(median[key] for key in GENDER_COLUMNS)]],
    )


def definitions_table():
    """Each indicator's definition and the small-number rule, for the Excel file and the PDF."""
    rows = [
        [
            str(indicator.title),
            str(indicator.placed_text),
            str(indicator.denominator_text) or "–",
            str(indicator.numerator_text),
            str(DIRECTION_TEXT[indicator.direction]) or "–",
        ]
        for indicator in INDICATORS.values()
    ]
    return exports.Table(
        title=str(_("Definitioner")),
        columns=[
            _("Mått"),
            _("Ärendet hör till perioden genom"),
            _("Andel av"),
            _("Räknas"),
            _("Riktning"),
        ],
        rows=rows,
    )


def about_table(place, period_text, baseline_text, today):
    """What the file is: the selection, the baseline, the day it was taken and the rule that
    protects small numbers."""
    return exports.Table(
        title=str(_("Om siffrorna")),
        columns=[_("Uppgift"), _("Värde")],
        rows=[
            [_("Urval"), place],
            [_("Period"), period_text],
            [_("Jämförs med"), baseline_text],
            [_("Uttaget"), today.isoformat()],
            [_("Små antal"), str(SUPPRESSION_NOTE)],
            [_("Källa"), _("Samverkan, ur Trisams ärenden")],
        ],
    )


def structure_tables(current, baseline, period_text, baseline_text):
    """The structure's figures (`structure_figures.StructureFigures`) of the period and the one
    before: the Mysam meetings, time and coverage, and each party's attendance."""
    columns = [_("Mått"), period_text, baseline_text]
    rows = [
        [_("Mysam-möten hållna av planerade"), current.meetings, baseline.meetings],
        [_("Förhandsinformation lämnad i tid"), current.pre_reads, baseline.pre_reads],
    ]
    if current.hours is not None:
        rows.append([_("Tid i Mysam mot åtagandena (timmar)"), current.hours, baseline.hours])
    rows.append([_("Vårdenheter med Trisam-team (mål: alla)"), current.units, baseline.units])
    if current.mysam is not None:
        rows.append([_("Kommuner med Mysam-grupp"), current.mysam, baseline.mysam])
    before = {party.pk: ratio for party, ratio in baseline.parties}
    parties = {party.pk: party for party, _ratio in [*current.parties, *baseline.parties]}
    now = {party.pk: ratio for party, ratio in current.parties}
    ordered = sorted(parties.values(), key=lambda party: (party.order, party.name))
    return [
        exports.Table(
            title=str(_("Mysam och täckning")),
            columns=columns,
            rows=[[label, str(now_value), str(then)] for label, now_value, then in rows],
            note=str(_("Hållna möten och förhandsinformation räknas till och med i dag.")),
        ),
        exports.Table(
            title=str(_("Närvaro per part i Mysam")),
            columns=[_("Part"), period_text, baseline_text],
            rows=[
                [party.name, str(now.get(party.pk, "–")), str(before.get(party.pk, "–"))]
                for party in ordered
            ],
            note=str(_("Möten där parten var företrädd, av hållna möten där den väntades.")),
        ),
    ]


SUPPRESSION_NOTE = _(
    "Antal under fem visas som ”färre än 5”, och ”dolt” står där ett antal döljs för att ett "
    "litet antal annars skulle kunna räknas fram ur summorna. En andel visas inte när den bygger "
    "på färre än fem personer, på någon av sidorna."
)

GENDER_COLUMNS = (*GENDERS, TOTAL)
