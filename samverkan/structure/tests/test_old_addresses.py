"""The English addresses of the first releases redirect for good to the Swedish ones."""

import pytest
from django.urls import reverse

from tests.factories import signed_in


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/municipalities/", "/kommuner/"),
        ("/municipalities/2180/edit/", "/kommuner/2180/andra/"),
        ("/subregions/new/", "/delregioner/ny/"),
        ("/groups/12/memberships/new/", "/grupper/12/medlemskap/ny/"),
        ("/memberships/7/end/", "/medlemskap/7/avsluta/"),
        ("/units/3/", "/enheter/3/"),
        ("/people/?page=2", "/personer/?page=2"),
        ("/parties/4/edit/", "/parter/4/andra/"),
        ("/decisions/5/rules/new/", "/beslut/5/regler/ny/"),
        ("/rules/9/edit/", "/regler/9/andra/"),
        ("/search/?q=Bolln%C3%A4s", "/sok/?q=Bolln%C3%A4s"),
        ("/coverage/?date=2020-01-01", "/tackning/?date=2020-01-01"),
    ],
)
def test_an_old_address_redirects_permanently(world, old, new):
    response = signed_in(world.reader).get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_the_new_address_answers_as_the_page_does(world):
    client = signed_in(world.reader)
    response = client.get("/groups/", follow=True)
    assert response.redirect_chain == [(reverse("structure:groups"), 301)]
    assert response.status_code == 200


def test_a_form_sent_to_an_old_address_is_sent_on_with_its_method(world):
    response = signed_in(world.admin).post("/groups/new/", {"name": "x"})
    assert response.status_code == 308
    assert response["Location"] == reverse("structure:group_create")


def test_an_anonymous_visitor_signs_in_first_and_comes_back_to_the_old_address(db, client):
    response = client.get("/groups/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/groups/"
