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


def focused(page):
    """A short description of the element that has focus, for readable assertion messages."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return "body";
            return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                + (el.type ? "[type=" + el.type + "]" : "")
                + " " + (el.innerText || el.name || "").trim().slice(0, 60);
        }"""
    )


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, limit=60):
    """Press Tab until `locator` has focus (no press when it already has); return the stops."""
    stops = []
    while not is_focused(locator):
        if len(stops) == limit:
            raise AssertionError(f"{limit} Tab presses never reached the element; stops: {stops}")
        page.keyboard.press("Tab")
        stops.append(focused(page))
    return stops
