from django import forms
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import AccessLogEntry

# The browser's own date picker; the value travels as ISO 8601 whatever the user's locale.
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

STALE_EDIT_MESSAGE = _(
    "Någon annan har ändrat uppgifterna medan du redigerade. Dina ändringar sparades inte; "
    "ladda om sidan för att se den senaste versionen och gör om ändringen."
)


class StaleEditError(Exception):
    """The record changed after the form was loaded; saving would overwrite that change."""


class VersionedModelForm(forms.ModelForm):
    """A model form for a `VersionedModel`: saving a stale form is refused, never applied.

    The version the user started from travels in a hidden field; the save bumps the version
    with a conditional UPDATE, so two concurrent saves cannot both succeed.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("version") != self._stored_version():
            raise forms.ValidationError(STALE_EDIT_MESSAGE, code="stale")
        return cleaned

    def _stored_version(self):
        model = type(self.instance)
        return model.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()

    @transaction.atomic
    def save(self, commit=True):
        if not commit:
            raise ValueError(
                "VersionedModelForm saves in one transaction; commit=False is unsupported"
            )
        if self.instance.pk:
            started_from = self.cleaned_data.get("version")
            model = type(self.instance)
            bumped = model.objects.filter(pk=self.instance.pk, version=started_from).update(
                version=F("version") + 1
            )
            if not bumped:
                raise StaleEditError
            self.instance.version = started_from + 1
        return super().save(commit=True)


class AccessLogFilterForm(forms.Form):
    """The log reviewer's search: by user, case, period and kind of event; all optional."""

    user = forms.CharField(
        label=_("Användare"),
        required=False,
        max_length=150,
        help_text=_("Användarnamn eller namn, eller en del av det."),
    )
    exact_user = forms.BooleanField(label=_("Bara exakt det användarnamnet"), required=False)
    case = forms.CharField(
        label=_("Ärendekod"),
        required=False,
        max_length=20,
        help_text=_("Hela koden, till exempel T2026-00042."),
    )
    date_from = forms.DateField(
        label=_("Från och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    action = forms.ChoiceField(label=_("Händelse"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Alla")), *AccessLogEntry.Action.choices]

    def clean_user(self):
        return self.cleaned_data["user"].strip()

    def clean_case(self):
        return self.cleaned_data["case"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("Slutdatumet kan inte ligga före startdatumet."))
        return cleaned
