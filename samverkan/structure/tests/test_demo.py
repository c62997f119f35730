"""The demo data, as `make run` loads it: marked, repeatable, signs in, and shows coverage gaps."""

import datetime
import io
import types
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from samverkan.core.models import User
from samverkan.structure.coverage import coverage
from samverkan.structure.models import Federation, Group, Membership, Person, Unit
from tests.factories import make_federation

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "gavleborg.yaml"
PASSWORD = "samverkan-demo"
USERNAMES = [
    "kansli",
    "processledare",
    "koordinator",
    "mysam",
    "rehabkoordinator",
    "handlaggare",
    "handlaggare-fk",
    "handlaggare-af",
    "lansledning",
    "loggranskare",
    "systemadmin",
]
DAY = datetime.date(2024, 6, 1)
DEMO_MODELS = (Unit, Person, Group, Membership, User)


def counts():
    return {model.__name__: model.objects.count() for model in DEMO_MODELS}


def run(command, **options):
    if command == "load_demo":
        # Tests run with DEBUG off, as production does; the refusal itself is tested below.
        options.setdefault("allow_without_debug", True)
        # The historic cases are tested on their own (demo/tests/test_volume.py).
        options.setdefault("without_volume", True)
    out = io.StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


# These run before the module's demo fixture is set up, on an empty database.
@pytest.mark.django_db
def test_demo_refuses_to_run_with_debug_off_unless_told_to():
    make_federation(slug="gavleborg")

    with pytest.raises(CommandError, match="Demodata läses bara in i utvecklingsläge"):
        run("load_demo", allow_without_debug=False)

    assert not any(counts().values())


@pytest.mark.django_db
def test_demo_refuses_without_the_reference_structure():
    assert not Federation.objects.exists()

    with pytest.raises(CommandError, match='Förbundet "gavleborg" finns inte.*load_structure'):
        run("load_demo")

    assert not any(counts().values())


@pytest.mark.django_db
def test_demo_refuses_a_federation_without_the_parties_it_needs():
    make_federation(slug="tomt")

    with pytest.raises(CommandError, match="saknar fk, af, region, Gävle"):
        run("load_demo", federation="tomt")

    assert not any(counts().values())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Reference structure and demo loaded once, then loaded again; all rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_structure", str(REFERENCE), stdout=io.StringIO())
        first = run("load_demo")
        after_first = counts()
        second = run("load_demo")
        yield types.SimpleNamespace(
            first=first,
            second=second,
            after_first=after_first,
            federation=Federation.objects.get(slug="gavleborg"),
        )
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_a_second_run_creates_nothing(demo):
    assert "Demodata inläst" in demo.first
    assert "inget nytt skapades" in demo.second
    assert counts() == demo.after_first
    assert Group.objects.filter(kind="trisam").count() == 25
    assert Group.objects.filter(kind="mysam").count() == 10
    assert User.objects.count() == len(USERNAMES)


@pytest.mark.django_db
def test_every_demo_row_is_marked(demo):
    assert not Person.objects.filter(is_demo=False).exists()
    assert not Unit.objects.filter(is_demo=False).exists()
    assert not User.objects.filter(is_demo=False).exists()
    # Only the two boards of the reference data are real; the demo seats people in them.
    assert set(Group.objects.filter(is_demo=False).values_list("name", flat=True)) == {
        "Förbundsstyrelsen",
        "Länsledning Välfärd",
    }
    emails = [*Person.objects.values_list("email", flat=True)]
    emails += User.objects.values_list("email", flat=True)
    assert all(email.endswith("@example.invalid") for email in emails)
    assert len(set(Person.objects.values_list("email", flat=True))) == Person.objects.count()


@pytest.mark.django_db
def test_the_units_are_spread_over_the_county(demo):
    health_centres = Unit.objects.filter(kind="health_centre")
    by_town = {
        name: health_centres.filter(municipality__name=name).count()
        for name in demo.federation.municipalities.values_list("name", flat=True)
    }
    assert 24 <= sum(by_town.values()) <= 26
    assert max(by_town, key=by_town.get) == "Gävle"
    assert by_town["Ockelbo"] == by_town["Hofors"] == by_town["Nordanstig"] == 1
    assert health_centres.filter(operator="private").exists()
    assert all(unit.party.code == "region" for unit in health_centres)
    assert sorted(
        Unit.objects.filter(kind="adult_psychiatry").values_list("municipality__name", flat=True)
    ) == ["Bollnäs", "Gävle", "Hudiksvall", "Sandviken"]
    for municipality in demo.federation.municipalities.all():
        for kind in ("ifo", "ame"):
            unit = Unit.objects.get(municipality=municipality, kind=kind)
            assert unit.party == municipality.party


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERNAMES)
def test_each_demo_account_signs_in_with_the_demo_password(demo, client, username):
    assert client.login(username=username, password=PASSWORD)
    user = User.objects.get(username=username)
    assert user.person.is_demo
    assert (user.first_name, user.last_name) == (user.person.first_name, user.person.last_name)
    assert username in demo.first and username in demo.second


@pytest.mark.django_db
def test_each_account_holds_the_role_it_shows(demo):
    def current(username, **filters):
        person = User.objects.get(username=username).person
        return person.memberships.active_on(DAY).filter(**filters)

    users = {user.username: user for user in User.objects.all()}
    assert users["kansli"].role == "federation_admin"
    assert users["kansli"].person.party is None
    assert users["loggranskare"].role == "log_reviewer"
    assert users["systemadmin"].is_superuser and users["systemadmin"].is_staff
    others = [users[name] for name in USERNAMES if name != "systemadmin"]
    assert not any(user.is_staff or user.is_superuser for user in others)
    assert current("processledare", role="process_leader").exists()
    coordinating = current("koordinator", role="convener", group__kind="mysam", party=None)
    assert coordinating.count() == 3
    assert current("mysam", role="member", group__kind="mysam").exists()
    assert current("rehabkoordinator", role="rehab_coordinator", group__kind="trisam").exists()
    assert current("handlaggare", role="case_officer", group__kind="trisam").count() == 2
    # FK's and AF's case officers sit, for their party, in a team handlaggare sits in too.
    bollnas = current("handlaggare", role="case_officer").get(
        group__name="Trisam Bollnäs hälsocentral"
    )
    for username, code in (("handlaggare-fk", "fk"), ("handlaggare-af", "af")):
        seats = current(username, role="case_officer")
        assert seats.filter(group=bollnas.group, party__code=code).exists()
        assert set(seats.values_list("party__code", flat=True)) == {code}
    assert current("lansledning", group__kind="county_board").exists()
    assert PASSWORD in demo.first


@pytest.mark.django_db
def test_coverage_shows_the_intended_gaps(demo):
    report = coverage(demo.federation, DAY)

    assert report.municipalities_without_mysam == []
    assert sorted(unit.name for unit in report.units_without_trisam) == [
        "Alfta hälsocentral",
        "Färila hälsocentral",
        "Läkarhuset Stortorget",
        "Vuxenpsykiatrins öppenvårdsmottagning Bollnäs",
    ]
    assert {
        (missing.group.name, tuple(party.code for party in missing.parties))
        for missing in report.groups_missing_parties
    } == {
        ("Mysam Nordanstig", ("af",)),
        # The rehab coordinator was the team's only ordinary member from the Region.
        ("Trisam Iggesunds hälsocentral", ("region",)),
    }
    [without] = report.groups_without_convener
    assert without.group.name == "Trisam Iggesunds hälsocentral"
    assert without.last_convener.valid_to == datetime.date(2024, 1, 31)


@pytest.mark.django_db
def test_every_mysam_group_has_members_from_fk_the_region_and_its_municipality(demo):
    for group in Group.objects.filter(kind="mysam").select_related("municipality__party"):
        ordinary = group.memberships.active_on(DAY).exclude(role__in=Membership.NON_ORDINARY_ROLES)
        parties = set(ordinary.values_list("party__code", flat=True))
        assert {"fk", "region", group.municipality.party.code} <= parties, group.name
        assert group.memberships.active_on(DAY).filter(role="guest", party=None).exists()


@pytest.mark.django_db
def test_mysam_conveners_follow_the_decisions(demo):
    for group in Group.objects.filter(kind="mysam"):
        conveners = group.memberships.filter(role="convener")
        [fk_period] = conveners.active_on(datetime.date(2017, 1, 1))
        assert fk_period.party.code == "fk"
        [chosen] = conveners.active_on(datetime.date(2019, 1, 1))
        assert chosen.party is not None
        [coordinator] = conveners.active_on(datetime.date(2023, 1, 1))
        assert coordinator.party is None
        assert coordinator.person.profession == "Mysam-koordinator"


@pytest.mark.django_db
def test_history_keeps_ended_memberships_and_their_successors(demo):
    seats = Membership.objects.filter(
        group__name="Trisam Brynäs hälsocentral", role="rehab_coordinator"
    ).order_by("valid_from")
    assert [(m.valid_from, m.valid_to) for m in seats] == [
        (datetime.date(2015, 3, 2), datetime.date(2023, 1, 31)),
        (datetime.date(2023, 2, 1), None),
    ]
    assert seats[0].person != seats[1].person
    assert Membership.objects.filter(valid_to__lt=DAY).count() >= 5
