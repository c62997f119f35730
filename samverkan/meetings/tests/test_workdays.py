"""Swedish working days: Easter, Midsummer, the public holidays and the customary eves off."""

import datetime

import pytest

from samverkan.meetings import workdays

D = datetime.date


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2008, D(2008, 3, 23)),  # early
        (2019, D(2019, 4, 21)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2038, D(2038, 4, 25)),  # as late as it gets
        (2285, D(2285, 3, 22)),  # as early as it gets
    ],
)
def test_easter_sunday(year, expected):
    assert workdays.easter_sunday(year) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2022, D(2022, 6, 24)),
        (2024, D(2024, 6, 21)),
        (2025, D(2025, 6, 20)),
        (2026, D(2026, 6, 19)),
    ],
)
def test_midsummer_eve_is_the_friday_between_19_and_25_june(year, expected):
    eves = [day for day in workdays.days_off(year) if day.month == 6 and day.day >= 19]
    assert eves == [expected]
    assert not workdays.is_working_day(expected)
    # The Thursday before is an ordinary working day.
    assert workdays.is_working_day(expected - datetime.timedelta(days=1))


def test_days_off_in_2025():
    assert sorted(workdays.days_off(2025)) == [
        D(2025, 1, 1),  # New Year's Day
        D(2025, 1, 6),  # Epiphany
        D(2025, 4, 18),  # Good Friday
        D(2025, 4, 21),  # Easter Monday
        D(2025, 5, 1),  # First of May
        D(2025, 5, 29),  # Ascension Day
        D(2025, 6, 6),  # National Day
        D(2025, 6, 20),  # Midsummer Eve
        D(2025, 12, 24),  # Christmas Eve
        D(2025, 12, 25),
        D(2025, 12, 26),
        D(2025, 12, 31),  # New Year's Eve
    ]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2025, 3, 11), True),  # an ordinary Tuesday
        (D(2025, 3, 14), True),  # an ordinary Friday
        (D(2025, 3, 15), False),  # Saturday
        (D(2025, 3, 16), False),  # Sunday
        (D(2025, 4, 18), False),  # Good Friday
        (D(2025, 4, 21), False),  # Easter Monday
        (D(2025, 4, 22), True),  # the Tuesday after
        (D(2025, 5, 29), False),  # Ascension Day
        (D(2025, 5, 30), True),  # the Friday after Ascension Day is a working day
        (D(2026, 6, 19), False),  # Midsummer Eve
        (D(2025, 12, 24), False),
        (D(2025, 12, 29), True),
        (D(2026, 1, 6), False),  # Epiphany on a Tuesday
    ],
)
def test_is_working_day(day, working):
    assert workdays.is_working_day(day) is working


def test_working_days_before_skips_weekends_and_holidays():
    # An ordinary week: five working days before a Monday is the Monday before.
    assert workdays.working_days_before(D(2025, 3, 17), 5) == D(2025, 3, 10)
    # Over Easter 2025: Good Friday and Easter Monday do not count.
    assert workdays.working_days_before(D(2025, 4, 24), 5) == D(2025, 4, 15)
    # Over New Year: 1 and 6 January and New Year's Eve do not count, and the year changes.
    assert workdays.working_days_before(D(2025, 1, 8), 5) == D(2024, 12, 27)


def test_next_working_day():
    assert workdays.next_working_day(D(2025, 3, 11)) == D(2025, 3, 11)
    assert workdays.next_working_day(D(2025, 3, 15)) == D(2025, 3, 17)
    assert workdays.next_working_day(D(2025, 4, 18)) == D(2025, 4, 22)
    assert workdays.next_working_day(D(2025, 12, 24)) == D(2025, 12, 29)
