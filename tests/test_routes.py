"""Every route refuses an anonymous request, unless it is on the one list of public routes.

The routes come from the URL configuration (`tests.routes`), so a new page is checked here the
day it is added; `core.public.PUBLIC_ROUTES` is the only place a route is made public.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import resolve

from samverkan.core.public import PUBLIC_ROUTES
from tests.routes import all_routes, unnamed_patterns

ROUTES = all_routes()
# Our sign-in page, and the Django admin's, to which its own pages send anonymous visitors.
SIGN_IN_ROUTES = {"login", "admin:login"}


def sent_to_sign_in(response):
    if response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    return resolve(location.path).view_name in SIGN_IN_ROUTES and location.query.startswith("next=")


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name not in PUBLIC_ROUTES], ids=str)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_route_sends_an_anonymous_visitor_to_sign_in(db, client, route, method):
    response = getattr(client, method)(route.path)
    assert sent_to_sign_in(response), (route, response.status_code)


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in PUBLIC_ROUTES], ids=str)
def test_a_public_route_answers_without_sign_in(db, client, route):
    response = client.get(route.path)
    assert not sent_to_sign_in(response), route
    assert response.status_code < 500


def test_every_public_route_exists():
    assert PUBLIC_ROUTES.issubset(route.name for route in ROUTES)


def test_only_the_admin_has_routes_without_a_name():
    # A route without a name cannot be reversed, listed as public, or checked here; the Django
    # admin's are its catch-all and the old addresses of its change pages.
    assert all(pattern.startswith("admin/") for pattern in unnamed_patterns())
