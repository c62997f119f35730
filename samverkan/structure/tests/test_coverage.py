import datetime

import pytest

from samverkan.structure.coverage import coverage
from samverkan.structure.models import GroupKind, Membership, Party, Unit
from tests.factories import (
    make_decision,
    make_federation,
    make_group,
    make_membership,
    make_municipality,
    make_party,
    make_person,
    make_rule,
    make_unit,
)

D = datetime.date
TODAY = D(2024, 3, 1)


@pytest.fixture
def county(db):
    """Two municipalities, FK/AF/Region, and the rule that Mysam needs FK, AF and its kommun."""
    federation = make_federation()
    fk = make_party(federation, name="Försäkringskassan", code="fk", order=1)
    af = make_party(federation, name="Arbetsförmedlingen", code="af", order=2)
    region = make_party(federation, name="Region", code="region", kind=Party.Kind.REGION, order=3)
    north = make_municipality(federation, name="Norrby")
    south = make_municipality(federation, name="Söderby")
    decision = make_decision(federation, effective_from=D(2016, 5, 23))
    rule = make_rule(decision, group_kind=GroupKind.MYSAM, requires_own_municipality=True)
    rule.required_parties.set([fk, af])
    return {
        "federation": federation,
        "fk": fk,
        "af": af,
        "region": region,
        "north": north,
        "south": south,
    }


def _staff(county, party_key):
    return make_person(county["federation"], party=county[party_key])


def test_municipality_without_mysam_group_is_reported(county):
    make_group(county["federation"], GroupKind.MYSAM, municipality=county["north"])

    report = coverage(county["federation"], TODAY)

    assert report.municipalities_without_mysam == [county["south"]]
    assert report.municipalities_with_mysam_count == 1
    assert report.municipality_count == 2


def test_an_ended_mysam_group_does_not_count(county):
    make_group(
        county["federation"],
        GroupKind.MYSAM,
        municipality=county["north"],
        ended_on=D(2023, 12, 31),
    )

    report = coverage(county["federation"], TODAY)

    assert county["north"] in report.municipalities_without_mysam
    assert (
        county["north"]
        not in coverage(county["federation"], D(2023, 6, 1)).municipalities_without_mysam
    )


def test_health_centres_and_psychiatry_clinics_without_trisam_team(county):
    region = county["region"]
    covered = make_unit(region, county["north"], name="Hälsocentral Norr")
    uncovered = make_unit(region, county["north"], name="Hälsocentral Syd")
    clinic = make_unit(
        region, county["south"], name="Vuxenpsykiatrin", kind=Unit.Kind.ADULT_PSYCHIATRY
    )
    make_unit(region, county["south"], name="Ortopeden", kind=Unit.Kind.OTHER_CARE)
    make_unit(region, county["south"], name="Stängd HC", closed_on=D(2023, 1, 1))
    make_group(county["federation"], GroupKind.TRISAM, unit=covered)

    report = coverage(county["federation"], TODAY)

    assert {unit.name for unit in report.units_without_trisam} == {uncovered.name, clinic.name}
    assert report.expected_unit_count == 3
    assert report.units_with_trisam_count == 1


def test_adding_a_trisam_team_closes_the_gap(county):
    unit = make_unit(county["region"], county["north"])
    assert coverage(county["federation"], TODAY).units_without_trisam == [unit]

    make_group(county["federation"], GroupKind.TRISAM, unit=unit)

    assert coverage(county["federation"], TODAY).units_without_trisam == []


def test_group_missing_a_required_party(county):
    mysam = make_group(county["federation"], GroupKind.MYSAM, municipality=county["north"])
    make_membership(_staff(county, "fk"), mysam)
    municipal = make_person(county["federation"], party=county["north"].party)
    make_membership(municipal, mysam)
    # AF only co-opted: that does not make AF represented.
    make_membership(_staff(county, "af"), mysam, role=Membership.Role.CO_OPTED)

    report = coverage(county["federation"], TODAY)

    [gap] = report.groups_missing_parties
    assert gap.group == mysam
    assert gap.parties == [county["af"]]


def test_own_municipality_is_required_when_the_rules_say_so(county):
    mysam = make_group(county["federation"], GroupKind.MYSAM, municipality=county["north"])
    make_membership(_staff(county, "fk"), mysam)
    make_membership(_staff(county, "af"), mysam)
    # A member for the *other* municipality does not represent this one.
    make_membership(make_person(county["federation"], party=county["south"].party), mysam)

    [gap] = coverage(county["federation"], TODAY).groups_missing_parties

    assert gap.parties == [county["north"].party]


def test_a_full_group_is_not_reported(county):
    mysam = make_group(county["federation"], GroupKind.MYSAM, municipality=county["north"])
    for key in ("fk", "af"):
        make_membership(_staff(county, key), mysam)
    make_membership(make_person(county["federation"], party=county["north"].party), mysam)
    make_membership(
        make_person(county["federation"]), mysam, role=Membership.Role.CONVENER, party=None
    )

    report = coverage(county["federation"], TODAY)

    assert report.groups_missing_parties == []
    assert report.groups_without_convener == []


def test_convener_who_left_leaves_the_group_without_one(county):
    unit = make_unit(county["region"], county["north"])
    team = make_group(county["federation"], GroupKind.TRISAM, unit=unit)
    coordinator = _staff(county, "region")
    left = make_membership(
        coordinator, team, role=Membership.Role.REHAB_COORDINATOR, valid_to=D(2024, 2, 29)
    )

    before = coverage(county["federation"], D(2024, 2, 29))
    after = coverage(county["federation"], TODAY)

    assert before.groups_without_convener == []
    [gap] = after.groups_without_convener
    assert gap.group == team
    assert gap.last_convener == left


def test_a_working_group_without_convener_is_reported_only_when_one_left(county):
    never = make_group(county["federation"], GroupKind.WORKING_GROUP, name="Aldrig sammankallad")
    left = make_group(county["federation"], GroupKind.WORKING_GROUP, name="Lämnad")
    make_membership(
        _staff(county, "fk"), left, role=Membership.Role.CONVENER, valid_to=D(2023, 1, 1)
    )

    groups = [gap.group for gap in coverage(county["federation"], TODAY).groups_without_convener]

    assert left in groups
    assert never not in groups


def test_other_federations_are_not_counted(county):
    other = make_federation()
    make_municipality(other)

    assert coverage(county["federation"], TODAY).municipality_count == 2


def test_coverage_query_count_does_not_grow_with_groups(county, django_assert_max_num_queries):
    for _ in range(8):
        unit = make_unit(county["region"], county["north"])
        team = make_group(county["federation"], GroupKind.TRISAM, unit=unit)
        make_membership(_staff(county, "region"), team, role=Membership.Role.REHAB_COORDINATOR)
        make_membership(_staff(county, "fk"), team, role=Membership.Role.CASE_OFFICER)

    with django_assert_max_num_queries(12):
        report = coverage(county["federation"], TODAY)
        assert report.expected_unit_count == 8
