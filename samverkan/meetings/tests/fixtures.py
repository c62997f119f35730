"""Meetings of the small test förbund: the structure's `world` plus accounts and two meetings.

Mysam Alby runs under the world's decision (four 90-minute meetings a year, the coordinator
convenes, 60 h / 6 h commitments, one standing item). Add rules to `w.mysam_rule` or new
decisions in a test when it needs others.

`reorganised` is Gävleborg's real reference rules instead, for time accounts and the follow-up
of the 2022 reorganisation; `held_meeting` records a held meeting's attendance there.
"""

import datetime
import types

import pytest

from samverkan.meetings import series, services
from samverkan.meetings.models import Attendance, Meeting
from samverkan.structure.loader import load_structure_file
from samverkan.structure.models import Federation, GroupKind, Membership, Municipality, Party
from tests.factories import (
    TODAY,
    at,
    make_group,
    make_membership,
    make_person,
    make_unit,
    make_user,
)

REFERENCE = "samverkan/structure/data/gavleborg.yaml"
PRESENT = Attendance.Status.PRESENT
ABSENT = Attendance.Status.ABSENT
SUBSTITUTE = Attendance.Status.SUBSTITUTE
MEMBER = Attendance.Capacity.MEMBER
SEATED_FROM = datetime.date(2021, 1, 1)


def agenda_minutes(meeting):
    """The minutes the meeting's agenda items add up to."""
    return sum(item.minutes_allotted for item in meeting.agenda_items.all())


@pytest.fixture
def meeting_world(world):
    """`world` plus users for every Mysam Alby seat, and an upcoming and a past meeting.

    - coordinator_user: the group's convener (role convener, no party)
    - fk_user, af_user, region_user, ifo_user: members for FK, AF, the Region and Alby
    - school_user: co-opted (Alby); reader: staff without a seat; admin: förbund administrator
    - rehab_user: rehab coordinator who convenes the Trisam team (not in Mysam)
    - other_admin: administrator of another förbund
    - upcoming: Mysam Alby in 14 days; past: Mysam Alby 30 days ago (scheduled, not yet held)
    """
    w = world
    w.coordinator_user = make_user(w.coordinator, username="koordinator")
    w.fk_user = make_user(w.fk_manager, username="fk", email="fk@example.se")
    w.af_user = make_user(w.af_manager, username="af", email="af@example.se")
    w.region_user = make_user(w.region_manager, username="region")
    w.ifo_user = make_user(w.ifo_manager, username="ifo")
    w.school_user = make_user(w.school_head, username="skola")
    w.rehab_user = make_user(w.rehab, username="rehab")
    for person, email in (
        (w.coordinator, "koordinator@example.se"),
        (w.fk_manager, "fk@example.se"),
        (w.af_manager, "af@example.se"),
        (w.region_manager, "region@example.se"),
        (w.ifo_manager, "ifo@example.se"),
        (w.school_head, "skola@example.se"),
        (w.rehab, "rehab@example.se"),
    ):
        person.email = email
        person.save(update_fields=["email"])
    w.guest_person = make_person(w.federation, first_name="Gun", last_name="Gästsson")
    w.upcoming = series.create_meeting(
        w.mysam, at(TODAY + datetime.timedelta(days=14)), location="Kommunhuset, Alby"
    )
    w.past = series.create_meeting(w.mysam, at(TODAY - datetime.timedelta(days=30)))
    return w


# --- Gävleborg's reference rules across the 2022 reorganisation ---------------------------------


@pytest.fixture
def reorganised(db):
    """Gävleborg's reference rules; Mysam Gävle with an FK, an AF and a municipal member and the
    förbund's coordinator, all seated from 2021-01-01; a Trisam team with an FK case officer."""
    load_structure_file(REFERENCE)
    g = types.SimpleNamespace()
    g.federation = Federation.objects.get(slug="gavleborg")
    parties = {party.code: party for party in Party.objects.filter(federation=g.federation)}
    g.fk, g.af, g.region = parties["fk"], parties["af"], parties["region"]
    g.gavle_party = parties["gavle-kommun"]
    g.sandviken_party = parties["sandvikens-kommun"]
    g.gavle = Municipality.objects.get(federation=g.federation, code="2180")
    g.sandviken = Municipality.objects.get(federation=g.federation, code="2181")
    g.mysam = make_group(g.federation, GroupKind.MYSAM, name="Mysam Gävle", municipality=g.gavle)
    g.fk_member = make_person(g.federation, g.fk, first_name="Frida", last_name="Kassa")
    g.af_member = make_person(g.federation, g.af, first_name="Arne", last_name="Förmedlare")
    g.municipal_member = make_person(
        g.federation, g.gavle_party, first_name="Maja", last_name="Kommunsson"
    )
    g.coordinator = make_person(g.federation, first_name="Kim", last_name="Koordinator")
    g.fk_substitute = make_person(g.federation, g.fk, first_name="Sixten", last_name="Ersättare")
    for person in (g.fk_member, g.af_member, g.municipal_member):
        make_membership(person, g.mysam, valid_from=SEATED_FROM)
    make_membership(
        g.coordinator, g.mysam, role=Membership.Role.CONVENER, party=None, valid_from=SEATED_FROM
    )
    g.health_centre = make_unit(g.region, g.gavle, name="Gävle hälsocentral")
    g.trisam = make_group(
        g.federation, GroupKind.TRISAM, name="Trisam Gävle hälsocentral", unit=g.health_centre
    )
    g.case_officer = make_person(g.federation, g.fk, first_name="Hanna", last_name="Handläggare")
    make_membership(
        g.case_officer, g.trisam, role=Membership.Role.CASE_OFFICER, valid_from=SEATED_FROM
    )
    return g


def held_meeting(group, day, rows, minutes=90, hour=13):
    """A meeting on `day` with attendance `rows` [(person, status, substitute)], held."""
    meeting = series.create_meeting(group, at(day, hour), duration_minutes=minutes)
    services.record_attendance(
        meeting, [(person, status, sub, MEMBER) for person, status, sub in rows], by=None
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    return meeting
