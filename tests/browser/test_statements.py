"""The accessibility statement and the privacy notice: reached from the sign-in page's footer
without signing in, a report sent through the statement's form, and the administrator's pages,
each with no accessibility violations."""

import re

import pytest

from samverkan.statements.models import AccessibilityReport
from tests.browser.axe import assert_accessible
from tests.browser.helpers import LOGIN_PATH, focused, sign_in, tab_to
from tests.browser.structure_setup import ADMIN_USERNAME, make_admin
from tests.factories import make_federation, make_municipality, make_party


@pytest.fixture
def federation(transactional_db):
    """The only förbund in the service, with two agencies and a municipality."""
    federation = make_federation(name="Samordningsförbundet Ensamlän", slug="ensamlan")
    make_party(federation, name="Försäkringskassan", code="fk", order=1)
    make_party(federation, name="Arbetsförmedlingen", code="af", order=2)
    make_municipality(federation, name="Ettby", code="8201")
    return federation


def footer_link(page, name):
    return page.get_by_role("contentinfo").get_by_role("link", name=name)


def test_both_statements_from_the_sign_in_page_and_a_report_sent(page, live_server, federation):
    page.goto(live_server.url + LOGIN_PATH)

    # By keyboard: from the sign-in form on to the footer's first link, then Enter.
    link = footer_link(page, "Tillgänglighetsredogörelse")
    tab_to(page, link)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == live_server.url + "/om/tillganglighet/", focused(page)
    assert page.get_by_role("heading", level=1, name="Tillgänglighetsredogörelse").is_visible()
    assert page.get_by_role("link", name="Anmäl bristande tillgänglighet till DIGG").is_visible()
    assert_accessible(page)

    # A report without a description is refused, in Swedish, and nothing is stored.
    send = page.get_by_role("button", name="Skicka rapporten")
    with page.expect_navigation():
        send.click()
    alert = page.get_by_role("alert")
    assert "Beskriv problemet du stötte på." in alert.inner_text()
    assert not AccessibilityReport.objects.exists()
    assert_accessible(page)

    page.get_by_label(re.compile(r"^Beskriv problemet")).fill("Menyn går inte att nå.")
    page.get_by_label("Vilken sida gäller det?").fill("/moten/")
    page.get_by_label("Din e-postadress").fill("vera@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka rapporten").click()
    assert page.get_by_role("heading", level=1, name="Tack för din rapport").is_visible()
    report = AccessibilityReport.objects.get()
    assert (report.federation, report.description) == (federation, "Menyn går inte att nå.")
    assert report.email == "vera@example.org"
    assert_accessible(page)

    # By a click: the footer's other link, from the sign-in page again.
    page.goto(live_server.url + LOGIN_PATH)
    with page.expect_navigation():
        footer_link(page, "Personuppgifter").click()
    assert page.url == live_server.url + "/om/personuppgifter/"
    heading = page.get_by_role(
        "heading", level=1, name="Så behandlar vi personuppgifter i Samverkan"
    )
    assert heading.is_visible()
    assert page.get_by_role("link", name="Integritetsskyddsmyndigheten, imy.se").is_visible()
    assert_accessible(page)


def test_the_administrator_edits_the_statement_and_handles_a_report(page, live_server, federation):
    make_admin(federation)
    AccessibilityReport.objects.create(
        federation=federation, description="Låg kontrast i sidfoten."
    )
    sign_in(page, live_server, ADMIN_USERNAME)

    with page.expect_navigation():
        footer_link(page, "Tillgänglighetsredogörelse").click()
    assert page.url == live_server.url + "/om/tillganglighet/ensamlan/"
    with page.expect_navigation():
        page.get_by_role("link", name="Ändra redogörelsen").click()
    assert page.get_by_role(
        "heading", level=1, name="Ändra tillgänglighetsredogörelsen"
    ).is_visible()
    assert_accessible(page)

    page.get_by_label("Helt förenlig med lagen").check()
    page.get_by_label(re.compile(r"^Senaste granskningen")).fill("2025-03-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("Tillgänglighetsredogörelsen har sparats.").is_visible()
    assert page.get_by_text("Tjänsten är helt förenlig med lagen").is_visible()
    assert page.get_by_text("Den senaste granskningen gjordes den 31 mars 2025.").is_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Rapporter: 1 ohanterad").click()
    assert page.get_by_text("Låg kontrast i sidfoten.").is_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Markera som hanterad")).click()
    assert page.get_by_text("Rapporten är markerad som hanterad.").is_visible()
    assert page.get_by_text("Inga ohanterade rapporter.").is_visible()
    assert AccessibilityReport.objects.get().handled
