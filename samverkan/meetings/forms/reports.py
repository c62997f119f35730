"""The choices above the report pages: group and year, year and kind of group, two periods.

The reports are GET pages, so a form is bound to the query string merged over its defaults:
a bare address shows the defaults, and a field the user emptied or mistyped is an error.
"""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.forms import DATE_WIDGET
from samverkan.meetings.followup import DEFAULT_AFTER, DEFAULT_BEFORE
from samverkan.structure.models import GroupKind

FIRST_YEAR = 2000
LAST_YEAR = 2100
YEAR_ERROR = _("Ange ett år mellan 2000 och 2100, till exempel 2023.")
DATE_ERROR = _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2023-06-30.")


def bound_with_defaults(form_class, query, **kwargs):
    """`form_class` bound to `query` (request.GET) over the form's defaults."""
    data = dict(form_class.defaults())
    data.update({name: query.get(name) for name in form_class.base_fields if name in query})
    return form_class(data, **kwargs)


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("År"))
        super().__init__(
            min_value=FIRST_YEAR,
            max_value=LAST_YEAR,
            error_messages={
                "required": YEAR_ERROR,
                "invalid": YEAR_ERROR,
                "min_value": YEAR_ERROR,
                "max_value": YEAR_ERROR,
            },
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            **kwargs,
        )


class YearForm(forms.Form):
    """One calendar year, this year by default."""

    year = YearField()

    @classmethod
    def defaults(cls):
        return {"year": timezone.localdate().year}

    def period(self):
        """The chosen year's first and last day."""
        year = self.cleaned_data["year"]
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class AttendanceReportForm(YearForm):
    """Which year of a group's attendance to show; the group travels in the address."""


class TimeAccountsForm(YearForm):
    kind = forms.ChoiceField(
        label=_("Grupper"),
        required=False,
        choices=[("", _("Alla slags grupper")), *GroupKind.choices],
        error_messages={"invalid_choice": _("Välj en av grupptyperna i listan.")},
    )

    @classmethod
    def defaults(cls):
        return {**super().defaults(), "kind": ""}


def _date_field(label):
    return forms.DateField(
        label=label,
        widget=DATE_WIDGET,
        error_messages={"required": DATE_ERROR, "invalid": DATE_ERROR},
    )


class FollowUpForm(forms.Form):
    """The two periods to compare; by default the first halves of 2021 and 2023."""

    before_start = _date_field(_("Före förändringen, från och med"))
    before_end = _date_field(_("Före förändringen, till och med"))
    after_start = _date_field(_("Efter förändringen, från och med"))
    after_end = _date_field(_("Efter förändringen, till och med"))

    @classmethod
    def defaults(cls):
        return {
            "before_start": DEFAULT_BEFORE[0].isoformat(),
            "before_end": DEFAULT_BEFORE[1].isoformat(),
            "after_start": DEFAULT_AFTER[0].isoformat(),
            "after_end": DEFAULT_AFTER[1].isoformat(),
        }

    def clean(self):
        cleaned = super().clean()
        for first, last in (("before_start", "before_end"), ("after_start", "after_end")):
            start, end = cleaned.get(first), cleaned.get(last)
            if start and end and end < start:
                self.add_error(last, _("Periodens sista dag kan inte ligga före dess första dag."))
        return cleaned

    @property
    def before(self):
        return self.cleaned_data["before_start"], self.cleaned_data["before_end"]

    @property
    def after(self):
        return self.cleaned_data["after_start"], self.cleaned_data["after_end"]
