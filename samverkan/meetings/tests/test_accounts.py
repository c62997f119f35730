"""Time accounts against the commitments of Gävleborg's real decisions.

The reference structure file is loaded as it is: before 2022 a state representative in Mysam
commits 120 hours a year and a municipal one 12; from 2022, 60 and 6. Trisam case officers'
time in the team counts twice from 2022. Commitments are pro-rated by the days a seat is held,
each calendar year by its own length (2024 has 366 days).
"""

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.meetings import accounts, series, services
from samverkan.meetings.tests.fixtures import (
    ABSENT,
    PRESENT,
    SEATED_FROM,
    SUBSTITUTE,
    held_meeting,
)
from samverkan.structure.models import (
    GroupKind,
)
from tests.factories import at, make_group, make_membership, make_person

D = datetime.date


def year(y):
    return D(y, 1, 1), D(y, 12, 31)


def row_of(report, person, group):
    return report.people[(person.pk, group.pk)]["account"]


def party_account(report, party):
    return report.parties[party.pk]["account"]


# --- Commitments from the rules ------------------------------------------------------------------


def test_2021_commitment_is_the_earlier_120_and_12_hours(reorganised):
    g = reorganised
    report = accounts.accounts(g.federation, *year(2021))

    assert row_of(report, g.fk_member, g.mysam).commitment == Decimal(120)
    assert row_of(report, g.af_member, g.mysam).commitment == Decimal(120)
    assert row_of(report, g.municipal_member, g.mysam).commitment == Decimal(12)
    assert party_account(report, g.fk).commitment == Decimal(120)
    # The förbund's coordinator takes part for no party and commits to nothing.
    assert (g.coordinator.pk, g.mysam.pk) not in report.people
    # Trisam has no time budget, so a case officer's seat commits to nothing.
    assert row_of(report, g.case_officer, g.trisam).commitment == Decimal(0)


def test_2022_commitment_is_60_and_6_hours(reorganised):
    g = reorganised
    report = accounts.accounts(g.federation, *year(2022))

    assert row_of(report, g.fk_member, g.mysam).commitment == Decimal(60)
    assert row_of(report, g.municipal_member, g.mysam).commitment == Decimal(6)
    assert report.totals().commitment == Decimal(60 + 60 + 6)


def test_a_seat_from_1_july_2022_commits_184_of_365_days(reorganised):
    g = reorganised
    newcomer = make_person(g.federation, g.sandviken_party, first_name="Ny", last_name="Ledamot")
    state_newcomer = make_person(g.federation, g.af, first_name="Nya", last_name="Statlig")
    make_membership(newcomer, g.mysam, valid_from=D(2022, 7, 1))
    make_membership(state_newcomer, g.mysam, valid_from=D(2022, 7, 1))

    report = accounts.accounts(g.federation, *year(2022))

    assert row_of(report, state_newcomer, g.mysam).commitment == Decimal(60) * 184 / 365
    assert row_of(report, newcomer, g.mysam).commitment == Decimal(6) * 184 / 365
    assert round(row_of(report, state_newcomer, g.mysam).commitment, 2) == Decimal("30.25")


def test_a_seat_ended_mid_year_commits_only_its_days(reorganised):
    g = reorganised
    leaver = make_person(g.federation, g.fk, first_name="Lena", last_name="Slutat")
    make_membership(leaver, g.mysam, valid_from=D(2021, 1, 1), valid_to=D(2022, 3, 31))

    report = accounts.accounts(g.federation, *year(2022))

    assert row_of(report, leaver, g.mysam).commitment == Decimal(60) * 90 / 365


def test_2024_is_a_leap_year_of_366_days(reorganised):
    g = reorganised
    newcomer = make_person(g.federation, g.fk, first_name="Skott", last_name="Årsson")
    make_membership(newcomer, g.mysam, valid_from=D(2024, 3, 1))

    report = accounts.accounts(g.federation, *year(2024))

    # 1 March to 31 December 2024 is 306 days of 366.
    assert row_of(report, newcomer, g.mysam).commitment == Decimal(60) * 306 / 366
    assert row_of(report, g.fk_member, g.mysam).commitment == Decimal(60)


def test_a_period_across_the_change_takes_each_part_from_its_own_rules(reorganised):
    g = reorganised
    report = accounts.accounts(g.federation, D(2021, 7, 1), D(2022, 6, 30))

    expected = Decimal(120) * 184 / 365 + Decimal(60) * 181 / 365
    assert row_of(report, g.fk_member, g.mysam).commitment == expected
    assert row_of(report, g.municipal_member, g.mysam).commitment == (
        Decimal(12) * 184 / 365 + Decimal(6) * 181 / 365
    )


def test_the_segments_show_the_change_of_budget(reorganised):
    g = reorganised
    segments = accounts.budget_segments(
        g.federation, GroupKind.MYSAM, D(2021, 7, 1), D(2022, 6, 30)
    )

    assert segments == [
        (D(2021, 7, 1), D(2021, 12, 31), {"state": 120, "municipal": 12}),
        (D(2022, 1, 1), D(2022, 6, 30), {"state": 60, "municipal": 6}),
    ]


# --- Hours from attendance -----------------------------------------------------------------------


def test_four_held_90_minute_meetings_make_6_hours(reorganised):
    g = reorganised
    for month in (2, 5, 9, 11):
        held_meeting(
            g.mysam,
            D(2023, month, 13),
            [(g.fk_member, PRESENT, None), (g.municipal_member, PRESENT, None)],
        )

    report = accounts.accounts(g.federation, *year(2023))

    fk = row_of(report, g.fk_member, g.mysam)
    assert fk.hours == Decimal("6.0")
    assert fk.meetings_attended == 4
    assert fk.balance == Decimal(-54)
    assert fk.share == Decimal("0.1")
    municipal = row_of(report, g.municipal_member, g.mysam)
    assert (municipal.hours, municipal.commitment, municipal.share) == (
        Decimal(6),
        Decimal(6),
        Decimal(1),
    )
    assert party_account(report, g.gavle_party).hours == Decimal(6)


def test_a_trisam_hour_counts_twice_from_2022(reorganised):
    g = reorganised
    meeting = held_meeting(g.trisam, D(2022, 3, 10), [(g.case_officer, PRESENT, None)], minutes=60)

    assert meeting.preparation_factor == Decimal(2)
    assert accounts.meeting_hours(meeting) == Decimal(2)
    report = accounts.accounts(g.federation, *year(2022))
    account = row_of(report, g.case_officer, g.trisam)
    assert (account.hours, account.meetings_attended) == (Decimal("2.0"), 1)
    assert account.share is None  # no commitment to measure against


def test_a_trisam_hour_before_2022_counts_once(reorganised):
    g = reorganised
    meeting = held_meeting(g.trisam, D(2021, 3, 10), [(g.case_officer, PRESENT, None)], minutes=60)

    assert meeting.preparation_factor is None
    report = accounts.accounts(g.federation, *year(2021))
    assert row_of(report, g.case_officer, g.trisam).hours == Decimal(1)


def test_the_substitute_is_credited_and_the_absent_member_is_not(reorganised):
    g = reorganised
    held_meeting(
        g.mysam,
        D(2023, 3, 13),
        [
            (g.fk_member, SUBSTITUTE, g.fk_substitute),
            (g.af_member, ABSENT, None),
            (g.municipal_member, PRESENT, None),
        ],
    )

    report = accounts.accounts(g.federation, *year(2023))

    substitute = row_of(report, g.fk_substitute, g.mysam)
    assert (substitute.hours, substitute.meetings_attended) == (Decimal("1.5"), 1)
    # The substitute has no seat, so no commitment; the hours still count for FK.
    assert substitute.commitment == Decimal(0)
    assert report.people[(g.fk_substitute.pk, g.mysam.pk)]["party"] == g.fk
    member = row_of(report, g.fk_member, g.mysam)
    assert (member.hours, member.meetings_attended) == (Decimal(0), 0)
    absent = row_of(report, g.af_member, g.mysam)
    assert (absent.hours, absent.meetings_attended) == (Decimal(0), 0)
    assert party_account(report, g.fk).hours == Decimal("1.5")
    assert party_account(report, g.af).hours == Decimal(0)


def test_only_held_meetings_within_the_period_count(reorganised):
    g = reorganised
    held_meeting(g.mysam, D(2023, 3, 13), [(g.fk_member, PRESENT, None)])
    held_meeting(g.mysam, D(2022, 12, 12), [(g.fk_member, PRESENT, None)])
    # Planned but never held, and cancelled: no hours.
    series.create_meeting(g.mysam, at(D(2023, 5, 15)))
    cancelled = series.create_meeting(g.mysam, at(D(2023, 9, 11)))
    services.cancel_meeting(cancelled, reason="Sjukdom", by=None)

    report = accounts.accounts(g.federation, *year(2023))

    assert row_of(report, g.fk_member, g.mysam).hours == Decimal("1.5")
    assert row_of(report, g.fk_member, g.mysam).meetings_attended == 1


def test_groups_narrow_the_report(reorganised):
    g = reorganised
    held_meeting(g.mysam, D(2022, 3, 14), [(g.fk_member, PRESENT, None)])
    held_meeting(g.trisam, D(2022, 3, 10), [(g.case_officer, PRESENT, None)], minutes=60)
    trisam_teams = g.federation.groups.filter(kind=GroupKind.TRISAM)

    report = accounts.accounts(g.federation, *year(2022), groups=trisam_teams)

    assert set(report.people) == {(g.case_officer.pk, g.trisam.pk)}
    assert set(report.parties) == {g.fk.pk}
    assert report.totals().hours == Decimal(2)
    assert report.totals().commitment == Decimal(0)


def test_the_query_count_does_not_grow_with_meetings(reorganised):
    g = reorganised
    everyone = [
        (g.fk_member, PRESENT, None),
        (g.af_member, SUBSTITUTE, g.fk_substitute),
        (g.municipal_member, PRESENT, None),
    ]
    held_meeting(g.mysam, D(2023, 2, 13), everyone)
    with CaptureQueriesContext(connection) as few:
        accounts.accounts(g.federation, *year(2023))

    for month in range(3, 12):
        held_meeting(g.mysam, D(2023, month, 13), everyone)
    held_meeting(g.trisam, D(2023, 3, 9), [(g.case_officer, PRESENT, None)], minutes=60)
    sandviken = make_group(g.federation, GroupKind.MYSAM, municipality=g.sandviken)
    members = [make_person(g.federation, party) for party in (g.fk, g.af, g.sandviken_party)]
    for person in members:
        make_membership(person, sandviken, valid_from=SEATED_FROM)
    for month in (3, 6, 9):
        held_meeting(sandviken, D(2023, month, 14), [(p, PRESENT, None) for p in members])
    with CaptureQueriesContext(connection) as many:
        report = accounts.accounts(g.federation, *year(2023))

    assert row_of(report, g.fk_member, g.mysam).meetings_attended == 10
    assert row_of(report, members[0], sandviken).hours == Decimal("4.5")
    assert len(many) == len(few)
