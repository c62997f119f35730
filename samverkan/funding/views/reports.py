"""Money reports and the förbund's budget by contributor.

Who sees what:
- Budget against outcome: whoever reads the förbund's money
  (`policy.funding_scope`), limited to what that scope covers — a Mysam member gets their
  municipality's part. The CSV and Excel exports take the same query string and hold exactly
  the page's table.
- The budget by contributor: every reader, read-only (the shares are no secret within the
  förbund); only the förbund's administrators change it.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samverkan.core.editing import save_form_or_render
from samverkan.funding import exports, policy
from samverkan.funding import reports as money
from samverkan.funding.forms.reports import (
    BudgetOutcomeForm,
    ChosenYearForm,
    ContributionsForm,
    bound_with_defaults,
)
from samverkan.funding.models import FIRST_YEAR, LAST_YEAR, FederationBudget
from samverkan.funding.views.common import federation_and_scope, require_manager

EXPORT_FORMATS = ("csv", "xlsx")


# --- Budget against outcome ----------------------------------------------------------------------


def _budget_outcome(request, form):
    federation, scope = federation_and_scope(request)
    report = None
    if form.is_valid():
        report = money.budget_outcome(
            federation,
            scope,
            per=form.cleaned_data["per"],
            year=form.cleaned_data["year"],
            today=timezone.localdate(),
        )
    return federation, scope, report


@require_GET
def budget_outcome(request):
    form = bound_with_defaults(BudgetOutcomeForm, request.GET)
    federation, scope, report = _budget_outcome(request, form)
    context = {
        "form": form,
        "report": report,
        "table": report.table if report else None,
        "chart": report.chart if report else None,
        "scope_text": scope.describe(),
        "query": exports.query_string(form.data),
    }
    return render(request, "funding/report.html", context)


@require_GET
def budget_outcome_export(request, fmt):
    form = bound_with_defaults(BudgetOutcomeForm, request.GET)
    _federation, _scope, report = _budget_outcome(request, form)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    if report is None:
        return exports.invalid_export_response(form)
    per, year = report.per, report.year
    filename = f"budget-och-utfall-per-{_per_slug(per)}-{year or 'alla-ar'}"
    return exports.export_response(fmt, [report.table], filename)


def _per_slug(per):
    return {
        money.PER_INTERVENTION: "insats",
        money.PER_PARTY: "part",
        money.PER_YEAR: "ar",
        money.PER_MUNICIPALITY: "kommun",
    }[per]


# --- The förbund's budget by contributor ---------------------------------------------------------


@require_GET
def contributions(request):
    federation, _scope = federation_and_scope(request)
    form = bound_with_defaults(ChosenYearForm, request.GET)
    figures = None
    if form.is_valid():
        figures = money.contributions(federation, form.cleaned_data["year"])
    years = list(
        FederationBudget.objects.filter(federation=federation)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    context = {
        "form": form,
        "contributions": figures,
        "years": years,
        "can_manage": policy.can_manage_funding(request.user, federation),
    }
    return render(request, "funding/contributions.html", context)


def contributions_edit(request, year):
    federation, _scope = federation_and_scope(request)
    require_manager(request, federation)
    if not (FIRST_YEAR <= year <= LAST_YEAR):
        raise Http404
    form = ContributionsForm(
        request.POST if request.method == "POST" else None, federation=federation, year=year
    )
    return save_form_or_render(
        request,
        form,
        template="funding/contributions_form.html",
        success_message=_("Budgeten och andelarna för %(year)s är sparade.") % {"year": year},
        success_url=f"{reverse('funding:contributions')}?year={year}",
        context={"year": year, "budget": form.budget},
    )
