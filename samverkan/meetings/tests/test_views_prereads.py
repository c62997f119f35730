"""Pre-reads: each party's representatives write its information; the group reads it."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samverkan.core.forms import STALE_EDIT_MESSAGE
from samverkan.meetings import services
from samverkan.meetings.models import PreRead, PreReadAttachment, PreReadReminder
from tests.factories import at

PDF_BYTES = b"%PDF-1.4\n% test\n"
DOCX_BYTES = b"PK\x03\x04" + b"\x00" * 40


def submit_url(meeting, party):
    return reverse("meetings:pre_read_submit", args=[meeting.pk, party.pk])


def list_url(meeting):
    return reverse("meetings:pre_reads", args=[meeting.pk])


def pdf(name="lagesbild.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def docx(name="statistik.docx"):
    return SimpleUploadedFile(name, DOCX_BYTES, content_type="application/octet-stream")


def page(response):
    return response.content.decode()


def every_party_sends(w, meeting, text, *, with_files=False):
    """Each of Mysam Alby's four parties sends its pre-read through one of its members, with a
    PDF and a Word file of its own when `with_files`."""
    for party, user in (
        (w.fk, w.fk_user),
        (w.af, w.af_user),
        (w.region, w.region_user),
        (w.alby_party, w.ifo_user),
    ):
        files = [pdf(), docx()] if with_files else []
        services.submit_pre_read(meeting, party, text=text, files=files, by=user)


# --- Writing ----------------------------------------------------------------------------------


def test_a_member_sends_the_pre_read_of_their_party_with_files(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    client = client_for(w.fk_user)
    response = client.get(submit_url(meeting, w.fk))
    assert response.status_code == 200
    assert "Förhandsinformation från FK" in page(response)
    assert 'enctype="multipart/form-data"' in page(response)

    response = client.post(
        submit_url(meeting, w.fk),
        {"text": "Handläggningstiderna har kortats.", "files": [pdf(), docx()], "version": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == list_url(meeting)
    pre_read = PreRead.objects.get(meeting=meeting)
    assert (pre_read.party, pre_read.submitted_by, pre_read.text) == (
        w.fk,
        w.fk_user,
        "Handläggningstiderna har kortats.",
    )
    assert pre_read.is_on_time
    attachments = list(pre_read.attachments.order_by("name"))
    assert [(a.name, a.content_type, a.size) for a in attachments] == [
        ("lagesbild.pdf", "application/pdf", len(PDF_BYTES)),
        (
            "statistik.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            len(DOCX_BYTES),
        ),
    ]
    # The stored name is random; the original name stays in the row only.
    assert "lagesbild" not in attachments[0].file.name

    listing = page(client.get(list_url(meeting)))
    assert "Handläggningstiderna har kortats." in listing
    assert "i tid" in listing
    assert reverse("meetings:attachment", args=[attachments[0].pk]) in listing


def test_a_second_save_adds_files_and_keeps_the_first_submission_time(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    client = client_for(w.fk_user)
    client.post(submit_url(meeting, w.fk), {"text": "Först", "files": [pdf()], "version": ""})
    first = PreRead.objects.get(meeting=meeting)
    response = client.post(
        submit_url(meeting, w.fk),
        {"text": "Sedan", "files": [docx()], "version": str(first.version)},
    )
    assert response.status_code == 302
    saved = PreRead.objects.get(meeting=meeting)
    assert (saved.text, saved.version, saved.submitted_at) == (
        "Sedan",
        first.version + 1,
        first.submitted_at,
    )
    assert saved.attachments.count() == 2


def test_an_attachment_is_removed_by_its_party_before_the_meeting(
    meeting_world, client_for, django_capture_on_commit_callbacks
):
    w = meeting_world
    meeting = w.upcoming
    pre_read = services.submit_pre_read(
        meeting, w.fk, text="Text", files=[pdf(), docx()], by=w.fk_user
    )
    doomed, kept = pre_read.attachments.order_by("name")
    storage = doomed.file.storage
    stored_name = doomed.file.name
    client = client_for(w.fk_user)
    form = page(client.get(submit_url(meeting, w.fk)))
    assert "Ta bort bilagor" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            submit_url(meeting, w.fk),
            {"text": "Text", "remove": [doomed.pk], "version": str(pre_read.version)},
        )
    assert response.status_code == 302
    assert list(PreReadAttachment.objects.filter(pre_read=pre_read)) == [kept]
    assert not storage.exists(stored_name)


def test_a_submission_after_the_deadline_is_accepted_and_marked_late(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    deadline = meeting.pre_read_deadline
    late = at(deadline + datetime.timedelta(days=1), 9, 30)
    assert late < meeting.starts_at
    with time_machine.travel(late, tick=False):
        client = client_for(w.af_user)
        form = page(client.get(submit_url(meeting, w.af)))
        assert "markeras som sen" in form
        response = client.post(
            submit_url(meeting, w.af), {"text": "Sent men ändå.", "version": ""}, follow=True
        )
    assert "markerad som sen" in page(response)
    pre_read = PreRead.objects.get(meeting=meeting, party=w.af)
    assert pre_read.submitted_at == late
    assert not pre_read.is_on_time
    listing = page(client_for(w.coordinator_user).get(list_url(meeting)))
    assert "sen</span>" in listing
    assert "09:30" in listing  # shown in Swedish time


def test_a_file_over_10_mb_is_refused_and_nothing_is_saved(meeting_world, client_for):
    w = meeting_world
    big = SimpleUploadedFile(
        "stor.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024), content_type="application/pdf"
    )
    response = client_for(w.fk_user).post(
        submit_url(w.upcoming, w.fk), {"text": "Med stor bilaga", "files": [big], "version": ""}
    )
    assert response.status_code == 200
    assert "Filen stor.pdf är större än 10 MB." in page(response)
    assert not PreRead.objects.exists()
    assert not PreReadAttachment.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("program.exe", b"MZ\x90\x00", content_type="application/pdf"),
            "Filen program.exe har en filtyp som inte tas emot.",
        ),
        (
            SimpleUploadedFile("falsk.pdf", b"MZ\x90\x00 not a pdf"),
            "Innehållet i filen falsk.pdf stämmer inte med filtypen pdf.",
        ),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_saved(
    meeting_world, client_for, upload, message
):
    w = meeting_world
    response = client_for(w.fk_user).post(
        submit_url(w.upcoming, w.fk),
        {"text": "Text", "files": [pdf("ok.pdf"), upload], "version": ""},
    )
    assert response.status_code == 200
    assert message in page(response)
    assert not PreRead.objects.exists()
    assert not PreReadAttachment.objects.exists()


def test_more_than_ten_files_are_refused(meeting_world, client_for):
    w = meeting_world
    files = [pdf(f"fil{n}.pdf") for n in range(11)]
    response = client_for(w.fk_user).post(
        submit_url(w.upcoming, w.fk), {"text": "Text", "files": files, "version": ""}
    )
    assert response.status_code == 200
    assert "Bifoga högst 10 filer åt gången." in page(response)
    assert not PreRead.objects.exists()


def test_an_empty_pre_read_is_refused(meeting_world, client_for):
    w = meeting_world
    response = client_for(w.fk_user).post(
        submit_url(w.upcoming, w.fk), {"text": "  ", "version": ""}
    )
    assert response.status_code == 200
    assert "Skriv informationen eller bifoga minst en fil." in page(response)
    assert not PreRead.objects.exists()


def test_a_stale_edit_is_refused_with_409(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    services.submit_pre_read(meeting, w.fk, text="Först", by=w.fk_user)
    services.submit_pre_read(meeting, w.fk, text="Kollegans ändring", by=w.fk_user)
    response = client_for(w.fk_user).post(
        submit_url(meeting, w.fk), {"text": "Min ändring", "files": [pdf()], "version": "1"}
    )
    assert response.status_code == 409
    assert str(STALE_EDIT_MESSAGE) in page(response)
    pre_read = PreRead.objects.get(meeting=meeting)
    assert pre_read.text == "Kollegans ändring"
    assert not pre_read.attachments.exists()


def test_a_pre_read_sent_meanwhile_by_a_colleague_is_kept(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    services.submit_pre_read(meeting, w.fk, text="Kollegans", by=w.fk_user)
    response = client_for(w.fk_user).post(submit_url(meeting, w.fk), {"text": "Min", "version": ""})
    assert response.status_code == 409
    assert PreRead.objects.get(meeting=meeting).text == "Kollegans"


def test_nothing_is_accepted_for_a_cancelled_meeting(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    services.cancel_meeting(meeting, reason="Sjukdom", by=w.coordinator_user)
    response = client_for(w.fk_user).post(
        submit_url(meeting, w.fk), {"text": "Text", "version": ""}, follow=True
    )
    assert "Mötet är inställt." in page(response)
    assert not PreRead.objects.exists()


# --- Who may write ----------------------------------------------------------------------------


def test_a_member_may_not_write_for_another_party(meeting_world, client_for):
    w = meeting_world
    client = client_for(w.fk_user)
    assert client.get(submit_url(w.upcoming, w.af)).status_code == 403
    response = client.post(submit_url(w.upcoming, w.af), {"text": "Skrivet av FK", "version": ""})
    assert response.status_code == 403
    assert not PreRead.objects.exists()


def test_the_coordinator_without_a_party_may_not_write_a_pre_read(meeting_world, client_for):
    w = meeting_world
    client = client_for(w.coordinator_user)
    assert client.get(submit_url(w.upcoming, w.fk)).status_code == 403
    assert client.post(submit_url(w.upcoming, w.fk), {"text": "x"}).status_code == 403
    assert not PreRead.objects.exists()


@pytest.mark.parametrize("who", ["reader", "other_admin"])
def test_users_who_may_not_see_the_group_get_404(meeting_world, client_for, who):
    w = meeting_world
    client = client_for(getattr(w, who))
    assert client.get(submit_url(w.upcoming, w.fk)).status_code == 404
    assert client.post(submit_url(w.upcoming, w.fk), {"text": "x"}).status_code == 404
    assert client.get(list_url(w.upcoming)).status_code == 404
    assert not PreRead.objects.exists()


def test_the_list_shows_each_user_the_parties_they_may_write_for(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    services.submit_pre_read(meeting, w.af, text="AF:s läge", by=w.af_user)
    fk_page = page(client_for(w.fk_user).get(list_url(meeting)))
    assert submit_url(meeting, w.fk) in fk_page
    assert submit_url(meeting, w.af) not in fk_page
    assert "AF:s läge" in fk_page
    assert "saknas" in fk_page
    assert "Skicka påminnelse" not in fk_page
    af_page = page(client_for(w.af_user).get(list_url(meeting)))
    assert submit_url(meeting, w.af) in af_page
    assert "Ändra" in af_page
    coordinator_page = page(client_for(w.coordinator_user).get(list_url(meeting)))
    assert "Skicka påminnelse till de parter som saknas" in coordinator_page
    assert reverse("meetings:pack_pdf", args=[meeting.pk]) in coordinator_page
    assert submit_url(meeting, w.fk) not in coordinator_page


def test_the_list_says_whether_the_rules_require_pre_reads(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    client = client_for(w.fk_user)
    assert "frivillig" in page(client.get(list_url(meeting)))
    type(meeting).objects.filter(pk=meeting.pk).update(pre_reads_required=True)
    assert "inga informationspunkter" in page(client.get(list_url(meeting)))


# --- Attachments --------------------------------------------------------------------------------


def test_everyone_in_the_group_downloads_an_attachment(meeting_world, client_for):
    w = meeting_world
    pre_read = services.submit_pre_read(
        w.upcoming, w.fk, text="", files=[pdf("Läget i FK.pdf")], by=w.fk_user
    )
    item = pre_read.attachments.get()
    url = reverse("meetings:attachment", args=[item.pk])
    for user in (w.af_user, w.coordinator_user, w.school_user, w.admin):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Disposition"].startswith("attachment;")
        assert "L%C3%A4get%20i%20FK.pdf" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_an_attachment_is_hidden_from_those_outside_the_group(meeting_world, client_for):
    w = meeting_world
    pre_read = services.submit_pre_read(w.upcoming, w.fk, text="", files=[pdf()], by=w.fk_user)
    url = reverse("meetings:attachment", args=[pre_read.attachments.get().pk])
    assert client_for(w.reader).get(url).status_code == 404
    assert client_for(w.other_admin).get(url).status_code == 404
    anonymous = client_for(w.fk_user)
    anonymous.logout()
    response = anonymous.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- Reminders by hand and the pack -------------------------------------------------------------


def test_the_convener_reminds_the_missing_parties(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    services.submit_pre_read(meeting, w.fk, text="Klart", by=w.fk_user)
    response = client_for(w.coordinator_user).post(
        reverse("meetings:reminders", args=[meeting.pk]), follow=True
    )
    assert "En påminnelse skickades till 3 parter (3 personer)." in page(response)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["af@example.se", "ifo@example.se", "region@example.se"]
    reminders = PreReadReminder.objects.filter(meeting=meeting)
    assert {r.party for r in reminders} == {w.af, w.region, w.alby_party}
    assert all(r.sent_by == w.coordinator_user for r in reminders)
    assert "skickad av" in page(response)


def test_no_reminder_when_every_party_has_sent(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    every_party_sends(w, meeting, "Klart")
    response = client_for(w.coordinator_user).post(
        reverse("meetings:reminders", args=[meeting.pk]), follow=True
    )
    assert "Alla parter har lämnat förhandsinformation" in page(response)
    assert mail.outbox == []
    assert not PreReadReminder.objects.exists()


def test_only_conveners_send_reminders(meeting_world, client_for):
    w = meeting_world
    url = reverse("meetings:reminders", args=[w.upcoming.pk])
    assert client_for(w.fk_user).post(url).status_code == 403
    assert client_for(w.reader).post(url).status_code == 404
    assert client_for(w.coordinator_user).get(url).status_code == 405
    assert mail.outbox == []
    assert not PreReadReminder.objects.exists()


def test_the_pack_is_a_pdf_once_someone_has_sent(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    url = reverse("meetings:pack_pdf", args=[meeting.pk])
    client = client_for(w.coordinator_user)
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == list_url(meeting)
    assert "Ingen part har lämnat förhandsinformation ännu." in page(response)

    services.submit_pre_read(meeting, w.fk, text="FK:s läge", by=w.fk_user)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client_for(w.reader).get(url).status_code == 404


def test_the_list_reads_every_pre_read_without_a_query_per_party(
    meeting_world, client_for, django_assert_max_num_queries
):
    w = meeting_world
    meeting = w.upcoming
    every_party_sends(w, meeting, "Läget", with_files=True)
    services.send_pre_read_reminders(meeting, by=w.coordinator_user, parties=[w.af, w.fk])
    client = client_for(w.coordinator_user)
    with django_assert_max_num_queries(16):
        response = client.get(list_url(meeting))
    assert response.content.decode().count(">lagesbild.pdf</a>") == 4


def test_no_reminders_once_the_meeting_has_started(meeting_world, client_for):
    w = meeting_world
    response = client_for(w.coordinator_user).post(
        reverse("meetings:reminders", args=[w.past.pk]), follow=True
    )
    assert "Påminnelser skickas bara före mötet." in page(response)
    assert mail.outbox == []
    assert not PreReadReminder.objects.exists()
