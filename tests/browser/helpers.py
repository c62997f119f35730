"""Helpers for browser tests: signing in as a person would, with the keyboard."""

import re

LOGIN_PATH = "/accounts/login/"

# The password of the `user` fixture in conftest.
PASSWORD = "Sommarang-i-Gavle-42"

# Django's AuthenticationForm labels in Swedish, maybe with the required-field star.
USERNAME_LABEL = re.compile(r"^Användarnamn:?( \*)?$")
PASSWORD_LABEL = re.compile(r"^Lösenord:?( \*)?$")


def sign_in(page, live_server, username, password=PASSWORD):
    """Sign in through the login form: fill the labelled fields, press Enter, wait for the answer.

    The form is submitted with the Enter key, not a click, and the helper returns once the next
    page has loaded (the start page after success; the login page again after a wrong password).
    """
    page.goto(live_server.url + LOGIN_PATH)
    page.get_by_label(USERNAME_LABEL).fill(username)
    password_field = page.get_by_label(PASSWORD_LABEL)
    password_field.fill(password)
    with page.expect_navigation():
        password_field.press("Enter")
    return page
