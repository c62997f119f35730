"""Closing a case: the reasons offered, what "as planned" requires, dates, read-only
afterwards, and who may close."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import Case, PlanStep
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


def hold_meeting_and_plan(case, party, meeting_on=None):
    """The team met about `case` (by default 30 days ago) and proposed a one-step plan."""
    meeting_on = meeting_on or TODAY - datetime.timedelta(days=30)
    Case.objects.filter(pk=case.pk).update(meeting_on=meeting_on)
    PlanStep.objects.create(
        case=case, responsible_party=party, action="Arbetsträning", planned_start=meeting_on
    )


def test_close_a_case_as_planned(team_world, client_for, case):
    w = team_world
    hold_meeting_and_plan(case, w.af)
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


# --- What "ended as planned" requires -----------------------------------------------------------

EXCEPTION_LABEL = "Skäl att avsluta enligt plan utan hållet teammöte eller planering"


def test_as_planned_needs_no_reason_with_a_held_meeting_and_a_plan(team_world, client_for, case):
    w = team_world
    hold_meeting_and_plan(case, w.af)
    client = client_for(w.rehab_user)
    assert "Ärendet saknar" not in client.get(url(case)).content.decode()
    response = client.post(url(case), close_data(exception_reason="Behövs inte."))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closure_reason == "ended_as_planned"
    assert case.closure_exception_reason == ""  # nothing was missing, so nothing to explain


@pytest.mark.parametrize(
    ("meeting", "plan", "missing"),
    [
        (False, False, "Ärendet saknar ett hållet teammöte och en föreslagen planering."),
        (False, True, "Ärendet saknar ett hållet teammöte."),
        (True, False, "Ärendet saknar en föreslagen planering."),
        ("later", True, "Ärendet saknar ett hållet teammöte."),
    ],
)
def test_as_planned_without_meeting_or_plan_is_refused_without_a_reason(
    team_world, client_for, case, meeting, plan, missing
):
    w = team_world
    if meeting:
        # "later": the meeting is after the closing date, so it was not held by then.
        held = TODAY - datetime.timedelta(days=5 if meeting == "later" else 30)
        Case.objects.filter(pk=case.pk).update(meeting_on=held)
    if plan:
        PlanStep.objects.create(
            case=case, responsible_party=w.af, action="Arbetsträning", planned_start=TODAY
        )
    closed_on = (TODAY - datetime.timedelta(days=10)).isoformat()
    response = client_for(w.rehab_user).post(url(case), close_data(closed_on=closed_on))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["exception_reason"]
    assert missing in errors["exception_reason"][0]
    assert f"”{EXCEPTION_LABEL}”" in errors["exception_reason"][0]
    assert 'id="id_exception_reason_error"' in response.content.decode()
    case.refresh_from_db()
    assert not case.is_closed and case.closure_exception_reason == ""
    assert not AccessLogEntry.objects.filter(case_id=case.pk, action="change").exists()


def test_a_blank_reason_is_no_reason(team_world, client_for, case):
    w = team_world
    response = client_for(w.rehab_user).post(url(case), close_data(exception_reason="   "))
    assert response.status_code == 200
    assert "exception_reason" in response.context["form"].errors
    case.refresh_from_db()
    assert not case.is_closed


def test_as_planned_with_a_reason_is_closed_and_the_reason_shown(team_world, client_for, case):
    w = team_world
    client = client_for(w.rehab_user)
    page = client.get(url(case)).content.decode()
    assert "Ärendet saknar ett hållet teammöte och en föreslagen planering." in page
    assert EXCEPTION_LABEL in page
    reason = "Teamet möttes utanför systemet; planen finns i journalen."
    response = client.post(url(case), close_data(exception_reason=reason))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closure_reason == "ended_as_planned"
    assert case.closure_exception_reason == reason
    html = client.get(case.get_absolute_url()).content.decode()
    assert EXCEPTION_LABEL in html and reason in html


@pytest.mark.parametrize("reason", ["no_longer_relevant", "individual_left", "registered_in_error"])
def test_the_other_reasons_need_nothing_more(team_world, client_for, case, reason):
    w = team_world
    response = client_for(w.rehab_user).post(
        url(case), close_data(reason=reason, exception_reason="Glömd text.")
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closure_reason == reason
    assert case.closure_exception_reason == ""  # explains a planned closure only


def test_before_consent_the_form_has_no_exception_field(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    html = client_for(w.rehab_user).get(url(case)).content.decode()
    assert EXCEPTION_LABEL not in html and "Ärendet saknar" not in html


@pytest.mark.parametrize("user", ["former_user", "other_team_user", "kansli"])
def test_outsiders_cannot_close_as_planned_with_a_reason(team_world, client_for, case, user):
    client = client_for(getattr(team_world, user))
    assert client.post(url(case), close_data(exception_reason="Skäl")).status_code == 404
    case.refresh_from_db()
    assert not case.is_closed
