"""Small factories for structure tests: each makes a valid object, any field overridable."""

import datetime
import itertools

from samverkan.core.models import User
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
