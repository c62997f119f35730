"""Compensated team time: claimable hours from Trisam attendance, valued at each party's rate.

The case-officer grant (Trisam timmar, handläggare) is compensated as time in the Trisam team
× 2: the preparation factor the rules set for the meeting's date (see `meetings.accounts`).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from samverkan.funding import exports
from samverkan.funding.models import Grant, HourlyRate, Intervention
from samverkan.meetings.accounts import accounts
from samverkan.structure.models import Group, GroupKind, Party


def claimable_hours(federation, start, end):
    """{party pk: hours} for held Trisam team meetings between start and end (inclusive)."""
    teams = Group.objects.filter(federation=federation, kind=GroupKind.TRISAM)
    report = accounts(federation, start, end, groups=teams)
    return {pk: row["account"].hours for pk, row in report.parties.items()}


def kronor(value):
    """Round a Decimal to whole kronor, halves away from zero."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def hours_against_grant(intervention, year, *, today):
    """Per party: grant, hours, rate, value used, remaining and forecast for the year.

    The forecast keeps the pace so far: used / days elapsed × the days it runs that year. Past years
    forecast what was used; future years nothing.
    """
    assert intervention.compensation == Intervention.Compensation.TEAM_HOURS
    first = max(datetime.date(year, 1, 1), intervention.starts_on)
    last = min(datetime.date(year, 12, 31), intervention.ends_on)
    until = min(last, today)
    hours = claimable_hours(intervention.federation, first, until) if until >= first else {}
    grants = {}
    for grant in Grant.objects.current().filter(intervention=intervention, year=year):
        grants[grant.party_id] = grants.get(grant.party_id, 0) + grant.amount
    rates = {
        rate.party_id: rate.rate
        for rate in HourlyRate.objects.filter(party__federation=intervention.federation, year=year)
    }
    parties = Party.objects.filter(pk__in=set(grants) | set(hours)).order_by("order", "name")
    # The pace counts the days the intervention runs in this year, not the whole calendar year.
    year_days = (last - first).days + 1
    elapsed = (until - first).days + 1 if until >= first else 0
    rows = []
    for party in parties:
        party_hours = hours.get(party.pk, Decimal(0))
        rate = rates.get(party.pk)
        used = kronor(party_hours * rate) if rate is not None else None
        grant = grants.get(party.pk, 0)
        if used is None:
            forecast = None
        elif today > last:
            forecast = used
        elif elapsed <= 0:
            forecast = 0
        else:
            forecast = kronor(Decimal(used) * year_days / elapsed)
        rows.append(
            {
                "party": party,
                "grant": grant,
                "hours": party_hours,
                "rate": rate,
                "used": used,
                "remaining": grant - used if used is not None else None,
                "forecast": forecast,
            }
        )
    return rows


def team_hours_table(intervention, year, scope, today):
    """The team-hours page's and CSV's table, and the parties without a rate for the year."""
    rows = hours_against_grant(intervention, year, today=today)
    if not scope.sees_whole(intervention):
        rows = [row for row in rows if row["party"].municipality_id in scope.municipality_ids]
    body = [
        [
            row["party"].name,
            row["grant"],
            Decimal(row["hours"]).quantize(Decimal("0.1")),
            row["rate"],
            row["used"],
            row["remaining"],
            row["forecast"],
        ]
        for row in rows
    ]

    def total(index):
        values = [line[index] for line in body if line[index] is not None]
        return sum(values) if values else None

    totals = [
        _("Totalt"),
        total(1) or 0,
        total(2) if body else Decimal("0.0"),
        None,
        total(4),
        total(5),
        total(6),
    ]
    unvalued = [row["party"].name for row in rows if row["rate"] is None]
    note = _(
        "Använt räknas som tid i Trisam-team × 2 (förberedelsefaktorn i reglerna för mötets "
        "datum) gånger partens timpris för året. Prognosen håller takten hittills året ut."
    )
    if unvalued:
        note += " " + _("Utan timpris kan tiden inte värderas: %(parties)s.") % {
            "parties": ", ".join(unvalued)
        }
    return exports.Table(
        title=_("%(name)s – tid mot beviljat %(year)s") % {"name": intervention.name, "year": year},
        columns=[
            _("Part"),
            _("Beviljat (kr)"),
            _("Timmar (tid × faktor)"),
            _("Timpris (kr)"),
            _("Använt (kr)"),
            _("Kvar (kr)"),
            _("Prognos för året (kr)"),
        ],
        rows=body,
        totals=totals,
        note=note,
    ), unvalued
