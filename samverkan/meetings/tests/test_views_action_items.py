"""Action items: decided in draft minutes, carried to later meetings until closed, and who may
report their status."""

import datetime

import pytest
from django.urls import reverse

from samverkan.core.forms import STALE_EDIT_MESSAGE
from samverkan.meetings import series, services
from samverkan.meetings.models import ActionItem
from tests.factories import TODAY, at

pytestmark = pytest.mark.django_db

LOCKED = "kan bara läggas till eller ändras medan minnesanteckningarna är ett utkast"


def minutes_url(meeting):
    return reverse("meetings:minutes", args=[meeting.pk])


def create_url(meeting):
    return reverse("meetings:action_item_create", args=[meeting.pk])


def edit_url(item):
    return reverse("meetings:action_item_edit", args=[item.pk])


def status_url(item, at_meeting=None):
    url = reverse("meetings:action_item_status", args=[item.pk])
    return f"{url}?meeting={at_meeting.pk}" if at_meeting else url


def item_data(w, **fields):
    data = {
        "title": "Ta fram lägesbild för unga vuxna",
        "agenda_item": w.past.agenda_items.first().pk,
        "owner": w.fk_manager.pk,
        "due_on": (w.past.day + datetime.timedelta(days=20)).isoformat(),
    }
    data.update(fields)
    return data


def status_data(item, **fields):
    data = {
        "status": "done",
        "closed_on": TODAY.isoformat(),
        "note": "",
        "version": item.version,
        "meeting": "",
    }
    data.update(fields)
    return data


@pytest.fixture
def w(meeting_world):
    w = meeting_world
    services.start_minutes(w.past, by=w.coordinator_user)
    return w


def decided(w, **fields):
    fields.setdefault("title", "Bjuda in Arbetsförmedlingens chef")
    fields.setdefault("owner", w.fk_manager)
    return ActionItem.objects.create(meeting=w.past, **fields)


def test_create_and_edit_while_the_minutes_are_a_draft(w, client_for):
    client = client_for(w.coordinator_user)
    page = client.get(create_url(w.past))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Ny åtgärd" in body
    # Only this meeting's agenda items are offered.
    assert list(page.context["form"].fields["agenda_item"].queryset) == list(
        w.past.agenda_items.all()
    )

    response = client.post(create_url(w.past), item_data(w))
    assert response.status_code == 302
    item = ActionItem.objects.get(meeting=w.past)
    assert (item.title, item.owner, item.status) == (
        "Ta fram lägesbild för unga vuxna",
        w.fk_manager,
        "open",
    )
    body = client.get(minutes_url(w.past)).content.decode()
    assert "Ta fram lägesbild för unga vuxna" in body
    assert edit_url(item) in body

    response = client.post(
        edit_url(item), item_data(w, title="Lägesbild, unga vuxna", version=item.version)
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Lägesbild, unga vuxna"

    stale = client.post(edit_url(item), item_data(w, title="Gammal sida", version=1))
    assert stale.status_code == 409
    assert str(STALE_EDIT_MESSAGE) in stale.content.decode()
    item.refresh_from_db()
    assert item.title == "Lägesbild, unga vuxna"


def test_due_date_before_the_meeting_is_refused(w, client_for):
    client = client_for(w.coordinator_user)
    early = (w.past.day - datetime.timedelta(days=1)).isoformat()
    response = client.post(create_url(w.past), item_data(w, due_on=early))
    assert response.status_code == 200
    assert "Datumet kan inte ligga före mötet." in response.content.decode()
    assert not ActionItem.objects.exists()


def test_owner_and_title_are_required(w, client_for):
    response = client_for(w.coordinator_user).post(
        create_url(w.past), item_data(w, title="", owner="")
    )
    body = response.content.decode()
    assert "Skriv vad som ska göras." in body
    assert "Välj vem som ansvarar för åtgärden." in body
    assert not ActionItem.objects.exists()


def test_action_items_are_refused_unless_the_minutes_are_a_draft(w, client_for):
    client = client_for(w.coordinator_user)
    item = decided(w)
    # Not started: the upcoming meeting has no minutes.
    response = client.post(create_url(w.upcoming), item_data(w))
    assert response.status_code == 409
    assert LOCKED in response.content.decode()

    services.approve_minutes(w.past.current_minutes(), by=w.coordinator_user)
    assert client.get(create_url(w.past)).status_code == 409
    response = client.post(create_url(w.past), item_data(w))
    assert response.status_code == 409
    assert LOCKED in response.content.decode()
    response = client.post(edit_url(item), item_data(w, title="Ändrad", version=item.version))
    assert response.status_code == 409
    assert ActionItem.objects.count() == 1
    item.refresh_from_db()
    assert item.title == "Bjuda in Arbetsförmedlingens chef"
    assert "Ny åtgärd" not in client.get(minutes_url(w.past)).content.decode()


def test_create_and_edit_access(w, client_for):
    item = decided(w)
    for user in (w.reader, w.other_admin):
        client = client_for(user)
        assert client.get(create_url(w.past)).status_code == 404
        assert client.post(edit_url(item), item_data(w, version=item.version)).status_code == 404
    member = client_for(w.fk_user)
    assert member.get(create_url(w.past)).status_code == 403
    assert member.post(create_url(w.past), item_data(w)).status_code == 403
    assert member.post(edit_url(item), item_data(w, version=item.version)).status_code == 403
    assert ActionItem.objects.count() == 1
    admin = client_for(w.admin)
    assert admin.post(create_url(w.past), item_data(w)).status_code == 302
    assert ActionItem.objects.count() == 2


def test_open_items_are_carried_to_later_meetings_until_closed(w, client_for):
    client = client_for(w.coordinator_user)
    assert client.post(create_url(w.past), item_data(w)).status_code == 302
    item = ActionItem.objects.get()
    between = series.create_meeting(w.mysam, at(TODAY - datetime.timedelta(days=10)))

    for meeting in (between, w.upcoming):
        body = client.get(minutes_url(meeting)).content.decode()
        assert "Åtgärder från tidigare möten" in body
        assert "Ta fram lägesbild för unga vuxna" in body
        assert status_url(item, meeting) in body
    # Not on the meeting it was decided at, as carried.
    assert "Åtgärder från tidigare möten" not in client.get(minutes_url(w.past)).content.decode()

    # Closed five days ago: after the meeting in between, before the upcoming one.
    closed_on = TODAY - datetime.timedelta(days=5)
    response = client.post(
        status_url(item, between),
        status_data(item, closed_on=closed_on.isoformat(), meeting=between.pk),
        follow=True,
    )
    # Back to the minutes of the meeting it was closed at.
    assert response.redirect_chain[-1][0] == minutes_url(between) + "#atgarder"
    item.refresh_from_db()
    assert (item.status, item.closed_on, item.closed_at_meeting) == ("done", closed_on, between)

    assert (
        "Ta fram lägesbild för unga vuxna"
        not in client.get(minutes_url(w.upcoming)).content.decode()
    )
    body = client.get(minutes_url(between)).content.decode()
    assert "Ta fram lägesbild för unga vuxna" in body
    assert "Klar" in body


def test_closing_at_a_meeting_must_be_a_later_meeting_of_the_group(w, client_for):
    client = client_for(w.coordinator_user)
    item = decided(w)
    earlier = series.create_meeting(w.mysam, at(TODAY - datetime.timedelta(days=60)))
    for meeting in (earlier, w.past):
        response = client.post(status_url(item), status_data(item, meeting=meeting.pk))
        assert response.status_code == 200
        assert "Åtgärden kan bara avslutas på ett senare möte i samma grupp." in (
            response.content.decode()
        )
    item.refresh_from_db()
    assert item.is_open and item.closed_at_meeting is None


def test_closed_date_before_the_meeting_is_refused(w, client_for):
    item = decided(w)
    early = (w.past.day - datetime.timedelta(days=2)).isoformat()
    response = client_for(w.coordinator_user).post(
        status_url(item), status_data(item, closed_on=early)
    )
    assert response.status_code == 200
    assert "Datumet kan inte ligga före mötet." in response.content.decode()
    item.refresh_from_db()
    assert item.is_open and item.closed_on is None


def test_owner_updates_status_other_members_may_not(w, client_for):
    item = decided(w, owner=w.fk_manager)
    owner = client_for(w.fk_user)
    page = owner.get(status_url(item))
    assert page.status_code == 200
    assert page.context["form"].initial["closed_on"] == TODAY

    other_member = client_for(w.af_user)
    assert other_member.get(status_url(item)).status_code == 403
    assert other_member.post(status_url(item), status_data(item)).status_code == 403
    for outsider in (w.reader, w.other_admin):
        assert client_for(outsider).get(status_url(item)).status_code == 404
        assert client_for(outsider).post(status_url(item), status_data(item)).status_code == 404
    item.refresh_from_db()
    assert item.is_open

    response = owner.post(status_url(item), status_data(item, status="dropped", note="Ej aktuell"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.closed_on, item.status_note) == ("dropped", TODAY, "Ej aktuell")

    # Reopened by a convener: open again, without a closing date.
    response = client_for(w.coordinator_user).post(
        status_url(item), status_data(item, status="open")
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_open and item.closed_on is None


def test_stale_status_form_is_refused(w, client_for):
    item = decided(w)
    client = client_for(w.coordinator_user)
    old = status_data(item)
    assert client.post(status_url(item), status_data(item, status="dropped")).status_code == 302
    response = client.post(status_url(item), old)
    assert response.status_code == 409
    assert str(STALE_EDIT_MESSAGE) in response.content.decode()
    item.refresh_from_db()
    assert item.status == "dropped"
