"""The county dashboard: every indicator for a period, for the whole förbund or one of its
municipalities, next to the period before, protected by the small-number rule.

The figures of a municipality are read from the same protected table as the county's (every
municipality by gender with the county's totals), so that a municipality's hidden count cannot
be worked out as the county minus the other municipalities, whichever page shows them.
"""

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

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
from samverkan.followup.suppression import is_suppressed

DIRECTION_TEXT = {RISE: _("Bör öka"), FALL: _("Bör minska"), None: ""}
ZERO_ROW = [0, 0, 0, 0]


@dataclasses.dataclass
class Panel:
    """One indicator: the chosen row of this period and the period before."""

    indicator: object
    current: object  # ProtectedRow
    baseline: object

    @property
    def direction_text(self):
        return DIRECTION_TEXT[self.indicator.direction]

    def table_rows(self, period_text, baseline_text):
        """[(heading, [women, men, other, total] as text)] for the panel's table."""
        current, baseline = self.current, self.baseline
        texts = {"period": period_text, "baseline": baseline_text}
        if not self.indicator.is_share:
            return [
                (period_text, [count_text(value) for value in current.numerators]),
                (baseline_text, [count_text(value) for value in baseline.numerators]),
            ]
        if self.indicator.before is not None:
            return [
                (_("Andel vid aktualiseringen"), [percent(v) for v in current.shares_before]),
                (_("Andel vid uppföljningen"), [percent(v) for v in current.shares]),
                (_("Antal vid uppföljningen"), [count_text(v) for v in current.numerators]),
                (_("Uppföljda ärenden"), [count_text(v) for v in current.denominators]),
                (
                    _("Andel vid uppföljningen, %(baseline)s") % texts,
                    [percent(v) for v in baseline.shares],
                ),
            ]
        return [
            (_("Andel, %(period)s") % texts, [percent(v) for v in current.shares]),
            (_("Antal"), [count_text(v) for v in current.numerators]),
            (_("Av"), [count_text(v) for v in current.denominators]),
            (_("Andel, %(baseline)s") % texts, [percent(v) for v in baseline.shares]),
        ]


def _row_of(rows, group):
    for row in rows:
        if row.group == group:
            return row
    return None


def _chosen(indicator, federation, period, *, today, municipality_id):
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
    """[Panel] for every indicator, in the order of INDICATORS."""
    return [
        Panel(
            indicator=indicator,
            current=_chosen(
                indicator, federation, period, today=today, municipality_id=municipality_id
            ),
            baseline=_chosen(
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


def percent(value):
    """A share (Fraction) as a whole percentage in the active language; a dash when hidden."""
    if value is None:
        return "–"
    exact = Decimal(value.numerator) * 100 / Decimal(value.denominator)
    return f"{number_format(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))} %"


def count_text(value):
    return str(value) if is_suppressed(value) else number_format(value, force_grouping=True)


GENDER_COLUMNS = (*GENDERS, TOTAL)
