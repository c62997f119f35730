"""How far meetings have come: each party's pre-read on time, late or missing, and for a group's
list of meetings the pre-reads in against those expected and the stage of the minutes.
"""

import dataclasses

from samverkan.meetings import services
from samverkan.meetings.models import Meeting, Minutes
from samverkan.structure.models import Membership

MISSING = "missing"
ON_TIME = "on_time"
LATE = "late"


def pre_read_state(pre_read):
    """`MISSING` for no pre-read, else `ON_TIME` or `LATE` against the meeting's deadline."""
    if pre_read is None:
        return MISSING
    return ON_TIME if pre_read.is_on_time else LATE


def pre_read_rows(meeting, writable_party_ids):
    """[{party, pre_read, state, may_write}] for every party expected to send a pre-read, and
    any that sent one anyway; `may_write` for the parties in `writable_party_ids`."""
    return [
        {
            "party": party,
            "pre_read": pre_read,
            "state": pre_read_state(pre_read),
            "may_write": party.pk in writable_party_ids,
        }
        for party, pre_read in services.pre_read_status(meeting)
    ]


@dataclasses.dataclass
class MeetingProgress:
    """One meeting in a group's list: its pre-reads in and expected, and its latest minutes."""

    meeting: Meeting
    pre_reads_in: int
    pre_reads_expected: int
    minutes: Minutes | None


def meeting_progress(group, meetings):
    """A `MeetingProgress` per meeting of `group`, in one query for the seats.

    `meetings` should prefetch `pre_reads` and `minutes_versions` (ordered by number).
    """
    seats = list(
        Membership.objects.filter(
            group=group, role__in=Membership.ORDINARY_ROLES, party__isnull=False
        ).only("party_id", "valid_from", "valid_to", "role")
    )
    rows = []
    for meeting in meetings:
        day = meeting.day
        expected = {seat.party_id for seat in seats if seat.is_active_on(day)}
        submitted = {pre_read.party_id for pre_read in meeting.pre_reads.all()}
        versions = list(meeting.minutes_versions.all())
        rows.append(
            MeetingProgress(
                meeting=meeting,
                pre_reads_in=len(submitted),
                pre_reads_expected=len(expected | submitted),
                minutes=versions[-1] if versions else None,
            )
        )
    return rows
