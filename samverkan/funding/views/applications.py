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
from django.db.models import IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.core.editing import posted
from samverkan.funding import policy, services
from samverkan.funding.forms.applications import (
    ApplicationForm,
    DecisionForm,
    StatusFilterForm,
    SupersedeForm,
    amount_grid,
    granted_grid,
    years_of,
)
from samverkan.funding.models import (
    Application,
    ApplicationAmount,
    FundingDecision,
    Grant,
    Intervention,
)
from samverkan.funding.views.common import federation_and_scope, require_manager

# --- Who sees which application ---------------------------------------------------------------


def visible_applications(federation, scope):
    """The förbund's applications `scope` may read."""
    queryset = Application.objects.filter(federation=federation)
    if scope.everything:
        return queryset
    return queryset.filter(
        Q(applicant_group__in=scope.group_ids)
        | Q(applicant_party__municipality__in=scope.municipality_ids)
        | Q(intervention__steering_group__in=scope.group_ids)
    )


def sees_whole(scope, application):
    """Whether every party's amounts of `application` are the reader's to see."""
    if scope.everything or application.applicant_group_id in scope.group_ids:
        return True
    return application.intervention_id is not None and scope.sees_whole(application.intervention)


def _visible_rows(scope, application_path):
    """A Q for amount or grant rows a reader sees, `application_path` leading to the application
    (e.g. "decision__application__")."""
    if scope.everything:
        return Q()
    return (
        Q(party__municipality__in=scope.municipality_ids)
        | Q(**{f"{application_path}applicant_group__in": scope.group_ids})
        | Q(**{f"{application_path}intervention__steering_group__in": scope.group_ids})
    )


def _with_figures(queryset, scope):
    """Annotate status (the current decision's outcome, or pending) and the totals applied for
    and granted by the current decision, counting only rows the reader sees."""
    current = FundingDecision.objects.filter(
        application=OuterRef("pk"), superseded_by__isnull=True
    ).order_by("-registered_at", "-pk")
    applied = (
        ApplicationAmount.objects.filter(application=OuterRef("pk"))
        .filter(_visible_rows(scope, "application__"))
        .values("application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    granted = (
        Grant.objects.filter(decision__application=OuterRef("pk"))
        .filter(decision__superseded_by__isnull=True)
        .filter(_visible_rows(scope, "decision__application__"))
        .values("decision__application")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return queryset.annotate(
        decision_status=Coalesce(
            Subquery(current.values("outcome")[:1]), Value(Application.Status.PENDING)
        ),
        applied_total=Coalesce(Subquery(applied, output_field=IntegerField()), Value(0)),
        granted_total=Coalesce(Subquery(granted, output_field=IntegerField()), Value(0)),
    )


def _application_for(request, pk):
    """(application, federation, scope) for a reader; 404 when it is not theirs to read."""
    federation, scope = federation_and_scope(request)
    queryset = visible_applications(federation, scope).select_related(
        "applicant_group", "applicant_party", "intervention"
    )
    return get_object_or_404(queryset.distinct(), pk=pk), federation, scope


# --- Tables of amounts -------------------------------------------------------------------------


def amount_table(lines, years):
    """Rows per party with an amount per year, row totals, year totals and the grand total,
    all computed from `lines` (anything with party, year and amount)."""
    by_party = {}
    for line in lines:
        by_party.setdefault(line.party.pk, (line.party, {}))[1][line.year] = line.amount
    rows = []
    for party, amounts in sorted(by_party.values(), key=lambda p: (p[0].order, p[0].name)):
        rows.append(
            {
                "party": party,
                "amounts": [amounts.get(year) for year in years],
                "total": sum(amounts.values()),
            }
        )
    year_totals = [sum(row["amounts"][i] or 0 for row in rows) for i in range(len(years))]
    return {
        "years": years,
        "rows": rows,
        "year_totals": year_totals,
        "total": sum(year_totals),
    }


# --- Pages -------------------------------------------------------------------------------------


def application_list(request):
    federation, scope = federation_and_scope(request)
    filter_form = StatusFilterForm(request.GET or None)
    queryset = _with_figures(visible_applications(federation, scope).distinct(), scope)
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
    if data is not None and "visa_ar" in data:
        return _render_with_years(request, federation, data, grid_url)

    form = ApplicationForm(
        data,
        federation=federation,
        grid_url=grid_url,
        initial={"received_on": timezone.localdate()},
    )
    grid = None
    if data is not None:
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
    return _render_form(request, form, grid, federation, years_asked=data is not None)


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
            initial={key: value for key, value in data.items() if key.startswith("belopp-")},
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
    application, federation, scope = _application_for(request, pk)
    whole = sees_whole(scope, application)
    party_filter = Q() if whole else scope.parties("party__")
    years = application.years
    amounts = application.amounts.filter(party_filter).select_related("party")
    decisions = list(
        application.decisions.select_related("superseded_by").order_by("-registered_at", "-pk")
    )
    grants = Grant.objects.filter(decision__in=decisions).filter(party_filter)
    grants_by_decision = {}
    for grant in grants.select_related("party"):
        grants_by_decision.setdefault(grant.decision_id, []).append(grant)
    for decision in decisions:
        decision.table = amount_table(grants_by_decision.get(decision.pk, []), years)
    intervention_visible = (
        application.intervention_id is not None
        and Intervention.objects.filter(pk=application.intervention_id)
        .filter(scope.interventions())
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
    require_manager(request, federation)
    application = get_object_or_404(
        Application.objects.filter(federation=federation).select_related(
            "intervention", "applicant_group", "applicant_party"
        ),
        pk=pk,
    )
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
