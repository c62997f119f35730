"""Finding cases: the filter of a team's case list, and the exact search by identity number."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.cases import identity
from samverkan.cases.forms.common import DATE_WIDGET
from samverkan.structure.models import Party


class CaseFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("open", _("Öppna")),
        ("follow_up_due", _("Uppföljning inom 30 dagar eller försenad")),
        ("closed", _("Avslutade")),
        ("all", _("Alla")),
    ]
    status = forms.ChoiceField(label=_("Visa"), choices=STATUS_CHOICES, required=False)
    meeting_on = forms.DateField(label=_("Teammöte"), required=False, widget=DATE_WIDGET)
    raising_party = forms.ModelChoiceField(
        label=_("Aktualiserande part"),
        queryset=Party.objects.none(),
        required=False,
        empty_label=_("Alla parter"),
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raising_party"].queryset = Party.objects.filter(
            federation_id=team.federation_id
        ).order_by("order", "name")


class SearchForm(forms.Form):
    class NoValueInput(forms.TextInput):
        """Never writes the typed number back into the page."""

        def format_value(self, value):
            return None

    personal_number = forms.CharField(
        label=_("Personnummer eller samordningsnummer"),
        max_length=20,
        help_text=_("ÅÅÅÅMMDD-NNNN. Sökningen gäller exakt detta nummer."),
        widget=NoValueInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_personal_number(self):
        return identity.parse(
            self.cleaned_data["personal_number"], today=timezone.localdate()
        ).digits
