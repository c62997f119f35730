"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

A number is accepted as YYYYMMDD-NNNN, YYYYMMDDNNNN, YYMMDD-NNNN, YYMMDDNNNN or YYMMDD+NNNN
(the plus sign marks someone who has turned 100) and stored as twelve digits. The tenth digit
of the ten-digit form is a Luhn check digit; a coordination number adds 60 to the day of birth.
"""

import dataclasses
import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(
    r"^(?P<century>\d{2})?(?P<year>\d{2})(?P<month>\d{2})(?P<day>\d{2})"
    r"(?P<sign>[-+]?)(?P<serial>\d{3})(?P<check>\d)$"
)
COORDINATION_DAY_OFFSET = 60


@dataclasses.dataclass(frozen=True)
class IdentityNumber:
    digits: str  # twelve digits, YYYYMMDDNNNC
    birth_date: datetime.date
    is_coordination_number: bool

    def __str__(self):
        return f"{self.digits[:8]}-{self.digits[8:]}"

    @property
    def birth_year(self):
        return self.birth_date.year

    def age_on(self, day):
        """Whole years of age on `day`."""
        had_birthday = (day.month, day.day) >= (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - (0 if had_birthday else 1)


def luhn_check_digit(nine_digits):
    """The check digit for the nine digits YYMMDDNNN (weights 2, 1, 2, … and digit sums)."""
    total = 0
    for position, char in enumerate(nine_digits):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def parse(value, *, today):
    """Parse and validate `value`; raise ValidationError with a Swedish message if it is wrong.

    `today` decides the century of a ten-digit number and refuses a birth date in the future.
    """
    text = re.sub(r"\s", "", value or "")
    match = _PATTERN.match(text)
    if not match:
        raise ValidationError(
            _("Skriv personnumret som ÅÅÅÅMMDD-NNNN (tolv siffror) eller ÅÅMMDD-NNNN."),
            code="format",
        )
    parts = match.groupdict()
    if parts["century"] and parts["sign"] == "+":
        raise ValidationError(
            _("Plustecken används bara med tiosiffriga personnummer (ÅÅMMDD+NNNN)."),
            code="format",
        )
    nine = parts["year"] + parts["month"] + parts["day"] + parts["serial"]
    if luhn_check_digit(nine) != int(parts["check"]):
        raise ValidationError(
            _("Kontrollsiffran stämmer inte. Kontrollera personnumret."), code="check_digit"
        )
    day = int(parts["day"])
    coordination = day > COORDINATION_DAY_OFFSET
    if coordination:
        day -= COORDINATION_DAY_OFFSET
    month = int(parts["month"])
    short_year = int(parts["year"])
    if parts["century"]:
        years = [int(parts["century"]) * 100 + short_year]
    else:
        # The latest century that puts the birth date on or before today; "+" means 100 more.
        year = today.year - (today.year - short_year) % 100
        if (month, day) > (today.month, today.day) and year == today.year:
            year -= 100
        years = [year - 100 if parts["sign"] == "+" else year]
    try:
        birth_date = datetime.date(years[0], month, day)
    except ValueError:
        raise ValidationError(
            _("Födelsedatumet i personnumret finns inte."), code="birth_date"
        ) from None
    if birth_date > today:
        raise ValidationError(
            _("Födelsedatumet i personnumret ligger i framtiden."), code="birth_date"
        )
    digits = f"{birth_date.year:04d}{parts['month']}{parts['day']}{parts['serial']}{parts['check']}"
    return IdentityNumber(digits, birth_date, coordination)


def age_band(age):
    """The age band kept in anonymous statistics: 16–19, 20–24, …, 60–64, with edges beyond."""
    if age is None:
        return ""
    if age < 16:
        return "-15"
    if age < 20:
        return "16-19"
    if age >= 65:
        return "65-"
    low = age - age % 5
    return f"{low}-{low + 4}"
