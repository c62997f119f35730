"""iCalendar (RFC 5545) for meetings: invitations, updates, cancellations and personal feeds.

One meeting is one VEVENT with the same UID for its whole life; every change of time or place
raises SEQUENCE, so calendars replace the entry instead of adding a second one. Times are
written in UTC, which every calendar reads without a VTIMEZONE block. Nothing about an
individual ever goes into a calendar: Trisam meetings name the team, not the cases.
"""

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

PRODUCT_ID = "-//Samverkan//Möten//SV"

REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"


def _address(email, name=""):
    address = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name
    return address


def _utc(moment):
    return moment.astimezone(datetime.UTC)


def organizer_email(meeting):
    convener = meeting.convener
    if convener is not None and convener.email:
        return convener.email, convener.full_name
    return settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].strip(" >"), ""


def summary(meeting):
    return str(meeting.group.name)


def event(meeting, *, attendees=(), cancelled=False, url=""):
    """The VEVENT for `meeting`; `attendees` are people (with e-mail addresses) invited."""
    entry = icalendar.Event()
    entry.add("uid", meeting.uid)
    entry.add("sequence", meeting.sequence)
    entry.add("dtstamp", _utc(timezone.now()))
    entry.add("dtstart", _utc(meeting.starts_at))
    entry.add("dtend", _utc(meeting.ends_at))
    entry.add("summary", summary(meeting))
    if meeting.location:
        entry.add("location", meeting.location)
    cancelled = cancelled or meeting.is_cancelled
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if url:
        entry.add("url", url)
        entry.add("description", _("Dagordning och förhandsinformation: %(url)s") % {"url": url})
    email, name = organizer_email(meeting)
    entry.add("organizer", _address(email, name))
    for person in attendees:
        if person.email:
            address = _address(person.email, person.full_name)
            address.params["ROLE"] = "REQ-PARTICIPANT"
            address.params["PARTSTAT"] = "NEEDS-ACTION"
            address.params["RSVP"] = "FALSE"
            entry.add("attendee", address, encode=0)
    return entry


def calendar(method, events, *, name=""):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    for entry in events:
        cal.add_component(entry)
    return cal.to_ical()


def meeting_invitation(meeting, attendees, *, url=""):
    """An invitation or, once sent, an update: METHOD:REQUEST with the current sequence."""
    with translation.override("sv"):
        return calendar(REQUEST, [event(meeting, attendees=attendees, url=url)])


def meeting_cancellation(meeting, attendees, *, url=""):
    with translation.override("sv"):
        return calendar(CANCEL, [event(meeting, attendees=attendees, cancelled=True, url=url)])


def feed(meetings, *, name, url_for=None):
    """A subscribed calendar: METHOD:PUBLISH, cancelled meetings kept as cancelled."""
    with translation.override("sv"):
        events = [event(meeting, url=url_for(meeting) if url_for else "") for meeting in meetings]
        return calendar(PUBLISH, events, name=name)
