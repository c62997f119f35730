from django.conf import settings
from django.urls import reverse

from tests.factories import make_user


def test_swedish_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "sv"
    assert "Användarnamn" in response.content.decode()


def test_the_language_menu_switches_to_english_and_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = client.get(reverse("login"))

    client.post(reverse("set_language"), {"language": "sv", "next": reverse("login")})
    swedish = client.get(reverse("login"))

    assert english.headers["Content-Language"] == "en"
    assert "Username" in english.content.decode()
    assert swedish.headers["Content-Language"] == "sv"


def test_an_unknown_language_cookie_falls_back_to_swedish(client, db):
    client.force_login(make_user())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"

    response = client.get(reverse("login"))

    assert response.headers["Content-Language"] == "sv"
