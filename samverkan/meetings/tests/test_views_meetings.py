"""The meeting pages: the lists, a year's series, one meeting, editing, cancelling, .ics."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samverkan.meetings import series, services
from samverkan.meetings.models import ActionItem, Attendance, Meeting, Minutes, PreRead
from samverkan.structure.models import GroupKind
from tests.factories import TODAY, at, make_case, make_decision, make_rule, publish

pytestmark = pytest.mark.django_db


def group_url(group, year=None):
    url = reverse("meetings:group", args=[group.pk])
    return f"{url}?year={year}" if year else url


def text_of(response):
    return response.content.decode()


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


# --- The list of groups -----------------------------------------------------------------------


def test_meeting_list_shows_the_users_groups_with_their_next_meeting(meeting_world, client_for):
    w = meeting_world
    response = client_for(w.fk_user).get(reverse("meetings:list"))
    html = text_of(response)
    assert response.status_code == 200
    assert group_url(w.mysam) in html
    assert reverse("meetings:meeting", args=[w.upcoming.pk]) in html
    # FK's manager sits in the Trisam team too, but not in the county board.
    assert group_url(w.trisam) in html
    assert group_url(w.county_board) not in html


def test_meeting_list_gives_administrators_every_group_by_kind(meeting_world, client_for):
    w = meeting_world
    html = text_of(client_for(w.admin).get(reverse("meetings:list")))
    for group in (w.mysam, w.trisam, w.county_board):
        assert group_url(group) in html
    assert "<caption>Mysam</caption>" in html
    assert "<caption>Trisam-team</caption>" in html


def test_meeting_list_for_someone_without_groups(meeting_world, client_for):
    html = text_of(client_for(meeting_world.reader).get(reverse("meetings:list")))
    assert "Du sitter inte i någon grupp" in html
    assert group_url(meeting_world.mysam) not in html


# --- A group's meetings -------------------------------------------------------------------------


def test_group_meetings_shows_the_year_and_the_rules_in_force(meeting_world, client_for):
    w = meeting_world
    year = w.upcoming.day.year
    response = client_for(w.coordinator_user).get(group_url(w.mysam, year))
    html = text_of(response)
    assert response.status_code == 200
    assert reverse("meetings:meeting", args=[w.upcoming.pk]) in html
    assert "Karin Koordinator" in html
    assert "0 av 4" in html  # no pre-reads yet from FK, AF, the Region and Alby
    assert "Mysam-strukturen 2016" in html
    assert "90 minuter" in html
    assert reverse("meetings:series", args=[w.mysam.pk]) in html
    assert reverse("meetings:create", args=[w.mysam.pk]) in html


def test_group_meetings_year_selector(meeting_world, client_for):
    w = meeting_world
    html = text_of(client_for(w.fk_user).get(group_url(w.mysam, 2019)))
    assert "Gruppen har inga möten inlagda för 2019." in html
    assert reverse("meetings:meeting", args=[w.upcoming.pk]) not in html
    # A year that makes no sense falls back to the current one.
    response = client_for(w.fk_user).get(group_url(w.mysam) + "?year=abc")
    assert response.context["year"] == timezone.localdate().year


def test_group_meetings_readers_see_no_planning_links(meeting_world, client_for):
    w = meeting_world
    html = text_of(client_for(w.fk_user).get(group_url(w.mysam)))
    assert reverse("meetings:series", args=[w.mysam.pk]) not in html
    assert reverse("meetings:create", args=[w.mysam.pk]) not in html


@pytest.mark.parametrize("who", ["reader", "other_admin"])
def test_group_meetings_hidden_from_outsiders(meeting_world, client_for, who):
    response = client_for(getattr(meeting_world, who)).get(group_url(meeting_world.mysam))
    assert response.status_code == 404


def test_group_meetings_query_count_does_not_grow_with_meetings(
    meeting_world, client_for, django_assert_max_num_queries
):
    w = meeting_world
    year = TODAY.year + 3
    for week in range(40):
        meeting = series.create_meeting(
            w.mysam, at(datetime.date(year, 1, 5) + datetime.timedelta(weeks=week))
        )
        PreRead.objects.create(
            meeting=meeting,
            party=w.fk,
            text="Läget",
            submitted_at=timezone.now(),
            updated_at=timezone.now(),
        )
        Minutes.objects.create(meeting=meeting, number=1)
    client = client_for(w.coordinator_user)
    with django_assert_max_num_queries(18):
        response = client.get(group_url(w.mysam, year))
    assert len(response.context["rows"]) == 40
    assert text_of(response).count("1 av 4") == 40


# --- Series ------------------------------------------------------------------------------------


def series_url(group):
    return reverse("meetings:series", args=[group.pk])


def series_data(year, action="preview", **extra):
    return {
        "year": year,
        "weekday": 2,
        "start_time": "09:30",
        "location": "Kommunhuset",
        "default_minutes": 120,
        "action": action,
        **extra,
    }


def test_series_preview_shows_the_planned_meetings_and_saves_nothing(meeting_world, client_for):
    w = meeting_world
    year = TODAY.year + 2
    response = client_for(w.coordinator_user).post(series_url(w.mysam), series_data(year))
    html = text_of(response)
    assert response.status_code == 200
    assert len(response.context["rows"]) == 4
    assert html.count("skapas") == 4
    assert "Mysam-strukturen 2016" in html
    assert "90 minuter" in html and "(enligt beslut)" in html  # not the 120 given
    assert "Skapa 4 möten" in html
    assert not Meeting.objects.filter(group=w.mysam, starts_at__year=year).exists()


def test_series_preview_by_get(meeting_world, client_for):
    w = meeting_world
    year = TODAY.year + 2
    response = client_for(w.coordinator_user).get(series_url(w.mysam), series_data(year))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 4
    assert not Meeting.objects.filter(group=w.mysam, starts_at__year=year).exists()


def test_series_create_makes_the_meetings_once(meeting_world, client_for):
    w = meeting_world
    year = TODAY.year + 2
    client = client_for(w.coordinator_user)
    response = client.post(series_url(w.mysam), series_data(year, "create"), follow=True)
    assert response.redirect_chain[-1][0] == group_url(w.mysam, year)
    assert "4 möten har lagts in för" in " ".join(shown_messages(response))
    created = Meeting.objects.filter(group=w.mysam, starts_at__year=year)
    assert created.count() == 4
    for meeting in created:
        local = timezone.localtime(meeting.starts_at)
        assert (local.weekday(), local.time()) == (2, datetime.time(9, 30))
        assert meeting.duration_minutes == 90
        assert meeting.location == "Kommunhuset"
        assert meeting.convener == w.coordinator
        assert list(meeting.decisions.all()) == [w.decision]
    # The second time every slot exists: nothing is duplicated.
    preview = client.post(series_url(w.mysam), series_data(year))
    assert text_of(preview).count("Finns redan") == 4
    again = client.post(series_url(w.mysam), series_data(year, "create"), follow=True)
    assert "inga nya möten" in " ".join(shown_messages(again))
    assert Meeting.objects.filter(group=w.mysam, starts_at__year=year).count() == 4


def test_series_default_length_used_where_no_decision_gives_one(meeting_world, client_for):
    w = meeting_world
    w.mysam_rule.meeting_minutes = None
    w.mysam_rule.save()
    year = TODAY.year + 2
    client = client_for(w.admin)
    preview = client.post(series_url(w.mysam), series_data(year))
    assert "(ditt förval)" in text_of(preview)
    client.post(series_url(w.mysam), series_data(year, "create"))
    minutes = set(
        Meeting.objects.filter(group=w.mysam, starts_at__year=year).values_list(
            "duration_minutes", flat=True
        )
    )
    assert minutes == {120}


def test_series_refused_for_a_year_without_a_decision(meeting_world, client_for):
    w = meeting_world
    response = client_for(w.coordinator_user).post(series_url(w.mysam), series_data(2010, "create"))
    assert response.status_code == 200
    assert "Inget beslut anger hur många möten gruppen ska ha under 2010." in text_of(response)
    assert not Meeting.objects.filter(group=w.mysam, starts_at__year=2010).exists()


def test_series_bad_input_is_refused(meeting_world, client_for):
    w = meeting_world
    data = series_data(TODAY.year + 2, "create", start_time="", default_minutes=0)
    response = client_for(w.coordinator_user).post(series_url(w.mysam), data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"start_time", "default_minutes"}
    assert "Formuläret innehåller fel" in text_of(response)
    assert not Meeting.objects.filter(group=w.mysam, starts_at__year=TODAY.year + 2).exists()


def test_series_is_for_managers_only(meeting_world, client_for):
    w = meeting_world
    year = TODAY.year + 2
    assert client_for(w.fk_user).get(series_url(w.mysam)).status_code == 403
    response = client_for(w.fk_user).post(series_url(w.mysam), series_data(year, "create"))
    assert response.status_code == 403
    assert (
        client_for(w.reader).post(series_url(w.mysam), series_data(year, "create")).status_code
        == 404
    )
    assert not Meeting.objects.filter(group=w.mysam, starts_at__year=year).exists()


def test_series_across_the_2022_reorganisation_takes_each_dates_rules(meeting_world, client_for):
    """A decision from mid-year: slots before it keep the old length, slots after take the new."""
    w = meeting_world
    year = TODAY.year + 2
    change = make_decision(
        w.federation, title="Omorganisationen", effective_from=datetime.date(year, 7, 1)
    )
    make_rule(change, GroupKind.MYSAM, meeting_minutes=60, information_items_allowed=False)
    client_for(w.admin).post(series_url(w.mysam), series_data(year, "create"))
    meetings = list(Meeting.objects.filter(group=w.mysam, starts_at__year=year))
    assert [m.duration_minutes for m in meetings] == [90, 90, 60, 60]
    assert [m.information_items_allowed for m in meetings] == [True, True, False, False]
    assert change in meetings[-1].decisions.all()


# --- A single new meeting ------------------------------------------------------------------------


def create_url(group):
    return reverse("meetings:create", args=[group.pk])


def test_create_meeting_applies_the_rules(meeting_world, client_for):
    w = meeting_world
    day = TODAY + datetime.timedelta(days=60)
    response = client_for(w.coordinator_user).post(
        create_url(w.mysam), {"day": day.isoformat(), "start_time": "10:00", "location": "Rum 3"}
    )
    meeting = Meeting.objects.get(group=w.mysam, starts_at=at(day, 10))
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.duration_minutes == 90
    assert meeting.location == "Rum 3"
    assert meeting.pre_read_deadline == series.default_deadline(day, series.rules_for(w.mysam, day))
    assert meeting.agenda_items.filter(title="Erfarenheter från Trisam").exists()


def test_create_meeting_warns_about_an_overlap(meeting_world, client_for):
    w = meeting_world
    day = w.upcoming.day
    response = client_for(w.coordinator_user).post(
        create_url(w.mysam),
        {"day": day.isoformat(), "start_time": "13:30", "duration_minutes": "30"},
        follow=True,
    )
    assert Meeting.objects.filter(group=w.mysam, starts_at=at(day, 13, 30)).exists()
    assert any("krockar" in message for message in shown_messages(response))
    assert "Mötet krockar med gruppens" in text_of(response)  # also on the meeting's page


def test_create_meeting_refuses_a_day_when_the_group_is_not_active(meeting_world, client_for):
    w = meeting_world
    w.mysam.ended_on = TODAY
    w.mysam.save()
    day = TODAY + datetime.timedelta(days=10)
    before = Meeting.objects.count()
    response = client_for(w.coordinator_user).post(
        create_url(w.mysam), {"day": day.isoformat(), "start_time": "10:00"}
    )
    assert response.status_code == 200
    assert "Gruppen är inte verksam den dagen." in text_of(response)
    assert Meeting.objects.count() == before


def test_create_meeting_refuses_missing_time(meeting_world, client_for):
    w = meeting_world
    before = Meeting.objects.count()
    response = client_for(w.coordinator_user).post(
        create_url(w.mysam), {"day": "", "start_time": "25:00"}
    )
    assert set(response.context["form"].errors) == {"day", "start_time"}
    assert Meeting.objects.count() == before


def test_create_meeting_is_for_managers_only(meeting_world, client_for):
    w = meeting_world
    before = Meeting.objects.count()
    data = {"day": (TODAY + datetime.timedelta(days=5)).isoformat(), "start_time": "10:00"}
    assert client_for(w.fk_user).post(create_url(w.mysam), data).status_code == 403
    assert client_for(w.other_admin).post(create_url(w.mysam), data).status_code == 404
    assert Meeting.objects.count() == before


# --- One meeting's page --------------------------------------------------------------------------


def test_meeting_page_shows_the_meeting_and_its_rules(meeting_world, client_for):
    w = meeting_world
    ActionItem.objects.create(meeting=w.past, title="Ta fram en rutin", owner=w.fk_manager)
    publish(w.past, w.coordinator_user)
    response = client_for(w.fk_user).get(w.upcoming.get_absolute_url())
    html = text_of(response)
    assert response.status_code == 200
    assert "Kommunhuset, Alby" in html
    assert "Karin Koordinator" in html
    assert "Mysam-strukturen 2016" in html
    assert "Erfarenheter från Trisam" in html
    assert "Uppföljning av åtgärder" in html and "Ta fram en rutin" in html
    assert reverse("meetings:ics", args=[w.upcoming.pk]) in html
    # A reader gets no links to change the meeting.
    assert reverse("meetings:edit", args=[w.upcoming.pk]) not in html
    assert reverse("meetings:cancel", args=[w.upcoming.pk]) not in html


def test_meeting_page_links_changes_for_managers(meeting_world, client_for):
    w = meeting_world
    html = text_of(client_for(w.coordinator_user).get(w.upcoming.get_absolute_url()))
    assert reverse("meetings:edit", args=[w.upcoming.pk]) in html
    assert reverse("meetings:cancel", args=[w.upcoming.pk]) in html


def test_meeting_page_of_a_trisam_team_lists_its_cases_by_code(meeting_world, client_for):
    w = meeting_world
    team_meeting = series.create_meeting(
        w.trisam, at(TODAY + datetime.timedelta(days=3)), duration_minutes=60
    )
    case = make_case(
        w.trisam, w.fk_manager, user=w.fk_user, name="Testa Hemligsson", team_meeting=team_meeting
    )
    response = client_for(w.fk_user).get(team_meeting.get_absolute_url())
    html = text_of(response)
    assert response.status_code == 200
    assert "Ärenden på mötet" in html
    assert reverse("cases:case", args=[case.code]) in html
    assert "Hemligsson" not in html
    # The förbund's office plans the meeting but has no case seat: no cases listed.
    office_html = text_of(client_for(w.admin).get(team_meeting.get_absolute_url()))
    assert "Trisam Alby hälsocentral" in office_html
    assert case.code not in office_html
    assert "Ärenden på mötet" not in office_html


@pytest.mark.parametrize("who", ["reader", "other_admin"])
def test_meeting_page_hidden_from_outsiders(meeting_world, client_for, who):
    w = meeting_world
    assert client_for(getattr(w, who)).get(w.upcoming.get_absolute_url()).status_code == 404


# --- Editing a meeting ---------------------------------------------------------------------------


def edit_url(meeting):
    return reverse("meetings:edit", args=[meeting.pk])


def edit_data(meeting, **changes):
    local = timezone.localtime(meeting.starts_at)
    data = {
        "day": local.date().isoformat(),
        "start_time": local.strftime("%H:%M"),
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
        "pre_read_deadline": meeting.pre_read_deadline.isoformat()
        if meeting.pre_read_deadline
        else "",
        "version": meeting.version,
    }
    data.update(changes)
    return data


def assert_moved_with_the_default_deadline(response, meeting, new_day):
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.day == new_day
    assert meeting.pre_read_deadline == series.default_deadline(
        new_day, series.rules_for(meeting.group, new_day)
    )


def test_edit_moves_the_meeting_and_its_untouched_deadline(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    new_day = meeting.day + datetime.timedelta(days=7)
    response = client_for(w.coordinator_user).post(
        edit_url(meeting), edit_data(meeting, day=new_day.isoformat())
    )
    assert_moved_with_the_default_deadline(response, meeting, new_day)
    assert meeting.sequence == 1


def test_edit_moves_an_untouched_hand_set_deadline_too(meeting_world, client_for):
    """Moved earlier, the old deadline would fall after the new date: it follows the meeting."""
    w = meeting_world
    meeting = w.upcoming
    Meeting.objects.filter(pk=meeting.pk).update(
        pre_read_deadline=meeting.day - datetime.timedelta(days=1)
    )
    meeting.refresh_from_db()
    new_day = meeting.day - datetime.timedelta(days=8)
    response = client_for(w.coordinator_user).post(
        edit_url(meeting), edit_data(meeting, day=new_day.isoformat())
    )
    assert_moved_with_the_default_deadline(response, meeting, new_day)


def test_edit_keeps_a_deadline_the_user_changed(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    new_day = meeting.day + datetime.timedelta(days=7)
    chosen = new_day - datetime.timedelta(days=1)
    client_for(w.coordinator_user).post(
        edit_url(meeting),
        edit_data(meeting, day=new_day.isoformat(), pre_read_deadline=chosen.isoformat()),
    )
    meeting.refresh_from_db()
    assert (meeting.day, meeting.pre_read_deadline) == (new_day, chosen)


def test_edit_across_a_rule_change_takes_the_new_dates_rules(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    assert meeting.information_items_allowed
    change_day = meeting.day + datetime.timedelta(days=20)
    later = make_decision(w.federation, title="Inga informationspunkter", effective_from=change_day)
    make_rule(later, GroupKind.MYSAM, information_items_allowed=False, pre_reads_required=True)
    new_day = change_day + datetime.timedelta(days=5)
    response = client_for(w.coordinator_user).post(
        edit_url(meeting), edit_data(meeting, day=new_day.isoformat()), follow=True
    )
    meeting.refresh_from_db()
    assert meeting.day == new_day
    assert not meeting.information_items_allowed
    assert meeting.pre_reads_required
    assert meeting.rules_day == new_day
    assert set(meeting.decisions.all()) == {later, w.decision}
    assert meeting.duration_minutes == 90
    assert "Inga informationspunkter" in text_of(response)  # the decision named on the page
    # Moved back before the change, the meeting takes the old rules again.
    client_for(w.coordinator_user).post(
        edit_url(meeting),
        edit_data(meeting, day=(change_day - datetime.timedelta(days=2)).isoformat()),
    )
    meeting.refresh_from_db()
    assert meeting.information_items_allowed
    assert list(meeting.decisions.all()) == [w.decision]


def test_edit_refuses_a_deadline_on_or_after_the_meeting(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    before = (meeting.starts_at, meeting.pre_read_deadline, meeting.version)
    response = client_for(w.coordinator_user).post(
        edit_url(meeting), edit_data(meeting, pre_read_deadline=meeting.day.isoformat())
    )
    assert response.status_code == 200
    assert "Sista dag för förhandsinformation måste ligga före mötesdagen." in text_of(response)
    assert "pre_read_deadline" in response.context["form"].errors
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.pre_read_deadline, meeting.version) == before


def test_edit_of_time_sends_an_update_when_invited(
    meeting_world, client_for, django_capture_on_commit_callbacks
):
    w = meeting_world
    meeting = w.upcoming
    services.send_invitation(meeting, by=w.coordinator_user)
    meeting.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(w.coordinator_user).post(
            edit_url(meeting), edit_data(meeting, start_time="15:00"), follow=True
        )
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).time() == datetime.time(15, 0)
    assert meeting.sequence == 1
    # The update goes out when the change is committed (here: when the capture ends), so the
    # page's message about it cannot be seen inside the test's transaction.
    assert len(mail.outbox) == 1
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1])
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "REQUEST"
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (meeting.uid, 1)


def test_edit_without_invitation_sends_nothing(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    client_for(w.coordinator_user).post(edit_url(meeting), edit_data(meeting, location="Nytt rum"))
    meeting.refresh_from_db()
    assert meeting.location == "Nytt rum"
    assert mail.outbox == []


def test_edit_warns_about_an_overlap(meeting_world, client_for):
    w = meeting_world
    other = series.create_meeting(w.mysam, at(w.upcoming.day + datetime.timedelta(days=1), 10))
    response = client_for(w.coordinator_user).post(
        edit_url(w.upcoming),
        edit_data(w.upcoming, day=other.day.isoformat(), start_time="11:00"),
        follow=True,
    )
    assert any("krockar" in message for message in shown_messages(response))


def test_edit_refuses_a_stale_form(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    data = edit_data(meeting, location="Mitt rum")
    Meeting.objects.filter(pk=meeting.pk).update(
        location="Någon annans rum", version=meeting.version + 1
    )
    response = client_for(w.coordinator_user).post(edit_url(meeting), data)
    assert response.status_code == 409
    meeting.refresh_from_db()
    assert meeting.location == "Någon annans rum"


def test_edit_of_a_cancelled_meeting_is_refused(meeting_world, client_for):
    w = meeting_world
    meeting = services.cancel_meeting(w.upcoming, reason="", by=w.coordinator_user)
    response = client_for(w.coordinator_user).post(
        edit_url(meeting), edit_data(meeting, location="Annat"), follow=True
    )
    assert "Mötet är inställt och kan inte längre ändras." in shown_messages(response)
    meeting.refresh_from_db()
    assert meeting.location == "Kommunhuset, Alby"


def test_edit_is_for_managers_only(meeting_world, client_for):
    w = meeting_world
    meeting = w.upcoming
    data = edit_data(meeting, location="Annat")
    assert client_for(w.fk_user).get(edit_url(meeting)).status_code == 403
    assert client_for(w.fk_user).post(edit_url(meeting), data).status_code == 403
    assert client_for(w.reader).post(edit_url(meeting), data).status_code == 404
    meeting.refresh_from_db()
    assert meeting.location == "Kommunhuset, Alby"


# --- Cancelling ----------------------------------------------------------------------------------


def cancel_url(meeting):
    return reverse("meetings:cancel", args=[meeting.pk])


def test_cancel_without_invitation_sends_nothing(
    meeting_world, client_for, django_capture_on_commit_callbacks
):
    w = meeting_world
    client = client_for(w.coordinator_user)
    assert "Ingen kallelse har skickats" in text_of(client.get(cancel_url(w.upcoming)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(cancel_url(w.upcoming), {"reason": "Sjukdom"})
    assert response.status_code == 302
    w.upcoming.refresh_from_db()
    assert w.upcoming.is_cancelled
    assert w.upcoming.cancel_reason == "Sjukdom"
    assert mail.outbox == []


def test_cancel_after_invitation_tells_the_calendars(
    meeting_world, client_for, django_capture_on_commit_callbacks
):
    w = meeting_world
    services.send_invitation(w.upcoming, by=w.coordinator_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(w.admin).post(cancel_url(w.upcoming), {"reason": ""})
    w.upcoming.refresh_from_db()
    assert w.upcoming.is_cancelled
    assert len(mail.outbox) == 1
    calendar = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["UID"]) == w.upcoming.uid


def test_cancel_refused_once_attendance_is_recorded(meeting_world, client_for):
    w = meeting_world
    Attendance.objects.create(
        meeting=w.past, person=w.fk_manager, party=w.fk, status=Attendance.Status.PRESENT
    )
    response = client_for(w.coordinator_user).post(cancel_url(w.past), {"reason": ""}, follow=True)
    assert "Mötet har närvaro eller minnesanteckningar och kan inte ställas in." in shown_messages(
        response
    )
    w.past.refresh_from_db()
    assert not w.past.is_cancelled


def test_cancel_is_for_managers_only(meeting_world, client_for):
    w = meeting_world
    assert client_for(w.fk_user).post(cancel_url(w.upcoming), {"reason": ""}).status_code == 403
    assert client_for(w.other_admin).post(cancel_url(w.upcoming), {}).status_code == 404
    w.upcoming.refresh_from_db()
    assert not w.upcoming.is_cancelled


# --- Calendar file -------------------------------------------------------------------------------


def test_ics_download_parses_as_one_event(meeting_world, client_for):
    w = meeting_world
    response = client_for(w.fk_user).get(reverse("meetings:ics", args=[w.upcoming.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"mote-mysam-alby-{w.upcoming.day:%Y-%m-%d}.ics" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["UID"]) == w.upcoming.uid
    assert events[0].decoded("DTSTART") == w.upcoming.starts_at
    assert events[0].decoded("DTEND") == w.upcoming.ends_at
    assert str(events[0]["LOCATION"]) == "Kommunhuset, Alby"


def event_url(response):
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    return str(event["URL"])


def test_ics_links_to_site_url_when_it_is_set(meeting_world, client_for, settings):
    w = meeting_world
    settings.SITE_URL, settings.SITE_URL_FROM_REQUEST = "https://samverkan.example.org", False
    response = client_for(w.fk_user).get(
        reverse("meetings:ics", args=[w.upcoming.pk]), HTTP_HOST="127.0.0.1:8123"
    )
    assert event_url(response) == "https://samverkan.example.org" + w.upcoming.get_absolute_url()


def test_ics_in_development_links_to_the_address_the_server_answers_on(
    meeting_world, client_for, settings, django_capture_on_commit_callbacks
):
    # DEBUG=1 without SITE_URL: the server may run on another port than the default 8000.
    w = meeting_world
    settings.SITE_URL, settings.SITE_URL_FROM_REQUEST = "http://127.0.0.1:8000", True
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    here = "http://127.0.0.1:8123" + w.upcoming.get_absolute_url()
    response = client_for(w.fk_user).get(
        reverse("meetings:ics", args=[w.upcoming.pk]), HTTP_HOST="127.0.0.1:8123"
    )
    assert event_url(response) == here

    # The calendar entry of a cancellation sent from the page links there too.
    services.send_invitation(w.upcoming, by=w.coordinator_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(w.coordinator_user).post(
            cancel_url(w.upcoming), {"reason": ""}, HTTP_HOST="127.0.0.1:8123"
        )
    [event] = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")
    assert str(event["URL"]) == here


def test_ics_hidden_from_outsiders(meeting_world, client_for):
    w = meeting_world
    assert (
        client_for(w.reader).get(reverse("meetings:ics", args=[w.upcoming.pk])).status_code == 404
    )


# --- The group page links to the meetings --------------------------------------------------------


def test_group_page_links_to_meetings_for_members_only(meeting_world, client_for):
    w = meeting_world
    link = group_url(w.mysam)
    assert link in text_of(client_for(w.fk_user).get(w.mysam.get_absolute_url()))
    assert link not in text_of(client_for(w.reader).get(w.mysam.get_absolute_url()))


def test_a_meeting_with_published_minutes_is_not_moved(meeting_world, client_for):
    w = meeting_world
    publish(w.past, w.coordinator_user)
    before = (w.past.starts_at, w.past.duration_minutes)
    response = client_for(w.coordinator_user).post(
        edit_url(w.past), edit_data(w.past, start_time="15:00"), follow=True
    )
    w.past.refresh_from_db()
    assert (w.past.starts_at, w.past.duration_minutes) == before
    assert "Minnesanteckningarna är publicerade" in response.content.decode()
