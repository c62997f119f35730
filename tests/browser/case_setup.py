"""Data and keyboard helpers shared by the case browser tests.

The people and teams are the case tests' `team_world` (a Trisam team in Alby with a seat for FK,
AF, the Region's rehab coordinator and the municipality, a second team, a log reviewer), with
passwords set so that everyone signs in through the form. The live server's database is emptied
after every test, the income support sources of the reference migration with it, so the fixture
loads them again.

Test modules import the fixtures they use from here (`case_world` and the two it builds on), and
the case factories too.
"""

import datetime
import re

import pytest
from django.utils import timezone

from samverkan.cases.models import Case
from samverkan.cases.reference import ensure_income_support_sources
from tests.browser.helpers import PASSWORD, focused, is_focused, sign_in, tab_to
from tests.factories import (  # noqa: F401 (for the test modules)
    give_consent,
    identity_number,
    make_case,
    request_as,
)

# Every user of `team_world` who signs in in a browser test.
USERS = (
    "rehab_user",
    "fk_user",
    "af_user",
    "social_user",
    "former_user",
    "process_leader_user",
    "other_team_user",
    "kansli",
    "mysam_coordinator",
    "log_reviewer",
)


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def load_income_sources():
    """The reference income support sources, as migration 0002 loads them."""
    ensure_income_support_sources()


@pytest.fixture
def case_world(transactional_db, team_world):
    """`team_world` on the live server's database, every user signing in with `PASSWORD`."""
    load_income_sources()
    for name in USERS:
        user = getattr(team_world, name)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return team_world


# --- Reading pages ------------------------------------------------------------------------------


def label(text):
    """A form label: the field's name, maybe followed by a colon or the required-field star."""
    return re.compile(rf"^{re.escape(text)}:?( \*)?$")


def h1(page):
    return page.get_by_role("heading", level=1).inner_text().strip()


def case_by_code(code):
    return Case.objects.get(code=code)


# --- Acting with the keyboard -------------------------------------------------------------------


def switch_user(page, live_server, user):
    """Sign out by forgetting the session, then sign in as `user` through the form."""
    page.context.clear_cookies()
    sign_in(page, live_server, user.username, PASSWORD)
    assert page.get_by_role("button", name="Logga ut").is_visible(), f"{user} could not sign in"


def press_enter_on(page, locator):
    """Tab to `locator` and press Enter; wait for the page that answers; return the response."""
    tab_to(page, locator, limit=120)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    page.wait_for_load_state()
    return navigation.value


def follow(page, name, exact=True):
    """Follow the link called `name` with the keyboard."""
    return press_enter_on(page, page.get_by_role("link", name=name, exact=exact).first)


def send(page, button_name):
    """Send the form with its button, by keyboard."""
    return press_enter_on(page, page.get_by_role("button", name=button_name, exact=True))


def type_into(page, field, text, *, replace=False):
    """Tab to a text field or text area and type into it."""
    tab_to(page, field, limit=120)
    if replace:
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.press("Backspace")
    page.keyboard.type(text)


def set_date(page, field, day):
    """Tab to a date field and fill it in.

    The order of a date field's parts follows the browser's own language, not the page's, so
    the date is filled in rather than typed digit by digit.
    """
    tab_to(page, field, limit=120)
    field.fill(day.isoformat() if day else "")


def tick(page, checkbox, checked=True):
    """Tab to a checkbox and press Space when it is not as wanted."""
    tab_to(page, checkbox, limit=120)
    if checkbox.is_checked() != checked:
        page.keyboard.press("Space")
    assert checkbox.is_checked() == checked, focused(page)


def choose(page, radio):
    """Choose a radio button the way a keyboard user does: Tab into its group, then arrows.

    Tab stops once in a group (on the checked button, or the first); the arrow keys move the
    choice within it.
    """
    name = radio.get_attribute("name")
    stops = 0
    while not page.evaluate("name => document.activeElement?.name === name", name):
        stops += 1
        assert stops <= 120, f"Tab never reached the radio group {name}; at {focused(page)}"
        page.keyboard.press("Tab")
    for _ in range(10):
        if is_focused(radio):
            break
        page.keyboard.press("ArrowDown")
    assert is_focused(radio), f"the arrow keys never reached the radio button; at {focused(page)}"
    if not radio.is_checked():
        page.keyboard.press("Space")
    assert radio.is_checked()


def choose_option(page, select, option_label):
    """Tab to a select and choose an option by its label."""
    tab_to(page, select, limit=120)
    select.select_option(label=option_label)


def no_edit_links(page):
    """The links and buttons on a case page that would change it, by their names."""
    changing = re.compile(
        r"^(Ändra|Registrera|Skriv|Föreslå|Ange|Skapa|Avsluta|Återkalla|Personen lämnar)"
    )
    main = page.locator("main")
    names = (
        main.get_by_role("link").all_inner_texts() + main.get_by_role("button").all_inner_texts()
    )
    return [name.strip() for name in names if changing.match(name.strip())]
