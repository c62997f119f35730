"""The attendance page: who was there, with substitutes and guests, and who may record it."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from samverkan.meetings import services
from samverkan.meetings.models import Attendance, Meeting
from samverkan.structure.models import Membership
from tests.factories import make_membership, make_person

pytestmark = pytest.mark.django_db

NOT_IN_GROUP = "Gun Gästsson sitter inte i gruppen den dagen. Markera personen som gäst"


def url(meeting):
    return reverse("meetings:attendance", args=[meeting.pk])


def seated(w):
    return [
        w.coordinator,
        w.fk_manager,
        w.af_manager,
        w.region_manager,
        w.ifo_manager,
        w.school_head,
    ]


def everyone_present(w, **changes):
    data = {f"p{person.pk}-status": "present" for person in seated(w)}
    data.update(changes)
    return data


def test_recording_counts_present_absent_and_substitutes_and_marks_meeting_held(
    meeting_world, client_for
):
    w = meeting_world
    client = client_for(w.coordinator_user)
    page = client.get(url(w.past))
    assert page.status_code == 200
    body = page.content.decode()
    # One row per seat with a radio group as a fieldset; the co-opted member shown as such.
    for person in seated(w):
        assert f'id="id_p{person.pk}-status"' in body
    assert "Adjungerad" in body
    assert "Ingen närvaro är registrerad för mötet än." in body

    data = everyone_present(
        w,
        **{
            f"p{w.fk_manager.pk}-status": "substitute",
            f"p{w.fk_manager.pk}-substitute": w.reader_person.pk,
            f"p{w.af_manager.pk}-status": "absent",
            f"p{w.school_head.pk}-status": "absent",
        },
    )
    response = client.post(url(w.past), data)
    assert response.status_code == 302

    recorded = {a.person_id: a for a in Attendance.objects.filter(meeting=w.past)}
    assert len(recorded) == 6
    fk = recorded[w.fk_manager.pk]
    assert (fk.status, fk.substitute_id, fk.party_id) == ("substitute", w.reader_person.pk, w.fk.pk)
    assert recorded[w.af_manager.pk].status == "absent"
    assert recorded[w.school_head.pk].capacity == Attendance.Capacity.CO_OPTED
    assert recorded[w.fk_manager.pk].recorded_by == w.coordinator_user
    w.past.refresh_from_db()
    assert w.past.status == Meeting.Status.HELD

    page = client.get(url(w.past))
    summary = page.context["summary"]
    # Coordinator, Region and Alby present, FK through its substitute.
    assert summary["present"] == 4
    assert summary["substitutes"] == 1
    assert summary["absent"] == 2
    represented = {party.code: yes for party, yes in summary["parties"]}
    assert represented == {"fk": True, "af": False, "region": True, w.alby_party.code: True}
    # The form shows what was recorded.
    initial = {row.person.pk: row.form.initial["status"] for row in page.context["rows"]}
    assert initial[w.af_manager.pk] == "absent"
    assert initial[w.region_manager.pk] == "present"


def test_a_co_opted_member_does_not_make_a_party_represented(meeting_world, client_for):
    w = meeting_world
    data = everyone_present(w, **{f"p{w.ifo_manager.pk}-status": "absent"})
    client_for(w.coordinator_user).post(url(w.past), data)
    summary = client_for(w.fk_user).get(url(w.past)).context["summary"]
    represented = {party.code: yes for party, yes in summary["parties"]}
    # The school head (co-opted, Alby) was there, but Alby's member was not.
    assert represented[w.alby_party.code] is False


def test_recording_again_changes_the_rows(meeting_world, client_for):
    w = meeting_world
    client = client_for(w.coordinator_user)
    client.post(url(w.past), everyone_present(w))
    client.post(url(w.past), everyone_present(w, **{f"p{w.af_manager.pk}-status": "absent"}))
    assert Attendance.objects.filter(meeting=w.past).count() == 6
    assert Attendance.objects.get(meeting=w.past, person=w.af_manager).status == "absent"


def test_person_without_seat_is_refused_unless_marked_guest(meeting_world, client_for):
    w = meeting_world
    client = client_for(w.coordinator_user)
    data = everyone_present(w, **{"new-person": w.guest_person.pk, "new-status": "present"})
    response = client.post(url(w.past), data)
    assert response.status_code == 200
    assert NOT_IN_GROUP in response.content.decode()
    # Nothing saved, not even the valid rows.
    assert not Attendance.objects.filter(meeting=w.past).exists()
    w.past.refresh_from_db()
    assert w.past.status == Meeting.Status.SCHEDULED

    data["new-guest"] = "on"
    assert client.post(url(w.past), data).status_code == 302
    guest = Attendance.objects.get(meeting=w.past, person=w.guest_person)
    assert (guest.capacity, guest.status, guest.party_id) == ("guest", "present", None)
    # The guest now has a row of their own, shown with the capacity.
    body = client.get(url(w.past)).content.decode()
    assert f'id="id_p{w.guest_person.pk}-status"' in body
    assert "Gäst" in body


def test_a_person_whose_seat_ended_before_the_meeting_needs_guest(meeting_world):
    w = meeting_world
    former = make_person(w.federation, w.af, first_name="Fia", last_name="Förre")
    make_membership(
        former,
        w.mysam,
        valid_from=datetime.date(2020, 1, 1),
        valid_to=w.past.day - datetime.timedelta(days=1),
        role=Membership.Role.MEMBER,
    )
    rows = [
        (w.fk_manager, "present", None, "member"),
        (former, "present", None, "member"),
    ]
    with pytest.raises(services.ValidationError):
        services.record_attendance(w.past, rows, by=w.coordinator_user)
    assert not Attendance.objects.filter(meeting=w.past).exists()


def test_substitute_must_be_named(meeting_world, client_for):
    w = meeting_world
    data = everyone_present(w, **{f"p{w.fk_manager.pk}-status": "substitute"})
    response = client_for(w.coordinator_user).post(url(w.past), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ange vem som ersatte Fredrik Kassasson." in body
    assert 'class="error-summary"' in body
    assert not Attendance.objects.filter(meeting=w.past).exists()


def test_a_person_cannot_substitute_for_themselves(meeting_world, client_for):
    w = meeting_world
    data = everyone_present(
        w,
        **{
            f"p{w.fk_manager.pk}-status": "substitute",
            f"p{w.fk_manager.pk}-substitute": w.fk_manager.pk,
        },
    )
    page = client_for(w.coordinator_user).get(url(w.past))
    row = next(row for row in page.context["rows"] if row.person == w.fk_manager)
    choices = row.form.fields["substitute"].queryset
    assert w.fk_manager not in choices and w.af_manager in choices
    response = client_for(w.coordinator_user).post(url(w.past), data)
    assert response.status_code == 200
    assert f'href="#id_p{w.fk_manager.pk}-substitute"' in response.content.decode()
    assert not Attendance.objects.filter(meeting=w.past).exists()


def test_every_row_needs_a_status(meeting_world, client_for):
    w = meeting_world
    data = everyone_present(w)
    del data[f"p{w.af_manager.pk}-status"]
    response = client_for(w.coordinator_user).post(url(w.past), data)
    assert "Ange om Anna Arbetsson var närvarande" in response.content.decode()
    assert not Attendance.objects.filter(meeting=w.past).exists()


def test_attendance_before_the_meeting_has_started_is_refused(meeting_world, client_for):
    w = meeting_world
    client = client_for(w.coordinator_user)
    page = client.get(url(w.upcoming))
    body = page.content.decode()
    assert "Närvaro registreras när mötet har börjat." in body
    assert "Spara närvaron" not in body

    response = client.post(url(w.upcoming), everyone_present(w))
    assert response.status_code == 409
    assert "Närvaro registreras när mötet har börjat." in response.content.decode()
    assert not Attendance.objects.filter(meeting=w.upcoming).exists()
    w.upcoming.refresh_from_db()
    assert w.upcoming.status == Meeting.Status.SCHEDULED

    # Once the meeting has started, the same form is accepted.
    with time_machine.travel(w.upcoming.starts_at + datetime.timedelta(minutes=10), tick=False):
        client = client_for(w.coordinator_user)
        assert "Spara närvaron" in client.get(url(w.upcoming)).content.decode()
        assert client.post(url(w.upcoming), everyone_present(w)).status_code == 302
    assert Attendance.objects.filter(meeting=w.upcoming).count() == 6


def test_cancelled_meeting_takes_no_attendance(meeting_world, client_for):
    w = meeting_world
    services.cancel_meeting(w.past, reason="Sjukdom", by=w.admin)
    response = client_for(w.coordinator_user).post(url(w.past), everyone_present(w))
    assert response.status_code == 409
    assert "Mötet är inställt." in response.content.decode()
    assert not Attendance.objects.filter(meeting=w.past).exists()


def test_group_members_read_and_conveners_and_admins_record(meeting_world, client_for):
    w = meeting_world
    client_for(w.coordinator_user).post(
        url(w.past), everyone_present(w, **{f"p{w.af_manager.pk}-status": "absent"})
    )

    member = client_for(w.fk_user)
    page = member.get(url(w.past))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Spara närvaron" not in body
    assert "Frånvarande" in body
    refused = member.post(url(w.past), everyone_present(w))
    assert refused.status_code == 403
    assert Attendance.objects.get(meeting=w.past, person=w.af_manager).status == "absent"

    admin = client_for(w.admin)
    assert "Spara närvaron" in admin.get(url(w.past)).content.decode()
    assert admin.post(url(w.past), everyone_present(w)).status_code == 302
    assert Attendance.objects.get(meeting=w.past, person=w.af_manager).status == "present"

    for outsider in (w.reader, w.other_admin):
        client = client_for(outsider)
        assert client.get(url(w.past)).status_code == 404
        assert client.post(url(w.past), everyone_present(w)).status_code == 404


def test_attendance_page_of_unknown_meeting_is_404(meeting_world, client_for):
    client = client_for(meeting_world.coordinator_user)
    assert client.get(reverse("meetings:attendance", args=[999999])).status_code == 404
