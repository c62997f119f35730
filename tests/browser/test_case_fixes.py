"""What a closed case's timeline shows of its consent, and closing "as planned" without the
steps that means, in the browser and with the keyboard.

- The timeline of a closed case tells the consent's story (given on, in which form, for which
  parties, ended with the case) to the raising party, and nothing of it to another party.
- Closing as planned without a held team meeting or a plan is refused until the reason is
  written; the error names the field, and the reason then shows in the timeline.
"""

import re

from samverkan.cases import services
from samverkan.cases.models import Case
from tests.browser.axe import assert_accessible
from tests.browser.case_setup import (
    choose,
    days_ago,
    follow,
    give_consent,
    h1,
    label,
    make_case,
    request_as,
    send,
    switch_user,
    type_into,
)
from tests.browser.helpers import focused, is_focused, sign_in

NAME = "Vera Lind"
EXCEPTION_LABEL = "Skäl att avsluta enligt plan utan hållet teammöte eller planering"


def go_to_case(page, live_server, code):
    response = page.goto(f"{live_server.url}/arenden/{code}/")
    assert response.status == 200, f"{response.status} from {response.url}"
    assert h1(page) == f"Ärende {code}"


def timeline_step(page, title):
    """The timeline's list item for the step called `title`."""
    heading = page.get_by_role("heading", level=2, name=re.compile(rf"^{title} "))
    return page.locator("li.timeline__step").filter(has=heading)


def test_a_closed_cases_timeline_tells_the_consents_story(browser, page, live_server, case_world):
    w = case_world
    case = make_case(w.team, w.rehab, raised_on=days_ago(300), name=NAME)
    consent = give_consent(case, [w.region, w.fk, w.af], w.rehab, given_on=days_ago(290))
    services.close_case(
        request_as(w.rehab_user), case, Case.ClosureReason.NO_LONGER_RELEVANT, days_ago(10)
    )

    sign_in(page, live_server, w.rehab_user.username)
    go_to_case(page, live_server, case.code)
    step = timeline_step(page, "Samtycke")
    assert step.get_by_role("heading", level=2).inner_text() == "Samtycke klart"
    card = step.locator(".consent")
    assert card.get_by_role("heading", level=3).inner_text() == (
        "Samtycke till samverkan i Trisam-teamet upphört"
    )
    text = card.inner_text()
    assert f"{days_ago(290).isoformat()}, skriftligt" in text
    parties = ", ".join(party.label for party in consent.parties.all())
    assert parties in text
    assert f"Upphörde\n{days_ago(10).isoformat()}, ärendet avslutades" in text
    assert_accessible(page)

    # Named in the consent, AF saw the individual until the case closed; now it learns nothing.
    switch_user(page, live_server, w.af_user)
    go_to_case(page, live_server, case.code)
    main = page.locator("main").inner_text()
    assert "Ärendet är avslutat. Uppgifter om personen visas inte." in main
    for told in (NAME, days_ago(290).isoformat(), "Upphörde", "skriftligt"):
        assert told not in main
    assert page.locator("ol.timeline").count() == 0


def test_closing_as_planned_without_meeting_or_plan_asks_for_the_reason(
    browser, page, live_server, case_world
):
    w = case_world
    case = make_case(w.team, w.rehab, raised_on=days_ago(60), name=NAME)
    give_consent(case, [w.region, w.af], w.rehab)

    sign_in(page, live_server, w.rehab_user.username)
    go_to_case(page, live_server, case.code)
    follow(page, "Avsluta ärendet")
    assert h1(page) == f"Avsluta ärende – {case.code}"
    notice = "Ärendet saknar ett hållet teammöte och en föreslagen planering."
    assert notice in page.locator("main").inner_text()
    assert_accessible(page)

    choose(page, page.get_by_label("Avslutat enligt plan", exact=True))
    response = send(page, "Avsluta ärendet")
    assert response.status == 200
    summary = page.get_by_role("alert")
    message = (
        f"Ärendet saknar ett hållet teammöte och en föreslagen planering. Skriv i fältet "
        f"”{EXCEPTION_LABEL}” varför det ändå avslutas enligt plan, eller välj en annan "
        f"avslutsorsak."
    )
    assert message in summary.inner_text()
    field = page.get_by_label(label(EXCEPTION_LABEL))
    assert message in page.locator("#id_exception_reason_error").inner_text()
    assert "id_exception_reason_error" in (field.get_attribute("aria-describedby") or "")
    assert not Case.objects.get(pk=case.pk).is_closed
    assert_accessible(page)

    # The summary's link takes the keyboard to the field.
    link = summary.get_by_role("link", name=re.compile(re.escape(EXCEPTION_LABEL)))
    link.focus()
    page.keyboard.press("Enter")
    assert is_focused(field), focused(page)

    reason = "Teamet möttes utanför systemet och planen finns i journalen."
    type_into(page, field, reason)
    response = send(page, "Avsluta ärendet")
    assert response.ok, f"{response.status} from {response.url}"
    assert h1(page) == f"Ärende {case.code}"
    closure = timeline_step(page, "Avslut").inner_text()
    assert f"{EXCEPTION_LABEL}\n{reason}" in closure
    assert Case.objects.get(pk=case.pk).closure_exception_reason == reason
    assert_accessible(page)
