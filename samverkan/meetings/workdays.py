"""Swedish working days, for deadlines such as "five working days before the meeting".

A working day is Monday to Friday and not a public holiday. Midsummer Eve, Christmas Eve and
New Year's Eve are not public holidays in law but are days off in practice for the parties'
staff, so they count as days off here.
"""

import datetime
import functools


def easter_sunday(year):
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@functools.cache
def days_off(year):
    """Public holidays and the customary eves off in `year`."""
    easter = easter_sunday(year)
    # Midsummer Eve is the Friday between 19 and 25 June; All Saints' Day falls on a Saturday.
    midsummer_eve = next(
        datetime.date(year, 6, day)
        for day in range(19, 26)
        if datetime.date(year, 6, day).weekday() == 4
    )
    return frozenset(
        {
            datetime.date(year, 1, 1),
            datetime.date(year, 1, 6),
            easter - datetime.timedelta(days=2),
            easter + datetime.timedelta(days=1),
            datetime.date(year, 5, 1),
            easter + datetime.timedelta(days=39),
            datetime.date(year, 6, 6),
            midsummer_eve,
            datetime.date(year, 12, 24),
            datetime.date(year, 12, 25),
            datetime.date(year, 12, 26),
            datetime.date(year, 12, 31),
        }
    )


def is_working_day(day):
    return day.weekday() < 5 and day not in days_off(day.year)


def working_days_before(day, count):
    """The working day `count` working days before `day`."""
    current = day
    remaining = count
    while remaining > 0:
        current -= datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def next_working_day(day):
    """`day` itself when it is a working day, else the next one."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
