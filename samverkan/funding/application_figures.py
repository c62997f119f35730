"""The figures of applications: status and totals for the list, and tables of amounts applied
for and granted with a row per party and a column per year.

Totals count only the rows the reader sees (`FundingScope.application_rows`) and are computed
from the rows, never typed.
"""

from collections import defaultdict

from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from samverkan.funding.models import Application, ApplicationAmount, FundingDecision, Grant


def with_figures(queryset, scope):
    """Annotate status (the current decision's outcome, or pending) and the totals applied for
    and granted by the current decision, counting only rows the reader sees."""
    current = FundingDecision.objects.filter(
        application=OuterRef("pk"), superseded_by__isnull=True
    ).order_by("-registered_at", "-pk")
    applied = (
        ApplicationAmount.objects.filter(application=OuterRef("pk"))
        .filter(scope.application_rows("application__"))
        .values("application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    granted = (
        Grant.objects.filter(decision__application=OuterRef("pk"))
        .filter(decision__superseded_by__isnull=True)
        .filter(scope.application_rows("decision__application__"))
        .values("decision__application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return queryset.annotate(
        decision_status=Coalesce(
            Subquery(current.values("outcome")[:1]), Value(Application.Status.PENDING)
        ),
        applied_total=Coalesce(Subquery(applied, output_field=IntegerField()), Value(0)),
        granted_total=Coalesce(Subquery(granted, output_field=IntegerField()), Value(0)),
    )


def amount_table(lines, years):
    """Rows per party with an amount per year, row totals, year totals and the grand total,
    all computed from `lines` (anything with party, year and amount)."""
    by_party = {}
    for line in lines:
        by_party.setdefault(line.party.pk, (line.party, {}))[1][line.year] = line.amount
    rows = []
    for party, amounts in sorted(by_party.values(), key=lambda p: (p[0].order, p[0].name)):
        rows.append(
            {
                "party": party,
                "amounts": [amounts.get(year) for year in years],
                "total": sum(amounts.values()),
            }
        )
    year_totals = [sum(row["amounts"][i] or 0 for row in rows) for i in range(len(years))]
    return {
        "years": years,
        "rows": rows,
        "year_totals": year_totals,
        "total": sum(year_totals),
    }


def granted_tables(decisions, years, party_filter):
    """{decision pk: `amount_table` of its grants}, only the grants `party_filter` lets through."""
    grants = defaultdict(list)
    for grant in (
        Grant.objects.filter(decision__in=decisions).filter(party_filter).select_related("party")
    ):
        grants[grant.decision_id].append(grant)
    return {decision.pk: amount_table(grants[decision.pk], years) for decision in decisions}
