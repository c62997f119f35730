"""Outcome (utfall): entering a month by hand, importing a file with a preview, hourly rates.

Who may do what:
- Entering outcome and importing files: the förbund's administrators
  (`policy.can_manage_funding`); anyone else 403, whatever they may read.
- Hourly rates: administrators change them; readers of the förbund's money
  (`policy.funding_scope`) see them read-only, a Mysam member only their municipality's party;
  anyone else 403.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from samverkan.funding import figures, imports, policy, services
from samverkan.funding.forms.spending import ImportForm, RatesForm, SpendingForm
from samverkan.funding.models import (
    FIRST_YEAR,
    LAST_YEAR,
    HourlyRate,
    Intervention,
    Spending,
    SpendingImport,
)
from samverkan.funding.templatetags.funding import kronor
from samverkan.funding.views.common import (
    federation_and_scope,
    intervention_to_change,
    manager_federation,
    require_manager,
    spending_import_to_change,
)
from samverkan.structure.models import Party

# --- Entering outcome by hand -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def spending_entry(request, code):
    # Outcome is the administrators' work: anyone else is refused before the intervention is
    # looked up, whatever they may read.
    manager_federation(request)
    intervention, _federation = intervention_to_change(request, code)
    context = {"intervention": intervention}
    if intervention.compensation == Intervention.Compensation.TEAM_HOURS:
        status = 200
        if request.method == "POST":
            messages.error(
                request,
                _("Utfallet för insatsen räknas fram från tiden i Trisam-team; inget sparades."),
            )
            status = 400
        return render(request, "funding/spending_form.html", context, status=status)

    form = SpendingForm(
        request.POST if request.method == "POST" else None,
        intervention=intervention,
        initial=_initial(request, intervention),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                spending, previous = services.record_spending(
                    intervention,
                    data["party"],
                    data["year"],
                    data["month"],
                    data["amount"],
                    by=request.user,
                    note=data["note"],
                )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _saved_message(spending, previous))
            return redirect("funding:spending", code=intervention.code)

    entries = list(
        Spending.objects.filter(intervention=intervention).select_related(
            "party", "entered_by", "source_import"
        )
    )
    for entry in entries:
        entry.month_label = MONTHS[entry.month]
    context.update(
        form=form,
        entries=entries,
        total=sum(entry.amount for entry in entries),
        years=figures.spending_by_year(intervention),
    )
    return render(request, "funding/spending_form.html", context)


def _initial(request, intervention):
    """Prefill from ?party=&year=&month= (the "Ändra" links of the list), else this month."""
    initial = {}
    today = timezone.localdate()
    if today.year in intervention.years:
        initial.update(year=today.year, month=today.month)
    if request.method == "GET":
        for field in ("party", "year", "month"):
            value = request.GET.get(field, "")
            if value.isdigit():
                initial[field] = int(value)
    return initial


def _saved_message(spending, previous):
    values = {
        "party": spending.party.name,
        "month": MONTHS[spending.month],
        "year": spending.year,
        "amount": kronor(spending.amount),
        "previous": kronor(previous),
    }
    if previous is None:
        return _("Utfallet för %(party)s %(month)s %(year)s sparades: %(amount)s kr.") % values
    if previous == spending.amount:
        return _("Utfallet för %(party)s %(month)s %(year)s är oförändrat %(amount)s kr.") % values
    return (
        _(
            "Utfallet för %(party)s %(month)s %(year)s sparades: %(amount)s kr, "
            "ändrat från %(previous)s kr."
        )
        % values
    )


# --- Importing a file ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def import_upload(request):
    federation = manager_federation(request)
    errors = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                spending_import = imports.preview(
                    federation, form.cleaned_data["file"], by=request.user
                )
            except imports.ImportRefused as refused:
                errors = [str(error) for error in refused.errors]
            else:
                return redirect("funding:import_preview", pk=spending_import.pk)
    else:
        form = ImportForm()
    recent = SpendingImport.objects.filter(federation=federation).select_related("uploaded_by")[:10]
    context = {
        "form": form,
        "errors": errors,
        "file_name": request.FILES["file"].name if errors and "file" in request.FILES else "",
        "recent": recent,
    }
    return render(request, "funding/import_upload.html", context)


@require_http_methods(["GET", "POST"])
def import_preview(request, pk):
    spending_import, _federation = spending_import_to_change(request, pk)
    refusal = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "apply":
                imports.apply(spending_import, by=request.user)
                count = len(spending_import.rows)
                messages.success(
                    request,
                    ngettext(
                        "Importen är genomförd: %(count)s rad med utfall sparades.",
                        "Importen är genomförd: %(count)s rader med utfall sparades.",
                        count,
                    )
                    % {"count": count},
                )
            elif action == "discard":
                imports.discard(spending_import)
                messages.success(request, _("Importen är avbruten; inget utfall ändrades."))
            else:
                raise ValidationError(_("Välj om importen ska genomföras eller avbrytas."))
        except ValidationError as error:
            refusal = " ".join(error.messages)
            spending_import.refresh_from_db()
        else:
            return redirect("funding:import_preview", pk=spending_import.pk)
    rows = imports.preview_rows(spending_import)
    context = {
        "spending_import": spending_import,
        "rows": rows,
        "summary": imports.summary(rows),
        "refusal": refusal,
        "is_previewed": spending_import.status == SpendingImport.Status.PREVIEWED,
    }
    return render(request, "funding/import_preview.html", context, status=409 if refusal else 200)


# --- Hourly rates -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def hourly_rates(request):
    federation, scope = federation_and_scope(request)
    may_change = policy.can_manage_funding(request.user, federation)
    if request.method == "POST":
        require_manager(request, federation)
    year = _year(request)
    parties = (
        Party.objects.filter(federation=federation)
        .filter(scope.parties())
        .order_by("order", "name")
    )
    rates = {
        rate.party_id: rate
        for rate in HourlyRate.objects.filter(party__federation=federation, year=year)
    }
    form = None
    if may_change:
        form = RatesForm(
            request.POST if request.method == "POST" else None,
            parties=parties,
            year=year,
            rates=rates,
        )
        if request.method == "POST" and form.is_valid():
            changed = services.save_hourly_rates(form.rates(), year, rates)
            messages.success(
                request,
                _("Timpriserna för %(year)s sparades (%(count)s ändrade).")
                % {"year": year, "count": changed},
            )
            return redirect(f"{reverse('funding:rates')}?year={year}")
    context = {
        "year": year,
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < LAST_YEAR else None,
        "form": form,
        "rows": [(party, rates.get(party.pk)) for party in parties],
        "sees_all": scope.everything,
    }
    return render(request, "funding/hourly_rates.html", context)


def _year(request):
    raw = request.POST.get("year") if request.method == "POST" else request.GET.get("year")
    if not raw:
        return timezone.localdate().year
    try:
        year = int(raw)
    except ValueError:
        raise Http404 from None
    if not (FIRST_YEAR <= year <= LAST_YEAR):
        raise Http404
    return year
