"""The access rules for cases, asked of `cases.policy` for every role of `team_world`."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from samverkan.cases import policy, services
from samverkan.cases.models import Case
from samverkan.core import access_log
from samverkan.core import policy as core_policy
from samverkan.core.models import AccessLogEntry, User
from samverkan.structure.models import Membership
from tests.factories import (
    give_consent,
    make_case,
    make_membership,
    make_person,
    make_user,
    request_as,
)

TODAY = timezone.localdate()
YEAR_AGO = TODAY - datetime.timedelta(days=365)
ROLES = [
    "rehab",
    "fk",
    "af",
    "social",
    "former",
    "process_leader",
    "other_team",
    "kansli",
    "mysam_coordinator",
    "log_reviewer",
    "anonymous",
    "inactive",
]
T, F = True, False
# (knows the case exists, sees who it is, edits the raising, records the team consent,
#  adds information, withdraws or closes, the parties it may prepare for)
NOTHING = (F, F, F, F, F, F, set())
EXISTS_ONLY = (T, F, F, F, F, F, set())
EXPECTED = {
    "before_consent": {
        "rehab": (T, T, T, T, F, T, set()),
        "fk": EXISTS_ONLY,
        "af": EXISTS_ONLY,
        "social": EXISTS_ONLY,
    },
    # The consent names FK and the municipality; AF is in the team but not named.
    "after_consent": {
        "rehab": (T, T, T, T, T, T, {"region"}),
        "fk": (T, T, F, F, T, T, {"fk"}),
        "af": EXISTS_ONLY,
        "social": (T, T, F, F, T, T, {"alby"}),
    },
    # The consent ends with the case: the raising party keeps the read-only record.
    "closed": {
        "rehab": (T, T, F, F, F, F, set()),
        "fk": EXISTS_ONLY,
        "af": EXISTS_ONLY,
        "social": EXISTS_ONLY,
    },
    "erased": {
        "rehab": EXISTS_ONLY,
        "fk": EXISTS_ONLY,
        "af": EXISTS_ONLY,
        "social": EXISTS_ONLY,
    },
}


USERS = {
    "rehab": "rehab_user",
    "fk": "fk_user",
    "af": "af_user",
    "social": "social_user",
    "former": "former_user",
    "process_leader": "process_leader_user",
    "other_team": "other_team_user",
    "kansli": "kansli",
    "mysam_coordinator": "mysam_coordinator",
    "log_reviewer": "log_reviewer",
    "inactive": "inactive_user",
}


def user_for(w, role):
    return AnonymousUser() if role == "anonymous" else getattr(w, USERS[role])


@pytest.fixture
def w(team_world):
    """`team_world` with an inactive account in a current seat and the förbund's staff seated
    in the team without a party."""
    w = team_world
    inactive = make_person(w.federation, w.fk, first_name="Ina", last_name="Inaktiv")
    make_membership(inactive, w.team, role=Membership.Role.CASE_OFFICER, valid_from=YEAR_AGO)
    w.inactive_user = make_user(inactive, username="inaktiv", is_active=False)
    make_membership(w.admin_person, w.team, role=Membership.Role.MEMBER, party=None)
    w.parties = {"region": w.region, "fk": w.fk, "af": w.af, "alby": w.alby_party}
    return w


def raise_for(w, state):
    case = make_case(w.team, w.rehab, raised_on=TODAY - datetime.timedelta(days=40))
    if state == "before_consent":
        return case
    give_consent(case, [w.fk, w.alby_party], w.rehab)
    if state in ("closed", "erased"):
        services.close_case(
            request_as(w.rehab_user), case, Case.ClosureReason.ENDED_AS_PLANNED, TODAY
        )
    if state == "erased":
        services.erase_case(case)
    return Case.objects.get(pk=case.pk)


def abilities(w, user, case):
    return (
        policy.can_see_case(user, case),
        policy.can_see_identity(user, case),
        policy.can_edit_raising(user, case),
        policy.can_record_team_consent(user, case),
        policy.can_add_information(user, case),
        policy.can_withdraw_or_close(user, case),
        {key for key, party in w.parties.items() if policy.can_prepare_for(user, case, party)},
    )


@pytest.mark.parametrize("state", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_rules_allow(w, state, role):
    case = raise_for(w, state)
    user = user_for(w, role)

    assert abilities(w, user, case) == EXPECTED[state].get(role, NOTHING)
    assert (case in policy.visible_cases(user)) == EXPECTED[state].get(role, NOTHING)[0]


@pytest.mark.parametrize("state", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_only_the_raising_party_records_a_declined_consent_before_any_consent(w, state, role):
    case = raise_for(w, state)
    expected = state == "before_consent" and role == "rehab"

    assert policy.can_record_declined_consent(user_for(w, role), case) == expected


def test_a_team_consent_no_longer_in_effect_still_rules_out_a_declined_one(w):
    case = raise_for(w, "before_consent")
    give_consent(case, [w.fk], w.rehab, valid_until=TODAY - datetime.timedelta(days=1))
    case = Case.objects.get(pk=case.pk)

    assert case.team_consent() is None
    assert policy.can_record_team_consent(w.rehab_user, case)
    assert not policy.can_record_declined_consent(w.rehab_user, case)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_raise_a_case_in_the_team(w, role):
    user = user_for(w, role)
    expected = role in ("rehab", "fk", "af", "social")

    assert policy.can_raise_case(user, w.team) == expected
    assert (w.team in policy.case_teams(user)) == expected
    assert policy.can_raise_case(user, w.other_team) == (role == "other_team")


def test_the_party_a_user_represents_in_each_team(w):
    assert policy.party_in_team(w.rehab_user, w.team) == w.region
    assert policy.party_in_team(w.social_user, w.team.pk) == w.alby_party
    assert policy.party_in_team(w.social_user, w.other_team) is None
    assert policy.team_parties(w.other_team_user) == {w.other_team.pk: w.fk}
    assert policy.team_parties(w.process_leader_user) == {}
    assert policy.team_parties(w.kansli) == {}


def test_a_member_of_another_team_sees_nothing_of_this_team(w):
    case = raise_for(w, "after_consent")
    theirs = make_case(w.other_team, w.other_team_officer)

    assert list(policy.visible_cases(w.other_team_user)) == [theirs]
    assert not policy.can_see_case(w.other_team_user, case)
    assert not policy.can_see_case(w.fk_user, theirs)
    assert policy.can_see_identity(w.other_team_user, theirs)


def test_a_former_member_keeps_access_through_the_last_day_only(w):
    case = raise_for(w, "after_consent")
    seat = w.former.memberships.get(group=w.team)
    assert not policy.can_see_case(w.former_user, case)

    seat.valid_to = TODAY
    seat.save()
    policy.forget_seats(w.former_user)
    assert policy.can_see_identity(w.former_user, case)
    assert policy.can_add_information(w.former_user, case)

    seat.valid_to = TODAY - datetime.timedelta(days=1)
    seat.save()
    # The seats are remembered for the request; a new request asks again.
    assert policy.can_see_identity(w.former_user, case)
    policy.forget_seats(w.former_user)
    assert not policy.can_see_case(w.former_user, case)
    assert not policy.can_see_identity(w.former_user, case)


def test_a_membership_starting_tomorrow_gives_nothing_yet(w):
    case = raise_for(w, "after_consent")
    newcomer = make_person(w.federation, w.fk)
    make_membership(
        newcomer,
        w.team,
        role=Membership.Role.CASE_OFFICER,
        valid_from=TODAY + datetime.timedelta(days=1),
    )
    user = make_user(newcomer)

    assert not policy.can_see_case(user, case)


def test_an_ended_team_shows_no_cases(w):
    case = raise_for(w, "after_consent")
    w.team.ended_on = TODAY - datetime.timedelta(days=1)
    w.team.save()

    assert not policy.can_see_case(w.fk_user, case)
    assert not policy.visible_cases(w.rehab_user).exists()


def test_a_consent_that_has_run_out_hides_the_individual_again(w):
    case = make_case(w.team, w.rehab, raised_on=TODAY - datetime.timedelta(days=40))
    give_consent(case, [w.fk], w.rehab, valid_until=TODAY - datetime.timedelta(days=1))

    assert not policy.can_see_identity(w.fk_user, case)
    assert policy.can_see_identity(w.rehab_user, case)
    assert not policy.can_add_information(w.rehab_user, case)


def test_a_sip_consent_does_not_open_the_case_to_the_team(w):
    case = make_case(w.team, w.rehab, raised_on=TODAY - datetime.timedelta(days=40))
    give_consent(case, [w.fk, w.alby_party], w.rehab, kind="sip")

    assert not policy.can_see_identity(w.fk_user, case)


def test_a_case_raised_by_another_party_is_seen_first_by_that_party(w):
    case = make_case(w.team, w.af_officer, raised_on=TODAY - datetime.timedelta(days=10))

    assert policy.can_see_identity(w.af_user, case)
    assert policy.can_edit_raising(w.af_user, case)
    assert not policy.can_see_identity(w.rehab_user, case)
    assert not policy.can_record_team_consent(w.rehab_user, case)


# --- The access log ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_log_reviewer_reviews_the_access_log(w, role):
    assert core_policy.can_review_access_log(user_for(w, role)) == (role == "log_reviewer")


def test_a_superuser_reviews_every_federation_and_a_reviewer_only_their_own(w):
    case = make_case(w.team, w.rehab)
    other_person = make_person(w.other_federation, first_name="Otto", last_name="Annan")
    other_reviewer = make_user(other_person, role=User.Role.LOG_REVIEWER)
    theirs = access_log.record(
        request_as(other_reviewer), None, AccessLogEntry.Action.SEARCH, "sökning"
    )
    ours = set(AccessLogEntry.objects.filter(case_id=case.pk))
    superuser = make_user(is_superuser=True)

    assert set(core_policy.reviewable_log_entries(w.log_reviewer)) == ours
    assert set(core_policy.reviewable_log_entries(other_reviewer)) == {theirs}
    assert set(core_policy.reviewable_log_entries(superuser)) == ours | {theirs}
    assert core_policy.can_review_access_log(superuser)
    for user in (w.rehab_user, w.kansli, AnonymousUser()):
        assert not core_policy.reviewable_log_entries(user).exists()


def test_an_inactive_log_reviewer_reviews_nothing(w):
    w.log_reviewer.is_active = False
    w.log_reviewer.save()

    assert not core_policy.can_review_access_log(w.log_reviewer)
    assert not core_policy.reviewable_log_entries(w.log_reviewer).exists()


def test_a_log_reviewer_without_a_federation_reviews_nothing(w):
    loose = make_user(role=User.Role.LOG_REVIEWER)

    # With two förbund and no person, the reviewer's förbund is unknown.
    assert not core_policy.can_review_access_log(loose)


def test_the_identity_query_agrees_with_can_see_identity(w):
    """`identity_visible_q` is `can_see_identity` for a whole team at once: the same cases for
    every party, over every state a case passes through, a withdrawn and an expired consent."""
    cases = [raise_for(w, state) for state in EXPECTED]
    withdrawn = make_case(w.team, w.rehab, raised_on=TODAY - datetime.timedelta(days=40))
    consent = give_consent(withdrawn, [w.fk, w.alby_party], w.rehab)
    services.withdraw_consent(request_as(w.rehab_user), consent, w.rehab, on=TODAY)
    expired = make_case(w.team, w.rehab, raised_on=TODAY - datetime.timedelta(days=40))
    give_consent(expired, [w.fk], w.rehab, valid_until=TODAY - datetime.timedelta(days=1))
    raised_by_fk = make_case(w.team, w.fk_officer, user=w.fk_user)
    cases += [withdrawn, expired, raised_by_fk]
    seen = {}
    for role in ("rehab", "fk", "af", "social"):
        user = user_for(w, role)
        party = policy.party_in_team(user, w.team)
        by_query = set(
            Case.objects.filter(team=w.team)
            .filter(policy.identity_visible_q(party))
            .values_list("pk", flat=True)
        )
        by_rule = {
            case.pk for case in cases if policy.can_see_identity(user, Case.objects.get(pk=case.pk))
        }
        assert by_query == by_rule, role
        seen[role] = by_rule
    # The comparison proves something only if the rule lets some see some, and not all.
    assert seen["rehab"] and seen["fk"] and seen["social"] and not seen["af"]
    assert raised_by_fk.pk in seen["fk"] and raised_by_fk.pk not in seen["rehab"]
