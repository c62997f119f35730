"""The one-time survey link: made by staff, shown once, used once by the individual signed out.

The public page shows nothing about the individual and looks the same for every link that
cannot be used, whatever the reason.
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import SurveyLink, SurveyResponse
from samverkan.core.models import AccessLogEntry
from tests.factories import OUTSIDERS, close, make_case

TODAY = timezone.localdate()
GONE = "Länken går inte längre att använda"
ANSWERS = {"took_part_in_planning": "4", "felt_involved": "4", "plan_fits": "3"}


def make_link(case, w):
    """A link made through the page, as staff would; returns its public address."""
    response = Client()
    response.force_login(w.fk_user)
    page = response.post(reverse("cases:survey_link", args=[case.code]))
    assert page.status_code == 200
    return re.search(r'value="(http://testserver/enkat/[^"]+/)"', page.content.decode()).group(1)


def path_of(address):
    return address.removeprefix("http://testserver")


def test_the_link_is_shown_once_with_its_expiry_and_logged(team_world, client_for, case):
    w = team_world
    client = client_for(w.fk_user)
    response = client.post(reverse("cases:survey_link", args=[case.code]))
    assert response.status_code == 200
    page = response.content.decode()
    link = SurveyLink.objects.get(case=case)
    token = re.search(r'value="http://testserver/enkat/([^"/]+)/"', page).group(1)
    assert link.token_hash != token and token not in link.token_hash
    # In Swedish time, as the page shows it: the UTC date is a day behind late in the evening.
    expires_on = timezone.localtime(link.expires_at).date()
    assert expires_on == timezone.localtime(timezone.now() + datetime.timedelta(days=30)).date()
    assert expires_on.isoformat() in page
    assert "kan inte visas igen" in page
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.filter(case_id=case.pk, user=w.fk_user, action="create").exists()
    # Nowhere to see it again: the survey page names only when it was made and how long it lasts.
    survey_page = client.get(reverse("cases:survey", args=[case.code])).content.decode()
    assert token not in survey_page
    assert "En engångslänk skapades" in survey_page


def test_making_a_link_needs_a_post(team_world, client_for, case):
    response = client_for(team_world.fk_user).get(reverse("cases:survey_link", args=[case.code]))
    assert response.status_code == 405
    assert not SurveyLink.objects.filter(case=case).exists()


def test_the_individual_answers_once_without_signing_in(team_world, case):
    address = make_link(case, team_world)
    visitor = Client()
    response = visitor.get(path_of(address))
    assert response.status_code == 200
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    for statement in SurveyResponse.STATEMENTS.values():
        assert f"<legend>{statement}" in page
    assert 'class="main-nav"' not in page

    response = visitor.post(path_of(address), ANSWERS)
    assert response.status_code == 200
    assert "Tack för dina svar" in response.content.decode()
    saved = SurveyResponse.objects.get(case=case)
    assert (saved.source, saved.entered_by, saved.plan_fits) == ("link", None, 3)
    entry = AccessLogEntry.objects.get(case_id=case.pk, what="deltagarenkät besvarad")
    assert entry.user is None

    again = visitor.get(path_of(address))
    assert again.status_code == 410
    assert GONE in again.content.decode()
    assert visitor.post(path_of(address), ANSWERS).status_code == 410
    assert SurveyResponse.objects.filter(case=case).count() == 1


def test_an_incomplete_answer_is_refused_and_the_link_still_works(team_world, case):
    address = make_link(case, team_world)
    response = Client().post(path_of(address), {"took_part_in_planning": "4"})
    assert response.status_code == 200
    assert "Välj ett svar" in response.content.decode()
    assert not SurveyResponse.objects.filter(case=case).exists()
    assert Client().get(path_of(address)).status_code == 200


def test_the_public_pages_show_nothing_about_the_individual(team_world, case):
    address = make_link(case, team_world)
    visitor = Client()
    pages = [visitor.get(path_of(address)), visitor.post(path_of(address), {})]
    pages.append(visitor.post(path_of(address), ANSWERS))
    pages.append(visitor.get(path_of(address)))
    for response in pages:
        page = response.content.decode()
        for secret in (
            case.name,
            case.name.split()[-1],
            case.personal_number,
            case.personal_number[2:8],
            case.code,
            case.team.name,
            case.municipality.name,
            case.raising_party.name,
        ):
            assert secret not in page


def test_a_link_expires_after_30_days(team_world, case):
    address = make_link(case, team_world)
    SurveyLink.objects.filter(case=case).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = Client().get(path_of(address))
    assert response.status_code == 410
    assert GONE in response.content.decode()
    assert Client().post(path_of(address), ANSWERS).status_code == 410
    assert not SurveyResponse.objects.filter(case=case).exists()


def test_a_new_link_makes_the_earlier_one_unusable(team_world, case):
    first = make_link(case, team_world)
    second = make_link(case, team_world)
    assert first != second
    assert Client().get(path_of(first)).status_code == 410
    assert Client().get(path_of(second)).status_code == 200


def test_closing_the_case_revokes_the_link(team_world, case):
    w = team_world
    address = make_link(case, w)
    close(case, w.rehab_user)
    assert SurveyLink.objects.get(case=case).revoked_at is not None
    assert Client().get(path_of(address)).status_code == 410


def test_an_unknown_token_looks_like_a_used_one(team_world, case):
    used = make_link(case, team_world)
    Client().post(path_of(used), ANSWERS)
    unknown = Client().get(reverse("survey_answer", args=["inte-en-riktig-token"]))
    spent = Client().get(path_of(used))
    assert unknown.status_code == spent.status_code == 410

    def normalised(response, path):
        # Only the address itself (in the language form) and the CSRF token may differ.
        page = response.content.decode().replace(path, "")
        return re.sub(r"[A-Za-z0-9]{64}", "", page)

    unknown_path = reverse("survey_answer", args=["inte-en-riktig-token"])
    assert normalised(unknown, unknown_path) == normalised(spent, path_of(used))


def test_no_link_once_the_survey_is_answered(team_world, client_for, case):
    w = team_world
    SurveyResponse.objects.create(
        case=case,
        took_part_in_planning=4,
        felt_involved=4,
        plan_fits=4,
        answered_on=TODAY,
        source=SurveyResponse.Source.PAPER,
    )
    response = client_for(w.fk_user).post(
        reverse("cases:survey_link", args=[case.code]), follow=True
    )
    assert "Enkäten är redan besvarad" in response.content.decode()
    assert not SurveyLink.objects.filter(case=case).exists()


def test_a_closed_case_gets_no_link(team_world, client_for, case):
    w = team_world
    close(case, w.rehab_user)
    response = client_for(w.rehab_user).post(reverse("cases:survey_link", args=[case.code]))
    assert response.status_code == 403
    assert "Ärendet är avslutat" in response.content.decode()
    assert not SurveyLink.objects.filter(case=case).exists()


def test_without_team_consent_no_link(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    response = client_for(w.rehab_user).post(reverse("cases:survey_link", args=[case.code]))
    assert response.status_code == 403
    assert "Samtycke saknas" in response.content.decode()
    assert not SurveyLink.objects.filter(case=case).exists()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_make_a_link(team_world, client_for, case, who):
    response = client_for(getattr(team_world, who)).post(
        reverse("cases:survey_link", args=[case.code])
    )
    assert response.status_code == 404
    assert not SurveyLink.objects.filter(case=case).exists()


def test_other_party_before_consent_cannot_make_a_link(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    response = client_for(w.fk_user).post(reverse("cases:survey_link", args=[case.code]))
    assert response.status_code == 404
    assert not SurveyLink.objects.filter(case=case).exists()
