"""Invitations: e-mail with a calendar entry whose updates and cancellation replace it."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader, PdfWriter

from samverkan.meetings import pack, series, services
from samverkan.meetings.models import Meeting
from tests.pdf_checks import tagged_pdf

INVITED = [
    "af@example.se",
    "fk@example.se",
    "ifo@example.se",
    "koordinator@example.se",
    "region@example.se",
]


def invitation_url(meeting):
    return reverse("meetings:invitation", args=[meeting.pk])


def attachment(message, name):
    return next(item for item in message.attachments if item[0] == name)


def calendar_of(message):
    filename, content, mimetype = attachment(message, "mote.ics")
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def only_event(cal):
    events = cal.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def attendees(event):
    values = event.get("attendee")
    values = values if isinstance(values, list) else [values]
    return sorted(str(value).removeprefix("mailto:") for value in values)


def blank_pdf(pages):
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def page_count(content):
    return len(PdfReader(io.BytesIO(content)).pages)


def invite(client, meeting):
    response = client.post(invitation_url(meeting))
    meeting.refresh_from_db()
    return response


def test_the_invitation_carries_a_calendar_request(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    response = invite(client_for(w.coordinator_user), meeting)
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == INVITED  # the co-opted school head is not invited
    assert message.subject == "Kallelse: Mysam Alby"
    assert "13:00–14:30" in message.body  # Swedish time
    assert "Kommunhuset, Alby" in message.body
    assert "http://testserver" + meeting.get_absolute_url() in message.body
    assert "Erfarenheter från Trisam" in message.body  # the agenda
    assert [item[0] for item in message.attachments] == ["mote.ics"]  # no pre-reads, no pack

    cal = calendar_of(message)
    assert cal["METHOD"] == "REQUEST"
    event = only_event(cal)
    assert str(event["UID"]) == meeting.uid
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    start = event.decoded("DTSTART")
    assert start.utcoffset() == datetime.timedelta(0)
    assert start == meeting.starts_at
    assert event.decoded("DTEND") == meeting.ends_at
    assert attendees(event) == INVITED
    assert str(event["SUMMARY"]) == "Mysam Alby"
    assert meeting.invited_at is not None


def test_a_changed_time_is_sent_as_an_update_of_the_same_entry(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    invite(client_for(w.coordinator_user), meeting)
    first = only_event(calendar_of(mail.outbox[0]))

    previous_day = meeting.day
    meeting.starts_at += datetime.timedelta(hours=1)
    meeting.save()
    series.after_edit(meeting, previous_day=previous_day, time_or_place_changed=True)
    services.send_update(meeting)

    assert len(mail.outbox) == 2
    update = mail.outbox[1]
    assert update.subject == "Ändrad kallelse: Mysam Alby"
    assert "14:00–15:30" in update.body
    cal = calendar_of(update)
    assert cal["METHOD"] == "REQUEST"
    event = only_event(cal)
    assert str(event["UID"]) == str(first["UID"]) == meeting.uid
    assert event["SEQUENCE"] > first["SEQUENCE"]
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTSTART") - first.decoded("DTSTART") == datetime.timedelta(hours=1)


def test_no_update_is_sent_before_an_invitation(meeting_world):
    meeting = meeting_world.upcoming
    assert services.send_update(meeting) == []
    assert mail.outbox == []


def test_a_cancellation_removes_the_same_entry(
    meeting_world, client_for, django_capture_on_commit_callbacks
):
    w = meeting_world
    meeting = w.upcoming
    invite(client_for(w.coordinator_user), meeting)
    first = only_event(calendar_of(mail.outbox[0]))
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting, reason="Sammankallande är sjuk", by=w.coordinator_user)
    assert len(mail.outbox) == 2
    message = mail.outbox[1]
    assert message.subject == "Inställt: Mysam Alby"
    assert "Sammankallande är sjuk" in message.body
    assert "Mysam Alby är inställt" in message.body
    assert sorted(message.to) == INVITED
    cal = calendar_of(message)
    assert cal["METHOD"] == "CANCEL"
    event = only_event(cal)
    assert event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == meeting.uid
    assert event["SEQUENCE"] > first["SEQUENCE"]


def test_the_pack_goes_with_the_invitation_with_attached_pdfs_merged(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    services.submit_pre_read(meeting, w.fk, text="FK:s läge i Alby.", by=w.fk_user)
    summary_pages = page_count(pack.pre_read_pack(meeting, base_url="http://testserver"))
    services.submit_pre_read(
        meeting,
        w.af,
        text="AF:s läge.",
        files=[SimpleUploadedFile("statistik.pdf", blank_pdf(3), "application/pdf")],
        by=w.af_user,
    )
    invite(client_for(w.coordinator_user), meeting)
    message = mail.outbox[0]
    assert [item[0] for item in message.attachments] == ["mote.ics", "forhandsinformation.pdf"]
    _name, content, mimetype = attachment(message, "forhandsinformation.pdf")
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    # The summary (two parties, one page each) and the attached file's three pages.
    assert page_count(content) >= summary_pages + 1 + 3
    text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Mysam Alby" in text
    # The uploaded pages follow the tagged summary, whose structure, title and language stay.
    document = tagged_pdf(content)
    assert document.title == f"Förhandsinformation – Mysam Alby {meeting.day:%Y-%m-%d}"
    assert document.language == "sv"
    assert {"H1", "Table", "TH"} <= document.structure_types


def test_a_broken_pdf_is_listed_not_merged(meeting_world):
    w = meeting_world
    meeting = w.upcoming
    services.submit_pre_read(meeting, w.fk, text="FK:s läge.", by=w.fk_user)
    alone = page_count(pack.pre_read_pack(meeting, base_url="http://testserver"))
    services.submit_pre_read(
        meeting,
        w.fk,
        text="FK:s läge.",
        files=[SimpleUploadedFile("trasig.pdf", b"%PDF-1.4 broken", "application/pdf")],
        by=w.fk_user,
    )
    content = pack.pre_read_pack(meeting, base_url="http://testserver")
    assert page_count(content) == alone


def test_the_preview_shows_recipients_and_who_cannot_be_reached(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    w.region_manager.email = ""
    w.region_manager.save(update_fields=["email"])
    services.submit_pre_read(meeting, w.fk, text="FK:s läge.", by=w.fk_user)
    client = client_for(w.coordinator_user)
    response = client.get(invitation_url(meeting))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kallelse: Mysam Alby" in page
    assert "fk@example.se" in page
    reachable, unreachable = page.split("Nås inte med e-post")
    assert "Rut Regionsdotter" not in reachable
    assert "Rut Regionsdotter" in unreachable
    assert "Bifogas som en PDF" in page
    assert "Förhandsinformation saknas från Arbetsförmedlingen" in page
    assert mail.outbox == []

    invite(client, meeting)
    assert "region@example.se" not in mail.outbox[0].to
    page = client.get(invitation_url(meeting)).content.decode()
    assert "Ändrad kallelse: Mysam Alby" in page
    assert "Skicka ändrad kallelse" in page


def test_nothing_is_sent_when_nobody_has_an_address(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    for person in (w.coordinator, w.fk_manager, w.af_manager, w.region_manager, w.ifo_manager):
        person.email = ""
        person.save(update_fields=["email"])
    response = client_for(w.coordinator_user).post(invitation_url(meeting), follow=True)
    assert "Ingen i gruppen har en e-postadress" in response.content.decode()
    assert mail.outbox == []
    assert Meeting.objects.get(pk=meeting.pk).invited_at is None


def test_a_cancelled_meeting_gets_no_invitation(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    services.cancel_meeting(meeting, reason="Krock", by=w.coordinator_user)
    client = client_for(w.coordinator_user)
    assert "Ingen kallelse kan skickas" in client.get(invitation_url(meeting)).content.decode()
    response = client.post(invitation_url(meeting), follow=True)
    assert "Mötet är inställt." in response.content.decode()
    assert mail.outbox == []
    assert Meeting.objects.get(pk=meeting.pk).invited_at is None


@pytest.mark.parametrize(("who", "status"), [("fk_user", 403), ("reader", 404)])
def test_only_conveners_send_invitations(meeting_world, client_for, who, status):
    w = meeting_world
    client = client_for(getattr(w, who))
    assert client.get(invitation_url(w.upcoming)).status_code == status
    assert client.post(invitation_url(w.upcoming)).status_code == status
    assert mail.outbox == []
    assert Meeting.objects.get(pk=w.upcoming.pk).invited_at is None


def test_the_federation_admin_may_send_the_invitation(meeting_world, client_for):
    w = meeting_world
    assert invite(client_for(w.admin), w.upcoming).status_code == 302
    assert len(mail.outbox) == 1


def test_the_subject_says_changed_once_an_invitation_has_gone_out(meeting_world):
    meeting = meeting_world.upcoming
    assert services.invitation_subject(meeting) == "Kallelse: Mysam Alby"
    services.send_invitation(meeting, by=meeting_world.coordinator_user)
    assert services.invitation_subject(meeting) == "Ändrad kallelse: Mysam Alby"
    assert mail.outbox[-1].subject == "Kallelse: Mysam Alby"
