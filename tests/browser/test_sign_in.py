"""Signing in with the keyboard alone, in Swedish, with no accessibility violations."""

import re

from tests.browser.axe import assert_accessible
from tests.browser.helpers import LOGIN_PATH, PASSWORD, focused, is_focused, sign_in, tab_to

WRONG_LOGIN = (
    "Ange ett korrekt användarnamn och lösenord. Observera att båda fälten är skiftlägeskänsliga."
)
PASSWORD_RESET_PATH = "/accounts/password_reset/"


def test_login_page_is_accessible(page, live_server):
    response = page.goto(live_server.url + LOGIN_PATH)

    assert response.ok
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1, name="Logga in").is_visible()
    assert_accessible(page)


def test_login_page_loads_its_styles_and_scripts(page, live_server):
    statuses = {}
    page.on("response", lambda response: statuses.setdefault(response.url, response.status))

    page.goto(live_server.url + LOGIN_PATH)
    page.wait_for_load_state("load")

    static = {url: status for url, status in statuses.items() if "/static/" in url}
    assert any(url.endswith(".css") for url in static), statuses
    assert any(re.search(r"htmx[^/]*\.js$", url) for url in static), statuses
    assert all(status == 200 for status in static.values()), static


def test_sign_in_with_the_keyboard_alone(page, live_server, user):
    page.goto(live_server.url + LOGIN_PATH)
    username = page.get_by_label(re.compile(r"^Användarnamn"))
    password = page.get_by_label(re.compile(r"^Lösenord"))
    submit = page.get_by_role("button", name="Logga in")

    tab_to(page, username)
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    assert is_focused(password), f"Tab after the username went to {focused(page)}"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert is_focused(submit), f"Tab after the password went to {focused(page)}"
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")

    assert navigation.value.ok, f"{navigation.value.status} from {navigation.value.url}"
    assert page.url == live_server.url + "/start/"
    assert page.get_by_role("button", name="Logga ut").is_visible()
    assert_accessible(page)


def test_enter_in_the_password_field_signs_in(page, live_server, user):
    sign_in(page, live_server, user.username, PASSWORD)

    assert page.url == live_server.url + "/start/"
    assert page.get_by_role("button", name="Logga ut").is_visible()


def test_wrong_password_is_refused_in_swedish(page, live_server, user):
    sign_in(page, live_server, user.username, "fel-losenord")

    assert page.url.startswith(live_server.url + LOGIN_PATH)
    alert = page.get_by_role("alert")
    assert alert.is_visible()
    assert WRONG_LOGIN in alert.inner_text()
    assert page.get_by_role("button", name="Logga ut").count() == 0
    assert_accessible(page)


def assert_skip_link_first_then_main(page):
    assert page.title().endswith("– Samverkan"), f"Not a Samverkan page: {page.title()!r}"
    skip_link = page.get_by_role("link", name="Hoppa till innehållet")
    assert skip_link.count() == 1, "No skip link"
    page.keyboard.press("Tab")
    assert is_focused(skip_link), f"The first Tab stop is {focused(page)}, not the skip link"
    box = skip_link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "The focused skip link is hidden"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main", focused(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, live_server):
    # The login form focuses its username field on load (Django's autofocus), so the skip link is
    # checked on the other public page, which has no autofocus.
    page.goto(live_server.url + PASSWORD_RESET_PATH)

    assert_skip_link_first_then_main(page)


def test_skip_link_on_the_start_page(page, live_server, user):
    sign_in(page, live_server, user.username, PASSWORD)
    page.goto(live_server.url + "/")

    assert_skip_link_first_then_main(page)
