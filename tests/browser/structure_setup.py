"""Data and small helpers shared by the structure browser tests.

The live server runs on a database that is emptied after every test, so each test loads what it
needs: the Gävleborg reference structure (quick), plus either a few explicit records or, once,
the full demo data (a few seconds).
"""

import io
from pathlib import Path

from django.core.management import call_command

import samverkan.structure
from samverkan.core.models import User
from samverkan.structure.models import Federation, GroupKind, Membership, Party, Unit
from tests.browser.helpers import PASSWORD
from tests.factories import make_group, make_membership, make_person, make_unit, make_user

REFERENCE_DATA = Path(samverkan.structure.__file__).resolve().parent / "data" / "gavleborg.yaml"
ADMIN_USERNAME = "ada.administrator"


def load_reference_data():
    """Load the Gävleborg reference structure; return its förbund."""
    call_command("load_structure", str(REFERENCE_DATA), stdout=io.StringIO())
    return Federation.objects.get(slug="gavleborg")


def load_demo_data():
    """Load the demo data on top of the reference structure (tests run with DEBUG off), without
    the thousands of historic cases the follow-up's figures need."""
    call_command("load_demo", allow_without_debug=True, without_volume=True, stdout=io.StringIO())


def make_admin(federation, username=ADMIN_USERNAME, password=PASSWORD):
    """The förbund's administrator: a user with the admin role linked to a person of it."""
    person = make_person(federation, first_name="Ada", last_name="Administratör")
    return make_user(
        person,
        password=password,
        username=username,
        first_name="Ada",
        last_name="Administratör",
        role=User.Role.FEDERATION_ADMIN,
    )


def make_care_units(federation):
    """Three care units of the Region in Gävle and Sandviken; only the first has a Trisam team.

    Returns (with_team, without_team, psychiatry_without_team).
    """
    region = Party.objects.get(federation=federation, code="region")
    gavle = federation.municipalities.get(name="Gävle")
    sandviken = federation.municipalities.get(name="Sandviken")
    with_team = make_unit(region, gavle, name="Brynäs hälsocentral")
    without_team = make_unit(region, gavle, name="Strömsbro hälsocentral")
    psychiatry = make_unit(
        region,
        sandviken,
        name="Vuxenpsykiatrins öppenvårdsmottagning Sandviken",
        kind=Unit.Kind.ADULT_PSYCHIATRY,
    )
    team = make_group(federation, GroupKind.TRISAM, name="Trisam Brynäs", unit=with_team)
    rehab = make_person(
        federation,
        region,
        unit=with_team,
        first_name="Rut",
        last_name="Rehabsson",
        profession="Rehabkoordinator",
    )
    make_membership(rehab, team, role=Membership.Role.REHAB_COORDINATOR)
    return with_team, without_team, psychiatry
