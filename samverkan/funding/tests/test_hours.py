"""Compensated team time: the case-officer grant is used by time in held Trisam meetings × the
preparation factor (2 from the 2022 rules), valued at each party's hourly rate for the year.

Time is frozen at 2 July 2025, half-way through a 2024–2025 grant, so attendance can be recorded
for the spring's meetings and the forecast has a pace to keep.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from samverkan.funding import figures, services
from samverkan.funding.hours import claimable_hours, hours_against_grant, kronor
from samverkan.funding.models import Application, HourlyRate, Intervention
from samverkan.funding.services import Line
from samverkan.meetings import series
from samverkan.meetings import services as meetings
from samverkan.meetings.models import Attendance, Meeting
from samverkan.structure.models import GroupKind, Membership
from tests.factories import make_decision, make_membership, make_person, make_rule

D = datetime.date
NOW = datetime.datetime(2025, 7, 2, 12, 0, tzinfo=datetime.UTC)
TODAY = D(2025, 7, 2)
PRESENT, ABSENT, SUBSTITUTE = (
    Attendance.Status.PRESENT,
    Attendance.Status.ABSENT,
    Attendance.Status.SUBSTITUTE,
)
MEMBER, GUEST = Attendance.Capacity.MEMBER, Attendance.Capacity.GUEST
# A 90-minute team meeting: 1.5 h in the room, 3 h claimable.
CLAIMABLE = Decimal(3)
RATES = {("fk", 2024): 490, ("fk", 2025): 500, ("af", 2025): 480, ("region", 2025): 540}
GRANTS = {"fk": 20_000, "af": 15_000, "region": 18_000, "alby": 12_000}


def at(day, hour=13):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def held(group, day, rows):
    """A 90-minute meeting on `day` with attendance [(person, status, substitute[, capacity])]."""
    meeting = series.create_meeting(group, at(day), duration_minutes=90)
    meetings.record_attendance(
        meeting, [(*row, MEMBER) if len(row) == 3 else row for row in rows], by=None
    )
    return meeting


@pytest.fixture
def team(world):
    """The 2022 rules (Trisam time × 2), four case officers in Trisam Alby from 2022, a
    2024–2025 case-officer grant, rates, and the spring's meetings:

    - 2024-11-12: FK present (last year)
    - 2025-02-11: everyone present
    - 2025-03-11: AF absent; the Region's seat filled by a municipal substitute
    - 2025-04-08: cancelled; 2025-05-06: never held (no attendance)
    - 2025-03-20: Mysam Alby, FK present (not team time)
    """
    w = world
    with time_machine.travel(NOW, tick=False):
        decision = make_decision(
            w.federation, title="Organisationsförändring 2022", effective_from=D(2022, 1, 1)
        )
        make_rule(decision, GroupKind.TRISAM, preparation_factor=Decimal(2))
        w.officers = {
            "fk": make_person(w.federation, w.fk, first_name="Frida", last_name="Försäkring"),
            "af": make_person(w.federation, w.af, first_name="Arvid", last_name="Förmedlare"),
            "region": make_person(w.federation, w.region, first_name="Rakel", last_name="Rehab"),
            "alby": make_person(w.federation, w.alby_party, first_name="Sara", last_name="Social"),
        }
        for key, person in w.officers.items():
            role = Membership.Role.REHAB_COORDINATOR if key == "region" else "case_officer"
            make_membership(person, w.trisam, role=role, valid_from=D(2022, 1, 1))
        w.substitute = make_person(
            w.federation, w.alby_party, first_name="Siv", last_name="Vikarie"
        )
        w.parties = {"fk": w.fk, "af": w.af, "region": w.region, "alby": w.alby_party}

        w.intervention = Intervention.objects.create(
            federation=w.federation,
            code="trisam-handlaggartid-2024-2025",
            name="Trisam timmar, handläggare 2024–2025",
            orientation="individual",
            compensation=Intervention.Compensation.TEAM_HOURS,
            starts_on=D(2024, 1, 1),
            ends_on=D(2025, 12, 31),
            steered_by_mysam=True,
            counts_cases=True,
        )
        application = services.register_application(
            Application(
                federation=w.federation,
                title="Handläggartid i Trisam 2024–2025",
                intervention=w.intervention,
                applicant_party=w.region,
                purpose="Handläggartid i Trisam.",
                starts_on=D(2024, 1, 1),
                ends_on=D(2025, 12, 31),
                received_on=D(2023, 10, 2),
            ),
            [Line(w.parties[k], y, amount) for k, amount in GRANTS.items() for y in (2024, 2025)],
            by=w.admin,
        )
        services.decide(application, outcome="granted", decided_on=D(2023, 12, 12), by=w.admin)
        for (key, year), rate in RATES.items():
            HourlyRate.objects.create(party=w.parties[key], year=year, rate=Decimal(rate))

        o = w.officers
        w.last_year = held(w.trisam, D(2024, 11, 12), [(o["fk"], PRESENT, None)])
        w.full = held(w.trisam, D(2025, 2, 11), [(p, PRESENT, None) for p in o.values()])
        w.substituted = held(
            w.trisam,
            D(2025, 3, 11),
            [
                (o["fk"], PRESENT, None),
                (o["af"], ABSENT, None),
                (o["region"], SUBSTITUTE, w.substitute),
                (o["alby"], PRESENT, None),
            ],
        )
        w.cancelled = series.create_meeting(w.trisam, at(D(2025, 4, 8)), duration_minutes=90)
        meetings.cancel_meeting(w.cancelled, reason="Sjukdom i teamet.", by=None)
        w.not_held = series.create_meeting(w.trisam, at(D(2025, 5, 6)), duration_minutes=90)
        w.mysam_meeting = held(w.mysam, D(2025, 3, 20), [(w.fk_manager, PRESENT, None, GUEST)])
        yield w


def by_code(rows):
    return {row["party"].code: row for row in rows}


def code(w, key):
    return w.parties[key].code


def test_team_meetings_carry_the_preparation_factor_of_2022(team):
    assert team.full.preparation_factor == Decimal(2)
    assert team.full.status == Meeting.Status.HELD
    assert team.mysam_meeting.preparation_factor is None


def test_claimable_hours_are_meeting_length_times_two_for_who_was_in_the_room(team):
    w = team

    hours = claimable_hours(w.federation, D(2025, 1, 1), TODAY)

    assert hours == {
        w.fk.pk: 2 * CLAIMABLE,
        w.af.pk: CLAIMABLE,  # absent on 11 March
        # Present once, and once through a substitute from the municipality: the seat's party.
        w.region.pk: 2 * CLAIMABLE,
        w.alby_party.pk: 2 * CLAIMABLE,
    }
    # The cancelled and the never-held meetings, and Mysam time, count for nothing.
    later = claimable_hours(w.federation, D(2025, 4, 1), TODAY)
    assert set(later.values()) == {Decimal(0)}


def test_hours_are_valued_at_the_rate_and_set_against_the_grant(team):
    w = team

    with time_machine.travel(NOW, tick=False):
        rows = by_code(hours_against_grant(w.intervention, 2025, today=timezone.localdate()))

    fk = rows["fk"]
    assert (fk["grant"], fk["hours"], fk["rate"]) == (20_000, 6, Decimal(500))
    assert (fk["used"], fk["remaining"]) == (3_000, 17_000)
    assert (rows["af"]["used"], rows["af"]["remaining"]) == (1_440, 15_000 - 1_440)
    assert (rows["region"]["used"], rows["region"]["remaining"]) == (3_240, 18_000 - 3_240)


def test_the_forecast_keeps_the_pace_of_the_year_so_far(team):
    w = team
    # 1 January to 2 July 2025 is 183 of 365 days.
    with time_machine.travel(NOW, tick=False):
        rows = by_code(hours_against_grant(w.intervention, 2025, today=timezone.localdate()))

    assert rows["fk"]["forecast"] == kronor(Decimal(3_000) * 365 / 183) == 5_984
    assert rows["af"]["forecast"] == kronor(Decimal(1_440) * 365 / 183) == 2_872
    assert rows["region"]["forecast"] == 6_462


def test_a_past_year_forecasts_what_was_used(team):
    w = team

    with time_machine.travel(NOW, tick=False):
        rows = by_code(hours_against_grant(w.intervention, 2024, today=timezone.localdate()))

    fk = rows["fk"]
    assert (fk["hours"], fk["rate"], fk["used"]) == (CLAIMABLE, Decimal(490), 1_470)
    assert fk["forecast"] == fk["used"]
    assert fk["remaining"] == 20_000 - 1_470
    # A party with a grant but no time that year: nothing used against it.
    assert rows["af"]["hours"] == 0 and rows["af"]["used"] is None


def test_a_party_without_a_rate_has_hours_but_no_value(team):
    w = team

    rows = by_code(hours_against_grant(w.intervention, 2025, today=TODAY))

    alby = rows[code(w, "alby")]
    assert alby["hours"] == 2 * CLAIMABLE and alby["rate"] is None
    assert (alby["used"], alby["remaining"], alby["forecast"]) == (None, None, None)
    assert alby["grant"] == 12_000


def test_used_in_figures_is_the_valued_hours(team):
    w = team

    used = figures.used([w.intervention], today=TODAY, years=[2025])

    pk = w.intervention.pk
    assert used == {
        (pk, w.fk.pk, 2025): 3_000,
        (pk, w.af.pk, 2025): 1_440,
        (pk, w.region.pk, 2025): 3_240,
    }
