"""Open action items follow the group to its next meetings until they are closed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samverkan.meetings import series, services
from samverkan.meetings.models import ActionItem
from tests.factories import at

DAY = datetime.timedelta(days=1)


@pytest.fixture
def three(meeting_world):
    """Mysam Alby 30 days ago (past), in 14 days (upcoming) and in 60 days (later)."""
    w = meeting_world
    w.later = series.create_meeting(w.mysam, at(w.upcoming.day + datetime.timedelta(days=46)))
    return w


def action(meeting, owner, title="Åtgärd", **fields):
    return ActionItem.objects.create(meeting=meeting, title=title, owner=owner, **fields)


def carried(meeting):
    return set(ActionItem.objects.carried_to(meeting))


def test_an_open_item_follows_to_every_later_meeting(three):
    w = three
    item = action(w.past, w.fk_manager)

    assert carried(w.upcoming) == {item}
    assert carried(w.later) == {item}
    # Not to the meeting that decided it.
    assert carried(w.past) == set()


def test_an_item_closed_before_the_next_meeting_is_not_carried(three):
    w = three
    item = action(w.past, w.fk_manager)
    services.close_action_item(item, status=ActionItem.Status.DONE, on=w.upcoming.day - DAY)

    assert carried(w.upcoming) == set()
    assert carried(w.later) == set()


def test_an_item_closed_after_a_meeting_still_shows_on_that_meeting(three):
    w = three
    item = action(w.past, w.fk_manager)
    services.close_action_item(
        item, status=ActionItem.Status.DROPPED, on=w.upcoming.day + DAY, note="Inte längre aktuell"
    )

    # The upcoming meeting still had it open on its day; the later one does not.
    assert carried(w.upcoming) == {item}
    assert carried(w.later) == set()


def test_an_item_closed_at_a_meeting_shows_on_that_meeting(three):
    w = three
    item = action(w.past, w.fk_manager)
    services.close_action_item(
        item, status=ActionItem.Status.DONE, on=w.upcoming.day, at_meeting=w.upcoming
    )

    assert carried(w.upcoming) == {item}
    assert carried(w.later) == set()
    assert list(w.upcoming.closed_action_items.all()) == [item]


def test_items_of_later_meetings_and_other_groups_are_never_carried(three):
    w = three
    from_later = action(w.later, w.af_manager)
    team_meeting = series.create_meeting(w.trisam, at(w.past.day, 9), duration_minutes=60)
    other_group = action(team_meeting, w.rehab)
    mine = action(w.past, w.fk_manager)

    assert carried(w.upcoming) == {mine}
    assert carried(w.later) == {mine}
    assert from_later not in carried(w.upcoming)
    later_team_meeting = series.create_meeting(w.trisam, at(w.upcoming.day, 9), duration_minutes=60)
    assert carried(later_team_meeting) == {other_group}


def test_two_meetings_on_one_day_carry_by_time(three):
    w = three
    morning = series.create_meeting(w.mysam, at(w.later.day, 8), duration_minutes=60)
    item = action(morning, w.fk_manager)

    assert item in carried(w.later)  # 13.00 the same day
    assert item not in carried(w.upcoming)


def test_closing_before_the_meeting_that_decided_it_is_refused(three):
    w = three
    item = action(w.past, w.fk_manager)

    with pytest.raises(ValidationError) as refused:
        services.close_action_item(item, status=ActionItem.Status.DONE, on=w.past.day - DAY)

    assert refused.value.message_dict["closed_on"] == ["Datumet kan inte ligga före mötet."]
    stored = ActionItem.objects.get(pk=item.pk)
    assert (stored.status, stored.closed_on, stored.version) == (ActionItem.Status.OPEN, None, 1)


def test_closing_needs_a_date(three):
    w = three
    item = action(w.past, w.fk_manager)

    with pytest.raises(ValidationError) as refused:
        services.close_action_item(item, status=ActionItem.Status.DONE, on=None)

    assert refused.value.message_dict["closed_on"] == ["Ange när åtgärden avslutades."]
    assert ActionItem.objects.get(pk=item.pk).is_open


def test_reopening_clears_the_closing(three):
    w = three
    item = action(w.past, w.fk_manager)
    services.close_action_item(
        item, status=ActionItem.Status.DONE, on=w.upcoming.day - DAY, at_meeting=w.upcoming
    )
    assert carried(w.later) == set()

    services.close_action_item(item, status=ActionItem.Status.OPEN, on=None, note="Inte klar")

    stored = ActionItem.objects.get(pk=item.pk)
    assert stored.status == ActionItem.Status.OPEN
    assert (stored.closed_on, stored.closed_at_meeting) == (None, None)
    assert stored.status_note == "Inte klar"
    assert stored.version == 3
    assert carried(w.later) == {item}


def test_the_database_holds_open_exactly_when_there_is_no_closing_date(three):
    w = three
    item = action(w.past, w.fk_manager)

    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.filter(pk=item.pk).update(status=ActionItem.Status.DONE)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.filter(pk=item.pk).update(closed_on=w.upcoming.day)
    with pytest.raises(IntegrityError), transaction.atomic():
        action(w.past, w.fk_manager, status=ActionItem.Status.DROPPED)

    assert ActionItem.objects.get(pk=item.pk).is_open
    assert ActionItem.objects.count() == 1


def test_a_due_date_before_the_meeting_is_refused(three):
    w = three
    item = ActionItem(
        meeting=w.upcoming, title="Åtgärd", owner=w.fk_manager, due_on=w.upcoming.day - DAY
    )

    with pytest.raises(ValidationError) as refused:
        item.full_clean()

    assert refused.value.message_dict["due_on"] == ["Datumet kan inte ligga före mötet."]
    item.due_on = w.upcoming.day
    item.full_clean()
