"""Loading what a meetings URL names, with the access answer from `meetings.policy`.

One loader per object for reading and one for changing. A user who may not read an object gets
404, as if it did not exist; a user who may read but not change it gets 403 with the reason.
Views load the objects their URLs name through these and nothing else.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from samverkan.meetings import policy
from samverkan.meetings.models import (
    ActionItem,
    AgendaItem,
    Meeting,
    MeetingDocument,
    Minutes,
    PreReadAttachment,
)
from samverkan.structure.models import Group, Party

NOT_CONVENER = _("Bara gruppens sammankallande och förbundets kansli kan ändra mötet.")
NOT_ACTION_ITEM_OWNER = _(
    "Bara den som ansvarar för åtgärden och gruppens sammankallande kan ändra dess status."
)
NOT_PARTY_REPRESENTATIVE = _(
    "Du kan bara skriva förhandsinformation för den part du företräder i gruppen."
)


def _require_reader(request, group):
    if not policy.can_view_meetings(request.user, group):
        raise Http404


def _require_manager(request, group):
    if not policy.can_manage_meetings(request.user, group):
        raise PermissionDenied(NOT_CONVENER)


def _of_meeting(request, queryset, pk):
    """An object of one meeting (`queryset`'s) with that meeting attached, for its readers."""
    item = get_object_or_404(queryset, pk=pk)
    item.meeting = meeting_for(request, item.meeting_id)
    return item


# --- Groups and meetings -------------------------------------------------------------------------


def group_for(request, pk):
    """The group, for someone who reads its meetings."""
    group = get_object_or_404(Group.objects.select_related("federation", "municipality"), pk=pk)
    _require_reader(request, group)
    return group


def group_to_change(request, pk):
    """The group, for someone who runs its meetings (plans them, adds one)."""
    group = group_for(request, pk)
    _require_manager(request, group)
    return group


def meeting_for(request, pk):
    """The meeting, for someone who reads its group's meetings."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("group__federation", "group__municipality", "convener"),
        pk=pk,
    )
    _require_reader(request, meeting.group)
    return meeting


def meeting_to_change(request, pk):
    """The meeting, for someone who runs its group's meetings."""
    meeting = meeting_for(request, pk)
    _require_manager(request, meeting.group)
    return meeting


# --- What belongs to one meeting -----------------------------------------------------------------


def agenda_item_for(request, pk):
    """The agenda item with its meeting, for someone who reads the meeting."""
    return _of_meeting(request, AgendaItem.objects.select_related("responsible"), pk)


def agenda_item_to_change(request, pk):
    """The agenda item with its meeting, for someone who runs the meeting."""
    item = agenda_item_for(request, pk)
    _require_manager(request, item.meeting.group)
    return item


def pre_read_party_for(request, meeting, pk):
    """The party whose pre-read to `meeting` the user writes: 404 when there is no such party,
    403 unless the user sits for it. A cancelled meeting is left to the view, which says so."""
    party = get_object_or_404(Party, pk=pk)
    if not meeting.is_cancelled and not policy.can_submit_pre_read(request.user, meeting, party):
        raise PermissionDenied(NOT_PARTY_REPRESENTATIVE)
    return party


def attachment_for(request, pk):
    """A pre-read's attachment, for someone who reads the group's meetings."""
    item = get_object_or_404(
        PreReadAttachment.objects.select_related("pre_read__meeting__group"), pk=pk
    )
    _require_reader(request, item.pre_read.meeting.group)
    return item


def document_for(request, pk):
    """A document for the whole meeting, for someone who reads the group's meetings."""
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting__group"), pk=pk)
    _require_reader(request, document.meeting.group)
    return document


def minutes_version_for(request, pk, number):
    """Version `number` of meeting `pk`'s minutes with its meeting, for someone who may read
    that version: published ones the group reads, drafts only those who write them."""
    meeting = meeting_for(request, pk)
    version = get_object_or_404(Minutes, meeting=meeting, number=number)
    if not policy.can_read_minutes(request.user, version):
        raise Http404
    version.meeting = meeting
    return version


# --- Action items --------------------------------------------------------------------------------


def action_item_for(request, pk):
    """The action item with its meeting, for someone who reads the meeting."""
    return _of_meeting(request, ActionItem.objects.all(), pk)


def action_item_to_change(request, pk):
    """The action item with its meeting, for someone who decides action items: the conveners."""
    item = action_item_for(request, pk)
    _require_manager(request, item.meeting.group)
    return item


def action_item_for_status(request, pk):
    """The action item, for someone who reports its progress: its owner, even after leaving
    the group, or the group's conveners. Other readers of the group get 403."""
    item = get_object_or_404(
        ActionItem.objects.select_related("meeting__group", "owner", "agenda_item"), pk=pk
    )
    if not policy.can_update_action_item(request.user, item):
        if policy.can_view_meetings(request.user, item.meeting.group):
            raise PermissionDenied(NOT_ACTION_ITEM_OWNER)
        raise Http404
    return item


def closing_meeting_for(request, item):
    """The later meeting of the item's group named by `?meeting=`, at which the item may be
    closed; None when there is none such (the status form then asks for none)."""
    pk = request.GET.get("meeting", "")
    if not pk.isdigit():
        return None
    return (
        Meeting.objects.filter(
            pk=pk, group=item.meeting.group_id, starts_at__gt=item.meeting.starts_at
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .first()
    )
