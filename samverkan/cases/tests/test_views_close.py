"""Closing a case: the reasons offered, dates, read-only afterwards, and who may close."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import Case
from samverkan.core.models import AccessLogEntry
from tests.factories import give_consent, make_case

TODAY = timezone.localdate()


def url(case):
    return reverse("cases:close", args=[case.code])


def close_data(**changes):
    data = {"reason": "ended_as_planned", "closed_on": TODAY.isoformat(), "note": "Planen följd."}
    data.update(changes)
    return data


@pytest.fixture
def case(team_world):
    w = team_world
    case = make_case(w.team, w.rehab, raised_on=TODAY - datetime.timedelta(days=200))
    give_consent(case, [w.region, w.af], w.rehab)
    return case


def test_close_a_case_as_planned(team_world, client_for, case):
    w = team_world
    client = client_for(w.af_user)
    html = client.get(url(case)).content.decode()
    assert "Avslutat enligt plan" in html
    assert "consent_withdrawn" not in html and "consent_declined" not in html
    response = client.post(url(case), close_data())
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closed_on == TODAY
    assert case.closure_reason == "ended_as_planned"
    assert case.closure_note == "Planen följd."
    assert AccessLogEntry.objects.filter(case_id=case.pk, action="change").exists()
    html = client_for(w.rehab_user).get(case.get_absolute_url()).content.decode()
    assert "Det kan bara läsas, inte ändras." in html


def test_consent_reasons_are_refused(team_world, client_for, case):
    w = team_world
    response = client_for(w.rehab_user).post(url(case), close_data(reason="consent_withdrawn"))
    assert response.status_code == 200
    case.refresh_from_db()
    assert not case.is_closed


def test_future_or_early_date_is_refused(team_world, client_for, case):
    w = team_world
    client = client_for(w.rehab_user)
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    html = client.post(url(case), close_data(closed_on=tomorrow)).content.decode()
    assert "Avslutsdatum kan inte ligga i framtiden." in html
    early = (case.raised_on - datetime.timedelta(days=1)).isoformat()
    html = client.post(url(case), close_data(closed_on=early)).content.decode()
    assert "kan inte ligga före aktualiseringen" in html
    case.refresh_from_db()
    assert not case.is_closed


def test_before_consent_only_registered_in_error_for_the_raising_party(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    client = client_for(w.rehab_user)
    html = client.get(url(case)).content.decode()
    assert "Felregistrerat" in html
    assert "Avslutat enligt plan" not in html
    assert client.post(url(case), close_data()).status_code == 200
    response = client.post(url(case), close_data(reason="registered_in_error"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closure_reason == "registered_in_error"
    assert client_for(w.af_user).get(case.get_absolute_url()).status_code == 200


def test_other_party_before_consent_gets_404(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert (
        client_for(w.af_user).post(url(case), close_data(reason="registered_in_error")).status_code
        == 404
    )
    case.refresh_from_db()
    assert not case.is_closed


def test_a_closed_case_cannot_be_closed_again(team_world, client_for, case):
    w = team_world
    Case.objects.filter(pk=case.pk).update(closed_on=TODAY, closure_reason="individual_left")
    response = client_for(w.rehab_user).post(url(case), close_data(note="Ny kommentar"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closure_reason == "individual_left"
    assert case.closure_note == ""


@pytest.mark.parametrize(
    "user", ["former_user", "other_team_user", "process_leader_user", "kansli", "mysam_coordinator"]
)
def test_outsiders_get_404(team_world, client_for, case, user):
    w = team_world
    client = client_for(getattr(w, user))
    assert client.get(url(case)).status_code == 404
    assert client.post(url(case), close_data()).status_code == 404
    case.refresh_from_db()
    assert not case.is_closed
