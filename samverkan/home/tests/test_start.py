"""The start page: next meetings, pre-reads the user's party owes, open action items, shortcuts.

`meeting_world`: Mysam Alby meets in 14 days ("upcoming") and met 30 days ago ("past"); FK's
manager sits in Mysam Alby and is a case officer in the Trisam team.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samverkan.meetings import series, services
from samverkan.meetings.models import ActionItem, Meeting
from samverkan.structure.models import GroupKind, Membership
from tests.factories import TODAY, at, make_group, make_membership, make_person, make_user

URL = reverse("start")
DAY = datetime.timedelta(days=1)


def require_pre_reads(*meetings):
    Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(pre_reads_required=True)


def owed_pairs(response):
    return [(meeting, party) for meeting, party, _overdue in response.context["owed"]]


# --- Next meetings -------------------------------------------------------------------------------


def test_next_meetings_are_those_of_the_users_groups(meeting_world, client_for):
    w = meeting_world
    bergby = make_group(w.federation, GroupKind.MYSAM, name="Mysam Bergby", municipality=w.bergby)
    # FK's manager sits in Mysam Bergby until day 20 only.
    make_membership(w.fk_manager, bergby, valid_from=TODAY - 10 * DAY, valid_to=TODAY + 20 * DAY)
    while_seated = series.create_meeting(bergby, at(TODAY + 10 * DAY))
    after_seat = series.create_meeting(bergby, at(TODAY + 30 * DAY))
    cancelled = series.create_meeting(w.mysam, at(TODAY + 21 * DAY))
    services.cancel_meeting(cancelled, reason="Krockar med utbildning", by=None)

    response = client_for(w.fk_user).get(URL)

    assert response.status_code == 200
    assert response.context["meetings"] == [while_seated, w.upcoming]
    page = response.content.decode()
    assert "Mina nästa möten" in page
    assert "Kommunhuset, Alby" in page
    assert w.upcoming.day.isoformat() in page
    assert reverse("meetings:meeting", args=[w.upcoming.pk]) in page
    assert reverse("meetings:meeting", args=[w.past.pk]) not in page
    assert reverse("meetings:meeting", args=[after_seat.pk]) not in page
    assert reverse("meetings:meeting", args=[cancelled.pk]) not in page


def test_a_user_without_seats_has_no_meetings(meeting_world, client_for):
    response = client_for(meeting_world.reader).get(URL)

    assert response.status_code == 200
    assert response.context["meetings"] == []
    assert "Du har inga kommande möten." in response.content.decode()


# --- Pre-reads owed ------------------------------------------------------------------------------


def test_pre_reads_owed_by_the_users_party(meeting_world, client_for):
    w = meeting_world
    require_pre_reads(w.upcoming)

    response = client_for(w.fk_user).get(URL)

    assert owed_pairs(response) == [(w.upcoming, w.fk)]
    page = response.content.decode()
    assert reverse("meetings:pre_read_submit", args=[w.upcoming.pk, w.fk.pk]) in page
    assert reverse("meetings:pre_read_submit", args=[w.upcoming.pk, w.af.pk]) not in page
    assert w.upcoming.pre_read_deadline.isoformat() in page
    assert "Sista dagen har passerat" not in page


def test_a_sent_pre_read_is_no_longer_owed(meeting_world, client_for):
    w = meeting_world
    require_pre_reads(w.upcoming)
    w.upcoming.refresh_from_db()
    services.submit_pre_read(w.upcoming, w.fk, text="Läget hos FK.", by=w.fk_user)
    services.submit_pre_read(w.upcoming, w.af, text="Läget hos AF.", by=w.af_user)

    assert client_for(w.fk_user).get(URL).context["owed"] == []
    # The region has not sent its own.
    assert owed_pairs(client_for(w.region_user).get(URL)) == [(w.upcoming, w.region)]


def test_co_opted_members_owe_no_pre_read_but_ordinary_members_do(meeting_world, client_for):
    w = meeting_world
    require_pre_reads(w.upcoming)

    assert client_for(w.school_user).get(URL).context["owed"] == []
    assert owed_pairs(client_for(w.ifo_user).get(URL)) == [(w.upcoming, w.alby_party)]


def test_meetings_without_required_pre_reads_owe_nothing(meeting_world, client_for):
    response = client_for(meeting_world.fk_user).get(URL)

    assert response.context["owed"] == []
    assert "Din part är inte skyldig någon förhandsinformation just nu." in (
        response.content.decode()
    )


def test_a_passed_deadline_is_marked(meeting_world, client_for):
    w = meeting_world
    soon = series.create_meeting(w.mysam, at(TODAY + 2 * DAY))
    require_pre_reads(soon)

    response = client_for(w.fk_user).get(URL)

    assert response.context["owed"][0] == (soon, w.fk, True)
    assert "Sista dagen har passerat" in response.content.decode()


# --- Open action items ---------------------------------------------------------------------------


def test_only_the_users_own_open_action_items(meeting_world, client_for):
    w = meeting_world
    late = ActionItem.objects.create(
        meeting=w.past, title="Ta fram statistik", owner=w.fk_manager, due_on=TODAY - 5 * DAY
    )
    later = ActionItem.objects.create(
        meeting=w.past, title="Boka lokal", owner=w.fk_manager, due_on=TODAY + 30 * DAY
    )
    ActionItem.objects.create(
        meeting=w.past,
        title="Skicka inbjudan",
        owner=w.fk_manager,
        status=ActionItem.Status.DONE,
        closed_on=TODAY,
    )
    ActionItem.objects.create(meeting=w.past, title="AF:s åtgärd", owner=w.af_manager)

    response = client_for(w.fk_user).get(URL)

    assert response.context["action_items"] == [late, later]
    page = response.content.decode()
    assert "Ta fram statistik" in page and "Boka lokal" in page
    assert "Skicka inbjudan" not in page and "AF:s åtgärd" not in page
    assert page.count("Försenad") == 1
    assert reverse("meetings:action_item_status", args=[late.pk]) in page


# --- Shortcuts -----------------------------------------------------------------------------------


def test_case_team_members_get_a_link_to_their_cases(meeting_world, client_for):
    w = meeting_world
    card = f'<a href="{reverse("cases:start")}">Till ärendena</a>'

    # FK's manager is a case officer in the Trisam team; the AF manager is in no team.
    assert card in client_for(w.fk_user).get(URL).content.decode()
    assert card not in client_for(w.af_user).get(URL).content.decode()


def test_conveners_get_their_groups(meeting_world, client_for):
    w = meeting_world
    response = client_for(w.coordinator_user).get(URL)

    assert response.context["convened"] == [w.mysam]
    assert reverse("meetings:group", args=[w.mysam.pk]) in response.content.decode()
    assert client_for(w.fk_user).get(URL).context["convened"] == []


def test_the_forbunds_staff_get_the_follow_up(meeting_world, client_for):
    w = meeting_world
    follow_up = reverse("meetings:follow_up")

    assert follow_up in client_for(w.admin).get(URL).content.decode()
    assert follow_up not in client_for(w.fk_user).get(URL).content.decode()


def test_a_process_leader_is_told_what_the_role_does_here(meeting_world, client_for):
    w = meeting_world
    process = make_group(w.federation, GroupKind.WORKING_GROUP, name="Trisam processledning")
    leader = make_person(w.federation, w.fk, first_name="Pia")
    make_membership(leader, process, role=Membership.Role.PROCESS_LEADER, valid_from=TODAY)
    former = make_person(w.federation, w.fk, first_name="Per")
    make_membership(
        former,
        process,
        role=Membership.Role.PROCESS_LEADER,
        valid_from=TODAY - 400 * DAY,
        valid_to=TODAY - DAY,
    )

    page = client_for(make_user(leader)).get(URL).content.decode()

    assert "Processledning för Trisam" in page
    assert "Ärendena ser bara teamens egna medlemmar" in page
    assert f'href="{reverse("structure:groups")}?kind=trisam"' in page
    assert f'href="{reverse("structure:coverage")}"' in page
    assert f'href="{reverse("followup:dashboard")}"' in page  # the goals, protected
    # Only a seat held today counts, and other roles do not get the card.
    assert (
        "Processledning för Trisam" not in client_for(make_user(former)).get(URL).content.decode()
    )
    assert "Processledning för Trisam" not in client_for(w.fk_user).get(URL).content.decode()


def test_a_user_without_a_person_gets_a_friendly_note(meeting_world, client_for):
    response = client_for(make_user(username="utan-person")).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Din inloggning är inte kopplad till någon person" in page
    assert reverse("structure:overview") in page
    assert "Mina nästa möten" not in page


def test_signed_out_visitors_are_sent_to_sign_in(meeting_world, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- Queries -------------------------------------------------------------------------------------


def test_a_fixed_number_of_queries(meeting_world, client_for, django_assert_max_num_queries):
    w = meeting_world
    require_pre_reads(w.upcoming)
    client = client_for(w.fk_user)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)

    meetings = [series.create_meeting(w.mysam, at(TODAY + n * DAY)) for n in range(15, 40)]
    require_pre_reads(*meetings)
    for n, meeting in enumerate([w.past, *meetings[:5]]):
        ActionItem.objects.create(
            meeting=meeting, title=f"Åtgärd {n}", owner=w.fk_manager, due_on=meeting.day
        )
        ActionItem.objects.create(meeting=meeting, title=f"Utan datum {n}", owner=w.fk_manager)
    # Two of them ask whether the user reads the follow-up of the goals, one whether they
    # report to Uppföljning Finsam.
    assert len(few) <= 17
    with django_assert_max_num_queries(len(few)):
        response = client.get(URL)

    assert len(response.context["meetings"]) == 10
    assert len(response.context["owed"]) == 20
    assert len(response.context["action_items"]) == 12
