"""Recording a consent, and the confirmation forms for withdrawing or declining one."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samverkan.cases.forms.common import DATE_WIDGET, OneMessagePerFieldMixin
from samverkan.cases.models import Consent


class ConsentForm(OneMessagePerFieldMixin, forms.ModelForm):
    """A consent for an unsaved `Consent(case=…, obtained_by=…)`; `kinds` the user may record.

    `parties` are the parties represented in the team today; a team consent must name the
    raising party, whose members already know the individual.
    """

    class Meta:
        model = Consent
        fields = ["kind", "parties", "information", "purpose", "given_on", "form", "valid_until"]
        labels = {
            "kind": _("Samtycket gäller"),
            "parties": _("Parter som får dela uppgifter med varandra"),
            "information": _("Vilka uppgifter"),
            "purpose": _("För vilket syfte"),
            "given_on": _("Datum då samtycket lämnades"),
            "form": _("Form"),
            "valid_until": _("Gäller till och med"),
        }
        help_texts = {
            "information": _("Till exempel uppgifter om hälsa, arbetsförmåga och försörjning."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "parties": forms.CheckboxSelectMultiple,
            "information": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "given_on": DATE_WIDGET,
            "form": forms.RadioSelect,
            "valid_until": DATE_WIDGET,
        }

    def __init__(self, *args, kinds, parties, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.instance.case
        self.fields["kind"].choices = [
            (value, capfirst(label)) for value, label in Consent.Kind.choices if value in kinds
        ]
        self.fields["form"].choices = Consent.Form.choices
        self.fields["parties"].queryset = parties
        # A new consent's instance gives empty values; start from what is usual instead.
        defaults = {
            "parties": [case.raising_party_id],
            "given_on": timezone.localdate(),
            "kind": Consent.Kind.TEAM if Consent.Kind.TEAM in kinds else kinds[0],
            "form": Consent.Form.WRITTEN,
        }
        for name, value in defaults.items():
            if not self.initial.get(name):
                self.initial[name] = value

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on and given_on > timezone.localdate():
            raise forms.ValidationError(_("Samtycket kan inte dateras i framtiden."))
        return given_on

    def clean(self):
        cleaned = super().clean()
        given_on, valid_until = cleaned.get("given_on"), cleaned.get("valid_until")
        if given_on and valid_until and valid_until < given_on:
            self.add_error(
                "valid_until", _("Samtycket kan inte upphöra före det datum det lämnades.")
            )
        parties = cleaned.get("parties")
        case = self.instance.case
        if (
            cleaned.get("kind") == Consent.Kind.TEAM
            and parties is not None
            and case.raising_party_id not in {party.pk for party in parties}
        ):
            self.add_error(
                "parties",
                _("Samtycket för teamet måste omfatta den aktualiserande parten (%(party)s).")
                % {"party": case.raising_party.label},
            )
        return cleaned


class WithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(
        label=_("Datum då personen återkallade samtycket"),
        widget=DATE_WIDGET,
        help_text=_("Återkallelsen gäller från och med nu, oavsett datum."),
    )

    def clean_withdrawn_on(self):
        withdrawn_on = self.cleaned_data["withdrawn_on"]
        if withdrawn_on > timezone.localdate():
            raise forms.ValidationError(_("Återkallelsen kan inte dateras i framtiden."))
        return withdrawn_on
