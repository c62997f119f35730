"""Forms for registering applications for samverkansmedel and recording the förbund's decisions.

Amounts are typed into a grid with one field per party and year. Each field names its party
and year, so an error says exactly which cell is wrong; a posted cell the grid does not offer
(a forged or stale field) is refused as a whole rather than ignored.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import ModelErrorsOnFormMixin
from samverkan.core.forms import DATE_WIDGET
from samverkan.funding.forms.interventions import check_period_years
from samverkan.funding.models import (
    Application,
    FundingDecision,
    Intervention,
    Orientation,
    calendar_years,
)
from samverkan.funding.services import Line
from samverkan.structure.models import Group, GroupKind, Party

# An application's grid has a column per year; a period longer than this is a typing error.
MAX_YEARS = 10
# No application or grant comes near a thousand million kronor per party and year; a longer
# number is a typing error, and sums of such numbers stay far inside a 64-bit column.
MAX_KRONOR = 999_999_999_999
# Spaces (also non-breaking and narrow ones) may group thousands: "1 103 306".
_GROUPING = re.compile(r"[\s\u00a0\u202f]")
_WHOLE = re.compile(r"\d+")
# The grids' field names: `<prefix>-<party pk>-<year>`.
APPLIED_PREFIX = "applied"
GRANTED_PREFIX = "granted"
# The submit button (and the htmx request) that redraws the grid for the typed period.
SHOW_YEARS = "show_years"


def parse_kronor(raw):
    """Whole, non-negative kronor from what a user typed; None for nothing typed.

    Raises a Swedish ValidationError saying what is wrong with the text.
    """
    text = _GROUPING.sub("", raw or "")
    if not text:
        return None
    if text.startswith("-") and _WHOLE.fullmatch(text[1:].replace(",", "").replace(".", "")):
        raise ValidationError(_("beloppet kan inte vara negativt."), code="negative")
    if re.fullmatch(r"\d+[,.]\d*", text):
        raise ValidationError(
            _("ange beloppet i hela kronor, utan decimaler (”%(value)s”).")
            % {"value": raw.strip()[:30]},
            code="fraction",
        )
    if not _WHOLE.fullmatch(text):
        raise ValidationError(
            _("”%(value)s” är inte ett belopp i hela kronor.") % {"value": raw.strip()[:30]},
            code="invalid",
        )
    if len(text) > len(str(MAX_KRONOR)):
        raise ValidationError(_("beloppet är orimligt stort."), code="too_large")
    return int(text)


class AmountGridForm(forms.Form):
    """One text field per (party, year) cell, named `<prefix>-<party pk>-<year>`.

    `cells` are the (party, year) pairs offered; `parties` every party of the förbund, so a
    posted cell of an unknown party can be told apart from a known party's cell the grid does
    not offer (`not_offered` is the message for that, with %(party)s and %(year)s).
    `required` cells must be filled in (0 is an amount).
    """

    def __init__(
        self,
        *args,
        parties,
        cells,
        prefix,
        not_offered,
        required=False,
        caption="",
        **kwargs,
    ):
        super().__init__(*args, prefix=None, **kwargs)
        self.grid_prefix = prefix
        self.parties = {party.pk: party for party in parties}
        self.cells = list(cells)
        self.not_offered = not_offered
        self.caption = caption
        self.years = sorted({year for _party, year in self.cells})
        self.required_cells = required
        for party, year in self.cells:
            self.fields[self.cell_name(party, year)] = forms.CharField(
                label=_("%(party)s %(year)s") % {"party": party.name, "year": year},
                required=False,
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "off", "size": 10}
                ),
            )

    def cell_name(self, party, year):
        return f"{self.grid_prefix}-{party.pk}-{year}"

    def rows(self):
        """[(party, [bound field or None per year])] for a table, in the parties' order."""
        by_party = {}
        for party, year in self.cells:
            by_party.setdefault(party.pk, (party, {}))[1][year] = self[self.cell_name(party, year)]
        rows = []
        for party, fields in by_party.values():
            rows.append((party, [fields.get(year) for year in self.years]))
        return rows

    def clean(self):
        cleaned = super().clean()
        for party, year in self.cells:
            name = self.cell_name(party, year)
            if name in self.errors:
                continue
            cell = self.fields[name].label
            try:
                value = parse_kronor(cleaned.get(name, ""))
            except ValidationError as error:
                self.add_error(name, f"{cell}: {error.messages[0]}")
                continue
            if value is None and self.required_cells:
                self.add_error(
                    name, _("%(cell)s: ange ett belopp (0 om inget beviljas).") % {"cell": cell}
                )
            cleaned[name] = value
        self._refuse_cells_not_offered()
        return cleaned

    def _refuse_cells_not_offered(self):
        offered = {self.cell_name(party, year) for party, year in self.cells}
        pattern = re.compile(rf"{re.escape(self.grid_prefix)}-(.*)")
        for key in self.data:
            match = pattern.fullmatch(key)
            if match is None or key in offered:
                continue
            party_id, _sep, year = match.group(1).partition("-")
            party = self.parties.get(int(party_id)) if party_id.isdigit() else None
            if party is None:
                self.add_error(
                    None,
                    _("Okänd part (%(id)s): beloppet hör inte till någon av förbundets parter.")
                    % {"id": party_id},
                )
            else:
                self.add_error(None, self.not_offered % {"party": party.name, "year": year})

    def lines(self):
        """The cells with an amount, as service Lines, in the grid's order."""
        result = []
        for party, year in self.cells:
            value = self.cleaned_data.get(self.cell_name(party, year))
            if value is not None:
                result.append(Line(party, year, value))
        return result


def amount_grid(data, *, federation, years, initial=None):
    """The grid of amounts applied for: every party of the förbund for every year."""
    parties = list(Party.objects.filter(federation=federation).order_by("order", "name"))
    return AmountGridForm(
        data,
        initial=initial,
        parties=parties,
        cells=[(party, year) for party in parties for year in years],
        prefix=APPLIED_PREFIX,
        not_offered=_(
            "%(party)s %(year)s: året ligger utanför ansökans period. Välj ”Visa år” för att "
            "uppdatera tabellen."
        ),
        caption=_("Sökt belopp per part och år (kronor)"),
    )


def granted_grid(data, *, application):
    """The grid of amounts granted when partly granting: the cells applied for, prefilled."""
    applied = list(application.amounts.select_related("party").order_by("party__order", "year"))
    grid = AmountGridForm(
        data,
        initial={f"{GRANTED_PREFIX}-{a.party_id}-{a.year}": a.amount for a in applied},
        parties=Party.objects.filter(federation=application.federation_id),
        cells=[(a.party, a.year) for a in applied],
        prefix=GRANTED_PREFIX,
        not_offered=_("%(party)s har inte sökt medel för %(year)s."),
        required=True,
        caption=_("Beviljat belopp per part och år (kronor)"),
    )
    return grid


def default_period(today):
    """The period a new application's form starts from: the first of next month to the end of
    that calendar year, so that the amount grid is there at once and rarely needs a new year."""
    starts_on = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return starts_on, starts_on.replace(month=12, day=31)


def years_of(starts_on, ends_on):
    """The calendar years of a period, or None when the period is not usable for a grid."""
    if not starts_on or not ends_on or ends_on < starts_on:
        return None
    years = calendar_years(starts_on, ends_on)
    return years if len(years) <= MAX_YEARS else None


class ApplicationForm(ModelErrorsOnFormMixin, forms.ModelForm):
    """An application as the förbund's kansli registers it on receipt."""

    class Meta:
        model = Application
        fields = [
            "title",
            "reference",
            "intervention",
            "orientation",
            "applicant_group",
            "applicant_party",
            "purpose",
            "target_group",
            "goals",
            "starts_on",
            "ends_on",
            "received_on",
        ]
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "received_on": DATE_WIDGET,
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "target_group": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "intervention": _(
                "Välj en befintlig insats, eller lämna tomt för en ny insats som skapas när "
                "ansökan beviljas."
            ),
            "orientation": _(
                "Krävs för en ny insats. Kan inte ändras när insatsen är skapad, som i "
                "Uppföljning Finsam."
            ),
            "applicant_group": _("Mysam-gruppen som söker. Ange grupp, part eller båda."),
            "applicant_party": _("Parten som söker, eller som äger insatsen när gruppen söker."),
            "starts_on": _("Tabellen med belopp får en kolumn per år i perioden."),
        }

    def __init__(self, *args, federation, grid_url=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.federation = federation
        self.fields["intervention"].queryset = Intervention.objects.filter(
            federation=federation
        ).order_by("-starts_on", "name")
        self.fields["intervention"].empty_label = _("Ny insats")
        self.fields["orientation"].choices = [("", _("Välj inriktning")), *Orientation.choices]
        self.fields["applicant_group"].queryset = Group.objects.filter(
            federation=federation, kind=GroupKind.MYSAM
        ).order_by("name")
        self.fields["applicant_group"].empty_label = _("Ingen grupp")
        self.fields["applicant_party"].queryset = Party.objects.filter(
            federation=federation
        ).order_by("order", "name")
        self.fields["applicant_party"].empty_label = _("Ingen part")
        if grid_url:
            # With JavaScript the grid follows the period as it is typed; without, the "Visa år"
            # button does the same with a full page.
            for name in ("starts_on", "ends_on"):
                self.fields[name].widget = forms.DateInput(
                    attrs={
                        "type": "date",
                        "hx-post": grid_url,
                        "hx-trigger": "change",
                        "hx-target": "#amount-grid",
                        "hx-select": "#amount-grid",
                        "hx-swap": "outerHTML",
                        "hx-vals": f'{{"{SHOW_YEARS}": "1"}}',
                    },
                    format="%Y-%m-%d",
                )

    def clean(self):
        cleaned = super().clean()
        check_period_years(self, cleaned)
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on >= starts_on and years_of(starts_on, ends_on) is None:
            self.add_error(
                "ends_on", _("Perioden kan vara högst %(years)s kalenderår.") % {"years": MAX_YEARS}
            )
        intervention = cleaned.get("intervention")
        if intervention is not None:
            if cleaned.get("orientation") and cleaned["orientation"] != intervention.orientation:
                self.add_error(
                    "orientation",
                    _(
                        "Insatsen %(name)s är %(orientation)s; lämna inriktningen tom eller "
                        "välj samma."
                    )
                    % {
                        "name": intervention.name,
                        "orientation": intervention.get_orientation_display(),
                    },
                )
            if (
                starts_on
                and ends_on
                and (
                    starts_on.year < intervention.starts_on.year
                    or ends_on.year > intervention.ends_on.year
                )
            ):
                self.add_error(
                    "ends_on",
                    _(
                        "Ansökans period ligger utanför insatsens period (%(first)s–%(last)s). "
                        "Förläng insatsen först, eller ansök om en ny insats."
                    )
                    % {"first": intervention.starts_on.year, "last": intervention.ends_on.year},
                )
            cleaned["orientation"] = intervention.orientation
            self.instance.orientation = intervention.orientation
        received_on = cleaned.get("received_on")
        if received_on and received_on > timezone.localdate():
            self.add_error("received_on", _("Dagen ansökan kom in kan inte ligga i framtiden."))
        return cleaned


class DecisionForm(forms.Form):
    """The förbund's decision on one application."""

    outcome = forms.ChoiceField(
        label=_("Beslut"),
        choices=FundingDecision.Outcome.choices,
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("Beslutsdatum"), widget=DATE_WIDGET)
    reference = forms.CharField(label=_("Diarienummer"), max_length=60, required=False)
    decided_by = forms.CharField(
        label=_("Beslutat av"),
        max_length=200,
        required=False,
        help_text=_("Till exempel Förbundsstyrelsen eller förbundschefen på delegation."),
    )
    motivation = forms.CharField(
        label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application

    def clean_decided_on(self):
        day = self.cleaned_data["decided_on"]
        if day > timezone.localdate():
            raise ValidationError(_("Beslutsdatumet kan inte ligga i framtiden."))
        if day < self.application.received_on:
            raise ValidationError(
                _("Beslutsdatumet kan inte ligga före dagen ansökan kom in (%(day)s).")
                % {"day": formats.date_format(self.application.received_on, "Y-m-d")}
            )
        return day


class SupersedeForm(forms.Form):
    """Asked only when a decision is in force: the new one will supersede it.

    The decision the user saw travels along, so a decision registered by someone else in the
    meantime is not superseded unseen.
    """

    confirm = forms.BooleanField(
        error_messages={"required": _("Bekräfta att det nya beslutet ersätter det som gäller nu.")}
    )
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.fields["seen"].initial = current.pk
        day = (
            formats.date_format(current.decided_on, "Y-m-d")
            if current.decided_on
            else _("(datum saknas)")
        )
        self.fields["confirm"].label = _(
            "Jag förstår att det nya beslutet ersätter beslutet ”%(outcome)s” den %(day)s. Det "
            "gamla beslutet finns kvar i historiken."
        ) % {"outcome": current.get_outcome_display(), "day": day}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("seen") != self.current.pk:
            raise ValidationError(
                _(
                    "Ett annat beslut har registrerats sedan sidan öppnades. Läs beslutet som "
                    "gäller nu och bekräfta igen."
                ),
                code="stale",
            )
        return cleaned


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Alla")), *Application.Status.choices]
