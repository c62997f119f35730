"""The small förbund every view test starts from: three agencies, two municipalities, groups,
people; and test clients signed in as its users. Loaded for the whole suite by the root
`conftest.py`; the worlds of meetings, cases and money build on `world`."""

import datetime
import types

import pytest

from samverkan.core.models import User
from samverkan.structure.models import GroupKind, Membership, Party, StandingItem, TimeBudget, Unit
from tests.factories import (
    YEAR_AGO,
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
    signed_in,
)


@pytest.fixture
def world(db):
    """A förbund with FK, AF, a region, two municipalities, care units, groups and members."""
    w = types.SimpleNamespace()
    w.federation = make_federation(name="Samordningsförbundet Testlän", slug="testlan")
    w.north = make_sub_region(w.federation, name="Norra delen", order=1)
    w.south = make_sub_region(w.federation, name="Södra delen", order=2)
    w.alby = make_municipality(w.federation, name="Alby", code="8101", sub_region=w.north)
    w.bergby = make_municipality(w.federation, name="Bergby", code="8102", sub_region=w.south)
    w.fk = make_party(w.federation, name="Försäkringskassan", short_name="FK", code="fk", order=1)
    w.af = make_party(w.federation, name="Arbetsförmedlingen", short_name="AF", code="af", order=2)
    w.region = make_party(
        w.federation,
        name="Region Testlän",
        short_name="Regionen",
        code="region",
        kind=Party.Kind.REGION,
        order=3,
    )
    w.alby_party = w.alby.party
    w.alby_hc = make_unit(w.region, w.alby, name="Alby hälsocentral")
    w.bergby_hc = make_unit(w.region, w.bergby, name="Bergby hälsocentral")
    w.bergby_psych = make_unit(
        w.region, w.bergby, name="Bergby vuxenpsykiatri", kind=Unit.Kind.ADULT_PSYCHIATRY
    )
    w.alby_ifo = make_unit(w.alby_party, w.alby, name="Alby IFO", kind=Unit.Kind.IFO)

    w.county_board = make_group(w.federation, GroupKind.COUNTY_BOARD, name="Länsledning Välfärd")
    w.mysam = make_group(w.federation, GroupKind.MYSAM, name="Mysam Alby", municipality=w.alby)
    w.trisam = make_group(
        w.federation, GroupKind.TRISAM, name="Trisam Alby hälsocentral", unit=w.alby_hc
    )

    w.coordinator = make_person(w.federation, first_name="Karin", last_name="Koordinator")
    w.fk_manager = make_person(
        w.federation, w.fk, first_name="Fredrik", last_name="Kassasson", profession="Enhetschef"
    )
    w.af_manager = make_person(
        w.federation, w.af, first_name="Anna", last_name="Arbetsson", profession="Sektionschef"
    )
    w.region_manager = make_person(
        w.federation,
        w.region,
        unit=w.alby_hc,
        first_name="Rut",
        last_name="Regionsdotter",
        profession="Verksamhetschef",
    )
    w.ifo_manager = make_person(
        w.federation,
        w.alby_party,
        unit=w.alby_ifo,
        first_name="Ingrid",
        last_name="Ifosson",
        profession="Enhetschef IFO",
    )
    w.rehab = make_person(
        w.federation,
        w.region,
        unit=w.alby_hc,
        first_name="Rebecka",
        last_name="Rehabsson",
        profession="Rehabkoordinator",
    )
    w.school_head = make_person(
        w.federation, w.alby_party, first_name="Sven", last_name="Skolsson", profession="Rektor"
    )

    for person in (w.fk_manager, w.af_manager, w.region_manager, w.ifo_manager):
        make_membership(person, w.mysam, valid_from=YEAR_AGO)
    make_membership(w.coordinator, w.mysam, role=Membership.Role.CONVENER, valid_from=YEAR_AGO)
    make_membership(w.school_head, w.mysam, role=Membership.Role.CO_OPTED, valid_from=YEAR_AGO)
    make_membership(w.rehab, w.trisam, role=Membership.Role.REHAB_COORDINATOR, valid_from=YEAR_AGO)
    make_membership(w.fk_manager, w.trisam, role=Membership.Role.CASE_OFFICER)

    w.decision = make_decision(
        w.federation,
        title="Mysam-strukturen 2016",
        decided_on=datetime.date(2016, 5, 20),
        effective_from=datetime.date(2016, 5, 23),
    )
    w.mysam_rule = make_rule(
        w.decision,
        GroupKind.MYSAM,
        meetings_per_year=4,
        meeting_minutes=90,
        convener="coordinator",
        requires_own_municipality=True,
    )
    w.mysam_rule.required_parties.set([w.fk, w.af, w.region])
    StandingItem.objects.create(
        rule=w.mysam_rule, title="Erfarenheter från Trisam", kind="experiences", order=1
    )
    TimeBudget.objects.create(rule=w.mysam_rule, representative_kind="state", hours_per_year=60)
    TimeBudget.objects.create(rule=w.mysam_rule, representative_kind="municipal", hours_per_year=6)

    w.admin_person = make_person(w.federation, first_name="Ada", last_name="Administratör")
    w.admin = make_user(w.admin_person, role=User.Role.FEDERATION_ADMIN)
    w.reader_person = make_person(w.federation, w.fk, first_name="Lars", last_name="Läsare")
    w.reader = make_user(w.reader_person)

    w.other_federation = make_federation(name="Samordningsförbundet Annanlän", slug="annanlan")
    other_person = make_person(w.other_federation, first_name="Olle", last_name="Annansson")
    w.other_admin = make_user(other_person, role=User.Role.FEDERATION_ADMIN)
    return w


@pytest.fixture
def editor_client(world):
    """Signed in as the förbund's administrator."""
    return signed_in(world.admin)


@pytest.fixture
def reader_client(world):
    """Signed in as a member of staff without any right to change the structure."""
    return signed_in(world.reader)


@pytest.fixture
def other_admin_client(world):
    """Signed in as the administrator of another förbund."""
    return signed_in(world.other_admin)


@pytest.fixture
def client_for():
    """`client_for(user)`: a test client signed in as `user`."""
    return signed_in
