"""Search: results grouped by type, live results over htmx, a plain submit without JavaScript."""

from django.test import Client
from django.urls import reverse

from tests.factories import make_person

URL = reverse("structure:search")


def test_anonymous_is_sent_to_sign_in(world):
    response = Client().get(URL, {"q": "Alby"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_empty_page_has_a_labelled_field_a_submit_button_and_a_live_region(world, reader_client):
    html = reader_client.get(URL).content.decode()
    assert "<h1>Sök</h1>" in html
    assert '<label for="search-q">' in html
    assert 'id="search-q"' in html
    assert 'hx-get="/sok/"' in html
    assert "delay:300ms" in html
    assert 'hx-target="#search-results"' in html
    assert '<div id="search-results" aria-live="polite">' in html
    assert '<button type="submit" class="button">Sök</button>' in html
    assert "Skriv minst 2 tecken" in html


def test_finds_people_by_name_and_profession(world, reader_client):
    html = reader_client.get(URL, {"q": "rehab"}).content.decode()
    assert "<h2>Personer" in html
    assert "Rebecka Rehabsson" in html

    html = reader_client.get(URL, {"q": "sektionschef"}).content.decode()
    assert "Anna Arbetsson" in html

    html = reader_client.get(URL, {"q": "Anna Arbetsson"}).content.decode()
    assert "Anna Arbetsson" in html


def test_results_are_grouped_by_type(world, reader_client):
    html = reader_client.get(URL, {"q": "Alby"}).content.decode()
    units = html.index("<h2>Enheter")
    groups = html.index("<h2>Grupper")
    municipalities = html.index("<h2>Kommuner")
    parties = html.index("<h2>Parter")
    assert units < html.index("Alby hälsocentral", units) < groups
    assert groups < html.index("Mysam Alby", groups) < municipalities
    assert municipalities < html.index(world.alby.get_absolute_url(), municipalities) < parties
    assert "Albys kommun" in html[parties:]


def test_no_hits_says_so(world, reader_client):
    html = reader_client.get(URL, {"q": "zzzqqq"}).content.decode()
    assert "Inga träffar för ”zzzqqq”." in html


def test_htmx_request_gets_only_the_results(world, reader_client):
    response = reader_client.get(URL, {"q": "Alby"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mysam Alby" in html
    assert "<html" not in html
    assert "<h1>" not in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(world, reader_client):
    response = reader_client.get(
        URL,
        {"q": "Alby"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<h1>Sök</h1>" in response.content.decode()


def test_search_stays_within_the_users_federation(world, reader_client):
    make_person(world.other_federation, first_name="Rehab", last_name="Främling")
    html = reader_client.get(URL, {"q": "rehab"}).content.decode()
    assert "Främling" not in html


def test_many_hits_are_capped_per_type(world, reader_client, django_assert_max_num_queries):
    for n in range(25):
        make_person(world.federation, world.fk, first_name="Mångfald", last_name=f"Nr{n}")
    # The main menu's entries ask up to two of these: money, and the follow-up.
    with django_assert_max_num_queries(12):
        html = reader_client.get(URL, {"q": "Mångfald"}).content.decode()
    assert html.count("Mångfald Nr") == 20
    assert "Visar de 20 första träffarna" in html
