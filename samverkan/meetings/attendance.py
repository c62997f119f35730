"""Who was at one meeting: the attendance list's rows, its summary, and the list per party that
the minutes print.

A party is represented at a meeting when one of its members was present, or a named substitute
came in a member's place, for that party. Co-opted members and guests come when needed and do
not make a party represented; the follow-up (`meetings.followup`) counts by the same rule.
"""

import dataclasses

from django.utils.translation import gettext_lazy as _

from samverkan.meetings import services
from samverkan.meetings.models import Attendance
from samverkan.structure.models import Membership

REPRESENTING = (Attendance.Status.PRESENT, Attendance.Status.SUBSTITUTE)


def represented_party_ids(attendances):
    """The parties represented by a present member or a substitute, from Attendance objects."""
    return {
        attendance.party_id
        for attendance in attendances
        if attendance.party_id
        and attendance.status in REPRESENTING
        and attendance.capacity == Attendance.Capacity.MEMBER
    }


@dataclasses.dataclass
class AttendanceRow:
    """One person on the attendance list: a seat on the meeting's day or a recorded attendee."""

    person: object
    party: object
    role_label: str
    capacity: str
    attendance: Attendance | None
    form: object = None  # the view's form for the row, while attendance is being recorded


def attendance_rows(meeting, recorded):
    """A row per person with a seat on the meeting's day, then per guest recorded without one.

    `recorded` maps person ids to the meeting's Attendance objects.
    """
    rows, seen = [], set()
    for seat in services.seats_on(meeting):
        if seat.person_id in seen:
            continue
        seen.add(seat.person_id)
        capacity = services.capacity_of(seat)
        if seat.role in Membership.NON_ORDINARY_ROLES:
            role_label = Attendance.Capacity(capacity).label
        else:
            role_label = seat.get_role_display()
        rows.append(
            AttendanceRow(
                seat.person, seat.party, role_label, capacity, recorded.get(seat.person_id)
            )
        )
    # Someone recorded without a seat that day (a guest) keeps a row.
    for person_id, attendance in recorded.items():
        if person_id not in seen:
            rows.append(
                AttendanceRow(
                    attendance.person,
                    attendance.party,
                    attendance.get_capacity_display(),
                    attendance.capacity,
                    attendance,
                )
            )
    return rows


def attendance_summary(meeting, attendances):
    """How many were there, and for each party with a seat whether it was represented."""
    represented_ids = represented_party_ids(attendances)
    parties = list(services.represented_parties(meeting))
    known = {party.pk for party in parties}
    parties.extend(
        a.party
        for a in attendances
        if a.capacity == Attendance.Capacity.MEMBER and a.party_id and a.party_id not in known
    )
    return {
        "recorded": bool(attendances),
        "present": sum(1 for a in attendances if a.attendee is not None),
        "substitutes": sum(1 for a in attendances if a.status == Attendance.Status.SUBSTITUTE),
        "absent": sum(1 for a in attendances if a.status == Attendance.Status.ABSENT),
        "parties": [(party, party.pk in represented_ids) for party in parties],
    }


def attendance_by_party(meeting):
    """[{party, label, present, absent, substitutes}] for the minutes: who was there per party.

    People without a party (the förbund's staff, guests) come last.
    """
    groups = {}
    attendances = sorted(
        meeting.attendances.select_related("person", "party", "substitute"),
        key=lambda a: (
            a.party is None,
            a.party.order if a.party else 0,
            a.party.name if a.party else "",
            a.person.last_name,
            a.person.first_name,
        ),
    )
    for a in attendances:
        group = groups.setdefault(
            a.party_id,
            {
                "party": a.party,
                "label": a.party.label if a.party else _("Förbundet och gäster"),
                "present": [],
                "absent": [],
                "substitutes": [],
            },
        )
        name = a.person.full_name
        if a.capacity != Attendance.Capacity.MEMBER:
            name = f"{name} ({a.get_capacity_display()})"
        if a.status == Attendance.Status.PRESENT:
            group["present"].append(name)
        elif a.status == Attendance.Status.ABSENT:
            group["absent"].append(name)
        else:
            group["substitutes"].append(
                _("%(substitute)s för %(person)s")
                % {"substitute": a.substitute.full_name, "person": a.person.full_name}
            )
    return list(groups.values())
