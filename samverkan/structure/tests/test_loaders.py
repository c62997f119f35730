"""The loaders of the structure pages: a record of another förbund is not found; a change is
refused to whoever may not change the record's förbund, a user of another förbund too."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from samverkan.structure.models import Membership
from samverkan.structure.views import common
from tests.factories import request_as

MISSING = 999_999


def records(w):
    """{name: (record, its URL key)} for every kind of record the pages load from a URL."""
    membership = Membership.objects.filter(group=w.mysam).first()
    return {
        "municipality": (w.alby, {"code": w.alby.code}),
        "sub_region": (w.north, {"pk": w.north.pk}),
        "group": (w.mysam, {"pk": w.mysam.pk}),
        "membership": (membership, {"pk": membership.pk}),
        "unit": (w.alby_hc, {"pk": w.alby_hc.pk}),
        "person": (w.fk_manager, {"pk": w.fk_manager.pk}),
        "party": (w.fk, {"pk": w.fk.pk}),
        "decision": (w.decision, {"pk": w.decision.pk}),
        "rule": (w.mysam_rule, {"pk": w.mysam_rule.pk}),
    }


def missing_key(key):
    return {"code": "0000"} if "code" in key else {"pk": MISSING}


READABLE = ["municipality", "group", "unit", "person", "party", "decision"]
CHANGEABLE = [*READABLE, "sub_region", "membership", "rule"]


@pytest.mark.parametrize("name", READABLE)
def test_a_read_loader_finds_the_own_federations_record_only(world, name):
    record, key = records(world)[name]
    load = getattr(common, f"{name}_for")

    assert load(request_as(world.reader), **key) == record
    with pytest.raises(Http404):
        load(request_as(world.other_admin), **key)
    with pytest.raises(Http404):
        load(request_as(world.reader), **missing_key(key))


@pytest.mark.parametrize("name", CHANGEABLE)
def test_a_change_loader_refuses_everyone_but_the_federations_administrators(world, name):
    record, key = records(world)[name]
    load = getattr(common, f"{name}_to_change")

    assert load(request_as(world.admin), **key) == record
    for user in (world.reader, world.other_admin):
        with pytest.raises(PermissionDenied):
            load(request_as(user), **key)
    with pytest.raises(Http404):
        load(request_as(world.admin), **missing_key(key))


def test_the_federation_of_a_list_page_is_the_users_own(world):
    assert common.federation_for(request_as(world.reader), "Titel") == (world.federation, None)


def test_a_new_record_goes_into_a_federation_the_user_administers(world):
    assert common.federation_to_add_to(request_as(world.admin), "Titel") == (
        world.federation,
        None,
    )
    with pytest.raises(PermissionDenied):
        common.federation_to_add_to(request_as(world.reader), "Titel")
    # Opened from another förbund's record, the form belongs to that förbund.
    with pytest.raises(PermissionDenied):
        common.federation_to_add_to(request_as(world.admin), "Titel", world.other_federation)
