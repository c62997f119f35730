"""The participant survey entered by staff from paper: three statements, a fixed scale."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.cases import services
from samverkan.cases.models import SurveyResponse
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
    request_as,
)

TODAY = timezone.localdate()


def url(case):
    return reverse("cases:survey", args=[case.code])


def answers(**changes):
    data = {
        "took_part_in_planning": "4",
        "felt_involved": "3",
        "plan_fits": "2",
        "answered_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
    }
    data.update(changes)
    return data


def test_the_form_shows_each_statement_as_a_group_of_radio_buttons(team_world, client_for, case):
    response = client_for(team_world.fk_user).get(url(case))
    assert response.status_code == 200
    page = response.content.decode()
    for statement in SurveyResponse.STATEMENTS.values():
        assert f"<legend>{statement}" in page
    assert page.count('type="radio"') == 12
    assert "Skapa engångslänk" in page
    assert AccessLogEntry.objects.filter(
        case_id=case.pk, user=team_world.fk_user, action="read"
    ).exists()


def test_answers_from_paper_are_saved_logged_and_then_shown_read_only(team_world, client_for, case):
    w = team_world
    client = client_for(w.fk_user)
    response = client.post(url(case), answers())
    assert response.status_code == 302
    saved = SurveyResponse.objects.get(case=case)
    assert (saved.took_part_in_planning, saved.felt_involved, saved.plan_fits) == (4, 3, 2)
    assert saved.source == SurveyResponse.Source.PAPER
    assert saved.entered_by == w.fk_officer
    assert AccessLogEntry.objects.filter(case_id=case.pk, user=w.fk_user, action="create").exists()

    page = client.get(url(case)).content.decode()
    assert "Stämmer helt" in page
    assert "Stämmer ganska dåligt" in page
    assert "Skapa engångslänk" not in page
    assert 'type="radio"' not in page


def test_answering_on_paper_stops_an_open_link(team_world, client_for, case):
    w = team_world
    link, token = services.create_survey_link(request_as(w.fk_user), case, w.fk_officer)
    assert client_for(w.fk_user).post(url(case), answers()).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert services.survey_link_for(token) is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"answered_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "answered_on",
            "Datumet kan inte ligga i framtiden",
        ),
        ({"answered_on": "2000-01-01"}, "answered_on", "före aktualiseringen"),
        ({"plan_fits": ""}, "plan_fits", "Välj ett svar"),
        ({"felt_involved": "7"}, "felt_involved", "Välj ett giltigt alternativ"),
    ],
)
def test_bad_input_saves_nothing(team_world, client_for, case, changes, field, message):
    response = client_for(team_world.fk_user).post(url(case), answers(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not SurveyResponse.objects.filter(case=case).exists()


def test_answers_given_meanwhile_are_kept_409(team_world, client_for, case):
    w = team_world
    client = client_for(w.fk_user)
    client.get(url(case))
    SurveyResponse.objects.create(
        case=case,
        took_part_in_planning=1,
        felt_involved=1,
        plan_fits=1,
        answered_on=TODAY,
        source=SurveyResponse.Source.LINK,
    )
    response = client.post(url(case), answers())
    assert response.status_code == 409
    assert STALE in response.content.decode()
    assert SurveyResponse.objects.get(case=case).source == SurveyResponse.Source.LINK


def test_a_closed_case_is_refused(team_world, client_for, case):
    w = team_world
    close(case, w.rehab_user)
    assert_refused(client_for(w.rehab_user), url(case), answers(), CLOSED)
    assert not SurveyResponse.objects.filter(case=case).exists()


def test_without_team_consent_the_raising_party_is_refused(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert_refused(client_for(w.rehab_user), url(case), answers(), NO_CONSENT)
    assert not SurveyResponse.objects.filter(case=case).exists()


def test_other_party_before_consent_gets_404(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert_not_found(client_for(w.fk_user), url(case), answers())
    assert not SurveyResponse.objects.filter(case=case).exists()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404(team_world, client_for, case, who):
    assert_not_found(client_for(getattr(team_world, who)), url(case), answers())
    assert not SurveyResponse.objects.filter(case=case).exists()
