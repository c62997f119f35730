"""The loaders of the case pages: 404 for whoever may not know, a refusal for a change."""

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404

from samverkan.cases import policy
from samverkan.cases.views import common
from tests.factories import close, consented_case, make_case, request_as


def request_for(user):
    """A request that can carry the message a refusal leaves."""
    request = request_as(user)
    request._messages = CookieStorage(request)
    return request


def test_a_team_is_loaded_with_the_party_the_user_represents_there(team_world):
    w = team_world
    assert common.team_for(request_for(w.rehab_user), w.team.pk) == (w.team, w.region)
    assert common.team_to_raise_in(request_for(w.fk_user), w.team.pk) == (w.team, w.fk)


@pytest.mark.parametrize("who", ["process_leader_user", "other_team_user", "kansli"])
def test_a_team_without_a_case_seat_is_not_found(team_world, who):
    request = request_for(getattr(team_world, who))
    for load in (common.team_for, common.team_to_raise_in):
        with pytest.raises(Http404):
            load(request, team_world.team.pk)


def test_only_a_trisam_team_is_a_team(team_world):
    with pytest.raises(Http404):
        common.team_for(request_for(team_world.rehab_user), team_world.mysam.pk)


def test_before_consent_another_party_knows_of_the_case_but_not_who_it_is(team_world):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert common.case_for(request_for(w.fk_user), case.code) == case
    with pytest.raises(Http404):
        common.case_with_identity_for(request_for(w.fk_user), case.code)
    assert common.case_with_identity_for(request_for(w.rehab_user), case.code) == case


def test_outsiders_and_unknown_codes_are_not_found(team_world):
    w = team_world
    case = make_case(w.team, w.rehab)
    with pytest.raises(Http404):
        common.case_for(request_for(w.other_team_user), case.code)
    with pytest.raises(Http404):
        common.case_for(request_for(w.rehab_user), "T1999-99999")


def test_a_change_the_users_party_may_not_make_is_not_found(team_world, case):
    w = team_world
    assert common.case_to_change(request_for(w.rehab_user), case.code, policy.can_edit_raising) == (
        case,
        None,
    )
    with pytest.raises(Http404):
        common.case_to_change(request_for(w.fk_user), case.code, policy.can_edit_raising)


def test_a_closed_case_is_refused_by_going_back_to_its_page(team_world, case):
    w = team_world
    close(case, w.rehab_user)
    # The raising party keeps sight of the closed case; the refusal comes before the rule.
    loaded, refusal = common.case_to_change(
        request_for(w.rehab_user), case.code, policy.can_edit_raising
    )
    assert loaded == case
    assert (refusal.status_code, refusal.url) == (302, case.get_absolute_url())


def test_a_step_without_consent_is_refused_with_403(team_world):
    w = team_world
    case = make_case(w.team, w.rehab)
    loaded, refusal = common.case_to_add_to(request_for(w.rehab_user), case.code)
    assert loaded == case and refusal.status_code == 403
    consented = consented_case(w)
    assert common.case_to_add_to(request_for(w.rehab_user), consented.code) == (consented, None)


def test_a_consent_is_withdrawn_only_on_its_own_case(team_world, case):
    w = team_world
    consent = case.team_consent()
    loaded = common.consent_to_withdraw(request_for(w.fk_user), case.code, consent.pk)
    assert loaded == (case, consent, None)
    other = consented_case(w)
    with pytest.raises(Http404):
        common.consent_to_withdraw(request_for(w.fk_user), other.code, consent.pk)
