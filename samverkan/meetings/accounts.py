"""Time accounts: hours spent in meetings against the commitment in the rules.

Hours come from attendance: the meeting's length, times the preparation factor the rules set
for its date where there is one (Trisam case officers: time in the team × 2). Whoever was in the
room is credited: the member, or the substitute who came in their place, for the party the seat
represents. The commitment comes from the time budgets in force (Mysam 2022: 60 h a year for
state representatives, 6 h for municipal ones; before: 120 h and 12 h), pro-rated by the days
a person held an ordinary seat for a party while a budget was in force.
"""

import dataclasses
import datetime
from collections import defaultdict
from decimal import Decimal

from samverkan.meetings.models import Attendance, Meeting
from samverkan.structure.models import GroupRule, Membership, Party, TimeBudget
from samverkan.structure.rules import rules_in_force

ONE_DAY = datetime.timedelta(days=1)


def meeting_hours(meeting):
    """Hours one attendee is credited for `meeting`."""
    factor = meeting.preparation_factor if meeting.preparation_factor is not None else Decimal(1)
    return Decimal(meeting.duration_minutes) / 60 * factor


@dataclasses.dataclass
class Account:
    """One person's (or one party's) hours in one group over a period, against the commitment."""

    hours: Decimal = Decimal(0)
    commitment: Decimal = Decimal(0)
    meetings_attended: int = 0

    @property
    def balance(self):
        return self.hours - self.commitment

    @property
    def share(self):
        """Hours as a share of the commitment, or None without one."""
        return self.hours / self.commitment if self.commitment else None

    def add(self, other):
        self.hours += other.hours
        self.commitment += other.commitment
        self.meetings_attended += other.meetings_attended


def budget_segments(federation, group_kind, start, end):
    """[(first day, last day, {representative kind: hours a year})] covering start..end."""
    boundaries = {start}
    rules = GroupRule.objects.filter(
        decision__federation=federation, group_kind=group_kind
    ).select_related("decision")
    for rule in rules:
        for day in (rule.starts, rule.ends + ONE_DAY if rule.ends else None):
            if day is not None and start < day <= end:
                boundaries.add(day)
    ordered = sorted(boundaries)
    segments = []
    for index, first in enumerate(ordered):
        last = ordered[index + 1] - ONE_DAY if index + 1 < len(ordered) else end
        budgets = rules_in_force(federation, group_kind, first).time_budget_hours
        if budgets:
            segments.append((first, last, budgets))
    return segments


def _days_in_year(day):
    return 366 if (day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)) else 365


def seat_commitment(seat, segments, start, end):
    """Hours `seat` commits to between start and end, pro-rated by day within each year."""
    if seat.party_id is None or seat.role not in Membership.ORDINARY_ROLES:
        return Decimal(0)
    kind = TimeBudget.RepresentativeKind.for_party_kind(seat.party.kind)
    total = Decimal(0)
    for first, last, budgets in segments:
        hours = budgets.get(kind)
        if not hours:
            continue
        overlap_start = max(first, seat.valid_from, start)
        overlap_end = min(last, seat.valid_to or last, end)
        day = overlap_start
        while day <= overlap_end:
            # Count the days in each calendar year separately: 2024 has 366.
            year_end = min(overlap_end, datetime.date(day.year, 12, 31))
            days = (year_end - day).days + 1
            total += Decimal(hours) * days / _days_in_year(day)
            day = year_end + ONE_DAY
    return total


@dataclasses.dataclass
class AccountsReport:
    start: datetime.date
    end: datetime.date
    # (person, group) -> Account; party per (person, group) for grouping.
    people: dict = dataclasses.field(default_factory=dict)
    parties: dict = dataclasses.field(default_factory=dict)

    def rows(self):
        """Person rows sorted by group and party, for tables and exports."""
        return sorted(
            self.people.values(),
            key=lambda row: (
                row["group"].name,
                row["party"].order if row["party"] else 999,
                row["person"].last_name,
                row["person"].first_name,
            ),
        )

    def party_rows(self):
        return sorted(
            self.parties.values(), key=lambda row: (row["party"].order, row["party"].name)
        )

    def totals(self):
        total = Account()
        for row in self.party_rows():
            total.add(row["account"])
        return total


def accounts(federation, start, end, *, groups=None):
    """Hours and commitments for everyone with a seat or an attendance between start and end.

    `groups` narrows to a queryset of groups (e.g. one Mysam group, or all Trisam teams).
    """
    report = AccountsReport(start=start, end=end)
    meetings = Meeting.objects.filter(
        group__federation=federation,
        status=Meeting.Status.HELD,
        starts_at__date__gte=start,
        starts_at__date__lte=end,
    )
    seats = (
        Membership.objects.filter(group__federation=federation, valid_from__lte=end)
        .exclude(valid_to__lt=start)
        .filter(role__in=Membership.ORDINARY_ROLES, party__isnull=False)
        .select_related("person", "party", "group")
    )
    if groups is not None:
        meetings = meetings.filter(group__in=groups)
        seats = seats.filter(group__in=groups)

    segments_by_kind = {}

    def row_for(person, group, party):
        key = (person.pk, group.pk)
        if key not in report.people:
            report.people[key] = {
                "person": person,
                "group": group,
                "party": party,
                "account": Account(),
            }
        return report.people[key]

    for seat in seats:
        kind = seat.group.kind
        if kind not in segments_by_kind:
            segments_by_kind[kind] = budget_segments(federation, kind, start, end)
        row = row_for(seat.person, seat.group, seat.party)
        row["account"].commitment += seat_commitment(seat, segments_by_kind[kind], start, end)

    attendances = (
        Attendance.objects.filter(meeting__in=meetings)
        .exclude(status=Attendance.Status.ABSENT)
        .select_related("meeting__group", "person__party", "substitute__party", "party")
    )
    for attendance in attendances:
        attendee = attendance.attendee
        if attendee is None:
            continue
        row = row_for(attendee, attendance.meeting.group, attendance.party or attendee.party)
        row["account"].hours += meeting_hours(attendance.meeting)
        row["account"].meetings_attended += 1

    party_totals = defaultdict(Account)
    for row in report.people.values():
        if row["party"] is not None:
            party_totals[row["party"].pk].add(row["account"])
    parties = {party.pk: party for party in Party.objects.filter(pk__in=party_totals)}
    report.parties = {
        pk: {"party": parties[pk], "account": account} for pk, account in party_totals.items()
    }
    return report
