"""The personal calendar feed: a secret, revocable address with the user's meetings only."""

import datetime
import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from samverkan.meetings import series, services
from samverkan.meetings.models import CalendarFeed
from samverkan.structure.models import GroupKind
from tests.factories import TODAY, at, make_case, make_group, make_membership

SETTINGS = reverse("meetings:calendar_settings")
FEED_ADDRESS = re.compile(r"http://testserver/kalender/([A-Za-z0-9_-]+)\.ics")


def create_feed(client):
    """Press "Skapa ny adress"; returns the token shown on the page."""
    response = client.post(SETTINGS, {"action": "create"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    found = FEED_ADDRESS.findall(response.content.decode())
    assert len(found) == 1
    return found[0]


def fetch(token):
    """The feed as a calendar program fetches it: without signing in."""
    return Client().get(reverse("calendar_feed", args=[token]))


def events_of(response):
    cal = Calendar.from_ical(response.content)
    return cal, {str(event["UID"]): event for event in cal.walk("VEVENT")}


def days(n):
    return TODAY + datetime.timedelta(days=n)


def test_the_feed_lists_the_users_meetings(meeting_world, client_for):
    w = meeting_world
    token = create_feed(client_for(w.fk_user))
    response = fetch(token)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    cal, events = events_of(response)
    assert cal["METHOD"] == "PUBLISH"
    assert set(events) == {w.upcoming.uid, w.past.uid}
    event = events[w.upcoming.uid]
    assert str(event["SUMMARY"]) == "Mysam Alby"
    assert event.decoded("DTSTART") == w.upcoming.starts_at
    assert str(event["URL"]) == "http://testserver" + w.upcoming.get_absolute_url()
    assert event["STATUS"] == "CONFIRMED"


def test_only_meetings_of_the_users_groups_from_the_day_of_their_seat(meeting_world, client_for):
    w = meeting_world
    make_membership(w.fk_manager, w.county_board, valid_from=days(-10))
    before_seat = series.create_meeting(w.county_board, at(days(-20)), duration_minutes=60)
    after_seat = series.create_meeting(w.county_board, at(days(5)), duration_minutes=60)
    elsewhere = make_group(w.federation, GroupKind.WORKING_GROUP, name="Arbetsgrupp utan FK")
    not_mine = series.create_meeting(elsewhere, at(days(5)), duration_minutes=60)
    _cal, events = events_of(fetch(create_feed(client_for(w.fk_user))))
    assert after_seat.uid in events
    assert before_seat.uid not in events
    assert not_mine.uid not in events
    # The AF member does not sit in the county board at all.
    _cal, af_events = events_of(fetch(create_feed(client_for(w.af_user))))
    assert set(af_events) == {w.upcoming.uid, w.past.uid}


def test_a_cancelled_meeting_stays_in_the_feed_as_cancelled(meeting_world, client_for):
    w = meeting_world
    services.cancel_meeting(w.upcoming, reason="Krock", by=w.coordinator_user)
    _cal, events = events_of(fetch(create_feed(client_for(w.fk_user))))
    event = events[w.upcoming.uid]
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 1


def test_the_feed_holds_nothing_about_cases(meeting_world, client_for):
    w = meeting_world
    team_meeting = series.create_meeting(w.trisam, at(days(3)), duration_minutes=60)
    case = make_case(
        w.trisam, w.fk_manager, user=w.fk_user, name="Testa Hemligsson", team_meeting=team_meeting
    )
    assert case.team_meeting == team_meeting
    response = fetch(create_feed(client_for(w.fk_user)))
    _cal, events = events_of(response)
    assert str(events[team_meeting.uid]["SUMMARY"]) == "Trisam Alby hälsocentral"
    content = response.content.decode()
    assert case.code not in content
    assert "Hemligsson" not in content
    assert case.personal_number not in content


def test_only_the_hash_of_the_token_is_stored(meeting_world, client_for):
    w = meeting_world
    token = create_feed(client_for(w.fk_user))
    feed = CalendarFeed.objects.get(user=w.fk_user)
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not CalendarFeed.objects.filter(token_hash__contains=token).exists()
    # The settings page never shows the address again.
    page = client_for(w.fk_user).get(SETTINGS).content.decode()
    assert token not in page
    assert "Kalendern är påslagen sedan" in page


def test_a_fetch_is_recorded_as_last_use(meeting_world, client_for):
    w = meeting_world
    client = client_for(w.fk_user)
    token = create_feed(client)
    assert "Den har inte hämtats ännu." in client.get(SETTINGS).content.decode()
    fetch(token)
    assert CalendarFeed.objects.get(user=w.fk_user).last_used_at is not None
    assert "Senast hämtad" in client.get(SETTINGS).content.decode()


def test_a_revoked_token_stops_working(meeting_world, client_for):
    w = meeting_world
    client = client_for(w.fk_user)
    token = create_feed(client)
    response = client.post(SETTINGS, {"action": "revoke"}, follow=True)
    assert "Kalenderflödet är avstängt." in response.content.decode()
    assert "Du har ingen påslagen kalender." in response.content.decode()
    assert fetch(token).status_code == 404
    assert CalendarFeed.objects.get(user=w.fk_user).revoked_at is not None


def test_a_new_address_replaces_the_old_one(meeting_world, client_for):
    w = meeting_world
    client = client_for(w.fk_user)
    old = create_feed(client)
    new = create_feed(client)
    assert old != new
    assert fetch(old).status_code == 404
    assert fetch(new).status_code == 200
    assert CalendarFeed.objects.filter(user=w.fk_user, revoked_at__isnull=True).count() == 1


@pytest.mark.parametrize("token", ["x", "a" * 43])
def test_an_unknown_token_is_404(meeting_world, token):
    assert fetch(token).status_code == 404


def test_the_feed_of_a_deactivated_user_stops_working(meeting_world, client_for):
    w = meeting_world
    token = create_feed(client_for(w.fk_user))
    w.fk_user.is_active = False
    w.fk_user.save(update_fields=["is_active"])
    assert fetch(token).status_code == 404


def test_the_settings_need_a_signed_in_user(meeting_world):
    response = Client().get(SETTINGS)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert Client().post(SETTINGS, {"action": "create"}).status_code == 302
    assert not CalendarFeed.objects.exists()
