"""The county dashboard of the goals, walked with the keyboard alone, with no accessibility
violations: from the start page to the dashboard, a year and a municipality chosen, then the
teams compared; and a team's own follow-up with the cases behind a figure."""

from django.urls import reverse

from tests.browser.axe import assert_accessible
from tests.browser.case_setup import case_world  # noqa: F401  (the live server's users)
from tests.browser.helpers import focused, is_focused, sign_in, tab_to


def show_year(page, year):
    """Type a year into the period's year field and send the form with Enter."""
    tab_to(page, page.locator("#id_year"))
    page.keyboard.press("Control+A")
    page.keyboard.type(year)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_the_county_dashboard_by_keyboard(page, live_server, case_world, goal_cases):  # noqa: F811
    w = goal_cases
    sign_in(page, live_server, w.kansli.username)
    tab_to(page, page.get_by_role("link", name="Till uppföljningen"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1, name="Uppföljning av Trisams mål").is_visible()
    assert_accessible(page)

    show_year(page, "2025")
    assert page.get_by_role("heading", level=2, name=f"{w.federation.name}, 2025").is_visible()
    table = page.get_by_role("table", name=f"Aktualiserade ärenden: {w.federation.name}, 2025")
    assert "färre än 5" in table.inner_text()
    assert_accessible(page)

    municipality = page.locator("#id_municipality")
    tab_to(page, municipality)
    page.keyboard.press("ArrowDown")  # from "Hela förbundet" to the first municipality, Alby
    show = page.get_by_role("button", name="Visa")
    tab_to(page, show)
    assert is_focused(show), focused(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=2, name="Alby, 2025").is_visible()
    assert f"municipality={w.alby.pk}" in page.url  # the view can be bookmarked
    assert_accessible(page)

    # The municipality over the years: charts hidden from assistive technology, tables read.
    tab_to(page, page.get_by_role("link", name="Utvecklingen över åren"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=2, name="Alby, 2022–2025").is_visible()
    assert page.get_by_role("table", name="Aktualiserade ärenden per år: Alby").is_visible()
    assert_accessible(page)
    page.go_back()

    # The process leadership's view of every team, for the same period.
    tab_to(page, page.get_by_role("link", name="Jämför Trisam-teamen under samma period"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1, name="Trisam-teamen jämförda").is_visible()
    # The same choices as on the dashboard: Alby's teams in 2025.
    assert page.get_by_role("heading", level=2, name="Alby, 2025").is_visible()
    assert_accessible(page)


def test_the_teams_follow_up_and_the_cases_behind_a_figure(
    page,
    live_server,
    case_world,  # noqa: F811
    goal_cases,
):
    w = goal_cases
    sign_in(page, live_server, w.rehab_user.username)
    page.goto(f"{live_server.url}{reverse('cases:team', args=[w.trisam.pk])}")
    tab_to(page, page.get_by_role("link", name="Teamets uppföljning"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role(
        "heading", level=1, name=f"Uppföljning för {w.trisam.name}"
    ).is_visible()
    assert_accessible(page)

    show_year(page, "2025")
    link = page.get_by_role("link", name="Dina ärenden bakom ”Deltog i sitt eget Trisam-möte”")
    tab_to(page, link)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("table", name="Räknas i täljaren, 2025").is_visible()
    assert_accessible(page)
