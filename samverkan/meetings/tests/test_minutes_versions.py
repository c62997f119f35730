"""Minutes are written, approved and published; a change after publishing is a new version and
the published one stays as it was."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samverkan.meetings import services
from samverkan.meetings.models import ActionItem, AgendaItem, MinuteEntry, Minutes


@pytest.fixture
def held(meeting_world):
    """The past meeting with a second agenda item and a draft of its minutes."""
    w = meeting_world
    AgendaItem.objects.create(
        meeting=w.past, order=2, title="Samverkan kring unga", kind=AgendaItem.Kind.DIALOGUE
    )
    w.minutes = services.start_minutes(w.past, by=w.coordinator_user)
    return w


def published(w, minutes):
    services.approve_minutes(minutes, by=w.coordinator_user)
    return services.publish_minutes(minutes, by=w.coordinator_user)


def test_starting_the_minutes_makes_an_entry_per_agenda_item(held):
    w = held
    minutes = w.minutes

    assert (minutes.number, minutes.status) == (1, Minutes.Status.DRAFT)
    assert minutes.written_by == w.coordinator_user
    entries = list(minutes.entries.order_by("order"))
    assert [(entry.title, entry.order) for entry in entries] == [
        ("Erfarenheter från Trisam", 1),
        ("Samverkan kring unga", 2),
    ]
    assert [entry.agenda_item for entry in entries] == list(w.past.agenda_items.order_by("order"))
    # Starting again returns the same draft.
    assert services.start_minutes(w.past, by=w.admin) == minutes
    assert w.past.minutes_versions.count() == 1


def test_a_draft_is_editable_approved_and_published_minutes_are_not(held):
    w = held
    minutes = w.minutes
    services.ensure_editable(minutes)

    services.approve_minutes(minutes, by=w.admin)
    assert minutes.approved_by == w.admin
    with pytest.raises(ValidationError) as refused:
        services.ensure_editable(minutes)
    assert refused.value.code == "approved"
    assert "Återöppna" in refused.value.messages[0]

    services.publish_minutes(minutes, by=w.coordinator_user)
    with pytest.raises(ValidationError) as refused:
        services.ensure_editable(minutes)
    assert refused.value.code == "published"
    assert "Skapa en ny version" in refused.value.messages[0]


def test_approved_minutes_can_be_reopened_as_a_draft(held):
    w = held
    with pytest.raises(ValidationError):
        services.reopen_minutes(w.minutes)

    services.approve_minutes(w.minutes, by=w.admin)
    services.reopen_minutes(w.minutes)

    stored = Minutes.objects.get(pk=w.minutes.pk)
    assert (stored.status, stored.approved_by, stored.approved_at) == (
        Minutes.Status.DRAFT,
        None,
        None,
    )
    services.ensure_editable(stored)


def test_minutes_must_be_approved_before_they_are_published(held):
    w = held
    with pytest.raises(ValidationError) as refused:
        services.publish_minutes(w.minutes, by=w.coordinator_user)
    assert refused.value.messages == ["Minnesanteckningarna måste godkännas innan de publiceras."]
    assert Minutes.objects.get(pk=w.minutes.pk).status == Minutes.Status.DRAFT

    published(w, w.minutes)
    stored = Minutes.objects.get(pk=w.minutes.pk)
    assert stored.status == Minutes.Status.PUBLISHED
    assert stored.published_by == w.coordinator_user
    assert stored.published_at is not None
    assert w.past.published_minutes() == stored

    # Published minutes are not published again, nor approved again.
    with pytest.raises(ValidationError):
        services.publish_minutes(stored, by=w.coordinator_user)
    with pytest.raises(ValidationError):
        services.approve_minutes(stored, by=w.coordinator_user)


def test_a_new_version_needs_a_change_note_and_published_minutes(held):
    w = held
    with pytest.raises(ValidationError) as refused:
        services.new_minutes_version(w.minutes, by=w.coordinator_user, change_note="Rättelse")
    assert "Bara publicerade" in refused.value.messages[0]

    published(w, w.minutes)
    with pytest.raises(ValidationError) as refused:
        services.new_minutes_version(w.minutes, by=w.coordinator_user, change_note="   ")
    assert refused.value.message_dict["change_note"] == [
        "Skriv kort vad som ska ändras och varför."
    ]
    assert w.past.minutes_versions.count() == 1


def test_a_new_version_copies_the_text_and_leaves_the_published_one_unchanged(held):
    w = held
    entry = w.minutes.entries.get(order=1)
    entry.notes = "Två ärenden från Trisam diskuterades."
    entry.decision = "Gruppen följer upp i höst."
    entry.save()
    w.minutes.other_notes = "Nästa möte i Bergby."
    w.minutes.save()
    first = published(w, w.minutes)

    second = services.new_minutes_version(
        first, by=w.coordinator_user, change_note=" Fel datum i beslutet "
    )

    assert (second.number, second.status, second.change_note) == (
        2,
        Minutes.Status.DRAFT,
        "Fel datum i beslutet",
    )
    assert second.other_notes == "Nästa möte i Bergby."
    copied = list(second.entries.order_by("order").values_list("title", "notes", "decision"))
    assert copied == list(first.entries.order_by("order").values_list("title", "notes", "decision"))
    services.ensure_editable(second)
    assert w.past.current_minutes() == second
    assert w.past.published_minutes() == first

    new_entry = second.entries.get(order=1)
    new_entry.decision = "Gruppen följer upp i vår."
    new_entry.save()

    old_entry = MinuteEntry.objects.get(pk=entry.pk)
    assert old_entry.minutes_id == first.pk
    assert old_entry.decision == "Gruppen följer upp i höst."
    assert Minutes.objects.get(pk=first.pk).status == Minutes.Status.PUBLISHED


def test_only_one_version_is_worked_on_at_a_time(held):
    w = held
    first = published(w, w.minutes)
    services.new_minutes_version(first, by=w.coordinator_user, change_note="Rättelse")

    with pytest.raises(ValidationError) as refused:
        services.new_minutes_version(first, by=w.coordinator_user, change_note="En till")
    assert refused.value.messages == ["Det finns redan en ny version under arbete."]
    assert w.past.minutes_versions.count() == 2

    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Minutes.objects.create(meeting=w.past, number=3)
    assert w.past.minutes_versions.count() == 2


def test_once_the_second_version_is_published_a_third_may_follow(held):
    w = held
    first = published(w, w.minutes)
    second = published(
        w, services.new_minutes_version(first, by=w.coordinator_user, change_note="Rättelse")
    )

    third = services.new_minutes_version(second, by=w.coordinator_user, change_note="Tillägg")

    assert third.number == 3
    assert w.past.published_minutes() == second
    assert list(w.past.minutes_versions.values_list("number", "status")) == [
        (1, "published"),
        (2, "published"),
        (3, "draft"),
    ]


def test_a_new_version_starts_from_the_latest_published_text(held):
    w = held
    first = published(w, w.minutes)
    second = services.new_minutes_version(first, by=w.coordinator_user, change_note="Rättelse")
    entry = second.entries.get(order=1)
    entry.decision = "Rättat beslut."
    entry.save()
    published(w, second)

    # Asked from the first version's page, the new version still builds on the second.
    third = services.new_minutes_version(first, by=w.coordinator_user, change_note="Tillägg")

    assert third.entries.get(order=1).decision == "Rättat beslut."
    assert first.entries.get(order=1).decision == ""


def test_the_action_items_are_kept_as_they_were_when_published(held):
    w = held
    agenda_item = w.past.agenda_items.get(order=2)
    item = ActionItem.objects.create(
        meeting=w.past,
        agenda_item=agenda_item,
        title="Bjud in skolan till nästa möte",
        owner=w.ifo_manager,
        due_on=w.past.day + datetime.timedelta(days=30),
    )

    first = published(w, w.minutes)
    expected = [
        {
            "title": "Bjud in skolan till nästa möte",
            "owner": "Ingrid Ifosson",
            "party": w.ifo_manager.employer_label,
            "due_on": item.due_on.isoformat(),
            "agenda_item": "Samverkan kring unga",
        }
    ]
    assert first.action_items_snapshot == expected

    # The live action item changes and another is added; the published version does not.
    item.title = "Bjud in skolan och vuxenutbildningen"
    item.save()
    services.close_action_item(item, status=ActionItem.Status.DONE, on=w.past.day)
    ActionItem.objects.create(meeting=w.past, title="Ny åtgärd", owner=w.fk_manager)

    assert Minutes.objects.get(pk=first.pk).action_items_snapshot == expected
    second = published(
        w, services.new_minutes_version(first, by=w.coordinator_user, change_note="Åtgärder")
    )
    assert [row["title"] for row in second.action_items_snapshot] == [
        "Bjud in skolan och vuxenutbildningen",
        "Ny åtgärd",
    ]
    assert Minutes.objects.get(pk=first.pk).action_items_snapshot == expected


def test_minutes_are_not_started_for_a_cancelled_meeting(meeting_world):
    w = meeting_world
    services.cancel_meeting(w.upcoming, reason="", by=w.coordinator_user)

    with pytest.raises(ValidationError):
        services.start_minutes(w.upcoming, by=w.coordinator_user)
    assert not w.upcoming.minutes_versions.exists()


def test_a_published_version_names_the_one_that_replaced_it(held):
    w = held
    first = published(w, w.minutes)
    assert first.superseded_by() is None
    second = services.new_minutes_version(first, by=w.coordinator_user, change_note="Rättelse")
    assert second.superseded_by() is None  # a draft replaces nothing yet
    assert first.superseded_by() is None
    published(w, second)
    assert first.superseded_by() == second
    assert second.superseded_by() is None
