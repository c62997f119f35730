"""A team's own follow-up: every indicator over the team's cases, exact where the reader may
see who the cases are about and protected where not.

A team member sees exactly the figures of the cases whose identity they may see (their own
party's, and those under a team consent that names their party — `cases.policy`), and may open
each figure down to those cases. The team's other cases are counted apart, under the same
small-number rule as outside the team, so that nothing about an individual the reader may not
see can be read from the page.
"""

import dataclasses

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.cases.models import Case
from samverkan.cases.policy import identity_visible_q
from samverkan.followup import dashboards
from samverkan.followup.indicators import (
    INDICATORS,
    Selection,
    annotated_cases,
    compute,
    exact,
    placed,
    protected,
)


def selections(team, party, today):
    """(the cases the member sees, the team's other cases) as Selections."""
    visible = identity_visible_q(party, today)
    teams = frozenset({team.pk})
    return (
        Selection(team.federation, team_ids=teams, only=visible),
        Selection(team.federation, team_ids=teams, only=~visible),
    )


@dataclasses.dataclass
class TeamPanel:
    indicator: object
    mine: object  # exact ProtectedRow of this period
    mine_before: object  # exact, the period before
    others: object  # protected; None for a range of days (the reader's own cases only)

    @property
    def direction_text(self):
        return dashboards.DIRECTION_TEXT[self.indicator.direction]

    def table_rows(self, period_text, baseline_text):
        """The reader's own rows, then the team's others' (none for a range of days)."""
        texts = {"period": period_text, "baseline": baseline_text}
        own = self._own_rows(texts)
        return own if self.others is None else own + self._others_rows(texts)

    def _own_rows(self, texts):
        mine, before, pct = self.mine, self.mine_before, dashboards.percents
        if not self.indicator.is_share:
            return [
                [_("Dina ärenden, %(period)s") % texts, *mine.numerators],
                [_("Dina ärenden, %(baseline)s") % texts, *before.numerators],
            ]
        if self.indicator.before is not None:
            return [
                [_("Dina ärenden: andel vid aktualiseringen"), *pct(mine.shares_before)],
                [_("Dina ärenden: andel vid uppföljningen"), *pct(mine.shares)],
                [_("Dina ärenden: uppföljda"), *mine.denominators],
                [
                    _("Dina ärenden: andel vid uppföljningen, %(baseline)s") % texts,
                    *pct(before.shares),
                ],
            ]
        return [
            [_("Dina ärenden: andel"), *pct(mine.shares)],
            [_("Dina ärenden: antal"), *mine.numerators],
            [_("Dina ärenden: av"), *mine.denominators],
            [_("Dina ärenden: andel, %(baseline)s") % texts, *pct(before.shares)],
        ]

    def _others_rows(self, texts):
        others, pct = self.others, dashboards.percents
        if not self.indicator.is_share:
            return [[_("Teamets övriga ärenden, %(period)s") % texts, *others.numerators]]
        if self.indicator.before is not None:
            return [
                [_("Övriga ärenden: andel vid aktualiseringen"), *pct(others.shares_before)],
                [_("Övriga ärenden: andel vid uppföljningen"), *pct(others.shares)],
                [_("Övriga ärenden: uppföljda"), *others.denominators],
            ]
        return [
            [_("Övriga ärenden: andel"), *pct(others.shares)],
            [_("Övriga ärenden: antal"), *others.numerators],
            [_("Övriga ärenden: av"), *others.denominators],
        ]


def team_panels(team, party, period, *, today):
    """[TeamPanel] for every indicator: three aggregate queries each, whatever the cases (two
    for a range of days, which shows the reader's own cases only)."""
    mine, others = selections(team, party, today)
    fixed = period.grain != "range"
    return [
        TeamPanel(
            indicator=indicator,
            mine=exact(compute(indicator, mine, period, today=today)),
            mine_before=exact(compute(indicator, mine, period.previous(), today=today)),
            others=protected(compute(indicator, others, period, today=today))[0] if fixed else None,
        )
        for indicator in INDICATORS.values()
    ]


def cases_behind(indicator, team, party, period, *, today):
    """The member's own cases behind an indicator in the period, as two querysets: those it
    counts (its numerator) and, for a share, the rest of its denominator."""
    mine, _others = selections(team, party, today)
    cases = annotated_cases(team.federation).filter(mine.q(), placed(indicator, period, today))
    if indicator.is_share:
        cases = cases.filter(indicator.denominator)
    counted = cases.filter(indicator.numerator or Q()).values("pk")
    rest = cases.exclude(pk__in=counted).values("pk") if indicator.is_share else None

    def listed(pks):
        return None if pks is None else Case.objects.filter(pk__in=pks).order_by("raised_on", "pk")

    return listed(counted), listed(rest)
