"""Closing a case: the reasons a user may choose, the date and a note."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samverkan.cases.forms.common import DATE_WIDGET
from samverkan.cases.models import Case

Reason = Case.ClosureReason

# Withdrawn and declined consent close the case from the consent pages, where they belong.
CHOOSABLE_REASONS = (
    Reason.ENDED_AS_PLANNED,
    Reason.NO_LONGER_RELEVANT,
    Reason.INDIVIDUAL_LEFT,
    Reason.REGISTERED_IN_ERROR,
)


def reasons_for(case):
    """Before any team consent a case can only have been registered in error."""
    if case.consents.filter(kind="team").exists():
        return CHOOSABLE_REASONS
    return (Reason.REGISTERED_IN_ERROR,)


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(label=_("Avslutsorsak"), widget=forms.RadioSelect)
    closed_on = forms.DateField(label=_("Avslutsdatum"), widget=DATE_WIDGET)
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        reasons = reasons_for(case)
        self.fields["reason"].choices = [
            (reason.value, capfirst(reason.label)) for reason in reasons
        ]
        self.initial.setdefault("closed_on", timezone.localdate())
        if len(reasons) == 1:
            self.initial.setdefault("reason", reasons[0].value)

    def clean_closed_on(self):
        closed_on = self.cleaned_data["closed_on"]
        if closed_on > timezone.localdate():
            raise forms.ValidationError(_("Avslutsdatum kan inte ligga i framtiden."))
        if closed_on < self.case.raised_on:
            raise forms.ValidationError(_("Avslutsdatum kan inte ligga före aktualiseringen."))
        return closed_on
