"""Forms for interventions, their goals and planned participants: choices limited to the förbund."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import ModelErrorsOnFormMixin
from samverkan.core.forms import DATE_WIDGET, STALE_EDIT_MESSAGE, VersionedModelForm
from samverkan.core.models import User
from samverkan.funding import measures
from samverkan.funding.models import (
    Goal,
    Intervention,
    ParticipantOfficer,
    ParticipantPlan,
    period_year_errors,
)
from samverkan.structure.models import Group, GroupKind, Party, Person

# More than any intervention plans for, and inside the plan's integer column (2³¹ − 1).
MAX_PARTICIPANTS = 1_000_000

ORIENTATION_FIXED = _(
    "Inriktningen kan inte ändras när insatsen är skapad. Registrera en ny insats med ett annat "
    "namn i stället."
)


class InterventionForm(ModelErrorsOnFormMixin, VersionedModelForm):
    """An intervention of `federation`. The orientation is chosen once, when it is created."""

    class Meta:
        model = Intervention
        fields = [
            "name",
            "code",
            "orientation",
            "starts_on",
            "ends_on",
            "purpose",
            "target_group",
            "steering_group",
            "steered_by_mysam",
            "owner",
            "compensation",
            "compensation_note",
            "counts_cases",
            "source",
        ]
        widgets = {
            "orientation": forms.RadioSelect,
            "compensation": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "target_group": forms.Textarea(attrs={"rows": 3}),
            "compensation_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, federation, **kwargs):
        super().__init__(*args, **kwargs)
        self.federation = federation
        if not self.instance.federation_id:
            self.instance.federation = federation
        for name in ("starts_on", "ends_on"):
            self.fields[name].widget = DATE_WIDGET
        if self.instance.pk:
            # Shown as text on the page; a posted value is checked in clean() and refused.
            del self.fields["orientation"]
        groups = Q(federation=federation, kind=GroupKind.MYSAM)
        if self.instance.steering_group_id:
            groups |= Q(pk=self.instance.steering_group_id)
        steering = self.fields["steering_group"]
        steering.queryset = Group.objects.filter(groups).order_by("name")
        steering.empty_label = _("Ingen styrgrupp")
        steering.help_text = _("En av förbundets Mysam-grupper, när en grupp styr hela insatsen.")
        steering.error_messages["invalid_choice"] = _(
            "Välj en av förbundets Mysam-grupper som styrgrupp."
        )
        owner = self.fields["owner"]
        owner.queryset = Party.objects.filter(federation=federation).order_by("order", "name")
        owner.empty_label = _("Förbundet självt")
        owner.error_messages["invalid_choice"] = _("Välj en av förbundets parter som ägare.")

    def clean_code(self):
        code = self.cleaned_data["code"]
        taken = Intervention.objects.filter(federation=self.federation, code=code)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Förbundet har redan en insats med den koden."))
        return code

    def clean(self):
        cleaned = super().clean()
        check_period_years(self, cleaned)
        if self.instance.pk:
            posted = self.data.get("orientation")
            if posted and posted != self.instance.orientation:
                self.add_error(None, forms.ValidationError(ORIENTATION_FIXED, code="orientation"))
        return cleaned


def check_period_years(form, cleaned):
    """Refuse a start or end date outside the years grants may name, on the date's field, before
    anything is built from the period (such as a grid of years)."""
    errors = period_year_errors(cleaned.get("starts_on"), cleaned.get("ends_on"))
    for name, message in errors.items():
        form.add_error(name, message)


class GoalForm(ModelErrorsOnFormMixin, VersionedModelForm):
    """One goal of an intervention: the model checks shares, negatives and gender splits."""

    class Meta:
        model = Goal
        fields = [
            "aim",
            "indicator",
            "direction",
            "unit",
            "by_gender",
            "measure",
            "baseline_women",
            "baseline_men",
            "baseline_other",
            "baseline_total",
            "target_women",
            "target_men",
            "target_other",
            "target_total",
            "order",
        ]

    def __init__(self, *args, intervention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.intervention = intervention
        self.fields["measure"].widget = forms.Select(
            choices=[("", _("Inget: följs upp i text")), *measures.choices()]
        )
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                # Swedish decimals: 22,5.
                field.localize = True
                field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
                field.widget.is_localized = True


class ParticipantPlansForm(forms.Form):
    """Planned participants, one field per year of the intervention (blank: no plan)."""

    stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, intervention, **kwargs):
        super().__init__(*args, **kwargs)
        self.intervention = intervention
        self.plans = {plan.year: plan for plan in intervention.participant_plans.all()}
        years = sorted(set(intervention.years) | set(self.plans))
        self.fields["stamp"].initial = self._stamp()
        for year in years:
            plan = self.plans.get(year)
            field = forms.IntegerField(
                label=str(year),
                required=False,
                min_value=0,
                max_value=MAX_PARTICIPANTS,
                initial=plan.planned if plan else None,
                error_messages={
                    "min_value": _("Antalet deltagare kan inte vara negativt."),
                    "max_value": _("Antalet deltagare är orimligt stort."),
                    "invalid": _("Ange antalet deltagare som ett heltal."),
                },
            )
            if year not in intervention.years:
                field.help_text = _("Året ligger utanför insatsens period; töm fältet.")
            self.fields[f"year_{year}"] = field
        self.years = years

    def _stamp(self):
        return ",".join(f"{year}:{plan.version}" for year, plan in sorted(self.plans.items()))

    def clean(self):
        cleaned = super().clean()
        if self.is_bound and cleaned.get("stamp", "") != self._stamp():
            raise forms.ValidationError(STALE_EDIT_MESSAGE, code="stale")
        for year in self.years:
            value = cleaned.get(f"year_{year}")
            if value is not None and year not in self.intervention.years:
                self.add_error(f"year_{year}", _("Året ligger utanför insatsens period."))
        return cleaned

    def save(self):
        """Create, change or remove the plans; run inside the caller's transaction."""
        for year in self.years:
            value = self.cleaned_data.get(f"year_{year}")
            plan = self.plans.get(year)
            if value is None:
                if plan is not None:
                    plan.delete()
            elif plan is None:
                ParticipantPlan.objects.create(
                    intervention=self.intervention, year=year, planned=value
                )
            elif plan.planned != value:
                plan.planned = value
                plan.version += 1
                plan.save(update_fields=["planned", "version"])
        return self.intervention


class ParticipantOfficerForm(ModelErrorsOnFormMixin, forms.ModelForm):
    """Appoint a deltagaransvarig: someone in the förbund with an account, not its kansli."""

    class Meta:
        model = ParticipantOfficer
        fields = ["person"]
        labels = {"person": _("Person")}
        help_texts = {
            "person": _(
                "Någon i insatsens egen personal med ett konto i Samverkan. Förbundets "
                "administratörer kan inte vara deltagaransvariga."
            )
        }
        error_messages = {
            "person": {"required": _("Välj vem som ska vara deltagaransvarig.")},
        }

    def __init__(self, *args, intervention, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.intervention = intervention
        self.fields["person"].queryset = (
            Person.objects.filter(federation=intervention.federation, user__isnull=False)
            .exclude(user__role=User.Role.FEDERATION_ADMIN)
            .exclude(user__is_superuser=True)
            .exclude(participant_officer_roles__intervention=intervention)
            .select_related("party")
            .order_by("last_name", "first_name")
        )
        self.fields["person"].error_messages["invalid_choice"] = _(
            "Välj en person i listan. Den som redan är deltagaransvarig finns inte med."
        )
