"""Meetings of the small test förbund: the structure's `world` plus accounts and two meetings.

Mysam Alby runs under the world's decision (four 90-minute meetings a year, the coordinator
convenes, 60 h / 6 h commitments, one standing item). Add rules to `w.mysam_rule` or new
decisions in a test when it needs others.
"""

import datetime

import pytest
from django.utils import timezone

from samverkan.meetings import series
from samverkan.structure.tests.conftest import signed_in, world  # noqa: F401 (fixtures)
from samverkan.structure.tests.factories import make_person, make_user

TODAY = timezone.localdate()


def at(day, hour=13, minute=0):
    """An aware datetime in Swedish time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def meeting_world(world):  # noqa: F811
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


@pytest.fixture
def client_for():
    """`client_for(user)`: a test client signed in as `user`."""
    return signed_in


def publish(meeting, by):
    """Write, approve and publish the meeting's minutes, so its action items are decided."""
    from samverkan.meetings import services

    minutes = services.start_minutes(meeting, by=by)
    return services.publish_minutes(services.approve_minutes(minutes, by=by), by=by)
