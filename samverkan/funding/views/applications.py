"""Applications for samverkansmedel and the förbund's decisions on them.

Who sees what (`funding.policy`):
- The förbund's administrators and its oversight groups read every application; a Mysam member
  reads their group's applications, their municipality's party's, and those for interventions
  their group steers. Of an application their group neither made nor steers, a Mysam member
  sees only their municipality's amounts. Anyone else: 403; another förbund's application: 404.
- Only the förbund's administrators register applications and record decisions (403 otherwise).
A decision is never changed: a new one supersedes it, and both stay on the application's page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core.editing import posted
from samverkan.funding import policy, services
from samverkan.funding.application_figures import amount_table, granted_tables, with_figures
from samverkan.funding.forms.applications import (
    APPLIED_PREFIX,
    SHOW_YEARS,
    ApplicationForm,
    DecisionForm,
    StatusFilterForm,
    SupersedeForm,
    amount_grid,
    default_period,
    granted_grid,
    years_of,
)
from samverkan.funding.models import Application, FundingDecision
from samverkan.funding.views.common import (
    application_for,
    application_to_change,
    federation_and_scope,
    require_manager,
)

# --- Pages -------------------------------------------------------------------------------------


def application_list(request):
    federation, scope = federation_and_scope(request)
    filter_form = StatusFilterForm(request.GET or None)
    queryset = with_figures(policy.visible_applications(federation, scope).distinct(), scope)
    status = ""
    if filter_form.is_bound and filter_form.is_valid():
        status = filter_form.cleaned_data["status"]
        if status:
            queryset = queryset.filter(decision_status=status)
    applications = list(
        queryset.select_related("applicant_group", "applicant_party", "intervention").order_by(
            "-received_on", "-pk"
        )
    )
    labels = dict(Application.Status.choices)
    for application in applications:
        application.status_label = labels.get(application.decision_status, "")
    context = {
        "federation": federation,
        "scope": scope,
        "filter_form": filter_form,
        "status": status,
        "status_label": labels.get(status, ""),
        "applications": applications,
        "can_manage": policy.can_manage_funding(request.user, federation),
    }
    return render(request, "funding/application_list.html", context)


def application_create(request):
    federation, _scope = federation_and_scope(request)
    require_manager(request, federation)
    grid_url = reverse("funding:application_create")
    data = posted(request)
    if data is not None and SHOW_YEARS in data:
        return _render_with_years(request, federation, data, grid_url)

    today = timezone.localdate()
    starts_on, ends_on = default_period(today)
    form = ApplicationForm(
        data,
        federation=federation,
        grid_url=grid_url,
        initial={"received_on": today, "starts_on": starts_on, "ends_on": ends_on},
    )
    if data is None:
        # The grid for the default period at once; it follows the dates as they change.
        grid = amount_grid(None, federation=federation, years=years_of(starts_on, ends_on))
        return _render_form(request, form, grid, federation, years_asked=False)
    grid = None
    form_valid = form.is_valid()
    years = years_of(form.cleaned_data.get("starts_on"), form.cleaned_data.get("ends_on"))
    if years:
        grid = amount_grid(data, federation=federation, years=years)
        grid_valid = grid.is_valid()
        if form_valid and grid_valid:
            saved = _register(request, form, grid)
            if saved is not None:
                messages.success(
                    request, _("Ansökan ”%(title)s” är registrerad.") % {"title": saved.title}
                )
                return redirect(saved)
    return _render_form(request, form, grid, federation, years_asked=True)


def _register(request, form, grid):
    """Save the application through the service; on a refusal put it on the forms and return
    None (the service's transaction has saved nothing)."""
    lines = [line for line in grid.lines() if line.amount > 0]
    if not lines:
        grid.add_error(None, _("Ange minst ett sökt belopp större än 0 kronor."))
        return None
    application = form.save(commit=False)
    try:
        return services.register_application(application, lines, by=request.user)
    except ValidationError as error:
        application.pk = None
        for message in error.messages:
            form.add_error(None, message)
        return None


def _render_with_years(request, federation, data, grid_url):
    """The form as typed, without its errors, and the grid for the years of the typed period."""
    names = ApplicationForm._meta.fields
    form = ApplicationForm(
        federation=federation, grid_url=grid_url, initial={name: data.get(name) for name in names}
    )
    years = years_of(*(_date_or_none(form, data, name) for name in ("starts_on", "ends_on")))
    grid = None
    if years:
        grid = amount_grid(
            None,
            federation=federation,
            years=years,
            initial={
                key: value for key, value in data.items() if key.startswith(f"{APPLIED_PREFIX}-")
            },
        )
    return _render_form(request, form, grid, federation, years_asked=True)


def _date_or_none(form, data, name):
    try:
        return form.fields[name].clean(data.get(name))
    except ValidationError:
        return None


def _render_form(request, form, grid, federation, *, years_asked):
    context = {
        "federation": federation,
        "form": form,
        "grid": grid,
        "years_asked": years_asked,
        "has_errors": bool(form.errors or (grid is not None and grid.errors)),
    }
    return render(request, "funding/application_form.html", context)


def application(request, pk):
    application, federation, scope = application_for(request, pk)
    whole = scope.sees_whole_application(application)
    party_filter = Q() if whole else scope.parties("party__")
    years = application.years
    amounts = application.amounts.filter(party_filter).select_related("party")
    decisions = list(
        application.decisions.select_related("superseded_by").order_by("-registered_at", "-pk")
    )
    tables = granted_tables(decisions, years, party_filter)
    for decision in decisions:
        decision.table = tables[decision.pk]
    intervention_visible = (
        application.intervention_id is not None
        and policy.visible_interventions(federation, scope)
        .filter(pk=application.intervention_id)
        .exists()
    )
    current = next((decision for decision in decisions if decision.is_current), None)
    context = {
        "federation": federation,
        "application": application,
        "whole": whole,
        "applied": amount_table(amounts, years),
        "decisions": decisions,
        "current": current,
        "status_label": current.get_outcome_display()
        if current
        else Application.Status.PENDING.label,
        "intervention_visible": intervention_visible,
        "can_manage": policy.can_manage_funding(request.user, federation),
    }
    return render(request, "funding/application.html", context)


def decide(request, pk):
    federation, _scope = federation_and_scope(request)
    # A reader who may not decide is told so before the application is looked up.
    require_manager(request, federation)
    application, federation = application_to_change(request, pk)
    current = application.current_decision()
    data = posted(request)
    form = DecisionForm(data, application=application)
    confirm = SupersedeForm(data, current=current) if current else None
    grid = granted_grid(data, application=application)
    # The grid matters only for a partly granted decision, but a forged cell never passes.
    partly = data is not None and data.get("outcome") == FundingDecision.Outcome.PARTLY_GRANTED
    if data is not None:
        form_valid = form.is_valid()
        confirmed = confirm is None or confirm.is_valid()
        grid.is_valid()
        grid_ok = not grid.errors if partly else not grid.non_field_errors()
        if form_valid and confirmed and grid_ok:
            try:
                decision = services.decide(
                    application,
                    outcome=form.cleaned_data["outcome"],
                    decided_on=form.cleaned_data["decided_on"],
                    reference=form.cleaned_data["reference"],
                    decided_by=form.cleaned_data["decided_by"],
                    motivation=form.cleaned_data["motivation"],
                    grants=grid.lines() if partly else None,
                    seen_current=current,
                    by=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Beslutet (%(outcome)s) är registrerat.")
                    % {"outcome": decision.get_outcome_display()},
                )
                return redirect(application)
    grid_errors_shown = partly and bool(grid.errors)
    context = {
        "federation": federation,
        "application": application,
        "current": current,
        "form": form,
        "confirm": confirm,
        "grid": grid,
        "grid_errors_shown": grid_errors_shown,
        "applied": amount_table(application.amounts.select_related("party"), application.years),
        "has_errors": bool(
            form.errors
            or (confirm is not None and confirm.errors)
            or grid.non_field_errors()
            or grid_errors_shown
        ),
    }
    return render(request, "funding/decide.html", context)
