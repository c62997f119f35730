"""The meeting step: date, invitation, participation; refused for closed cases and outsiders."""

import datetime
import re

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import Case
from samverkan.core.models import AccessLogEntry
from tests.factories import (
    CLOSED,
    NO_CONSENT,
    OUTSIDERS,
    STALE,
    assert_not_found,
    assert_refused,
    close,
    make_case,
)

TODAY = timezone.localdate()


def url(case):
    return reverse("cases:meeting", args=[case.code])


def stored(case):
    return Case.objects.filter(pk=case.pk).values(
        "meeting_on", "individual_invited", "participation", "participation_mode", "version"
    )[0]


def held_meeting(**changes):
    data = {
        "meeting_on": (TODAY - datetime.timedelta(days=2)).isoformat(),
        "individual_invited": "yes",
        "participation": "took_part",
        "participation_mode": "digital",
        "version": "1",
    }
    data.update(changes)
    return data


def test_form_offers_the_individual_a_place_and_logs_the_read(team_world, client_for, case):
    response = client_for(team_world.fk_user).get(url(case))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Teammöte</h1>" in page
    assert re.search(r'name="individual_invited" value="yes"[^>]* checked', page)
    assert "<legend>Har personen bjudits in till mötet?" in page
    assert AccessLogEntry.objects.filter(
        case_id=case.pk, user=team_world.fk_user, action="read"
    ).exists()


def test_saving_the_meeting_logs_the_change(team_world, client_for, case):
    response = client_for(team_world.af_user).post(url(case), held_meeting())
    assert response.status_code == 302
    assert response.url == reverse("cases:case", args=[case.code])
    case.refresh_from_db()
    assert case.meeting_on == TODAY - datetime.timedelta(days=2)
    assert case.individual_invited is True
    assert case.participation == Case.Participation.TOOK_PART
    assert case.participation_mode == Case.ParticipationMode.DIGITAL
    assert case.version == 2
    assert case.follow_up_due_on is not None
    entry = AccessLogEntry.objects.get(case_id=case.pk, user=team_world.af_user, action="change")
    assert entry.page == url(case)


def test_a_future_meeting_without_participation_is_saved(team_world, client_for, case):
    future = TODAY + datetime.timedelta(days=10)
    data = held_meeting(meeting_on=future.isoformat(), participation="", participation_mode="")
    assert client_for(team_world.rehab_user).post(url(case), data).status_code == 302
    case.refresh_from_db()
    assert case.meeting_on == future
    assert case.participation == ""


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"meeting_on": "2000-01-01"}, "meeting_on", "före aktualiseringen"),
        ({"meeting_on": ""}, "meeting_on", "Ange datum för teammötet"),
        (
            {"meeting_on": (TODAY + datetime.timedelta(days=3)).isoformat()},
            "participation",
            "först när mötet har hållits",
        ),
        ({"participation": "declined"}, "participation_mode", "bara om personen deltog"),
        ({"individual_invited": "no"}, "participation", "inte inbjuden"),
        ({"individual_invited": ""}, "individual_invited", "Svara ja eller nej"),
    ],
)
def test_bad_input_is_refused_with_nothing_changed(
    team_world, client_for, case, changes, field, message
):
    before = stored(case)
    response = client_for(team_world.rehab_user).post(url(case), held_meeting(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert stored(case) == before
    assert not AccessLogEntry.objects.filter(case_id=case.pk, action="change").exists()


def test_a_stale_edit_is_refused_with_409(team_world, client_for, case):
    client = client_for(team_world.rehab_user)
    client.get(url(case))
    someone_else = TODAY - datetime.timedelta(days=1)
    Case.objects.filter(pk=case.pk).update(meeting_on=someone_else, version=F("version") + 1)
    response = client.post(url(case), held_meeting())
    assert response.status_code == 409
    assert STALE in response.content.decode()
    assert stored(case)["meeting_on"] == someone_else


def test_a_closed_case_is_refused(team_world, client_for, case):
    w = team_world
    close(case, w.rehab_user)
    before = stored(case)
    # The raising party still sees the individual; the other parties no longer do.
    assert client_for(w.fk_user).get(url(case)).status_code == 404
    client = client_for(w.rehab_user)
    assert_refused(client, url(case), held_meeting(version=str(before["version"])), CLOSED)
    assert case.name not in client.get(url(case)).content.decode()
    assert stored(case) == before


def test_without_team_consent_the_raising_party_is_refused(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert_refused(client_for(w.rehab_user), url(case), held_meeting(), NO_CONSENT)
    assert stored(case)["meeting_on"] is None


def test_other_party_before_consent_gets_404(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert_not_found(client_for(w.fk_user), url(case), held_meeting())
    assert stored(case)["meeting_on"] is None


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_and_change_nothing(team_world, client_for, case, who):
    assert_not_found(client_for(getattr(team_world, who)), url(case), held_meeting())
    assert stored(case)["meeting_on"] is None
    assert not AccessLogEntry.objects.filter(case_id=case.pk, action="read").exists()


def test_anonymous_is_sent_to_sign_in(client, case):
    response = client.get(url(case))
    assert response.status_code == 302
    assert reverse("login") in response.url
