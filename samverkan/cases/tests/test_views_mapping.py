"""The joint mapping and the standing questions: is a SIP needed? a GK by AF and FK?"""

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import Mapping
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
    make_case,
)

TODAY = timezone.localdate()


@pytest.fixture
def case(team_world):
    w = team_world
    return consented_case(w, [w.region, w.fk, w.af, w.alby_party])


def url(case):
    return reverse("cases:mapping", args=[case.code])


def mapping_data(w, **changes):
    data = {
        "health": "Långvarig smärta, behandlas på hälsocentralen.",
        "work": "Arbetsförmåga i lättare arbete på deltid.",
        "social_insurance": "Sjukpenning på halvtid.",
        "social_situation": "Bor ensam, ansträngd ekonomi.",
        "sip_needed": "yes",
        "sip_actor": str(w.alby_party.pk),
        "joint_mapping_needed": "no",
        "joint_mapping_actor": "",
    }
    data.update(changes)
    return data


def stored(case):
    return list(Mapping.objects.filter(case=case).values())


def test_recording_the_mapping_logs_it(team_world, client_for, case):
    w = team_world
    client = client_for(w.af_user)
    response = client.get(url(case))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<legend>Behövs en SIP?" in page
    assert "<legend>Behövs en GK av AF och FK?" in page
    assert AccessLogEntry.objects.filter(case_id=case.pk, user=w.af_user, action="read").exists()

    response = client.post(url(case), mapping_data(w, joint_mapping_actor=str(w.fk.pk)))
    assert response.status_code == 302
    mapping = Mapping.objects.get(case=case)
    assert mapping.sip_needed is True
    assert mapping.sip_actor == w.alby_party
    assert mapping.joint_mapping_needed is False
    # Who acts is only kept when something is to be done.
    assert mapping.joint_mapping_actor is None
    assert mapping.recorded_by == w.af_officer
    assert AccessLogEntry.objects.filter(case_id=case.pk, user=w.af_user, action="create").exists()


def test_editing_the_mapping_records_who_changed_it(team_world, client_for, case):
    w = team_world
    client_for(w.af_user).post(url(case), mapping_data(w))
    data = mapping_data(w, work="Kan arbeta heltid med stöd.", version="1")
    assert client_for(w.social_user).post(url(case), data).status_code == 302
    mapping = Mapping.objects.get(case=case)
    assert (mapping.work, mapping.recorded_by, mapping.version) == (
        "Kan arbeta heltid med stöd.",
        w.social_worker,
        2,
    )
    assert AccessLogEntry.objects.filter(
        case_id=case.pk, user=w.social_user, action="change"
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"sip_actor": ""}, "sip_actor", "Ange vilken part som tar initiativ till SIP"),
        (
            {"joint_mapping_needed": "yes"},
            "joint_mapping_actor",
            "Ange vilken part som begär den gemensamma kartläggningen",
        ),
        ({"sip_needed": ""}, "sip_needed", "Svara ja eller nej"),
    ],
)
def test_bad_input_is_refused_with_nothing_saved(
    team_world, client_for, case, changes, field, message
):
    w = team_world
    response = client_for(w.af_user).post(url(case), mapping_data(w, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert stored(case) == []


def test_the_actor_must_be_a_party_of_the_team(team_world, client_for, case):
    w = team_world
    outside = type(w.fk).objects.create(
        federation=w.federation, name="Annan myndighet", code="annan", order=9
    )
    response = client_for(w.af_user).post(url(case), mapping_data(w, sip_actor=str(outside.pk)))
    assert response.status_code == 200
    assert "sip_actor" in response.context["form"].errors
    assert stored(case) == []


def test_a_stale_edit_is_refused_with_409(team_world, client_for, case):
    w = team_world
    client_for(w.af_user).post(url(case), mapping_data(w))
    Mapping.objects.filter(case=case).update(health="Kollegans text", version=F("version") + 1)
    response = client_for(w.fk_user).post(url(case), mapping_data(w, version="1"))
    assert response.status_code == 409
    assert STALE in response.content.decode()
    assert Mapping.objects.get(case=case).health == "Kollegans text"


def test_a_closed_case_is_refused(team_world, client_for, case):
    w = team_world
    close(case, w.rehab_user)
    assert_refused(client_for(w.rehab_user), url(case), mapping_data(w), CLOSED)
    assert stored(case) == []


def test_without_team_consent_the_raising_party_is_refused(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert_refused(client_for(w.rehab_user), url(case), mapping_data(w), NO_CONSENT)
    assert stored(case) == []


def test_other_party_before_consent_gets_404(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert_not_found(client_for(w.af_user), url(case), mapping_data(w))
    assert stored(case) == []


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404(team_world, client_for, case, who):
    w = team_world
    assert_not_found(client_for(getattr(w, who)), url(case), mapping_data(w))
    assert stored(case) == []
