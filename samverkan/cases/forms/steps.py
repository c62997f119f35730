"""Forms for the steps of a case after consent: meeting, preparation, mapping, plan, survey,
follow-up, and the individual's own survey page reached through a one-time link.

Choices of party are limited to the parties of the case's team; dates where the step has
already happened cannot lie in the future.
"""

import datetime
import hashlib

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.cases import policy
from samverkan.cases.forms.common import DATE_WIDGET
from samverkan.cases.models import (
    Case,
    FollowUp,
    IncomeSupportSource,
    Mapping,
    PlanStep,
    Preparation,
    SurveyAnswer,
    SurveyResponse,
    check_income_support,
)
from samverkan.core.editing import ModelErrorsOnFormMixin
from samverkan.core.forms import STALE_EDIT_MESSAGE, StaleEditError, VersionedModelForm
from samverkan.meetings.models import Meeting
from samverkan.structure.models import Unit

YES_NO = (("yes", _("Ja")), ("no", _("Nej")))
FUTURE_DATE_MESSAGE = _("Datumet kan inte ligga i framtiden.")


def team_parties(case, day=None):
    """The parties with a case seat in the case's team on `day`: who can act on a step."""
    return policy.parties_with_case_seats(case.team_id, day or timezone.localdate())


def yes_no_field(label, *, required=True):
    """A yes/no question as two radio buttons, cleaned to True or False."""
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=required,
        error_messages={"required": _("Svara ja eller nej.")},
    )


def as_yes_no(value):
    return None if value is None else ("yes" if value else "no")


def _not_future(day):
    if day and day > timezone.localdate():
        raise ValidationError(FUTURE_DATE_MESSAGE, code="future")
    return day


class StepForm(ModelErrorsOnFormMixin, VersionedModelForm):
    """A form for one record of a case: stale edits refused, dates as date inputs.

    `one_per` names the fields that make a record unique (one mapping per case, one
    preparation per case and party): a new record someone else saved meanwhile is a stale edit.
    """

    one_per = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE_WIDGET

    def clean(self):
        cleaned = super().clean()
        if self.one_per and self.instance.pk is None:
            same = {f"{name}_id": getattr(self.instance, f"{name}_id") for name in self.one_per}
            if type(self.instance).objects.filter(**same).exists():
                raise ValidationError(STALE_EDIT_MESSAGE, code="stale")
        return cleaned


# --- Meeting -----------------------------------------------------------------------------------


class TeamMeetingChoiceField(forms.ModelChoiceField):
    """One of the team's meetings, shown by its local date and time."""

    def label_from_instance(self, meeting):
        starts = timezone.localtime(meeting.starts_at)
        label = f"{starts:%Y-%m-%d} {starts:%H:%M}"
        return f"{label}, {meeting.location}" if meeting.location else label


class MeetingForm(StepForm):
    """The team meeting about the case, and whether the individual was invited and took part.

    Where the team's meetings are planned in the product, the case is put on one of them and
    takes its date (`Case.clean`); a meeting held outside the product is given by its date.
    """

    individual_invited = yes_no_field(_("Har personen bjudits in till mötet?"))

    class Meta:
        model = Case
        fields = [
            "team_meeting",
            "meeting_on",
            "care_units_at_meeting",
            "individual_invited",
            "participation",
            "participation_mode",
        ]
        field_classes = {"team_meeting": TeamMeetingChoiceField}
        widgets = {
            "care_units_at_meeting": forms.CheckboxSelectMultiple,
            "participation": forms.RadioSelect,
            "participation_mode": forms.RadioSelect,
        }
        labels = {"care_units_at_meeting": _("Vårdenheter som deltog i mötet")}
        help_texts = {
            "care_units_at_meeting": _(
                "Vårdenheterna i teamets kommun. Följs upp mot målet att fler än en vårdenhet "
                "deltar."
            ),
            "participation": _("Registreras när mötet har hållits."),
            "participation_mode": _("Anges bara om personen deltog."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting_on"].label = _("Datum för teammötet")
        self.fields["meeting_on"].error_messages["required"] = _("Ange datum för teammötet.")
        meetings = self.team_meetings()
        if meetings.exists():
            field = self.fields["team_meeting"]
            field.queryset = meetings
            field.label = _("Teamets möte")
            field.empty_label = _("Inget av mötena nedan, ange datum")
            field.help_text = _("Väljer du ett möte hämtas datumet från mötet.")
            field.error_messages["invalid_choice"] = _(
                "Mötet finns inte bland teamets möten. Välj ett av mötena i listan."
            )
            self.fields["meeting_on"].required = False
            self.fields["meeting_on"].help_text = _(
                "Bara om mötet inte finns i listan, till exempel ett möte utanför systemet."
            )
        else:
            # Nothing to choose from: the date alone, as before meetings were planned here.
            del self.fields["team_meeting"]
            self.fields["meeting_on"].required = True
        self._care_units()
        # The individual is always offered a place at the meeting.
        self.initial["individual_invited"] = as_yes_no(self.instance.individual_invited) or "yes"
        self.fields["participation"].choices = [("", _("Inte registrerat ännu"))] + list(
            Case.Participation.choices
        )
        self.fields["participation_mode"].label = _("Hur deltog personen?")
        self.fields["participation_mode"].choices = [("", _("Inte aktuellt"))] + list(
            Case.ParticipationMode.choices
        )

    def _care_units(self):
        """Care units of the team's municipality and the team's own, and any chosen before; the
        team's own unit is ticked until something is saved."""
        case = self.instance
        team = case.team
        field = self.fields["care_units_at_meeting"]
        chosen = case.care_units_at_meeting.all() if case.pk else Unit.objects.none()
        near = Q(kind__in=Unit.CARE_KINDS, party__federation=team.federation_id) & (
            Q(closed_on__isnull=True) | Q(closed_on__gt=timezone.localdate())
        )
        if team.municipality_id:
            near &= Q(municipality=team.municipality_id)
        elif team.unit_id:
            near &= Q(municipality=team.unit.municipality_id)
        field.queryset = Unit.objects.filter(
            near | Q(pk=team.unit_id) | Q(pk__in=chosen.values("pk"))
        ).order_by("name")
        field.error_messages["invalid_choice"] = _(
            "Välj bland vårdenheterna i listan: %(value)s finns inte bland dem."
        )
        if not case.meeting_on and team.unit_id and not self.initial.get("care_units_at_meeting"):
            self.initial["care_units_at_meeting"] = [team.unit_id]

    def team_meetings(self):
        """The team's meetings, not cancelled, from the day the case was raised."""
        case = self.instance
        meetings = Meeting.objects.not_cancelled().filter(group=case.team_id)
        if case.raised_on:
            first = timezone.make_aware(
                datetime.datetime.combine(case.raised_on, datetime.time.min)
            )
            meetings = meetings.filter(starts_at__gte=first)
        return meetings.order_by("starts_at", "pk")

    def clean(self):
        cleaned = super().clean()
        if "team_meeting" not in self.fields:
            # No meeting of the team to be on (a linked one was cancelled): the date stands.
            self.instance.team_meeting = None
        elif (
            not cleaned.get("team_meeting")
            and not cleaned.get("meeting_on")
            and "team_meeting" not in self.errors
            and "meeting_on" not in self.errors
        ):
            self.add_error(
                "meeting_on",
                ValidationError(_("Välj teamets möte eller ange datum."), code="required"),
            )
        return cleaned


# --- Preparation -------------------------------------------------------------------------------


class PreparationForm(StepForm):
    """One party's own preparation note; the case, party and author are set by the view."""

    one_per = ("case", "party")

    class Meta:
        model = Preparation
        fields = ["note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "note": _(
                "Det din organisation vet utifrån frågeställningen. Bara det som behövs för "
                "samverkan."
            )
        }
        error_messages = {"note": {"required": _("Skriv förberedelsen.")}}


# --- Joint mapping -----------------------------------------------------------------------------


class MappingForm(StepForm):
    """The joint mapping of needs and resources and the standing questions: SIP? GK?"""

    one_per = ("case",)

    sip_needed = yes_no_field(_("Behövs en SIP?"))
    joint_mapping_needed = yes_no_field(_("Behövs en GK av AF och FK?"))

    class Meta:
        model = Mapping
        fields = [
            "health",
            "work",
            "social_insurance",
            "social_situation",
            "sip_needed",
            "sip_actor",
            "joint_mapping_needed",
            "joint_mapping_actor",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in Mapping.TEXT_FIELDS}
        labels = {
            "health": _("Hälsa och vård"),
            "work": _("Arbetsförmåga och arbete"),
            "social_insurance": _("Socialförsäkring"),
            "social_situation": _("Social situation och ekonomi"),
            "sip_actor": _("Vem tar initiativ till SIP?"),
            "joint_mapping_actor": _("Vem begär GK?"),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        parties = team_parties(case)
        for name in ("sip_actor", "joint_mapping_actor"):
            self.fields[name].queryset = parties
            self.fields[name].empty_label = _("Ingen (svaret är nej)")
            self.fields[name].help_text = _("Anges när svaret är ja.")
        self.initial["sip_needed"] = as_yes_no(self.instance.sip_needed)
        self.initial["joint_mapping_needed"] = as_yes_no(self.instance.joint_mapping_needed)

    def clean(self):
        cleaned = super().clean()
        # Who acts only matters when something is to be done.
        for question, actor in (
            ("sip_needed", "sip_actor"),
            ("joint_mapping_needed", "joint_mapping_actor"),
        ):
            if cleaned.get(question) is False:
                cleaned[actor] = None
        return cleaned


# --- Proposed plan -----------------------------------------------------------------------------


def plan_fingerprint(case):
    """What the plan looked like when the form was loaded: its steps and their versions."""
    rows = case.plan_steps.order_by("pk").values_list("pk", "version")
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:32]


class PlanForm(forms.Form):
    """The plan as a whole, so a plan changed by someone else meanwhile is refused (409)."""

    plan_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["plan_version"].initial = plan_fingerprint(case)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("plan_version") != plan_fingerprint(self.case):
            raise ValidationError(STALE_EDIT_MESSAGE, code="stale")
        return cleaned

    @transaction.atomic
    def save(self):
        case = Case.objects.select_for_update().get(pk=self.case.pk)
        if self.cleaned_data["plan_version"] != plan_fingerprint(case):
            raise StaleEditError
        return self.case


class PlanStepForm(forms.ModelForm):
    class Meta:
        model = PlanStep
        fields = ["responsible_party", "action", "benefit", "planned_start"]
        widgets = {
            "action": forms.Textarea(attrs={"rows": 2}),
            "planned_start": DATE_WIDGET,
        }
        labels = {"action": _("Insats eller åtgärd"), "benefit": _("Ersättning eller stöd")}
        error_messages = {
            "responsible_party": {"required": _("Ange ansvarig part.")},
            "action": {"required": _("Beskriv insatsen eller åtgärden.")},
            "planned_start": {"required": _("Ange planerad start.")},
        }

    def save(self, commit=True):
        if self.instance.pk and self.has_changed():
            self.instance.version += 1
        return super().save(commit=commit)


class BasePlanStepFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, parties, **kwargs):
        self.parties = parties
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().select_related("responsible_party")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Ta bort steget")

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.fields["responsible_party"].queryset = self.parties
        form.fields["responsible_party"].empty_label = _("Välj part")
        return form

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = [
            form
            for form in self.forms
            if not self._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]
        if not kept:
            raise ValidationError(_("Planeringen måste ha minst ett steg."), code="empty")

    def save(self, commit=True):
        steps = super().save(commit=commit)
        kept = [f for f in self.forms if f.instance.pk and not self._should_delete_form(f)]
        for order, form in enumerate(kept, start=1):
            if form.instance.order != order:
                PlanStep.objects.filter(pk=form.instance.pk).update(order=order)
        return steps


PlanStepFormSet = forms.inlineformset_factory(
    Case,
    PlanStep,
    form=PlanStepForm,
    formset=BasePlanStepFormSet,
    extra=2,
    can_delete=True,
)


# --- Participant survey ------------------------------------------------------------------------


def statement_fields():
    """The three statements, each with the fixed answer scale as radio buttons."""
    return {
        name: forms.TypedChoiceField(
            label=label,
            choices=SurveyAnswer.choices,
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": _("Välj ett svar.")},
        )
        for name, label in SurveyResponse.STATEMENTS.items()
    }


class SurveyForm(ModelErrorsOnFormMixin, forms.ModelForm):
    """Answers entered by staff from the individual's paper form."""

    class Meta:
        model = SurveyResponse
        fields = [*SurveyResponse.STATEMENTS, "answered_on"]
        widgets = {"answered_on": DATE_WIDGET}
        labels = {"answered_on": _("Datum då personen svarade")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(statement_fields())
        self.order_fields([*SurveyResponse.STATEMENTS, "answered_on"])
        self.fields["answered_on"].error_messages["required"] = _("Ange datum.")

    def clean(self):
        cleaned = super().clean()
        # Answered meanwhile, through the link or by a colleague: keep those answers.
        if SurveyResponse.objects.filter(case_id=self.instance.case_id).exists():
            raise ValidationError(STALE_EDIT_MESSAGE, code="stale")
        return cleaned

    def clean_answered_on(self):
        answered_on = _not_future(self.cleaned_data["answered_on"])
        if answered_on < self.instance.case.raised_on:
            raise ValidationError(_("Enkäten kan inte ha besvarats före aktualiseringen."))
        return answered_on


class PublicSurveyForm(forms.Form):
    """The individual's own answers through the one-time link: the statements only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(statement_fields())


# --- Six-month follow-up -----------------------------------------------------------------------


class FollowUpForm(StepForm):
    """The follow-up six months after the meeting: plan started? income support now?"""

    one_per = ("case",)

    class Meta:
        model = FollowUp
        fields = ["followed_up_on", "plan_started", "income_support", "note"]
        widgets = {
            "plan_started": forms.RadioSelect,
            "income_support": forms.CheckboxSelectMultiple,
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "followed_up_on": _("Datum för uppföljningen"),
            "plan_started": _("Har planeringen påbörjats?"),
            "income_support": _("Försörjning nu"),
        }
        help_texts = {
            "income_support": _(
                "Flera kan gälla samtidigt. ”Ingen offentlig försörjning” kan inte kombineras "
                "med andra."
            ),
        }
        error_messages = {
            "followed_up_on": {"required": _("Ange datum för uppföljningen.")},
            "plan_started": {"required": _("Svara ja, delvis eller nej.")},
            "income_support": {"required": _("Välj minst en försörjningskälla.")},
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.instance.case = case
        today = timezone.localdate()
        sources = IncomeSupportSource.valid_on(today)
        if self.instance.pk:
            sources = sources | IncomeSupportSource.objects.filter(
                pk__in=self.instance.income_support.values("pk")
            )
        self.fields["income_support"].queryset = sources.distinct()
        self.fields["plan_started"].choices = list(FollowUp.PlanStarted.choices)
        if case.follow_up_due_on:
            self.fields["note"].help_text = _(
                "Görs uppföljningen före %(due)s, skriv varför i anteckningen."
            ) % {"due": case.follow_up_due_on.isoformat()}

    def clean_followed_up_on(self):
        day = _not_future(self.cleaned_data["followed_up_on"])
        if day < self.case.raised_on:
            raise ValidationError(_("Uppföljningen kan inte ligga före aktualiseringen."))
        if self.case.meeting_on and day < self.case.meeting_on:
            raise ValidationError(_("Uppföljningen kan inte ligga före teammötet."))
        return day

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("followed_up_on")
        sources = cleaned.get("income_support")
        if sources:
            try:
                check_income_support(sources, "income_support")
            except ValidationError as error:
                self.add_error(None, error)
            if day:
                valid = set(IncomeSupportSource.valid_on(day).values_list("pk", flat=True))
                invalid = [source.name for source in sources if source.pk not in valid]
                if invalid:
                    self.add_error(
                        "income_support",
                        _("%(names)s gällde inte som försörjningskälla %(day)s.")
                        % {"names": ", ".join(invalid), "day": day.isoformat()},
                    )
        due = self.case.follow_up_due_on
        if day and (due is None or day < due) and not cleaned.get("note", "").strip():
            self.add_error(
                "note",
                _("Uppföljningen görs före förfallodagen; skriv varför i anteckningen."),
            )
        return cleaned
