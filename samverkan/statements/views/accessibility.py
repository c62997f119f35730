"""The accessibility statement: the public page with its report form, and the edit page."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from samverkan.core.editing import posted
from samverkan.statements import policy, services
from samverkan.statements.forms import AccessibilityReportForm, AccessibilityStatementForm
from samverkan.statements.models import AccessibilityReport
from samverkan.statements.views.common import (
    edit_statement,
    federation_shown,
    only_federation_or_chooser,
)

TITLE = _("Tillgänglighetsredogörelse")


@require_safe
def accessibility(request):
    """The bare address: the only förbund's statement, or the förbund to choose from."""
    federation, chooser = only_federation_or_chooser(request, TITLE, "statements:accessibility_for")
    if chooser:
        return chooser
    return _page(request, federation, AccessibilityReportForm())


def accessibility_for(request, federation):
    """One förbund's statement; the report form on it is sent here, and stored when valid."""
    federation = federation_shown(federation)
    form = AccessibilityReportForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.record_report(federation, **form.report_fields())
        return redirect("statements:report_sent", federation=federation.slug)
    return _page(request, federation, form)


def _page(request, federation, form):
    can_handle = policy.can_handle_reports(request.user, federation)
    open_reports = (
        AccessibilityReport.objects.filter(federation=federation, handled=False).count()
        if can_handle
        else None
    )
    context = {
        "federation": federation,
        "statement": services.accessibility_statement_of(federation),
        "form": form,
        "can_edit": policy.can_edit_statements(request.user, federation),
        "can_handle": can_handle,
        "open_reports": open_reports,
    }
    return render(request, "statements/accessibility.html", context)


@require_safe
def report_sent(request, federation):
    """The thank-you page a sent report lands on (post, redirect, get)."""
    federation = federation_shown(federation)
    return render(request, "statements/report_sent.html", {"federation": federation})


def accessibility_edit(request, federation):
    return edit_statement(
        request,
        federation,
        statement_of=services.accessibility_statement_of,
        form_class=AccessibilityStatementForm,
        page_route="statements:accessibility_for",
        texts={
            "title": _("Ändra tillgänglighetsredogörelsen"),
            "intro": _(
                "Texterna visas för alla, utan inloggning, på sidan Tillgänglighetsredogörelse "
                "för %(federation)s."
            ),
            "saved": _("Tillgänglighetsredogörelsen har sparats."),
        },
    )
