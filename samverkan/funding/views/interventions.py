"""Interventions: the money overview, one intervention with its goals and decisions, the forms
that keep them, and the team-hours page of interventions compensated as time in Trisam teams.

Who sees what (see `funding.policy`): the förbund's administrators change
everything here; they, Länsledning and the board read all of it; a current Mysam member reads
the interventions their group steers whole, and of any other intervention only the rows of
their municipality's party. Anyone else gets 403, and another förbund's intervention is 404.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from samverkan.core.editing import posted, save_form_or_render
from samverkan.funding import exports, figures, policy
from samverkan.funding.forms.interventions import GoalForm, InterventionForm, ParticipantPlansForm
from samverkan.funding.hours import hours_against_grant
from samverkan.funding.models import Intervention
from samverkan.funding.templatetags.funding import kronor as kronor_text
from samverkan.funding.views.common import (
    federation_and_scope,
    require_manager,
    visible_intervention,
)
from samverkan.structure.models import Party

PARTIAL_NOTE = gettext_lazy(
    "Du ser bara raderna för din kommuns part. Insatser som din Mysam-grupp styr ser du i sin "
    "helhet."
)


def _scope_q(scope):
    """The row filter for `figures`, or None when the reader sees everything."""
    return None if scope.everything else scope.rows()


def _steering_text(intervention):
    if intervention.steering_group_id:
        return intervention.steering_group.name
    if intervention.steered_by_mysam:
        return _("Mysam-gruppen i varje kommun för sin del")
    return _("Ingen styrgrupp angiven")


# --- Overview -----------------------------------------------------------------------------------


@require_GET
def overview(request):
    federation, scope = federation_and_scope(request)
    today = timezone.localdate()
    interventions = list(
        Intervention.objects.filter(federation=federation)
        .filter(scope.interventions())
        .distinct()
        .select_related("steering_group", "owner", "federation")
        .order_by("-starts_on", "name")
    )
    granted = figures.granted(interventions, scope_q=_scope_q(scope))
    used = figures.used(interventions, today=today, scope_q=_scope_q(scope))
    granted_by_year = defaultdict(int)
    used_by_year = defaultdict(int)
    for (intervention_pk, _party, year), amount in granted.items():
        granted_by_year[(intervention_pk, year)] += amount
    for (intervention_pk, _party, year), amount in used.items():
        used_by_year[(intervention_pk, year)] += amount
    current, completed = [], []
    for intervention in interventions:
        years = [
            {
                "year": year,
                "granted": granted_by_year.get((intervention.pk, year), 0),
                "used": used_by_year.get((intervention.pk, year), 0),
            }
            for year in intervention.years
        ]
        for row in years:
            row["remaining"] = row["granted"] - row["used"]
        entry = {
            "intervention": intervention,
            "steering": _steering_text(intervention),
            "years": years,
            "granted": sum(row["granted"] for row in years),
            "used": sum(row["used"] for row in years),
            "whole": scope.sees_whole(intervention),
            "is_team_hours": intervention.compensation == Intervention.Compensation.TEAM_HOURS,
        }
        entry["remaining"] = entry["granted"] - entry["used"]
        (completed if intervention.is_completed_on(today) else current).append(entry)
    context = {
        "federation": federation,
        "sections": [
            {
                "id": "pagaende",
                "title": _("Pågående och kommande insatser"),
                "entries": current,
                "empty": _("Inga pågående insatser."),
            },
            {
                "id": "avslutade",
                "title": _("Avslutade insatser"),
                "entries": completed,
                "empty": _("Inga avslutade insatser."),
            },
        ],
        "partial": not scope.everything,
        "partial_note": PARTIAL_NOTE,
        "can_manage": policy.can_manage_funding(request.user, federation),
        "funding_tab": "overview",
    }
    return render(request, "funding/overview.html", context)


# --- One intervention ---------------------------------------------------------------------------


def _decision_tables(intervention, scope, whole):
    """Each decision with its grant table, the one in force first; a partial reader's rows only."""
    decisions = list(
        intervention.decisions.select_related("superseded_by").prefetch_related("stated_totals")
    )
    decisions.sort(key=lambda d: (not d.is_current, -(d.registered_at.timestamp()), -d.pk))
    result = []
    for decision in decisions:
        table = figures.grant_table(decision)
        rows = table.rows
        if not whole:
            rows = [row for row in rows if row["party"].municipality_id in scope.municipality_ids]
        warnings = [
            _(
                "%(year)s: Raderna summerar till %(computed)s kr men angiven summa är "
                "%(stated)s kr (skillnad %(difference)s kr)."
            )
            % {
                "year": year,
                "computed": kronor_text(computed),
                "stated": kronor_text(stated),
                "difference": kronor_text(abs(difference)),
            }
            for year, computed, stated, difference in zip(
                table.years, table.totals, table.stated, table.differences, strict=True
            )
            if difference
        ]
        result.append(
            {
                "decision": decision,
                "table": table,
                "rows": rows,
                "whole": whole,
                "totals": list(zip(table.totals, table.stated, table.differences, strict=True)),
                "has_stated": any(stated is not None for stated in table.stated),
                "warnings": warnings if whole else [],
                "total_change": figures.change(table.totals[0], table.totals[-1])
                if len(table.years) > 1
                else None,
                "superseded_by": None if decision.is_current else decision.superseded_by,
            }
        )
    return result


def _usage(intervention, scope, today, decisions):
    """Used against granted per year and party: [{year, rows: [...], totals}]."""
    granted = figures.granted([intervention], scope_q=_scope_q(scope))
    used = figures.used([intervention], today=today, scope_q=_scope_q(scope))
    party_pks = {party for (_i, party, _y) in granted} | {party for (_i, party, _y) in used}
    parties = {party.pk: party for party in Party.objects.filter(pk__in=party_pks)}
    # The document's order of the decision in force, then the parties' own order.
    document = {}
    for entry in decisions:
        if entry["decision"].is_current:
            for position, row in enumerate(entry["table"].rows):
                document.setdefault(row["party"].pk, position)
    ordered = sorted(
        parties.values(), key=lambda p: (document.get(p.pk, len(document)), p.order, p.name)
    )
    years = []
    for year in intervention.years:
        rows = []
        for party in ordered:
            g = granted.get((intervention.pk, party.pk, year))
            u = used.get((intervention.pk, party.pk, year))
            if g is None and u is None:
                continue
            rows.append(
                {
                    "party": party,
                    "granted": g or 0,
                    "used": u or 0,
                    "remaining": (g or 0) - (u or 0),
                }
            )
        if rows:
            years.append(
                {
                    "year": year,
                    "rows": rows,
                    "granted": sum(row["granted"] for row in rows),
                    "used": sum(row["used"] for row in rows),
                    "remaining": sum(row["remaining"] for row in rows),
                }
            )
    return years


@require_GET
def intervention(request, code):
    intervention, federation, scope = visible_intervention(request, code)
    today = timezone.localdate()
    whole = scope.sees_whole(intervention)
    decisions = _decision_tables(intervention, scope, whole)
    context = {
        "intervention": intervention,
        "federation": federation,
        "steering": _steering_text(intervention),
        "goals": list(intervention.goals.all()),
        "gender_columns": [_("Kvinnor"), _("Män"), _("Annan"), _("Totalt")],
        "plans": list(intervention.participant_plans.all()),
        "decisions": decisions,
        "usage": _usage(intervention, scope, today, decisions),
        "whole": whole,
        "partial_note": PARTIAL_NOTE,
        "is_team_hours": intervention.compensation == Intervention.Compensation.TEAM_HOURS,
        "can_manage": policy.can_manage_funding(request.user, federation),
        "funding_tab": "overview",
    }
    return render(request, "funding/intervention.html", context)


# --- Forms --------------------------------------------------------------------------------------


def intervention_create(request):
    federation, _scope = federation_and_scope(request)
    require_manager(request, federation)
    form = InterventionForm(posted(request), federation=federation)
    return save_form_or_render(
        request,
        form,
        template="funding/intervention_form.html",
        success_message=gettext_lazy("Insatsen %(object)s har lagts till."),
        context={
            "title": _("Ny insats"),
            "cancel_url": reverse("funding:overview"),
            "funding_tab": "overview",
        },
    )


def intervention_edit(request, code):
    intervention, federation, _scope = visible_intervention(request, code)
    require_manager(request, federation)
    form = InterventionForm(posted(request), instance=intervention, federation=federation)
    stored = Intervention.objects.get(pk=intervention.pk)
    return save_form_or_render(
        request,
        form,
        template="funding/intervention_form.html",
        success_message=gettext_lazy("Insatsen %(object)s har sparats."),
        context={
            "title": _("Ändra %(name)s") % {"name": stored.name},
            "intervention": stored,
            "cancel_url": stored.get_absolute_url(),
            "funding_tab": "overview",
        },
    )


def _managed_intervention(request, code):
    intervention, federation, _scope = visible_intervention(request, code)
    require_manager(request, federation)
    return intervention


def goal_create(request, code):
    intervention = _managed_intervention(request, code)
    form = GoalForm(
        posted(request),
        intervention=intervention,
        initial={"order": intervention.goals.count() + 1},
    )
    return save_form_or_render(
        request,
        form,
        template="funding/goal_form.html",
        success_message=gettext_lazy("Målet %(object)s har lagts till."),
        success_url=lambda goal: intervention.get_absolute_url() + "#mal",
        context={
            "title": _("Nytt mål för %(name)s") % {"name": intervention.name},
            "intervention": intervention,
            "cancel_url": intervention.get_absolute_url(),
            "funding_tab": "overview",
        },
    )


def goal_edit(request, code, pk):
    intervention = _managed_intervention(request, code)
    goal = get_object_or_404(intervention.goals, pk=pk)
    form = GoalForm(posted(request), instance=goal, intervention=intervention)
    return save_form_or_render(
        request,
        form,
        template="funding/goal_form.html",
        success_message=gettext_lazy("Målet %(object)s har sparats."),
        success_url=lambda goal: intervention.get_absolute_url() + "#mal",
        context={
            "title": _("Ändra mål för %(name)s") % {"name": intervention.name},
            "intervention": intervention,
            "cancel_url": intervention.get_absolute_url(),
            "funding_tab": "overview",
        },
    )


def participant_plans(request, code):
    intervention = _managed_intervention(request, code)
    form = ParticipantPlansForm(posted(request), intervention=intervention)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Planerade deltagare har sparats."))
            return redirect(intervention.get_absolute_url() + "#deltagare")
        if form.has_error("__all__", code="stale"):
            status = 409
    context = {
        "title": _("Planerade deltagare för %(name)s") % {"name": intervention.name},
        "intervention": intervention,
        "form": form,
        "cancel_url": intervention.get_absolute_url(),
        "funding_tab": "overview",
    }
    return render(request, "funding/plans_form.html", context, status=status)


# --- Team hours ---------------------------------------------------------------------------------


def hours_text(value):
    return floatformat(value, 1)


def team_hours_table(intervention, year, scope, today):
    """The page's and the CSV's table: hours from Trisam attendance valued at each rate."""
    rows = hours_against_grant(intervention, year, today=today)
    if not scope.sees_whole(intervention):
        rows = [row for row in rows if row["party"].municipality_id in scope.municipality_ids]
    body = [
        [
            row["party"].name,
            row["grant"],
            Decimal(row["hours"]).quantize(Decimal("0.1")),
            row["rate"],
            row["used"],
            row["remaining"],
            row["forecast"],
        ]
        for row in rows
    ]

    def total(index):
        values = [line[index] for line in body if line[index] is not None]
        return sum(values) if values else None

    totals = [
        _("Totalt"),
        total(1) or 0,
        total(2) if body else Decimal("0.0"),
        None,
        total(4),
        total(5),
        total(6),
    ]
    unvalued = [row["party"].name for row in rows if row["rate"] is None]
    note = _(
        "Använt räknas som tid i Trisam-team × 2 (förberedelsefaktorn i reglerna för mötets "
        "datum) gånger partens timpris för året. Prognosen håller takten hittills året ut."
    )
    if unvalued:
        note += " " + _("Utan timpris kan tiden inte värderas: %(parties)s.") % {
            "parties": ", ".join(unvalued)
        }
    return exports.Table(
        title=_("%(name)s – tid mot beviljat %(year)s") % {"name": intervention.name, "year": year},
        columns=[
            _("Part"),
            _("Beviljat (kr)"),
            _("Timmar (tid × faktor)"),
            _("Timpris (kr)"),
            _("Använt (kr)"),
            _("Kvar (kr)"),
            _("Prognos för året (kr)"),
        ],
        rows=body,
        totals=totals,
        note=note,
    ), unvalued


def _display(row):
    """A table row as the page shows it: kronor grouped, hours with one decimal."""
    shown = []
    for index, value in enumerate(row):
        if value is None:
            shown.append("–")
        elif index == 0:
            shown.append(value)
        elif index == 2:
            shown.append(hours_text(value))
        elif index == 3:
            shown.append(floatformat(value, 2))
        else:
            shown.append(kronor_text(value))
    return shown


def _hours_intervention(request, code):
    intervention, federation, scope = visible_intervention(request, code)
    if intervention.compensation != Intervention.Compensation.TEAM_HOURS:
        raise Http404
    return intervention, federation, scope


def _chosen_year(request, intervention, today):
    """The year asked for, the current year within the period by default; None if invalid."""
    raw = request.GET.get("year", "").strip()
    if not raw:
        return min(max(today.year, intervention.starts_on.year), intervention.ends_on.year), None
    if raw.isdigit() and int(raw) in intervention.years:
        return int(raw), None
    error = _("Välj ett år inom insatsens period (%(first)s–%(last)s).") % {
        "first": intervention.starts_on.year,
        "last": intervention.ends_on.year,
    }
    return None, error


@require_GET
def team_hours(request, code):
    intervention, federation, scope = _hours_intervention(request, code)
    today = timezone.localdate()
    year, error = _chosen_year(request, intervention, today)
    table = unvalued = None
    if year is not None:
        table, unvalued = team_hours_table(intervention, year, scope, today)
    context = {
        "intervention": intervention,
        "federation": federation,
        "years": intervention.years,
        "year": year,
        "year_error": error,
        "table": table,
        "display_rows": [_display(row) for row in table.rows] if table else [],
        "display_totals": _display(table.totals) if table else [],
        "unvalued": unvalued,
        "whole": scope.sees_whole(intervention),
        "partial_note": PARTIAL_NOTE,
        "can_manage": policy.can_manage_funding(request.user, federation),
        "is_future": year is not None and datetime.date(year, 1, 1) > today,
        "funding_tab": "overview",
    }
    return render(request, "funding/team_hours.html", context, status=400 if error else 200)


@require_GET
def team_hours_csv(request, code):
    intervention, _federation, scope = _hours_intervention(request, code)
    today = timezone.localdate()
    year, error = _chosen_year(request, intervention, today)
    if error:
        return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
    table, _unvalued = team_hours_table(intervention, year, scope, today)
    return exports.export_response("csv", [table], f"{intervention.code}-timmar-{year}")
