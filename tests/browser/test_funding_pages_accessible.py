"""Every money page passes axe-core with one h1 and unique ids, and answers with the right status.

One test builds the förbund's money (`funding_world`: the Trisam tables, a Mysam-steered
intervention with spending, a pending application, hourly rates, the förbund's budget) and visits
the pages as the förbund's administrator, who manages the money, and as a member of Mysam Alby,
who reads Alby's part and is refused the pages that change money. Problems are gathered page by
page and reported together at the end, as in the structure's tour.
"""

from samverkan.funding.models import ParticipantOfficer
from tests.browser.funding_setup import (
    THIS_YEAR,
    kr,
    label,
    row_texts,
    switch_user,
)
from tests.browser.helpers import PASSWORD
from tests.browser.test_pages_accessible import Tour

FORBIDDEN = "Åtkomst nekad"
NOT_FOUND = "Sidan hittades inte"
# The report's groupings (?per=…).
REPORT_PER = ("intervention", "party", "year", "municipality")
IMPORT_HEADER = "insats;part;år;månad;belopp"


def grant_caption(decision):
    return f"Beviljat per part och år enligt beslutet {decision.title} (kr)"


def test_every_money_page_is_accessible(page, live_server, funding_world):
    w = funding_world
    tour = Tour(page, live_server.url)

    def expect(name, condition, problem):
        if not condition:
            tour.problems.append(f"{name}: {problem}")

    def intervention_path(intervention, rest=""):
        return f"/ekonomi/insatser/{intervention.code}/{rest}"

    # --- The förbund's administrator: every page, every form. --------------------------------
    switch_user(page, live_server, w.admin)
    admin_pages = [
        ("Ekonomi", "/ekonomi/"),
        ("Ny insats", "/ekonomi/insatser/ny/"),
        ("Ansökningar", "/ekonomi/ansokningar/"),
        ("Ansökningar: väntar på beslut", "/ekonomi/ansokningar/?status=pending"),
        ("Ny ansökan", "/ekonomi/ansokningar/ny/"),
        ("Ansökan: väntar på beslut", f"/ekonomi/ansokningar/{w.pending.pk}/"),
        ("Ansökan: beviljad", f"/ekonomi/ansokningar/{w.granted_application.pk}/"),
        ("Beslut", f"/ekonomi/ansokningar/{w.pending.pk}/beslut/"),
        ("Nytt beslut som ersätter", f"/ekonomi/ansokningar/{w.granted_application.pk}/beslut/"),
        ("Import av utfall", "/ekonomi/utfall/import/"),
        ("Timpriser", "/ekonomi/timpriser/"),
        ("Timpriser: ett år", f"/ekonomi/timpriser/?year={THIS_YEAR - 1}"),
        ("Finansiering", "/ekonomi/finansiering/"),
        ("Finansiering: ändra", f"/ekonomi/finansiering/{THIS_YEAR}/"),
        ("Finansiering: nytt år", f"/ekonomi/finansiering/{THIS_YEAR + 1}/"),
        ("Rapport", "/ekonomi/rapport/"),
        *((f"Rapport per {per}", f"/ekonomi/rapport/?per={per}") for per in REPORT_PER),
        ("Rapport: 2022", "/ekonomi/rapport/?year=2022"),
        ("Rapport: alla år per part", "/ekonomi/rapport/?year=&per=party"),
        ("Rapport: fel", "/ekonomi/rapport/?year=abc&per=x"),
        ("Uppföljning Finsam", "/uppfoljning/finsam/"),
        ("Uppföljning Finsam: 2022", "/uppfoljning/finsam/?year=2022"),
        ("Uppföljning Finsam: fel", "/uppfoljning/finsam/?year=abc"),
    ]
    for intervention in (w.process, w.hours, w.mysam_intervention, w.bergby_intervention):
        admin_pages += [
            (f"Insats {intervention.code}", intervention_path(intervention)),
            (f"Ändra insats {intervention.code}", intervention_path(intervention, "andra/")),
            (f"Nytt mål {intervention.code}", intervention_path(intervention, "mal/ny/")),
            (f"Deltagare {intervention.code}", intervention_path(intervention, "deltagare/")),
            (f"Utfall {intervention.code}", intervention_path(intervention, "utfall/")),
        ]
    admin_pages += [
        ("Ändra mål", intervention_path(w.process, f"mal/{w.process_goal.pk}/")),
        ("Timmar i Trisam-team", intervention_path(w.hours, "timmar/")),
        ("Deltagaransvariga", intervention_path(w.hours, "deltagaransvariga/")),
        ("Timmar i Trisam-team: 2022", intervention_path(w.hours, "timmar/?year=2022")),
    ]
    for name, path in admin_pages:
        tour.visit(name, path)

    # Forms sent empty or wrong show their errors accessibly.
    for name, path in (
        ("Ny insats: fel", "/ekonomi/insatser/ny/"),
        ("Ny ansökan: fel", "/ekonomi/ansokningar/ny/"),
        ("Beslut: fel", f"/ekonomi/ansokningar/{w.pending.pk}/beslut/"),
        ("Utfall: fel", intervention_path(w.mysam_intervention, "utfall/")),
        ("Nytt mål: fel", intervention_path(w.process, "mal/ny/")),
        ("Finansiering: fel", f"/ekonomi/finansiering/{THIS_YEAR + 1}/"),
    ):
        tour.open(path)
        form = page.locator("main form[method=post], main form[method=POST]").last
        button = form.locator("button[type=submit], button:not([type])").last
        form.evaluate("form => form.setAttribute('novalidate', '')")
        with page.expect_navigation() as navigation:
            button.click()
        tour.check(name, navigation.value)
        if not page.get_by_role("alert").first.is_visible():
            tour.problems.append(f"{name}: no error summary (role alert) shown")

    # The import: a file with a bad row, a clean file's preview, the import applied, and the
    # upload page again with the recent imports listed.
    code = w.mysam_intervention.code
    good = f"{IMPORT_HEADER}\n{code};{w.af.code};{THIS_YEAR};3;4 000\n"
    bad = good + f"{code};nobody;{THIS_YEAR};13;12,50\n"

    def upload(name, content, redirect):
        tour.open("/ekonomi/utfall/import/")
        page.locator("main").get_by_label(label("Fil med utfall")).set_input_files(
            files=[{"name": "utfall.csv", "mimeType": "text/csv", "buffer": content.encode()}]
        )
        submit_and_check(name, "Ladda upp och förhandsgranska", redirect)

    def submit_and_check(name, button, redirect):
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=button, exact=True).click()
        tour.check(name, navigation.value, expect_redirect=redirect)

    upload("Import: fel i filen", bad, redirect=False)
    upload("Import: förhandsgranskning", good, redirect=True)
    submit_and_check("Import: genomförd", "Genomför import", redirect=True)
    tour.visit("Import av utfall: senaste importer", "/ekonomi/utfall/import/")
    tour.visit("Finansiering: år utan budget", "/ekonomi/finansiering/?year=2022")

    # The case-officer table as loaded: rows one krona over the stated totals, shown.
    tour.open(intervention_path(w.hours))
    hours_table = page.get_by_role("table", name=grant_caption(w.hours_decision))
    expect(
        "Insats trisam-timmar",
        row_texts(hours_table, "Skillnad")[1:3] == ["1", "1"],
        "the 1 kr difference from the stated totals is not shown",
    )

    # --- A member of Mysam Alby: reads Alby's part; the pages that change money are refused. --
    # Appointed deltagaransvarig of the Trisam hours, they also download its exact counts.
    ParticipantOfficer.objects.create(intervention=w.hours, person=w.mysam_user.person)
    switch_user(page, live_server, w.mysam_user)
    for name, path in (
        ("Ekonomi: Mysam", "/ekonomi/"),
        ("Insats: Mysam, styrs av Mysam", intervention_path(w.process)),
        ("Insats: Mysam, timmar", intervention_path(w.hours)),
        ("Insats: Mysam, egen grupp", intervention_path(w.mysam_intervention)),
        ("Timmar i Trisam-team: Mysam", intervention_path(w.hours, "timmar/")),
        ("Ansökningar: Mysam", "/ekonomi/ansokningar/"),
        ("Ansökan: Mysam", f"/ekonomi/ansokningar/{w.granted_application.pk}/"),
        ("Ansökan: Mysam, väntar på beslut", f"/ekonomi/ansokningar/{w.pending.pk}/"),
        ("Rapport: Mysam", "/ekonomi/rapport/"),
        *((f"Rapport per {per}: Mysam", f"/ekonomi/rapport/?per={per}") for per in REPORT_PER),
        ("Uppföljning Finsam: Mysam", "/uppfoljning/finsam/"),
        ("Uppföljning Finsam: inlämning", f"/uppfoljning/finsam/inlamning/?year={THIS_YEAR}"),
        ("Finansiering: Mysam", "/ekonomi/finansiering/"),
        ("Timpriser: Mysam", "/ekonomi/timpriser/"),
    ):
        tour.visit(name, path)
    for name, path in (
        ("ny insats", "/ekonomi/insatser/ny/"),
        ("ändra insats", intervention_path(w.mysam_intervention, "andra/")),
        ("nytt mål", intervention_path(w.process, "mal/ny/")),
        ("ändra mål", intervention_path(w.process, f"mal/{w.process_goal.pk}/")),
        ("deltagare", intervention_path(w.hours, "deltagare/")),
        ("deltagaransvariga", intervention_path(w.hours, "deltagaransvariga/")),
        ("ny ansökan", "/ekonomi/ansokningar/ny/"),
        ("beslut", f"/ekonomi/ansokningar/{w.pending.pk}/beslut/"),
        ("utfall", intervention_path(w.mysam_intervention, "utfall/")),
        ("import", "/ekonomi/utfall/import/"),
        ("ändra finansiering", f"/ekonomi/finansiering/{THIS_YEAR}/"),
    ):
        tour.visit(f"Nekad för Mysam: {name}", path, status=403, h1=FORBIDDEN)

    tour.open("/ekonomi/")
    expect(
        "Ekonomi: Mysam",
        page.get_by_role("link", name=w.bergby_intervention.name).count() == 0,
        "another municipality's intervention is listed",
    )
    tour.visit(
        "Insats: Mysam, annan kommuns",
        intervention_path(w.bergby_intervention),
        status=404,
        h1=NOT_FOUND,
    )

    # Alby's part only: no other party's grant, no totals of the whole table.
    tour.open(intervention_path(w.hours))
    hours_table = page.get_by_role("table", name=grant_caption(w.hours_decision))
    expect(
        "Insats: Mysam, timmar",
        row_texts(hours_table, w.alby_party.name)[1:3] == [kr(331_004), kr(339_279)]
        and not row_texts(hours_table, w.fk.name)
        and not row_texts(hours_table, "Summa (beräknad)"),
        "the Mysam member should see Alby's grants only",
    )

    # --- Staff without a seat in a Mysam group: no money at all. -----------------------------
    w.reader.set_password(PASSWORD)
    w.reader.save(update_fields=["password"])
    switch_user(page, live_server, w.reader)
    tour.visit("Ekonomi: utan plats", "/ekonomi/", status=403, h1=FORBIDDEN)

    assert len(tour.visited) >= 80, f"only {len(tour.visited)} pages visited"
    assert not tour.problems, tour.report()
