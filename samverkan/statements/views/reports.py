"""The accessibility reports sent to a förbund, for its administrators to read and handle."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from samverkan.statements import services
from samverkan.statements.models import AccessibilityReport
from samverkan.statements.views.common import federation_for_reports, report_to_handle

HANDLED_PAGE_SIZE = 50


@require_safe
@never_cache
def reports(request, federation):
    """Open reports first, all of them; the handled ones after, newest first, page by page."""
    federation = federation_for_reports(request, federation)
    found = AccessibilityReport.objects.filter(federation=federation).select_related("handled_by")
    handled = Paginator(
        found.filter(handled=True).order_by("-created_at", "-pk"), HANDLED_PAGE_SIZE
    )
    context = {
        "federation": federation,
        "open_reports": list(found.filter(handled=False).order_by("-created_at", "-pk")),
        "handled_page": handled.get_page(request.GET.get("page")),
    }
    return render(request, "statements/reports.html", context)


@require_POST
def report_handled(request, federation, pk):
    report = report_to_handle(request, federation, pk)
    if services.mark_handled(report, by=request.user):
        messages.success(request, _("Rapporten är markerad som hanterad."))
    else:
        messages.info(request, _("Rapporten var redan markerad som hanterad."))
    return redirect("statements:reports", federation=federation)
