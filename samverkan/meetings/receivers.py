"""What the meetings app adds to the pages of the structure app below it (see `core.sections`)."""

from django.dispatch import receiver
from django.template.loader import render_to_string

from samverkan.meetings import policy
from samverkan.structure.signals import group_page


@receiver(group_page)
def group_meetings_section(sender, request, group, **kwargs):
    """The group page's way to the group's meetings, for those who may read them."""
    if not policy.can_view_meetings(request.user, group):
        return ""
    return render_to_string("meetings/_group_page_section.html", {"group": group}, request=request)
