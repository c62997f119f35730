"""Data shared by the meeting browser tests.

The förbund is the structure tests' `world`, with a 2022 decision on top of its 2016 one, as in
Gävleborg: four 90-minute Mysam meetings a year, the coordinator convenes, chairs and writes the
minutes, the parties send their information before the meeting, so the meeting has no
information items. The 2016 standing item ("Erfarenheter från Trisam") still applies.

Mysam Alby has the coordinator as convener and members for FK, AF, the Region and Alby, each
with an e-mail address and an account that signs in with `PASSWORD`, and two meetings: one in
two weeks (to prepare) and one a week ago (to hold and minute), with a decision item on its
agenda. The live server's database is emptied after every test, so the fixture builds all of it
on the transactional database.

Test modules import the fixtures they use from here (`mysam_world` and `world`) and the
keyboard helpers of the case browser tests.
"""

import datetime

import pytest
from django.utils import timezone

from samverkan.meetings import series
from samverkan.meetings.models import AgendaItem
from samverkan.structure.models import GroupKind
from tests.browser.case_setup import (  # noqa: F401 (for the test modules)
    choose,
    choose_option,
    follow,
    h1,
    label,
    press_enter_on,
    send,
    set_date,
    switch_user,
    tick,
    type_into,
)
from tests.browser.helpers import PASSWORD

# Imported after the structure tests' conftest, which has their asserts rewritten.
from tests.factories import make_decision, make_person, make_rule, make_user

TODAY = timezone.localdate()
UPCOMING_LOCATION = "Kommunhuset, Alby"
PAST_DECISION_ITEM = "Gemensam rutin för arbetsträning"


def at(day, hour=13, minute=0):
    """An aware datetime in Swedish time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def days_from_today(days):
    return TODAY + datetime.timedelta(days=days)


@pytest.fixture
def mysam_world(transactional_db, world):
    """`world` with the 2022 rules, signing-in members of Mysam Alby and two meetings.

    - coordinator_user: Karin Koordinator, the group's convener (no party)
    - fk_user, af_user, region_user, ifo_user: the members for FK, AF, the Region and Alby
    - school_user: co-opted for Alby; admin: the förbund's administrator
    - substitute: Alva Ersättare of AF, without a seat, who stands in for the AF member
    - guest_person: Gun Gästsson of the förbund, without a seat
    - decision_2022: the 2022 decision; its rule is `mysam_rule_2022`
    - upcoming: the meeting in 14 days; past: the meeting 7 days ago (scheduled, not yet held)
      with a decision item on its agenda (`past_decision`)
    """
    w = world
    w.decision_2022 = make_decision(
        w.federation,
        title="Mysam-strukturen 2022",
        decided_on=datetime.date(2021, 11, 26),
        effective_from=datetime.date(2022, 1, 1),
    )
    w.mysam_rule_2022 = make_rule(
        w.decision_2022,
        GroupKind.MYSAM,
        meetings_per_year=4,
        meeting_minutes=90,
        convener="coordinator",
        chair="coordinator",
        minute_taker="coordinator",
        information_items_allowed=False,
        pre_reads_required=True,
    )

    w.coordinator_user = make_user(
        w.coordinator,
        password=PASSWORD,
        username="karin.koordinator",
        first_name="Karin",
        last_name="Koordinator",
        email="karin.koordinator@example.se",
    )
    people = (
        ("fk_user", w.fk_manager, "fredrik.kassasson"),
        ("af_user", w.af_manager, "anna.arbetsson"),
        ("region_user", w.region_manager, "rut.regionsdotter"),
        ("ifo_user", w.ifo_manager, "ingrid.ifosson"),
        ("school_user", w.school_head, "sven.skolsson"),
    )
    for attribute, person, username in people:
        email = f"{username}@example.se"
        user = make_user(
            person,
            password=PASSWORD,
            username=username,
            first_name=person.first_name,
            last_name=person.last_name,
            email=email,
        )
        setattr(w, attribute, user)
    for person in (w.coordinator, *(person for _, person, _ in people)):
        person.email = person.user.email
        person.save(update_fields=["email"])
    w.admin.set_password(PASSWORD)
    w.admin.save(update_fields=["password"])
    w.substitute = make_person(
        w.federation,
        w.af,
        first_name="Alva",
        last_name="Ersättare",
        email="alva.ersattare@example.se",
    )

    w.guest_person = make_person(w.federation, first_name="Gun", last_name="Gästsson")
    w.upcoming = series.create_meeting(
        w.mysam, at(days_from_today(14)), location=UPCOMING_LOCATION, by=w.coordinator_user
    )
    w.past = series.create_meeting(
        w.mysam, at(days_from_today(-7)), location=UPCOMING_LOCATION, by=w.coordinator_user
    )
    w.past_decision = AgendaItem.objects.create(
        meeting=w.past,
        order=w.past.agenda_items.count() + 1,
        title=PAST_DECISION_ITEM,
        kind=AgendaItem.Kind.DECISION,
        responsible=w.coordinator,
        minutes_allotted=30,
    )
    return w
