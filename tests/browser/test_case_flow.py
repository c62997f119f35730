"""A Trisam case from raising to closure, with the keyboard, in the team's own browsers.

An FK case officer raises the case (first with an identity number whose check digit is wrong),
records the team consent for FK, AF and the Region; the AF member then sees who the individual
is; the rehab coordinator records the meeting; each party prepares; the team maps, plans, sends a
one-time survey link that the individual answers without an account, follows up and closes the
case, which is then read-only. Every page on the way is checked with axe.
"""

import re

import pytest

from samverkan.cases.models import Case, Consent, FollowUp, Preparation, SurveyResponse
from tests.browser.axe import assert_accessible
from tests.browser.case_setup import (
    choose,
    choose_option,
    days_ago,
    follow,
    give_consent,
    h1,
    identity_number,
    label,
    make_case,
    no_edit_links,
    press_enter_on,
    send,
    set_date,
    switch_user,
    tick,
    type_into,
)
from tests.browser.helpers import focused, is_focused, sign_in, tab_to

NAME = "Maja Svensson"
NUMBER = identity_number("19900512", serial=345)
# The same number with its check digit changed: the form must refuse it.
WRONG_NUMBER = NUMBER[:-1] + str((int(NUMBER[-1]) + 1) % 10)
CHECK_DIGIT_ERROR = "Kontrollsiffran stämmer inte. Kontrollera personnumret."
QUESTION = "Hur kan Maja komma tillbaka till arbete efter lång sjukskrivning?"


def formatted(digits):
    return f"{digits[:8]}-{digits[8:]}"


def status_text(page):
    return page.get_by_role("status").inner_text()


def go_to_case(page, live_server, code):
    response = page.goto(f"{live_server.url}/arenden/{code}/")
    assert response.status == 200, f"{response.status} from {response.url}"
    assert h1(page) == f"Ärende {code}"


def prepare(page, live_server, user, code, party_label, note):
    """`user` writes their party's preparation from the case page."""
    switch_user(page, live_server, user)
    go_to_case(page, live_server, code)
    follow(page, f"Skriv förberedelse för {party_label}")
    assert h1(page) == "Förberedelse"
    assert_accessible(page)
    type_into(page, page.get_by_label(label("Förberedelse")), note)
    response = send(page, "Spara")
    assert response.ok, f"{response.status} from {response.url}"
    assert h1(page) == f"Ärende {code}"
    assert "Förberedelsen har sparats." in status_text(page)


def test_a_case_from_raising_to_closure(browser, page, live_server, case_world):
    w = case_world
    team = w.team

    # The FK case officer signs in and goes from the start page to the team's cases.
    sign_in(page, live_server, w.fk_user.username)
    assert page.url == live_server.url + "/start/"
    assert_accessible(page)
    menu = page.get_by_role("navigation", name="Huvudmeny")
    press_enter_on(page, menu.get_by_role("link", name="Ärenden", exact=True))
    assert h1(page) == "Ärenden"
    assert page.get_by_role("heading", level=2, name=team.name).is_visible()
    assert_accessible(page)
    follow(page, f"Alla ärenden i {team.name}")
    assert h1(page) == f"Ärenden i {team.name}"
    assert page.get_by_text("Inga ärenden matchar urvalet.").is_visible()
    assert_accessible(page)

    # Raise a case, first with a wrong check digit.
    follow(page, "Nytt ärende")
    assert h1(page) == f"Nytt ärende i {team.name}"
    assert_accessible(page)
    set_date(page, page.get_by_label(label("Aktualiseringsdatum")), days_ago(60))
    number = page.get_by_label(label("Personnummer eller samordningsnummer"))
    type_into(page, number, formatted(WRONG_NUMBER))
    type_into(page, page.get_by_label(label("Namn")), NAME)
    choose(page, page.get_by_label("Kvinna", exact=True))
    choose_option(page, page.get_by_label(label("Folkbokföringskommun")), "Alby")
    tick(page, page.get_by_label("Psykisk ohälsa", exact=True))
    tick(page, page.get_by_label("Sjukpenning eller rehabiliteringspenning"))
    type_into(page, page.get_by_label(label("Frågeställning")), QUESTION)
    response = send(page, "Spara")
    assert response.status == 200
    assert h1(page) == f"Nytt ärende i {team.name}"
    summary = page.get_by_role("alert")
    assert "Formuläret innehåller fel" in summary.inner_text()
    message = f"Personnummer eller samordningsnummer: {CHECK_DIGIT_ERROR}"
    assert message in summary.inner_text()
    number = page.get_by_label(label("Personnummer eller samordningsnummer"))
    assert number.get_attribute("aria-invalid") == "true"
    assert CHECK_DIGIT_ERROR in page.locator("#id_personal_number_error").inner_text()
    assert not Case.objects.exists()
    # What was typed elsewhere is kept.
    assert page.get_by_label(label("Namn")).input_value() == NAME
    assert page.get_by_label("Kvinna", exact=True).is_checked()
    assert_accessible(page)

    # The summary's link takes focus to the number; correct it and save.
    tab_to(page, summary.get_by_role("link", name=message))
    page.keyboard.press("Enter")
    assert is_focused(number), f"The error link moved focus to {focused(page)}"
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(formatted(NUMBER))
    response = send(page, "Spara")
    assert response.ok, f"{response.status} from {response.url}"
    case = Case.objects.get()
    assert (case.personal_number, case.name, case.raising_party) == (NUMBER, NAME, w.fk)
    assert case.raised_on == days_ago(60)
    assert page.url.split("#")[0] == f"{live_server.url}/arenden/{case.code}/"
    assert h1(page) == f"Ärende {case.code}"
    assert f"Ärendet {case.code} har registrerats." in status_text(page)
    # The identity number is never in the address or the title.
    assert NUMBER not in page.url and formatted(NUMBER) not in page.title()
    assert_accessible(page)

    # The team consent, naming FK, AF and the Region.
    follow(page, "Registrera samtycke")
    assert h1(page) == f"Registrera samtycke – {case.code}"
    assert_accessible(page)
    assert page.get_by_label("Försäkringskassan", exact=True).is_checked()
    tick(page, page.get_by_label("Arbetsförmedlingen", exact=True))
    tick(page, page.get_by_label(w.region.name, exact=True))
    type_into(
        page,
        page.get_by_label(label("Vilka uppgifter")),
        "Uppgifter om hälsa, arbetsförmåga och försörjning.",
    )
    type_into(page, page.get_by_label(label("För vilket syfte")), "Samverkan i Trisam-teamet.")
    response = send(page, "Registrera samtycket")
    assert response.ok, f"{response.status} from {response.url}"
    consent = Consent.objects.get(case=case)
    assert consent.kind == Consent.Kind.TEAM
    assert set(consent.parties.all()) == {w.fk, w.af, w.region}
    assert h1(page) == f"Ärende {case.code}"
    assert "Samtycket har registrerats" in status_text(page)
    assert_accessible(page)

    # The AF member now sees who the individual is, in the list and on the case page.
    switch_user(page, live_server, w.af_user)
    menu = page.get_by_role("navigation", name="Huvudmeny")
    press_enter_on(page, menu.get_by_role("link", name="Ärenden", exact=True))
    follow(page, f"Alla ärenden i {team.name}")
    table = page.get_by_role("table")
    assert table.get_by_role("cell", name=NAME).is_visible()
    assert_accessible(page)
    follow(page, case.code)
    assert h1(page) == f"Ärende {case.code}"
    assert page.get_by_text(NAME).first.is_visible()
    assert_accessible(page)

    # The rehab coordinator records the meeting, held a month ago, and that Maja took part.
    switch_user(page, live_server, w.rehab_user)
    go_to_case(page, live_server, case.code)
    follow(page, "Ange teammöte och deltagande")
    assert h1(page) == "Teammöte"
    assert_accessible(page)
    set_date(page, page.get_by_label(label("Datum för teammötet")), days_ago(30))
    choose(page, page.get_by_label("Deltog", exact=True))
    choose(page, page.get_by_label("På plats", exact=True))
    response = send(page, "Spara")
    assert response.ok, f"{response.status} from {response.url}"
    case.refresh_from_db()
    assert case.meeting_on == days_ago(30)
    assert case.participation == Case.Participation.TOOK_PART
    assert case.participation_mode == Case.ParticipationMode.IN_PERSON
    assert "Teammötet har sparats." in status_text(page)
    assert_accessible(page)

    # Each party named in the consent writes its own preparation.
    for user, party in ((w.rehab_user, w.region), (w.fk_user, w.fk), (w.af_user, w.af)):
        prepare(page, live_server, user, case.code, party.label, f"Förberedelse från {party}.")
    assert Preparation.objects.filter(case=case).count() == 3

    # The joint mapping: a SIP is needed, the Region takes the initiative; no GK.
    switch_user(page, live_server, w.rehab_user)
    go_to_case(page, live_server, case.code)
    follow(page, "Registrera kartläggningen")
    assert h1(page) == "Kartläggning"
    assert_accessible(page)
    type_into(page, page.get_by_label(label("Hälsa och vård")), "Långvarig depression.")
    type_into(page, page.get_by_label(label("Arbetsförmåga och arbete")), "Kan arbeta 25 %.")
    sip = page.get_by_role("group", name=re.compile("^Behövs en SIP"))
    choose(page, sip.get_by_label("Ja", exact=True))
    choose_option(page, page.get_by_label(label("Vem tar initiativ till SIP?")), w.region.name)
    gk = page.get_by_role("group", name=re.compile("^Behövs en GK"))
    choose(page, gk.get_by_label("Nej", exact=True))
    response = send(page, "Spara")
    assert response.ok, f"{response.status} from {response.url}"
    case.refresh_from_db()
    assert (case.mapping.sip_needed, case.mapping.sip_actor) == (True, w.region)
    assert case.mapping.joint_mapping_needed is False
    assert "Kartläggningen har sparats." in status_text(page)
    assert_accessible(page)

    # The proposed plan, in two steps.
    follow(page, "Föreslå planering")
    assert h1(page) == "Föreslagen planering"
    assert_accessible(page)
    for number_, (party, action, start) in enumerate(
        (
            (w.region, "Samtalsbehandling hos psykolog.", days_ago(20)),
            (w.af, "Arbetsträning hos arbetsgivare.", days_ago(5)),
        ),
        start=1,
    ):
        step = page.get_by_role("group", name=f"Steg {number_}", exact=True)
        choose_option(page, step.get_by_label(label("Ansvarig part")), party.name)
        type_into(page, step.get_by_label(label("Insats eller åtgärd")), action)
        set_date(page, step.get_by_label(label("Planerad start")), start)
    response = send(page, "Spara")
    assert response.ok, f"{response.status} from {response.url}"
    steps = list(case.plan_steps.order_by("order"))
    assert [(s.responsible_party, s.order) for s in steps] == [(w.region, 1), (w.af, 2)]
    assert "Planeringen har sparats." in status_text(page)
    assert_accessible(page)

    # A one-time survey link, shown once.
    response = press_enter_on(
        page, page.get_by_role("button", name="Skapa engångslänk till enkäten")
    )
    assert response.ok, f"{response.status} from {response.url}"
    assert h1(page) == "Engångslänk till deltagarenkäten"
    assert_accessible(page)
    link = page.get_by_label("Engångslänk till deltagarenkäten").input_value()
    assert link.startswith(live_server.url + "/enkat/")

    # Maja answers in her own browser, signed out: nothing on the page says who she is.
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    try:
        public = context.new_page()
        response = public.goto(link)
        assert response.status == 200
        assert h1(public) == "Enkät om ditt ärende i Trisam"
        text = public.content()
        for secret in (NAME, "Maja", NUMBER, formatted(NUMBER), case.code):
            assert secret not in text, f"{secret!r} is on the public survey page"
        assert public.get_by_role("button", name="Logga ut").count() == 0
        assert_accessible(public)
        for statement in SurveyResponse.STATEMENTS.values():
            group = public.get_by_role("group", name=re.compile(f"^{re.escape(str(statement))}"))
            choose(public, group.get_by_label("Stämmer ganska bra", exact=True))
        response = send(public, "Skicka svaren")
        # The page's referrer policy must let the browser send its origin, or the CSRF check
        # refuses the answers (a "no-referrer" page posts "Origin: null").
        assert response.status == 200, f"{response.status}: the answers were refused"
        assert h1(public) == "Tack för dina svar"
        assert_accessible(public)
    finally:
        context.close()
    survey = SurveyResponse.objects.get(case=case)
    assert survey.source == SurveyResponse.Source.LINK
    assert survey.plan_fits == 3

    # The follow-up, done before the six months are up, so with a note on why.
    go_to_case(page, live_server, case.code)
    follow(page, "Registrera uppföljningen")
    assert h1(page) == "Uppföljning efter sex månader"
    assert_accessible(page)
    set_date(page, page.get_by_label(label("Datum för uppföljningen")), days_ago(0))
    choose(page, page.get_by_label("Ja", exact=True))
    tick(page, page.get_by_label("Lön", exact=True))
    type_into(page, page.get_by_label(label("Anteckning")), "Maja arbetar igen; följs upp tidigt.")
    response = send(page, "Spara")
    assert response.ok, f"{response.status} from {response.url}"
    follow_up = FollowUp.objects.get(case=case)
    assert follow_up.plan_started == FollowUp.PlanStarted.YES
    assert [s.code for s in follow_up.income_support.all()] == ["lon"]
    assert "Uppföljningen har sparats." in status_text(page)
    assert_accessible(page)

    # Close the case as ended as planned.
    follow(page, "Avsluta ärendet")
    assert h1(page) == f"Avsluta ärende – {case.code}"
    assert_accessible(page)
    choose(page, page.get_by_label("Avslutat enligt plan", exact=True))
    response = send(page, "Avsluta ärendet")
    assert response.ok, f"{response.status} from {response.url}"
    case.refresh_from_db()
    assert case.closure_reason == Case.ClosureReason.ENDED_AS_PLANNED
    assert case.closed_on == days_ago(0)
    assert h1(page) == f"Ärende {case.code}"
    assert f"Ärendet {case.code} är avslutat och kan inte längre ändras." in status_text(page)
    assert_accessible(page)

    # The consent ended with the case: the Region no longer sees who the individual is.
    assert NAME not in page.content()
    assert no_edit_links(page) == []

    # The raising party still does, read-only: no link or button on the case page changes it.
    switch_user(page, live_server, w.fk_user)
    go_to_case(page, live_server, case.code)
    assert page.get_by_text("Det kan bara läsas, inte ändras.").is_visible()
    assert page.get_by_text(NAME).first.is_visible()
    assert page.get_by_role("heading", level=2, name=re.compile("^Uppföljning")).is_visible()
    assert no_edit_links(page) == []
    assert_accessible(page)
    # An edit page answers with the refusal, and nothing is saved.
    response = page.goto(f"{live_server.url}/arenden/{case.code}/mote/")
    assert response.status == 403
    assert h1(page) == "Ärendet är avslutat"
    assert_accessible(page)


@pytest.fixture
def consented_case(case_world):
    """(world, case): a case raised by FK with the team consent for FK, AF and the Region."""
    w = case_world
    case = make_case(w.team, w.fk_officer, name=NAME, personal_number=NUMBER)
    give_consent(case, [w.fk, w.af, w.region], w.fk_officer)
    return w, case


def test_withdrawn_consent_closes_the_case_and_hides_the_individual(
    browser, page, live_server, consented_case
):
    w, case = consented_case
    team_list = f"{live_server.url}/arenden/team/{w.team.pk}/"

    # The AF member sees the individual's name in the team's list.
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    try:
        af_page = context.new_page()
        sign_in(af_page, live_server, w.af_user.username)
        af_page.goto(team_list + "?status=all")
        assert af_page.get_by_role("cell", name=NAME).is_visible()

        # The FK officer, of the raising party, records that Maja withdrew her consent.
        sign_in(page, live_server, w.fk_user.username)
        go_to_case(page, live_server, case.code)
        follow(page, "Återkalla samtycke till samverkan i Trisam-teamet")
        assert h1(page) == f"Återkalla samtycke – {case.code}"
        assert_accessible(page)
        response = send(page, "Återkalla samtycket")
        assert response.ok, f"{response.status} from {response.url}"
        case.refresh_from_db()
        assert case.closure_reason == Case.ClosureReason.CONSENT_WITHDRAWN
        assert case.is_closed
        assert h1(page) == f"Ärende {case.code}"
        assert "Ärendet är avslutat som avbrutet" in status_text(page)
        assert no_edit_links(page) == []
        assert_accessible(page)

        # On the AF member's next page load the name is gone, from the list and the case page.
        af_page.reload()
        assert af_page.get_by_role("table").get_by_role("link", name=case.code).is_visible()
        assert NAME not in af_page.content()
        assert_accessible(af_page)
        response = af_page.goto(f"{live_server.url}/arenden/{case.code}/")
        assert response.status == 200
        assert NAME not in af_page.content()
        assert af_page.get_by_text("Ärendet är avslutat. Uppgifter om personen visas inte.").count()
        assert_accessible(af_page)
    finally:
        context.close()
