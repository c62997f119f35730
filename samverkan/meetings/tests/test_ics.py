"""Calendar entries, parsed back with icalendar: one UID per meeting, a rising SEQUENCE, and the
method that tells a calendar what to do (REQUEST, CANCEL, PUBLISH)."""

import datetime

import icalendar
import pytest
from django.core.exceptions import ValidationError

from samverkan.meetings import ics, series, services
from samverkan.meetings.models import Attendance, Meeting
from tests.factories import at, make_case

URL = "http://testserver/moten/1/"


def parse(content):
    calendar = icalendar.Calendar.from_ical(content)
    return calendar, calendar.walk("VEVENT")


def addresses(value):
    values = value if isinstance(value, list) else [value]
    return sorted(str(item).removeprefix("mailto:") for item in values)


def test_an_invitation_is_a_request_for_one_event(meeting_world):
    w = meeting_world
    meeting = w.upcoming
    people = services.invitees(meeting)

    calendar, events = parse(ics.meeting_invitation(meeting, people, url=URL))

    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == meeting.uid
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") == meeting.ends_at
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(minutes=90)
    # Written in UTC, so no VTIMEZONE is needed.
    assert event["DTSTART"].to_ical().endswith(b"Z")
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert not calendar.walk("VTIMEZONE")
    assert str(event["SUMMARY"]) == "Mysam Alby"
    assert str(event["LOCATION"]) == "Kommunhuset, Alby"
    assert str(event["URL"]) == URL
    assert str(event["ORGANIZER"]) == "mailto:koordinator@example.se"
    assert event["ORGANIZER"].params["CN"] == "Karin Koordinator"
    # Everyone with an ordinary seat; the co-opted school head comes only when needed.
    assert addresses(event["ATTENDEE"]) == [
        "af@example.se",
        "fk@example.se",
        "ifo@example.se",
        "koordinator@example.se",
        "region@example.se",
    ]


def test_people_without_an_address_are_left_out(meeting_world):
    w = meeting_world
    w.ifo_manager.email = ""
    w.ifo_manager.save()

    _calendar, [event] = parse(ics.meeting_invitation(w.upcoming, services.invitees(w.upcoming)))

    assert "ifo@example.se" not in addresses(event["ATTENDEE"])
    assert len(addresses(event["ATTENDEE"])) == 4


def test_without_a_convener_address_the_site_organises(meeting_world, settings):
    w = meeting_world
    settings.DEFAULT_FROM_EMAIL = "Samverkan <noreply@example.se>"
    w.upcoming.convener = None

    _calendar, [event] = parse(ics.meeting_invitation(w.upcoming, []))

    assert str(event["ORGANIZER"]) == "mailto:noreply@example.se"
    assert "ATTENDEE" not in event


def test_an_update_keeps_the_uid_and_raises_the_sequence(meeting_world):
    w = meeting_world
    meeting = w.upcoming
    _calendar, [before] = parse(ics.meeting_invitation(meeting, services.invitees(meeting)))
    day = meeting.day

    meeting.starts_at = at(day, 9)
    meeting.save()
    series.after_edit(meeting, previous_day=day, time_or_place_changed=True)
    _calendar, [after] = parse(ics.meeting_invitation(meeting, services.invitees(meeting)))

    assert str(after["UID"]) == str(before["UID"]) == meeting.uid
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert after.decoded("DTSTART") == at(day, 9)


def test_cancelling_raises_the_sequence_and_makes_a_cancel(meeting_world):
    w = meeting_world
    meeting = w.upcoming

    services.cancel_meeting(meeting, reason="För få deltagare", by=w.coordinator_user)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.sequence == 1
    assert meeting.cancel_reason == "För få deltagare"
    assert meeting.cancelled_at is not None
    calendar, [event] = parse(ics.meeting_cancellation(meeting, services.invitees(meeting)))
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == meeting.uid
    assert event["SEQUENCE"] == 1
    assert len(addresses(event["ATTENDEE"])) == 5


def test_a_cancelled_meeting_cannot_be_cancelled_again(meeting_world):
    w = meeting_world
    services.cancel_meeting(w.upcoming, reason="", by=w.coordinator_user)

    with pytest.raises(ValidationError) as refused:
        services.cancel_meeting(w.upcoming, reason="", by=w.coordinator_user)

    assert refused.value.messages == ["Mötet är inställt."]
    assert Meeting.objects.get(pk=w.upcoming.pk).sequence == 1


def test_a_meeting_with_attendance_cannot_be_cancelled(meeting_world):
    w = meeting_world
    services.record_attendance(
        w.past,
        [(w.fk_manager, Attendance.Status.PRESENT, None, Attendance.Capacity.MEMBER)],
        by=w.coordinator_user,
    )

    with pytest.raises(ValidationError) as refused:
        services.cancel_meeting(w.past, reason="Fel datum", by=w.coordinator_user)

    assert "närvaro eller minnesanteckningar" in refused.value.messages[0]
    stored = Meeting.objects.get(pk=w.past.pk)
    assert (stored.status, stored.sequence, stored.cancel_reason) == (Meeting.Status.HELD, 0, "")


def test_a_meeting_with_minutes_cannot_be_cancelled(meeting_world):
    w = meeting_world
    services.start_minutes(w.past, by=w.coordinator_user)

    with pytest.raises(ValidationError):
        services.cancel_meeting(w.past, reason="Fel datum", by=w.coordinator_user)

    stored = Meeting.objects.get(pk=w.past.pk)
    assert (stored.status, stored.sequence) == (Meeting.Status.SCHEDULED, 0)


def test_a_feed_publishes_every_meeting_cancelled_ones_as_cancelled(meeting_world):
    w = meeting_world
    extra = series.create_meeting(w.mysam, at(w.upcoming.day + datetime.timedelta(days=30)))
    services.cancel_meeting(extra, reason="", by=w.coordinator_user)
    meetings = [w.past, w.upcoming, extra]

    calendar, events = parse(
        ics.feed(
            meetings, name="Mina möten", url_for=lambda meeting: f"http://testserver/{meeting.pk}/"
        )
    )

    assert calendar["METHOD"] == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Mina möten"
    assert [str(event["UID"]) for event in events] == [meeting.uid for meeting in meetings]
    assert [str(event["STATUS"]) for event in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert [event["SEQUENCE"] for event in events] == [0, 0, 1]
    assert [str(event["URL"]) for event in events] == [
        f"http://testserver/{meeting.pk}/" for meeting in meetings
    ]
    # A feed is subscribed to, not an invitation: no attendees.
    assert all("ATTENDEE" not in event for event in events)


def test_no_case_data_goes_into_a_calendar(meeting_world):
    w = meeting_world
    team_meeting = series.create_meeting(
        w.trisam, at(w.upcoming.day, 9), duration_minutes=60, location="Alby hälsocentral"
    )
    case = make_case(w.trisam, w.rehab, user=w.rehab_user, name="Sara Särskild")
    case.team_meeting = team_meeting
    case.save(update_fields=["team_meeting"])
    assert team_meeting.cases.get() == case

    texts = [
        ics.meeting_invitation(team_meeting, services.invitees(team_meeting), url=URL),
        ics.meeting_cancellation(team_meeting, services.invitees(team_meeting), url=URL),
        ics.feed([team_meeting], name="Teamet"),
    ]

    for content in texts:
        text = content.decode().replace("\r\n ", "")  # unfolded
        assert "Trisam Alby hälsocentral" in text
        for secret in (case.name, case.personal_number, case.code, case.question):
            assert secret not in text
        assert "Särskild" not in text
