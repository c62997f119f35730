"""The organisation chart: the tree, the empty state, choosing a förbund, the query budget."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied

from tests.factories import grow, make_federation, make_user, signed_in

URL = reverse("structure:overview")


def test_anonymous_is_sent_to_sign_in(world):
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_chart_shows_the_levels_as_a_nested_list(world, reader_client):
    response = reader_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert "<h1>Organisation</h1>" in html
    assert 'class="org-chart"' in html
    for text in (
        "Samordningsförbundet Testlän",
        "Länsledning Välfärd",
        "Norra delen",
        "Södra delen",
        "Alby",
        "Mysam Alby",
        "Trisam Alby hälsocentral",
        "Vid Alby hälsocentral",
        "Sammankallande: Rebecka Rehabsson",
    ):
        assert text in html
    # The förbund is the root; sub-regions sit under the county level, Trisam under Mysam.
    assert html.index("Samordningsförbundet Testlän") < html.index("Länsledning Välfärd")
    assert html.index("Länsledning Välfärd") < html.index("Norra delen") < html.index("Alby")
    assert html.index("Mysam Alby") < html.index("Trisam Alby hälsocentral")


def test_chart_counts_mysam_members_by_party(world, reader_client):
    html = reader_client.get(URL).content.decode()
    assert "Medlemmar: FK 1, AF 1, Regionen 1, Albys kommun 2, Förbundet 1" in html


def test_chart_says_when_a_municipality_has_no_mysam_group(world, reader_client):
    html = reader_client.get(URL).content.decode()
    assert "Ingen Mysam-grupp" in html


def test_parties_are_listed_by_kind(world, reader_client):
    html = reader_client.get(URL).content.decode()
    state = html.index("Statliga myndigheter")
    regions = html.index("Regioner")
    municipalities = html.index("<h3>Kommuner</h3>")
    assert state < html.index("Försäkringskassan", state) < regions
    assert regions < html.index("Region Testlän", regions) < municipalities
    assert html.index("Albys kommun", municipalities) > municipalities


def test_without_any_federation_the_page_says_to_load_the_reference_data(db):
    user = make_user()
    response = signed_in(user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Organisation</h1>" in html
    assert "manage.py load_structure" in html


def test_a_user_outside_every_federation_chooses_one_when_there_are_several(db):
    first = make_federation(name="Förbund Ett", slug="ett")
    make_federation(name="Förbund Två", slug="tva")
    client = signed_in(make_user(is_superuser=True))

    choice = client.get(URL).content.decode()
    assert "Välj vilket förbund" in choice
    assert f"?federation={first.slug}" in choice

    chosen = client.get(URL, {"federation": "tva"}).content.decode()
    assert "Samverkansstrukturen i Förbund Två" in chosen
    # The choice is remembered on the next page.
    assert "Förbund Två" in client.get(reverse("structure:municipalities")).content.decode()


def test_overview_query_count_does_not_grow_with_the_structure(
    world, reader_client, django_assert_max_num_queries
):
    grow(world, municipalities=8)
    # The main menu's entries ask up to two of these: money, and the follow-up.
    with django_assert_max_num_queries(12):
        response = reader_client.get(URL)
    assert "Mysam Extra 7" in response.content.decode()


def test_not_found_page_is_swedish_for_anonymous_and_signed_in(world, reader_client):
    anonymous = Client().get("/finns-inte/")
    assert anonymous.status_code == 404
    assert "Sidan hittades inte" in anonymous.content.decode()
    signed = reader_client.get(reverse("structure:group", args=[999999]))
    assert signed.status_code == 404
    assert "Sidan hittades inte" in signed.content.decode()


def test_forbidden_page_renders_in_swedish_for_anonymous_users(db):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Åtkomst nekad</h1>" in html
    assert reverse("login") in html
