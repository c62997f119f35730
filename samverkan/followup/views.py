"""The follow-up pages: the county dashboard of the seed's goals, Uppföljning Finsam with its
exports, and the deltagaransvarig's exact counts for submission.

Every participant count on the page and in the CSV and Excel files passes through the one
small-number rule (`followup.suppression`); the exports take the page's query string and hold
exactly its table. The submission file is the one exception, for the intervention's
deltagaransvarig only, and each download is written to the access log.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from samverkan.cases.views import cases as case_views
from samverkan.cases.views.common import team_for
from samverkan.core import access_log
from samverkan.core.pdf import pdf_bytes, render_pdf
from samverkan.followup import comparisons, dashboards, finsam, policy, teams, trends
from samverkan.followup.forms import (
    DashboardForm,
    TeamPeriodForm,
    TrendForm,
    period_label,
    period_slug,
)
from samverkan.followup.indicators import INDICATORS
from samverkan.followup.structure_figures import structure_figures
from samverkan.funding import exports
from samverkan.funding.forms.reports import ChosenYearForm, bound_with_defaults
from samverkan.meetings import policy as meetings_policy
from samverkan.meetings import services as meetings_services
from samverkan.meetings.models import Meeting
from samverkan.structure import policy as structure_policy
from samverkan.structure.models import GroupKind, Municipality
from samverkan.structure.policy import OVERSIGHT_GROUP_KINDS

EXPORT_FORMATS = ("csv", "xlsx")
DASHBOARD_FORMATS = (*EXPORT_FORMATS, "pdf")
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


def _selection_form(request, form_class, *, whole_only=False, refused=NOT_A_DASHBOARD_READER):
    """The förbund, the reader's scope, the municipalities they may choose and the bound form
    of a page of the county's figures; 403 with `refused` for anyone who may not read them
    (with `whole_only`, anyone who does not read the whole förbund)."""
    federation = structure_policy.federation_of(request.user)
    scope = policy.dashboard_scope(request.user, federation)
    if scope is None or (whole_only and not scope.everything):
        raise PermissionDenied(str(refused))
    municipalities = Municipality.objects.filter(federation=federation).order_by("name")
    if not scope.everything:
        municipalities = municipalities.filter(pk__in=scope.municipality_ids)
    municipalities = list(municipalities)
    form = form_class.bound(
        request.GET,
        form_class.defaults(municipalities, scope.everything),
        municipalities=municipalities,
        everything=scope.everything,
    )
    return federation, scope, municipalities, form


def _dashboard(request, *, with_hours=None):
    """The dashboard's form and, when its choices are valid, its figures: the same for the page
    and every export of it. `with_hours` overrides whether time accounts are shown (a report
    for a meeting's pack shows them only where that meeting's readers may see them)."""
    federation, scope, municipalities, form = _selection_form(request, DashboardForm)
    if not form.is_valid():
        return form, None
    today = timezone.localdate()
    period = form.period()
    period_text, baseline_text = period_label(period), period_label(period.previous())
    municipality_id = form.cleaned_data["municipality"]
    municipality = next((m for m in municipalities if m.pk == municipality_id), None)
    panels = dashboards.county_panels(
        federation, period, today=today, municipality_id=municipality_id
    )
    median = dashboards.median_days(
        federation, period, today=today, municipality_id=municipality_id
    )
    place = federation.name if municipality is None else municipality.name
    if with_hours is None:
        with_hours = meetings_policy.can_view_time_accounts(request.user, federation)
    structure = [
        structure_figures(
            federation,
            chosen,
            today=today,
            municipality_id=municipality_id,
            with_hours=with_hours,
        )
        for chosen in (period, period.previous())
    ]
    return form, {
        "today": today,
        "period": period,
        "period_text": period_text,
        "baseline_text": baseline_text,
        "place": place,
        "slug": federation.slug if municipality is None else slugify(municipality.name),
        "panels": [(panel, panel.table(period_text, baseline_text)) for panel in panels],
        "median": dashboards.median_table(median, period_text),
        "structure": dashboards.structure_tables(*structure, period_text, baseline_text),
        "compares_teams": scope.everything,
        "meetings_to_attach": _meetings_to_attach(request.user, federation, municipality_id),
    }


ATTACH_LIMIT = 5


def _meetings_to_attach(user, federation, municipality_id):
    """The coming meetings whose pre-read pack the reader may attach this report to: those of
    the municipality's Mysam groups, or for the whole förbund those of Länsledning and the
    board, where the reader runs the meetings (a convener, or the förbund's administrators)."""
    groups = meetings_policy.managed_groups(user).filter(federation=federation)
    if municipality_id is None:
        groups = groups.filter(kind__in=OVERSIGHT_GROUP_KINDS)
    else:
        groups = groups.filter(kind=GroupKind.MYSAM, municipality_id=municipality_id)
    return list(
        Meeting.objects.not_cancelled()
        .filter(group__in=groups, starts_at__gte=timezone.now())
        .select_related("group")
        .order_by("starts_at", "pk")[:ATTACH_LIMIT]
    )


def _displayed(rows):
    """Table rows as the page shows them: (heading, [cells as text])."""
    return [(row[0], [dashboards.display(value) for value in row[1:]]) for row in rows]


@require_GET
def dashboard(request):
    """Every indicator for a period, for the förbund or one municipality, protected."""
    form, figures = _dashboard(request)
    context = {
        "form": form,
        "panels": None,
        "query": exports.query_string(form.data),
        "suppression_note": dashboards.SUPPRESSION_NOTE,
    }
    if figures is not None:
        context.update(figures)
        context["panels"] = [(panel, _displayed(table.rows)) for panel, table in figures["panels"]]
        context["median_cells"] = _displayed(figures["median"].rows)[0][1]
    return render(request, "followup/dashboard.html", context)


@require_GET
def dashboard_export(request, fmt):
    """The dashboard's tables as CSV or Excel: exactly the page of the same choices, with what
    the selection is, each indicator's definition and the small-number note."""
    figures, refused = _export_figures(request, fmt, _dashboard, formats=DASHBOARD_FORMATS)
    if refused is not None:
        return refused
    about = _about(figures)
    filename = f"uppfoljning-trisam-{figures['slug']}-{period_slug(figures['period'])}"
    if fmt == "pdf":
        return render_pdf(
            request, "followup/pdf/report.html", report_context(figures, about), f"{filename}.pdf"
        )
    tables = [
        about,
        *(table for _panel, table in figures["panels"]),
        figures["median"],
        *figures["structure"],
        dashboards.definitions_table(),
    ]
    return exports.export_response(fmt, tables, filename)


def _export_figures(request, fmt, build, formats=EXPORT_FORMATS):
    """(figures, None) for an export of valid choices, else (None, the 400 response with the
    form's Swedish errors); 404 for a format the page has not."""
    form, figures = build(request)
    if fmt not in formats:
        raise Http404
    if figures is None:
        return None, exports.invalid_export_response(form)
    return figures, None


def _about(figures):
    return dashboards.about_table(
        figures["place"], figures["period_text"], figures["baseline_text"], figures["today"]
    )


@require_POST
def dashboard_attach(request):
    """Attach the dashboard's PDF report of the query string's choices to a coming meeting's
    pre-read pack, in one step: for those who run that meeting."""
    form, figures = _dashboard(request)
    if figures is None:
        return exports.invalid_export_response(form)
    chosen = request.POST.get("meeting", "")
    meeting = next((m for m in figures["meetings_to_attach"] if str(m.pk) == chosen), None)
    if meeting is None:
        raise PermissionDenied(str(NOT_A_MEETING_TO_ATTACH))
    # What the meeting's readers may see: time accounts only for Länsledning and the board;
    # in Swedish, whatever the attacher's language, as the group's record.
    with translation.override("sv"):
        _form, figures = _dashboard(request, with_hours=meeting.group.kind in OVERSIGHT_GROUP_KINDS)
        content = pdf_bytes(
            "followup/pdf/report.html",
            report_context(figures, _about(figures)),
            request=request,
        )
        title = _("Uppföljning av Trisams mål – %(place)s, %(period)s") % {
            "place": figures["place"],
            "period": figures["period_text"],
        }
    try:
        meetings_services.attach_document(meeting, title=title, content=content, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(f"{reverse('followup:dashboard')}?{exports.query_string(form.data)}")
    messages.success(
        request,
        _("Rapporten är bifogad förhandsinformationen till mötet %(meeting)s.")
        % {"meeting": f"{meeting.group.name} {meeting.day:%Y-%m-%d}"},
    )
    return redirect("meetings:pre_reads", meeting.pk)


NOT_A_MEETING_TO_ATTACH = gettext_lazy(
    "Rapporten kan bara bifogas ett kommande möte som du leder, i en Mysam-grupp i den valda "
    "kommunen eller för hela förbundet i Länsledningen eller styrelsen."
)


def report_context(figures, about):
    """The printed report's context: the same tables as the page and the files."""
    return {
        **figures,
        "about": about,
        "panels": [(panel, _displayed(table.rows)) for panel, table in figures["panels"]],
        "median_rows": _displayed(figures["median"].rows),
        "definitions": dashboards.definitions_table(),
    }


# --- The years compared ----------------------------------------------------------------------


def _trends(request):
    federation, _scope, municipalities, form = _selection_form(request, TrendForm)
    if not form.is_valid():
        return form, None
    today = timezone.localdate()
    municipality_id = form.cleaned_data["municipality"]
    municipality = next((m for m in municipalities if m.pk == municipality_id), None)
    place = federation.name if municipality is None else municipality.name
    last = form.cleaned_data["year"]
    found = trends.trends(federation, last, today=today, municipality_id=municipality_id)
    return form, {
        "today": today,
        "place": place,
        "slug": federation.slug if municipality is None else slugify(municipality.name),
        "first_year": found[0].years[0],
        "last_year": last,
        "trends": [(trend, trend.table(place)) for trend in found],
    }


@require_GET
def trends_page(request):
    """Each indicator over the last four years, for the förbund or one municipality: a chart
    and its table, the cells of each year's dashboard."""
    form, figures = _trends(request)
    context = {
        "form": form,
        "trends": None,
        "query": exports.query_string(form.data),
        "suppression_note": dashboards.SUPPRESSION_NOTE,
        "series": trends.SERIES,
        "chart_width": trends.CHART_WIDTH,
        "bar_width": trends.BAR_WIDTH,
    }
    if figures is not None:
        context.update(figures)
        context["trends"] = [
            (trend, _displayed(table.rows), trend.chart()) for trend, table in figures["trends"]
        ]
    return render(request, "followup/trends.html", context)


@require_GET
def trends_export(request, fmt):
    """The trends' tables as CSV or Excel, with the definitions."""
    figures, refused = _export_figures(request, fmt, _trends)
    if refused is not None:
        return refused
    years = f"{figures['first_year']}-{figures['last_year']}"
    tables = [table for _trend, table in figures["trends"]]
    return exports.export_response(
        fmt,
        [*tables, dashboards.definitions_table()],
        f"uppfoljning-trisam-{figures['slug']}-{years}",
    )


# --- A team's own follow-up ---------------------------------------------------------------------

TEAM_FIGURES_NOTE = gettext_lazy(
    "Siffrorna för dina ärenden är exakta: ärenden som din part har aktualiserat och ärenden där "
    "ett samtycke som gäller nu omfattar din part. Teamets övriga ärenden räknas för sig och "
    "skyddas som utanför teamet."
)


def _team_period(request, team_pk):
    team, party = team_for(request, team_pk)
    form = TeamPeriodForm.bound(request.GET)
    return team, party, form


def _team_figures(request, team_pk):
    """The team page's form and, when valid, its panels with their rows: the same for the page
    and its PDF."""
    team, party, form = _team_period(request, team_pk)
    if not form.is_valid():
        return team, party, form, None
    today = timezone.localdate()
    period = form.period()
    period_text, baseline_text = period_label(period), period_label(period.previous())
    panels = teams.team_panels(team, party, period, today=today)
    return (
        team,
        party,
        form,
        {
            "today": today,
            "period": period,
            "period_text": period_text,
            "baseline_text": baseline_text,
            "place": team.name,
            "own_only": period.grain == "range",
            "panels": [
                (panel, _displayed(panel.table_rows(period_text, baseline_text)))
                for panel in panels
            ],
        },
    )


@require_GET
def team_dashboard(request, team_pk):
    """Every indicator over the team's cases: exact over the reader's own, protected over the
    rest. For the team's members with a case seat only."""
    team, party, form, figures = _team_figures(request, team_pk)
    context = {
        "team": team,
        "party": party,
        "form": form,
        "panels": None,
        "query": exports.query_string(form.data),
        "note": TEAM_FIGURES_NOTE,
        "suppression_note": dashboards.SUPPRESSION_NOTE,
    }
    if figures is not None:
        context.update(figures)
    return render(request, "followup/team.html", context)


@require_GET
def team_report(request, team_pk):
    """The team's follow-up as a tagged PDF: the page's tables and the definitions."""
    team, party, form, figures = _team_figures(request, team_pk)
    if figures is None:
        return exports.invalid_export_response(form)
    about = exports.Table(
        title=str(gettext_lazy("Om siffrorna")),
        columns=[gettext_lazy("Uppgift"), gettext_lazy("Värde")],
        rows=[
            [gettext_lazy("Team"), team.name],
            [gettext_lazy("Du företräder"), party.label],
            [gettext_lazy("Period"), figures["period_text"]],
            [gettext_lazy("Jämförs med"), figures["baseline_text"]],
            [gettext_lazy("Uttaget"), figures["today"].isoformat()],
            [gettext_lazy("Dina ärenden"), str(TEAM_FIGURES_NOTE)],
            [gettext_lazy("Små antal"), str(dashboards.SUPPRESSION_NOTE)],
        ],
    )
    context = {**figures, "about": about, "definitions": dashboards.definitions_table()}
    filename = f"uppfoljning-{slugify(team.name)}-{period_slug(figures['period'])}.pdf"
    return render_pdf(request, "followup/pdf/team_report.html", context, filename)


CASES_PER_PAGE = 50


@require_GET
@never_cache
def team_cases_behind(request, team_pk, key):
    """The reader's own cases behind one of the team's figures, 50 to a page: those it counts
    or, for a share, the rest of its denominator (`?visa=ovriga`). Names logged as in the team's
    case list."""
    team, party, form = _team_period(request, team_pk)
    indicator = INDICATORS.get(key)
    if indicator is None:
        raise Http404
    context = {"team": team, "party": party, "form": form, "indicator": indicator, "rows": None}
    if form.is_valid():
        today = timezone.localdate()
        period = form.period()
        counted, rest = teams.cases_behind(indicator, team, party, period, today=today)
        showing_rest = rest is not None and request.GET.get("visa") == "ovriga"
        page = Paginator(rest if showing_rest else counted, CASES_PER_PAGE).get_page(
            request.GET.get("page")
        )
        query = exports.query_string(form.data)
        context.update(
            {
                "period_text": period_label(period),
                "query": query,
                "page": page,
                "showing_rest": showing_rest,
                "is_share": rest is not None,
                "rows": case_views.listed_rows(request, page.object_list, today),
            }
        )
    return render(request, "followup/team_cases.html", context)


# --- The teams compared, for the process leadership ---------------------------------------------

NOT_A_TEAMS_READER = gettext_lazy(
    "Teamen jämförs av förbundets kansli, Länsledning och styrelsen och Trisams processledare."
)


def _teams_compared(request):
    federation, _scope, municipalities, form = _selection_form(
        request, DashboardForm, whole_only=True, refused=NOT_A_TEAMS_READER
    )
    if not form.is_valid():
        return form, None
    today = timezone.localdate()
    period = form.period()
    period_text, baseline_text = period_label(period), period_label(period.previous())
    municipality_id = form.cleaned_data["municipality"]
    municipality = next((m for m in municipalities if m.pk == municipality_id), None)
    tables = [
        comparisons.comparison_table(
            comparison, period_text, baseline_text, municipality_id=municipality_id
        )
        for comparison in comparisons.team_comparisons(federation, period, today=today)
    ]
    place = federation.name if municipality is None else municipality.name
    return form, {
        "today": today,
        "period": period,
        "period_text": period_text,
        "baseline_text": baseline_text,
        "place": place,
        "slug": federation.slug if municipality is None else slugify(municipality.name),
        "tables": tables,
    }


def _bars(table):
    """Each row's bar, in percent of the widest: the share where it is shown, else the count."""
    column = 2
    values = [row[column] for row in table.rows]
    numbers = [
        float(value.whole) if isinstance(value, exports.Percent) else value
        for value in values
        if isinstance(value, exports.Percent | int) and not isinstance(value, bool)
    ]
    widest = max(numbers, default=0) or 1
    bars = []
    for value in values:
        if isinstance(value, exports.Percent):
            bars.append(round(float(value.whole)))
        elif isinstance(value, int) and not isinstance(value, bool):
            bars.append(round(100 * value / widest))
        else:
            bars.append(None)
    return bars


@require_GET
def teams_compared(request):
    """Every team's figure of each indicator, totals only, protected: the process leadership's
    view of all teams."""
    form, figures = _teams_compared(request)
    context = {
        "form": form,
        "tables": None,
        "query": exports.query_string(form.data),
        "suppression_note": dashboards.SUPPRESSION_NOTE,
        "totals_note": comparisons.TOTALS_NOTE,
    }
    if figures is not None:
        context.update(figures)
        context["tables"] = [
            (
                table,
                [
                    (row[0], row[1], [dashboards.display(value) for value in row[2:]], bar)
                    for row, bar in zip(table.rows, _bars(table), strict=True)
                ],
            )
            for table in figures["tables"]
        ]
    return render(request, "followup/teams_compared.html", context)


@require_GET
def teams_compared_export(request, fmt):
    """The teams compared as CSV or Excel: exactly the page's tables, with the note."""
    figures, refused = _export_figures(request, fmt, _teams_compared)
    if refused is not None:
        return refused
    about = _about(figures)
    about.rows.append([gettext_lazy("Per team"), str(comparisons.TOTALS_NOTE)])
    filename = f"uppfoljning-trisam-teamen-{figures['slug']}-{period_slug(figures['period'])}"
    return exports.export_response(
        fmt, [about, *figures["tables"], dashboards.definitions_table()], filename
    )
