"""Reports on meetings: one group's attendance, time accounts, and the reorganisation follow-up.

Who sees what:
- Attendance (`attendance_report`): whoever reads the group's meetings
  (`policy.can_view_meetings`); any other group is answered 404, as if it did not exist.
- Time accounts (`time_accounts`): the förbund's administrators and members of the county-level
  groups (`policy.can_view_time_accounts`) see everyone; a convener sees the groups they convene;
  anyone else sees only their own hours. The page says which of these the user sees, and the
  CSV export (`?format=csv`) holds exactly the figures of the page.
- The follow-up (`follow_up`): only `policy.can_view_time_accounts` users; anyone else gets
  403 with the reason, since the page itself is no secret, only its figures are.
"""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from samverkan.core.views import csv_cell
from samverkan.meetings import followup, policy
from samverkan.meetings.forms.reports import (
    AttendanceReportForm,
    FollowUpForm,
    TimeAccountsForm,
    bound_with_defaults,
)
from samverkan.meetings.time_accounts import account_scope, time_account_tables
from samverkan.meetings.views.common import group_for
from samverkan.structure.models import GroupKind
from samverkan.structure.views.common import chosen_federation, federation_needed

FOLLOW_UP_REFUSED = gettext_lazy(
    "Uppföljningen visas för förbundets kansli och för ledamöter i Länsledning Välfärd och "
    "förbundsstyrelsen."
)


# --- Attendance ---------------------------------------------------------------------------------


@require_GET
def attendance_report(request):
    raw = request.GET.get("group", "").strip()
    if not raw:
        groups = (
            policy.meeting_groups(request.user)
            .select_related("municipality")
            .order_by("kind", "name")
        )
        context = {"groups": groups, "year": timezone.localdate().year}
        return render(request, "meetings/attendance_report.html", context)
    try:
        group_pk = int(raw)
    except ValueError:
        raise Http404 from None
    group = group_for(request, group_pk)
    form = bound_with_defaults(AttendanceReportForm, request.GET)
    report = year = None
    if form.is_valid():
        year = form.cleaned_data["year"]
        report = followup.group_attendance(group, *form.period())
    context = {"group": group, "form": form, "report": report, "year": year}
    return render(request, "meetings/attendance_report.html", context)


# --- Time accounts ------------------------------------------------------------------------------


def _tables_for(form, federation, scope):
    start, end = form.period()
    return time_account_tables(federation, start, end, form.cleaned_data["kind"], scope)


@require_GET
def time_accounts(request):
    federation = chosen_federation(request)
    if federation is None:
        return federation_needed(request, _("Tidsredovisning"))
    form = bound_with_defaults(TimeAccountsForm, request.GET)
    scope = account_scope(request.user, federation)
    wants_csv = request.GET.get("format") == "csv"
    if wants_csv and not form.is_valid():
        message = _("Valen innehåller fel; rätta dem på sidan innan du exporterar.")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    if wants_csv:
        # The export is a Swedish record whatever the page's language: Swedish decimals.
        with translation.override("sv"):
            tables = _tables_for(form, federation, scope)
            return _time_accounts_csv(tables, form.cleaned_data)
    tables = _tables_for(form, federation, scope) if form.is_valid() else None
    export_query = request.GET.copy()
    export_query["format"] = "csv"
    context = {
        "federation": federation,
        "form": form,
        "scope": scope,
        "scope_text": scope.describe(federation),
        "tables": tables,
        "kind_label": GroupKind(form.cleaned_data["kind"]).label
        if tables is not None and form.cleaned_data["kind"]
        else "",
        "export_query": export_query.urlencode(),
    }
    return render(request, "meetings/time_accounts.html", context)


def _time_accounts_csv(tables, data):
    """The page's tables for Swedish Excel: UTF-8 with a byte-order mark, semicolons."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    with translation.override("sv"):
        writer.writerow(
            [
                _("Nivå"),
                _("Grupp"),
                _("Part"),
                _("Person"),
                _("Närvarotillfällen"),
                _("Timmar"),
                _("Åtagande"),
                _("Saldo"),
                _("Andel av åtagandet (%)"),
            ]
        )
        for row in tables["parties"]:
            writer.writerow([_("Part"), "", csv_cell(row["party"].name), "", *_csv_figures(row)])
        for row in tables["people"]:
            writer.writerow(
                [
                    _("Person"),
                    csv_cell(row["group"].name),
                    csv_cell(row["party"].name if row["party"] else ""),
                    csv_cell(row["person"].full_name),
                    *_csv_figures(row),
                ]
            )
        writer.writerow([_("Totalt"), "", "", "", *_csv_figures(tables["total"])])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    kind = f"-{data['kind']}" if data["kind"] else ""
    filename = f"tidsredovisning-{data['year']}{kind}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_figures(row):
    return [
        row["meetings"],
        row["hours"],
        row["commitment"],
        row["balance"],
        "" if row["percent"] is None else row["percent"],
    ]


# --- The reorganisation follow-up ---------------------------------------------------------------


@require_GET
def follow_up(request):
    federation = chosen_federation(request)
    if federation is None:
        return federation_needed(request, _("Uppföljning av organisationsförändringen"))
    if not policy.can_view_time_accounts(request.user, federation):
        raise PermissionDenied(FOLLOW_UP_REFUSED)
    form = bound_with_defaults(FollowUpForm, request.GET)
    comparison = None
    if form.is_valid():
        comparison = followup.follow_up(federation, form.before, form.after)
    context = {"federation": federation, "form": form, "comparison": comparison}
    return render(request, "meetings/follow_up.html", context)
