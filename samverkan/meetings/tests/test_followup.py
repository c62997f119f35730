"""The follow-up of the 2022 reorganisation: meetings held per municipality, attendance per party,
pre-reads on time and hours against plan, the first half of 2021 against the first half of 2023.

Built on Gävleborg's real rules (see test_accounts): in 2021 pre-reads were not yet required and
the commitment was 120 / 12 hours; from 2022 pre-reads are required and it is 60 / 6.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.core.models import User
from samverkan.meetings import followup, series, services
from samverkan.meetings.models import Attendance
from samverkan.meetings.tests.fixtures import (
    ABSENT,
    PRESENT,
    SEATED_FROM,
    SUBSTITUTE,
    held_meeting,
)
from samverkan.structure.models import Group, GroupKind
from tests.factories import (
    at,
    make_federation,
    make_group,
    make_membership,
    make_person,
    make_user,
    signed_in,
)

D = datetime.date
BEFORE = (D(2021, 1, 1), D(2021, 6, 30))
AFTER = (D(2023, 1, 1), D(2023, 6, 30))
URL = reverse("meetings:follow_up")


def send_pre_read(meeting, party, day):
    """`party` sends its pre-read at 10:00 on `day`."""
    with time_machine.travel(at(day, 10), tick=False):
        services.submit_pre_read(meeting, party, text="Läget hos oss.", by=None)


@pytest.fixture
def followed(reorganised):
    """Mysam Gävle and Mysam Sandviken with meetings before and after the change.

    Before (first half of 2021; no pre-reads required yet):
    - Gävle 15 March: FK and the municipality present, AF absent.
    - Gävle 17 May: FK's substitute, AF present, the municipality absent.
    - Gävle 14 June: cancelled. Gävle 13 September: held, outside the period.
    - Sandviken 12 April: planned, never held.
    After (first half of 2023; pre-reads required):
    - Gävle 13 February: everyone present; FK on time, AF late, the municipality missing.
    - Gävle 15 May: FK and the municipality present, AF absent; FK and the municipality on
      time, AF missing.
    - Sandviken 13 March: everyone present; no pre-reads at all.
    """
    g = reorganised
    g.sandviken_mysam = make_group(
        g.federation, GroupKind.MYSAM, name="Mysam Sandviken", municipality=g.sandviken
    )
    g.sandviken_members = [
        make_person(g.federation, party, first_name="Sand", last_name=f"Ledamot{n}")
        for n, party in enumerate((g.fk, g.af, g.sandviken_party))
    ]
    for person in g.sandviken_members:
        make_membership(person, g.sandviken_mysam, valid_from=SEATED_FROM)

    held_meeting(
        g.mysam,
        D(2021, 3, 15),
        [
            (g.fk_member, PRESENT, None),
            (g.af_member, ABSENT, None),
            (g.municipal_member, PRESENT, None),
        ],
    )
    held_meeting(
        g.mysam,
        D(2021, 5, 17),
        [
            (g.fk_member, SUBSTITUTE, g.fk_substitute),
            (g.af_member, PRESENT, None),
            (g.municipal_member, ABSENT, None),
        ],
    )
    cancelled = series.create_meeting(g.mysam, at(D(2021, 6, 14)), duration_minutes=90)
    services.cancel_meeting(cancelled, reason="För få kunde komma", by=None)
    held_meeting(g.mysam, D(2021, 9, 13), [(g.fk_member, PRESENT, None)])
    series.create_meeting(g.sandviken_mysam, at(D(2021, 4, 12)), duration_minutes=90)

    february = series.create_meeting(g.mysam, at(D(2023, 2, 13)))
    send_pre_read(february, g.fk, february.pre_read_deadline)
    send_pre_read(february, g.af, february.pre_read_deadline + datetime.timedelta(days=1))
    may = series.create_meeting(g.mysam, at(D(2023, 5, 15)))
    send_pre_read(may, g.fk, may.pre_read_deadline - datetime.timedelta(days=3))
    send_pre_read(may, g.gavle_party, may.pre_read_deadline)
    everyone = [
        (g.fk_member, PRESENT, None),
        (g.af_member, PRESENT, None),
        (g.municipal_member, PRESENT, None),
    ]
    g.february = held_again(february, everyone)
    g.may = held_again(
        may,
        [
            (g.fk_member, PRESENT, None),
            (g.af_member, ABSENT, None),
            (g.municipal_member, PRESENT, None),
        ],
    )
    held_meeting(
        g.sandviken_mysam, D(2023, 3, 13), [(p, PRESENT, None) for p in g.sandviken_members]
    )
    return g


def held_again(meeting, rows):
    services.record_attendance(
        meeting,
        [(person, status, sub, Attendance.Capacity.MEMBER) for person, status, sub in rows],
        by=None,
    )
    meeting.refresh_from_db()
    return meeting


# --- The figures ---------------------------------------------------------------------------------


def test_meetings_planned_and_held_per_municipality(followed):
    g = followed
    result = followup.follow_up(g.federation, BEFORE, AFTER)

    gavle_before = result.before.municipality(g.gavle.pk)
    sandviken_before = result.before.municipality(g.sandviken.pk)
    assert (gavle_before.planned, gavle_before.held) == (2, 2)
    assert (sandviken_before.planned, sandviken_before.held) == (1, 0)
    gavle_after = result.after.municipality(g.gavle.pk)
    sandviken_after = result.after.municipality(g.sandviken.pk)
    assert (gavle_after.planned, gavle_after.held) == (2, 2)
    assert (sandviken_after.planned, sandviken_after.held) == (1, 1)
    # Every municipality of the förbund has a row; those without a group show nothing held.
    assert len(result.before.municipalities) == 10
    hofors = next(r for r in result.before.municipalities if r.municipality.name == "Hofors")
    assert (hofors.has_group, hofors.planned, hofors.held) == (False, 0, 0)
    assert (result.before.planned, result.before.held) == (3, 2)
    assert (result.after.planned, result.after.held) == (3, 3)


def test_party_attendance_is_the_share_of_held_meetings_represented(followed):
    g = followed
    result = followup.follow_up(g.federation, BEFORE, AFTER)

    before = result.before.municipality(g.gavle.pk)
    # FK: present, then represented by a substitute; AF and the municipality once each.
    assert (before.party(g.fk.pk).represented, before.party(g.fk.pk).held) == (2, 2)
    assert before.party(g.af.pk).percent == 50
    assert before.party(g.gavle_party.pk).share == Decimal("0.5")
    # The rules require the region in every Mysam group; it never came.
    assert before.party(g.region.pk).represented == 0
    assert before.party(g.region.pk).percent == 0

    after = result.after.municipality(g.gavle.pk)
    assert after.party(g.af.pk).represented == 1
    assert after.party(g.fk.pk).percent == 100

    # Across the förbund: AF at 1 of 2 held in Gävle and 1 of 1 in Sandviken after the change.
    af_after = result.after.party(g.af.pk)
    assert (af_after.represented, af_after.held, af_after.percent) == (2, 3, 67)
    rows = {party.pk: (b, a) for party, b, a in result.party_rows()}
    assert rows[g.af.pk][0].represented == 1
    assert rows[g.sandviken_party.pk][0].held == 0  # nothing held in Sandviken before
    assert rows[g.sandviken_party.pk][0].share is None


def test_a_co_opted_member_does_not_make_their_party_represented(followed):
    g = followed
    school = make_person(g.federation, g.region, first_name="Sara", last_name="Skolsköterska")
    make_membership(school, g.mysam, role="co_opted", valid_from=SEATED_FROM)
    meeting = series.create_meeting(g.mysam, at(D(2023, 6, 12)))
    services.record_attendance(
        meeting, [(school, PRESENT, None, Attendance.Capacity.CO_OPTED)], by=None
    )

    after = followup.follow_up(g.federation, BEFORE, AFTER).after.municipality(g.gavle.pk)
    assert after.held == 3
    assert after.party(g.region.pk).represented == 0


def test_pre_reads_on_time_late_and_missing(followed):
    g = followed
    result = followup.follow_up(g.federation, BEFORE, AFTER)

    # 2021: the rules did not yet require pre-reads, so none were expected.
    assert result.before.pre_reads.expected == 0
    assert result.before.pre_reads.on_time_percent is None
    gavle = result.after.municipality(g.gavle.pk).pre_reads
    assert (gavle.on_time, gavle.late, gavle.missing) == (3, 1, 2)
    assert gavle.on_time_percent == 50
    sandviken = result.after.municipality(g.sandviken.pk).pre_reads
    assert (sandviken.on_time, sandviken.late, sandviken.missing) == (0, 0, 3)
    total = result.after.pre_reads
    assert (total.on_time, total.late, total.missing, total.expected) == (3, 1, 5, 9)


def test_hours_against_the_pro_rated_plan(followed):
    g = followed
    result = followup.follow_up(g.federation, BEFORE, AFTER)

    days_before = Decimal(181)  # 1 January to 30 June 2021
    gavle_before = result.before.municipality(g.gavle.pk)
    # Four attendances of 1.5 hours: FK, AF, the municipality and FK's substitute.
    assert gavle_before.hours == Decimal(6)
    assert gavle_before.commitment == (
        Decimal(120) * days_before / 365 * 2 + Decimal(12) * days_before / 365
    )
    gavle_after = result.after.municipality(g.gavle.pk)
    assert gavle_after.hours == Decimal("7.5")
    assert gavle_after.commitment == (
        Decimal(60) * days_before / 365 * 2 + Decimal(6) * days_before / 365
    )
    assert gavle_after.hours_percent == round(Decimal("7.5") / gavle_after.commitment * 100)
    assert result.after.hours == Decimal(12)  # and 4.5 in Sandviken


def test_the_query_count_does_not_grow_with_meetings(followed):
    g = followed
    with CaptureQueriesContext(connection) as few:
        followup.period_figures(g.federation, *AFTER)
    for month in (1, 3, 4, 6):
        held_meeting(
            g.mysam,
            D(2023, month, 20),
            [(g.fk_member, PRESENT, None), (g.af_member, SUBSTITUTE, g.fk_substitute)],
        )
        held_meeting(
            g.sandviken_mysam, D(2023, month, 21), [(g.sandviken_members[0], PRESENT, None)]
        )
    with CaptureQueriesContext(connection) as many:
        figures = followup.period_figures(g.federation, *AFTER)

    assert figures.held == 11
    assert len(many) == len(few)


# --- The page -----------------------------------------------------------------------------------


@pytest.fixture
def admin_client(followed):
    person = make_person(followed.federation, first_name="Ada", last_name="Kansli")
    return signed_in(make_user(person, role=User.Role.FEDERATION_ADMIN))


def test_the_page_compares_the_default_periods(followed, admin_client):
    response = admin_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="2021-01-01"' in page and 'value="2023-06-30"' in page
    assert "Före: 2021-01-01 – 2021-06-30. Efter: 2023-01-01 – 2023-06-30." in page
    comparison = response.context["comparison"]
    assert comparison.before.start == D(2021, 1, 1)
    assert comparison.after.end == D(2023, 6, 30)
    assert comparison.after.party(followed.af.pk).percent == 67
    assert "2 av 3" in page and "67 %" in page
    # Hours with one decimal, Swedish style.
    assert "7,5" in page


def test_other_periods_can_be_chosen(followed, admin_client):
    response = admin_client.get(
        URL,
        {
            "before_start": "2021-03-01",
            "before_end": "2021-03-31",
            "after_start": "2023-05-01",
            "after_end": "2023-05-31",
        },
    )

    comparison = response.context["comparison"]
    gavle = followed.gavle.pk
    assert comparison.before.municipality(gavle).held == 1
    assert comparison.after.municipality(gavle).held == 1


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"before_start": "2021-06-30", "before_end": "2021-01-01"},
            "before_end",
            "Periodens sista dag kan inte ligga före dess första dag.",
        ),
        (
            {"after_start": "2023-13-01"},
            "after_start",
            "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2023-06-30.",
        ),
        (
            {"after_end": ""},
            "after_end",
            "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2023-06-30.",
        ),
    ],
)
def test_bad_periods_are_refused_in_swedish(followed, admin_client, changes, field, message):
    response = admin_client.get(URL, changes)

    assert response.status_code == 200
    assert response.context["comparison"] is None
    assert response.context["form"].errors[field] == [message]
    page = response.content.decode()
    assert "Formuläret innehåller fel" in page and message in page
    assert "Möten per kommun" not in page


def test_who_may_see_the_follow_up(followed):
    g = followed
    county_board = Group.objects.get(federation=g.federation, kind=GroupKind.COUNTY_BOARD)
    board_member = make_person(g.federation, g.gavle_party, first_name="Lis", last_name="Ledning")
    make_membership(board_member, county_board, valid_from=D(2020, 1, 1))
    former = make_person(g.federation, g.gavle_party, first_name="Före", last_name="Detta")
    make_membership(
        former,
        county_board,
        valid_from=D(2020, 1, 1),
        valid_to=timezone.localdate() - datetime.timedelta(days=1),
    )

    assert signed_in(make_user(board_member)).get(URL).status_code == 200
    # A Mysam member, a former board member and staff without a seat may not.
    assert signed_in(make_user(g.fk_member)).get(URL).status_code == 403
    assert signed_in(make_user(former)).get(URL).status_code == 403
    assert signed_in(make_user(make_person(g.federation))).get(URL).status_code == 403


def test_another_forbunds_admin_sees_only_their_own_forbund(followed):
    other = make_federation(name="Annat förbund", slug="annat")
    admin = make_user(make_person(other), role=User.Role.FEDERATION_ADMIN)

    response = signed_in(admin).get(URL)

    assert response.status_code == 200
    assert response.context["federation"] == other
    assert "Sandviken" not in response.content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(followed, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]
