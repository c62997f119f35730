"""Who reads and who changes money: the förbund's administrators change it; they and the
county-level groups read everything; a current Mysam member reads their municipality's part."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from samverkan.funding.models import FundingDecision, Grant, Intervention
from samverkan.funding.policy import can_manage_funding, can_view_funding, funding_scope
from samverkan.structure.models import GroupKind, Membership
from tests.factories import make_group, make_membership, make_municipality, make_person, make_user

D = datetime.date
TODAY = timezone.localdate()


@pytest.fixture
def people(world):
    """Users for the world's roles, and a second municipality with its own Mysam group."""
    w = world
    w.board_member = make_user(
        make_person(w.federation, w.region, first_name="Lena", last_name="Länsledning")
    )
    make_membership(w.board_member.person, w.county_board, valid_from=D(2022, 1, 1))
    w.mysam_member = make_user(w.fk_manager)
    w.former = make_user(make_person(w.federation, w.af, first_name="Före", last_name="Detta"))
    make_membership(
        w.former.person,
        w.mysam,
        valid_from=D(2022, 1, 1),
        valid_to=TODAY - datetime.timedelta(days=1),
    )
    w.trisam_only = make_user(w.rehab)
    w.cleby = make_municipality(w.federation, name="Cleby", code="8103", sub_region=w.north)
    w.cleby_mysam = make_group(
        w.federation, GroupKind.MYSAM, name="Mysam Cleby", municipality=w.cleby
    )
    return w


def test_the_federation_admin_reads_everything_and_manages(people):
    w = people
    scope = funding_scope(w.admin, w.federation)

    assert scope.everything
    assert can_view_funding(w.admin, w.federation)
    assert can_manage_funding(w.admin, w.federation)


def test_a_county_board_member_reads_everything_but_changes_nothing(people):
    w = people
    scope = funding_scope(w.board_member, w.federation)

    assert scope is not None and scope.everything
    assert not can_manage_funding(w.board_member, w.federation)


def test_a_mysam_member_reads_their_municipality_and_their_groups_interventions(people):
    w = people
    scope = funding_scope(w.mysam_member, w.federation)

    assert not scope.everything
    assert scope.municipality_ids == frozenset({w.alby.pk})
    assert scope.group_ids == frozenset({w.mysam.pk})
    assert scope.sees_whole(Intervention(steering_group=w.mysam))
    assert not scope.sees_whole(Intervention(steering_group=w.cleby_mysam))
    assert can_view_funding(w.mysam_member, w.federation)
    assert not can_manage_funding(w.mysam_member, w.federation)


def test_a_member_of_two_mysam_groups_reads_both_municipalities(people):
    w = people
    make_membership(w.fk_manager, w.cleby_mysam, valid_from=D(2022, 1, 1))

    scope = funding_scope(w.mysam_member, w.federation)

    assert scope.municipality_ids == frozenset({w.alby.pk, w.cleby.pk})
    assert scope.group_ids == frozenset({w.mysam.pk, w.cleby_mysam.pk})


def test_the_mysam_scope_filters_grant_rows(people):
    w = people
    steered = Intervention.objects.create(
        federation=w.federation,
        code="alby-insats",
        name="Albys insats",
        orientation="structural",
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
        steering_group=w.mysam,
    )
    shared = Intervention.objects.create(
        federation=w.federation,
        code="lanets-insats",
        name="Länets insats",
        orientation="structural",
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
    )
    cley_party = w.cleby.party
    for intervention in (steered, shared):
        decision = FundingDecision.objects.create(
            federation=w.federation, intervention=intervention, title="Beslut", outcome="granted"
        )
        for party in (w.fk, w.alby_party, cley_party):
            Grant.objects.create(
                decision=decision, intervention=intervention, party=party, year=2025, amount=1
            )

    scope = funding_scope(w.mysam_member, w.federation)
    visible = Grant.objects.filter(scope.rows()).values_list("intervention__code", "party_id")

    assert set(visible) == {
        ("alby-insats", w.fk.pk),
        ("alby-insats", w.alby_party.pk),
        ("alby-insats", cley_party.pk),
        ("lanets-insats", w.alby_party.pk),
    }
    assert Grant.objects.filter(funding_scope(w.admin, w.federation).rows()).count() == 6
    seen = Intervention.objects.filter(scope.interventions()).distinct()
    assert set(seen.values_list("code", flat=True)) == {"alby-insats", "lanets-insats"}


@pytest.mark.parametrize(
    "who",
    ["former", "reader", "trisam_only", "other_admin", "anonymous", "inactive"],
)
def test_everyone_else_reads_no_money(people, who):
    w = people
    if who == "anonymous":
        user = AnonymousUser()
    elif who == "inactive":
        user = w.mysam_member
        user.is_active = False
        user.save(update_fields=["is_active"])
    else:
        user = getattr(w, who)

    assert funding_scope(user, w.federation) is None
    assert not can_view_funding(user, w.federation)
    assert not can_manage_funding(user, w.federation)


def test_the_other_federations_admin_manages_only_their_own(people):
    w = people

    assert can_manage_funding(w.other_admin, w.other_federation)
    assert not can_manage_funding(w.other_admin, w.federation)
    assert funding_scope(w.admin, w.other_federation) is None
    assert funding_scope(w.admin, None) is None


def test_a_seat_from_tomorrow_gives_no_money_yet(people):
    w = people
    newcomer = make_user(make_person(w.federation, w.af, first_name="Ny", last_name="Ledamot"))
    make_membership(
        newcomer.person,
        w.mysam,
        role=Membership.Role.MEMBER,
        valid_from=TODAY + datetime.timedelta(days=1),
    )

    assert funding_scope(newcomer, w.federation) is None


def test_a_guest_of_a_mysam_group_reads_no_money(people):
    w = people
    guest = make_user(make_person(w.federation, w.af, first_name="Gösta", last_name="Gäst"))
    make_membership(guest.person, w.mysam, role=Membership.Role.GUEST, valid_from=D(2022, 1, 1))

    assert funding_scope(guest, w.federation) is None
    assert not can_view_funding(guest, w.federation)


def test_a_guest_of_an_oversight_group_reads_no_money(people):
    """Members of Länsledning and the board read everything; a guest at their meeting does not."""
    w = people
    guest = make_user(make_person(w.federation, w.af, first_name="Greta", last_name="Gäst"))
    make_membership(
        guest.person, w.county_board, role=Membership.Role.GUEST, valid_from=D(2022, 1, 1)
    )

    assert funding_scope(guest, w.federation) is None
    assert not can_view_funding(guest, w.federation)
