"""The agenda's rules: no information items where the rules forbid them, and an agenda longer
than the meeting only when the convener confirms it."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError

from samverkan.meetings import series, services
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.tests.fixtures import agenda_minutes
from samverkan.structure.models import StandingItem
from tests.factories import at


@pytest.fixture
def no_information_meeting(meeting_world):
    """A Mysam Alby meeting under rules that say the parties send their information before."""
    w = meeting_world
    w.mysam_rule.information_items_allowed = False
    w.mysam_rule.pre_reads_required = True
    w.mysam_rule.save()
    return series.create_meeting(w.mysam, at(w.upcoming.day + datetime.timedelta(days=7)))


def test_an_agenda_item_has_the_standing_kinds_and_information_before_other():
    assert AgendaItem.Kind.choices == [
        ("decision", "beslut"),
        ("dialogue", "dialog"),
        ("follow_up", "uppföljning"),
        ("experiences", "erfarenheter"),
        ("federation_news", "förbundets nyheter"),
        ("information", "information"),
        ("other", "övrigt"),
    ]
    assert [kind for kind in AgendaItem.Kind.values if kind != "information"] == (
        StandingItem.Kind.values
    )


def new_item(meeting, kind=AgendaItem.Kind.DIALOGUE, minutes=10, **fields):
    return AgendaItem(
        meeting=meeting, title="Ny punkt", kind=kind, minutes_allotted=minutes, **fields
    )


def test_an_information_item_is_refused_where_the_rules_forbid_it(no_information_meeting):
    meeting = no_information_meeting
    assert meeting.information_items_allowed is False

    with pytest.raises(ValidationError) as refused:
        services.check_agenda_item(new_item(meeting, kind=AgendaItem.Kind.INFORMATION))

    errors = refused.value.message_dict
    assert list(errors) == ["kind"]
    assert "inga informationspunkter" in errors["kind"][0]
    assert "förhandsinformation" in errors["kind"][0]


@pytest.mark.parametrize(
    "kind", [kind for kind in AgendaItem.Kind if kind != AgendaItem.Kind.INFORMATION]
)
def test_other_kinds_are_accepted_where_information_items_are_forbidden(
    no_information_meeting, kind
):
    services.check_agenda_item(new_item(no_information_meeting, kind=kind))


def test_an_information_item_is_accepted_where_the_rules_allow_it(meeting_world):
    meeting = meeting_world.upcoming
    assert meeting.information_items_allowed is True

    services.check_agenda_item(new_item(meeting, kind=AgendaItem.Kind.INFORMATION))


def test_changing_an_existing_item_into_information_is_refused(no_information_meeting):
    item = AgendaItem.objects.create(
        meeting=no_information_meeting, title="Läget hos parterna", minutes_allotted=10
    )
    item.kind = AgendaItem.Kind.INFORMATION

    with pytest.raises(ValidationError) as refused:
        services.check_agenda_item(item)

    assert "kind" in refused.value.message_dict
    assert AgendaItem.objects.get(pk=item.pk).kind == AgendaItem.Kind.OTHER


def test_an_agenda_longer_than_the_meeting_needs_confirmation(meeting_world):
    meeting = meeting_world.upcoming  # 90 minutes, the standing item takes 10
    assert meeting.duration_minutes == 90
    assert agenda_minutes(meeting) == 10

    with pytest.raises(ValidationError) as refused:
        services.check_agenda_item(new_item(meeting, minutes=81))

    errors = refused.value.error_dict
    assert list(errors) == ["minutes_allotted"]
    assert errors["minutes_allotted"][0].code == "overrun"
    assert refused.value.message_dict["minutes_allotted"] == [
        "Dagordningen tar 91 minuter men mötet är 90 minuter. Korta punkterna eller bekräfta "
        "att dagordningen får vara längre än mötet."
    ]

    # Confirmed, it is accepted; exactly the meeting's length needs no confirmation.
    services.check_agenda_item(new_item(meeting, minutes=81), confirm_overrun=True)
    services.check_agenda_item(new_item(meeting, minutes=80))


def test_the_overrun_code_can_be_told_apart_from_other_errors(meeting_world):
    meeting = meeting_world.upcoming
    with pytest.raises(ValidationError) as refused:
        services.check_agenda_item(new_item(meeting, minutes=200))

    # As a form sees it after form.add_error(None, error).
    class ItemForm(forms.Form):
        minutes_allotted = forms.IntegerField()

    form = ItemForm(data={"minutes_allotted": 200})
    assert form.is_valid()
    form.add_error(None, refused.value)
    assert form.has_error("minutes_allotted", code="overrun")


def test_editing_an_item_counts_its_new_minutes_not_old_and_new(meeting_world):
    meeting = meeting_world.upcoming
    item = AgendaItem.objects.create(meeting=meeting, title="Dialog", minutes_allotted=40)
    assert agenda_minutes(meeting) == 50

    item.minutes_allotted = 80  # 10 + 80 = 90: fits (old + new would be 130)
    services.check_agenda_item(item)

    item.minutes_allotted = 81
    with pytest.raises(ValidationError) as refused:
        services.check_agenda_item(item)
    assert "91 minuter" in refused.value.message_dict["minutes_allotted"][0]


def test_the_agenda_of_a_cancelled_meeting_is_refused(meeting_world):
    meeting = meeting_world.upcoming
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    meeting.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.check_agenda_item(new_item(meeting))
    assert refused.value.messages == ["Mötet är inställt."]
    with pytest.raises(ValidationError):
        services.ensure_agenda_editable(meeting)


def test_the_agenda_is_locked_once_minutes_are_published(meeting_world):
    w = meeting_world
    services.ensure_agenda_editable(w.past)
    minutes = services.start_minutes(w.past, by=w.coordinator_user)
    services.ensure_agenda_editable(w.past)
    services.approve_minutes(minutes, by=w.coordinator_user)
    services.publish_minutes(minutes, by=w.coordinator_user)

    with pytest.raises(ValidationError) as refused:
        services.ensure_agenda_editable(w.past)
    assert "publicerade" in refused.value.messages[0]


def test_moving_an_item_renumbers_the_agenda(meeting_world):
    meeting = meeting_world.upcoming
    standing = meeting.agenda_items.get()
    second = AgendaItem.objects.create(meeting=meeting, title="Andra", order=2)
    third = AgendaItem.objects.create(meeting=meeting, title="Tredje", order=3)

    services.move_agenda_item(third, -1)
    assert list(meeting.agenda_items.order_by("order").values_list("pk", flat=True)) == [
        standing.pk,
        third.pk,
        second.pk,
    ]
    # The first item cannot move further up.
    services.move_agenda_item(standing, -1)
    assert list(meeting.agenda_items.order_by("order").values_list("order", flat=True)) == [1, 2, 3]
    assert meeting.agenda_items.order_by("order").first() == standing
