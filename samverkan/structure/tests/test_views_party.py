"""The förbund's parties: the list by kind and one party's page."""

from django.test import Client
from django.urls import reverse

LIST_URL = reverse("structure:parties")


def party_url(party):
    return reverse("structure:party", args=[party.pk])


def test_anonymous_is_sent_to_sign_in(world):
    for url in (LIST_URL, party_url(world.fk)):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_parties_are_listed_by_kind(world, reader_client):
    html = reader_client.get(LIST_URL).content.decode()
    assert "<h1>Parter</h1>" in html
    state = html.index("<caption>Statlig myndighet</caption>")
    region = html.index("<caption>Region</caption>")
    municipality = html.index("<caption>Kommun</caption>")
    assert state < html.index("Försäkringskassan") < region < municipality
    assert html.index("Albys kommun") > municipality


def test_party_page_shows_groups_units_and_staff(world, reader_client):
    html = reader_client.get(party_url(world.region)).content.decode()
    assert "<h1>Region Testlän</h1>" in html
    assert "Mysam Alby" in html and "Trisam Alby hälsocentral" in html
    assert "Bergby vuxenpsykiatri" in html
    assert "Rebecka Rehabsson" in html


def test_municipal_party_links_to_its_municipality(world, reader_client):
    html = reader_client.get(party_url(world.alby_party)).content.decode()
    assert world.alby.get_absolute_url() in html


def test_edit_link_for_admins_only(world, reader_client, editor_client, other_admin_client):
    edit = reverse("structure:party_edit", args=[world.fk.pk])
    assert edit not in reader_client.get(party_url(world.fk)).content.decode()
    assert edit not in other_admin_client.get(party_url(world.fk)).content.decode()
    assert edit in editor_client.get(party_url(world.fk)).content.decode()
