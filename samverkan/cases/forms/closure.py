"""Closing a case: the reasons a user may choose, the date, a note, and why a step is missing.

"Ended as planned" means the team met about the case and proposed a plan
(`Case.missing_for_planned_closure`); without them it is refused unless the user writes why.
The other reasons need nothing more.
"""

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
EXCEPTION_REASON_LABEL = _("Skäl att avsluta enligt plan utan hållet teammöte eller planering")


def reasons_for(case):
    """Before any team consent a case can only have been registered in error."""
    if case.consents.filter(kind="team").exists():
        return CHOOSABLE_REASONS
    return (Reason.REGISTERED_IN_ERROR,)


def _listed(items):
    """The missing steps as one Swedish phrase: "x", "x och y"."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return _("%(first)s och %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(label=_("Avslutsorsak"), widget=forms.RadioSelect)
    closed_on = forms.DateField(label=_("Avslutsdatum"), widget=DATE_WIDGET)
    exception_reason = forms.CharField(
        label=EXCEPTION_REASON_LABEL,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Fylls i bara när ärendet avslutas enligt plan fast teamet inte har hållit "
            "teammöte om ärendet eller inte har föreslagit någon planering."
        ),
    )
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
        if Reason.ENDED_AS_PLANNED not in reasons:
            del self.fields["exception_reason"]

    def missing_today(self):
        """What closing as planned today would lack, as a phrase, or "" when nothing does."""
        if "exception_reason" not in self.fields:
            return ""
        return _listed(self.case.missing_for_planned_closure(timezone.localdate()))

    def clean_closed_on(self):
        closed_on = self.cleaned_data["closed_on"]
        if closed_on > timezone.localdate():
            raise forms.ValidationError(_("Avslutsdatum kan inte ligga i framtiden."))
        if closed_on < self.case.raised_on:
            raise forms.ValidationError(_("Avslutsdatum kan inte ligga före aktualiseringen."))
        return closed_on

    def clean(self):
        cleaned = super().clean()
        explanation = cleaned.get("exception_reason", "").strip()
        closed_on = cleaned.get("closed_on")
        missing = (
            self.case.missing_for_planned_closure(closed_on)
            if cleaned.get("reason") == Reason.ENDED_AS_PLANNED and closed_on
            else []
        )
        if missing and not explanation:
            self.add_error(
                "exception_reason",
                _(
                    "Ärendet saknar %(missing)s. Skriv i fältet ”%(field)s” varför det ändå "
                    "avslutas enligt plan, eller välj en annan avslutsorsak."
                )
                % {"missing": _listed(missing), "field": EXCEPTION_REASON_LABEL},
            )
        # The reason explains missing steps of a planned closure and is kept for nothing else.
        cleaned["exception_reason"] = explanation if missing else ""
        return cleaned
