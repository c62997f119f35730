"""What every test builds with: small factories for each capability, each making a valid
object with any field overridable, and the helpers the test modules share.

The fixtures (the small förbund `world`, and the worlds of meetings, cases and money built on
it) are pytest plugins that the root `conftest.py` loads, so no test module imports them.
Data for browser tests is built the same way: the live server sees it.
"""

import datetime
import itertools

from django.contrib.auth.models import AnonymousUser
from django.test import Client, RequestFactory
from django.utils import timezone

from samverkan.cases import services as case_services
from samverkan.cases.identity import luhn_check_digit
from samverkan.cases.models import Case, Consent, Gender, IncomeSupportSource
from samverkan.core.models import User
from samverkan.meetings import services as meeting_services
from samverkan.structure.models import (
    Decision,
    Federation,
    Group,
    GroupKind,
    GroupRule,
    Membership,
    Municipality,
    Party,
    Person,
    SubRegion,
    Unit,
)

TODAY = timezone.localdate()
YEAR_AGO = TODAY - datetime.timedelta(days=365)
THIS_YEAR = TODAY.year
LAST_YEAR = THIS_YEAR - 1

_sequence = itertools.count(1)
_serials = itertools.count(201)


def at(day, hour=13, minute=0):
    """An aware datetime in Swedish time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def signed_in(user):
    """A test client signed in as `user`."""
    client = Client()
    client.force_login(user)
    return client


# --- Structure ---------------------------------------------------------------------------------

_sequence = itertools.count(1)


def _next():
    return next(_sequence)


def make_federation(**fields):
    n = _next()
    fields.setdefault("name", f"Samordningsförbund {n}")
    fields.setdefault("slug", f"forbund-{n}")
    return Federation.objects.create(**fields)


def make_sub_region(federation, **fields):
    fields.setdefault("name", f"Delområde {_next()}")
    return SubRegion.objects.create(federation=federation, **fields)


def make_municipality(federation, with_party=True, **fields):
    """A municipality, by default with its own member party."""
    n = _next()
    fields.setdefault("name", f"Kommun {n}")
    fields.setdefault("code", f"{9000 + n % 1000:04d}")
    municipality = Municipality.objects.create(federation=federation, **fields)
    if with_party:
        Party.objects.create(
            federation=federation,
            name=f"{municipality.name}s kommun",
            code=f"kommun-{municipality.code}",
            kind=Party.Kind.MUNICIPALITY,
            municipality=municipality,
            order=100,
        )
    return municipality


def make_party(federation, **fields):
    n = _next()
    fields.setdefault("name", f"Myndighet {n}")
    fields.setdefault("code", f"part-{n}")
    fields.setdefault("kind", Party.Kind.STATE_AGENCY)
    return Party.objects.create(federation=federation, **fields)


def make_unit(party, municipality, **fields):
    fields.setdefault("name", f"Hälsocentral {_next()}")
    fields.setdefault("kind", Unit.Kind.HEALTH_CENTRE)
    return Unit.objects.create(party=party, municipality=municipality, **fields)


def make_person(federation, party=None, **fields):
    n = _next()
    fields.setdefault("first_name", "Person")
    fields.setdefault("last_name", f"Nummer{n}")
    return Person.objects.create(federation=federation, party=party, **fields)


def make_group(federation, kind=GroupKind.WORKING_GROUP, **fields):
    fields.setdefault("name", f"Grupp {_next()}")
    if kind == GroupKind.TRISAM and "unit" in fields:
        fields.setdefault("municipality", fields["unit"].municipality)
    return Group.objects.create(federation=federation, kind=kind, **fields)


def make_membership(person, group, **fields):
    fields.setdefault("role", Membership.Role.MEMBER)
    fields.setdefault("party", person.party)
    fields.setdefault("valid_from", datetime.date(2020, 1, 1))
    return Membership.objects.create(person=person, group=group, **fields)


def make_decision(federation, **fields):
    fields.setdefault("title", f"Beslut {_next()}")
    fields.setdefault("effective_from", datetime.date(2016, 5, 23))
    return Decision.objects.create(federation=federation, **fields)


def make_rule(decision, group_kind=GroupKind.MYSAM, **fields):
    return GroupRule.objects.create(decision=decision, group_kind=group_kind, **fields)


def make_user(person=None, password="losenord-for-test-1", **fields):
    """A user who can sign in with `password`, linked to `person` when given."""
    fields.setdefault("username", f"user{_next()}")
    user = User.objects.create_user(password=password, **fields)
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user


def grow(world, municipalities=6, members_per_group=5):
    """Add municipalities, each with a Mysam group, two Trisam teams and members, to `world`."""
    parties = [world.fk, world.af, world.region]
    for n in range(municipalities):
        municipality = make_municipality(
            world.federation, name=f"Extra {n}", sub_region=world.south
        )
        mysam = make_group(
            world.federation, GroupKind.MYSAM, name=f"Mysam Extra {n}", municipality=municipality
        )
        for m in range(members_per_group):
            party = (parties + [municipality.party])[m % 4]
            person = make_person(world.federation, party)
            make_membership(person, mysam, valid_from=YEAR_AGO)
            make_membership(
                person,
                mysam,
                valid_from=YEAR_AGO,
                valid_to=YEAR_AGO + datetime.timedelta(days=30),
                role=Membership.Role.GUEST,
            )
        for kind in (Unit.Kind.HEALTH_CENTRE, Unit.Kind.ADULT_PSYCHIATRY):
            unit = make_unit(world.region, municipality, kind=kind)
            team = make_group(world.federation, GroupKind.TRISAM, unit=unit)
            rehab = make_person(world.federation, world.region, unit=unit)
            make_membership(rehab, team, role=Membership.Role.REHAB_COORDINATOR)
            for party in parties:
                make_membership(make_person(world.federation, party), team, role="case_officer")
    return world


# --- Meetings ----------------------------------------------------------------------------------


def publish(meeting, by):
    """Write, approve and publish the meeting's minutes, so its action items are decided."""
    minutes = meeting_services.start_minutes(meeting, by=by)
    return meeting_services.publish_minutes(meeting_services.approve_minutes(minutes, by=by), by=by)


# --- Cases -------------------------------------------------------------------------------------
# Invented identities with valid check digits, cases and consents, and the checks the step pages
# share: a refused or unknown case answers GET and POST alike.


STALE = "Någon annan har ändrat uppgifterna"
CLOSED = "Ärendet är avslutat"
NO_CONSENT = "Samtycke saknas"
# Users of `team_world` who may not know of a case in the Alby team.
OUTSIDERS = ("former_user", "other_team_user", "process_leader_user", "kansli", "mysam_coordinator")


def identity_number(birth="19850314", serial=None):
    """A valid twelve-digit number for an invented person born on `birth` (YYYYMMDD)."""
    serial = f"{serial if serial is not None else next(_serials) % 1000:03d}"
    check = luhn_check_digit(birth[2:] + serial)
    return f"{birth}{serial}{check}"


def request_as(user, path="/test/"):
    """A request from `user` for service calls outside a view (the log records its path)."""
    request = RequestFactory().get(path)
    request.user = user if user is not None else AnonymousUser()
    return request


def make_case(team, raised_by, party=None, *, user=None, income=("sjukpenning",), **fields):
    """Raise a case in `team` through the service, as the view does; returns the saved case."""
    today = timezone.localdate()
    defaults = {
        "raised_on": today - datetime.timedelta(days=30),
        "question": "Vilket stöd behövs för att komma tillbaka till arbete?",
        "name": "Testa Testsson",
        "gender": Gender.WOMAN,
        "municipality": team.unit.municipality if team.unit_id else None,
    }
    defaults.update(fields)
    if not defaults.get("protected_identity") and "personal_number" not in fields:
        defaults["personal_number"] = identity_number()
    case = Case(team=team, raised_by=raised_by, raising_party=party or raised_by.party, **defaults)
    case.derive_age()
    sources = IncomeSupportSource.objects.filter(code__in=income)
    return case_services.raise_case(request_as(user or raised_by.user), case, sources)


def give_consent(case, parties, obtained_by, *, kind=Consent.Kind.TEAM, user=None, **fields):
    """Record a consent naming `parties`, given a week after raising unless told otherwise."""
    defaults = {
        "information": "Uppgifter om hälsa, arbetsförmåga och försörjning.",
        "purpose": "Samverkan i Trisam-teamet kring rehabilitering.",
        "given_on": min(case.raised_on + datetime.timedelta(days=7), timezone.localdate()),
        "form": Consent.Form.WRITTEN,
    }
    defaults.update(fields)
    consent = Consent(case=case, kind=kind, obtained_by=obtained_by, **defaults)
    return case_services.record_consent(request_as(user or obtained_by.user), consent, parties)


def consented_case(w, parties=None, **fields):
    """A case raised by the region in `w.team` whose team consent names `parties`.

    By default the region, FK and AF consent; the municipality does not.
    """
    case = make_case(w.team, w.rehab, **fields)
    give_consent(case, [w.region, w.fk, w.af] if parties is None else parties, w.rehab)
    return case


def close(case, user):
    """Close `case` today as ended as planned, as `user` would."""
    case_services.close_case(
        request_as(user), case, Case.ClosureReason.ENDED_AS_PLANNED, timezone.localdate()
    )


def assert_refused(client, url, data, reason):
    """The page at `url` answers 403 naming `reason`, and so does a POST of `data`."""
    response = client.get(url)
    assert response.status_code == 403
    assert reason in response.content.decode()
    assert client.post(url, data).status_code == 403


def assert_not_found(client, url, data):
    """The page at `url` answers 404, and so does a POST of `data`."""
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
