"""A new administrator's first round: the chart, a municipality, coverage, and a new Trisam team.

The group form is filled in and sent with the keyboard alone, first with the name emptied (the
form comes back with a Swedish error), then corrected. Every page on the way is checked with axe.
"""

import re

import pytest

from samverkan.core.models import User
from samverkan.structure.models import Group, GroupKind
from tests.browser.axe import assert_accessible
from tests.browser.helpers import PASSWORD, focused, is_focused, sign_in, tab_to
from tests.browser.structure_setup import (
    load_reference_data,
    make_admin,
    make_care_units,
)

MUNICIPALITIES = [
    "Gävle",
    "Sandviken",
    "Hofors",
    "Ockelbo",
    "Bollnäs",
    "Ovanåker",
    "Söderhamn",
    "Ljusdal",
    "Hudiksvall",
    "Nordanstig",
]
REQUIRED = "Detta fält måste fyllas i."
TEAM_NAME = "Trisam Strömsbro"
TEAM_DESCRIPTION = "Teamet vid Strömsbro hälsocentral."
TEAM_STARTS = "2024-05-02"


def label(text):
    """A form label: the field's name, maybe followed by a colon or the required-field star."""
    return re.compile(rf"^{re.escape(text)}:?( \*)?$")


def heading(page, level):
    return page.get_by_role("heading", level=level)


def coverage_table(page):
    return page.get_by_role(
        "table", name="Hälsocentraler och vuxenpsykiatriska öppenvårdsmottagningar utan Trisam-team"
    )


def go_to_coverage(page):
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Täckning").click()
    page.wait_for_load_state()
    assert heading(page, 1).inner_text() == "Täckning"
    assert page.get_by_role("heading", level=2, name="Vårdenheter utan Trisam-team").is_visible()


@pytest.fixture
def structure(transactional_db):
    federation = load_reference_data()
    with_team, without_team, psychiatry = make_care_units(federation)
    admin = make_admin(federation)
    assert admin.role == User.Role.FEDERATION_ADMIN and not admin.is_superuser
    return federation, admin, with_team, without_team, psychiatry


def test_new_administrator_creates_a_missing_trisam_team(page, live_server, structure):
    federation, admin, with_team, unit, psychiatry = structure

    # Sign in as the förbund's administrator, who lands on the personal start page, then open
    # the organisation chart from the main menu.
    sign_in(page, live_server, admin.username, PASSWORD)
    assert page.url == live_server.url + "/start/"
    menu = page.get_by_role("navigation", name="Huvudmeny")
    tab_to(page, menu.get_by_role("link", name="Organisation", exact=True))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/"
    assert heading(page, 1).inner_text() == "Organisation"
    chart = page.get_by_role("list", name="Organisationsschema")
    assert federation.name in chart.inner_text()
    assert chart.get_by_role("link", name="Länsledning Välfärd", exact=True).is_visible()
    for name in MUNICIPALITIES:
        assert chart.get_by_role("link", name=name, exact=True).is_visible(), name
    assert_accessible(page)

    # A municipality's page, reached from the chart.
    chart.get_by_role("link", name="Gävle", exact=True).click()
    page.wait_for_load_state()
    assert page.url == live_server.url + "/kommuner/2180/"
    assert heading(page, 1).inner_text() == "Gävle"
    assert_accessible(page)

    # Coverage: two of the three care units have no team; the health centre is listed.
    go_to_coverage(page)
    assert page.get_by_text("1 av 3 vårdenheter har ett Trisam-team.").is_visible()
    table = coverage_table(page)
    assert table.get_by_role("link", name=unit.name, exact=True).is_visible()
    assert table.get_by_role("link", name=psychiatry.name, exact=True).is_visible()
    assert table.get_by_role("link", name=with_team.name, exact=True).count() == 0
    assert_accessible(page)

    # The unit's page says it has no team and offers to create one.
    table.get_by_role("link", name=unit.name, exact=True).click()
    page.wait_for_load_state()
    assert heading(page, 1).inner_text() == unit.name
    assert page.get_by_text("Enheten har inget Trisam-team.").is_visible()
    assert_accessible(page)

    # From here on, the keyboard alone: no clicks until the new team's page.
    create = page.get_by_role("link", name="Skapa Trisam-team")
    tab_to(page, create)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 200
    assert heading(page, 1).inner_text() == "Ny grupp"
    name = page.get_by_label(label("Namn"))
    assert page.get_by_label(label("Typ")).input_value() == GroupKind.TRISAM
    assert name.input_value() == f"Trisam {unit.name}"
    assert page.get_by_label(label("Vårdenhet")).input_value() == str(unit.pk)
    assert_accessible(page)

    # Empty the name and send the form with Enter in the name field.
    tab_to(page, name)
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("Backspace")
    assert name.input_value() == ""
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 200
    assert heading(page, 1).inner_text() == "Ny grupp"
    summary = page.get_by_role("alert")
    assert "Formuläret innehåller fel" in summary.inner_text()
    assert f"Namn: {REQUIRED}" in summary.inner_text()
    name = page.get_by_label(label("Namn"))
    assert name.get_attribute("aria-invalid") == "true"
    assert page.locator("#id_name_error").inner_text() == REQUIRED
    assert not Group.objects.filter(unit=unit).exists()
    assert_accessible(page)

    # The summary's link takes focus to the field; name it, describe it, date it, and save.
    error_link = summary.get_by_role("link", name=f"Namn: {REQUIRED}")
    tab_to(page, error_link)
    page.keyboard.press("Enter")
    assert is_focused(name), f"The error link moved focus to {focused(page)}, not the name field"
    page.keyboard.type(TEAM_NAME)
    description = page.get_by_label(label("Beskrivning"))
    tab_to(page, description)
    page.keyboard.type(TEAM_DESCRIPTION)
    started = page.get_by_label(label("Startade"))
    tab_to(page, started)
    # The order of a date field's parts follows the browser's own language, not the page's, so
    # the date is filled in rather than typed digit by digit.
    started.fill(TEAM_STARTS)
    assert started.input_value() == TEAM_STARTS
    save = page.get_by_role("button", name="Spara")
    tab_to(page, save)
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.ok, f"{navigation.value.status} from {navigation.value.url}"

    # The new team's page, with a success message.
    team = Group.objects.get(unit=unit)
    assert (team.kind, team.name, team.municipality_id) == (
        GroupKind.TRISAM,
        TEAM_NAME,
        unit.municipality_id,
    )
    assert team.started_on.isoformat() == TEAM_STARTS
    assert team.description == TEAM_DESCRIPTION
    # The browser keeps the error link's #fragment across the redirect; the path is what counts.
    assert page.url.split("#")[0] == live_server.url + team.get_absolute_url()
    assert heading(page, 1).inner_text() == TEAM_NAME
    status = page.get_by_role("status")
    assert f"Gruppen {TEAM_NAME} har lagts till." in status.inner_text()
    assert page.get_by_role("link", name=unit.name, exact=True).is_visible()
    assert_accessible(page)

    # Back on the coverage page the unit is covered; only the psychiatry clinic is left.
    go_to_coverage(page)
    assert page.get_by_text("2 av 3 vårdenheter har ett Trisam-team.").is_visible()
    table = coverage_table(page)
    assert table.get_by_role("link", name=unit.name, exact=True).count() == 0
    assert table.get_by_role("link", name=psychiatry.name, exact=True).is_visible()
    assert_accessible(page)


def test_live_search_works_with_htmx_eval_switched_off(page, live_server, structure):
    # htmx must not need eval (a strict Content Security Policy forbids it): its configuration
    # says so, and the live search, the product's own htmx, still answers as you type.
    _federation, admin, *_units = structure
    sign_in(page, live_server, admin.username, PASSWORD)
    page.goto(live_server.url + "/sok/")
    config = page.evaluate(
        "() => [htmx.config.allowEval, htmx.config.allowScriptTags,"
        " htmx.config.includeIndicatorStyles]"
    )
    assert config == [False, False, False]

    tab_to(page, page.get_by_label("Sök personer, enheter, grupper, kommuner och parter"))
    with page.expect_response(lambda response: "/sok/?q=" in response.url):
        page.keyboard.type("Bollnäs")
    results = page.locator("#search-results")
    results.get_by_role("link", name=re.compile("Bollnäs")).first.wait_for()
    assert page.url == live_server.url + "/sok/"
    assert_accessible(page)
