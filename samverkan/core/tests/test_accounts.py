"""Sign-in, sign-out, password reset and the admin, as a user meets them through the browser."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import make_user

PASSWORD = "losenord-for-test-1"


@pytest.fixture
def user(db):
    return make_user(username="anna", email="anna@example.invalid", password=PASSWORD)


def test_every_page_requires_sign_in(client, db):
    response = client.get(reverse("structure:coverage"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('structure:coverage')}"


def test_sign_in_lands_on_the_page_asked_for(client, user):
    response = client.post(
        reverse("login"),
        {"username": "anna", "password": PASSWORD, "next": reverse("structure:coverage")},
    )

    assert response.status_code == 302
    assert response.url == reverse("structure:coverage")
    assert client.get(reverse("structure:coverage")).status_code == 200


def test_a_wrong_password_is_refused_in_swedish(client, user):
    response = client.post(reverse("login"), {"username": "anna", "password": "fel"})

    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_deactivated_account_cannot_sign_in(client, user):
    user.is_active = False
    user.save()

    client.post(reverse("login"), {"username": "anna", "password": PASSWORD})

    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_session(client, user):
    client.force_login(user)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.get(reverse("structure:overview")).status_code == 302


def test_password_reset_by_email(client, user):
    response = client.post(reverse("password_reset"), {"email": "anna@example.invalid"})
    assert response.status_code == 302

    [message] = mail.outbox
    assert message.to == ["anna@example.invalid"]
    assert message.subject == "Nytt lösenord till Samverkan"
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Välj nytt lösenord" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "ett-helt-nytt-losenord-9", "new_password2": "ett-helt-nytt-losenord-9"},
    )
    assert done.status_code == 302

    user.refresh_from_db()
    assert user.check_password("ett-helt-nytt-losenord-9")
    # The link works once.
    assert "Länken är ogiltig" in client.get(link, follow=True).content.decode()


def test_password_reset_does_not_reveal_whether_an_address_has_an_account(client, user):
    response = client.post(reverse("password_reset"), {"email": "okand@example.invalid"})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_the_password_reset_pages_are_ours_not_the_admins(client, db):
    response = client.get(reverse("password_reset"))

    assert response.status_code == 200
    assert "core/base.html" in [template.name for template in response.templates]


def test_the_django_admin_is_for_superusers_only(client, db):
    staff = make_user(username="personal", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/").status_code == 302

    client.force_login(make_user(username="root", is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200


def test_sign_in_never_redirects_to_another_site(client, user):
    response = client.post(
        reverse("login"),
        {"username": "anna", "password": PASSWORD, "next": "https://evil.example.org/"},
    )

    assert response.status_code == 302
    assert response.url == reverse("start")


def test_a_signed_in_user_changes_their_password(client, user):
    client.force_login(user)
    assert "Byt lösenord" in client.get(reverse("password_change")).content.decode()

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "ett-helt-nytt-losenord-9",
            "new_password2": "ett-helt-nytt-losenord-9",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    assert "Lösenordet är ändrat" in client.get(response.url).content.decode()
    user.refresh_from_db()
    assert user.check_password("ett-helt-nytt-losenord-9")


def test_a_wrong_old_password_changes_nothing(client, user):
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "fel-losenord",
            "new_password1": "ett-helt-nytt-losenord-9",
            "new_password2": "ett-helt-nytt-losenord-9",
        },
    )

    assert response.status_code == 200
    assert "Ditt gamla lösenord var felaktigt" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
