import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samverkan.structure.models import Group, GroupKind, GroupRule, Membership, Party, Unit
from tests.factories import (
    make_decision,
    make_federation,
    make_group,
    make_membership,
    make_municipality,
    make_party,
    make_person,
    make_unit,
)

D = datetime.date


@pytest.fixture
def federation(db):
    return make_federation()


def test_membership_history_is_kept_when_a_membership_ends(federation):
    group = make_group(federation, GroupKind.MYSAM, municipality=make_municipality(federation))
    person = make_person(federation)
    membership = make_membership(person, group, valid_from=D(2020, 1, 1))

    membership.valid_to = D(2023, 6, 30)
    membership.full_clean()
    membership.save()

    assert Membership.objects.filter(pk=membership.pk).exists()
    assert list(group.memberships.active_on(D(2023, 6, 30))) == [membership]
    assert list(group.memberships.active_on(D(2023, 7, 1))) == []
    assert membership.is_active_on(D(2020, 1, 1))
    assert not membership.is_active_on(D(2019, 12, 31))


def test_a_membership_cannot_end_before_it_starts(federation):
    group = make_group(federation)
    membership = make_membership(make_person(federation), group, valid_from=D(2022, 1, 1))
    membership.valid_to = D(2021, 12, 31)

    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "Slutdatum kan inte ligga före startdatum." in error.value.message_dict["valid_to"]

    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()


def test_the_same_role_twice_at_once_is_refused_but_a_later_return_is_allowed(federation):
    group = make_group(federation)
    person = make_person(federation)
    make_membership(person, group, valid_from=D(2020, 1, 1), valid_to=D(2021, 12, 31))

    overlapping = Membership(person=person, group=group, valid_from=D(2021, 6, 1))
    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    assert "valid_from" in error.value.message_dict

    returning = Membership(person=person, group=group, valid_from=D(2022, 1, 1))
    returning.full_clean()


def test_one_open_mysam_group_per_municipality(federation):
    municipality = make_municipality(federation)
    make_group(federation, GroupKind.MYSAM, municipality=municipality, name="Mysam A")

    second = Group(federation=federation, kind=GroupKind.MYSAM, municipality=municipality, name="B")
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert error.value.message_dict["municipality"] == ["Kommunen har redan en Mysam-grupp."]

    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_an_ended_mysam_group_can_be_succeeded(federation):
    municipality = make_municipality(federation)
    make_group(federation, GroupKind.MYSAM, municipality=municipality, ended_on=D(2021, 12, 31))

    successor = Group(
        federation=federation, kind=GroupKind.MYSAM, municipality=municipality, name="Mysam 2022"
    )
    successor.full_clean()
    successor.save()


def test_a_trisam_team_belongs_to_a_care_unit_and_takes_its_municipality(federation):
    municipality = make_municipality(federation)
    region = make_party(federation, kind=Party.Kind.REGION)
    health_centre = make_unit(region, municipality)
    ifo = make_unit(municipality.party, municipality, name="IFO", kind=Unit.Kind.IFO)

    team = Group(federation=federation, kind=GroupKind.TRISAM, unit=health_centre, name="Trisam")
    team.full_clean()
    assert team.municipality == municipality

    wrong = Group(federation=federation, kind=GroupKind.TRISAM, unit=ifo, name="Trisam IFO")
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert error.value.message_dict["unit"] == ["Ett Trisam-team kan bara byggas vid en vårdenhet."]


def test_a_municipal_party_must_name_its_municipality(federation):
    party = Party(federation=federation, name="Kommunen", code="k", kind=Party.Kind.MUNICIPALITY)

    with pytest.raises(ValidationError) as error:
        party.full_clean()
    assert "municipality" in error.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        party.save()


def test_only_health_centres_can_be_private(federation):
    municipality = make_municipality(federation)
    unit = Unit(
        party=municipality.party,
        municipality=municipality,
        name="AME",
        kind=Unit.Kind.AME,
        operator=Unit.Operator.PRIVATE,
    )

    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert "operator" in error.value.message_dict


def test_a_person_works_at_a_unit_of_their_own_employer(federation):
    municipality = make_municipality(federation)
    fk = make_party(federation)
    unit = make_unit(municipality.party, municipality, kind=Unit.Kind.IFO)

    person = make_person(federation, party=fk)
    person.unit = unit
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert error.value.message_dict["unit"] == ["Enheten hör inte till personens arbetsgivare."]


def test_municipality_code_is_four_digits(federation):
    municipality = make_municipality(federation, with_party=False)
    municipality.code = "21X0"

    with pytest.raises(ValidationError) as error:
        municipality.full_clean()
    assert error.value.message_dict["code"] == ["Kommunkoden ska vara fyra siffror."]


def test_a_member_belongs_to_the_groups_federation(federation):
    group = make_group(federation)
    stranger = make_person(make_federation())
    membership = Membership(person=stranger, group=group, valid_from=D(2024, 1, 1))

    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert error.value.message_dict["person"] == ["Personen hör till ett annat förbund än gruppen."]


def test_a_group_links_only_its_own_federations_municipality_and_unit(federation):
    other = make_federation()
    foreign_municipality = make_municipality(other)
    foreign_unit = make_unit(make_party(other, kind=Party.Kind.REGION), foreign_municipality)

    mysam = Group(
        federation=federation,
        kind=GroupKind.MYSAM,
        municipality=foreign_municipality,
        name="Mysam",
    )
    with pytest.raises(ValidationError) as error:
        mysam.full_clean()
    assert error.value.message_dict["municipality"] == [
        "Kommunen hör till ett annat förbund än gruppen."
    ]

    team = Group(federation=federation, kind=GroupKind.TRISAM, unit=foreign_unit, name="Trisam")
    with pytest.raises(ValidationError) as error:
        team.full_clean()
    assert error.value.message_dict == {"unit": ["Enheten hör till ett annat förbund än gruppen."]}


def test_a_rules_responsible_party_belongs_to_the_decisions_federation(federation):
    rule = GroupRule(
        decision=make_decision(federation),
        group_kind=GroupKind.MYSAM,
        convener=GroupRule.Responsible.PARTY,
        responsible_party=make_party(make_federation()),
    )

    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert error.value.message_dict["responsible_party"] == [
        "Parten hör till ett annat förbund än beslutet."
    ]

    rule.responsible_party = make_party(federation)
    rule.full_clean()


def test_a_municipal_party_is_a_municipality_of_its_own_federation(federation):
    foreign = make_municipality(make_federation(), with_party=False)
    party = Party(
        federation=federation,
        name="Främby kommun",
        code="frambym",
        kind=Party.Kind.MUNICIPALITY,
        municipality=foreign,
    )

    with pytest.raises(ValidationError) as error:
        party.full_clean()
    assert error.value.message_dict["municipality"] == [
        "Kommunen hör till ett annat förbund än parten."
    ]
