"""Attaching the dashboard's PDF report to a coming meeting's pre-read pack, in one step."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from samverkan.meetings import series, services
from samverkan.meetings.models import MeetingDocument
from tests.factories import TODAY, at, signed_in

from .test_views_dashboard import (
    URL,
    more_cases,
    mysam_member,  # noqa: F401 (a fixture)
)

ATTACH = reverse("followup:dashboard_attach")


@pytest.fixture
def coming(goal_cases):
    """A Mysam meeting of Alby next week, and one of Bergby."""
    w = goal_cases
    more_cases(w, women=6, men=5)
    w.meeting = series.create_meeting(
        w.mysam, at(TODAY + datetime.timedelta(days=7)), duration_minutes=90
    )
    return w


def query(w):
    return f"?year=2025&part=year&municipality={w.alby.pk}"


def test_a_convener_attaches_the_report_to_the_coming_meeting_in_one_step(coming):
    w = coming
    client = signed_in(w.kansli)
    page = client.get(URL + query(w)).content.decode()
    assert "Bifoga PDF-rapporten till förhandsinformationen för mötet" in page
    assert f'<option value="{w.meeting.pk}">Mysam Alby' in page

    response = client.post(ATTACH + query(w), {"meeting": w.meeting.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:pre_reads", args=[w.meeting.pk])
    [document] = MeetingDocument.objects.filter(meeting=w.meeting)
    assert document.title == "Uppföljning av Trisams mål – Alby, 2025"
    with document.file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"

    pre_reads = client.get(response["Location"]).content.decode()
    assert "Rapporten är bifogad förhandsinformationen till mötet" in pre_reads
    assert reverse("meetings:document", args=[document.pk]) in pre_reads
    pack = client.get(reverse("meetings:pack_pdf", args=[w.meeting.pk]))
    assert pack.status_code == 200 and pack["Content-Type"] == "application/pdf"

    # Again: the same report replaces the first, not a second copy.
    client.post(ATTACH + query(w), {"meeting": w.meeting.pk})
    assert MeetingDocument.objects.filter(meeting=w.meeting).count() == 1


def test_the_groups_members_download_it_and_others_do_not(coming, mysam_member):  # noqa: F811
    w = coming
    signed_in(w.kansli).post(ATTACH + query(w), {"meeting": w.meeting.pk})
    document = MeetingDocument.objects.get(meeting=w.meeting)
    url = reverse("meetings:document", args=[document.pk])
    response = signed_in(mysam_member).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert signed_in(w.af_user).get(url).status_code in (403, 404)


def test_only_who_runs_the_meeting_attaches_and_only_to_the_chosen_municipalitys(
    coming,
    mysam_member,  # noqa: F811
):
    w = coming
    # A member who does not convene: no form, and the step is refused.
    page = signed_in(mysam_member).get(URL + query(w)).content.decode()
    assert "Bifoga PDF-rapporten" not in page
    assert (
        signed_in(mysam_member).post(ATTACH + query(w), {"meeting": w.meeting.pk}).status_code
        == 403
    )
    # The report of another municipality is not offered to Alby's meeting.
    other = f"?year=2025&part=year&municipality={w.bergby.pk}"
    assert signed_in(w.kansli).post(ATTACH + other, {"meeting": w.meeting.pk}).status_code == 403
    assert not MeetingDocument.objects.exists()


def test_bad_choices_change_nothing(coming):
    w = coming
    client = signed_in(w.kansli)
    response = client.post(ATTACH + "?year=2025&part=q9", {"meeting": w.meeting.pk})
    assert response.status_code == 400
    assert "Välj helår, ett halvår eller ett kvartal." in response.content.decode()
    assert client.get(ATTACH + query(w)).status_code == 405
    assert not MeetingDocument.objects.exists()


def test_a_meeting_that_has_begun_takes_no_document(coming):
    w = coming
    held = series.create_meeting(
        w.mysam, at(TODAY - datetime.timedelta(days=7)), duration_minutes=90
    )
    with pytest.raises(ValidationError, match="Mötet har redan börjat"):
        services.attach_document(held, title="Rapport", content=b"%PDF-1.7", by=None)
    page = signed_in(w.kansli).get(URL + query(w)).content.decode()
    assert f'<option value="{held.pk}">Mysam Alby' not in page


def test_the_attached_report_shows_what_the_meetings_readers_may_see(coming):
    w = coming
    client = signed_in(w.kansli)
    # The kansli reads time accounts on the page; a Mysam group's readers do not.
    assert "Tid i Mysam mot åtagandena (timmar)" in client.get(URL + query(w)).content.decode()
    client.post(ATTACH + query(w), {"meeting": w.meeting.pk})
    document = MeetingDocument.objects.get(meeting=w.meeting)
    with document.file.open("rb") as stored:
        text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(stored).pages)
    assert "Mysam-möten hållna av planerade" in text
    assert "Tid i Mysam mot åtagandena" not in text


def test_whoever_runs_the_meeting_removes_a_document(coming, mysam_member):  # noqa: F811
    w = coming
    signed_in(w.kansli).post(ATTACH + query(w), {"meeting": w.meeting.pk})
    document = MeetingDocument.objects.get(meeting=w.meeting)
    url = reverse("meetings:document_delete", args=[document.pk])
    assert signed_in(mysam_member).post(url).status_code in (403, 404)
    assert signed_in(w.kansli).get(url).status_code == 405
    assert MeetingDocument.objects.filter(pk=document.pk).exists()
    kansli = signed_in(w.kansli)
    response = kansli.post(url)
    assert response.status_code == 302
    assert not MeetingDocument.objects.filter(pk=document.pk).exists()
    page = kansli.get(response["Location"]).content.decode()
    assert "är borttaget" in page
