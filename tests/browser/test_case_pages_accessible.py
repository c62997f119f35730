"""Every case page, in each state a case can be in, passes axe-core and has one h1 and unique ids.

One test builds a team's cases in every state and visits the pages as the people who use them:
the case officers of the raising and another party, a team member without cases, the individual
(signed out, through the one-time survey link) and the log reviewer. Problems are gathered page
by page and reported together at the end, as in the structure's tour.
"""

import datetime

from django.utils import timezone

from samverkan.cases import services
from samverkan.cases.models import (
    Case,
    FollowUp,
    IncomeSupportSource,
    Mapping,
    PlanStep,
    Preparation,
    SurveyResponse,
)
from tests.browser.case_setup import (
    days_ago,
    give_consent,
    identity_number,
    label,
    make_case,
    request_as,
    switch_user,
)
from tests.browser.test_pages_accessible import Tour

NAME = "Alva Ek"
PROTECTED_YEAR = 1981


def plan(case, w):
    """Meeting held, a preparation, the mapping and a plan of two steps."""
    case.meeting_on = days_ago(20)
    case.individual_invited = True
    case.participation = Case.Participation.TOOK_PART
    case.participation_mode = Case.ParticipationMode.DIGITAL
    case.save()
    Preparation.objects.create(case=case, party=w.fk, author=w.fk_officer, note="FK:s bild.")
    Mapping.objects.create(
        case=case,
        health="Långvarig smärta.",
        work="Kan arbeta halvtid.",
        sip_needed=True,
        sip_actor=w.region,
        joint_mapping_needed=False,
        recorded_by=w.rehab,
    )
    for order, (party, action) in enumerate(
        ((w.region, "Fysioterapi."), (w.af, "Arbetsträning.")), start=1
    ):
        PlanStep.objects.create(
            case=case,
            order=order,
            responsible_party=party,
            action=action,
            planned_start=days_ago(10 - order),
        )
    return case


def follow_up(case, w):
    """The survey answered on paper and the follow-up done."""
    SurveyResponse.objects.create(
        case=case,
        took_part_in_planning=4,
        felt_involved=3,
        plan_fits=3,
        answered_on=days_ago(5),
        source=SurveyResponse.Source.PAPER,
        entered_by=w.rehab,
    )
    done = FollowUp.objects.create(
        case=case,
        followed_up_on=days_ago(1),
        plan_started=FollowUp.PlanStarted.PARTLY,
        note="Uppföljt tidigt, personen arbetar halvtid.",
        recorded_by=w.rehab,
    )
    done.income_support.set(IncomeSupportSource.objects.filter(code__in=["lon", "sjukpenning"]))
    return case


def consented(w, **fields):
    case = make_case(w.team, w.fk_officer, **fields)
    give_consent(case, [w.fk, w.af, w.region], w.fk_officer)
    return case


def close(case, w, reason=Case.ClosureReason.ENDED_AS_PLANNED):
    services.close_case(request_as(w.fk_user), case, reason, days_ago(2), "")
    case.refresh_from_db()
    return case


def clear(page, field_label):
    page.get_by_label(label(field_label)).fill("")


def test_every_case_page_is_accessible(browser, page, live_server, case_world):
    w = case_world
    team = w.team
    awaiting = make_case(w.team, w.fk_officer, name=NAME)
    fresh = consented(w, name="Bo Berg")
    planned = plan(consented(w, name="Cia Dahl"), w)
    followed_up = follow_up(plan(consented(w, name="Dan Ek"), w), w)
    closed = close(consented(w, name="Eva Fors"), w)
    erased = close(consented(w, name="Filip Gran"), w)
    services.erase_case(erased)
    erased.refresh_from_db()
    assert erased.is_erased
    protected = consented(w, protected_identity=True, name="", birth_year=PROTECTED_YEAR)
    unknown_number = identity_number("19770707", serial=123)
    tour = Tour(page, live_server.url)

    def case_page(label_, case):
        tour.visit(label_, f"/arenden/{case.code}/", h1=f"Ärende {case.code}")

    # Start pages: without a seat in any team, with a seat but no cases.
    switch_user(page, live_server, w.kansli)
    tour.visit("Ärenden: inget team", "/arenden/", h1="Ärenden")
    switch_user(page, live_server, w.other_team_user)
    tour.visit("Ärenden: team utan ärenden", "/arenden/", h1="Ärenden")
    tour.visit(
        "Teamets ärenden: tomt", f"/arenden/team/{w.other_team.pk}/", h1=f"Ärenden i {w.other_team}"
    )

    # The case officer of the raising party (FK).
    switch_user(page, live_server, w.fk_user)
    tour.visit("Ärenden: med ärenden", "/arenden/", h1="Ärenden")
    team_h1 = f"Ärenden i {team.name}"
    tour.visit("Teamets ärenden", f"/arenden/team/{team.pk}/", h1=team_h1)
    tour.visit(
        "Teamets ärenden: alla, FK, mötesdag",
        f"/arenden/team/{team.pk}/?status=all&raising_party={w.fk.pk}"
        f"&meeting_on={planned.meeting_on.isoformat()}",
        h1=team_h1,
    )
    tour.visit("Teamets ärenden: avslutade", f"/arenden/team/{team.pk}/?status=closed", h1=team_h1)
    tour.visit(
        "Teamets ärenden: uppföljning",
        f"/arenden/team/{team.pk}/?status=follow_up_due",
        h1=team_h1,
    )
    tour.visit(
        "Teamets ärenden: felaktigt filter",
        f"/arenden/team/{team.pk}/?status=x&meeting_on=2026-13-45",
        h1=team_h1,
    )

    # Raising: the empty form, and sent empty.
    raise_h1 = f"Nytt ärende i {team.name}"
    tour.visit("Nytt ärende", f"/arenden/team/{team.pk}/nytt/", h1=raise_h1)
    tour.submit("Nytt ärende: fel", "Spara", h1=raise_h1)

    # The case page in each state, as the raising party.
    case_page("Ärende: väntar på samtycke (aktualiserande part)", awaiting)
    case_page("Ärende: samtycke registrerat", fresh)
    case_page("Ärende: planerat", planned)
    case_page("Ärende: uppföljt", followed_up)
    case_page("Ärende: avslutat", closed)
    case_page("Ärende: raderat", erased)
    case_page("Ärende: skyddade personuppgifter", protected)
    tour.visit(
        "Ändra aktualiseringen",
        f"/arenden/{awaiting.code}/aktualisering/",
        h1=f"Ändra aktualiseringen av {awaiting.code}",
    )

    # Consent: decline, record (empty date: an error), withdraw (empty date: an error).
    tour.visit(
        "Samtycke lämnas inte",
        f"/arenden/{awaiting.code}/samtycke/nekat/",
        h1=f"Samtycke lämnas inte – {awaiting.code}",
    )
    consent_h1 = f"Registrera samtycke – {awaiting.code}"
    tour.visit("Registrera samtycke", f"/arenden/{awaiting.code}/samtycke/nytt/", h1=consent_h1)
    clear(page, "Datum då samtycket lämnades")
    tour.submit("Registrera samtycke: fel", "Registrera samtycket", h1=consent_h1)
    tour.visit(
        "Registrera samtycke: SIP",
        f"/arenden/{fresh.code}/samtycke/nytt/",
        h1=f"Registrera samtycke – {fresh.code}",
    )
    team_consent = fresh.team_consent()
    withdraw_h1 = f"Återkalla samtycke – {fresh.code}"
    tour.visit(
        "Återkalla samtycke",
        f"/arenden/{fresh.code}/samtycke/{team_consent.pk}/aterkalla/",
        h1=withdraw_h1,
    )
    clear(page, "Datum då personen återkallade samtycket")
    tour.submit("Återkalla samtycke: fel", "Återkalla samtycket", h1=withdraw_h1)

    # Closing: the form, and sent without a date.
    close_h1 = f"Avsluta ärende – {fresh.code}"
    tour.visit("Avsluta ärende", f"/arenden/{fresh.code}/avslut/", h1=close_h1)
    clear(page, "Avslutsdatum")
    tour.submit("Avsluta ärende: fel", "Avsluta ärendet", h1=close_h1)

    # Every step form: empty, and sent empty; filled in, on the planned case.
    steps = (
        ("Teammöte", "mote", "Spara", "Teammöte"),
        ("Förberedelse", "forberedelse", "Spara", "Förberedelse"),
        ("Kartläggning", "kartlaggning", "Spara", "Kartläggning"),
        ("Planering", "planering", "Spara", "Föreslagen planering"),
        ("Deltagarenkät", "enkat", "Spara svaren", "Deltagarenkät"),
        ("Uppföljning", "uppfoljning", "Spara", "Uppföljning efter sex månader"),
    )
    for name, path, button, title in steps:
        tour.visit(name, f"/arenden/{fresh.code}/{path}/", h1=title)
        if name == "Teammöte":
            clear(page, "Datum för teammötet")
        tour.submit(f"{name}: fel", button, h1=title)
    for name, path, _button, title in steps:
        tour.visit(f"{name}: ifyllt", f"/arenden/{followed_up.code}/{path}/", h1=title)
    tour.visit(
        "Steg utan samtycke", f"/arenden/{awaiting.code}/mote/", status=403, h1="Samtycke saknas"
    )
    tour.visit(
        "Steg i avslutat ärende", f"/arenden/{closed.code}/mote/", 403, h1="Ärendet är avslutat"
    )

    # The one-time survey link, made from the survey page.
    tour.open(f"/arenden/{planned.code}/enkat/")
    tour.submit("Engångslänk", "Skapa engångslänk", h1="Engångslänk till deltagarenkäten")
    tour.open(f"/arenden/{planned.code}/enkat/")
    tour.check(
        "Deltagarenkät: med öppen länk",
        page.goto(page.url),
        h1="Deltagarenkät",
    )

    # Search by identity number: the form, bad input, a hit and a miss.
    search_h1 = "Sök ärende på personnummer"
    number_label = label("Personnummer eller samordningsnummer")
    tour.visit("Sök ärende", "/arenden/sok/", h1=search_h1)
    tour.submit("Sök ärende: fel", "Sök", h1=search_h1)
    for name, number in (("träff", fresh.personal_number), ("ingen träff", unknown_number)):
        page.locator("main").get_by_label(number_label).fill(number)
        tour.submit(f"Sök ärende: {name}", "Sök", h1=search_h1)

    # Another party (AF): the raised case before consent, and the consented one.
    switch_user(page, live_server, w.af_user)
    case_page("Ärende: väntar på samtycke (annan part)", awaiting)
    case_page("Ärende: samtycke registrerat (AF)", fresh)
    case_page("Ärende: avslutat (AF)", closed)

    # The individual's survey page, signed out: fresh, with errors, thanks, the used link, and
    # one that never was.
    _link, token = services.create_survey_link(request_as(w.rehab_user), planned, w.rehab)
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    gone_h1 = "Länken går inte längre att använda"
    try:
        tour.page = public = context.new_page()
        survey_h1 = "Enkät om ditt ärende i Trisam"
        tour.visit("Enkät via länk", f"/enkat/{token}/", h1=survey_h1)
        tour.submit("Enkät via länk: fel", "Skicka svaren", h1=survey_h1)
        if public.url.endswith(f"/enkat/{token}/") and public.locator("main fieldset").count():
            for group in public.locator("main fieldset").all():
                group.get_by_role("radio").first.check()
            tour.submit("Enkät via länk: tack", "Skicka svaren", h1="Tack för dina svar")
        tour.visit("Enkät via länk: använd", f"/enkat/{token}/", status=410, h1=gone_h1)
        tour.visit("Enkät via okänd länk", "/enkat/okand-lank/", status=410, h1=gone_h1)
    finally:
        tour.page = page
        context.close()

    # The log reviewer's access log: everything, one case, and dates in the wrong order.
    switch_user(page, live_server, w.log_reviewer)
    today = timezone.localdate()
    tour.visit("Åtkomstlogg", "/logg/", h1="Åtkomstlogg")
    if page.locator("main table").count() == 0:
        tour.problems.append("Åtkomstlogg: no table of entries")
    tour.visit("Åtkomstlogg: ett ärende", f"/logg/?case={fresh.code}", h1="Åtkomstlogg")
    tour.visit(
        "Åtkomstlogg: datum i fel ordning",
        f"/logg/?date_from={today.isoformat()}"
        f"&date_to={(today - datetime.timedelta(days=7)).isoformat()}",
        h1="Åtkomstlogg",
    )
    if page.get_by_role("alert").count() == 0:
        tour.problems.append("Åtkomstlogg: datum i fel ordning: no error message shown")

    assert not tour.problems, tour.report()
