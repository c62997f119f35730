"""The six-month follow-up: plan started? income support now? Early only with a note."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import FollowUp, IncomeSupportSource
from samverkan.core.models import AccessLogEntry
from tests.factories import (
    CLOSED,
    NO_CONSENT,
    OUTSIDERS,
    STALE,
    assert_not_found,
    assert_refused,
    close,
    consented_case,
    give_consent,
    make_case,
)

TODAY = timezone.localdate()


def with_meeting(case, meeting_on):
    case.meeting_on = meeting_on
    case.individual_invited = True
    case.save()
    return case


@pytest.fixture
def case(team_world):
    """Met 220 days ago, so the follow-up fell due about a month and a half ago."""
    w = team_world
    case = consented_case(w, raised_on=TODAY - datetime.timedelta(days=240))
    return with_meeting(case, TODAY - datetime.timedelta(days=220))


def url(case):
    return reverse("cases:follow_up", args=[case.code])


def source(code):
    return str(IncomeSupportSource.objects.get(code=code).pk)


def follow_up_data(**changes):
    data = {
        "followed_up_on": TODAY.isoformat(),
        "plan_started": "partly",
        "income_support": [source("aktivitetsstod"), source("lon")],
        "note": "",
    }
    data.update(changes)
    return data


def test_the_page_names_the_due_date_and_logs_the_read(team_world, client_for, case):
    response = client_for(team_world.fk_user).get(url(case))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Uppföljningen förföll {case.follow_up_due_on.isoformat()}" in page
    assert "<legend>Försörjning nu" in page
    assert "<legend>Har planeringen påbörjats?" in page
    assert AccessLogEntry.objects.filter(
        case_id=case.pk, user=team_world.fk_user, action="read"
    ).exists()


def test_recording_the_follow_up_logs_it(team_world, client_for, case):
    w = team_world
    response = client_for(w.fk_user).post(url(case), follow_up_data())
    assert response.status_code == 302
    saved = FollowUp.objects.get(case=case)
    assert saved.plan_started == FollowUp.PlanStarted.PARTLY
    assert sorted(saved.income_support.values_list("code", flat=True)) == ["aktivitetsstod", "lon"]
    assert saved.recorded_by == w.fk_officer
    assert AccessLogEntry.objects.filter(case_id=case.pk, user=w.fk_user, action="create").exists()

    data = follow_up_data(plan_started="yes", income_support=[source("lon")], version="1")
    assert client_for(w.af_user).post(url(case), data).status_code == 302
    saved.refresh_from_db()
    assert (saved.plan_started, saved.version, saved.recorded_by) == ("yes", 2, w.af_officer)
    assert list(saved.income_support.values_list("code", flat=True)) == ["lon"]
    assert AccessLogEntry.objects.filter(case_id=case.pk, user=w.af_user, action="change").exists()


def test_an_early_follow_up_needs_a_note(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    give_consent(case, [w.region, w.fk], w.rehab)
    with_meeting(case, TODAY - datetime.timedelta(days=10))
    client = client_for(w.fk_user)
    page = client.get(url(case)).content.decode()
    assert f"Uppföljningen förfaller {case.follow_up_due_on.isoformat()}" in page

    response = client.post(url(case), follow_up_data())
    assert response.status_code == 200
    assert "före förfallodagen" in response.content.decode()
    assert not FollowUp.objects.filter(case=case).exists()

    data = follow_up_data(note="Personen flyttar; följs upp nu.")
    assert client.post(url(case), data).status_code == 302
    assert FollowUp.objects.get(case=case).note == "Personen flyttar; följs upp nu."


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"followed_up_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "followed_up_on",
            "Datumet kan inte ligga i framtiden",
        ),
        (
            {"followed_up_on": (TODAY - datetime.timedelta(days=230)).isoformat()},
            "followed_up_on",
            "före teammötet",
        ),
        ({"followed_up_on": ""}, "followed_up_on", "Ange datum för uppföljningen"),
        ({"plan_started": ""}, "plan_started", "Svara ja, delvis eller nej"),
        ({"income_support": []}, "income_support", "Välj minst en försörjningskälla"),
        (
            {"income_support": ["ingen", "lon"]},
            "income_support",
            "kan inte kombineras med andra",
        ),
    ],
)
def test_bad_input_saves_nothing(team_world, client_for, case, changes, field, message):
    if changes.get("income_support"):
        changes["income_support"] = [source(code) for code in changes["income_support"]]
    response = client_for(team_world.fk_user).post(url(case), follow_up_data(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not FollowUp.objects.filter(case=case).exists()


def test_a_source_retired_before_the_date_is_refused(team_world, client_for, case):
    retired = IncomeSupportSource.objects.get(code="annan")
    retired.valid_to = TODAY - datetime.timedelta(days=5)
    retired.save()
    data = follow_up_data(
        followed_up_on=(TODAY - datetime.timedelta(days=1)).isoformat(),
        income_support=[str(retired.pk)],
    )
    response = client_for(team_world.fk_user).post(url(case), data)
    assert response.status_code == 200
    assert "income_support" in response.context["form"].errors
    assert not FollowUp.objects.filter(case=case).exists()


def test_a_stale_edit_is_refused_with_409(team_world, client_for, case):
    w = team_world
    client_for(w.fk_user).post(url(case), follow_up_data())
    FollowUp.objects.filter(case=case).update(note="Kollegans", version=F("version") + 1)
    response = client_for(w.af_user).post(url(case), follow_up_data(note="Min", version="1"))
    assert response.status_code == 409
    assert STALE in response.content.decode()
    assert FollowUp.objects.get(case=case).note == "Kollegans"


def test_a_closed_case_is_refused(team_world, client_for, case):
    w = team_world
    close(case, w.rehab_user)
    assert_refused(client_for(w.rehab_user), url(case), follow_up_data(), CLOSED)
    assert not FollowUp.objects.filter(case=case).exists()


def test_without_team_consent_the_raising_party_is_refused(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert_refused(client_for(w.rehab_user), url(case), follow_up_data(note="x"), NO_CONSENT)
    assert not FollowUp.objects.filter(case=case).exists()


def test_other_party_before_consent_gets_404(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert_not_found(client_for(w.fk_user), url(case), follow_up_data(note="x"))
    assert not FollowUp.objects.filter(case=case).exists()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404(team_world, client_for, case, who):
    assert_not_found(client_for(getattr(team_world, who)), url(case), follow_up_data())
    assert not FollowUp.objects.filter(case=case).exists()
