"""Figures for following meetings up: one group's attendance, and the reorganisation follow-up.

The 2022 decision is to be followed up during the first half of 2023: meetings held per
municipality, attendance per party, pre-reads on time and hours against plan, before and after
the change. `follow_up` compares two periods; `group_attendance` is one group's attendance over
a period, per meeting, per person and per party.

Every function here runs a fixed number of queries however many meetings there are, and returns
plain dataclasses for views, exports and tests.

A party is represented at a held meeting when one of its members was present, or a named
substitute came in a member's place, for that party. Co-opted members and guests come when needed
and do not make a party represented.
"""

import dataclasses
import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.meetings.accounts import accounts
from samverkan.meetings.attendance import REPRESENTING, represented_party_ids
from samverkan.meetings.models import Attendance, Meeting, PreRead
from samverkan.structure.models import Group, GroupKind, Membership, Municipality, Party
from samverkan.structure.rules import rules_in_force


def _share(part, whole):
    """part / whole as a Decimal, or None when there is nothing to divide by."""
    return Decimal(part) / Decimal(whole) if whole else None


def percent(share):
    """A share as whole percent, rounded half up (0.625 → 63), or None."""
    if share is None:
        return None
    return int((share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _overlapping_seats(start, end):
    """Memberships held at some point between start and end."""
    return Membership.objects.filter(valid_from__lte=end).exclude(valid_to__lt=start)


def _day_of(moment):
    return timezone.localtime(moment).date()


def _seated(seats, day):
    return [seat for seat in seats if seat.is_active_on(day)]


def _party_of(municipality):
    """The municipality's member party, or None (from a select_related reverse relation)."""
    try:
        return municipality.party
    except Party.DoesNotExist:
        return None


# --- One group's attendance ----------------------------------------------------------------------


@dataclasses.dataclass
class AttendanceCell:
    """What one person did at one held meeting."""

    PRESENT = "present"
    ABSENT = "absent"
    SUBSTITUTED = "substituted"  # away, a named substitute came instead
    STOOD_IN = "stood_in"  # came as someone else's substitute
    CO_OPTED = "co_opted"  # present as a co-opted member
    GUEST = "guest"  # present as a guest
    NOT_RECORDED = "not_recorded"  # had a seat, but no attendance was recorded
    NOT_SEATED = "not_seated"

    status: str
    other: object = None  # the substitute, or the person stood in for

    @property
    def label(self):
        if self.status == self.PRESENT:
            return _("Närvarande")
        if self.status == self.ABSENT:
            return _("Frånvarande")
        if self.status == self.SUBSTITUTED:
            return _("Ersatt av %(name)s") % {"name": self.other.full_name}
        if self.status == self.STOOD_IN:
            return _("Ersättare för %(name)s") % {"name": self.other.full_name}
        if self.status == self.CO_OPTED:
            return _("Närvarande som adjungerad")
        if self.status == self.GUEST:
            return _("Närvarande som gäst")
        if self.status == self.NOT_RECORDED:
            return _("Inte registrerad")
        return _("Hade ingen plats")

    @property
    def attended(self):
        return self.status in (self.PRESENT, self.STOOD_IN, self.CO_OPTED, self.GUEST)


PRESENT_CELL = {
    Attendance.Capacity.MEMBER: AttendanceCell.PRESENT,
    Attendance.Capacity.CO_OPTED: AttendanceCell.CO_OPTED,
    Attendance.Capacity.GUEST: AttendanceCell.GUEST,
}


@dataclasses.dataclass
class MeetingRow:
    meeting: Meeting
    cells: list
    parties_represented: list


@dataclasses.dataclass
class PersonAttendance:
    person: object
    party: object  # the party of their seat, or None
    attended: int = 0
    held_while_seated: int = 0
    absent: int = 0
    substituted: int = 0


@dataclasses.dataclass
class PartyAttendance:
    party: object
    represented: int = 0
    held: int = 0

    @property
    def share(self):
        return _share(self.represented, self.held)

    @property
    def percent(self):
        return percent(self.share)


@dataclasses.dataclass
class GroupAttendance:
    group: Group
    start: datetime.date
    end: datetime.date
    planned: int  # meetings not cancelled
    meetings: list  # MeetingRow per held meeting, in order
    people: list  # PersonAttendance, aligned with each MeetingRow's cells
    parties: list  # PartyAttendance

    @property
    def held(self):
        return len(self.meetings)


def _person_order(entry):
    party = entry.party
    return (
        (0, party.order, party.name) if party else (1, 0, ""),
        entry.person.last_name,
        entry.person.first_name,
        entry.person.pk,
    )


def group_attendance(group, start, end):
    """Attendance in `group` for meetings held between start and end (3 queries)."""
    meetings = list(
        Meeting.objects.not_cancelled()
        .filter(group=group, starts_at__date__gte=start, starts_at__date__lte=end)
        .order_by("starts_at", "pk")
    )
    held = [meeting for meeting in meetings if meeting.status == Meeting.Status.HELD]
    seats = list(
        _overlapping_seats(start, end)
        .filter(group=group)
        .exclude(role=Membership.Role.GUEST)
        .select_related("person", "party")
        .order_by("valid_from", "pk")
    )
    # Seats that expect the person at every meeting (co-opted members come when needed); those
    # for a party make the party expected too.
    ordinary = [seat for seat in seats if seat.role in Membership.ORDINARY_ROLES]
    for_party = [seat for seat in ordinary if seat.party_id]
    records = list(
        Attendance.objects.filter(meeting__in=[meeting.pk for meeting in held]).select_related(
            "person", "substitute", "party"
        )
    )

    people = {}

    def entry_for(person, party=None):
        if person.pk not in people:
            people[person.pk] = PersonAttendance(person=person, party=party)
        elif people[person.pk].party is None and party is not None:
            people[person.pk].party = party
        return people[person.pk]

    for seat in seats:
        entry_for(seat.person, seat.party if seat.role in Membership.ORDINARY_ROLES else None)
    for record in records:
        entry_for(record.person, record.party)
        if record.substitute is not None:
            entry_for(record.substitute, record.party)

    parties = {seat.party.pk: PartyAttendance(seat.party) for seat in for_party}
    by_meeting = defaultdict(list)
    for record in records:
        by_meeting[record.meeting_id].append(record)
        if record.party_id and record.party_id not in parties:
            parties[record.party_id] = PartyAttendance(record.party)

    ordered_people = sorted(people.values(), key=_person_order)
    rows = []
    for meeting in held:
        day = meeting.day
        seated_ids = {seat.person_id for seat in _seated(ordinary, day)}
        own = {record.person_id: record for record in by_meeting[meeting.pk]}
        stood_in = {
            record.substitute_id: record
            for record in by_meeting[meeting.pk]
            if record.status == Attendance.Status.SUBSTITUTE
        }
        cells = []
        for entry in ordered_people:
            pk = entry.person.pk
            seated = pk in seated_ids
            if seated:
                entry.held_while_seated += 1
            record = own.get(pk)
            if record is not None and record.status == Attendance.Status.PRESENT:
                # The förbund's coordinator is recorded as a guest (no party) but has a seat.
                cell = AttendanceCell(
                    AttendanceCell.PRESENT if seated else PRESENT_CELL[record.capacity]
                )
            elif record is not None and record.status == Attendance.Status.SUBSTITUTE:
                cell = AttendanceCell(AttendanceCell.SUBSTITUTED, record.substitute)
                entry.substituted += 1
            elif pk in stood_in:
                cell = AttendanceCell(AttendanceCell.STOOD_IN, stood_in[pk].person)
            elif record is not None:
                cell = AttendanceCell(AttendanceCell.ABSENT)
                entry.absent += 1
            elif seated:
                cell = AttendanceCell(AttendanceCell.NOT_RECORDED)
            else:
                cell = AttendanceCell(AttendanceCell.NOT_SEATED)
            if cell.attended:
                entry.attended += 1
            cells.append(cell)
        represented = represented_party_ids(by_meeting[meeting.pk])
        for pk in represented:
            parties[pk].represented += 1
        rows.append(
            MeetingRow(
                meeting=meeting,
                cells=cells,
                parties_represented=[
                    parties[pk].party
                    for pk in sorted(
                        represented,
                        key=lambda pk: (parties[pk].party.order, parties[pk].party.name),
                    )
                ],
            )
        )
    for entry in parties.values():
        entry.held = len(held)
    return GroupAttendance(
        group=group,
        start=start,
        end=end,
        planned=len(meetings),
        meetings=rows,
        people=ordered_people,
        parties=sorted(parties.values(), key=lambda entry: (entry.party.order, entry.party.name)),
    )


# --- The reorganisation follow-up ----------------------------------------------------------------


@dataclasses.dataclass
class PreReadCounts:
    """Pre-reads expected at held meetings whose rules required them."""

    on_time: int = 0
    late: int = 0
    missing: int = 0

    @property
    def expected(self):
        return self.on_time + self.late + self.missing

    @property
    def on_time_share(self):
        return _share(self.on_time, self.expected)

    @property
    def on_time_percent(self):
        return percent(self.on_time_share)

    def add(self, other):
        self.on_time += other.on_time
        self.late += other.late
        self.missing += other.missing


@dataclasses.dataclass
class MunicipalityFigures:
    municipality: Municipality
    groups: list = dataclasses.field(default_factory=list)
    planned: int = 0  # meetings not cancelled
    held: int = 0
    parties: list = dataclasses.field(default_factory=list)  # PartyAttendance
    pre_reads: PreReadCounts = dataclasses.field(default_factory=PreReadCounts)
    hours: Decimal = Decimal(0)
    commitment: Decimal = Decimal(0)

    @property
    def has_group(self):
        return bool(self.groups)

    @property
    def hours_share(self):
        return self.hours / self.commitment if self.commitment else None

    @property
    def hours_percent(self):
        return percent(self.hours_share)

    def party(self, party_pk):
        return next((entry for entry in self.parties if entry.party.pk == party_pk), None)


@dataclasses.dataclass
class PeriodFigures:
    start: datetime.date
    end: datetime.date
    municipalities: list  # MunicipalityFigures, by name
    parties: list  # PartyAttendance over every municipality where the party was expected

    @property
    def planned(self):
        return sum(row.planned for row in self.municipalities)

    @property
    def held(self):
        return sum(row.held for row in self.municipalities)

    @property
    def pre_reads(self):
        total = PreReadCounts()
        for row in self.municipalities:
            total.add(row.pre_reads)
        return total

    @property
    def hours(self):
        return sum((row.hours for row in self.municipalities), Decimal(0))

    @property
    def commitment(self):
        return sum((row.commitment for row in self.municipalities), Decimal(0))

    @property
    def hours_share(self):
        commitment = self.commitment
        return self.hours / commitment if commitment else None

    @property
    def hours_percent(self):
        return percent(self.hours_share)

    def municipality(self, municipality_pk):
        return next(
            (row for row in self.municipalities if row.municipality.pk == municipality_pk), None
        )

    def party(self, party_pk):
        return next((entry for entry in self.parties if entry.party.pk == party_pk), None)


@dataclasses.dataclass
class Comparison:
    """The same figures for a period before and a period after the change."""

    before: PeriodFigures
    after: PeriodFigures

    def municipality_rows(self):
        """[(municipality, before, after)] in the order of the municipalities' names."""
        return [
            (row.municipality, row, self.after.municipality(row.municipality.pk))
            for row in self.before.municipalities
        ]

    def party_municipality_rows(self):
        """[(municipality, party, before or None, after or None)] per party expected there."""
        rows = []
        for municipality, before, after in self.municipality_rows():
            parties = {entry.party.pk: entry.party for entry in before.parties}
            parties.update({entry.party.pk: entry.party for entry in after.parties})
            for party in sorted(parties.values(), key=lambda party: (party.order, party.name)):
                rows.append((municipality, party, before.party(party.pk), after.party(party.pk)))
        return rows

    def party_rows(self):
        """[(party, before or None, after or None)] for every party expected in either period."""
        parties = {entry.party.pk: entry.party for entry in self.before.parties}
        parties.update({entry.party.pk: entry.party for entry in self.after.parties})
        ordered = sorted(parties.values(), key=lambda party: (party.order, party.name))
        return [
            (party, self.before.party(party.pk), self.after.party(party.pk)) for party in ordered
        ]


def _required_party_ids(federation, start, end):
    """Parties the Mysam rules require in every group, at the start or end of the period, and
    whether the group's own municipality must be represented."""
    required = set()
    own_municipality = False
    for day in {start, end}:
        ruleset = rules_in_force(federation, GroupKind.MYSAM, day)
        required.update(party.pk for party in ruleset.required_parties)
        own_municipality = own_municipality or bool(ruleset.requires_own_municipality)
    return required, own_municipality


def period_figures(federation, start, end):
    """The follow-up figures for the förbund's Mysam groups between start and end.

    A fixed number of queries: municipalities, groups, meetings, seats, attendances, pre-reads,
    the rules at both ends of the period, and the time accounts.
    """
    municipalities = list(
        Municipality.objects.filter(federation=federation).select_related("party").order_by("name")
    )
    groups = list(
        Group.objects.filter(federation=federation, kind=GroupKind.MYSAM)
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=end))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .order_by("name", "pk")
    )
    group_ids = [group.pk for group in groups]
    meetings = list(
        Meeting.objects.not_cancelled()
        .filter(group__in=group_ids, starts_at__date__gte=start, starts_at__date__lte=end)
        .order_by("starts_at", "pk")
    )
    held = [meeting for meeting in meetings if meeting.status == Meeting.Status.HELD]
    held_ids = [meeting.pk for meeting in held]
    seats = list(
        _overlapping_seats(start, end).filter(
            group__in=group_ids, role__in=Membership.ORDINARY_ROLES, party__isnull=False
        )
    )
    seats_by_group = defaultdict(list)
    for seat in seats:
        seats_by_group[seat.group_id].append(seat)
    represented = defaultdict(set)  # meeting id -> party ids
    for meeting_id, party_id in Attendance.objects.filter(
        meeting__in=held_ids,
        status__in=REPRESENTING,
        capacity=Attendance.Capacity.MEMBER,
        party__isnull=False,
    ).values_list("meeting_id", "party_id"):
        represented[meeting_id].add(party_id)
    submitted = defaultdict(dict)  # meeting id -> {party id: submitted_at}
    for meeting_id, party_id, submitted_at in PreRead.objects.filter(
        meeting__in=held_ids
    ).values_list("meeting_id", "party_id", "submitted_at"):
        submitted[meeting_id][party_id] = submitted_at
    required, own_municipality = _required_party_ids(federation, start, end)

    report = accounts(federation, start, end, groups=groups)
    hours_by_group = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for row in report.people.values():
        # Time against plan: everyone who took part for a party, as in the party totals.
        if row["party"] is not None:
            hours_by_group[row["group"].pk][0] += row["account"].hours
            hours_by_group[row["group"].pk][1] += row["account"].commitment

    figures = {m.pk: MunicipalityFigures(municipality=m) for m in municipalities}
    expected_parties = defaultdict(set)  # municipality id -> party ids
    for group in groups:
        row = figures[group.municipality_id]
        row.groups.append(group)
        expected = expected_parties[group.municipality_id]
        expected.update(required)
        own_party = _party_of(row.municipality)
        if own_municipality and own_party is not None:
            expected.add(own_party.pk)
        expected.update(seat.party_id for seat in seats_by_group[group.pk])
        row.hours += hours_by_group[group.pk][0]
        row.commitment += hours_by_group[group.pk][1]
    municipality_of_group = {group.pk: group.municipality_id for group in groups}

    represented_counts = defaultdict(lambda: defaultdict(int))  # municipality -> party -> n
    for meeting in meetings:
        row = figures[municipality_of_group[meeting.group_id]]
        row.planned += 1
        if meeting.status != Meeting.Status.HELD:
            continue
        row.held += 1
        parties_there = represented[meeting.pk]
        expected_parties[row.municipality.pk].update(parties_there)
        for party_id in parties_there:
            represented_counts[row.municipality.pk][party_id] += 1
        if meeting.pre_reads_required:
            _count_pre_reads(row.pre_reads, meeting, seats_by_group[meeting.group_id], submitted)

    all_party_ids = set().union(*expected_parties.values()) if expected_parties else set()
    parties = {party.pk: party for party in Party.objects.filter(pk__in=all_party_ids)}
    totals = {}
    for municipality_pk, party_ids in expected_parties.items():
        row = figures[municipality_pk]
        for party_id in party_ids:
            entry = PartyAttendance(
                party=parties[party_id],
                represented=represented_counts[municipality_pk][party_id],
                held=row.held,
            )
            row.parties.append(entry)
            total = totals.setdefault(party_id, PartyAttendance(party=parties[party_id]))
            total.represented += entry.represented
            total.held += entry.held
        row.parties.sort(key=lambda entry: (entry.party.order, entry.party.name))
    return PeriodFigures(
        start=start,
        end=end,
        municipalities=[figures[m.pk] for m in municipalities],
        parties=sorted(totals.values(), key=lambda entry: (entry.party.order, entry.party.name)),
    )


def _count_pre_reads(counts, meeting, seats, submitted):
    """Add a held meeting's pre-reads: one expected from each party with an ordinary seat on the
    day; a pre-read from a party no longer seated is counted too, as on the pre-read page."""
    day = meeting.day
    expected = {seat.party_id for seat in _seated(seats, day)}
    sent = submitted.get(meeting.pk, {})
    for party_id in expected | set(sent):
        submitted_at = sent.get(party_id)
        if submitted_at is None:
            counts.missing += 1
        elif (
            meeting.pre_read_deadline is None or _day_of(submitted_at) <= meeting.pre_read_deadline
        ):
            counts.on_time += 1
        else:
            counts.late += 1


def follow_up(federation, before, after):
    """Compare the periods `before` and `after`, each a (first day, last day) pair."""
    return Comparison(
        before=period_figures(federation, *before), after=period_figures(federation, *after)
    )


# The follow-up the 2022 decision asks for: the first half of 2023 against the same half-year
# before the change (2021, since 2022 was the year of the change itself).
DEFAULT_BEFORE = (datetime.date(2021, 1, 1), datetime.date(2021, 6, 30))
DEFAULT_AFTER = (datetime.date(2023, 1, 1), datetime.date(2023, 6, 30))
