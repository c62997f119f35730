"""The figures money pages and exports share: granted tables checked against their stated
totals, year-on-year change, and what was used.

Everything is computed from rows in integer kronor; nothing here is typed in as a total.
"""

import dataclasses
import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from samverkan.funding.hours import hours_against_grant
from samverkan.funding.models import Grant, Intervention, Spending


@dataclasses.dataclass
class GrantTable:
    """One decision's grants as a table: a row per party in the document's order, a column per
    year, the computed totals, and where the source states totals, the difference."""

    decision: object
    years: list
    rows: list  # [{"party": Party, "amounts": [int | None per year], "change": Decimal | None}]
    totals: list  # computed per year
    stated: list  # stated per year, or None where the source states none
    differences: list  # computed − stated per year, or None


def change(before, after):
    """Relative change from `before` to `after` as a Decimal fraction; None without a base."""
    if before in (None, 0) or after is None:
        return None
    return (Decimal(after) - Decimal(before)) / Decimal(before)


def grant_table(decision):
    """The decision's grants laid out as its source document did."""
    grants = list(decision.grants.select_related("party").order_by("row", "party__order", "year"))
    years = sorted(
        {grant.year for grant in grants} | {t.year for t in decision.stated_totals.all()}
    )
    by_party = {}
    for grant in grants:
        row = by_party.setdefault(
            grant.party_id, {"party": grant.party, "amounts": dict.fromkeys(years)}
        )
        row["amounts"][grant.year] = (row["amounts"][grant.year] or 0) + grant.amount
    rows = []
    for row in by_party.values():
        amounts = [row["amounts"][year] for year in years]
        rows.append(
            {
                "party": row["party"],
                "amounts": amounts,
                # Change from the first year to the last, e.g. 2022 → 2023.
                "change": change(amounts[0], amounts[-1]) if len(years) > 1 else None,
            }
        )
    totals = [sum(row["amounts"][i] or 0 for row in rows) for i in range(len(years))]
    stated_by_year = {total.year: total.amount for total in decision.stated_totals.all()}
    stated = [stated_by_year.get(year) for year in years]
    differences = [
        total - stated_total if stated_total is not None else None
        for total, stated_total in zip(totals, stated, strict=True)
    ]
    return GrantTable(decision, years, rows, totals, stated, differences)


def scope_filter(scope):
    """The `scope_q` of `granted` and `used` for a reader: the rows they see, or None."""
    # None, not an empty Q, for a reader who sees everything: `used` then also values team
    # hours of parties without a grant.
    return None if scope.everything else scope.rows()


def granted(interventions, *, scope_q=None, years=None):
    """{(intervention pk, party pk, year): kronor} of grants in force."""
    grants = Grant.objects.current().filter(intervention__in=interventions)
    if scope_q is not None:
        grants = grants.filter(scope_q)
    if years is not None:
        grants = grants.filter(year__in=years)
    result = defaultdict(int)
    for row in grants.values("intervention", "party", "year").annotate(total=Sum("amount")):
        result[(row["intervention"], row["party"], row["year"])] += row["total"]
    return dict(result)


def used(interventions, *, today, scope_q=None, years=None):
    """{(intervention pk, party pk, year): kronor} used: spending entered or imported, and for
    interventions compensated as team time, the hours valued at each party's rate.

    Team hours without a rate for the party and year are left out (they cannot be valued).
    """
    interventions = list(interventions)
    result = defaultdict(int)
    spending = Spending.objects.filter(intervention__in=interventions)
    if scope_q is not None:
        spending = spending.filter(scope_q)
    if years is not None:
        spending = spending.filter(year__in=years)
    for row in spending.values("intervention", "party", "year").annotate(total=Sum("amount")):
        result[(row["intervention"], row["party"], row["year"])] += row["total"]
    allowed_parties = None
    if scope_q is not None:
        allowed_parties = set(
            Grant.objects.filter(intervention__in=interventions)
            .filter(scope_q)
            .values_list("party", flat=True)
        )
    for intervention in interventions:
        if intervention.compensation != Intervention.Compensation.TEAM_HOURS:
            continue
        for year in intervention.years:
            if years is not None and year not in years:
                continue
            if datetime.date(year, 1, 1) > today:
                continue
            for row in hours_against_grant(intervention, year, today=today):
                if row["used"] is None:
                    continue
                if allowed_parties is not None and row["party"].pk not in allowed_parties:
                    continue
                result[(intervention.pk, row["party"].pk, year)] += row["used"]
    return dict(result)


def spending_by_year(intervention):
    """[(year, kronor)] of the outcome entered or imported for each year of the period."""
    totals = dict(
        Spending.objects.filter(intervention=intervention)
        .values_list("year")
        .annotate(total=Sum("amount"))
        .values_list("year", "total")
    )
    return [(year, totals.get(year, 0)) for year in intervention.years]
