"""Finding a meeting or group for a request, with the access answer from `meetings.policy`.

A user who may not read a group's meetings gets 404, as if it did not exist; a user who may
read but not change gets 403 with the reason.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from samverkan.meetings import policy
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Group

NOT_CONVENER = _("Bara gruppens sammankallande och förbundets kansli kan ändra mötet.")


def group_for(request, pk, *, manage=False):
    group = get_object_or_404(Group.objects.select_related("federation", "municipality"), pk=pk)
    if not policy.can_view_meetings(request.user, group):
        raise Http404
    if manage and not policy.can_manage_meetings(request.user, group):
        raise PermissionDenied(NOT_CONVENER)
    return group


def meeting_for(request, pk, *, manage=False):
    meeting = get_object_or_404(
        Meeting.objects.select_related("group__federation", "group__municipality", "convener"),
        pk=pk,
    )
    group_for(request, meeting.group_id, manage=manage)
    return meeting
