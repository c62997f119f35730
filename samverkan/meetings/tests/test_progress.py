"""How far meetings have come (`meetings.progress`): each party's pre-read on time, late or
missing, and for a group's list the pre-reads in against those expected and the minutes."""

import datetime

import time_machine
from django.db.models import Prefetch

from samverkan.meetings import progress, services
from samverkan.meetings.models import Meeting, Minutes
from tests.factories import at


def test_each_partys_pre_read_is_missing_on_time_or_late(meeting_world):
    w = meeting_world
    meeting = w.upcoming
    services.submit_pre_read(meeting, w.fk, text="Läget", by=w.fk_user)
    with time_machine.travel(at(meeting.pre_read_deadline + datetime.timedelta(days=1))):
        services.submit_pre_read(meeting, w.af, text="Sent", by=w.af_user)

    rows = {row["party"]: row for row in progress.pre_read_rows(meeting, {w.fk.pk})}

    assert (rows[w.fk]["state"], rows[w.fk]["may_write"]) == (progress.ON_TIME, True)
    assert (rows[w.af]["state"], rows[w.af]["may_write"]) == (progress.LATE, False)
    assert rows[w.region]["state"] == progress.MISSING
    assert rows[w.region]["pre_read"] is None


def test_a_groups_meetings_show_the_pre_reads_in_and_the_latest_minutes(meeting_world):
    w = meeting_world
    services.submit_pre_read(w.upcoming, w.fk, text="Läget", by=w.fk_user)
    services.start_minutes(w.past, by=w.coordinator_user)
    meetings = (
        Meeting.objects.filter(group=w.mysam)
        .prefetch_related(
            "pre_reads", Prefetch("minutes_versions", queryset=Minutes.objects.order_by("number"))
        )
        .order_by("starts_at")
    )

    past, upcoming = progress.meeting_progress(w.mysam, meetings)

    expected = len(services.represented_parties(w.upcoming))
    assert (upcoming.meeting, upcoming.pre_reads_in, upcoming.pre_reads_expected) == (
        w.upcoming,
        1,
        expected,
    )
    assert upcoming.minutes is None
    assert (past.pre_reads_in, past.minutes.number) == (0, 1)
