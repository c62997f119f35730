"""The access policy: who works in which förbund and who may change its structure."""

import pytest
from django.contrib.auth.models import AnonymousUser

from samverkan.core.models import User
from samverkan.structure import policy as structure_policy
from samverkan.structure.models import Membership, StandingItem
from tests.factories import (
    make_decision,
    make_federation,
    make_group,
    make_membership,
    make_municipality,
    make_party,
    make_person,
    make_rule,
    make_sub_region,
    make_unit,
    make_user,
)


@pytest.fixture
def federation(db):
    return make_federation()


@pytest.fixture
def admin(federation):
    return make_user(make_person(federation), role=User.Role.FEDERATION_ADMIN)


def test_federation_of_is_the_persons_federation(federation, db):
    make_federation()
    user = make_user(make_person(federation))
    assert structure_policy.federation_of(user) == federation


def test_federation_of_is_the_only_one_when_the_user_has_no_person(federation):
    assert structure_policy.federation_of(make_user()) == federation


def test_federation_of_is_none_when_several_and_no_person(federation):
    make_federation()
    assert structure_policy.federation_of(make_user()) is None
    assert structure_policy.federation_of(AnonymousUser()) is None


def test_everyone_signed_in_and_active_views_their_own_structure(federation):
    assert structure_policy.can_view_structure(make_user(make_person(federation)), federation)
    assert not structure_policy.can_view_structure(make_user(is_active=False), federation)
    assert not structure_policy.can_view_structure(AnonymousUser(), federation)
    assert not structure_policy.can_view_structure(make_user(make_person(federation)), None)


def test_the_only_federation_is_visible_to_a_user_without_a_person(federation):
    user = make_user()
    assert structure_policy.can_view_structure(user, federation)
    assert list(structure_policy.visible_federations(user)) == [federation]


def test_another_federations_structure_is_not_visible(federation):
    other = make_federation()
    user = make_user(make_person(federation))
    assert not structure_policy.can_view_structure(user, other)
    assert list(structure_policy.visible_federations(user)) == [federation]

    without_person = make_user()
    assert not structure_policy.can_view_structure(without_person, federation)
    assert not structure_policy.visible_federations(without_person).exists()
    assert not structure_policy.visible_federations(AnonymousUser()).exists()


def test_superuser_views_every_federation(federation):
    other = make_federation()
    superuser = make_user(make_person(federation), is_superuser=True)
    assert structure_policy.can_view_structure(superuser, other)
    assert set(structure_policy.visible_federations(superuser)) == {federation, other}


def test_admin_edits_own_federation_only(federation, admin):
    assert structure_policy.can_edit_structure(admin, federation)
    assert not structure_policy.can_edit_structure(admin, make_federation())
    assert not structure_policy.can_edit_structure(admin, None)


def test_admin_role_without_a_person_edits_nothing(federation):
    user = make_user(role=User.Role.FEDERATION_ADMIN)
    assert not structure_policy.can_edit_structure(user, federation)
    assert not structure_policy.can_edit_any_structure(user)


def test_plain_and_inactive_users_edit_nothing(federation):
    plain = make_user(make_person(federation))
    inactive = make_user(make_person(federation), role=User.Role.FEDERATION_ADMIN)
    inactive.is_active = False
    inactive.save()
    log_reviewer = make_user(make_person(federation), role=User.Role.LOG_REVIEWER)
    for user in (plain, inactive, log_reviewer, AnonymousUser()):
        assert not structure_policy.can_edit_structure(user, federation)
        assert not structure_policy.can_edit_any_structure(user)


def test_superuser_edits_every_federation(federation):
    superuser = make_user(is_superuser=True)
    assert structure_policy.can_edit_structure(superuser, federation)
    assert structure_policy.can_edit_structure(superuser, make_federation())
    assert structure_policy.can_edit_any_structure(superuser)


def test_can_edit_any_structure_for_an_admin(admin):
    assert structure_policy.can_edit_any_structure(admin)


def test_owning_federation_follows_parents(federation):
    municipality = make_municipality(federation, sub_region=make_sub_region(federation))
    party = make_party(federation)
    unit = make_unit(party, municipality)
    person = make_person(federation, party)
    group = make_group(federation)
    membership = make_membership(person, group, role=Membership.Role.MEMBER)
    decision = make_decision(federation)
    rule = make_rule(decision)
    item = StandingItem.objects.create(rule=rule, title="Punkt")
    for obj in (
        federation,
        municipality,
        municipality.sub_region,
        party,
        unit,
        person,
        group,
        membership,
        decision,
        rule,
        item,
    ):
        assert structure_policy.owning_federation(obj) == federation
