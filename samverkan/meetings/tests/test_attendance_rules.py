"""Attendance: members, their substitutes, co-opted members and guests, checked before saving."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samverkan.meetings import attendance, services
from samverkan.meetings.models import Attendance, Meeting
from samverkan.structure.models import Membership
from tests.factories import at, make_membership, make_person

PRESENT = Attendance.Status.PRESENT
ABSENT = Attendance.Status.ABSENT
SUBSTITUTE = Attendance.Status.SUBSTITUTE
MEMBER = Attendance.Capacity.MEMBER
GUEST = Attendance.Capacity.GUEST
CO_OPTED = Attendance.Capacity.CO_OPTED


def test_recording_attendance_saves_every_row_and_marks_the_meeting_held(meeting_world):
    w = meeting_world
    deputy = make_person(w.federation, w.af, first_name="Dana", last_name="Ersättare")

    saved = services.record_attendance(
        w.past,
        [
            (w.coordinator, PRESENT, None, MEMBER),
            (w.fk_manager, PRESENT, None, MEMBER),
            (w.af_manager, SUBSTITUTE, deputy, MEMBER),
            (w.region_manager, ABSENT, None, MEMBER),
        ],
        by=w.coordinator_user,
    )

    assert len(saved) == 4
    rows = {row.person: row for row in Attendance.objects.filter(meeting=w.past)}
    assert rows[w.fk_manager].party == w.fk
    assert rows[w.fk_manager].attendee == w.fk_manager
    assert (rows[w.af_manager].substitute, rows[w.af_manager].attendee) == (deputy, deputy)
    assert rows[w.region_manager].attendee is None
    assert rows[w.coordinator].capacity == MEMBER  # the convener is no guest
    assert all(row.recorded_by == w.coordinator_user for row in rows.values())
    assert Meeting.objects.get(pk=w.past.pk).status == Meeting.Status.HELD
    assert w.past.status == Meeting.Status.HELD


def test_recording_again_changes_the_rows_instead_of_adding_more(meeting_world):
    w = meeting_world
    rows = [(w.fk_manager, PRESENT, None, MEMBER)]
    services.record_attendance(w.past, rows, by=w.coordinator_user)
    services.record_attendance(w.past, [(w.fk_manager, ABSENT, None, MEMBER)], by=w.admin)

    row = Attendance.objects.get(meeting=w.past)
    assert (row.status, row.recorded_by) == (ABSENT, w.admin)


def test_a_person_without_a_seat_is_refused_unless_a_guest(meeting_world):
    w = meeting_world

    with pytest.raises(ValidationError) as refused:
        services.record_attendance(
            w.past,
            [
                (w.fk_manager, PRESENT, None, MEMBER),
                (w.guest_person, PRESENT, None, MEMBER),
                (w.af_manager, PRESENT, None, MEMBER),
            ],
            by=w.coordinator_user,
        )

    assert refused.value.messages == [
        "Gun Gästsson sitter inte i gruppen den dagen. Markera personen som gäst för att "
        "registrera närvaron."
    ]
    # Nothing was saved, not even the good rows before the bad one.
    assert not Attendance.objects.exists()
    assert Meeting.objects.get(pk=w.past.pk).status == Meeting.Status.SCHEDULED

    services.record_attendance(
        w.past, [(w.guest_person, PRESENT, None, GUEST)], by=w.coordinator_user
    )
    row = Attendance.objects.get(meeting=w.past)
    assert (row.person, row.capacity, row.party) == (w.guest_person, GUEST, None)


def test_a_seat_that_ended_before_the_meeting_does_not_count(meeting_world):
    w = meeting_world
    former = make_person(w.federation, w.af, first_name="Fia", last_name="Förre")
    make_membership(
        former,
        w.mysam,
        valid_from=w.past.day - datetime.timedelta(days=200),
        valid_to=w.past.day - datetime.timedelta(days=1),
    )

    with pytest.raises(ValidationError):
        services.record_attendance(w.past, [(former, PRESENT, None, MEMBER)], by=w.admin)
    assert not Attendance.objects.exists()


def test_a_substitute_must_be_named(meeting_world):
    w = meeting_world

    with pytest.raises(ValidationError) as refused:
        services.record_attendance(
            w.past,
            [(w.fk_manager, PRESENT, None, MEMBER), (w.af_manager, SUBSTITUTE, None, MEMBER)],
            by=w.coordinator_user,
        )

    assert refused.value.message_dict == {"substitute": ["Ange vem som ersatte."]}
    assert not Attendance.objects.exists()
    assert Meeting.objects.get(pk=w.past.pk).status == Meeting.Status.SCHEDULED


def test_the_model_checks_the_substitute(meeting_world):
    w = meeting_world
    deputy = make_person(w.federation, w.af)

    row = Attendance(meeting=w.past, person=w.af_manager, status=SUBSTITUTE)
    with pytest.raises(ValidationError) as refused:
        row.clean()
    assert refused.value.message_dict == {"substitute": ["Ange vem som ersatte."]}

    row = Attendance(meeting=w.past, person=w.af_manager, status=PRESENT, substitute=deputy)
    with pytest.raises(ValidationError) as refused:
        row.clean()
    assert refused.value.message_dict == {
        "substitute": ["Ersättare anges bara när någon ersattes."]
    }

    row = Attendance(
        meeting=w.past, person=w.af_manager, status=SUBSTITUTE, substitute=w.af_manager
    )
    with pytest.raises(ValidationError) as refused:
        row.clean()
    assert refused.value.message_dict == {"substitute": ["En person kan inte ersätta sig själv."]}

    Attendance(meeting=w.past, person=w.af_manager, status=SUBSTITUTE, substitute=deputy).clean()


def test_the_database_requires_a_substitute_exactly_for_substitution(meeting_world):
    w = meeting_world
    deputy = make_person(w.federation, w.af)

    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(meeting=w.past, person=w.af_manager, status=SUBSTITUTE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            meeting=w.past, person=w.af_manager, status=PRESENT, substitute=deputy
        )
    assert not Attendance.objects.exists()


def test_the_capacity_comes_from_the_seat(meeting_world):
    w = meeting_world
    federation_guest = make_person(w.federation, first_name="Frans", last_name="Förbund")
    make_membership(
        federation_guest,
        w.mysam,
        role=Membership.Role.GUEST,
        party=None,
        valid_from=w.past.day - datetime.timedelta(days=100),
    )

    services.record_attendance(
        w.past,
        [
            # Whatever the form says, a seat decides how the person takes part.
            (w.school_head, PRESENT, None, MEMBER),
            (federation_guest, PRESENT, None, MEMBER),
            (w.fk_manager, PRESENT, None, GUEST),
            (w.guest_person, PRESENT, None, GUEST),
        ],
        by=w.coordinator_user,
    )

    capacities = {row.person: row.capacity for row in Attendance.objects.filter(meeting=w.past)}
    assert capacities == {
        w.school_head: CO_OPTED,
        federation_guest: GUEST,
        w.fk_manager: MEMBER,
        w.guest_person: GUEST,
    }


def test_attendance_waits_until_the_meeting_has_started(meeting_world):
    w = meeting_world
    meeting = w.upcoming  # 13.00

    with (
        time_machine.travel(at(meeting.day, 12, 59), tick=False),
        pytest.raises(ValidationError) as refused,
    ):
        services.record_attendance(
            meeting, [(w.fk_manager, PRESENT, None, MEMBER)], by=w.coordinator_user
        )
    assert refused.value.messages == ["Närvaro registreras när mötet har börjat."]
    assert not Attendance.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED

    with time_machine.travel(at(meeting.day, 13), tick=False):
        services.record_attendance(
            meeting, [(w.fk_manager, PRESENT, None, MEMBER)], by=w.coordinator_user
        )
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


def test_a_cancelled_meeting_has_no_attendance(meeting_world):
    w = meeting_world
    Meeting.objects.filter(pk=w.past.pk).update(status=Meeting.Status.CANCELLED)
    w.past.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.record_attendance(
            w.past, [(w.fk_manager, PRESENT, None, MEMBER)], by=w.coordinator_user
        )

    assert refused.value.messages == ["Mötet är inställt."]
    assert not Attendance.objects.exists()


def test_check_attendance_returns_the_seat(meeting_world):
    w = meeting_world
    seat = services.check_attendance(w.past, w.fk_manager, MEMBER)
    assert (seat.person, seat.party) == (w.fk_manager, w.fk)
    assert services.check_attendance(w.past, w.guest_person, GUEST) is None
    with pytest.raises(ValidationError):
        services.check_attendance(w.past, w.guest_person, CO_OPTED)


# --- The attendance list, its summary and the minutes' list per party ---------------------------


def test_a_party_is_represented_by_a_present_member_or_a_substitute_only(meeting_world):
    w = meeting_world
    deputy = make_person(w.federation, w.af, first_name="Dana", last_name="Ersättare")
    services.record_attendance(
        w.past,
        [
            (w.fk_manager, PRESENT, None, MEMBER),
            (w.af_manager, SUBSTITUTE, deputy, MEMBER),
            (w.region_manager, ABSENT, None, MEMBER),
            (w.school_head, PRESENT, None, CO_OPTED),
            (w.guest_person, PRESENT, None, GUEST),
        ],
        by=w.coordinator_user,
    )
    recorded = list(w.past.attendances.select_related("party", "person", "substitute"))

    assert attendance.represented_party_ids(recorded) == {w.fk.pk, w.af.pk}
    summary = attendance.attendance_summary(w.past, recorded)
    assert (summary["present"], summary["substitutes"], summary["absent"]) == (4, 1, 1)
    assert dict(summary["parties"])[w.region] is False
    assert dict(summary["parties"])[w.alby_party] is False  # co-opted: not represented

    by_party = {row["label"]: row for row in attendance.attendance_by_party(w.past)}
    assert by_party["FK"]["present"] == [w.fk_manager.full_name]
    assert by_party["AF"]["substitutes"] == [f"{deputy.full_name} för {w.af_manager.full_name}"]
    assert list(by_party)[-1] == "Förbundet och gäster"
    assert by_party["Förbundet och gäster"]["present"] == [f"{w.guest_person.full_name} (gäst)"]


def test_the_attendance_list_has_a_row_per_seat_and_per_guest(meeting_world):
    w = meeting_world
    services.record_attendance(
        w.past, [(w.guest_person, PRESENT, None, GUEST)], by=w.coordinator_user
    )
    recorded = {a.person_id: a for a in w.past.attendances.select_related("person", "party")}
    rows = attendance.attendance_rows(w.past, recorded)

    people = [row.person for row in rows]
    assert people[-1] == w.guest_person
    assert len(people) == len(set(people))
    assert {w.fk_manager, w.coordinator, w.school_head} <= set(people)
    school = next(row for row in rows if row.person == w.school_head)
    assert (school.capacity, school.attendance) == (CO_OPTED, None)
    assert rows[-1].attendance.capacity == GUEST
