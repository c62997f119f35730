"""Forms for planning meetings and editing their agendas.

The rules themselves live in `meetings.series` and `meetings.services`; these forms collect
the input and show the services' refusals on the fields they concern.
"""

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import ModelErrorsOnFormMixin
from samverkan.core.forms import DATE_WIDGET, VersionedModelForm
from samverkan.meetings import series, services
from samverkan.meetings.models import AgendaItem, Meeting

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
MAX_MEETING_MINUTES = 600
WEEKDAYS = (
    (0, _("måndag")),
    (1, _("tisdag")),
    (2, _("onsdag")),
    (3, _("torsdag")),
    (4, _("fredag")),
)
CONFIRM_OVERRUN_LABEL = _("Jag bekräftar att dagordningen får ta längre tid än mötet")


def combine(day, start_time):
    """An aware datetime in Swedish time from a date and a time of day."""
    return timezone.make_aware(datetime.datetime.combine(day, start_time))


def errors_onto(form, error, field_map=None):
    """Put a service's ValidationError on the form: dict keys on their fields (renamed by
    `field_map`), anything about a field the form lacks as a form-wide error."""
    field_map = field_map or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            name = field_map.get(name, name)
            target = name if name in form.fields else None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


class SeriesForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    weekday = forms.TypedChoiceField(label=_("Veckodag"), choices=WEEKDAYS, coerce=int)
    start_time = forms.TimeField(label=_("Starttid"), widget=TIME_WIDGET)
    location = forms.CharField(label=_("Plats"), max_length=200, required=False)
    default_minutes = forms.IntegerField(
        label=_("Längd i minuter där inget beslut anger längden"),
        min_value=1,
        max_value=MAX_MEETING_MINUTES,
        help_text=_("Används bara för möten där inget beslut anger hur långt mötet är."),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.planned = None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.planned = series.plan_series(
                self.group,
                cleaned["year"],
                weekday=cleaned["weekday"],
                start_time=cleaned["start_time"],
                default_minutes=cleaned["default_minutes"],
            )
        except ValidationError as error:
            self.add_error("year", error)
        return cleaned


class MeetingCreateForm(forms.Form):
    day = forms.DateField(label=_("Datum"), widget=DATE_WIDGET)
    start_time = forms.TimeField(label=_("Starttid"), widget=TIME_WIDGET)
    duration_minutes = forms.IntegerField(
        label=_("Längd i minuter"),
        min_value=1,
        max_value=MAX_MEETING_MINUTES,
        required=False,
        help_text=_("Lämna tomt för den längd som beslutet anger."),
    )
    location = forms.CharField(label=_("Plats"), max_length=200, required=False)

    def starts_at(self):
        return combine(self.cleaned_data["day"], self.cleaned_data["start_time"])


class MeetingEditForm(ModelErrorsOnFormMixin, VersionedModelForm):
    """Date and time as two fields; a moved meeting's untouched deadline follows the new date."""

    day = forms.DateField(label=_("Datum"), widget=DATE_WIDGET)
    start_time = forms.TimeField(label=_("Starttid"), widget=TIME_WIDGET)
    duration_minutes = forms.IntegerField(
        label=_("Längd i minuter"), min_value=1, max_value=MAX_MEETING_MINUTES
    )

    class Meta:
        model = Meeting
        fields = ["day", "start_time", "duration_minutes", "location", "pre_read_deadline"]
        widgets = {"pre_read_deadline": DATE_WIDGET}
        help_texts = {
            "pre_read_deadline": _(
                "Flyttar du mötet till en annan dag och lämnar datumet orört, räknas det om "
                "efter reglerna för den nya dagen."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance
        local = timezone.localtime(meeting.starts_at)
        self.original_day = local.date()
        self.original_starts_at = meeting.starts_at
        self.original_minutes = meeting.duration_minutes
        self.original_location = meeting.location
        self.original_deadline = meeting.pre_read_deadline
        self.fields["day"].initial = local.date()
        self.fields["start_time"].initial = local.time().replace(second=0, microsecond=0)
        self.order_fields(["day", "start_time", "duration_minutes", "location"])

    def add_error(self, field, error):
        # The model speaks of `starts_at`; the form asks for a date.
        if (
            field is None
            and isinstance(error, ValidationError)
            and "starts_at" in getattr(error, "error_dict", {})
        ):
            renamed = dict(error.error_dict)
            renamed.setdefault("day", []).extend(renamed.pop("starts_at"))
            error = ValidationError(renamed)
        super().add_error(field, error)

    def clean(self):
        cleaned = super().clean()
        day, start_time = cleaned.get("day"), cleaned.get("start_time")
        if day is None or start_time is None:
            return cleaned
        self.instance.starts_at = combine(day, start_time)
        if day != self.original_day and cleaned.get("pre_read_deadline") == self.original_deadline:
            ruleset = series.rules_for(self.instance.group, day)
            cleaned["pre_read_deadline"] = series.default_deadline(day, ruleset)
        return cleaned

    @property
    def day_changed(self):
        return self.instance.day != self.original_day

    @property
    def time_or_place_changed(self):
        return (
            self.instance.starts_at != self.original_starts_at
            or self.instance.duration_minutes != self.original_minutes
            or self.instance.location != self.original_location
        )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.employer_label})"


class AgendaItemForm(ModelErrorsOnFormMixin, VersionedModelForm):
    """One agenda item, checked against the meeting's rules and length before it is saved."""

    responsible = PersonChoiceField(
        label=_("Ansvarig"), queryset=None, required=False, empty_label=_("Ingen utsedd")
    )
    minutes_allotted = forms.IntegerField(
        label=_("Minuter"), min_value=1, max_value=MAX_MEETING_MINUTES, initial=10
    )
    confirm_overrun = forms.BooleanField(label=CONFIRM_OVERRUN_LABEL, required=False)

    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "responsible", "minutes_allotted", "description"]
        labels = {"title": _("Rubrik"), "kind": _("Typ av punkt"), "description": _("Beskrivning")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.instance.meeting = meeting
        self.overrun_refused = False
        self.fields["responsible"].queryset = services.people_for_choices(meeting).select_related(
            "party", "federation"
        )
        if not meeting.information_items_allowed:
            self.fields["kind"].help_text = _(
                "Mötet har inga informationspunkter enligt beslutet; parterna skickar "
                "förhandsinformation i stället."
            )

    def _post_clean(self):
        super()._post_clean()
        if any(name in self.errors for name in ("kind", "minutes_allotted", NON_FIELD_ERRORS)):
            return
        try:
            services.check_agenda_item(
                self.instance, confirm_overrun=self.cleaned_data.get("confirm_overrun", False)
            )
        except ValidationError as error:
            self.overrun_refused = "minutes_allotted" in getattr(error, "error_dict", {})
            errors_onto(self, error)

    @property
    def information_refused(self):
        return "kind" in self.errors and not self.meeting.information_items_allowed


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=300,
        required=False,
        help_text=_("Frivilligt. Skälet står i meddelandet till deltagarna."),
    )
