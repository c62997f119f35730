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
import dataclasses
import datetime
import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from samverkan.core import policy as core_policy
from samverkan.core.views import csv_cell
from samverkan.meetings import followup, policy
from samverkan.meetings.accounts import Account, accounts
from samverkan.meetings.forms.reports import (
    AttendanceReportForm,
    FollowUpForm,
    TimeAccountsForm,
    bound_with_defaults,
)
from samverkan.meetings.views.common import group_for
from samverkan.structure.models import Group, GroupKind
from samverkan.structure.views.common import chosen_federation, federation_needed

FOLLOW_UP_REFUSED = gettext_lazy(
    "Uppföljningen visas för förbundets kansli och för ledamöter i Länsledning Välfärd och "
    "förbundsstyrelsen."
)


# --- Attendance ---------------------------------------------------------------------------------


@require_GET
def attendance_report(request):
    raw = request.GET.get("grupp", "").strip()
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
        year = form.cleaned_data["ar"]
        report = followup.group_attendance(
            group, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        )
    context = {"group": group, "form": form, "report": report, "year": year}
    return render(request, "meetings/attendance_report.html", context)


# --- Time accounts ------------------------------------------------------------------------------


@dataclasses.dataclass
class Scope:
    """Which time accounts the user sees: everyone's, their groups', or their own."""

    ALL = "all"
    GROUPS = "groups"
    OWN = "own"
    NONE = "none"

    kind: str
    groups: list = dataclasses.field(default_factory=list)
    person: object = None

    def describe(self, federation):
        if self.kind == self.ALL:
            return _("Du ser alla gruppers tid i %(federation)s.") % {"federation": federation.name}
        if self.kind == self.GROUPS:
            return _("Du ser tiden i grupperna där du är sammankallande: %(groups)s.") % {
                "groups": ", ".join(group.name for group in self.groups)
            }
        if self.kind == self.OWN:
            return _(
                "Du ser bara din egen tid. Förbundets kansli och sammankallande ser hela grupper."
            )
        return _(
            "Din inloggning är inte kopplad till någon person i förbundet, så det finns ingen "
            "tid att visa."
        )


def scope_of(user, federation):
    if policy.can_view_time_accounts(user, federation):
        return Scope(Scope.ALL)
    managed = list(policy.managed_groups(user).filter(federation=federation).order_by("name"))
    if managed:
        return Scope(Scope.GROUPS, groups=managed)
    person = core_policy.person_of(user)
    if person is not None and person.federation_id == federation.pk:
        return Scope(Scope.OWN, person=person)
    return Scope(Scope.NONE)


def hours_text(value):
    """Hours with one decimal in the language's format: 6,0 in Swedish."""
    return floatformat(value, 1)


def _figures(account):
    share = account.share
    return {
        "meetings": account.meetings_attended,
        "hours": hours_text(account.hours),
        "commitment": hours_text(account.commitment),
        "balance": hours_text(account.balance),
        "percent": followup.percent(share) if share is not None else None,
    }


def time_account_tables(federation, start, end, kind, scope):
    """The rows the page and the export show: parties, people and the total."""
    if scope.kind == Scope.NONE:
        return {"parties": [], "people": [], "total": _figures(Account())}
    groups = None
    if kind:
        groups = Group.objects.filter(federation=federation, kind=kind)
    if scope.kind == Scope.GROUPS:
        groups = [group for group in scope.groups if not kind or group.kind == kind]
    report = accounts(federation, start, end, groups=groups)
    people = report.rows()
    if scope.kind == Scope.OWN:
        people = [row for row in people if row["person"].pk == scope.person.pk]
        parties = []
        total = Account()
        for row in people:
            total.add(row["account"])
    else:
        parties = report.party_rows()
        total = report.totals()
    return {
        "parties": [{"party": row["party"], **_figures(row["account"])} for row in parties],
        "people": [
            {
                "person": row["person"],
                "group": row["group"],
                "party": row["party"],
                **_figures(row["account"]),
            }
            for row in people
        ],
        "total": _figures(total),
    }


def _tables_for(form, federation, scope):
    start, end = form.period()
    return time_account_tables(federation, start, end, form.cleaned_data["typ"], scope)


@require_GET
def time_accounts(request):
    federation = chosen_federation(request)
    if federation is None:
        return federation_needed(request, _("Tidsredovisning"))
    form = bound_with_defaults(TimeAccountsForm, request.GET)
    scope = scope_of(request.user, federation)
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
        "kind_label": GroupKind(form.cleaned_data["typ"]).label
        if tables is not None and form.cleaned_data["typ"]
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
    kind = f"-{data['typ']}" if data["typ"] else ""
    filename = f"tidsredovisning-{data['ar']}{kind}.csv"
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
