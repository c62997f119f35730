"""Forms for keeping the structure: every choice is limited to the förbund being edited."""

import copy

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import ModelErrorsOnFormMixin
from samverkan.core.forms import DATE_WIDGET, VersionedModelForm
from samverkan.structure.models import (
    Decision,
    Group,
    GroupKind,
    GroupRule,
    Membership,
    Municipality,
    Party,
    Person,
    StandingItem,
    SubRegion,
    TimeBudget,
    Unit,
)

NOT_STATED_CHOICES = (
    ("unknown", _("Anges inte i beslutet")),
    ("true", _("Ja")),
    ("false", _("Nej")),
)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.municipality.name})"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.employer_label})"


class StructureForm(ModelErrorsOnFormMixin, VersionedModelForm):
    """A form for one record of `federation`'s structure: stale edits refused, dates as dates."""

    def __init__(self, *args, federation, **kwargs):
        super().__init__(*args, **kwargs)
        self.federation = federation
        if hasattr(self.instance, "federation_id") and not self.instance.federation_id:
            self.instance.federation = federation
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = copy.deepcopy(DATE_WIDGET)
                field.widget.is_required = field.required

    def parties(self):
        return Party.objects.filter(federation=self.federation)

    def municipalities(self):
        return Municipality.objects.filter(federation=self.federation)

    def units(self):
        return Unit.objects.filter(party__federation=self.federation).select_related("municipality")


class SubRegionForm(StructureForm):
    class Meta:
        model = SubRegion
        fields = ["name", "order"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        taken = SubRegion.objects.filter(federation=self.federation, name=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Förbundet har redan ett delområde med det namnet."))
        return name


class MunicipalityForm(StructureForm):
    class Meta:
        model = Municipality
        fields = ["name", "code", "sub_region"]
        error_messages = {"code": {"unique": _("Det finns redan en kommun med den kommunkoden.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_region"].queryset = SubRegion.objects.filter(federation=self.federation)
        self.fields["code"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})


class PartyForm(StructureForm):
    class Meta:
        model = Party
        fields = ["name", "short_name", "code", "kind", "municipality", "order"]
        error_messages = {
            "municipality": {"unique": _("Kommunen är redan part i förbundet.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = self.municipalities()

    def clean_code(self):
        code = self.cleaned_data["code"]
        taken = Party.objects.filter(federation=self.federation, code=code)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Förbundet har redan en part med den koden."))
        return code


class UnitForm(StructureForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "party", "municipality", "operator", "closed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = self.parties()
        self.fields["municipality"].queryset = self.municipalities()


class PersonForm(StructureForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "party", "unit", "profession", "email", "phone"]
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = self.parties()
        self.fields["unit"].queryset = self.units()
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs["autocomplete"] = "off"


class GroupForm(StructureForm):
    class Meta:
        model = Group
        fields = ["kind", "name", "municipality", "unit", "description", "started_on", "ended_on"]
        field_classes = {"unit": UnitChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = self.municipalities()
        self.fields["unit"].queryset = self.units()


class MembershipForm(StructureForm):
    class Meta:
        model = Membership
        fields = ["person", "role", "party", "valid_from", "valid_to", "note"]
        field_classes = {"person": PersonChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            federation=self.federation
        ).select_related("party", "federation")
        self.fields["party"].queryset = self.parties()
        if not self.instance.pk:
            self.fields["valid_from"].initial = timezone.localdate


class MembershipEndForm(StructureForm):
    """Ends a membership on a day; the row stays, so the group's history stays complete."""

    class Meta:
        model = Membership
        fields = ["valid_to"]
        labels = {"valid_to": _("Sista dag i gruppen")}
        help_texts = {"valid_to": _("Medlemskapet gäller till och med denna dag.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_to"].required = True
        self.fields["valid_to"].initial = timezone.localdate


class DecisionForm(StructureForm):
    class Meta:
        model = Decision
        fields = [
            "title",
            "decided_on",
            "decided_by",
            "effective_from",
            "effective_until",
            "review_rhythm",
            "follow_up",
            "follow_up_by",
            "summary",
            "source",
        ]


class GroupRuleForm(StructureForm):
    class Meta:
        model = GroupRule
        fields = [
            "group_kind",
            "valid_from",
            "valid_until",
            "meetings_per_year",
            "meeting_minutes",
            "convener",
            "chair",
            "minute_taker",
            "responsible_party",
            "information_items_allowed",
            "pre_reads_required",
            "pre_read_working_days",
            "steering_group_for_funded_work",
            "federation_invited_as_guest",
            "federation_news_slot",
            "preparation_factor",
            "required_parties",
            "requires_own_municipality",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parties = self.parties()
        self.fields["responsible_party"].queryset = parties
        self.fields["required_parties"].queryset = parties
        self.fields["required_parties"].help_text = _(
            "Håll ned Ctrl (Cmd på Mac) för att välja flera parter."
        )
        for field in self.fields.values():
            if isinstance(field, forms.NullBooleanField):
                field.widget = forms.NullBooleanSelect()
                field.widget.choices = NOT_STATED_CHOICES
        for name in ("convener", "chair", "minute_taker"):
            self.fields[name].choices = [("", _("Anges inte i beslutet"))] + list(
                GroupRule.Responsible.choices
            )


StandingItemFormSet = forms.inlineformset_factory(
    GroupRule,
    StandingItem,
    fields=["title", "kind", "order"],
    extra=2,
    can_delete=True,
)


class BaseTimeBudgetFormSet(forms.BaseInlineFormSet):
    def get_unique_error_message(self, unique_check):
        return _("Varje slag av representanter kan bara ha ett tidsåtagande per regel.")


TimeBudgetFormSet = forms.inlineformset_factory(
    GroupRule,
    TimeBudget,
    formset=BaseTimeBudgetFormSet,
    fields=["representative_kind", "hours_per_year"],
    extra=1,
    can_delete=True,
)


class GroupFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Grupptyp"),
        required=False,
        choices=[("", _("Alla typer"))] + list(GroupKind.choices),
    )


class UnitFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Typ av enhet"),
        required=False,
        choices=[("", _("Alla typer"))] + list(Unit.Kind.choices),
    )
    municipality = forms.ModelChoiceField(
        label=_("Kommun"),
        required=False,
        queryset=Municipality.objects.none(),
        empty_label=_("Alla kommuner"),
    )

    def __init__(self, *args, federation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(federation=federation)
