"""Identity numbers: every accepted way of writing one, and each way it can be wrong."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from samverkan.cases.identity import age_band, luhn_check_digit, parse
from tests.factories import identity_number

TODAY = datetime.date(2024, 6, 1)
D = datetime.date


def with_check(nine):
    return f"{nine}{luhn_check_digit(nine)}"


def test_the_check_digit_follows_the_luhn_rule():
    # The textbook example: 640823-323 gives the check digit 4.
    assert luhn_check_digit("640823323") == 4
    assert parse("640823-3234", today=TODAY).digits == "196408233234"


@pytest.mark.parametrize(
    "written",
    ["19850314-9828", "198503149828", "850314-9828", "8503149828", " 850314 - 9828 "],
)
def test_a_personnummer_is_accepted_in_every_format(written):
    number = identity_number("19850314", 982)
    assert number == "198503149828"

    parsed = parse(written, today=TODAY)

    assert parsed.digits == number
    assert parsed.birth_date == D(1985, 3, 14)
    assert parsed.birth_year == 1985
    assert not parsed.is_coordination_number
    assert str(parsed) == "19850314-9828"


def test_a_samordningsnummer_adds_sixty_to_the_day():
    number = with_check("850374983")  # born 14 March 1985

    parsed = parse(number, today=TODAY)

    assert parsed.is_coordination_number
    assert parsed.birth_date == D(1985, 3, 14)
    assert parsed.digits == "19" + number
    assert str(parsed) == f"1985037{number[5:6]}-{number[6:]}"


def test_a_ten_digit_number_gets_the_latest_century_not_in_the_future():
    assert parse(with_check("240601981"), today=TODAY).birth_date == D(2024, 6, 1)
    assert parse(with_check("240602981"), today=TODAY).birth_date == D(1924, 6, 2)
    assert parse(with_check("050101981"), today=TODAY).birth_date == D(2005, 1, 1)


def test_a_plus_sign_marks_someone_over_one_hundred():
    number = with_check("200505981")

    assert parse(number[:6] + "-" + number[6:], today=TODAY).birth_date == D(2020, 5, 5)
    over_hundred = parse(number[:6] + "+" + number[6:], today=TODAY)
    assert over_hundred.birth_date == D(1920, 5, 5)
    assert over_hundred.age_on(TODAY) == 104


def test_a_plus_sign_with_twelve_digits_is_refused():
    number = with_check("200505981")

    with pytest.raises(ValidationError, match="Plustecken används bara") as error:
        parse("19" + number[:6] + "+" + number[6:], today=TODAY)
    assert error.value.code == "format"


@pytest.mark.parametrize("wrong", "012345679")
def test_a_wrong_check_digit_is_refused(wrong):
    right = identity_number("19850314", 982)
    assert right[-1] == "8"

    with pytest.raises(ValidationError, match="Kontrollsiffran stämmer inte") as error:
        parse(right[:-1] + wrong, today=TODAY)
    assert error.value.code == "check_digit"


@pytest.mark.parametrize("nine", ["850230981", "851301981", "850100981", "850431981"])
def test_an_impossible_date_is_refused(nine):
    with pytest.raises(ValidationError, match="Födelsedatumet i personnumret finns inte"):
        parse("19" + with_check(nine), today=TODAY)


def test_a_samordningsnummer_with_an_impossible_day_is_refused():
    with pytest.raises(ValidationError, match="finns inte"):
        parse("19" + with_check("850290981"), today=TODAY)  # day 30 of February


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(ValidationError, match="ligger i framtiden") as error:
        parse("20" + with_check("240602981"), today=TODAY)
    assert error.value.code == "birth_date"


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        "",
        "abc",
        "19850314",
        "1985-03-14-9828",
        "19850314-982",
        "19850314-98281",
        "85O314-9828",
    ],
)
def test_anything_else_is_refused_with_the_format_message(garbage):
    with pytest.raises(ValidationError, match="Skriv personnumret som") as error:
        parse(garbage, today=TODAY)
    assert error.value.code == "format"


def test_the_messages_never_repeat_the_number():
    for value in ["19850314-9822", "19850230-9811", "abc19850314"]:
        with pytest.raises(ValidationError) as error:
            parse(value, today=TODAY)
        assert "850" not in " ".join(error.value.messages)


def test_age_on_counts_whole_years_around_the_birthday():
    parsed = parse(identity_number("19850314", 982), today=TODAY)

    assert parsed.age_on(D(2001, 3, 13)) == 15
    assert parsed.age_on(D(2001, 3, 14)) == 16
    assert parsed.age_on(D(2049, 12, 31)) == 64
    assert parsed.age_on(D(2050, 3, 13)) == 64
    assert parsed.age_on(D(2050, 3, 14)) == 65
    assert parsed.age_on(D(1985, 3, 14)) == 0


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (None, ""),
        (0, "-15"),
        (15, "-15"),
        (16, "16-19"),
        (19, "16-19"),
        (20, "20-24"),
        (24, "20-24"),
        (25, "25-29"),
        (42, "40-44"),
        (60, "60-64"),
        (64, "60-64"),
        (65, "65-"),
        (104, "65-"),
    ],
)
def test_age_band(age, band):
    assert age_band(age) == band
