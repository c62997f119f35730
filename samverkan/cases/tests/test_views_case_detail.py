"""The case page: the timeline with the next action, who sees what, and the read log."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import (
    Case,
    FollowUp,
    Mapping,
    PlanStep,
    Preparation,
    SurveyResponse,
)
from samverkan.core.models import AccessLogEntry
from tests.factories import give_consent, make_case

TODAY = timezone.localdate()


def url(case):
    return reverse("cases:case", args=[case.code])


def reads(case):
    return AccessLogEntry.objects.filter(case_id=case.pk, action="read")


@pytest.fixture
def case(team_world):
    w = team_world
    return make_case(
        w.team, w.rehab, raised_on=TODAY - datetime.timedelta(days=300), name="Nina Nilsson"
    )


def test_anonymous_is_sent_to_sign_in(case):
    response = Client().get(url(case))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_raising_party_sees_the_individual_and_the_read_is_logged(team_world, client_for, case):
    w = team_world
    response = client_for(w.rehab_user).get(url(case))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<title>{case.code} – Samverkan</title>" in html
    assert "Nina Nilsson" in html
    assert f"{case.personal_number[:8]}-{case.personal_number[8:]}" in html
    assert "Nästa steg: registrera samtycke" in html
    assert reverse("cases:consent_add", args=[case.code]) in html
    assert reverse("cases:edit_raising", args=[case.code]) in html
    assert reverse("cases:consent_declined", args=[case.code]) in html
    entry = reads(case).get()
    assert entry.username == "rehab"
    assert "aktualisering med identitetsuppgifter" in entry.what
    assert entry.page == url(case)


@pytest.mark.parametrize("user", ["af_user", "fk_user", "social_user"])
def test_other_parties_before_consent_see_only_that_the_case_exists(
    team_world, client_for, case, user
):
    w = team_world
    response = client_for(getattr(w, user)).get(url(case))
    html = response.content.decode()
    assert response.status_code == 200
    assert case.code in html
    assert "Nina Nilsson" not in html
    assert case.personal_number[:8] not in html
    assert case.question not in html
    assert "Uppgifter om personen visas när samtycke har registrerats." in html
    assert "Väntar på samtycke" in html
    assert "Region Testlän" in html
    assert reverse("cases:edit_raising", args=[case.code]) not in html
    assert not reads(case).exists()


def test_parties_named_in_the_team_consent_see_the_individual(team_world, client_for, case):
    w = team_world
    give_consent(case, [w.region, w.af], w.rehab)
    html = client_for(w.af_user).get(url(case)).content.decode()
    assert "Nina Nilsson" in html
    assert "Nästa steg: sätt datum för teammötet" in html
    assert reverse("cases:meeting", args=[case.code]) in html
    assert reverse("cases:edit_raising", args=[case.code]) not in html
    assert reads(case).filter(username="af").exists()
    # The municipality was not named in the consent.
    html = client_for(w.social_user).get(url(case)).content.decode()
    assert "Nina Nilsson" not in html
    assert case.personal_number[:8] not in html


@pytest.mark.parametrize(
    "user",
    [
        "former_user",
        "other_team_user",
        "process_leader_user",
        "kansli",
        "mysam_coordinator",
        "log_reviewer",
    ],
)
def test_users_outside_the_team_get_404(team_world, client_for, case, user):
    w = team_world
    give_consent(case, [w.region, w.af, w.fk], w.rehab)
    response = client_for(getattr(w, user)).get(url(case))
    assert response.status_code == 404
    assert case.personal_number[:8] not in response.content.decode()
    assert not reads(case).exists()


def test_a_case_with_every_step_shows_them_in_order(team_world, client_for, case):
    w = team_world
    give_consent(case, [w.region, w.af], w.rehab)
    case.meeting_on = TODAY - datetime.timedelta(days=200)
    case.individual_invited = True
    case.participation = Case.Participation.TOOK_PART
    case.participation_mode = Case.ParticipationMode.DIGITAL
    case.save()
    Preparation.objects.create(case=case, party=w.af, author=w.af_officer, note="AF-underlag")
    Mapping.objects.create(
        case=case, health="Långvarig smärta", sip_needed=False, recorded_by=w.rehab
    )
    PlanStep.objects.create(
        case=case,
        responsible_party=w.af,
        action="Arbetsträning",
        planned_start=TODAY - datetime.timedelta(days=150),
    )
    client = client_for(w.rehab_user)
    html = client.get(url(case)).content.decode()
    assert "Nästa steg: registrera deltagarenkäten" in html
    positions = [
        html.index(text)
        for text in ("Aktualisering", "Samtycke", "Teammöte", "AF-underlag", "Långvarig smärta")
    ]
    assert positions == sorted(positions)
    assert "Arbetsträning" in html
    assert "Uppföljningen är försenad" in html  # meeting 200 days ago, no follow-up
    SurveyResponse.objects.create(
        case=case,
        took_part_in_planning=4,
        felt_involved=3,
        plan_fits=4,
        answered_on=TODAY,
        source="paper",
        entered_by=w.rehab,
    )
    html = client.get(url(case)).content.decode()
    assert "Stämmer ganska bra" in html
    assert "Nästa steg: följ upp senast" in html
    FollowUp.objects.create(
        case=case, followed_up_on=TODAY, plan_started="partly", recorded_by=w.rehab
    )
    html = client.get(url(case)).content.decode()
    assert "Nästa steg: avsluta ärendet" in html
    assert reverse("cases:close", args=[case.code]) in html
    what = reads(case).order_by("pk").last().what
    for section in ("samtycken", "förberedelser", "kartläggning", "planering", "uppföljning"):
        assert section in what


def test_a_closed_case_is_read_only(team_world, client_for, case):
    w = team_world
    give_consent(case, [w.region, w.af], w.rehab)
    Case.objects.filter(pk=case.pk).update(
        closed_on=TODAY, closure_reason="ended_as_planned", closure_note="Klart."
    )
    html = client_for(w.rehab_user).get(url(case)).content.decode()
    assert "Det kan bara läsas, inte ändras." in html
    assert "Avslutat enligt plan" in html
    assert "Nästa steg" not in html
    for name in ("edit_raising", "consent_add", "close", "meeting", "mapping", "plan"):
        assert reverse(f"cases:{name}", args=[case.code]) not in html


def test_an_erased_case_says_when_the_data_was_erased(team_world, client_for, case):
    w = team_world
    erased_at = timezone.now() - datetime.timedelta(days=3)
    Case.objects.filter(pk=case.pk).update(
        closed_on=TODAY - datetime.timedelta(days=5),
        closure_reason="ended_as_planned",
        erased_at=erased_at,
        name="",
        personal_number="",
    )
    html = client_for(w.rehab_user).get(url(case)).content.decode()
    assert f"raderades den {timezone.localtime(erased_at).date().isoformat()}" in html
    assert not reads(case).exists()


def test_protected_identity_shows_birth_year_only(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab, protected_identity=True, name="", birth_year=1990)
    html = client_for(w.rehab_user).get(url(case)).content.decode()
    assert "Skyddade personuppgifter" in html
    assert "1990" in html


@pytest.mark.parametrize(
    "user", ["af_user", "social_user", "former_user", "other_team_user", "kansli", "log_reviewer"]
)
def test_the_identity_number_is_in_no_page_for_those_who_may_not_see_it(
    team_world, client_for, case, user
):
    w = team_world
    give_consent(case, [w.region, w.fk], w.rehab)  # neither AF nor the municipality
    client = client_for(getattr(w, user))
    number = case.personal_number
    pages = [
        reverse("cases:start"),
        reverse("cases:team", args=[w.team.pk]),
        url(case),
        reverse("cases:edit_raising", args=[case.code]),
        reverse("cases:consent_add", args=[case.code]),
        reverse("cases:close", args=[case.code]),
        reverse("cases:search"),
    ]
    responses = [client.get(page) for page in pages]
    responses.append(client.post(reverse("cases:search"), {"personal_number": number}))
    for response in responses:
        html = response.content.decode()
        for form in (number, number[2:], f"{number[:8]}-{number[8:]}", number[2:8]):
            assert form not in html
        assert case.name not in html
