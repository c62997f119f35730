"""The agenda: items with kinds and minutes, the rules on information items and length, order,
the follow-up of earlier action items, and the PDF."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from samverkan.meetings import series, services
from samverkan.meetings.models import ActionItem, AgendaItem, Minutes
from samverkan.structure.models import GroupKind
from tests.factories import TODAY, at, make_decision, make_rule, publish
from tests.pdf_checks import tagged_pdf

pytestmark = pytest.mark.django_db


def agenda_url(meeting):
    return reverse("meetings:agenda", args=[meeting.pk])


def text_of(response):
    return response.content.decode()


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


def item_data(**fields):
    data = {"title": "Ny rutin för samordning", "kind": "decision", "minutes_allotted": 20}
    data.update(fields)
    return data


def titles(meeting):
    return list(meeting.agenda_items.order_by("order", "pk").values_list("title", flat=True))


@pytest.fixture
def no_information_meeting(meeting_world):
    """A meeting under a later decision: no information items, the parties send pre-reads."""
    w = meeting_world
    decision = make_decision(
        w.federation, title="Mysam 2022", effective_from=TODAY - datetime.timedelta(days=1)
    )
    make_rule(decision, GroupKind.MYSAM, information_items_allowed=False, pre_reads_required=True)
    return series.create_meeting(w.mysam, at(TODAY + datetime.timedelta(days=21)))


# --- Reading -----------------------------------------------------------------------------------


def test_agenda_page_shows_items_and_total(meeting_world, client_for):
    w = meeting_world
    response = client_for(w.fk_user).get(agenda_url(w.upcoming))
    html = text_of(response)
    assert response.status_code == 200
    assert "Erfarenheter från Trisam" in html
    assert "10 av 90" in html
    assert "time-total--over" not in html
    assert reverse("meetings:agenda_pdf", args=[w.upcoming.pk]) in html
    # A reader gets no form and no buttons to change the agenda.
    item = w.upcoming.agenda_items.get()
    assert "Lägg till punkten" not in html
    assert reverse("meetings:agenda_item_edit", args=[item.pk]) not in html
    assert reverse("meetings:agenda_item_move", args=[item.pk]) not in html


def test_agenda_page_gives_managers_the_form_and_row_buttons(meeting_world, client_for):
    w = meeting_world
    item = w.upcoming.agenda_items.get()
    html = text_of(client_for(w.coordinator_user).get(agenda_url(w.upcoming)))
    assert "Lägg till punkten" in html
    assert "Jag bekräftar att dagordningen får ta längre tid än mötet" in html
    assert reverse("meetings:agenda_item_edit", args=[item.pk]) in html
    assert reverse("meetings:agenda_item_delete", args=[item.pk]) in html


def test_agenda_shows_open_action_items_from_earlier_meetings(meeting_world, client_for):
    w = meeting_world
    ActionItem.objects.create(meeting=w.past, title="Kartlägg väntetider", owner=w.af_manager)
    ActionItem.objects.create(
        meeting=w.past,
        title="Redan klar",
        owner=w.af_manager,
        status=ActionItem.Status.DONE,
        closed_on=w.past.day,
    )
    member = client_for(w.fk_user)
    # While the past meeting's minutes are a draft, its action items are the conveners' only.
    assert "Kartlägg väntetider" not in text_of(member.get(agenda_url(w.upcoming)))
    assert "Kartlägg väntetider" in text_of(
        client_for(w.coordinator_user).get(agenda_url(w.upcoming))
    )
    minutes = services.start_minutes(w.past, by=w.coordinator_user)
    services.publish_minutes(services.approve_minutes(minutes, by=w.coordinator_user), by=None)

    html = text_of(member.get(agenda_url(w.upcoming)))
    follow_up = html[html.index("Uppföljning av åtgärder") :]
    assert "Kartlägg väntetider" in follow_up
    assert "Anna Arbetsson" in follow_up
    assert "Redan klar" not in html


@pytest.mark.parametrize("who", ["reader", "other_admin"])
def test_agenda_hidden_from_outsiders(meeting_world, client_for, who):
    w = meeting_world
    assert client_for(getattr(w, who)).get(agenda_url(w.upcoming)).status_code == 404


# --- Adding items --------------------------------------------------------------------------------


def test_manager_adds_an_item_at_the_end(meeting_world, client_for):
    w = meeting_world
    response = client_for(w.coordinator_user).post(
        agenda_url(w.upcoming), item_data(responsible=w.fk_manager.pk), follow=True
    )
    assert response.redirect_chain[-1][0] == agenda_url(w.upcoming)
    assert titles(w.upcoming) == ["Erfarenheter från Trisam", "Ny rutin för samordning"]
    item = w.upcoming.agenda_items.get(title="Ny rutin för samordning")
    assert (item.kind, item.minutes_allotted, item.responsible) == ("decision", 20, w.fk_manager)
    assert "30 av 90" in text_of(response)


def test_overrun_without_confirmation_is_refused(meeting_world, client_for):
    w = meeting_world
    response = client_for(w.coordinator_user).post(
        agenda_url(w.upcoming), item_data(minutes_allotted=85)
    )
    assert response.status_code == 200
    html = text_of(response)
    assert "Dagordningen tar 95 minuter men mötet är 90 minuter." in html
    assert "minutes_allotted" in response.context["form"].errors
    assert titles(w.upcoming) == ["Erfarenheter från Trisam"]


def test_overrun_with_confirmation_is_saved_and_marked(meeting_world, client_for):
    w = meeting_world
    response = client_for(w.coordinator_user).post(
        agenda_url(w.upcoming), item_data(minutes_allotted=85, confirm_overrun="on"), follow=True
    )
    assert titles(w.upcoming) == ["Erfarenheter från Trisam", "Ny rutin för samordning"]
    html = text_of(response)
    assert "time-total--over" in html
    assert "95 av 90" in html


def test_information_item_refused_where_the_rules_forbid_it(
    meeting_world, client_for, no_information_meeting
):
    w = meeting_world
    meeting = no_information_meeting
    before = titles(meeting)
    pre_reads_url = reverse("meetings:pre_reads", args=[meeting.pk])
    client = client_for(w.coordinator_user)
    page = text_of(client.get(agenda_url(meeting)))
    assert "har mötet inga informationspunkter" in page  # explained before anyone tries
    assert pre_reads_url in page
    response = client.post(agenda_url(meeting), item_data(kind="information", title="Läget på AF"))
    html = text_of(response)
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert "Parterna lämnar sin information som förhandsinformation före mötet." in html
    assert html.count(f'href="{pre_reads_url}"') >= 3  # tab, the rule notice and the refusal
    assert titles(meeting) == before


def test_information_item_allowed_where_the_rules_allow_it(meeting_world, client_for):
    w = meeting_world
    assert w.upcoming.information_items_allowed
    client_for(w.coordinator_user).post(
        agenda_url(w.upcoming), item_data(kind="information", title="Läget på AF")
    )
    assert w.upcoming.agenda_items.filter(kind="information", title="Läget på AF").exists()


def test_item_needs_a_title_and_sensible_minutes(meeting_world, client_for):
    w = meeting_world
    response = client_for(w.coordinator_user).post(
        agenda_url(w.upcoming), item_data(title="", minutes_allotted=0)
    )
    assert set(response.context["form"].errors) == {"title", "minutes_allotted"}
    assert "Formuläret innehåller fel" in text_of(response)
    assert titles(w.upcoming) == ["Erfarenheter från Trisam"]


def test_readers_cannot_add_items(meeting_world, client_for):
    w = meeting_world
    assert client_for(w.fk_user).post(agenda_url(w.upcoming), item_data()).status_code == 403
    assert client_for(w.reader).post(agenda_url(w.upcoming), item_data()).status_code == 404
    assert titles(w.upcoming) == ["Erfarenheter från Trisam"]


def test_agenda_locked_once_minutes_are_published(meeting_world, client_for):
    w = meeting_world
    Minutes.objects.create(meeting=w.past, number=1, status=Minutes.Status.PUBLISHED)
    client = client_for(w.coordinator_user)
    page = text_of(client.get(agenda_url(w.past)))
    assert "dagordningen kan inte längre ändras" in page
    assert "Lägg till punkten" not in page
    response = client.post(agenda_url(w.past), item_data(), follow=True)
    assert any("kan inte längre ändras" in message for message in shown_messages(response))
    assert titles(w.past) == ["Erfarenheter från Trisam"]


# --- Editing, deleting, moving -------------------------------------------------------------------


def edit_url(item):
    return reverse("meetings:agenda_item_edit", args=[item.pk])


def test_manager_edits_an_item(meeting_world, client_for):
    w = meeting_world
    item = w.upcoming.agenda_items.get()
    client = client_for(w.coordinator_user)
    assert client.get(edit_url(item)).status_code == 200
    response = client.post(
        edit_url(item),
        item_data(
            title="Erfarenheter från Trisam och SIP",
            kind="experiences",
            minutes_allotted=15,
            version=item.version,
        ),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.minutes_allotted) == ("Erfarenheter från Trisam och SIP", 15)


def test_edit_to_overrun_is_refused_without_confirmation(meeting_world, client_for):
    w = meeting_world
    item = w.upcoming.agenda_items.get()
    response = client_for(w.coordinator_user).post(
        edit_url(item), item_data(kind="experiences", minutes_allotted=120, version=item.version)
    )
    assert response.status_code == 200
    assert "Dagordningen tar 120 minuter men mötet är 90 minuter." in text_of(response)
    item.refresh_from_db()
    assert item.minutes_allotted == 10


def test_stale_item_edit_is_refused(meeting_world, client_for):
    w = meeting_world
    item = w.upcoming.agenda_items.get()
    data = item_data(kind="experiences", minutes_allotted=15, version=item.version)
    AgendaItem.objects.filter(pk=item.pk).update(
        title="Ändrad av någon annan", version=item.version + 1
    )
    response = client_for(w.coordinator_user).post(edit_url(item), data)
    assert response.status_code == 409
    item.refresh_from_db()
    assert (item.title, item.minutes_allotted) == ("Ändrad av någon annan", 10)


def test_readers_cannot_edit_items(meeting_world, client_for):
    w = meeting_world
    item = w.upcoming.agenda_items.get()
    response = client_for(w.fk_user).post(edit_url(item), item_data(version=item.version))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.title == "Erfarenheter från Trisam"


def test_delete_asks_first_then_removes(meeting_world, client_for):
    w = meeting_world
    item = w.upcoming.agenda_items.get()
    url = reverse("meetings:agenda_item_delete", args=[item.pk])
    client = client_for(w.coordinator_user)
    page = client.get(url)
    assert page.status_code == 200 and "Ta bort punkten" in text_of(page)
    assert w.upcoming.agenda_items.exists()
    response = client.post(url)
    assert response["Location"] == agenda_url(w.upcoming)
    assert not w.upcoming.agenda_items.exists()


def test_readers_cannot_delete_items(meeting_world, client_for):
    w = meeting_world
    item = w.upcoming.agenda_items.get()
    url = reverse("meetings:agenda_item_delete", args=[item.pk])
    assert client_for(w.fk_user).post(url).status_code == 403
    assert client_for(w.other_admin).post(url).status_code == 404
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_move_up_and_down(meeting_world, client_for):
    w = meeting_world
    client = client_for(w.coordinator_user)
    for title in ("Andra", "Tredje"):
        client.post(agenda_url(w.upcoming), item_data(title=title, minutes_allotted=5))
    third = w.upcoming.agenda_items.get(title="Tredje")
    url = reverse("meetings:agenda_item_move", args=[third.pk])
    response = client.post(url, {"direction": "up"})
    assert response["Location"] == f"{agenda_url(w.upcoming)}#punkt-{third.pk}"
    assert titles(w.upcoming) == ["Erfarenheter från Trisam", "Tredje", "Andra"]
    client.post(url, {"direction": "up"})
    client.post(url, {"direction": "up"})  # already first: stays
    assert titles(w.upcoming) == ["Tredje", "Erfarenheter från Trisam", "Andra"]
    client.post(url, {"direction": "down"})
    assert titles(w.upcoming) == ["Erfarenheter från Trisam", "Tredje", "Andra"]


def test_move_needs_a_direction_and_a_post(meeting_world, client_for):
    w = meeting_world
    item = w.upcoming.agenda_items.get()
    url = reverse("meetings:agenda_item_move", args=[item.pk])
    client = client_for(w.coordinator_user)
    assert client.post(url, {"direction": "sideways"}).status_code == 400
    assert client.get(url).status_code == 405


def test_readers_cannot_move_items(meeting_world, client_for):
    w = meeting_world
    client = client_for(w.coordinator_user)
    client.post(agenda_url(w.upcoming), item_data(title="Andra", minutes_allotted=5))
    second = w.upcoming.agenda_items.get(title="Andra")
    url = reverse("meetings:agenda_item_move", args=[second.pk])
    assert client_for(w.fk_user).post(url, {"direction": "up"}).status_code == 403
    assert titles(w.upcoming) == ["Erfarenheter från Trisam", "Andra"]


def test_cancelled_meetings_agenda_cannot_change(meeting_world, client_for):
    w = meeting_world
    item = w.upcoming.agenda_items.get()
    w.upcoming.status = "cancelled"
    w.upcoming.save()
    client = client_for(w.coordinator_user)
    response = client.post(
        reverse("meetings:agenda_item_move", args=[item.pk]), {"direction": "down"}, follow=True
    )
    assert "Mötet är inställt." in shown_messages(response)
    response = client.post(reverse("meetings:agenda_item_delete", args=[item.pk]), follow=True)
    assert "Mötet är inställt." in shown_messages(response)
    assert AgendaItem.objects.filter(pk=item.pk).exists()


# --- PDF ---------------------------------------------------------------------------------------


def pdf_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_agenda_pdf(meeting_world, client_for, no_information_meeting):
    w = meeting_world
    meeting = no_information_meeting
    ActionItem.objects.create(meeting=w.past, title="Kartlägg väntetider", owner=w.af_manager)
    publish(w.past, w.coordinator_user)
    response = client_for(w.fk_user).get(reverse("meetings:agenda_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        f'filename="dagordning-mysam-alby-{meeting.day:%Y-%m-%d}.pdf"'
        in response["Content-Disposition"]
    )
    text = " ".join(pdf_text(response).split())
    assert "Mysam Alby" in text
    assert "Karin Koordinator" in text
    assert "Erfarenheter från Trisam" in text
    assert "Kartlägg väntetider" in text
    assert "Mötet har inga informationspunkter; parterna skickar förhandsinformation" in text
    document = tagged_pdf(response.content)
    assert document.title == f"Dagordning – Mysam Alby {meeting.day:%Y-%m-%d}"
    assert document.language == "sv"
    assert {"H1", "H2", "Table", "TH", "TD"} <= document.structure_types


def test_agenda_pdf_hidden_from_outsiders(meeting_world, client_for):
    w = meeting_world
    url = reverse("meetings:agenda_pdf", args=[w.upcoming.pk])
    assert client_for(w.reader).get(url).status_code == 404
