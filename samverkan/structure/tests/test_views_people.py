"""Staff: the people list and one person with current and past memberships."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.structure.models import Membership
from tests.factories import YEAR_AGO, make_membership, make_person

LIST_URL = reverse("structure:people")


def test_anonymous_is_sent_to_sign_in(world):
    for url in (LIST_URL, world.fk_manager.get_absolute_url()):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_people_list_shows_staff_of_the_federation_only(world, reader_client):
    make_person(world.other_federation, first_name="Frida", last_name="Främling")
    html = reader_client.get(LIST_URL).content.decode()
    assert "<h1>Personer</h1>" in html
    assert "inga uppgifter om enskilda deltagare" in html
    assert "Kassasson, Fredrik" in html
    assert "Enhetschef" in html
    assert "Främling" not in html


def test_person_page_shows_employer_unit_profession_and_contact(world, reader_client):
    world.rehab.email = "rebecka@example.org"
    world.rehab.phone = "026-123 45"
    world.rehab.save()
    response = reader_client.get(world.rehab.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Rebecka Rehabsson</h1>" in html
    assert "Region Testlän" in html
    assert "Alby hälsocentral" in html
    assert "Rehabkoordinator" in html
    assert "mailto:rebecka@example.org" in html
    assert "026-123 45" in html


def test_person_page_shows_current_and_past_memberships(world, reader_client):
    make_membership(
        world.fk_manager,
        world.county_board,
        role=Membership.Role.CO_OPTED,
        valid_from=YEAR_AGO,
        valid_to=timezone.localdate() - datetime.timedelta(days=1),
    )
    html = reader_client.get(world.fk_manager.get_absolute_url()).content.decode()
    current = html[html.index("<h2>Nuvarande uppdrag</h2>") : html.index("<h2>Tidigare uppdrag")]
    former = html[html.index("<h2>Tidigare uppdrag</h2>") :]
    assert "Mysam Alby" in current and "Trisam Alby hälsocentral" in current
    assert "Länsledning Välfärd" in former
    assert "Länsledning Välfärd" not in current


def test_edit_link_for_admins_only(world, reader_client, editor_client):
    edit = reverse("structure:person_edit", args=[world.fk_manager.pk])
    assert edit not in reader_client.get(world.fk_manager.get_absolute_url()).content.decode()
    assert edit in editor_client.get(world.fk_manager.get_absolute_url()).content.decode()


def test_people_list_is_paginated(world, reader_client, django_assert_max_num_queries):
    for n in range(120):
        make_person(world.federation, world.af, last_name=f"Ö-person {n:03d}")
    # The main menu's entries ask up to two of these: money, and the follow-up.
    with django_assert_max_num_queries(9):
        html = reader_client.get(LIST_URL).content.decode()
    assert "Sida 1 av 2" in html
    assert "Nästa sida" in html
    second = reader_client.get(LIST_URL, {"page": 2}).content.decode()
    assert "Ö-person 119" in second
