import datetime

import pytest

from samverkan.structure.models import GroupKind, GroupRule, StandingItem, TimeBudget
from samverkan.structure.rules import rules_in_force
from tests.factories import make_decision, make_federation, make_party, make_rule

D = datetime.date


@pytest.fixture
def decisions(db):
    """The two Gävleborg decisions in miniature: 2016 structure, 2022 reorganisation."""
    federation = make_federation()
    fk = make_party(federation, name="Försäkringskassan", code="fk")
    af = make_party(federation, name="Arbetsförmedlingen", code="af")
    d2016 = make_decision(federation, title="Mysam 2016", effective_from=D(2016, 5, 23))
    base = make_rule(
        d2016, meetings_per_year=4, federation_invited_as_guest=True, requires_own_municipality=True
    )
    base.required_parties.set([fk, af])
    StandingItem.objects.create(rule=base, title="Erfarenheter från Trisam", order=1)
    StandingItem.objects.create(rule=base, title="ASF", order=2)
    make_rule(
        d2016,
        valid_until=D(2017, 6, 30),
        convener=GroupRule.Responsible.PARTY,
        responsible_party=fk,
    )
    make_rule(d2016, valid_from=D(2017, 7, 1), convener=GroupRule.Responsible.GROUP_CHOOSES)

    d2022 = make_decision(federation, title="Mysam 2022", effective_from=D(2022, 1, 1))
    reorganised = make_rule(
        d2022,
        meetings_per_year=4,
        meeting_minutes=90,
        convener=GroupRule.Responsible.COORDINATOR,
        information_items_allowed=False,
    )
    TimeBudget.objects.create(rule=reorganised, representative_kind="state", hours_per_year=60)
    TimeBudget.objects.create(rule=reorganised, representative_kind="municipal", hours_per_year=6)
    previous = make_rule(d2022, valid_from=D(2016, 5, 23), valid_until=D(2021, 12, 31))
    TimeBudget.objects.create(rule=previous, representative_kind="state", hours_per_year=120)
    TimeBudget.objects.create(rule=previous, representative_kind="municipal", hours_per_year=12)
    make_rule(d2022, group_kind=GroupKind.TRISAM, preparation_factor=2)
    return {"federation": federation, "fk": fk, "af": af, "d2016": d2016, "d2022": d2022}


def test_nothing_in_force_before_the_first_decision(decisions):
    rules = rules_in_force(decisions["federation"], GroupKind.MYSAM, D(2016, 5, 22))

    assert rules.is_empty
    assert rules.meetings_per_year is None
    assert rules.standing_items == []


def test_2016_rules_with_fk_convening_until_mid_2017(decisions):
    rules = rules_in_force(decisions["federation"], GroupKind.MYSAM, D(2017, 6, 30))

    assert rules.meetings_per_year == 4
    assert rules.meeting_minutes is None
    assert rules.convener == GroupRule.Responsible.PARTY
    assert rules.responsible_party == decisions["fk"]
    assert [item.title for item in rules.standing_items] == ["Erfarenheter från Trisam", "ASF"]
    assert set(rules.required_parties) == {decisions["fk"], decisions["af"]}
    assert rules.time_budget_hours == {"state": 120, "municipal": 12}


def test_the_group_chooses_its_convener_from_july_2017(decisions):
    rules = rules_in_force(decisions["federation"], GroupKind.MYSAM, D(2017, 7, 1))

    assert rules.convener == GroupRule.Responsible.GROUP_CHOOSES
    assert rules.source_of("convener").valid_from == D(2017, 7, 1)


def test_2022_overrides_what_it_states_and_keeps_the_rest(decisions):
    rules = rules_in_force(decisions["federation"], GroupKind.MYSAM, D(2022, 3, 1))

    assert rules.meeting_minutes == 90
    assert rules.convener == GroupRule.Responsible.COORDINATOR
    assert rules.information_items_allowed is False
    assert rules.time_budget_hours == {"state": 60, "municipal": 6}
    # The 2022 decision says nothing about standing items or the förbund's guest seat.
    assert [item.title for item in rules.standing_items] == ["Erfarenheter från Trisam", "ASF"]
    assert rules.federation_invited_as_guest is True
    assert rules.source_of("meeting_minutes").decision == decisions["d2022"]
    assert rules.source_of("standing_items").decision == decisions["d2016"]
    assert rules.decisions == [decisions["d2022"], decisions["d2016"]]


def test_the_day_before_the_change_keeps_the_old_commitment(decisions):
    before = rules_in_force(decisions["federation"], GroupKind.MYSAM, D(2021, 12, 31))
    after = rules_in_force(decisions["federation"], GroupKind.MYSAM, D(2022, 1, 1))

    assert before.time_budget_hours == {"state": 120, "municipal": 12}
    assert before.meeting_minutes is None
    assert after.time_budget_hours == {"state": 60, "municipal": 6}


def test_rules_are_per_group_kind(decisions):
    trisam_2021 = rules_in_force(decisions["federation"], GroupKind.TRISAM, D(2021, 6, 1))
    trisam_2022 = rules_in_force(decisions["federation"], GroupKind.TRISAM, D(2022, 6, 1))

    assert trisam_2021.preparation_factor is None
    assert trisam_2022.preparation_factor == 2
    assert trisam_2022.meetings_per_year is None


def test_an_ended_decision_stops_applying(decisions):
    d2022 = decisions["d2022"]
    d2022.effective_until = D(2023, 12, 31)
    d2022.save()

    rules = rules_in_force(decisions["federation"], GroupKind.MYSAM, D(2024, 1, 1))

    assert rules.meeting_minutes is None
    assert rules.convener == GroupRule.Responsible.GROUP_CHOOSES


def test_another_federations_rules_never_apply(decisions):
    other = make_federation()

    assert rules_in_force(other, GroupKind.MYSAM, D(2022, 3, 1)).is_empty


def test_rules_in_force_uses_a_fixed_number_of_queries(decisions, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        rules = rules_in_force(decisions["federation"], GroupKind.MYSAM, D(2022, 3, 1))
        assert len(rules.rules) == 3


def test_a_later_decision_wins_over_an_earlier_rule_that_starts_later(db):
    """An older decision's rule that starts after a newer decision took effect must not win."""
    federation = make_federation()
    older = make_decision(federation, title="2016", effective_from=D(2016, 5, 23))
    make_rule(older, valid_from=D(2017, 7, 1), convener=GroupRule.Responsible.GROUP_CHOOSES)
    newer = make_decision(federation, title="2017", effective_from=D(2017, 1, 1))
    make_rule(newer, convener=GroupRule.Responsible.COORDINATOR)

    rules = rules_in_force(federation, GroupKind.MYSAM, D(2018, 1, 1))

    assert rules.convener == GroupRule.Responsible.COORDINATOR
    assert rules.source_of("convener").decision == newer


def test_who_convenes_is_replaced_as_a_whole(db):
    """A later "the group chooses" must not keep an earlier open-ended rule's named party."""
    federation = make_federation()
    fk = make_party(federation, code="fk")
    first = make_decision(federation, title="Först", effective_from=D(2016, 1, 1))
    make_rule(first, convener=GroupRule.Responsible.PARTY, responsible_party=fk)
    later = make_decision(federation, title="Sedan", effective_from=D(2018, 1, 1))
    make_rule(later, convener=GroupRule.Responsible.GROUP_CHOOSES, meetings_per_year=4)

    before = rules_in_force(federation, GroupKind.MYSAM, D(2017, 1, 1))
    after = rules_in_force(federation, GroupKind.MYSAM, D(2018, 1, 1))

    assert before.responsible_party == fk
    assert after.convener == GroupRule.Responsible.GROUP_CHOOSES
    assert after.responsible_party is None
    assert after.source_of("responsible_party").decision == later
