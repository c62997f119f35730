"""The municipality list grouped by sub-region and one municipality's page."""

from django.test import Client
from django.urls import reverse

from tests.factories import grow, make_municipality

LIST_URL = reverse("structure:municipalities")


def detail_url(municipality):
    return reverse("structure:municipality", args=[municipality.code])


def test_anonymous_is_sent_to_sign_in(world):
    for url in (LIST_URL, detail_url(world.alby)):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_list_groups_municipalities_by_sub_region(world, reader_client):
    make_municipality(world.federation, name="Cedby", code="8103")
    html = reader_client.get(LIST_URL).content.decode()
    assert "<h1>Kommuner</h1>" in html
    north = html.index("<h2>Norra delen</h2>")
    south = html.index("<h2>Södra delen</h2>")
    without = html.index("<h2>Utan delområde</h2>")
    assert north < html.index("Alby", north) < south < html.index("Bergby", south) < without
    assert html.index("Cedby") > without
    assert "Mysam Alby" in html
    assert "Saknas" in html  # Bergby has no Mysam group


def test_list_shows_create_links_to_admins_only(world, reader_client, editor_client):
    new_url = reverse("structure:municipality_create")
    assert new_url not in reader_client.get(LIST_URL).content.decode()
    assert new_url in editor_client.get(LIST_URL).content.decode()


def test_detail_shows_mysam_members_by_party_with_roles(world, reader_client):
    response = reader_client.get(detail_url(world.alby))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Alby</h1>" in html
    assert "Mysam Alby" in html
    fk = html.index("<h4>Försäkringskassan</h4>")
    municipality = html.index("<h4>Albys kommun</h4>")
    assert fk < html.index("Fredrik Kassasson") < municipality
    assert html.index("Sven Skolsson") > municipality
    assert "Sven Skolsson</a>, adjungerad vid behov" in html
    assert "ej ordinarie ledamot" in html
    assert "Karin Koordinator</a>, sammankallande/koordinator" in html


def test_detail_shows_trisam_teams_and_units_by_kind(world, reader_client):
    html = reader_client.get(detail_url(world.alby)).content.decode()
    assert "Trisam Alby hälsocentral" in html
    assert "Rebecka Rehabsson" in html
    assert "<h3>Hälsocentral</h3>" in html
    assert "<h3>Individ- och familjeomsorg (IFO)</h3>" in html
    assert "Alby IFO" in html


def test_detail_without_mysam_says_so(world, reader_client, editor_client):
    html = reader_client.get(detail_url(world.bergby)).content.decode()
    assert "Kommunen har ingen Mysam-grupp." in html
    assert "Skapa Mysam-grupp" not in html
    assert "Skapa Mysam-grupp" in editor_client.get(detail_url(world.bergby)).content.decode()


def test_edit_link_only_for_admins(world, reader_client, editor_client, other_admin_client):
    edit_url = reverse("structure:municipality_edit", args=[world.alby.code])
    assert edit_url not in reader_client.get(detail_url(world.alby)).content.decode()
    assert edit_url not in other_admin_client.get(detail_url(world.alby)).content.decode()
    assert edit_url in editor_client.get(detail_url(world.alby)).content.decode()


def test_unknown_code_is_not_found(world, reader_client):
    assert reader_client.get(reverse("structure:municipality", args=["0000"])).status_code == 404


def test_query_counts_stay_bounded(world, reader_client, django_assert_max_num_queries):
    grow(world, municipalities=6)
    # The main menu's entries ask up to two of these: money, and the follow-up.
    with django_assert_max_num_queries(11):
        assert reader_client.get(LIST_URL).status_code == 200
    with django_assert_max_num_queries(11):
        response = reader_client.get(detail_url(world.alby))
    assert response.status_code == 200
