"""Forms for outcome (utfall): one month entered by hand, an import file, and hourly rates."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.funding import imports
from samverkan.funding.models import FIRST_YEAR, LAST_YEAR
from samverkan.structure.models import Party

MONTH_CHOICES = [(number, capfirst(name)) for number, name in MONTHS.items()]


class SpendingForm(forms.Form):
    """What one party used in one month of an intervention, in whole kronor."""

    party = forms.ModelChoiceField(
        label=gettext_lazy("Part"),
        queryset=Party.objects.none(),
        empty_label=gettext_lazy("Välj part"),
        error_messages={
            "required": gettext_lazy("Välj vilken part utfallet gäller."),
            "invalid_choice": gettext_lazy("Välj en av förbundets parter."),
        },
    )
    year = forms.TypedChoiceField(
        label=gettext_lazy("År"),
        coerce=int,
        error_messages={"required": gettext_lazy("Välj år.")},
    )
    month = forms.TypedChoiceField(
        label=gettext_lazy("Månad"),
        coerce=int,
        choices=[("", gettext_lazy("Välj månad")), *MONTH_CHOICES],
        error_messages={
            "required": gettext_lazy("Välj månad."),
            "invalid_choice": gettext_lazy("Välj en månad från januari till december."),
        },
    )
    amount = forms.CharField(
        label=gettext_lazy("Belopp (kr)"),
        max_length=30,
        help_text=gettext_lazy(
            "Hela kronor, t.ex. 25 000. En ny uppgift för samma månad ersätter den gamla."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": gettext_lazy("Ange beloppet i hela kronor.")},
    )
    note = forms.CharField(
        label=gettext_lazy("Anteckning"),
        max_length=imports.NOTE_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, intervention, **kwargs):
        super().__init__(*args, **kwargs)
        self.intervention = intervention
        self.fields["party"].queryset = Party.objects.filter(
            federation=intervention.federation
        ).order_by("order", "name")
        first, last = intervention.years[0], intervention.years[-1]
        self.fields["year"].choices = [("", _("Välj år"))] + [
            (year, str(year)) for year in intervention.years
        ]
        self.fields["year"].error_messages["invalid_choice"] = _(
            "Välj ett av insatsens år (%(first)s–%(last)s)."
        ) % {"first": first, "last": last}

    def clean_amount(self):
        return imports.parse_kronor(self.cleaned_data["amount"])

    def clean(self):
        cleaned = super().clean()
        year, month = cleaned.get("year"), cleaned.get("month")
        if year and month and not self.intervention.runs_in_month(year, month):
            self.add_error("month", imports.period_message(self.intervention, year, month))
        return cleaned


class ImportForm(forms.Form):
    """The file to import: CSV or Excel (.xlsx), at most 2 MB."""

    file = forms.FileField(
        label=gettext_lazy("Fil med utfall"),
        help_text=gettext_lazy(
            "CSV (semikolon eller komma, UTF-8) eller Excel (.xlsx, första bladet), högst 2 MB. "
            "Rubrikerna ska vara insats;part;år;månad;belopp och kan följas av anteckning."
        ),
        error_messages={
            "required": gettext_lazy("Välj en fil att ladda upp."),
            "empty": gettext_lazy("Filen är tom."),
            "invalid": gettext_lazy("Välj en fil att ladda upp."),
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


_RATE = re.compile(r"^\d+([.,]\d+)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
MAX_RATE = Decimal("999999.99")


def parse_rate(text):
    """An hourly rate in kronor: at least 0, at most two decimals, comma or point."""
    text = _SPACES.sub("", text or "")
    if text.lower().endswith("kr"):
        text = text[:-2]
    if text.startswith(("-", "\u2212")):
        raise ValidationError(_("Timpriset kan inte vara negativt."))
    if not _RATE.match(text):
        raise ValidationError(_("Skriv timpriset som ett tal i kronor, t.ex. 512,50."))
    try:
        rate = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Skriv timpriset som ett tal i kronor, t.ex. 512,50.")) from None
    if -rate.as_tuple().exponent > 2:
        raise ValidationError(_("Timpriset kan ha högst två decimaler (ören)."))
    if rate > MAX_RATE:
        raise ValidationError(_("Timpriset är orimligt stort."))
    return rate.quantize(Decimal("0.01"))


class RatesForm(forms.Form):
    """One field per party: its hourly rate in a year. Empty means no rate."""

    year = forms.IntegerField(widget=forms.HiddenInput, min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def __init__(self, *args, parties, year, rates, **kwargs):
        super().__init__(*args, **kwargs)
        self.parties = list(parties)
        self.fields["year"].initial = year
        for party in self.parties:
            rate = rates.get(party.pk)
            self.fields[self.field_name(party)] = forms.CharField(
                label=_("Timpris för %(party)s %(year)s (kr)")
                % {"party": party.name, "year": year},
                required=False,
                max_length=20,
                initial=_format_rate(rate.rate) if rate else "",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )

    @staticmethod
    def field_name(party):
        return f"rate_{party.pk}"

    def clean(self):
        cleaned = super().clean()
        for party in self.parties:
            name = self.field_name(party)
            text = cleaned.get(name)
            if text is None or text == "":
                cleaned[name] = None
                continue
            try:
                cleaned[name] = parse_rate(text)
            except ValidationError as error:
                self.add_error(name, error)
        return cleaned

    def rows(self):
        """(party, bound field) per party, in the parties' order."""
        return [(party, self[self.field_name(party)]) for party in self.parties]

    def rates(self):
        """{party: Decimal or None} from a valid form."""
        return {party: self.cleaned_data[self.field_name(party)] for party in self.parties}


def _format_rate(value):
    return f"{value:.2f}".replace(".", ",")
