"""The public's report form and the administrators' forms for the two statements."""

import copy

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import ModelErrorsOnFormMixin
from samverkan.core.forms import DATE_WIDGET, VersionedModelForm
from samverkan.statements.models import AccessibilityReport, AccessibilityStatement, PrivacyNotice

TOO_LONG = _("Texten får vara högst %(limit_value)d tecken lång (den är %(show_value)d).")
# A field no person sees (it is hidden), which programs that fill in every field fill in too.
HONEYPOT_FIELD = "website"


def _limited(field):
    field.error_messages["max_length"] = TOO_LONG
    return field


class AccessibilityReportForm(forms.ModelForm):
    """A problem with the accessibility, sent by anyone; only the description is required."""

    website = forms.CharField(
        label=_("Lämna det här fältet tomt"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = AccessibilityReport
        fields = ["description", "page_address", "name", "email"]
        labels = {
            "description": _("Beskriv problemet"),
            "page_address": _("Vilken sida gäller det?"),
            "name": _("Ditt namn"),
            "email": _("Din e-postadress"),
        }
        help_texts = {
            "description": _(
                "Vad försökte du göra, och vad fungerade inte? Berätta gärna vilket hjälpmedel "
                "du använder."
            ),
            "page_address": _("Sidans adress eller namn, om du vet det."),
            "name": _("Frivilligt."),
            "email": _("Frivilligt. Fyll i om du vill att vi svarar dig."),
        }
        error_messages = {
            "description": {
                "required": _("Beskriv problemet du stötte på."),
                "max_length": TOO_LONG,
            },
            "page_address": {"max_length": TOO_LONG},
            "name": {"max_length": TOO_LONG},
            "email": {
                "invalid": _("Skriv e-postadressen som namn@exempel.se, eller lämna fältet tomt."),
                "max_length": TOO_LONG,
            },
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def visible_fields(self):
        # The honeypot is rendered on its own, hidden from people and assistive technology.
        return [field for field in super().visible_fields() if field.name != HONEYPOT_FIELD]

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if not description:
            raise forms.ValidationError(_("Beskriv problemet du stötte på."), code="required")
        return description

    def clean(self):
        cleaned = super().clean()
        if self.cleaned_data.get(HONEYPOT_FIELD):
            # Shown again empty, so that a person whose browser filled it in can send again.
            self.data = self.data.copy()
            self.data[HONEYPOT_FIELD] = ""
            raise forms.ValidationError(
                _(
                    "Rapporten kunde inte skickas, eftersom ett dolt fält var ifyllt. Det gör "
                    "ibland program som fyller i formulär automatiskt. Kontrollera uppgifterna "
                    "och skicka rapporten igen."
                ),
                code="honeypot",
            )
        return cleaned

    def report_fields(self):
        """The cleaned values to store, without the honeypot."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StatementForm(ModelErrorsOnFormMixin, VersionedModelForm):
    """An administrator's form for one of the statements: stale edits refused, limits told."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                _limited(field)
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 6)


class AccessibilityStatementForm(StatementForm):
    class Meta:
        model = AccessibilityStatement
        fields = ["conformance", "non_conformities", "review_method", "reviewed_on", "contact"]
        widgets = {"conformance": forms.RadioSelect}
        error_messages = {
            "review_method": {"required": _("Beskriv hur tjänsten har granskats.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reviewed_on = self.fields["reviewed_on"]
        reviewed_on.required = True
        reviewed_on.error_messages.update(
            required=_("Ange vilken dag den senaste granskningen gjordes."),
            invalid=_("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-31."),
        )
        reviewed_on.widget = copy.deepcopy(DATE_WIDGET)
        reviewed_on.widget.is_required = True

    def clean_reviewed_on(self):
        reviewed_on = self.cleaned_data["reviewed_on"]
        if reviewed_on and reviewed_on > timezone.localdate():
            raise forms.ValidationError(_("Granskningen kan inte ha gjorts i framtiden."))
        return reviewed_on

    def clean(self):
        cleaned = super().clean()
        conformance = cleaned.get("conformance")
        full = AccessibilityStatement.Conformance.FULL
        if conformance and conformance != full and not cleaned.get("non_conformities", "").strip():
            self.add_error(
                "non_conformities",
                _(
                    "Beskriv vad som inte är tillgängligt, när tjänsten inte är helt förenlig "
                    "med lagen."
                ),
            )
        return cleaned


class PrivacyNoticeForm(StatementForm):
    class Meta:
        model = PrivacyNotice
        fields = ["legal_basis", "retention", "federation_contact", "dpo_contact"]
        error_messages = {
            "legal_basis": {"required": _("Beskriv den rättsliga grunden.")},
            "retention": {"required": _("Beskriv hur länge uppgifterna sparas.")},
        }
