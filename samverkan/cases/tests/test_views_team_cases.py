"""A team's case list: filters, names only where allowed (and logged), no query per case."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import Case
from samverkan.core.models import AccessLogEntry
from tests.factories import give_consent, make_case

TODAY = timezone.localdate()


def url(team):
    return reverse("cases:team", args=[team.pk])


@pytest.fixture
def cases(team_world):
    w = team_world
    own = make_case(w.team, w.rehab, name="Nina Nilsson")
    shared = make_case(w.team, w.rehab, name="Sam Samsson")
    give_consent(shared, [w.region, w.af], w.rehab)
    by_af = make_case(w.team, w.af_officer, name="Alva Arbetslös")
    closed = make_case(w.team, w.rehab, name="Stina Stängd")
    Case.objects.filter(pk=closed.pk).update(closed_on=TODAY, closure_reason="ended_as_planned")
    return own, shared, by_af, closed


def test_open_cases_with_names_only_where_the_user_may_see_them(team_world, client_for, cases):
    w = team_world
    own, shared, by_af, closed = cases
    html = client_for(w.rehab_user).get(url(w.team)).content.decode()
    for case in (own, shared, by_af):
        assert case.code in html
    assert closed.code not in html
    assert "Nina Nilsson" in html and "Sam Samsson" in html
    assert "Alva Arbetslös" not in html
    assert by_af.personal_number[:8] not in html
    assert "Uppgifter visas efter samtycke" in html
    logged = AccessLogEntry.objects.filter(action="read", username="rehab")
    assert sorted(logged.values_list("case_id", flat=True)) == sorted([own.pk, shared.pk])
    assert set(logged.values_list("what", flat=True)) == {"namn i ärendelistan"}


def test_other_party_sees_names_after_consent_only(team_world, client_for, cases):
    w = team_world
    own, shared, by_af, closed = cases
    html = client_for(w.af_user).get(url(w.team)).content.decode()
    assert "Sam Samsson" in html and "Alva Arbetslös" in html
    assert "Nina Nilsson" not in html
    assert own.personal_number[:8] not in html
    html = client_for(w.social_user).get(url(w.team)).content.decode()
    for name in ("Nina Nilsson", "Sam Samsson", "Alva Arbetslös"):
        assert name not in html
    assert not AccessLogEntry.objects.filter(action="read", username="soc").exists()


def test_filters(team_world, client_for, cases):
    w = team_world
    own, shared, by_af, closed = cases
    client = client_for(w.rehab_user)
    html = client.get(url(w.team), {"status": "closed"}).content.decode()
    assert closed.code in html and own.code not in html
    html = client.get(url(w.team), {"status": "all"}).content.decode()
    assert closed.code in html and own.code in html
    html = client.get(url(w.team), {"status": "all", "raising_party": w.af.pk}).content.decode()
    assert by_af.code in html and own.code not in html
    shared.meeting_on = TODAY - datetime.timedelta(days=170)
    shared.save()
    html = client.get(url(w.team), {"status": "follow_up_due"}).content.decode()
    assert shared.code in html and own.code not in html
    html = client.get(url(w.team), {"meeting_on": shared.meeting_on.isoformat()}).content.decode()
    assert shared.code in html and own.code not in html


def test_overdue_follow_up_is_marked(team_world, client_for, cases):
    w = team_world
    shared = cases[1]
    shared.meeting_on = TODAY - datetime.timedelta(days=200)
    shared.save()
    html = client_for(w.rehab_user).get(url(w.team)).content.decode()
    assert "Försenad" in html


def _queries_without_log_writes(client, team):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url(team)).status_code == 200
    return [q for q in captured.captured_queries if "accesslogentry" not in q["sql"].lower()]


def test_no_query_per_case(team_world, client_for):
    w = team_world
    for _ in range(2):
        give_consent(make_case(w.team, w.rehab), [w.region, w.af], w.rehab)
    client = client_for(w.af_user)
    few = len(_queries_without_log_writes(client, w.team))
    for _ in range(5):
        give_consent(make_case(w.team, w.rehab), [w.region, w.af], w.rehab)
        make_case(w.team, w.rehab)
    many = len(_queries_without_log_writes(client, w.team))
    assert few == many


@pytest.mark.parametrize(
    "user", ["former_user", "other_team_user", "process_leader_user", "kansli", "mysam_coordinator"]
)
def test_users_without_a_case_seat_get_404(team_world, client_for, cases, user):
    w = team_world
    response = client_for(getattr(w, user)).get(url(w.team))
    assert response.status_code == 404


def test_anonymous_is_sent_to_sign_in(team_world, client):
    response = client.get(url(team_world.team))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
