"""A Trisam team with a seat for every role the access rules distinguish, and a second team."""

import datetime

import pytest

from samverkan.core.models import User
from samverkan.structure.models import GroupKind, Membership
from tests.factories import (
    TODAY,
    YEAR_AGO,
    consented_case,
    make_group,
    make_membership,
    make_person,
    make_user,
)


@pytest.fixture
def team_world(world):
    """`world` plus users in the Alby Trisam team for each party, and one per outside role.

    - rehab (Region, rehab coordinator), fk_officer (FK, the structure's fk_manager),
      af_officer (AF), social_worker (Alby municipality): current case seats;
    - former (FK): membership ended yesterday;
    - process_leader (Region): a seat in the team as process leader, which sees no cases;
    - other_team_officer (FK): a case seat in the Bergby team only;
    - kansli (förbund administrator), mysam_coordinator, log_reviewer: no case seats.
    """
    w = world
    team = w.trisam
    w.team = team
    w.rehab_user = make_user(w.rehab, username="rehab")
    w.fk_officer = w.fk_manager
    w.fk_user = make_user(w.fk_officer, username="fk")
    w.af_officer = make_person(w.federation, w.af, first_name="Amir", last_name="Arbetsförmedlare")
    make_membership(w.af_officer, team, role=Membership.Role.CASE_OFFICER, valid_from=YEAR_AGO)
    w.af_user = make_user(w.af_officer, username="af")
    w.social_worker = make_person(
        w.federation, w.alby_party, first_name="Sara", last_name="Socialsekreterare"
    )
    make_membership(w.social_worker, team, role=Membership.Role.CASE_OFFICER, valid_from=YEAR_AGO)
    w.social_user = make_user(w.social_worker, username="soc")

    w.former = make_person(w.federation, w.fk, first_name="Frida", last_name="Före-detta")
    make_membership(
        w.former,
        team,
        role=Membership.Role.CASE_OFFICER,
        valid_from=YEAR_AGO,
        valid_to=TODAY - datetime.timedelta(days=1),
    )
    w.former_user = make_user(w.former, username="former")

    w.process_leader = make_person(w.federation, w.region, first_name="Per", last_name="Process")
    make_membership(
        w.process_leader, team, role=Membership.Role.PROCESS_LEADER, valid_from=YEAR_AGO
    )
    w.process_leader_user = make_user(w.process_leader, username="processledare")

    w.other_team = make_group(
        w.federation, GroupKind.TRISAM, name="Trisam Bergby hälsocentral", unit=w.bergby_hc
    )
    w.other_team_officer = make_person(w.federation, w.fk, first_name="Olof", last_name="Bergbo")
    make_membership(
        w.other_team_officer, w.other_team, role=Membership.Role.CASE_OFFICER, valid_from=YEAR_AGO
    )
    w.other_team_user = make_user(w.other_team_officer, username="annat-team")

    w.kansli = w.admin
    w.mysam_coordinator = make_user(w.coordinator, username="koordinator")
    w.log_reviewer_person = make_person(w.federation, first_name="Lisa", last_name="Loggsson")
    w.log_reviewer = make_user(
        w.log_reviewer_person, username="loggranskare", role=User.Role.LOG_REVIEWER
    )
    return w


@pytest.fixture
def case(team_world):
    """A case raised by the region; the team consent names the region, FK and AF, not the
    municipality. Test modules that need another case define their own `case`."""
    return consented_case(team_world)
