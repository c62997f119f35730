"""What the money models share: the years money may name, amounts in kronor, and a period."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Years a grant, plan or rate may name: wide enough for history and planning, narrow enough to
# catch a typed 20222.
FIRST_YEAR = 2000
LAST_YEAR = 2100
year_validators = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
amount_validators = [MinValueValidator(0)]


def calendar_years(starts_on, ends_on):
    """The calendar years from the start date's to the end date's, first to last."""
    return list(range(starts_on.year, ends_on.year + 1))


def period_year_errors(starts_on, ends_on):
    """Dates outside the years money may name (a typed 0202 or 9999) give an error."""
    errors = {}
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day and not (FIRST_YEAR <= day.year <= LAST_YEAR):
            errors[field] = _("Ange ett datum mellan år %(first)s och %(last)s.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
    return errors


class Period(models.Model):
    """A start and an end date, the end not before the start: interventions and applications."""

    starts_on = models.DateField(_("startar"))
    ends_on = models.DateField(_("slutar"))

    class Meta:
        abstract = True
        # A child's Meta lists these among its own; "%(class)s" keeps the names the database
        # has always had: intervention_period, application_period.
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="%(class)s_period"
            ),
        ]

    @property
    def years(self):
        """The calendar years the period runs in, first to last."""
        return calendar_years(self.starts_on, self.ends_on)

    def period_errors(self):
        """{field: message} for an end before the start or a year money may not name."""
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Slutdatumet kan inte ligga före startdatumet.")
        errors.update(period_year_errors(self.starts_on, self.ends_on))
        return errors
