"""The log reviewer's pages: search the access log and export what was found as CSV.

Only `policy.can_review_access_log` users come in (the förbund's log reviewers, superusers);
everyone else gets 403. The log names cases by their codes and staff by their usernames, never
the individuals the cases are about, so reviewing or exporting it reads no personal data of
individuals and is not itself logged.
"""

import csv
import datetime

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from samverkan.core import policy
from samverkan.core.forms import AccessLogFilterForm

PAGE_SIZE = 50
EXPORT_CHUNK = 2000
# Cells Excel would read as a formula; such values are exported with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _require_reviewer(request):
    if not policy.can_review_access_log(request.user):
        raise PermissionDenied


def filtered_entries(user, data):
    """The entries `user` may review, narrowed by the cleaned filter form `data`, newest first."""
    entries = policy.reviewable_log_entries(user)
    if data["user"]:
        if data["exact_user"]:
            entries = entries.filter(username=data["user"])
        else:
            entries = entries.filter(
                Q(username__icontains=data["user"]) | Q(user_name__icontains=data["user"])
            )
    if data["case"]:
        entries = entries.filter(case_code=data["case"])
    # Whole days in Swedish time, as bounds on the timestamp so its index is used.
    if data["date_from"]:
        start = datetime.datetime.combine(data["date_from"], datetime.time.min)
        entries = entries.filter(at__gte=timezone.make_aware(start))
    if data["date_to"]:
        end = datetime.datetime.combine(
            data["date_to"] + datetime.timedelta(days=1), datetime.time.min
        )
        entries = entries.filter(at__lt=timezone.make_aware(end))
    if data["action"]:
        entries = entries.filter(action=data["action"])
    return entries.order_by("-at", "-pk")


@require_GET
@never_cache
def access_log(request):
    _require_reviewer(request)
    # Every filter is optional, so the bare page is a valid search for everything.
    form = AccessLogFilterForm(request.GET)
    page = None
    if form.is_valid():
        entries = filtered_entries(request.user, form.cleaned_data)
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    export_query = request.GET.copy()
    export_query.pop("page", None)
    context = {"form": form, "page": page, "export_query": export_query.urlencode()}
    return render(request, "core/access_log.html", context)


@require_GET
@never_cache
def access_log_export(request):
    _require_reviewer(request)
    form = AccessLogFilterForm(request.GET)
    if not form.is_valid():
        message = _("Sökningen innehåller fel; rätta dem i loggen innan du exporterar.")
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    entries = filtered_entries(request.user, form.cleaned_data)
    response = StreamingHttpResponse(_csv_rows(entries), content_type="text/csv; charset=utf-8")
    filename = f"atkomstlogg-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Echo:
    def write(self, value):
        return value


def csv_cell(value):
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_rows(entries):
    """The export for Swedish Excel: UTF-8 with a byte-order mark, semicolons, Swedish header."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff"
    # The log is a Swedish record; its export reads the same whatever language the page had.
    with translation.override("sv"):
        yield writer.writerow(
            [
                _("Tidpunkt"),
                _("Användarnamn"),
                _("Namn"),
                _("Ärende"),
                _("Händelse"),
                _("Vad"),
                _("Sida"),
            ]
        )
        labels = dict(entries.model.Action.choices)
        labels = {code: str(label) for code, label in labels.items()}
    for entry in entries.iterator(chunk_size=EXPORT_CHUNK):
        yield writer.writerow(
            [
                f"{timezone.localtime(entry.at):%Y-%m-%d %H:%M:%S}",
                csv_cell(entry.username),
                csv_cell(entry.user_name),
                csv_cell(entry.case_code),
                labels.get(entry.action, entry.action),
                csv_cell(entry.what),
                csv_cell(entry.page),
            ]
        )


def csrf_failure(request, reason=""):
    """A refused form (expired page, blocked cookies) explained in Swedish in the page frame."""
    return render(request, "403_csrf.html", status=403)
