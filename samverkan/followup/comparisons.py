"""The teams compared: every Trisam team's figure of each indicator in a period, for the process
leadership, beside the förbund's.

The teams are another way of dividing the same cases as the municipalities of the county
dashboard, whose table is published too. Two tables of the same cases divided two ways are
safe only together, and the rule's exact test is for one table of row and column sums. So, to
publish the teams without giving away what the municipalities' table hides:

- **Totals only.** A team's row is its total, not split by gender: with the genders, the rows
  of a municipality with one team would be nearly the municipality's own row, protected apart.
- **The förbund's total as on the dashboard.** The teams add up to the förbund's total, which
  the dashboard shows; it is kept shown here (`keep`), and when the dashboard hides it the
  teams are not shown for that indicator at all.
- **A municipality's hidden total stays hidden.** Where the dashboard hides a municipality's
  total, its teams (a team's municipality is where it works) are hidden from the start, so
  that the teams cannot stand in for it.

Each indicator's teams are then protected as one table with the förbund's total (a share's
counts and denominators together, as on the dashboard).
"""

import dataclasses

from django.utils.translation import gettext_lazy as _

from samverkan.followup.dashboards import percents
from samverkan.followup.indicators import (
    INDICATORS,
    TOTAL,
    Selection,
    compute,
    protected,
)
from samverkan.followup.suppression import (
    CannotProtect,
    is_suppressed,
    protect_shares,
    protect_table,
    share,
)
from samverkan.funding import exports
from samverkan.structure.models import Group, GroupKind


@dataclasses.dataclass
class TeamFigure:
    team: object  # Group, or None for the förbund
    count: object  # int or Suppressed
    of: object  # int, Suppressed, or None for a plain count
    share: object  # Fraction, or None where not shown


@dataclasses.dataclass
class IndicatorComparison:
    indicator: object
    rows: list | None  # [TeamFigure], the förbund's last; None when it cannot be shown
    baseline: dict  # team pk (None for the förbund) -> TeamFigure of the period before


def _hidden_totals(rows, name):
    """The municipalities whose total of `name` the dashboard hides."""
    return {
        row.group
        for row in rows
        if row.group != TOTAL
        and getattr(row, name) is not None
        and is_suppressed(getattr(row, name)[3])
    }


def team_figures(indicator, federation, period, *, today, teams):
    """[TeamFigure] of every team with cases in the period and the förbund's, or None."""
    selection = Selection(federation)
    county = protected(compute(indicator, selection, period, today=today, by="municipality"))
    # Counted whether shown or not: the page's queries do not depend on what the figures are.
    figures = compute(indicator, selection, period, today=today, by="team")
    total = next(row for row in county if row.group == TOTAL)
    if is_suppressed(total.numerators[3]) or (
        indicator.is_share and is_suppressed(total.denominators[3])
    ):
        return None
    groups = [group for group in figures.groups if group is not None]

    def column(counts, hidden_places):
        rows = [[counts[group][3]] for group in groups]
        hidden = [
            (r, 0)
            for r, group in enumerate(groups)
            if teams[group].municipality_id in hidden_places and counts[group][3] > 0
        ]
        return [*rows, [sum(row[0] for row in rows)]], hidden

    last = (len(groups), 0)
    counts, hidden_counts = column(figures.numerators, _hidden_totals(county, "numerators"))
    of, hidden_of = (
        column(figures.denominators, _hidden_totals(county, "denominators"))
        if indicator.is_share
        else (None, [])
    )
    hidden_counts, hidden_of = set(hidden_counts), set(hidden_of)
    try:
        while True:
            if indicator.is_share:
                shown, shown_of = protect_shares(
                    counts,
                    of,
                    row_totals=False,
                    hidden=hidden_of,
                    hidden_numerators=hidden_counts,
                    keep=[last],
                )
            else:
                shown = protect_table(counts, row_totals=False, hidden=hidden_counts, keep=[last])
                shown_of = None
            # A municipality's teams add up to about its total on the dashboard: a team hidden
            # alone among them would be that total minus the others, so one more goes.
            more_counts = _lone_hidden(groups, teams, counts, shown)
            more_of = _lone_hidden(groups, teams, of, shown_of) if of is not None else set()
            if more_counts <= hidden_counts and more_of <= hidden_of:
                break
            hidden_counts |= more_counts
            hidden_of |= more_of
    except CannotProtect:
        return None
    result = []
    for r, group in enumerate([*groups, None]):
        count = shown[r][0]
        whole = shown_of[r][0] if shown_of is not None else None
        result.append(
            TeamFigure(
                team=teams[group] if group is not None else None,
                count=count,
                of=whole,
                share=share(count, whole) if whole is not None else None,
            )
        )
    return result


def _lone_hidden(groups, teams, counts, shown):
    """Cells to hide as well: for each municipality with exactly one hidden team among teams
    with cases, its smallest shown team with a count."""
    by_place = {}
    for r, group in enumerate(groups):
        by_place.setdefault(teams[group].municipality_id, []).append(r)
    more = set()
    for rows in by_place.values():
        hidden = [r for r in rows if is_suppressed(shown[r][0])]
        visible = [r for r in rows if not is_suppressed(shown[r][0]) and counts[r][0] > 0]
        if len(hidden) == 1 and visible:
            more.add((min(visible, key=lambda r: counts[r][0]), 0))
    return more


def team_comparisons(federation, period, *, today):
    """[IndicatorComparison] for every indicator, in the order of INDICATORS."""
    teams = (
        Group.objects.filter(federation=federation, kind=GroupKind.TRISAM)
        .select_related("municipality")
        .in_bulk()
    )
    comparisons = []
    for indicator in INDICATORS.values():
        rows = team_figures(indicator, federation, period, today=today, teams=teams)
        before = team_figures(indicator, federation, period.previous(), today=today, teams=teams)
        comparisons.append(
            IndicatorComparison(
                indicator=indicator,
                rows=rows,
                baseline={
                    (row.team.pk if row.team is not None else None): row for row in before or []
                },
            )
        )
    return comparisons


WITHHELD_NOTE = _(
    "Teamen visas inte för perioden: förbundets eget antal döljs på översikten, och teamen skulle "
    "kunna visa det."
)
TOTALS_NOTE = _(
    "Per team visas bara totalen, inte kvinnor, män och annan: uppdelade skulle teamens rader "
    "kunna ge bort det som döljs i kommunernas."
)


def comparison_table(comparison, period_text, baseline_text, *, municipality_id=None):
    """One indicator's teams as an exports.Table: counts, hidden counts and Percent cells;
    with `municipality_id`, that municipality's teams only — rows of the same protected table
    as every team's, so the choice shows nothing the whole table does not."""
    indicator = comparison.indicator
    texts = {"period": period_text, "baseline": baseline_text}
    if indicator.is_share:
        columns = [
            _("Team"),
            _("Kommun"),
            _("Andel, %(period)s") % texts,
            _("Antal"),
            _("Av"),
            _("Andel, %(baseline)s") % texts,
        ]
    else:
        columns = [_("Team"), _("Kommun"), period_text, baseline_text]
    rows = []
    for row in comparison.rows or []:
        if (
            municipality_id is not None
            and row.team is not None
            and row.team.municipality_id != municipality_id
        ):
            continue
        key = row.team.pk if row.team is not None else None
        before = comparison.baseline.get(key)
        heading = (
            [row.team.name, row.team.municipality.name]
            if row.team is not None
            else [_("Hela förbundet"), ""]
        )
        if indicator.is_share:
            [current, previous] = percents(
                [row.share, before.share if before is not None else None]
            )
            rows.append([*heading, current, row.count, row.of, previous])
        else:
            rows.append([*heading, row.count, before.count if before is not None else None])
    return exports.Table(
        title=str(indicator.title),
        columns=columns,
        rows=rows,
        note=str(WITHHELD_NOTE if comparison.rows is None else ""),
    )
