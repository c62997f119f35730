"""Recording, withdrawing and declining consent, and what each does to who sees what."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import Case, Consent
from samverkan.core.models import AccessLogEntry
from tests.factories import give_consent, make_case

TODAY = timezone.localdate()


def add_url(case):
    return reverse("cases:consent_add", args=[case.code])


def withdraw_url(consent):
    return reverse("cases:consent_withdraw", args=[consent.case.code, consent.pk])


def declined_url(case):
    return reverse("cases:consent_declined", args=[case.code])


def consent_data(parties, **changes):
    data = {
        "kind": "team",
        "parties": [party.pk for party in parties],
        "information": "Hälsa, arbetsförmåga och försörjning.",
        "purpose": "Samverkan i Trisam-teamet.",
        "given_on": TODAY.isoformat(),
        "form": "written",
        "valid_until": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def case(team_world):
    w = team_world
    return make_case(w.team, w.rehab, raised_on=TODAY - datetime.timedelta(days=20))


def test_form_offers_the_teams_parties_with_the_raising_party_checked(team_world, client_for, case):
    w = team_world
    html = client_for(w.rehab_user).get(add_url(case)).content.decode()
    for party in (w.fk, w.af, w.region, w.alby_party):
        assert party.name in html or party.label in html
    region_input = re.search(rf'<input[^>]*value="{w.region.pk}"[^>]*>', html).group(0)
    assert "checked" in region_input
    af_input = re.search(rf'<input[^>]*value="{w.af.pk}"[^>]*>', html).group(0)
    assert "checked" not in af_input
    assert "Samtycke till samverkan i Trisam-teamet" in html
    assert f'value="{TODAY.isoformat()}"' in html


def test_raising_party_records_the_team_consent(team_world, client_for, case):
    w = team_world
    response = client_for(w.rehab_user).post(add_url(case), consent_data([w.region, w.af]))
    assert response.status_code == 302
    consent = Consent.objects.get(case=case)
    assert consent.kind == "team"
    assert set(consent.parties.all()) == {w.region, w.af}
    assert consent.obtained_by == w.rehab
    assert AccessLogEntry.objects.filter(case_id=case.pk, action="create").count() == 2
    html = client_for(w.af_user).get(case.get_absolute_url()).content.decode()
    assert case.name in html


def test_team_consent_must_name_the_raising_party(team_world, client_for, case):
    w = team_world
    html = client_for(w.rehab_user).post(add_url(case), consent_data([w.af])).content.decode()
    assert "måste omfatta den aktualiserande parten" in html
    assert not Consent.objects.exists()


def test_future_date_and_early_expiry_are_refused(team_world, client_for, case):
    w = team_world
    client = client_for(w.rehab_user)
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    html = client.post(add_url(case), consent_data([w.region], given_on=tomorrow)).content.decode()
    assert "Samtycket kan inte dateras i framtiden." in html
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    html = client.post(
        add_url(case), consent_data([w.region], valid_until=yesterday)
    ).content.decode()
    assert "Samtycket kan inte upphöra före det datum det lämnades." in html
    assert not Consent.objects.exists()


def test_other_party_adds_a_sip_consent_but_not_a_team_consent(team_world, client_for, case):
    w = team_world
    assert client_for(w.af_user).get(add_url(case)).status_code == 404
    give_consent(case, [w.region, w.af], w.rehab)
    client = client_for(w.af_user)
    html = client.get(add_url(case)).content.decode()
    assert 'value="team"' not in html
    response = client.post(add_url(case), consent_data([w.region, w.af]))
    assert response.status_code == 200
    assert Consent.objects.filter(case=case).count() == 1
    response = client.post(add_url(case), consent_data([w.region, w.af], kind="sip"))
    assert response.status_code == 302
    assert Consent.objects.filter(case=case, kind="sip").exists()


@pytest.mark.parametrize(
    "user", ["former_user", "other_team_user", "process_leader_user", "kansli", "mysam_coordinator"]
)
def test_outsiders_get_404_on_every_consent_page(team_world, client_for, case, user):
    w = team_world
    consent = give_consent(case, [w.region, w.af, w.fk], w.rehab)
    client = client_for(getattr(w, user))
    for address in (add_url(case), withdraw_url(consent), declined_url(case)):
        assert client.get(address).status_code == 404
        assert client.post(address, consent_data([w.region])).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_a_closed_case_takes_no_consent(team_world, client_for, case):
    w = team_world
    Case.objects.filter(pk=case.pk).update(closed_on=TODAY, closure_reason="registered_in_error")
    client = client_for(w.rehab_user)
    response = client.post(add_url(case), consent_data([w.region]))
    assert response.status_code == 302
    assert not Consent.objects.exists()
    assert "kan inte ändras" in client.get(response["Location"]).content.decode()


# --- Withdrawal --------------------------------------------------------------------------------


def test_withdrawing_the_team_consent_closes_the_case_and_hides_it_at_once(
    team_world, client_for, case
):
    w = team_world
    consent = give_consent(case, [w.region, w.af], w.rehab)
    af = client_for(w.af_user)
    assert case.name in af.get(case.get_absolute_url()).content.decode()
    client = client_for(w.rehab_user)
    page = client.get(withdraw_url(consent)).content.decode()
    assert "avslutas ärendet som avbrutet" in page
    response = client.post(withdraw_url(consent), {"withdrawn_on": TODAY.isoformat()}, follow=True)
    assert "Ärendet är avslutat som avbrutet" in response.content.decode()
    case.refresh_from_db()
    assert case.closure_reason == "consent_withdrawn"
    assert case.closed_on == TODAY
    html = af.get(case.get_absolute_url()).content.decode()
    assert case.name not in html
    assert case.personal_number[:8] not in html
    assert AccessLogEntry.objects.filter(
        case_id=case.pk, action="change", what__startswith="samtycke återkallat"
    ).exists()


def test_other_party_withdraws_and_loses_access_in_the_same_request(team_world, client_for, case):
    w = team_world
    consent = give_consent(case, [w.region, w.af], w.rehab)
    af = client_for(w.af_user)
    response = af.post(withdraw_url(consent), {"withdrawn_on": TODAY.isoformat()}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert case.name not in html
    assert "Ärendet är avslutat som avbrutet" in html


def test_withdrawing_a_sip_consent_keeps_the_case_open(team_world, client_for, case):
    w = team_world
    give_consent(case, [w.region, w.af], w.rehab)
    sip = give_consent(case, [w.region, w.af], w.rehab, kind=Consent.Kind.SIP)
    client_for(w.rehab_user).post(withdraw_url(sip), {"withdrawn_on": TODAY.isoformat()})
    sip.refresh_from_db()
    case.refresh_from_db()
    assert sip.withdrawn_on == TODAY
    assert not case.is_closed


def test_future_withdrawal_is_refused(team_world, client_for, case):
    w = team_world
    consent = give_consent(case, [w.region, w.af], w.rehab)
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    response = client_for(w.rehab_user).post(withdraw_url(consent), {"withdrawn_on": tomorrow})
    assert response.status_code == 200
    assert "kan inte dateras i framtiden" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None


def test_party_not_named_cannot_withdraw(team_world, client_for, case):
    w = team_world
    consent = give_consent(case, [w.region, w.af], w.rehab)
    assert client_for(w.social_user).post(withdraw_url(consent), {}).status_code == 404


# --- Declined consent --------------------------------------------------------------------------


def test_declined_consent_keeps_only_an_anonymous_count(team_world, client_for, case):
    w = team_world
    client = client_for(w.rehab_user)
    assert "anonym räkning" in client.get(declined_url(case)).content.decode()
    response = client.post(declined_url(case), follow=True)
    html = response.content.decode()
    assert "finns bara kvar som en anonym räkning" in html
    case.refresh_from_db()
    assert case.closure_reason == "consent_declined"
    assert case.name == "" and case.personal_number == ""
    assert case.birth_year and case.gender and case.municipality_id
    assert AccessLogEntry.objects.filter(case_id=case.pk, action="erase").exists()


def test_only_the_raising_party_before_any_team_consent_may_record_a_decline(
    team_world, client_for, case
):
    w = team_world
    assert client_for(w.af_user).post(declined_url(case)).status_code == 404
    give_consent(case, [w.region, w.af], w.rehab)
    assert client_for(w.rehab_user).post(declined_url(case)).status_code == 404
    case.refresh_from_db()
    assert not case.is_closed
