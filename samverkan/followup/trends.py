"""Each indicator over the years, for the förbund or one municipality: the figures of the
year dashboards side by side, with a chart drawn from the same table.

A year's figures are the selection's row of that year's protected table (`dashboards`), the
very cells the dashboard of that year shows: a trend publishes nothing a year's page does not.
Only whole years are compared, so no two periods on the page overlap.
"""

import dataclasses

from django.utils.translation import gettext_lazy as _

from samverkan.followup import dashboards
from samverkan.followup.indicators import INDICATORS, Period
from samverkan.followup.suppression import is_suppressed
from samverkan.funding import exports

YEARS = 4
# The chart's geometry, in SVG pixels.
CHART_HEIGHT = 100
CHART_MARGIN = 8
BAR_WIDTH = 18
BAR_GAP = 4
GROUP_WIDTH = 3 * (BAR_WIDTH + BAR_GAP) + 24
CHART_WIDTH = CHART_MARGIN * 2 + YEARS * GROUP_WIDTH
SERIES = ((0, _("Kvinnor")), (1, _("Män")), (3, _("Totalt")))  # "other" is too few to draw


@dataclasses.dataclass
class Trend:
    indicator: object
    years: list  # [year]
    rows: list  # [ProtectedRow], one a year

    def values(self, row):
        return row.shares if self.indicator.is_share else row.numerators

    def table(self, place):
        """Years down, women, men, other and total across: shares for a share, else counts."""
        return exports.Table(
            title=str(self.indicator.title),
            columns=dashboards.figure_columns(),
            rows=[
                [str(year), *self._cells(row)]
                for year, row in zip(self.years, self.rows, strict=True)
            ],
            note=str(
                _("%(title)s per år: %(place)s") % {"title": self.indicator.title, "place": place}
            ),
        )

    def _cells(self, row):
        values = self.values(row)
        return dashboards.percents(values) if self.indicator.is_share else list(values)

    def chart(self):
        """The chart's bars: per year (year, label x, [(series number, x, y, height)]), heights
        in pixels of CHART_HEIGHT for women, men and total, none where a figure is not shown.
        A share's scale is 0–100 %, a count's its largest shown count."""
        numbers = [
            [_number(self.values(row)[column], self.indicator.is_share) for column, _l in SERIES]
            for row in self.rows
        ]
        shown = [number for year in numbers for number in year if number]
        highest = 100 if self.indicator.is_share else max(shown, default=0)
        groups = []
        for index, (year, values) in enumerate(zip(self.years, numbers, strict=True)):
            left = CHART_MARGIN + index * GROUP_WIDTH
            bars = []
            for series, number in enumerate(values):
                if number is None:
                    continue
                height = round(CHART_HEIGHT * number / highest) if highest else 0
                x = left + series * (BAR_WIDTH + BAR_GAP)
                bars.append((series, x, CHART_HEIGHT - height, height))
            groups.append((year, left + GROUP_WIDTH // 2 - BAR_GAP, bars))
        return groups


def _number(value, is_share):
    if value is None or is_suppressed(value):
        return None
    return float(value) * 100 if is_share else value


def trends(federation, last_year, *, today, municipality_id=None):
    """[Trend] of every indicator for the YEARS years up to `last_year`."""
    years = list(range(last_year - YEARS + 1, last_year + 1))
    return [
        Trend(
            indicator=indicator,
            years=years,
            rows=[
                dashboards.chosen_row(
                    indicator,
                    federation,
                    Period.year(year),
                    today=today,
                    municipality_id=municipality_id,
                )
                for year in years
            ],
        )
        for indicator in INDICATORS.values()
    ]
