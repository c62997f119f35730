"""The figures of the money overview and of one intervention's page: granted and used per year,
each decision's grant table with its differences from the stated totals, and used against
granted per party.

A reader who sees only their municipality's part gets the rows of that part (see
`funding.policy`); the totals are computed from the rows they see.
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from samverkan.funding import figures
from samverkan.funding.templatetags.funding import kronor as kronor_text
from samverkan.structure.models import Party


def _by_intervention_and_year(amounts):
    """{(intervention pk, year): kronor} from {(intervention pk, party pk, year): kronor}."""
    result = defaultdict(int)
    for (intervention_pk, _party, year), amount in amounts.items():
        result[(intervention_pk, year)] += amount
    return result


def granted_and_used(interventions, scope, today):
    """{intervention pk: {"years": [{year, granted, used, remaining}], "granted", "used",
    "remaining"}} over every year of each intervention's period."""
    scope_q = figures.scope_filter(scope)
    granted = _by_intervention_and_year(figures.granted(interventions, scope_q=scope_q))
    used = _by_intervention_and_year(figures.used(interventions, today=today, scope_q=scope_q))
    result = {}
    for intervention in interventions:
        years = []
        for year in intervention.years:
            year_granted = granted.get((intervention.pk, year), 0)
            year_used = used.get((intervention.pk, year), 0)
            years.append(
                {
                    "year": year,
                    "granted": year_granted,
                    "used": year_used,
                    "remaining": year_granted - year_used,
                }
            )
        total_granted = sum(row["granted"] for row in years)
        total_used = sum(row["used"] for row in years)
        result[intervention.pk] = {
            "years": years,
            "granted": total_granted,
            "used": total_used,
            "remaining": total_granted - total_used,
        }
    return result


def decision_tables(intervention, scope, whole):
    """Each decision with its grant table, the one in force first; a partial reader's rows only."""
    decisions = list(
        intervention.decisions.select_related("superseded_by").prefetch_related("stated_totals")
    )
    decisions.sort(key=lambda d: (not d.is_current, -(d.registered_at.timestamp()), -d.pk))
    result = []
    for decision in decisions:
        table = figures.grant_table(decision)
        rows = table.rows
        if not whole:
            rows = [row for row in rows if row["party"].municipality_id in scope.municipality_ids]
        warnings = [
            _(
                "%(year)s: Raderna summerar till %(computed)s kr men angiven summa är "
                "%(stated)s kr (skillnad %(difference)s kr)."
            )
            % {
                "year": year,
                "computed": kronor_text(computed),
                "stated": kronor_text(stated),
                "difference": kronor_text(abs(difference)),
            }
            for year, computed, stated, difference in zip(
                table.years, table.totals, table.stated, table.differences, strict=True
            )
            if difference
        ]
        result.append(
            {
                "decision": decision,
                "table": table,
                "rows": rows,
                "whole": whole,
                "totals": list(zip(table.totals, table.stated, table.differences, strict=True)),
                "has_stated": any(stated is not None for stated in table.stated),
                "warnings": warnings if whole else [],
                "total_change": figures.change(table.totals[0], table.totals[-1])
                if len(table.years) > 1
                else None,
                "superseded_by": None if decision.is_current else decision.superseded_by,
            }
        )
    return result


def usage(intervention, scope, today, decisions):
    """Used against granted per year and party: [{year, rows: [...], totals}].

    `decisions` are `decision_tables` of the intervention: the parties follow the document's
    order of the decision in force.
    """
    scope_q = figures.scope_filter(scope)
    granted = figures.granted([intervention], scope_q=scope_q)
    used = figures.used([intervention], today=today, scope_q=scope_q)
    party_pks = {party for (_i, party, _y) in granted} | {party for (_i, party, _y) in used}
    parties = {party.pk: party for party in Party.objects.filter(pk__in=party_pks)}
    # The document's order of the decision in force, then the parties' own order.
    document = {}
    for entry in decisions:
        if entry["decision"].is_current:
            for position, row in enumerate(entry["table"].rows):
                document.setdefault(row["party"].pk, position)
    ordered = sorted(
        parties.values(), key=lambda p: (document.get(p.pk, len(document)), p.order, p.name)
    )
    years = []
    for year in intervention.years:
        rows = []
        for party in ordered:
            g = granted.get((intervention.pk, party.pk, year))
            u = used.get((intervention.pk, party.pk, year))
            if g is None and u is None:
                continue
            rows.append(
                {
                    "party": party,
                    "granted": g or 0,
                    "used": u or 0,
                    "remaining": (g or 0) - (u or 0),
                }
            )
        if rows:
            years.append(
                {
                    "year": year,
                    "rows": rows,
                    "granted": sum(row["granted"] for row in rows),
                    "used": sum(row["used"] for row in rows),
                    "remaining": sum(row["remaining"] for row in rows),
                }
            )
    return years
