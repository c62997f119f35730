"""The choices above the follow-up dashboards, kept in the query string so that a view can be
bookmarked and shared."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.forms import DATE_WIDGET
from samverkan.followup.indicators import Period
from samverkan.funding.forms.reports import year_field

GRAINS = {
    "year": _("Helår"),
    "h1": _("Första halvåret"),
    "h2": _("Andra halvåret"),
    "q1": _("Första kvartalet"),
    "q2": _("Andra kvartalet"),
    "q3": _("Tredje kvartalet"),
    "q4": _("Fjärde kvartalet"),
}


def period_part(period):
    """The key of GRAINS for a half-year or a quarter ("h1", "q3"), or None for a whole year."""
    if period.grain == "half":
        return "h1" if period.start.month == 1 else "h2"
    if period.grain == "quarter":
        return f"q{(period.start.month - 1) // 3 + 1}"
    return None


def period_label(period):
    """ "2025", "Första halvåret 2025", "Tredje kvartalet 2025", "2025-03-01–2025-05-31"."""
    if period.grain == "range":
        return f"{period.start.isoformat()}–{period.end.isoformat()}"
    part = period_part(period)
    return str(period.start.year) if part is None else f"{GRAINS[part]} {period.start.year}"


def period_slug(period):
    """ "2025", "2025-h1", "2025-q3", "2025-03-01-2025-05-31": for file names."""
    if period.grain == "range":
        return f"{period.start.isoformat()}-{period.end.isoformat()}"
    part = period_part(period)
    return str(period.start.year) if part is None else f"{period.start.year}-{part}"


class PeriodForm(forms.Form):
    """Periods come in fixed grains: a year, a half-year or a quarter, so that two published
    periods never differ by a few cases."""

    year = year_field(True)
    part = forms.ChoiceField(
        label=_("Del av året"),
        choices=list(GRAINS.items()),
        error_messages={"invalid_choice": _("Välj helår, ett halvår eller ett kvartal.")},
    )

    @classmethod
    def bound(cls, query, defaults=None, **kwargs):
        """The form bound to the query string's choices over the defaults (this year)."""
        data = {"year": timezone.localdate().year, "part": "year", **(defaults or {})}
        data.update({name: query[name] for name in cls.base_fields if name in query})
        return cls(data, **kwargs)

    def period(self):
        year, part = self.cleaned_data["year"], self.cleaned_data["part"]
        if part == "year":
            return Period.year(year)
        if part.startswith("h"):
            return Period.half(year, int(part[1]))
        return Period.quarter(year, int(part[1]))


class DashboardForm(PeriodForm):
    """The county dashboard's choices: the period and the whole förbund or one municipality."""

    municipality = forms.TypedChoiceField(
        label=_("Kommun"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Välj en av kommunerna i listan.")},
    )

    def __init__(self, *args, municipalities, everything, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        choices = [(municipality.pk, municipality.name) for municipality in municipalities]
        if everything:
            field.choices = [("", _("Hela förbundet")), *choices]
        else:
            field.choices = choices
            field.required = True
            field.error_messages["required"] = _("Välj en av kommunerna i listan.")

    @classmethod
    def defaults(cls, municipalities, everything):
        return {"municipality": "" if everything or not municipalities else municipalities[0].pk}


class TrendForm(DashboardForm):
    """The trends' choices: the last year shown, and the whole förbund or one municipality."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["part"]
        self.fields["year"].label = _("Till och med år")


RANGE = "range"
EARLIEST_DAY = datetime.date(2000, 1, 1)
LONGEST_RANGE_DAYS = 5 * 366


class TeamPeriodForm(PeriodForm):
    """A team's choices: a fixed grain, or any range of days — which shows the reader's own
    cases only, since two ranges a day apart would tell about the team's others."""

    part = forms.ChoiceField(
        label=_("Del av året"),
        choices=[*GRAINS.items(), (RANGE, _("Egna datum (bara dina ärenden)"))],
        error_messages={
            "invalid_choice": _("Välj helår, ett halvår, ett kvartal eller egna datum.")
        },
    )
    start = forms.DateField(label=_("Från och med"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("Till och med"), required=False, widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("part") != RANGE:
            return cleaned
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None and "start" not in self.errors:
            self.add_error("start", _("Ange första dagen för egna datum."))
        if end is None and "end" not in self.errors:
            self.add_error("end", _("Ange sista dagen för egna datum."))
        for name in ("start", "end"):
            day = cleaned.get(name)
            if day is not None and day < EARLIEST_DAY:
                self.add_error(name, _("Välj ett datum från år 2000."))
                cleaned[name] = None
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Sista dagen kan inte vara före den första."))
            elif (end - start).days > LONGEST_RANGE_DAYS:
                self.add_error("end", _("Välj högst fem år."))
        return cleaned

    def period(self):
        if self.cleaned_data["part"] == RANGE:
            return Period(self.cleaned_data["start"], self.cleaned_data["end"], RANGE)
        return super().period()
