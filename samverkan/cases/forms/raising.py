"""The raising form: who the individual is, why the case is raised, and the age rule."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samverkan.cases import identity
from samverkan.cases.forms.common import DATE_WIDGET, OneMessagePerFieldMixin
from samverkan.cases.models import (
    EARLIEST_RAISING_DATE,
    Case,
    IncomeSupportSource,
    check_income_support,
    too_early_raising_message,
)
from samverkan.core.editing import ModelErrorsOnFormMixin
from samverkan.core.forms import VersionedModelForm
from samverkan.structure.models import Municipality


class RaisingForm(OneMessagePerFieldMixin, ModelErrorsOnFormMixin, VersionedModelForm):
    """Raises a case (unsaved instance with team, raiser and party set) or corrects one.

    The identity number is parsed here, so the age and birth year the model checks are derived
    from what was typed; a protected identity gives a birth year only. Each date error names
    its own field: a raising date before 2014 or before the birth date is the raising date's
    error, a birth date that does not exist or lies after today the identity number's.
    """

    personal_number = forms.CharField(
        label=_("Personnummer eller samordningsnummer"),
        required=False,
        max_length=20,
        help_text=_("ÅÅÅÅMMDD-NNNN. Lämnas tomt för personer med skyddade personuppgifter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    class Meta:
        model = Case
        fields = [
            "raised_on",
            "protected_identity",
            "personal_number",
            "name",
            "birth_year",
            "gender",
            "municipality",
            "young_outside_work_and_studies",
            "mental_ill_health",
            "newly_arrived",
            "income_support_at_raising",
            "question",
            "age_exception_reason",
        ]
        labels = {
            "raised_on": _("Aktualiseringsdatum"),
            "protected_identity": _("Personen har skyddade personuppgifter"),
            "name": _("Namn"),
            "birth_year": _("Födelseår"),
            "gender": _("Kön"),
            "municipality": _("Folkbokföringskommun"),
            "young_outside_work_and_studies": _("Ung utanför arbete och studier"),
            "mental_ill_health": _("Psykisk ohälsa"),
            "newly_arrived": _("Nyanländ"),
            "income_support_at_raising": _("Försörjning vid aktualiseringen"),
            "question": _("Frågeställning"),
            "age_exception_reason": _("Skäl för ålder utanför 16–64 år"),
        }
        help_texts = {
            "protected_identity": _(
                "Då registreras bara födelseår, kön och kommun – inget namn eller personnummer."
            ),
            "birth_year": _("Anges bara för personer med skyddade personuppgifter."),
            "gender": _("Som personen själv anger."),
            "income_support_at_raising": _(
                "Flera kan gälla samtidigt. ”Ingen offentlig försörjning” kan inte kombineras "
                "med andra."
            ),
            "question": _("Vad vill ni att teamet ska hjälpa till med?"),
            "age_exception_reason": _(
                "Fylls i bara om personen är yngre än 16 eller äldre än 64 år."
            ),
        }
        widgets = {
            "raised_on": DATE_WIDGET,
            "gender": forms.RadioSelect,
            "income_support_at_raising": forms.CheckboxSelectMultiple,
            "question": forms.Textarea(attrs={"rows": 4}),
            "age_exception_reason": forms.Textarea(attrs={"rows": 2}),
            "name": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.instance
        today = timezone.localdate()
        self.fields["question"].required = True
        self.fields["gender"].choices = [
            (value, capfirst(label)) for value, label in self.fields["gender"].choices if value
        ]
        self.fields["municipality"].queryset = Municipality.objects.filter(
            federation_id=case.team.federation_id
        )
        self.fields["municipality"].empty_label = _("Välj kommun")
        day = case.raised_on or today
        sources = IncomeSupportSource.valid_on(day)
        if case.pk:
            sources = sources | IncomeSupportSource.objects.filter(
                pk__in=case.income_support_at_raising.all()
            )
        self.fields["income_support_at_raising"].queryset = sources.distinct()
        self.fields["income_support_at_raising"].required = True
        if case.pk and case.personal_number:
            digits = case.personal_number
            self.initial["personal_number"] = f"{digits[:8]}-{digits[8:]}"
        if not case.pk:
            self.initial["raised_on"] = today

    def clean_raised_on(self):
        raised_on = self.cleaned_data["raised_on"]
        if raised_on and raised_on > timezone.localdate():
            raise forms.ValidationError(_("Datumet kan inte ligga i framtiden."))
        if raised_on and raised_on < EARLIEST_RAISING_DATE:
            raise forms.ValidationError(too_early_raising_message())
        return raised_on

    def clean(self):
        cleaned = super().clean()
        raised_on = cleaned.get("raised_on") or timezone.localdate()
        if cleaned.get("protected_identity"):
            self._clean_protected(cleaned)
        else:
            self._clean_identity(cleaned, raised_on)
        sources = cleaned.get("income_support_at_raising")
        if sources:
            self._clean_income_support(sources, raised_on)
        return cleaned

    def _clean_protected(self, cleaned):
        message = _("Lämna tomt: personer med skyddade personuppgifter registreras utan %(what)s.")
        if cleaned.get("personal_number"):
            self.add_error("personal_number", message % {"what": _("personnummer")})
        if cleaned.get("name"):
            self.add_error("name", message % {"what": _("namn")})
        if not cleaned.get("birth_year"):
            self.add_error("birth_year", _("Ange födelseår."))
        else:
            self.instance.age_at_raising = None
            if cleaned.get("raised_on"):
                self.instance.age_at_raising = cleaned["raised_on"].year - cleaned["birth_year"]

    def _clean_identity(self, cleaned, raised_on):
        text = cleaned.get("personal_number", "")
        if not text:
            self.add_error("personal_number", _("Ange personnummer eller samordningsnummer."))
            return
        try:
            # The number on its own: a birth date after today is the number's error.
            number = identity.parse(text, today=timezone.localdate())
        except forms.ValidationError as error:
            self.add_error("personal_number", error)
            return
        cleaned["personal_number"] = number.digits
        cleaned["birth_year"] = number.birth_year
        if number.birth_date > raised_on:
            self.add_error(
                "raised_on",
                _(
                    "Aktualiseringsdatumet ligger före personens födelsedatum %(birth)s enligt "
                    "personnumret. Kontrollera aktualiseringsdatumet."
                )
                % {"birth": number.birth_date.isoformat()},
            )
            return
        self.instance.age_at_raising = number.age_on(raised_on)

    def _clean_income_support(self, sources, raised_on):
        try:
            check_income_support(sources, "income_support_at_raising")
        except forms.ValidationError as error:
            self.add_error(None, error)
            return
        valid = set(IncomeSupportSource.valid_on(raised_on).values_list("pk", flat=True))
        for source in sources:
            if source.pk not in valid:
                self.add_error(
                    "income_support_at_raising",
                    _("”%(name)s” gällde inte på aktualiseringsdatumet.") % {"name": source.name},
                )
