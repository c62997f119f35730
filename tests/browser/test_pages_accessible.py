"""Every page of the product passes axe-core with no violations, and answers with the right status.

One test visits them all, so the reference and demo data are loaded once. Problems are gathered
page by page and reported together at the end, so one run lists every page that needs fixing.
"""

import dataclasses
import textwrap

import pytest

from samverkan.core.models import User
from samverkan.structure.demo import DEMO_PASSWORD
from samverkan.structure.models import (
    Decision,
    Group,
    GroupKind,
    GroupRule,
    Membership,
    Party,
    Person,
    SubRegion,
    Unit,
)
from tests.browser.axe import axe_violations, format_violations
from tests.browser.helpers import LOGIN_PATH, PASSWORD, sign_in
from tests.browser.structure_setup import load_demo_data, load_reference_data
from tests.factories import make_federation

GAVLE = "2180"

# Each id that more than one element has, with how many have it.
DUPLICATE_IDS = """() => {
    const counts = {};
    for (const element of document.querySelectorAll("[id]")) {
        counts[element.id] = (counts[element.id] || 0) + 1;
    }
    return Object.entries(counts).filter(([id, count]) => count > 1)
        .map(([id, count]) => `${id} (${count}×)`);
}"""


@dataclasses.dataclass
class Tour:
    """Visits pages, checks each one, and keeps every problem for the final report."""

    page: object
    base_url: str
    visited: list = dataclasses.field(default_factory=list)
    problems: list = dataclasses.field(default_factory=list)

    def visit(self, label, path, status=200, h1=None):
        response = self.page.goto(self.base_url + path)
        self.check(label, response, status, h1)

    def open(self, path):
        """Go to a page already checked, to act on it; only its status is checked again."""
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == 200, f"{path}: {response}"

    def submit(self, label, button_name, status=200, h1=None):
        """Send the form on the page with its button; check the page that answers."""
        with self.page.expect_navigation() as navigation:
            self.page.get_by_role("button", name=button_name, exact=True).click()
        self.check(label, navigation.value, status, h1)

    def check(self, label, response, status=200, h1=None, expect_redirect=False):
        page = self.page
        page.wait_for_load_state("load")
        where = f"{label} ({page.url.removeprefix(self.base_url)})"
        self.visited.append(where)
        found = []
        if response is None:
            found.append("no HTTP response")
        else:
            if response.status != status:
                found.append(f"HTTP status {response.status}, expected {status}")
            redirected = response.request.redirected_from
            if redirected is not None and not expect_redirect:
                found.append(f"redirected from {redirected.url.removeprefix(self.base_url)}")
        headings = page.get_by_role("heading", level=1).all_inner_texts()
        if len(headings) != 1:
            found.append(f"{len(headings)} h1 headings: {headings}")
        elif h1 is not None and headings[0].strip() != h1:
            found.append(f"h1 is {headings[0]!r}, expected {h1!r}")
        duplicates = page.evaluate(DUPLICATE_IDS)
        if duplicates:
            found.append(
                "ids used more than once (WCAG 2.1 SC 4.1.1; axe only asks for a review, "
                f"rule duplicate-id-aria): {duplicates}"
            )
        violations = axe_violations(page)
        if violations:
            found.append(format_violations(violations))
        if found:
            self.problems.append(f"{where}:\n" + textwrap.indent("\n".join(found), "  "))

    def report(self):
        return (
            f"{len(self.problems)} of {len(self.visited)} pages have problems:\n\n"
            + "\n\n".join(self.problems)
        )


def sign_out(page):
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Logga ut").click()
    return navigation.value


def test_every_page_is_accessible(page, live_server, user):
    load_reference_data()
    load_demo_data()
    mysam = Group.objects.get(name="Mysam Gävle")
    trisam = Group.objects.get(name="Trisam Brynäs hälsocentral")
    county_board = Group.objects.get(kind=GroupKind.COUNTY_BOARD)
    with_team = Unit.objects.get(name="Brynäs hälsocentral")
    without_team = Unit.objects.get(name="Alfta hälsocentral")
    ifo = Unit.objects.get(name="Individ- och familjeomsorgen Gävle")
    officer = Person.objects.get(user__username="handlaggare")
    fk = Party.objects.get(code="fk")
    gavle_party = Party.objects.get(code="gavle-kommun")
    sub_region = SubRegion.objects.order_by("order", "pk").first()
    membership = Membership.objects.filter(group=mysam, valid_to__isnull=True).first()
    decision_2016, decision_2022 = Decision.objects.order_by("effective_from")
    rule = GroupRule.objects.filter(decision=decision_2022).first()
    assert membership is not None and rule is not None
    people_pages = -(-Person.objects.count() // 100)

    tour = Tour(page, live_server.url)
    sign_in(page, live_server, "kansli", DEMO_PASSWORD)
    assert page.get_by_role("button", name="Logga ut").is_visible(), "kansli could not sign in"

    # Reading the structure.
    tour.visit("Organisation", "/", h1="Organisation")
    tour.visit("Kommuner", "/kommuner/", h1="Kommuner")
    tour.visit("Kommun", f"/kommuner/{GAVLE}/", h1="Gävle")
    tour.visit("Grupper", "/grupper/", h1="Grupper")
    tour.visit("Grupper: Trisam-team", "/grupper/?kind=trisam", h1="Grupper")
    tour.visit("Mysam-grupp", mysam.get_absolute_url(), h1=mysam.name)
    if page.get_by_role("link", name="Ändra gruppen").count() != 1:
        tour.problems.append("Mysam-grupp: the administrator sees no link to edit the group")
    tour.visit("Trisam-team", trisam.get_absolute_url(), h1=trisam.name)
    tour.visit("Länsledning", county_board.get_absolute_url(), h1=county_board.name)
    tour.visit("Enheter", "/enheter/", h1="Enheter")
    tour.visit(
        "Enheter: hälsocentraler i Gävle",
        f"/enheter/?kind=health_centre&municipality={with_team.municipality_id}",
        h1="Enheter",
    )
    tour.visit("Enhet med Trisam-team", with_team.get_absolute_url(), h1=with_team.name)
    tour.visit("Enhet utan Trisam-team", without_team.get_absolute_url(), h1=without_team.name)
    tour.visit("Enhet som inte är vårdenhet", ifo.get_absolute_url(), h1=ifo.name)
    tour.visit("Personer", "/personer/", h1="Personer")
    if people_pages > 1:
        tour.visit("Personer, sista sidan", f"/personer/?page={people_pages}", h1="Personer")
    tour.visit("Person", officer.get_absolute_url(), h1=officer.full_name)
    tour.visit("Parter", "/parter/", h1="Parter")
    tour.visit("Part: myndighet", f"/parter/{fk.pk}/", h1=fk.name)
    tour.visit("Part: kommun", f"/parter/{gavle_party.pk}/", h1=gavle_party.name)
    tour.visit("Beslut", "/beslut/", h1="Beslut")
    tour.visit("Beslut 2016", decision_2016.get_absolute_url(), h1=decision_2016.title)
    tour.visit("Beslut 2022", decision_2022.get_absolute_url(), h1=decision_2022.title)

    # Search: the whole page, no hits, and the live search that htmx fills in.
    tour.visit("Sök", "/sok/", h1="Sök")
    tour.visit("Sök: träffar", "/sok/?q=Bolln%C3%A4s", h1="Sök")
    tour.visit("Sök: inga träffar", "/sok/?q=zzxxqq", h1="Sök")
    tour.open("/sok/")
    with page.expect_response(
        lambda r: "q=G%C3%A4vle" in r.url and r.request.headers.get("hx-request") == "true"
    ) as live:
        page.get_by_role("searchbox").press_sequentially("Gävle", delay=20)
    results = page.locator("#search-results")
    results.get_by_role("heading", name="Kommuner").wait_for()
    tour.check("Sök: liveresultat för Gävle", live.value, h1="Sök")
    if results.get_by_role("link", name="Gävle", exact=True).count() != 1:
        tour.problems.append("Sök: liveresultat för Gävle: the municipality is not in the results")

    # Coverage today, on a past day, and with a date that cannot be read.
    tour.visit("Täckning", "/tackning/", h1="Täckning")
    tour.visit("Täckning 2020-01-01", "/tackning/?date=2020-01-01", h1="Täckning")
    tour.visit("Täckning, felaktigt datum", "/tackning/?date=2020-13-45", h1="Täckning")
    if not page.get_by_role("alert").first.is_visible():
        tour.problems.append("Täckning, felaktigt datum: no error message shown")

    # Every create form.
    tour.visit("Nytt delområde", "/delregioner/ny/", h1="Nytt delområde")
    tour.visit("Ny kommun", "/kommuner/ny/", h1="Ny kommun")
    tour.visit("Ny part", "/parter/ny/", h1="Ny part")
    tour.visit("Ny enhet", "/enheter/ny/", h1="Ny enhet")
    tour.visit("Ny person", "/personer/ny/", h1="Ny person")
    tour.visit("Ny grupp", "/grupper/ny/", h1="Ny grupp")
    tour.visit(
        "Ny grupp: Trisam-team vid en enhet",
        f"/grupper/ny/?kind=trisam&unit={without_team.pk}",
        h1="Ny grupp",
    )
    tour.visit(
        "Nytt medlemskap", f"/grupper/{mysam.pk}/medlemskap/ny/", h1=f"Ny medlem i {mysam.name}"
    )
    tour.visit("Nytt beslut", "/beslut/ny/", h1="Nytt strukturbeslut")
    tour.visit(
        "Ny regel",
        f"/beslut/{decision_2022.pk}/regler/ny/",
        h1=f"Ny regel i {decision_2022.title}",
    )

    # An edit form of each kind.
    tour.visit("Ändra delområde", f"/delregioner/{sub_region.pk}/andra/")
    tour.visit("Ändra kommun", f"/kommuner/{GAVLE}/andra/", h1="Ändra kommunen Gävle")
    tour.visit("Ändra part", f"/parter/{fk.pk}/andra/", h1=f"Ändra parten {fk.name}")
    tour.visit(
        "Ändra enhet", f"/enheter/{with_team.pk}/andra/", h1=f"Ändra enheten {with_team.name}"
    )
    tour.visit("Ändra person", f"/personer/{officer.pk}/andra/")
    tour.visit("Ändra grupp", f"/grupper/{mysam.pk}/andra/", h1=f"Ändra gruppen {mysam.name}")
    tour.visit("Ändra medlemskap", f"/medlemskap/{membership.pk}/andra/")
    tour.visit(
        "Avsluta medlemskap", f"/medlemskap/{membership.pk}/avsluta/", h1="Avsluta medlemskap"
    )
    tour.visit("Ändra beslut", f"/beslut/{decision_2022.pk}/andra/")
    tour.visit("Ändra regel", f"/regler/{rule.pk}/andra/")
    tour.visit("Byt lösenord", "/accounts/password_change/")

    # Forms sent back with errors: empty required fields, a formset row's error, a required end
    # date.
    tour.open("/grupper/ny/")
    tour.submit("Ny grupp med fel", "Spara", h1="Ny grupp")
    if not page.get_by_role("alert").first.is_visible():
        tour.problems.append("Ny grupp med fel: no error summary shown")
    tour.open("/kommuner/ny/")
    tour.submit("Ny kommun med fel", "Spara", h1="Ny kommun")
    if not page.get_by_role("alert").first.is_visible():
        tour.problems.append("Ny kommun med fel: no error summary shown")
    tour.open(f"/beslut/{decision_2022.pk}/regler/ny/")
    page.locator("[name=group_kind]").select_option(GroupKind.TRISAM)
    page.locator("[name=standing_items-0-order]").fill("5")
    tour.submit("Ny regel med fel i en rad", "Spara")
    if not page.get_by_role("alert").first.is_visible():
        tour.problems.append("Ny regel med fel i en rad: no error summary shown")
    tour.open(f"/medlemskap/{membership.pk}/avsluta/")
    page.locator("[name=valid_to]").fill("")
    tour.submit("Avsluta medlemskap med fel", "Avsluta medlemskapet")
    if not page.get_by_role("alert").first.is_visible():
        tour.problems.append("Avsluta medlemskap med fel: no error summary shown")

    # Not found: an unknown record and an unknown address.
    tour.visit("404: okänd grupp", "/grupper/999999/", status=404, h1="Sidan hittades inte")
    tour.visit("404: okänd adress", "/finns-inte/", status=404, h1="Sidan hittades inte")

    # Signed out: the login page, and the public password-reset page.
    tour.check("Utloggad", sign_out(page), h1="Logga in", expect_redirect=True)
    assert page.url.startswith(live_server.url + LOGIN_PATH), page.url
    tour.visit("Glömt lösenord", "/accounts/password_reset/")

    # A member of staff without the right to edit: reads, but every form is refused.
    sign_in(page, live_server, "handlaggare", DEMO_PASSWORD)
    assert page.get_by_role("button", name="Logga ut").is_visible(), "handlaggare not signed in"
    tour.visit("Organisation (läsare)", "/", h1="Organisation")
    tour.visit("Trisam-team (läsare)", trisam.get_absolute_url(), h1=trisam.name)
    if page.get_by_role("link", name="Ändra gruppen").count():
        tour.problems.append("Trisam-team (läsare): a reader is offered to edit the group")
    tour.visit("403: ny grupp", "/grupper/ny/", status=403, h1="Åtkomst nekad")
    tour.visit("403: ändra kommun", f"/kommuner/{GAVLE}/andra/", status=403, h1="Åtkomst nekad")
    sign_out(page)

    # A user outside every förbund, when there are several, reads none of them; a superuser
    # outside every förbund is asked to choose one.
    make_federation(name="Samordningsförbund Testlän", slug="testlan")
    assert not hasattr(User.objects.get(pk=user.pk), "person")
    sign_in(page, live_server, user.username, PASSWORD)
    tour.visit("403: utanför alla förbund", "/", status=403, h1="Åtkomst nekad")
    sign_out(page)
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    sign_in(page, live_server, user.username, PASSWORD)
    tour.visit("Välj förbund", "/", h1="Organisation")
    if page.get_by_role("link", name="Samordningsförbund Testlän").count() != 1:
        tour.problems.append("Välj förbund: the förbund to choose from are not listed")

    if tour.problems:
        pytest.fail(tour.report(), pytrace=False)
