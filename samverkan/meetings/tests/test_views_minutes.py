"""Minutes: drafting per agenda item, approving, publishing, versions, visibility and PDF."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samverkan.core.forms import STALE_EDIT_MESSAGE
from samverkan.meetings import services
from samverkan.meetings.models import ActionItem, AgendaItem, MinuteEntry, Minutes
from tests.pdf_checks import tagged_pdf

pytestmark = pytest.mark.django_db

PUBLISHED_LOCKED = str(services.PUBLISHED_MINUTES_LOCKED)
APPROVED_LOCKED = str(services.APPROVED_MINUTES_LOCKED)


def minutes_url(meeting):
    return reverse("meetings:minutes", args=[meeting.pk])


def action_url(meeting, action):
    return reverse("meetings:minutes_action", args=[meeting.pk, action])


def version_url(meeting, number):
    return reverse("meetings:minutes_version", args=[meeting.pk, number])


def pdf_url(meeting, number):
    return reverse("meetings:minutes_pdf", args=[meeting.pk, number])


@pytest.fixture
def w(meeting_world):
    w = meeting_world
    w.decision_item = AgendaItem.objects.create(
        meeting=w.past, order=5, title="Lokal överenskommelse (LÖK)", kind="decision"
    )
    return w


def form_data(minutes, **texts):
    """The edit form as posted: the hidden version fields and every entry's text."""
    data = {"number": minutes.number, "version": minutes.version, "other_notes": ""}
    for entry in minutes.entries.all():
        data[f"entry_{entry.pk}_notes"] = entry.notes
        data[f"entry_{entry.pk}_decision"] = entry.decision
    data.update(texts)
    return data


def entry_for(minutes, title):
    return minutes.entries.get(title=title)


def started(w, client):
    assert client.post(action_url(w.past, "start")).status_code == 302
    return w.past.current_minutes()


def written_and_published(w, client, notes="Alby berättade om tre lyckade Trisam-ärenden."):
    minutes = started(w, client)
    trisam = entry_for(minutes, "Erfarenheter från Trisam")
    lok = entry_for(minutes, w.decision_item.title)
    data = form_data(
        minutes,
        **{
            f"entry_{trisam.pk}_notes": notes,
            f"entry_{lok.pk}_decision": "Mysam ställer sig bakom LÖK 2026.",
        },
    )
    assert client.post(minutes_url(w.past), data).status_code == 302
    assert client.post(action_url(w.past, "approve")).status_code == 302
    assert client.post(action_url(w.past, "publish")).status_code == 302
    minutes.refresh_from_db()
    return minutes


def test_start_gives_an_entry_per_agenda_item(w, client_for):
    client = client_for(w.coordinator_user)
    page = client.get(minutes_url(w.past))
    assert "Börja skriva minnesanteckningar" in page.content.decode()
    assert not Minutes.objects.filter(meeting=w.past).exists()

    minutes = started(w, client)
    assert minutes.number == 1 and minutes.is_draft
    assert minutes.written_by == w.coordinator_user
    agenda = list(w.past.agenda_items.order_by("order", "pk"))
    assert [entry.agenda_item_id for entry in minutes.entries.order_by("order")] == [
        item.pk for item in agenda
    ]
    body = client.get(minutes_url(w.past)).content.decode()
    # The form labels each entry with its agenda item.
    for item in agenda:
        assert f"<legend>{agenda.index(item) + 1}. {item.title}</legend>" in body
    assert "Spara" in body and "Godkänn" in body
    # Starting again keeps the one draft.
    started(w, client)
    assert Minutes.objects.filter(meeting=w.past).count() == 1


def test_write_approve_and_publish(w, client_for):
    client = client_for(w.coordinator_user)
    minutes = started(w, client)
    trisam = entry_for(minutes, "Erfarenheter från Trisam")
    lok = entry_for(minutes, w.decision_item.title)
    data = form_data(
        minutes,
        other_notes="Nästa möte hålls i Bergby.",
        **{
            f"entry_{trisam.pk}_notes": "Tre ärenden avslutade.",
            f"entry_{lok.pk}_decision": "LÖK antas.",
        },
    )
    response = client.post(minutes_url(w.past), data)
    assert response.status_code == 302
    trisam.refresh_from_db()
    lok.refresh_from_db()
    minutes.refresh_from_db()
    assert trisam.notes == "Tre ärenden avslutade."
    assert lok.decision == "LÖK antas."
    assert minutes.other_notes == "Nästa möte hålls i Bergby."
    assert minutes.is_draft

    # "Godkänn" in the form saves what was written and approves.
    data = form_data(minutes, **{f"entry_{trisam.pk}_notes": "Fyra ärenden avslutade."})
    data["approve"] = "1"
    assert client.post(minutes_url(w.past), data).status_code == 302
    minutes.refresh_from_db()
    trisam.refresh_from_db()
    assert trisam.notes == "Fyra ärenden avslutade."
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_by == w.coordinator_user and minutes.approved_at is not None

    body = client.get(minutes_url(w.past)).content.decode()
    assert "Publicera" in body and "Återöppna som utkast" in body
    assert 'name="entry_' not in body  # read-only now

    # Reopen and approve again through the actions, then publish.
    assert client.post(action_url(w.past, "reopen")).status_code == 302
    minutes.refresh_from_db()
    assert minutes.is_draft and minutes.approved_at is None
    assert client.post(action_url(w.past, "approve")).status_code == 302
    assert client.post(action_url(w.past, "publish")).status_code == 302
    minutes.refresh_from_db()
    assert minutes.is_published and minutes.published_by == w.coordinator_user

    # The group reads what was published.
    member_page = client_for(w.fk_user).get(minutes_url(w.past)).content.decode()
    assert "Fyra ärenden avslutade." in member_page
    assert "LÖK antas." in member_page
    assert "Ändra (skapar ny version)" not in member_page
    assert "Ändra (skapar ny version)" in client.get(minutes_url(w.past)).content.decode()


def test_publishing_needs_approval_first(w, client_for):
    client = client_for(w.coordinator_user)
    minutes = started(w, client)
    response = client.post(action_url(w.past, "publish"), follow=True)
    assert "Minnesanteckningarna måste godkännas innan de publiceras." in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.is_draft and minutes.published_at is None


def test_editing_published_minutes_in_place_is_refused(w, client_for):
    client = client_for(w.coordinator_user)
    minutes = written_and_published(w, client)
    trisam = entry_for(minutes, "Erfarenheter från Trisam")
    before = list(MinuteEntry.objects.filter(minutes=minutes).values_list("notes", "decision"))

    data = form_data(minutes, **{f"entry_{trisam.pk}_notes": "Omskrivet i efterhand."})
    response = client.post(minutes_url(w.past), data)
    assert response.status_code == 409
    assert PUBLISHED_LOCKED in response.content.decode()
    assert (
        list(MinuteEntry.objects.filter(minutes=minutes).values_list("notes", "decision")) == before
    )
    minutes.refresh_from_db()
    assert minutes.is_published


def test_editing_approved_minutes_is_refused(w, client_for):
    client = client_for(w.coordinator_user)
    minutes = started(w, client)
    trisam = entry_for(minutes, "Erfarenheter från Trisam")
    assert client.post(action_url(w.past, "approve")).status_code == 302
    minutes.refresh_from_db()
    data = form_data(minutes, **{f"entry_{trisam.pk}_notes": "Ändrat efter godkännandet."})
    response = client.post(minutes_url(w.past), data)
    assert response.status_code == 409
    assert APPROVED_LOCKED in response.content.decode()
    trisam.refresh_from_db()
    assert trisam.notes == ""


def test_stale_edit_is_refused(w, client_for):
    client = client_for(w.coordinator_user)
    minutes = started(w, client)
    trisam = entry_for(minutes, "Erfarenheter från Trisam")
    first = form_data(minutes, **{f"entry_{trisam.pk}_notes": "Först sparat."})
    second = form_data(minutes, **{f"entry_{trisam.pk}_notes": "Sparat från en gammal sida."})
    assert client.post(minutes_url(w.past), first).status_code == 302
    response = client.post(minutes_url(w.past), second)
    assert response.status_code == 409
    assert str(STALE_EDIT_MESSAGE) in response.content.decode()
    trisam.refresh_from_db()
    assert trisam.notes == "Först sparat."


def test_new_version_keeps_the_published_one_unchanged(w, client_for):
    client = client_for(w.coordinator_user)
    v1 = written_and_published(w, client, notes="Version ett.")
    page = client.get(action_url(w.past, "new_version"))
    assert page.status_code == 200
    assert "Vad ska ändras och varför?" in page.content.decode()

    # A change note is required.
    response = client.post(action_url(w.past, "new_version"), {"change_note": " "})
    assert response.status_code == 200
    assert "Skriv kort vad som ska ändras och varför." in response.content.decode()
    assert w.past.minutes_versions.count() == 1

    response = client.post(
        action_url(w.past, "new_version"), {"change_note": "Rättat antalet ärenden."}
    )
    assert response.status_code == 302
    v2 = w.past.current_minutes()
    assert (v2.number, v2.status, v2.change_note) == (2, "draft", "Rättat antalet ärenden.")
    trisam2 = entry_for(v2, "Erfarenheter från Trisam")
    assert trisam2.notes == "Version ett."

    data = form_data(v2, **{f"entry_{trisam2.pk}_notes": "Version två."})
    assert client.post(minutes_url(w.past), data).status_code == 302
    trisam2.refresh_from_db()
    assert trisam2.notes == "Version två."
    assert entry_for(v1, "Erfarenheter från Trisam").notes == "Version ett."

    # An edit aimed at version 1 is still refused while version 2 is the draft.
    data = form_data(v1, **{f"entry_{entry_for(v1, 'Erfarenheter från Trisam').pk}_notes": "X"})
    response = client.post(minutes_url(w.past), data)
    assert response.status_code == 409
    assert PUBLISHED_LOCKED in response.content.decode()
    assert entry_for(v1, "Erfarenheter från Trisam").notes == "Version ett."

    # Until version 2 is published the group reads version 1.
    member = client_for(w.fk_user)
    body = member.get(minutes_url(w.past)).content.decode()
    assert "Version ett." in body and "Version två." not in body
    assert member.get(version_url(w.past, 2)).status_code == 404

    assert client.post(action_url(w.past, "approve")).status_code == 302
    assert client.post(action_url(w.past, "publish")).status_code == 302
    body = member.get(minutes_url(w.past)).content.decode()
    assert "Version två." in body
    assert "Rättat antalet ärenden." in body
    old = member.get(version_url(w.past, 1))
    assert old.status_code == 200
    old_body = old.content.decode()
    assert "Version ett." in old_body
    assert "Ersatt av version 2" in old_body
    assert "Ersatt av version" not in member.get(version_url(w.past, 2)).content.decode()


def test_new_version_only_from_published_minutes(w, client_for):
    client = client_for(w.coordinator_user)
    started(w, client)
    response = client.post(action_url(w.past, "new_version"), {"change_note": "Något"})
    assert response.status_code == 302
    assert w.past.minutes_versions.count() == 1


def test_drafts_and_approved_versions_are_hidden_from_the_group(w, client_for):
    client = client_for(w.coordinator_user)
    minutes = started(w, client)
    trisam = entry_for(minutes, "Erfarenheter från Trisam")
    data = form_data(minutes, **{f"entry_{trisam.pk}_notes": "Hemligt utkast."})
    client.post(minutes_url(w.past), data)

    member = client_for(w.fk_user)
    page = member.get(minutes_url(w.past))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Minnesanteckningarna är inte publicerade än." in body
    assert "Hemligt utkast." not in body
    assert "Börja skriva minnesanteckningar" not in body
    assert member.get(version_url(w.past, 1)).status_code == 404
    assert member.get(pdf_url(w.past, 1)).status_code == 404

    client.post(action_url(w.past, "approve"))
    assert "Hemligt utkast." not in member.get(minutes_url(w.past)).content.decode()
    assert member.get(version_url(w.past, 1)).status_code == 404
    # The one writing them reads the approved version.
    assert "Hemligt utkast." in client.get(version_url(w.past, 1)).content.decode()


def test_published_version_shows_the_action_items_as_published(w, client_for):
    client = client_for(w.coordinator_user)
    started(w, client)
    item = ActionItem.objects.create(meeting=w.past, title="Bjuda in AF:s chef", owner=w.af_manager)
    client.post(action_url(w.past, "approve"))
    client.post(action_url(w.past, "publish"))
    ActionItem.objects.filter(pk=item.pk).update(title="Ändrad rad i databasen")
    body = client_for(w.fk_user).get(version_url(w.past, 1)).content.decode()
    assert "Bjuda in AF:s chef" in body
    assert "Anna Arbetsson" in body
    assert "Ändrad rad i databasen" not in body


def test_minutes_pdf(w, client_for):
    client = client_for(w.coordinator_user)
    services.record_attendance(
        w.past,
        [
            (w.fk_manager, "substitute", w.reader_person, "member"),
            (w.af_manager, "absent", None, "member"),
            (w.region_manager, "present", None, "member"),
        ],
        by=w.coordinator_user,
    )
    started(w, client)
    ActionItem.objects.create(
        meeting=w.past, title="Sammanställa statistik", owner=w.region_manager
    )
    written_and_published(w, client, notes="Anteckning i PDF:en.")

    response = client_for(w.fk_user).get(pdf_url(w.past, 1))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "Mysam Alby",
        "Anteckning i PDF:en.",
        "Mysam ställer sig bakom LÖK 2026.",
        "Lars Läsare för Fredrik Kassasson",
        "Anna Arbetsson",
        "Sammanställa statistik",
        "Publicerat",
    ):
        assert expected in text
    document = tagged_pdf(response.content)
    assert document.title.startswith("Minnesanteckningar – Mysam Alby ")
    assert document.language == "sv"
    assert {"H1", "Table", "TH", "TD"} <= document.structure_types


def test_minutes_action_access(w, client_for):
    for user in (w.reader, w.other_admin):
        client = client_for(user)
        assert client.post(action_url(w.past, "start")).status_code == 404
        assert client.get(minutes_url(w.past)).status_code == 404
    member = client_for(w.fk_user)
    assert member.post(action_url(w.past, "start")).status_code == 403
    assert not Minutes.objects.filter(meeting=w.past).exists()

    admin = client_for(w.admin)
    assert admin.post(action_url(w.past, "start")).status_code == 302
    minutes = w.past.current_minutes()
    assert admin.get(action_url(w.past, "approve")).status_code == 405
    assert admin.post(action_url(w.past, "unknown")).status_code == 404

    assert member.post(action_url(w.past, "approve")).status_code == 403
    data = form_data(minutes)
    assert member.post(minutes_url(w.past), data).status_code == 403
    minutes.refresh_from_db()
    assert minutes.is_draft and minutes.version == 1


def test_stale_action_is_refused(w, client_for):
    client = client_for(w.coordinator_user)
    minutes = started(w, client)
    client.post(action_url(w.past, "approve"))
    minutes.refresh_from_db()
    seen = minutes.version
    client.post(action_url(w.past, "reopen"), {"version": seen})
    client.post(action_url(w.past, "approve"))
    response = client.post(action_url(w.past, "publish"), {"version": seen}, follow=True)
    assert str(STALE_EDIT_MESSAGE) in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED


def test_version_pages_access(w, client_for):
    client = client_for(w.coordinator_user)
    written_and_published(w, client)
    for user in (w.coordinator_user, w.admin, w.fk_user):
        c = client_for(user)
        assert c.get(version_url(w.past, 1)).status_code == 200
        assert c.get(pdf_url(w.past, 1)).status_code == 200
    for user in (w.reader, w.other_admin):
        c = client_for(user)
        assert c.get(version_url(w.past, 1)).status_code == 404
        assert c.get(pdf_url(w.past, 1)).status_code == 404
    assert client.get(version_url(w.past, 7)).status_code == 404
