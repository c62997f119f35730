"""The förbund's administrator follows money from application to outcome, with the keyboard.

The administrator registers Mysam Alby's application for a new structural intervention over two
years with amounts for FK and Alby, decides it partly granted with a lower amount, opens the
intervention that the decision created and sees the granted table and its totals, enters what
was used in a month, opens the budget-against-outcome report, downloads its CSV (the same
figures as the page) and records a new decision that supersedes the first, which stays visible
marked as superseded. A second flow imports outcome from a file: a bad row is refused with its
row and column named and nothing stored; the corrected file is previewed, then applied. Every
page on the way is checked with axe.
"""

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from samverkan.funding.forms.applications import default_period
from samverkan.funding.models import (
    Application,
    FundingDecision,
    Grant,
    Intervention,
    Spending,
    SpendingImport,
)
from tests.browser.axe import assert_accessible
from tests.browser.funding_setup import (
    THIS_YEAR,
    TODAY,
    cells,
    choose,
    choose_option,
    follow,
    h1,
    kr,
    label,
    press_enter_on,
    row_of,
    send,
    set_date,
    spaces,
    tick,
    type_into,
)
from tests.browser.helpers import sign_in, tab_to

TITLE = "Gemensam kartläggning i Alby"
PURPOSE = "Kartlägga behoven hos personer som står långt från arbetsmarknaden i Alby."
NEXT_YEAR = THIS_YEAR + 1
# Applied for: FK and Alby, this year and next.
APPLIED = {("fk", THIS_YEAR): 200_000, ("fk", NEXT_YEAR): 210_000}
APPLIED |= {("alby_party", THIS_YEAR): 100_000, ("alby_party", NEXT_YEAR): 105_000}
# Partly granted: Alby gets less next year.
PARTLY = dict(APPLIED) | {("alby_party", NEXT_YEAR): 90_000}
SPENT_MONTH = 1
SPENT = 16_500


def ok(response):
    """The page that answered a navigation loaded without an error status."""
    assert response is not None, "no response"
    assert response.ok, f"{response.status} from {response.url}"


def status_text(page):
    return spaces(page.get_by_role("status").first.inner_text())


def section(page):
    """The money section's own navigation (Översikt, Ansökningar, Rapport, …)."""
    return page.get_by_role("navigation", name="Ekonomi", exact=True)


def figure(text):
    """A table cell as a value: kronor and decimals as numbers ("1 103 306", "5,5", "5.5"),
    "–" as nothing, anything else as its text."""
    text = spaces(text)
    if text in ("", "–"):
        return None
    number = text.replace(" ", "").replace(",", ".")
    try:
        return Decimal(number)
    except InvalidOperation:
        return text


def main_text(page):
    return spaces(page.locator("main").inner_text())


def test_an_application_is_decided_granted_and_followed_up(page, live_server, funding_world):
    w = funding_world
    party = {"fk": w.fk, "alby_party": w.alby_party}

    # --- Signing in, the money overview. ----------------------------------------------------
    sign_in(page, live_server, w.admin.username)
    menu = page.get_by_role("navigation", name="Huvudmeny")
    ok(press_enter_on(page, menu.get_by_role("link", name="Ekonomi", exact=True)))
    assert h1(page) == "Ekonomi"
    assert_accessible(page)

    # --- The application: registered with its amounts per party and year. -------------------
    ok(press_enter_on(page, section(page).get_by_role("link", name="Ansökningar", exact=True)))
    assert h1(page) == "Ansökningar om samverkansmedel"
    assert_accessible(page)
    ok(follow(page, "Registrera ansökan"))
    assert h1(page) == "Registrera ansökan"
    assert_accessible(page)
    main = page.locator("main")
    # The grid of amounts for the default period is there at once, before any date is typed.
    default_year = default_period(TODAY)[0].year
    assert main.get_by_label(f"{w.fk.name} {default_year}", exact=True).is_visible()
    type_into(page, main.get_by_label(label("Rubrik")), TITLE)
    choose_option(page, main.get_by_label(label("Inriktning")), "strukturövergripande")
    choose_option(page, main.get_by_label(label("Sökande grupp")), w.mysam.name)
    type_into(page, main.get_by_label(label("Syfte")), PURPOSE)
    set_date(page, main.get_by_label(label("Startar")), TODAY.replace(month=1, day=1))
    set_date(
        page, main.get_by_label(label("Slutar")), TODAY.replace(year=NEXT_YEAR, month=12, day=31)
    )
    set_date(page, main.get_by_label(label("Inkom")), TODAY)
    # Without waiting for htmx: the "Visa år" button gives the grid a column per year.
    response = send(page, "Visa år")
    assert response.status == 200
    assert not Application.objects.filter(title=TITLE).exists()
    main = page.locator("main")
    for (attribute, year), amount in APPLIED.items():
        field = main.get_by_label(f"{party[attribute].name} {year}", exact=True)
        type_into(page, field, kr(amount))
    assert_accessible(page)
    ok(send(page, "Registrera ansökan"))
    application = Application.objects.get(title=TITLE)
    assert application.applicant_group == w.mysam
    assert application.intervention is None
    assert {(a.party_id, a.year): a.amount for a in application.amounts.all()} == {
        (party[attribute].pk, year): amount for (attribute, year), amount in APPLIED.items()
    }
    assert h1(page) == f"Ansökan: {TITLE}"
    assert f"Ansökan ”{TITLE}” är registrerad." in status_text(page)
    assert "Inväntar beslut" in main_text(page)
    assert_accessible(page)

    # --- The decision: partly granted, a lower amount for Alby next year. -------------------
    ok(follow(page, "Registrera beslut"))
    assert h1(page) == f"Beslut om ansökan: {TITLE}"
    assert_accessible(page)
    main = page.locator("main")
    choose(page, main.get_by_label("Delvis beviljad", exact=True))
    set_date(page, main.get_by_label(label("Beslutsdatum")), TODAY)
    type_into(page, main.get_by_label(label("Diarienummer")), f"SFG {THIS_YEAR}/21")
    type_into(page, main.get_by_label(label("Beslutat av")), "Förbundsstyrelsen")
    field = main.get_by_label(f"{w.alby_party.name} {NEXT_YEAR}", exact=True)
    type_into(page, field, kr(PARTLY[("alby_party", NEXT_YEAR)]), replace=True)
    ok(send(page, "Registrera beslutet"))
    first = FundingDecision.objects.get(application=application)
    assert first.outcome == FundingDecision.Outcome.PARTLY_GRANTED
    intervention = Intervention.objects.get(applications=application)
    assert intervention.steering_group == w.mysam
    assert intervention.orientation == "structural"
    assert {(g.party_id, g.year): g.amount for g in first.grants.all()} == {
        (party[attribute].pk, year): amount for (attribute, year), amount in PARTLY.items()
    }
    assert h1(page) == f"Ansökan: {TITLE}"
    assert "Beslutet (delvis beviljad) är registrerat." in status_text(page)
    assert_accessible(page)

    # --- The intervention: the granted table with computed totals. --------------------------
    ok(follow(page, intervention.name))
    assert h1(page) == intervention.name
    table = page.get_by_role(
        "table", name=f"Beviljat per part och år enligt beslutet {first.title} (kr)"
    )
    assert row_of(table, w.fk.name)[1:4] == [kr(200_000), kr(210_000), "+5,0"]
    assert row_of(table, w.alby_party.name)[1:4] == [kr(100_000), kr(90_000), "-10,0"]
    assert row_of(table, "Summa (beräknad)")[1:4] == [kr(300_000), kr(300_000), "0,0"]
    assert_accessible(page)

    # --- Outcome for a month. ---------------------------------------------------------------
    ok(follow(page, "Registrera utfall"))
    assert_accessible(page)
    main = page.locator("main")
    choose_option(page, main.get_by_label(label("Part")), w.fk.name)
    choose_option(page, main.get_by_label(label("År")), str(THIS_YEAR))
    choose_option(page, main.get_by_label(label("Månad")), "Januari")
    type_into(page, main.get_by_label(label("Belopp (kr)")), kr(SPENT), replace=True)
    ok(send(page, "Spara utfall"))
    assert h1(page) == f"Utfall för {intervention.name}"
    month = f"januari {THIS_YEAR}"
    assert f"Utfallet för {w.fk.name} {month} sparades: {kr(SPENT)} kr." in status_text(page)
    spending = Spending.objects.get(intervention=intervention)
    assert (spending.party, spending.year, spending.month, spending.amount) == (
        w.fk,
        THIS_YEAR,
        SPENT_MONTH,
        SPENT,
    )
    assert_accessible(page)

    # --- The report: granted, used and remaining per intervention, this year. -------------
    ok(press_enter_on(page, section(page).get_by_role("link", name="Rapport", exact=True)))
    assert h1(page) == "Budget och utfall"
    assert_accessible(page)
    granted_now = PARTLY[("fk", THIS_YEAR)] + PARTLY[("alby_party", THIS_YEAR)]
    table = page.locator("main table").filter(has_text=intervention.name)
    assert table.count() == 1
    assert row_of(table, intervention.name)[1:4] == [
        kr(granted_now),
        kr(SPENT),
        kr(granted_now - SPENT),
    ]
    # The chart next to it has a text alternative with the same figures.
    chart = page.locator("main svg[role=img]")
    assert f"{intervention.name}: beviljat {kr(granted_now)} kr, använt {kr(SPENT)} kr." in (
        spaces(chart.locator("desc").text_content())
    )

    # The CSV export holds the same table as the page, row by row.
    with page.expect_download() as download_info:
        tab_to(page, page.get_by_role("link", name="CSV", exact=True), limit=120)
        page.keyboard.press("Enter")
    text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    exported = [row for row in csv.reader(io.StringIO(text), delimiter=";") if row]
    shown = [cells(row) for row in table.get_by_role("row").all()]
    assert exported[0] == shown[0]
    exported_figures = [[figure(value) for value in row] for row in exported[1:]]
    assert exported_figures == [[figure(value) for value in row] for row in shown[1:]]
    exported_row = next(row for row in exported_figures if row[0] == intervention.name)
    assert exported_row[1:4] == [granted_now, SPENT, granted_now - SPENT]

    # --- A new decision supersedes the first; the first stays visible, marked. --------------
    ok(press_enter_on(page, section(page).get_by_role("link", name="Ansökningar", exact=True)))
    ok(follow(page, TITLE))
    ok(follow(page, "Registrera ett nytt beslut"))
    assert_accessible(page)
    main = page.locator("main")
    choose(page, main.get_by_label("Beviljad", exact=True))
    set_date(page, main.get_by_label(label("Beslutsdatum")), TODAY)
    type_into(page, main.get_by_label(label("Diarienummer")), f"SFG {THIS_YEAR}/22")
    tick(page, main.get_by_label(re.compile("^Jag förstår att det nya beslutet ersätter")))
    ok(send(page, "Registrera beslutet"))
    second = FundingDecision.objects.get(supersedes=first)
    assert second.outcome == FundingDecision.Outcome.GRANTED
    first.refresh_from_db()
    assert not first.is_current
    assert Grant.objects.current().filter(intervention=intervention).count() == 4
    old = page.locator(f"#beslut-{first.pk}")
    assert "ersatt" in spaces(old.get_by_role("heading").inner_text())
    assert f"Ersatt av beslut SFG {THIS_YEAR}/22 (beviljad)" in spaces(old.inner_text())
    assert f"SFG {THIS_YEAR}/21" in spaces(old.inner_text())
    new = page.locator(f"#beslut-{second.pk}")
    assert "gäller" in spaces(new.get_by_role("heading").inner_text())
    assert_accessible(page)

    # The intervention shows both decisions: the first marked superseded, the new one in force.
    ok(follow(page, intervention.name))
    old = page.get_by_role("article").filter(has=page.locator(f"#beslut-{first.pk}"))
    assert "ersatt" in spaces(old.get_by_role("heading").inner_text())
    assert "Beloppen nedan gäller inte längre." in spaces(old.inner_text())
    assert_accessible(page)


IMPORT_HEADER = "insats;part;år;månad;belopp"


def test_outcome_is_imported_all_or_nothing(page, live_server, funding_world):
    w = funding_world
    code = w.mysam_intervention.code
    bad = "\n".join(
        [
            IMPORT_HEADER,
            f"{code};{w.af.code};{THIS_YEAR};2;12000",
            f"{code};{w.alby_party.code};{THIS_YEAR};2;-500",
        ]
    )
    good = bad.replace("-500", "7000")

    sign_in(page, live_server, w.admin.username)
    menu = page.get_by_role("navigation", name="Huvudmeny")
    ok(press_enter_on(page, menu.get_by_role("link", name="Ekonomi", exact=True)))
    ok(press_enter_on(page, section(page).get_by_role("link", name="Importera utfall")))
    assert h1(page) == "Importera utfall"
    assert_accessible(page)
    before = Spending.objects.count()

    main = page.locator("main")
    main.get_by_label(label("Fil med utfall")).set_input_files(
        files=[{"name": "utfall.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    response = send(page, "Ladda upp och förhandsgranska")
    assert response.status == 200
    errors = spaces(page.get_by_role("alert").first.inner_text())
    assert "Rad 3, kolumn belopp: Beloppet kan inte vara negativt." in errors
    assert Spending.objects.count() == before
    assert not SpendingImport.objects.exists()
    assert_accessible(page)

    main.get_by_label(label("Fil med utfall")).set_input_files(
        files=[{"name": "utfall.csv", "mimeType": "text/csv", "buffer": good.encode()}]
    )
    ok(send(page, "Ladda upp och förhandsgranska"))
    upload = SpendingImport.objects.get()
    assert upload.status == SpendingImport.Status.PREVIEWED
    assert Spending.objects.count() == before
    assert h1(page) == "Import av utfall.csv"
    summary = page.get_by_role("table", name="Vad importen ändrar")
    assert row_of(summary, "Nya rader") == ["Nya rader", "2"]
    assert row_of(summary, "Summa i filen (kr)")[1] == kr(19_000)
    preview = page.get_by_role("table", name="2 rader i filen")
    af_row = row_of(preview, "2")
    assert w.af.name in af_row and kr(12_000) in af_row and "Ny" in af_row
    alby_row = row_of(preview, "3")
    assert w.alby_party.name in alby_row and kr(7_000) in alby_row
    assert_accessible(page)

    ok(send(page, "Genomför import"))
    assert "Importen är genomförd: 2 rader med utfall sparades." in status_text(page)
    upload.refresh_from_db()
    assert upload.status == SpendingImport.Status.APPLIED
    assert Spending.objects.count() == before + 2
    assert Spending.objects.get(party=w.alby_party, month=2).amount == 7_000
    assert page.get_by_role("button", name="Genomför import").count() == 0
    assert_accessible(page)

    # The intervention's figures include the imported months (January was entered before).
    ok(page.goto(live_server.url + w.mysam_intervention.get_absolute_url()))
    usage = page.get_by_role("table", name=f"Beviljat, använt och kvar per part {THIS_YEAR} (kr)")
    assert row_of(usage, w.af.name)[1:] == [kr(120_000), kr(21_500), kr(98_500)]
    assert row_of(usage, w.alby_party.name)[1:] == [kr(80_000), kr(13_000), kr(67_000)]
    assert row_of(usage, "Totalt")[1:] == [kr(200_000), kr(34_500), kr(165_500)]
    assert_accessible(page)
