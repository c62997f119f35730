"""What the case pages share: finding a case the user may know of, and logging reads."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from samverkan.cases import policy
from samverkan.cases.models import Case
from samverkan.core import access_log


def case_for(request, code, *, identity=False):
    """The case with `code` if the user may know it exists, else 404 (never 403: no hint).

    With `identity`, the user must also see who the individual is; a member of another party
    before consent gets 404 on such a page too.
    """
    case = get_object_or_404(
        Case.objects.select_related("team", "raising_party", "municipality", "raised_by"),
        code=code,
    )
    if not policy.can_see_case(request.user, case):
        raise Http404
    if identity and not policy.can_see_identity(request.user, case):
        raise Http404
    return case


def log_read(request, case, what):
    """Write a read entry for personal data shown on this page."""
    access_log.record(request, case, access_log.Action.READ, what)
