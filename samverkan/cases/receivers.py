"""What the cases app adds to the pages of the apps below it (see `core.sections`)."""

from django.dispatch import receiver
from django.template.loader import render_to_string

from samverkan.cases.meeting_links import cases_for_meeting
from samverkan.meetings.signals import meeting_page


@receiver(meeting_page)
def meeting_cases_section(sender, request, meeting, **kwargs):
    """The meeting page's "Ärenden på mötet", or nothing when the user may see none of them."""
    cases = cases_for_meeting(request.user, meeting)
    if not cases:
        return ""
    return render_to_string("cases/_meeting_cases.html", {"meeting_cases": cases}, request=request)
