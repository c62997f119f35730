"""The follow-up pages: the county dashboard of the seed's goals, Uppföljning Finsam with its
exports, and the deltagaransvarig's exact counts for submission.

Every participant count on the page and in the CSV and Excel files passes through the one
small-number rule (`followup.suppression`); the exports take the page's query string and hold
exactly its table. The submission file is the one exception, for the intervention's
deltagaransvarig only, and each download is written to the access log.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from samverkan.core import access_log
from samverkan.followup import dashboards, finsam, policy
from samverkan.followup.forms import DashboardForm, period_label
from samverkan.funding import exports
from samverkan.funding.forms.reports import ChosenYearForm, bound_with_defaults
from samverkan.structure import policy as structure_policy
from samverkan.structure.models import Municipality

EXPORT_FORMATS = ("csv", "xlsx")
NOT_A_READER = gettext_lazy(
    "Uppföljning Finsam läses av förbundets kansli, Länsledning och styrelsen samt av "
    "Mysam-gruppernas ledamöter för sin kommun."
)


def _finsam(request, form):
    federation = structure_policy.federation_of(request.user)
    scope = policy.finsam_scope(request.user, federation)
    if scope is None:
        raise PermissionDenied(str(NOT_A_READER))
    table = None
    if form.is_valid():
        table = finsam.finsam_follow_up(
            federation, scope, year=form.cleaned_data["year"], today=timezone.localdate()
        )
    return scope, table


@require_GET
def finsam_follow_up(request):
    form = bound_with_defaults(ChosenYearForm, request.GET)
    scope, table = _finsam(request, form)
    context = {
        "form": form,
        "table": table,
        "year": form.cleaned_data["year"] if table is not None else None,
        "scope_text": scope.describe(),
        "query": exports.query_string(form.data),
        "submits": policy.submission_interventions(request.user).exists(),
    }
    return render(request, "followup/finsam.html", context)


@require_GET
def finsam_follow_up_export(request, fmt):
    form = bound_with_defaults(ChosenYearForm, request.GET)
    _scope, table = _finsam(request, form)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    if table is None:
        return exports.invalid_export_response(form)
    filename = f"uppfoljning-finsam-{form.cleaned_data['year']}"
    return exports.export_response(fmt, [table], filename)


# --- For submission -----------------------------------------------------------------------------

NOT_AN_OFFICER = gettext_lazy(
    "Exakta antal hämtas bara av insatsens deltagaransvariga, som förbundet utser på insatsens "
    "sida."
)


@require_GET
@never_cache
def submission(request):
    """The deltagaransvarig's interventions, with the year to download."""
    interventions = list(policy.submission_interventions(request.user))
    if not interventions:
        raise PermissionDenied(str(NOT_AN_OFFICER))
    form = bound_with_defaults(ChosenYearForm, request.GET)
    context = {
        "form": form,
        "interventions": interventions,
        "year": form.cleaned_data["year"] if form.is_valid() else None,
    }
    return render(request, "followup/submission.html", context)


@require_GET
@never_cache
def submission_export(request, code, fmt):
    """One intervention's exact counts for a year, logged: for its deltagaransvarig only."""
    mine = policy.submission_interventions(request.user)
    if not mine.exists():
        raise PermissionDenied(str(NOT_AN_OFFICER))
    intervention = get_object_or_404(mine, code=code)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    form = bound_with_defaults(ChosenYearForm, request.GET)
    if not form.is_valid():
        return exports.invalid_export_response(form)
    year = form.cleaned_data["year"]
    table = finsam.finsam_for_submission(intervention, year=year, today=timezone.localdate())
    with translation.override("sv"):  # the log is kept as a Swedish record
        what = _(
            "Uppföljning Finsam %(year)s, %(intervention)s: exakta antal deltagare per kön för "
            "inlämning"
        ) % {"year": year, "intervention": intervention.name}
    access_log.record(request, None, access_log.Action.EXPORT, what)
    return exports.export_response(
        fmt, [table], f"uppfoljning-finsam-{year}-{intervention.code}-for-inlamning"
    )


# --- The county dashboard -----------------------------------------------------------------------

NOT_A_DASHBOARD_READER = gettext_lazy(
    "Uppföljningen av Trisams mål läses av förbundets kansli, Länsledning och styrelsen, "
    "Trisams processledare och Mysam-gruppernas ledamöter för sin kommun."
)


@require_GET
def dashboard(request):
    """Every indicator for a period, for the förbund or one municipality, protected."""
    federation = structure_policy.federation_of(request.user)
    scope = policy.dashboard_scope(request.user, federation)
    if scope is None:
        raise PermissionDenied(str(NOT_A_DASHBOARD_READER))
    municipalities = Municipality.objects.filter(federation=federation).order_by("name")
    if not scope.everything:
        municipalities = municipalities.filter(pk__in=scope.municipality_ids)
    municipalities = list(municipalities)
    data = DashboardForm.defaults(municipalities, scope.everything)
    data.update(
        {name: request.GET[name] for name in DashboardForm.base_fields if name in request.GET}
    )
    form = DashboardForm(data, municipalities=municipalities, everything=scope.everything)
    context = {"form": form, "panels": None}
    if form.is_valid():
        today = timezone.localdate()
        period = form.period()
        municipality_id = form.cleaned_data["municipality"]
        context.update(
            {
                "period": period,
                "period_text": period_label(period),
                "baseline_text": period_label(period.previous()),
                "place": next(
                    (m.name for m in municipalities if m.pk == municipality_id), federation.name
                ),
                "panels": [
                    (panel, panel.table_rows(period_label(period), period_label(period.previous())))
                    for panel in dashboards.county_panels(
                        federation, period, today=today, municipality_id=municipality_id
                    )
                ],
                "median": dashboards.median_days(
                    federation, period, today=today, municipality_id=municipality_id
                ),
            }
        )
    return render(request, "followup/dashboard.html", context)
