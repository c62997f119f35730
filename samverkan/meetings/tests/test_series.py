"""A year's meetings from the rules, across the 2016 → 2022 reorganisation in Gävleborg.

The reference structure file is loaded as it is: the 2016 decision (quarterly meetings, FK
convenes until 2017-06-30, then the group chooses; five standing items and the förbund's news
slot) and the 2022 decision (four 90-minute meetings, the coordinator convenes, no information
items, pre-reads required).
"""

import datetime
import types
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samverkan.meetings import series
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.meetings.tests.fixtures import agenda_minutes
from samverkan.structure.loader import load_structure_file
from samverkan.structure.models import (
    Decision,
    Federation,
    GroupKind,
    Membership,
    Municipality,
    Party,
)
from tests.factories import at, make_decision, make_group, make_membership, make_person, make_rule

D = datetime.date
REFERENCE = "samverkan/structure/data/gavleborg.yaml"
ONE_PM = datetime.time(13, 0)
DECISION_2016 = "Strukturen för Mysam i Gävleborgs län"
DECISION_2022 = "Organisationsförändring Mysam och Trisam-styrgrupp 2022"
STANDING_2016 = [
    ("Erfarenheter från Trisam", "experiences"),
    ("Erfarenheter från genomförda SIP:ar", "experiences"),
    ("Arbetsintegrerande sociala företag (ASF)", "dialogue"),
    ("Lokal överenskommelse (LÖK)", "dialogue"),
    ("Förbundets nyheter", "federation_news"),
]


@pytest.fixture
def gavleborg(db):
    """The reference rules, and Mysam Gävle from 2016-06-01 with the conveners the decisions
    call for: FK until 2017-06-30, the municipality (the group's choice) until 2021-12-31 and
    the förbund's coordinator from 2022."""
    load_structure_file(REFERENCE)
    g = types.SimpleNamespace()
    g.federation = Federation.objects.get(slug="gavleborg")
    g.decision_2016 = Decision.objects.get(federation=g.federation, title=DECISION_2016)
    g.decision_2022 = Decision.objects.get(federation=g.federation, title=DECISION_2022)
    parties = {party.code: party for party in Party.objects.filter(federation=g.federation)}
    g.fk, g.af, g.region = parties["fk"], parties["af"], parties["region"]
    g.gavle_party = parties["gavle-kommun"]
    g.gavle = Municipality.objects.get(federation=g.federation, code="2180")
    g.sandviken = Municipality.objects.get(federation=g.federation, code="2181")
    g.mysam = make_group(
        g.federation,
        GroupKind.MYSAM,
        name="Mysam Gävle",
        municipality=g.gavle,
        started_on=D(2016, 6, 1),
    )
    started = g.mysam.started_on
    g.fk_convener = make_person(g.federation, g.fk, first_name="Frida", last_name="Kassa")
    g.municipal_convener = make_person(
        g.federation, g.gavle_party, first_name="Maja", last_name="Kommunsson"
    )
    g.coordinator = make_person(g.federation, first_name="Kim", last_name="Koordinator")
    g.af_member = make_person(g.federation, g.af, first_name="Arne", last_name="Förmedlare")
    g.region_member = make_person(g.federation, g.region, first_name="Rita", last_name="Region")
    for person in (g.fk_convener, g.municipal_convener, g.af_member, g.region_member):
        make_membership(person, g.mysam, valid_from=started)
    convener = Membership.Role.CONVENER
    make_membership(
        g.fk_convener, g.mysam, role=convener, valid_from=started, valid_to=D(2017, 6, 30)
    )
    g.municipal_seat = make_membership(
        g.municipal_convener,
        g.mysam,
        role=convener,
        valid_from=D(2017, 7, 1),
        valid_to=D(2021, 12, 31),
    )
    make_membership(g.coordinator, g.mysam, role=convener, party=None, valid_from=D(2022, 1, 1))
    return g


def plan(group, year, default_minutes=120):
    return series.plan_series(
        group, year, weekday=0, start_time=ONE_PM, default_minutes=default_minutes
    )


def decision_titles(meeting_or_ruleset):
    decisions = meeting_or_ruleset.decisions
    decisions = decisions.all() if hasattr(decisions, "all") else decisions
    return {decision.title for decision in decisions}


# --- Planning a year ---------------------------------------------------------------------------


def test_2016_only_has_slots_after_the_decision_and_after_the_group_started(gavleborg):
    g = gavleborg
    planned = plan(g.mysam, 2016)

    # Quarterly Mondays; February and May fall before the group started (and before the rules).
    assert [slot.day for slot in planned] == [D(2016, 8, 15), D(2016, 11, 21)]
    assert all(slot.starts_at == at(slot.day, 13) for slot in planned)
    assert [slot.convener for slot in planned] == [g.fk_convener, g.fk_convener]


def test_2016_slots_before_the_decision_took_effect_are_left_out(gavleborg):
    g = gavleborg
    # A group that existed before the 2016 decision: its May slot (16 May) has no rules yet.
    older = make_group(g.federation, GroupKind.MYSAM, municipality=g.sandviken)
    assert [slot.day for slot in plan(older, 2016)] == [D(2016, 8, 15), D(2016, 11, 21)]

    later = make_group(
        g.federation,
        GroupKind.MYSAM,
        municipality=Municipality.objects.get(federation=g.federation, code="2104"),
        started_on=D(2016, 9, 1),
    )
    assert [slot.day for slot in plan(later, 2016)] == [D(2016, 11, 21)]


def test_2017_fk_convenes_the_first_half_then_the_groups_choice(gavleborg):
    g = gavleborg
    planned = plan(g.mysam, 2017)

    assert [slot.day for slot in planned] == [
        D(2017, 2, 20),
        D(2017, 5, 15),
        D(2017, 8, 21),
        D(2017, 11, 20),
    ]
    assert [slot.convener for slot in planned] == [
        g.fk_convener,
        g.fk_convener,
        g.municipal_convener,
        g.municipal_convener,
    ]
    assert [slot.ruleset.convener for slot in planned] == ["party", "party", *["group_chooses"] * 2]
    assert planned[0].ruleset.responsible_party == g.fk
    assert planned[2].ruleset.responsible_party is None


def test_while_fk_is_named_fk_convenes_even_if_another_party_has_a_convener_seat(gavleborg):
    g = gavleborg
    fk_seat = Membership.objects.get(person=g.fk_convener, role=Membership.Role.CONVENER)
    fk_seat.valid_from = D(2016, 7, 1)
    fk_seat.save()
    make_membership(
        g.region_member,
        g.mysam,
        role=Membership.Role.CONVENER,
        valid_from=D(2016, 6, 1),
        valid_to=D(2017, 6, 30),
    )

    assert [slot.convener for slot in plan(g.mysam, 2016)] == [g.fk_convener] * 2
    assert [slot.convener for slot in plan(g.mysam, 2017)][:2] == [g.fk_convener] * 2


def test_2021_takes_the_length_from_the_form_since_no_decision_states_one(gavleborg):
    g = gavleborg
    planned = plan(g.mysam, 2021, default_minutes=120)

    assert len(planned) == 4
    assert [slot.duration_minutes for slot in planned] == [120] * 4
    assert not any(slot.length_from_rules for slot in planned)
    assert {slot.convener for slot in planned} == {g.municipal_convener}

    created = series.create_series(g.mysam, planned, location="Stadshuset")
    assert len(created) == 4
    for meeting in created:
        meeting.refresh_from_db()
        assert meeting.duration_minutes == 120
        assert meeting.information_items_allowed is True
        assert meeting.pre_reads_required is False
        assert meeting.convener == g.municipal_convener
        assert meeting.location == "Stadshuset"
        assert meeting.rules_day == meeting.day
        assert DECISION_2016 in decision_titles(meeting)


def test_2022_follows_the_reorganisation(gavleborg):
    g = gavleborg
    # The form's default length does not apply: the 2022 decision states 90 minutes.
    planned = plan(g.mysam, 2022, default_minutes=120)

    assert [slot.day for slot in planned] == [
        D(2022, 2, 21),
        D(2022, 5, 16),
        D(2022, 8, 15),
        D(2022, 11, 21),
    ]
    assert [slot.duration_minutes for slot in planned] == [90] * 4
    assert all(slot.length_from_rules for slot in planned)
    assert [slot.convener for slot in planned] == [g.coordinator] * 4
    assert all(
        slot.ruleset.source_of("meeting_minutes").decision == g.decision_2022 for slot in planned
    )

    created = series.create_series(g.mysam, planned)
    assert Meeting.objects.filter(group=g.mysam).count() == 4
    for meeting in created:
        meeting.refresh_from_db()
        assert meeting.duration_minutes == 90
        assert meeting.convener == g.coordinator
        assert meeting.information_items_allowed is False
        assert meeting.pre_reads_required is True
        assert decision_titles(meeting) == {DECISION_2016, DECISION_2022}
    # Five working days before each Monday meeting: the Monday before (no holidays in between).
    assert [meeting.pre_read_deadline for meeting in created] == [
        D(2022, 2, 14),
        D(2022, 5, 9),
        D(2022, 8, 8),
        D(2022, 11, 14),
    ]


def test_the_coordinator_convenes_from_2022_even_if_an_earlier_convener_stays(gavleborg):
    g = gavleborg
    # The municipality's convener seat was never ended: the rules still name the coordinator.
    g.municipal_seat.valid_to = None
    g.municipal_seat.save()

    assert {slot.convener for slot in plan(g.mysam, 2022)} == {g.coordinator}
    # Before 2022 the group's own choice still convenes.
    assert {slot.convener for slot in plan(g.mysam, 2021)} == {g.municipal_convener}


def test_a_year_without_rules_is_refused_in_swedish(gavleborg):
    with pytest.raises(ValidationError) as refused:
        plan(gavleborg.mysam, 2015)

    assert refused.value.messages == [
        "Inget beslut anger hur många möten gruppen ska ha under 2015."
    ]
    assert not Meeting.objects.exists()


def test_creating_a_series_twice_does_not_duplicate_it(gavleborg):
    g = gavleborg
    first = series.create_series(g.mysam, plan(g.mysam, 2022))
    assert len(first) == 4

    again = plan(g.mysam, 2022)
    assert [slot.existing for slot in again] == first
    assert series.create_series(g.mysam, again) == []
    assert Meeting.objects.filter(group=g.mysam).count() == 4


def test_a_moved_meeting_still_counts_for_its_period_and_a_cancelled_one_does_not(gavleborg):
    g = gavleborg
    first = series.create_series(g.mysam, plan(g.mysam, 2022))
    moved, cancelled = first[0], first[1]
    moved.starts_at = at(D(2022, 3, 9), 9)
    moved.save()
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)

    again = plan(g.mysam, 2022)
    assert again[0].existing == moved
    assert again[1].existing is None
    created = series.create_series(g.mysam, again)
    assert [meeting.day for meeting in created] == [D(2022, 5, 16)]
    assert Meeting.objects.not_cancelled().filter(group=g.mysam).count() == 4


def test_a_monthly_series_has_one_meeting_per_month_and_none_twice(meeting_world):
    w = meeting_world
    w.mysam_rule.meetings_per_year = 12
    w.mysam_rule.save()
    year = w.upcoming.day.year + 1

    planned = series.plan_series(w.mysam, year, weekday=2, start_time=ONE_PM, default_minutes=60)
    days = [slot.day for slot in planned]
    assert len(days) == len(set(days)) == 12
    assert [day.month for day in days] == list(range(1, 13))

    series.create_series(w.mysam, planned)
    again = series.plan_series(w.mysam, year, weekday=2, start_time=ONE_PM, default_minutes=60)
    assert all(slot.existing is not None for slot in again)
    assert series.create_series(w.mysam, again) == []


# --- A meeting keeps the rules of its date ------------------------------------------------------


def test_a_meeting_keeps_its_rules_when_a_later_decision_changes_them(gavleborg):
    g = gavleborg
    created = series.create_series(g.mysam, plan(g.mysam, 2022))
    august = created[2]

    change = make_decision(
        g.federation,
        title="Kortare möten med informationspunkter",
        decided_on=D(2022, 5, 30),
        effective_from=D(2022, 6, 1),
    )
    make_rule(
        change,
        GroupKind.MYSAM,
        meeting_minutes=60,
        information_items_allowed=True,
        pre_reads_required=False,
        preparation_factor=Decimal("1.5"),
    )
    # The rules for August have changed …
    now_in_force = series.rules_for(g.mysam, august.day)
    assert now_in_force.meeting_minutes == 60
    assert now_in_force.information_items_allowed is True

    # … but the meeting already created keeps the copy it took on its date.
    august = Meeting.objects.get(pk=august.pk)
    assert august.duration_minutes == 90
    assert august.information_items_allowed is False
    assert august.pre_reads_required is True
    assert august.preparation_factor is None
    assert decision_titles(august) == {DECISION_2016, DECISION_2022}

    # A meeting created afterwards takes the new rules.
    later = series.create_meeting(g.mysam, at(D(2022, 9, 12), 10))
    later.refresh_from_db()
    assert later.duration_minutes == 60
    assert later.information_items_allowed is True
    assert later.pre_reads_required is False
    assert later.preparation_factor == Decimal("1.5")
    assert decision_titles(later) == {DECISION_2016, DECISION_2022, change.title}


def test_a_meeting_without_a_stated_length_needs_one(gavleborg):
    g = gavleborg
    with pytest.raises(ValidationError) as refused:
        series.create_meeting(g.mysam, at(D(2019, 3, 4), 13))

    assert "duration_minutes" in refused.value.message_dict
    assert "Ange längden i minuter" in refused.value.message_dict["duration_minutes"][0]
    assert not Meeting.objects.exists()

    meeting = series.create_meeting(g.mysam, at(D(2019, 3, 4), 13), duration_minutes=75)
    assert meeting.duration_minutes == 75


def test_a_meeting_of_no_length_is_refused_in_swedish(meeting_world):
    meeting = meeting_world.upcoming
    meeting.duration_minutes = 0

    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()

    assert refused.value.message_dict == {
        "duration_minutes": ["Ange mötets längd i minuter, minst en minut."]
    }
    assert Meeting.objects.get(pk=meeting.pk).duration_minutes == 90


def test_a_meeting_before_the_group_started_is_refused(gavleborg):
    with pytest.raises(ValidationError) as refused:
        series.create_meeting(gavleborg.mysam, at(D(2016, 5, 30), 13), duration_minutes=60)

    assert refused.value.message_dict["starts_at"] == ["Gruppen är inte verksam den dagen."]
    assert not Meeting.objects.exists()


# --- Standing items ----------------------------------------------------------------------------


def test_the_2016_standing_items_go_on_the_agenda_with_one_news_slot(gavleborg):
    g = gavleborg
    meeting = series.create_meeting(g.mysam, at(D(2016, 8, 15), 13), duration_minutes=120)

    items = list(meeting.agenda_items.order_by("order"))
    assert [(item.title, item.kind) for item in items] == STANDING_2016
    assert [item.order for item in items] == [1, 2, 3, 4, 5]
    assert all(item.is_standing for item in items)
    assert meeting.news_slot is True
    assert meeting.agenda_items.filter(kind=AgendaItem.Kind.FEDERATION_NEWS).count() == 1


def test_the_2016_standing_items_still_apply_after_2022(gavleborg):
    meeting = series.create_meeting(gavleborg.mysam, at(D(2022, 2, 21), 13))

    titles = list(meeting.agenda_items.order_by("order").values_list("title", "kind"))
    assert titles == STANDING_2016
    assert agenda_minutes(meeting) <= meeting.duration_minutes


def test_a_news_slot_without_a_standing_news_item_is_added_once(meeting_world):
    w = meeting_world
    w.mysam_rule.federation_news_slot = True
    w.mysam_rule.save()

    meeting = series.create_meeting(w.mysam, at(w.upcoming.day + datetime.timedelta(days=7)))

    assert list(meeting.agenda_items.order_by("order").values_list("title", "kind")) == [
        ("Erfarenheter från Trisam", "experiences"),
        ("Förbundets nyheter", "federation_news"),
    ]
    # The world fixture's meetings were created before the rule had a news slot.
    assert not w.upcoming.agenda_items.filter(kind=AgendaItem.Kind.FEDERATION_NEWS).exists()


# --- Moving a meeting --------------------------------------------------------------------------


def test_moving_a_meeting_into_2022_takes_the_new_rules(gavleborg):
    g = gavleborg
    meeting = series.create_meeting(g.mysam, at(D(2021, 11, 15), 13), duration_minutes=120)
    assert meeting.information_items_allowed is True
    assert meeting.pre_read_deadline == D(2021, 11, 8)
    # A decision for 2022 entered after the meeting was planned.
    extra = make_decision(g.federation, title="Förberedelsetid 2022", effective_from=D(2022, 1, 1))
    make_rule(extra, GroupKind.MYSAM, preparation_factor=Decimal("1.25"))
    previous_day = meeting.day

    meeting.starts_at = at(D(2022, 1, 17), 13)
    meeting.save()
    series.after_edit(meeting, previous_day=previous_day, time_or_place_changed=True)

    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.rules_day == D(2022, 1, 17)
    assert meeting.information_items_allowed is False
    assert meeting.pre_reads_required is True
    assert meeting.preparation_factor == Decimal("1.25")
    assert decision_titles(meeting) == {DECISION_2016, DECISION_2022, extra.title}
    # The length was chosen for this meeting and stays; the calendar entry is replaced.
    assert meeting.duration_minutes == 120
    assert meeting.sequence == 1
    # The default deadline moves with the meeting.
    assert meeting.pre_read_deadline == D(2022, 1, 10)


def test_moving_a_meeting_keeps_a_deadline_chosen_by_hand(gavleborg):
    g = gavleborg
    meeting = series.create_meeting(g.mysam, at(D(2022, 5, 16), 13))
    Meeting.objects.filter(pk=meeting.pk).update(pre_read_deadline=D(2022, 5, 2))
    meeting.refresh_from_db()
    previous_day = meeting.day

    meeting.starts_at = at(D(2022, 5, 23), 13)
    meeting.save()
    series.after_edit(meeting, previous_day=previous_day, time_or_place_changed=True)

    meeting.refresh_from_db()
    assert meeting.pre_read_deadline == D(2022, 5, 2)


def test_the_calendar_sequence_rises_only_when_time_or_place_changed(meeting_world):
    w = meeting_world
    meeting = w.upcoming
    day = meeting.day

    meeting.convener = w.fk_manager
    meeting.save()
    series.after_edit(meeting, previous_day=day, time_or_place_changed=False)
    meeting.refresh_from_db()
    assert meeting.sequence == 0

    meeting.location = "Stadshuset, sal 2"
    meeting.save()
    series.after_edit(meeting, previous_day=day, time_or_place_changed=True)
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert meeting.rules_day == day


# --- Overlapping meetings ----------------------------------------------------------------------


def test_overlapping_meetings_of_one_group_are_found(meeting_world):
    w = meeting_world
    day = w.upcoming.day  # 13.00–14.30
    overlapping = series.create_meeting(w.mysam, at(day, 14), duration_minutes=60)
    back_to_back = series.create_meeting(w.mysam, at(day, 14, 30), duration_minutes=60)
    before = series.create_meeting(w.mysam, at(day, 11), duration_minutes=120)  # ends 13.00
    cancelled = series.create_meeting(w.mysam, at(day, 13, 30), duration_minutes=30)
    Meeting.objects.filter(pk=cancelled.pk).update(status=Meeting.Status.CANCELLED)
    other_group = series.create_meeting(w.trisam, at(day, 13), duration_minutes=90)

    assert w.upcoming.overlapping() == [overlapping]
    assert overlapping.overlapping() == [w.upcoming, back_to_back]
    assert back_to_back.overlapping() == [overlapping]
    assert before.overlapping() == []
    assert other_group.overlapping() == []


def test_an_unsaved_meeting_is_checked_for_overlaps(meeting_world):
    w = meeting_world
    proposed = Meeting(group=w.mysam, starts_at=at(w.upcoming.day, 12), duration_minutes=90)
    assert proposed.overlapping() == [w.upcoming]

    proposed.duration_minutes = 60
    assert proposed.overlapping() == []


def test_the_preview_of_a_series_names_what_each_new_meeting_would_overlap(meeting_world):
    w = meeting_world
    day = w.upcoming.day  # 13.00–14.30
    rows = series.preview(
        w.mysam,
        [
            series.PlannedMeeting(at(day, 14), 60, None, None, length_from_rules=False),
            series.PlannedMeeting(at(day, 14, 30), 60, None, None, length_from_rules=False),
            series.PlannedMeeting(
                at(day, 13), 90, None, None, length_from_rules=True, existing=w.upcoming
            ),
        ],
    )

    assert [row.overlaps for row in rows] == [[w.upcoming], [], []]
    assert rows[0].ends_at == at(day, 15)
    assert series.preview(w.mysam, []) == []
