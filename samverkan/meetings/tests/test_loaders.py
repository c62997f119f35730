"""Loading what a meetings URL names (`meetings.views.common`): 404 for whoever may not read the
object, 403 with the reason for a reader who may not change it, the object for the others."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from samverkan.meetings import services
from samverkan.meetings.models import ActionItem, PreRead, PreReadAttachment
from samverkan.meetings.views import common


def request_by(user, query=None):
    request = RequestFactory().get("/", query or {})
    request.user = user
    return request


@pytest.fixture
def w(meeting_world):
    """`meeting_world` with an action item of the past meeting owned by FK's member, a draft of
    its minutes and an attachment to FK's pre-read for the coming meeting."""
    w = meeting_world
    w.item = ActionItem.objects.create(meeting=w.past, title="Kartlägg behoven", owner=w.fk_manager)
    w.draft = services.start_minutes(w.past, by=w.coordinator_user)
    now = timezone.now()
    pre_read = PreRead.objects.create(
        meeting=w.upcoming, party=w.fk, text="Läget", submitted_at=now, updated_at=now
    )
    w.attachment = PreReadAttachment.objects.create(
        pre_read=pre_read, file="prereads/lage.pdf", name="lage.pdf", size=4
    )
    return w


def pairs(w):
    """(reader, changer, pk) for every object with a loader for reading and one for changing."""
    return [
        (common.group_for, common.group_to_change, w.mysam.pk),
        (common.meeting_for, common.meeting_to_change, w.upcoming.pk),
        (common.agenda_item_for, common.agenda_item_to_change, w.upcoming.agenda_items.first().pk),
        (common.action_item_for, common.action_item_to_change, w.item.pk),
    ]


def test_a_convener_reads_and_changes(w):
    for read, change, pk in pairs(w):
        assert read(request_by(w.coordinator_user), pk).pk == pk
        assert change(request_by(w.coordinator_user), pk).pk == pk


def test_a_member_reads_and_is_refused_a_change_with_the_reason(w):
    for read, change, pk in pairs(w):
        assert read(request_by(w.fk_user), pk).pk == pk
        with pytest.raises(PermissionDenied) as refused:
            change(request_by(w.fk_user), pk)
        assert str(refused.value) == str(common.NOT_CONVENER)


@pytest.mark.parametrize("who", ["reader", "other_admin"])
def test_anyone_outside_the_group_is_told_nothing_exists(w, who):
    user = getattr(w, who)
    for read, change, pk in pairs(w):
        for load in (read, change):
            with pytest.raises(Http404):
                load(request_by(user), pk)
    with pytest.raises(Http404):
        common.attachment_for(request_by(user), w.attachment.pk)


def test_an_object_that_does_not_exist_is_404(w):
    for read, change, _pk in pairs(w):
        for load in (read, change):
            with pytest.raises(Http404):
                load(request_by(w.coordinator_user), 987654)


def test_what_belongs_to_a_meeting_comes_with_the_meeting(w):
    item = common.action_item_to_change(request_by(w.coordinator_user), w.item.pk)
    assert item.meeting == w.past
    assert item.meeting.group.federation == w.federation
    attachment = common.attachment_for(request_by(w.fk_user), w.attachment.pk)
    assert attachment.pre_read.meeting == w.upcoming


def test_a_draft_version_of_the_minutes_is_read_only_by_those_who_write_it(w):
    version = common.minutes_version_for(request_by(w.coordinator_user), w.past.pk, 1)
    assert version == w.draft
    assert version.meeting == w.past
    with pytest.raises(Http404):
        common.minutes_version_for(request_by(w.fk_user), w.past.pk, 1)
    with pytest.raises(Http404):
        common.minutes_version_for(request_by(w.coordinator_user), w.past.pk, 2)


def test_a_pre_read_is_written_only_for_ones_own_party(w):
    meeting = w.upcoming
    assert common.pre_read_party_for(request_by(w.fk_user), meeting, w.fk.pk) == w.fk
    with pytest.raises(PermissionDenied) as refused:
        common.pre_read_party_for(request_by(w.fk_user), meeting, w.af.pk)
    assert str(refused.value) == str(common.NOT_PARTY_REPRESENTATIVE)
    with pytest.raises(Http404):
        common.pre_read_party_for(request_by(w.fk_user), meeting, 987654)


def test_a_cancelled_meetings_pre_read_party_is_left_to_the_view(w):
    services.cancel_meeting(w.upcoming, reason="", by=w.coordinator_user)
    assert common.pre_read_party_for(request_by(w.af_user), w.upcoming, w.fk.pk) == w.fk


def test_the_status_of_an_action_item_is_reported_by_its_owner_and_the_conveners(w):
    assert common.action_item_for_status(request_by(w.fk_user), w.item.pk) == w.item
    assert common.action_item_for_status(request_by(w.coordinator_user), w.item.pk) == w.item
    with pytest.raises(PermissionDenied) as refused:
        common.action_item_for_status(request_by(w.af_user), w.item.pk)
    assert str(refused.value) == str(common.NOT_ACTION_ITEM_OWNER)
    with pytest.raises(Http404):
        common.action_item_for_status(request_by(w.reader), w.item.pk)


def test_an_action_item_is_closed_only_at_a_later_meeting_of_its_group(w):
    item = common.action_item_for_status(request_by(w.fk_user), w.item.pk)
    later = {"meeting": str(w.upcoming.pk)}
    assert common.closing_meeting_for(request_by(w.fk_user, later), item) == w.upcoming
    assert common.closing_meeting_for(request_by(w.fk_user, {"meeting": "x"}), item) is None
    assert common.closing_meeting_for(request_by(w.fk_user), item) is None
    w.item.meeting = w.upcoming
    earlier = {"meeting": str(w.past.pk)}
    assert common.closing_meeting_for(request_by(w.fk_user, earlier), w.item) is None
