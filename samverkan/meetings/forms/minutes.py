"""Forms for attendance, minutes and action items.

Attendance is one small form per seat (status and substitute) plus one form for an attendee
without a row yet. The minutes are one form with a notes and a decision field per agenda item.
The rules (a person without a seat only as a guest, published minutes never edited in place)
live in `meetings.services`; the forms call them so the user sees the Swedish message at the
field it concerns.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import ModelErrorsOnFormMixin
from samverkan.core.forms import DATE_WIDGET, StaleEditError, VersionedModelForm
from samverkan.meetings import services
from samverkan.meetings.models import ActionItem, Attendance, Meeting, MinuteEntry, Minutes

Status = Attendance.Status


# --- Attendance --------------------------------------------------------------------------------


class AttendanceRowForm(forms.Form):
    """Whether one person with a row (a seat, or an attendance already recorded) was there."""

    status = forms.ChoiceField(choices=Status.choices, widget=forms.RadioSelect)
    substitute = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, person, people, attendance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        name = person.full_name
        status = self.fields["status"]
        status.label = _("Närvaro för %(person)s") % {"person": name}
        status.error_messages["required"] = _(
            "Ange om %(person)s var närvarande, frånvarande eller ersatt av ersättare."
        ) % {"person": name}
        substitute = self.fields["substitute"]
        substitute.queryset = people.exclude(pk=person.pk)
        substitute.label = _("Ersättare för %(person)s") % {"person": name}
        substitute.help_text = _("Fylls i när någon ersatte personen.")
        substitute.empty_label = _("Ingen ersättare")
        if attendance is not None:
            self.initial.setdefault("status", attendance.status)
            self.initial.setdefault("substitute", attendance.substitute_id)

    def clean(self):
        cleaned = super().clean()
        status, substitute = cleaned.get("status"), cleaned.get("substitute")
        if status == Status.SUBSTITUTE:
            if substitute is None:
                self.add_error(
                    "substitute",
                    _("Ange vem som ersatte %(person)s.") % {"person": self.person.full_name},
                )
            elif substitute.pk == self.person.pk:
                self.add_error("substitute", _("En person kan inte ersätta sig själv."))
        elif status:
            # A substitute chosen and then the status changed: the substitute does not count.
            cleaned["substitute"] = None
        return cleaned


class ExtraAttendeeForm(forms.Form):
    """Someone who came without a row: a guest, or a member missing from the list."""

    person = forms.ModelChoiceField(
        label=_("Person"),
        queryset=None,
        required=False,
        empty_label=_("Välj person"),
    )
    guest = forms.BooleanField(
        label=_("Gäst"),
        required=False,
        help_text=_("Kryssa i för den som inte sitter i gruppen på mötesdagen."),
    )
    status = forms.ChoiceField(
        label=_("Närvaro för den tillagda personen"),
        choices=[(Status.PRESENT, Status.PRESENT.label), (Status.ABSENT, Status.ABSENT.label)],
        widget=forms.RadioSelect,
        required=False,
        initial=Status.PRESENT,
    )

    def __init__(self, *args, meeting, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["person"].queryset = people

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("person")
        if person is None:
            return cleaned
        cleaned["status"] = cleaned.get("status") or Status.PRESENT
        cleaned["capacity"] = (
            Attendance.Capacity.GUEST if cleaned.get("guest") else Attendance.Capacity.MEMBER
        )
        try:
            services.check_attendance(self.meeting, person, cleaned["capacity"])
        except ValidationError as error:
            self.add_error("person", error)
        return cleaned

    def row(self):
        """The row for `services.record_attendance`, or None when nobody was added."""
        person = self.cleaned_data.get("person")
        if person is None:
            return None
        return (person, self.cleaned_data["status"], None, self.cleaned_data["capacity"])


# --- Minutes -----------------------------------------------------------------------------------


class MinutesForm(forms.Form):
    """Notes and decision per agenda item and the other notes of one draft version.

    `number` names the version the user is writing, `version` the state they started from:
    saving a version that was approved or published meanwhile, or changed by someone else, is
    refused and nothing is saved.
    """

    number = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    other_notes = forms.CharField(
        label=_("Övriga anteckningar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, minutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.minutes = minutes
        self.entries = list(minutes.entries.all())
        self.initial.update(
            number=minutes.number, version=minutes.version, other_notes=minutes.other_notes
        )
        for entry in self.entries:
            notes, decision = self._names(entry)
            self.fields[notes] = forms.CharField(
                label=_("Anteckningar: %(item)s") % {"item": entry.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            self.fields[decision] = forms.CharField(
                label=_("Beslut: %(item)s") % {"item": entry.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.initial[notes] = entry.notes
            self.initial[decision] = entry.decision

    @staticmethod
    def _names(entry):
        return f"entry_{entry.pk}_notes", f"entry_{entry.pk}_decision"

    def entry_fields(self):
        """[(entry, notes field, decision field)] in the order of the agenda."""
        rows = []
        for entry in self.entries:
            notes, decision = self._names(entry)
            rows.append((entry, self[notes], self[decision]))
        return rows

    def save(self):
        """Save in one transaction. Raises ValidationError when the version may not be edited
        (approved or published) and StaleEditError when someone else saved meanwhile."""
        with transaction.atomic():
            current = Minutes.objects.select_for_update().get(pk=self.minutes.pk)
            services.ensure_editable(current)
            if current.version != self.cleaned_data.get("version"):
                raise StaleEditError
            current.other_notes = self.cleaned_data["other_notes"]
            current.version += 1
            current.save(update_fields=["other_notes", "version"])
            for entry in self.entries:
                notes, decision = self._names(entry)
                MinuteEntry.objects.filter(pk=entry.pk, minutes=current).update(
                    notes=self.cleaned_data[notes], decision=self.cleaned_data[decision]
                )
        self.minutes = current
        return current


class NewVersionForm(forms.Form):
    change_note = forms.CharField(
        label=_("Vad ska ändras och varför?"),
        max_length=300,
        help_text=_("Visas i versionslistan, så att läsarna ser vad som ändrades."),
        error_messages={"required": _("Skriv kort vad som ska ändras och varför.")},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# --- Action items ------------------------------------------------------------------------------


class ActionItemForm(ModelErrorsOnFormMixin, VersionedModelForm):
    """An action item decided at the meeting: what, under which item, who, by when."""

    class Meta:
        model = ActionItem
        fields = ["title", "agenda_item", "owner", "due_on"]
        widgets = {"due_on": DATE_WIDGET}
        labels = {"agenda_item": _("Dagordningspunkt")}
        help_texts = {"due_on": _("Lämna tomt om det inte finns något slutdatum.")}
        error_messages = {
            "title": {"required": _("Skriv vad som ska göras.")},
            "owner": {"required": _("Välj vem som ansvarar för åtgärden.")},
        }

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["agenda_item"].empty_label = _("Ingen särskild punkt")
        self.fields["owner"].queryset = services.people_for_choices(meeting)
        self.fields["owner"].empty_label = _("Välj ansvarig")


class ActionItemStatusForm(forms.Form):
    """Progress on an action item: done, dropped or still open, when and with a comment.

    `meeting` is set when the item is closed from a later meeting's minutes; that meeting must
    be a later meeting of the same group.
    """

    status = forms.ChoiceField(
        label=_("Status"), choices=ActionItem.Status.choices, widget=forms.RadioSelect
    )
    closed_on = forms.DateField(
        label=_("Avslutad den"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Gäller när åtgärden är klar eller avskriven."),
    )
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    meeting = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, item, at_meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.initial.update(
            status=item.status,
            closed_on=item.closed_on or timezone.localdate(),
            note=item.status_note,
            version=item.version,
            meeting=at_meeting.pk if at_meeting else None,
        )

    def clean(self):
        cleaned = super().clean()
        closing = cleaned.get("status") not in (None, "", ActionItem.Status.OPEN)
        if closing and cleaned.get("closed_on") is None and "closed_on" not in self.errors:
            self.add_error("closed_on", _("Ange när åtgärden avslutades."))
        cleaned["meeting"] = self._at_meeting(cleaned.get("meeting"))
        return cleaned

    def _at_meeting(self, pk):
        # A hidden field: its error is shown as one for the whole form.
        if pk is None:
            return None
        origin = self.item.meeting
        at_meeting = (
            Meeting.objects.filter(pk=pk, group=origin.group_id, starts_at__gt=origin.starts_at)
            .exclude(status=Meeting.Status.CANCELLED)
            .first()
        )
        if at_meeting is None:
            self.add_error(None, _("Åtgärden kan bara avslutas på ett senare möte i samma grupp."))
        return at_meeting

    def save(self):
        """Apply the status through the service in one transaction. Raises StaleEditError when
        the item changed after the form was opened, ValidationError for a refused date."""
        data = self.cleaned_data
        with transaction.atomic():
            item = (
                ActionItem.objects.select_for_update()
                .select_related("meeting")
                .get(pk=self.item.pk)
            )
            if data.get("version") != item.version:
                raise StaleEditError
            closing = data["status"] != ActionItem.Status.OPEN
            services.close_action_item(
                item,
                status=data["status"],
                on=data["closed_on"] if closing else None,
                note=data["note"],
                at_meeting=data.get("meeting") if closing else None,
            )
        self.item = item
        return item
