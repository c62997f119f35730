"""Interventions: the money overview, one intervention with its goals and decisions, the forms
that keep them, and the team-hours page of interventions compensated as time in Trisam teams.

Who sees what (see `funding.policy`): the förbund's administrators change
everything here; they, Länsledning and the board read all of it; a current Mysam member reads
the interventions their group steers whole, and of any other intervention only the rows of
their municipality's party. Anyone else gets 403, and another förbund's intervention is 404.
"""

import datetime

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from samverkan.core.editing import posted, save_form_or_render
from samverkan.funding import exports, intervention_figures, policy
from samverkan.funding.forms.interventions import (
    GoalForm,
    InterventionForm,
    ParticipantOfficerForm,
    ParticipantPlansForm,
)
from samverkan.funding.hours import team_hours_table
from samverkan.funding.models import Intervention, Orientation
from samverkan.funding.templatetags.funding import kronor as kronor_text
from samverkan.funding.views.common import (
    federation_and_scope,
    goal_to_change,
    intervention_for,
    intervention_to_change,
    require_manager,
)

PARTIAL_NOTE = gettext_lazy(
    "Du ser bara raderna för din kommuns part. Insatser som din Mysam-grupp styr ser du i sin "
    "helhet."
)


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
        policy.visible_interventions(federation, scope).select_related(
            "steering_group", "owner", "federation"
        )
    )
    totals = intervention_figures.granted_and_used(interventions, scope, today)
    current, completed = [], []
    for intervention in interventions:
        entry = {
            "intervention": intervention,
            "steering": _steering_text(intervention),
            **totals[intervention.pk],
            "whole": scope.sees_whole(intervention),
            "is_team_hours": intervention.compensation == Intervention.Compensation.TEAM_HOURS,
        }
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


@require_GET
def intervention(request, code):
    intervention, federation, scope = intervention_for(request, code)
    today = timezone.localdate()
    whole = scope.sees_whole(intervention)
    decisions = intervention_figures.decision_tables(intervention, scope, whole)
    context = {
        "intervention": intervention,
        "federation": federation,
        "steering": _steering_text(intervention),
        "goals": list(intervention.goals.all()),
        "gender_columns": [_("Kvinnor"), _("Män"), _("Annan"), _("Totalt")],
        "plans": list(intervention.participant_plans.all()),
        "decisions": decisions,
        "usage": intervention_figures.usage(intervention, scope, today, decisions),
        "whole": whole,
        "partial_note": PARTIAL_NOTE,
        "is_team_hours": intervention.compensation == Intervention.Compensation.TEAM_HOURS,
        "can_manage": policy.can_manage_funding(request.user, federation),
        "officers": list(intervention.participant_officers.select_related("person__party")),
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
    intervention, federation = intervention_to_change(request, code)
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


def goal_create(request, code):
    intervention, _federation = intervention_to_change(request, code)
    form = GoalForm(
        posted(request),
        intervention=intervention,
        initial={"order": intervention.goals.count() + 1},
    )
    return _goal_form(
        request,
        form,
        intervention,
        title=_("Nytt mål för %(name)s") % {"name": intervention.name},
        success_message=gettext_lazy("Målet %(object)s har lagts till."),
    )


def goal_edit(request, code, pk):
    goal, intervention = goal_to_change(request, code, pk)
    form = GoalForm(posted(request), instance=goal, intervention=intervention)
    return _goal_form(
        request,
        form,
        intervention,
        title=_("Ändra mål för %(name)s") % {"name": intervention.name},
        success_message=gettext_lazy("Målet %(object)s har sparats."),
    )


def _goal_form(request, form, intervention, *, title, success_message):
    """Save a valid posted goal and go back to the intervention's goals, or show the form."""
    return save_form_or_render(
        request,
        form,
        template="funding/goal_form.html",
        success_message=success_message,
        success_url=lambda goal: intervention.get_absolute_url() + "#mal",
        context={
            "title": title,
            "intervention": intervention,
            "cancel_url": intervention.get_absolute_url(),
            "funding_tab": "overview",
        },
    )


def participant_plans(request, code):
    intervention, _federation = intervention_to_change(request, code)
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


# --- Deltagaransvariga -------------------------------------------------------------------------


def participant_officers(request, code):
    """Who reports the intervention's participants to Uppföljning Finsam: the list, and for the
    förbund's administrators a form to appoint one. Removing is a POST to its own address."""
    intervention, federation, _scope = intervention_for(request, code)
    require_manager(request, federation)
    if intervention.orientation != Orientation.INDIVIDUAL:
        raise Http404
    form = ParticipantOfficerForm(posted(request), intervention=intervention)
    url = reverse("funding:participant_officers", args=[intervention.code])
    return save_form_or_render(
        request,
        form,
        template="funding/participant_officers.html",
        success_message=gettext_lazy("%(object)s är nu deltagaransvarig."),
        success_url=url,
        context={
            "title": _("Deltagaransvariga för %(name)s") % {"name": intervention.name},
            "intervention": intervention,
            "officers": list(
                intervention.participant_officers.select_related("person__party", "person__user")
            ),
            "cancel_url": intervention.get_absolute_url(),
            "funding_tab": "overview",
        },
    )


@require_POST
def participant_officer_remove(request, code, pk):
    intervention, _federation = intervention_to_change(request, code)
    officer = get_object_or_404(intervention.participant_officers, pk=pk)
    officer.delete()
    messages.success(
        request, _("%(person)s är inte längre deltagaransvarig.") % {"person": officer.person}
    )
    return redirect("funding:participant_officers", code=intervention.code)


# --- Team hours ---------------------------------------------------------------------------------


def _hours_text(value):
    return floatformat(value, 1)


def _display(row):
    """A table row as the page shows it: kronor grouped, hours with one decimal."""
    shown = []
    for index, value in enumerate(row):
        if value is None:
            shown.append("–")
        elif index == 0:
            shown.append(value)
        elif index == 2:
            shown.append(_hours_text(value))
        elif index == 3:
            shown.append(floatformat(value, 2))
        else:
            shown.append(kronor_text(value))
    return shown


def _hours_intervention(request, code):
    """As `intervention_for`, and 404 for an intervention not compensated as team time."""
    intervention, federation, scope = intervention_for(request, code)
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
