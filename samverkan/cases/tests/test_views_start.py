"""The case officer's start page and the navigation to it."""

import datetime

from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import Case, Preparation
from tests.factories import give_consent, make_case

TODAY = timezone.localdate()
URL = reverse("cases:start")
LONG_AGO = TODAY - datetime.timedelta(days=400)


def section(html, title):
    """The part of the page from a section's title to the next table or heading."""
    start = html.index(title)
    ends = [i for i in (html.find("<caption>", start + 1), html.find("<h3", start + 1)) if i > 0]
    return html[start : min(ends) if ends else len(html)]


def test_user_without_case_seats_gets_a_friendly_page(team_world, client_for):
    response = client_for(team_world.kansli).get(URL)
    assert response.status_code == 200
    assert "Du sitter inte i något Trisam-team" in response.content.decode()


def test_awaiting_consent_is_shown_to_the_raising_party(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    html = client_for(w.rehab_user).get(URL).content.decode()
    assert "Trisam Alby hälsocentral" in html
    assert case.code in section(html, "Väntar på samtycke, aktualiserade av Regionen")
    assert reverse("cases:raise", args=[w.team.pk]) in html
    assert reverse("cases:team", args=[w.team.pk]) in html
    assert case.name not in html
    html = client_for(w.af_user).get(URL).content.decode()
    assert case.code not in html


def test_missing_preparation_and_awaiting_plan(team_world, client_for):
    w = team_world
    upcoming = make_case(w.team, w.rehab, raised_on=LONG_AGO)
    give_consent(upcoming, [w.region, w.af], w.rehab)
    upcoming.meeting_on = TODAY + datetime.timedelta(days=7)
    upcoming.save()
    held = make_case(w.team, w.rehab, raised_on=LONG_AGO)
    give_consent(held, [w.region, w.af], w.rehab)
    held.meeting_on = TODAY - datetime.timedelta(days=7)
    held.save()
    html = client_for(w.af_user).get(URL).content.decode()
    assert upcoming.code in section(html, "Förberedelse saknas inför teammöte")
    assert held.code in section(html, "Väntar på kartläggning och planering")
    Preparation.objects.create(case=upcoming, party=w.af, author=w.af_officer, note="Klart")
    html = client_for(w.af_user).get(URL).content.decode()
    assert upcoming.code not in section(html, "Förberedelse saknas inför teammöte")


def test_follow_ups_due_soon_and_overdue(team_world, client_for):
    w = team_world
    due_soon = make_case(w.team, w.rehab, raised_on=LONG_AGO)
    give_consent(due_soon, [w.region, w.af], w.rehab)
    due_soon.meeting_on = TODAY - datetime.timedelta(days=170)
    due_soon.save()
    overdue = make_case(w.team, w.rehab, raised_on=LONG_AGO)
    give_consent(overdue, [w.region, w.af], w.rehab)
    overdue.meeting_on = TODAY - datetime.timedelta(days=200)
    overdue.save()
    later = make_case(w.team, w.rehab, raised_on=LONG_AGO)
    give_consent(later, [w.region, w.af], w.rehab)
    later.meeting_on = TODAY - datetime.timedelta(days=30)
    later.save()
    html = client_for(w.rehab_user).get(URL).content.decode()
    due = section(html, "Uppföljning inom 30 dagar eller försenad")
    assert due_soon.code in due and overdue.code in due and later.code not in due
    assert "Försenad" in due
    Case.objects.filter(pk=overdue.pk).update(closed_on=TODAY, closure_reason="individual_left")
    html = client_for(w.rehab_user).get(URL).content.decode()
    assert overdue.code not in html


def test_navigation_shows_cases_and_log_only_to_those_who_use_them(team_world, client_for):
    w = team_world
    overview = reverse("structure:overview")
    html = client_for(w.rehab_user).get(overview).content.decode()
    assert f'href="{URL}"' in html
    assert f'href="{reverse("core:access_log")}"' not in html
    html = client_for(w.kansli).get(overview).content.decode()
    assert f'href="{URL}"' not in html
    html = client_for(w.log_reviewer).get(overview).content.decode()
    assert f'href="{reverse("core:access_log")}"' in html
    assert f'href="{URL}"' not in html
    html = client_for(w.rehab_user).get(URL).content.decode()
    assert f'<a href="{URL}" aria-current="page">Ärenden</a>' in html


def test_anonymous_is_sent_to_sign_in(team_world, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
