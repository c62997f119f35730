"""The choices above the money reports, and the form for the förbund's budget by contributor.

Report forms are bound to the query string merged over their defaults: a bare address shows the
defaults, and a value the user mistyped is an error on the page.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.core.forms import STALE_EDIT_MESSAGE, StaleEditError
from samverkan.funding import reports
from samverkan.funding.imports import MAX_AMOUNT
from samverkan.funding.models import FIRST_YEAR, LAST_YEAR, ContributionShare, FederationBudget

YEAR_ERROR = gettext_lazy("Ange ett år mellan 2000 och 2100, till exempel 2023.")
SPACES = re.compile(r"[\s\u00a0\u202f]")


def bound_with_defaults(form_class, query, **kwargs):
    """`form_class` bound to `query` (request.GET) over the form's defaults."""
    data = dict(form_class.defaults())
    data.update({name: query.get(name) for name in form_class.base_fields if name in query})
    return form_class(data, **kwargs)


def year_field(required, **kwargs):
    return forms.IntegerField(
        label=gettext_lazy("År"),
        required=required,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "required": YEAR_ERROR,
            "invalid": YEAR_ERROR,
            "min_value": YEAR_ERROR,
            "max_value": YEAR_ERROR,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


class BudgetOutcomeForm(forms.Form):
    """Which year (or all) and how to group budget against outcome."""

    year = year_field(False, help_text=gettext_lazy("Lämna tomt för alla år."))
    per = forms.ChoiceField(
        label=gettext_lazy("Visa per"),
        choices=[
            (reports.PER_INTERVENTION, gettext_lazy("insats")),
            (reports.PER_PARTY, gettext_lazy("part")),
            (reports.PER_YEAR, gettext_lazy("år")),
            (reports.PER_MUNICIPALITY, gettext_lazy("kommun")),
        ],
        error_messages={
            "required": gettext_lazy("Välj hur tabellen ska delas upp."),
            "invalid_choice": gettext_lazy("Välj insats, part, år eller kommun."),
        },
    )

    @classmethod
    def defaults(cls):
        return {"year": timezone.localdate().year, "per": reports.PER_INTERVENTION}


class ChosenYearForm(forms.Form):
    """One year, this year by default: Uppföljning Finsam and the budget by contributor."""

    year = year_field(True)

    @classmethod
    def defaults(cls):
        return {"year": timezone.localdate().year}


def parse_percent(text):
    """A percentage 0–100 with at most four decimals; a Swedish comma and a trailing % are fine."""
    cleaned = SPACES.sub("", str(text)).rstrip("%").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise forms.ValidationError(
            _("Skriv andelen som ett tal i procent, till exempel 12,5.")
        ) from None
    if not value.is_finite():
        raise forms.ValidationError(_("Skriv andelen som ett tal i procent, till exempel 12,5."))
    if not (0 <= value <= 100):
        raise forms.ValidationError(_("Andelen ska ligga mellan 0 och 100 procent."))
    if value != value.quantize(Decimal("0.0001")):
        raise forms.ValidationError(_("Ange andelen med högst fyra decimaler."))
    return value.quantize(Decimal("0.0001"))


def parse_kronor(text):
    """Whole, non-negative kronor; spaces between thousands are fine."""
    cleaned = SPACES.sub("", str(text))
    if cleaned.endswith("kr"):
        cleaned = cleaned[:-2]
    if re.fullmatch(r"-\d+", cleaned):
        raise forms.ValidationError(_("Beloppet kan inte vara negativt."))
    if not re.fullmatch(r"\d+", cleaned):
        raise forms.ValidationError(_("Beloppet ska vara ett helt antal kronor, t.ex. 9 000 000."))
    amount = int(cleaned)
    # The budget's integer column holds at most 2⁶³ − 1; a larger number would crash the save.
    if amount > MAX_AMOUNT:
        raise forms.ValidationError(_("Beloppet är orimligt stort."))
    return amount


class ContributionsForm(forms.Form):
    """The förbund's budget for one year and each party's share of it, in percent.

    The shares must make 100 % together or nothing is saved. The split Finsam-lagen 5 § sets
    is checked on the page, as a warning, not here.
    """

    amount = forms.CharField(
        label=gettext_lazy("Medlemsbidrag totalt (kr)"),
        max_length=30,
        help_text=gettext_lazy("Hela kronor, t.ex. 9 000 000."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": gettext_lazy("Ange budgetens belopp i hela kronor.")},
    )
    note = forms.CharField(label=gettext_lazy("Anteckning"), max_length=300, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, federation, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.federation = federation
        self.year = year
        self.budget = FederationBudget.objects.filter(federation=federation, year=year).first()
        self.parties = reports.federation_parties(federation)
        shares = {}
        if self.budget is not None:
            shares = {
                s.party_id: s.percent for s in ContributionShare.objects.filter(budget=self.budget)
            }
            self.fields["amount"].initial = self.budget.amount
            self.fields["note"].initial = self.budget.note
            self.fields["version"].initial = self.budget.version
        for party in self.parties:
            percent = shares.get(party.pk)
            self.fields[self.share_name(party)] = forms.CharField(
                label=_("%(party)s, andel (%%)") % {"party": party.name},
                max_length=20,
                initial=reports.percent_text(percent) if percent is not None else "0",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                error_messages={
                    "required": _("Ange %(party)s andel i procent, 0 om parten inte bidrar.")
                    % {"party": party.name}
                },
            )

    @staticmethod
    def share_name(party):
        return f"share_{party.pk}"

    def share_fields(self):
        """(group label, [bound field]) for the template, grouped as on the page."""
        grouped = {}
        for party in self.parties:
            key = reports.GROUP_OF_KIND[party.kind]
            grouped.setdefault(key, []).append(self[self.share_name(party)])
        return [(reports.group_label(key), fields) for key, fields in grouped.items()]

    def clean_amount(self):
        return parse_kronor(self.cleaned_data["amount"])

    def clean(self):
        cleaned = super().clean()
        percents = {}
        for party in self.parties:
            name = self.share_name(party)
            if name not in cleaned:
                continue
            try:
                percents[party.pk] = parse_percent(cleaned[name])
            except forms.ValidationError as error:
                self.add_error(name, error)
        if len(percents) == len(self.parties):
            total = sum(percents.values(), Decimal(0))
            if total != Decimal(100):
                raise forms.ValidationError(
                    _(
                        "Andelarna blir tillsammans %(total)s %%. De ska bli exakt 100 %%; "
                        "ingenting sparades."
                    )
                    % {"total": reports.percent_text(total)},
                    code="sum",
                )
        cleaned["percents"] = percents
        if self.budget is not None and cleaned.get("version") != self._stored_version():
            raise forms.ValidationError(STALE_EDIT_MESSAGE, code="stale")
        if self.budget is None and cleaned.get("version") is not None:
            raise forms.ValidationError(STALE_EDIT_MESSAGE, code="stale")
        return cleaned

    def _stored_version(self):
        return (
            FederationBudget.objects.filter(pk=self.budget.pk)
            .values_list("version", flat=True)
            .first()
        )

    @transaction.atomic
    def save(self):
        """Save the budget and every share; a concurrent change refuses the whole save."""
        data = self.cleaned_data
        budget = (
            FederationBudget.objects.select_for_update()
            .filter(federation=self.federation, year=self.year)
            .first()
        )
        if budget is None:
            if data.get("version") is not None:
                raise StaleEditError
            budget = FederationBudget(federation=self.federation, year=self.year)
        else:
            if data.get("version") != budget.version:
                raise StaleEditError
            budget.version += 1
        budget.amount = data["amount"]
        budget.note = data["note"]
        budget.full_clean()
        budget.save()
        existing = {
            share.party_id: share for share in ContributionShare.objects.filter(budget=budget)
        }
        for party in self.parties:
            percent = data["percents"][party.pk]
            share = existing.get(party.pk)
            if share is None:
                ContributionShare.objects.create(budget=budget, party=party, percent=percent)
            elif share.percent != percent:
                share.percent = percent
                share.version += 1
                share.save(update_fields=["percent", "version"])
        return budget
