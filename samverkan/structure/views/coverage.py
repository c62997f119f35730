"""The coverage report: where a Mysam group, a Trisam team, a party or a convener is missing."""

import datetime

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.structure import policy
from samverkan.structure.coverage import coverage as coverage_report
from samverkan.structure.views.common import federation_for

BAD_DATE_MESSAGE = _(
    "Datumet kunde inte tolkas. Skriv det som ÅÅÅÅ-MM-DD, t.ex. 2024-03-31. "
    "Rapporten visas för i dag."
)


def coverage(request):
    federation, chooser = federation_for(request, _("Täckning"))
    if chooser:
        return chooser
    today = timezone.localdate()
    day, date_error = _parse_day(request.GET.get("date", ""), today)
    context = {
        "federation": federation,
        "report": coverage_report(federation, day),
        "today": today,
        "date_value": request.GET.get("date", "") if date_error else day.isoformat(),
        "date_error": date_error,
        "can_edit": policy.can_edit_structure(request.user, federation),
    }
    return render(request, "structure/coverage.html", context)


def _parse_day(text, today):
    """The day asked for and no error, or today and the Swedish error message."""
    text = text.strip()
    if not text:
        return today, None
    try:
        return datetime.date.fromisoformat(text), None
    except ValueError:
        return today, BAD_DATE_MESSAGE
