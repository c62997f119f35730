"""A person's own meetings, for their start page: the next meetings of the groups they sit in,
the pre-reads their party still owes, and their open action items.

Everything is read from the person's seats, fetched once by the caller, so a page that shows
these runs a fixed number of queries however many meetings and action items there are.
"""

import datetime

from django.db.models import F, Q
from django.utils import timezone

from samverkan.meetings.models import ActionItem, Meeting, PreRead
from samverkan.structure.models import Membership

NEXT_MEETINGS = 10
OWED_MEETINGS = 20


def _midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _seat_window(seat):
    """Meetings of the seat's group on the days the seat is held (Swedish days)."""
    window = Q(group=seat.group_id, starts_at__gte=_midnight(seat.valid_from))
    if seat.valid_to is not None:
        window &= Q(starts_at__lt=_midnight(seat.valid_to + datetime.timedelta(days=1)))
    return window


def _any(conditions):
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


def next_meetings(person, seats, today):
    """Meetings from today on, not cancelled, in groups where a seat is held on the day."""
    windows = [_seat_window(seat) for seat in seats]
    return list(
        Meeting.objects.not_cancelled()
        .filter(starts_at__gte=_midnight(today))
        .filter(_any(windows) | Q(convener=person))
        .select_related("group")
        .order_by("starts_at", "pk")[:NEXT_MEETINGS]
    )


def owed_pre_reads(seats, now, today):
    """[(meeting, party, overdue)] for coming meetings that require pre-reads, where a party the
    user holds an ordinary seat for on the meeting's day has not sent its pre-read."""
    ordinary = [seat for seat in seats if seat.role in Membership.ORDINARY_ROLES and seat.party_id]
    if not ordinary:
        return []
    meetings = list(
        Meeting.objects.not_cancelled()
        .filter(starts_at__gte=now, pre_reads_required=True)
        .filter(_any(_seat_window(seat) for seat in ordinary))
        .select_related("group")
        .order_by("starts_at", "pk")[:OWED_MEETINGS]
    )
    sent = set(
        PreRead.objects.filter(meeting__in=[meeting.pk for meeting in meetings]).values_list(
            "meeting_id", "party_id"
        )
    )
    owed = []
    for meeting in meetings:
        day = meeting.day
        parties = {}
        for seat in ordinary:
            if seat.group_id == meeting.group_id and seat.is_active_on(day):
                parties.setdefault(seat.party_id, seat.party)
        for party in sorted(parties.values(), key=lambda party: (party.order, party.name)):
            if (meeting.pk, party.pk) not in sent:
                deadline = meeting.pre_read_deadline
                owed.append((meeting, party, deadline is not None and deadline < today))
    return owed


def seats_of(person):
    """Every seat the person has held or holds, with group and party: what the functions above
    take as `seats`."""
    return list(
        Membership.objects.filter(person=person).select_related("group", "party").order_by("pk")
    )


def open_action_items(person):
    """The person's open action items, those with the nearest due date first."""
    return list(
        ActionItem.objects.open()
        .filter(owner=person)
        .select_related("meeting__group")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )
