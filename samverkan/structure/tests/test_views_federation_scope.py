"""Each förbund's structure is read by its own staff only; superusers read every förbund's."""

import types

import pytest
from django.urls import reverse

from samverkan.structure.models import GroupKind
from samverkan.structure.views.common import CHOSEN_FEDERATION_KEY
from tests.factories import (
    make_decision,
    make_group,
    make_membership,
    make_municipality,
    make_party,
    make_person,
    make_unit,
    make_user,
    signed_in,
)

DETAIL_PAGES = ["group", "unit", "person", "party", "municipality", "decision"]
LIST_PAGES = [
    "overview",
    "municipalities",
    "groups",
    "units",
    "people",
    "parties",
    "decisions",
    "search",
    "coverage",
]


@pytest.fixture
def other(world):
    """Förbund B's records, next to the shared förbund A of `world`."""
    b = types.SimpleNamespace(federation=world.other_federation)
    b.municipality = make_municipality(b.federation, name="Främby", code="8301")
    b.party = make_party(b.federation, name="Främmande myndigheten", code="fm")
    b.unit = make_unit(b.party, b.municipality, name="Främby hälsocentral")
    b.person = make_person(
        b.federation,
        b.party,
        first_name="Frans",
        last_name="Främling",
        email="frans@example.org",
        phone="070-1234567",
    )
    b.group = make_group(
        b.federation, GroupKind.MYSAM, name="Mysam Främby", municipality=b.municipality
    )
    make_membership(b.person, b.group)
    b.decision = make_decision(b.federation, title="Främmande beslutet")
    return b


def detail_url(name, obj):
    if name == "municipality":
        return reverse("structure:municipality", args=[obj.code])
    return reverse(f"structure:{name}", args=[obj.pk])


def own_records(world):
    return {
        "group": world.mysam,
        "unit": world.alby_hc,
        "person": world.fk_manager,
        "party": world.fk,
        "municipality": world.alby,
        "decision": world.decision,
    }


def other_records(other):
    return {name: getattr(other, name) for name in DETAIL_PAGES}


@pytest.mark.parametrize("name", DETAIL_PAGES)
def test_another_federations_detail_page_is_not_found(world, other, reader_client, name):
    response = reader_client.get(detail_url(name, other_records(other)[name]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "Främling" not in html
    assert "frans@example.org" not in html


@pytest.mark.parametrize("name", DETAIL_PAGES)
def test_own_federations_detail_page_is_shown(world, other, reader_client, name):
    assert reader_client.get(detail_url(name, own_records(world)[name])).status_code == 200


@pytest.mark.parametrize("name", DETAIL_PAGES)
def test_the_other_federation_cannot_read_ours_either(world, other, other_admin_client, name):
    assert other_admin_client.get(detail_url(name, own_records(world)[name])).status_code == 404
    assert other_admin_client.get(detail_url(name, other_records(other)[name])).status_code == 200


@pytest.mark.parametrize("name", LIST_PAGES)
def test_choosing_another_federation_does_not_switch_a_member_of_staff(
    world, other, reader_client, name
):
    response = reader_client.get(
        reverse(f"structure:{name}"), {"federation": "annanlan", "q": "Fr"}
    )
    assert response.status_code == 200
    assert response.context["federation"] == world.federation
    assert "Samordningsförbundet Annanlän" not in response.content.decode()


def test_search_never_returns_another_federations_records(world, other, reader_client):
    url = reverse("structure:search")
    for params in ({"q": "Främ"}, {"q": "Främ", "federation": "annanlan"}):
        html = reader_client.get(url, params).content.decode()
        assert "Inga träffar" in html
        for name, obj in other_records(other).items():
            assert detail_url(name, obj) not in html
        assert "frans@example.org" not in html


def test_people_list_keeps_to_the_own_federation(world, other, reader_client):
    html = reader_client.get(reverse("structure:people"), {"federation": "annanlan"}).content
    assert "Kassasson" in html.decode()
    assert "Främling" not in html.decode()


def test_a_user_without_a_federation_reads_nothing_when_there_are_several(world, other):
    client = signed_in(make_user())
    for name in ("overview", "people", "search"):
        url = reverse(f"structure:{name}")
        assert client.get(url).status_code == 403
        assert client.get(url, {"federation": "annanlan", "q": "Frans"}).status_code == 403
    assert client.get(detail_url("person", other.person)).status_code == 404
    assert client.get(detail_url("person", world.fk_manager)).status_code == 404


def test_a_remembered_choice_is_ignored_for_a_user_without_a_federation(world, other):
    client = signed_in(make_user())
    session = client.session
    session[CHOSEN_FEDERATION_KEY] = "annanlan"
    session.save()
    assert client.get(reverse("structure:people")).status_code == 403


def test_superuser_chooses_and_reads_every_federation(world, other):
    client = signed_in(make_user(is_superuser=True))
    choice = client.get(reverse("structure:people")).content.decode()
    assert "?federation=testlan" in choice
    assert "?federation=annanlan" in choice

    response = client.get(reverse("structure:people"), {"federation": "annanlan"})
    assert response.context["federation"] == world.other_federation
    assert "Främling" in response.content.decode()
    html = client.get(reverse("structure:search"), {"q": "Frans"}).content.decode()
    assert "Främling" in html

    for name in DETAIL_PAGES:
        assert client.get(detail_url(name, own_records(world)[name])).status_code == 200
        assert client.get(detail_url(name, other_records(other)[name])).status_code == 200


def test_superuser_of_one_federation_reads_another_federations_pages(world, other):
    client = signed_in(make_user(make_person(world.federation), is_superuser=True))
    for name in DETAIL_PAGES:
        assert client.get(detail_url(name, other_records(other)[name])).status_code == 200
