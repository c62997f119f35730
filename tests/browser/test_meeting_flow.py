"""A Mysam coordinator prepares, holds and minutes meetings, with the keyboard.

The coordinator signs in and finds the next meeting on the start page, plans next year's series
from the 2022 rules, and prepares the coming meeting: a decision item on the agenda, an
information item refused with a pointer to pre-reads, an item that makes the agenda longer than
the meeting refused until confirmed. The FK member, in their own browser, sends FK's pre-read;
the coordinator sees FK in and AF missing, reminds the missing parties and sends the invitation.
Last week's meeting is then held: attendance (present, absent, a substitute), minutes with notes,
a decision and an action item, approved and published; a change makes version 2 while version 1
stays readable. Every page on the way is checked with axe.
"""

import re

from django.core import mail
from django.utils import timezone

from samverkan.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    Minutes,
    PreRead,
    PreReadReminder,
)
from samverkan.meetings.tests.fixtures import agenda_minutes
from tests.browser.axe import assert_accessible
from tests.browser.helpers import sign_in
from tests.browser.meeting_setup import (
    PAST_DECISION_ITEM,
    UPCOMING_LOCATION,
    choose,
    choose_option,
    days_from_today,
    follow,
    h1,
    label,
    press_enter_on,
    send,
    set_date,
    tick,
    type_into,
)

DECISION_ITEM = "Gemensamma mål för nästa år"
INFORMATION_ITEM = "Information från Försäkringskassan"
LONG_ITEM = "Arbetsträning i kommunen"
FK_PRE_READ = "Försäkringskassan har fått två nya handläggare i Alby. Väntetiderna har minskat."
NOTES = "Gruppen gick igenom förslaget till gemensam rutin."
DECISION = "Gruppen antar rutinen för arbetsträning från och med nästa månad."
ACTION = "Skicka rutinen till alla handläggare"
CHANGE_NOTE = "Rättat datum i beslutet."


def when(meeting):
    """The meeting's start as its pages write it: date and time in Swedish time."""
    return f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"


def status_text(page):
    return page.get_by_role("status").inner_text()


def ok(response):
    """The page that answered a navigation loaded without an error status."""
    assert response is not None, "no response"
    assert response.ok, f"{response.status} from {response.url}"


def meeting_link(scope, meeting):
    """The link to `meeting` in a list of meetings (within `scope`): its text holds the date."""
    if hasattr(scope, "goto"):  # a whole page: its main content
        scope = scope.locator("main")
    return scope.get_by_role("link", name=re.compile(re.escape(meeting.day.isoformat())))


def meeting_tab(page, name):
    """Follow one of the meeting's tabs (Översikt, Dagordning, Förhandsinformation, …)."""
    tabs = page.get_by_role("navigation", name="Mötets delar")
    return press_enter_on(page, tabs.get_by_role("link", name=name, exact=True))


def person_option(person):
    return f"{person.full_name} ({person.employer_label})"


def test_a_coordinator_prepares_holds_and_minutes_meetings(
    browser,
    page,
    live_server,
    mysam_world,
):
    w = mysam_world
    group = w.mysam
    upcoming, past = w.upcoming, w.past
    next_year = days_from_today(14).year + 1

    # --- Signing in: the start page shows the next meeting. ---------------------------------
    sign_in(page, live_server, w.coordinator_user.username)
    assert page.url == f"{live_server.url}/start/"
    assert h1(page) == "Välkommen, Karin"
    next_meetings = page.get_by_role("region", name="Mina nästa möten")
    assert meeting_link(next_meetings, upcoming).first.is_visible()
    assert next_meetings.get_by_role("cell", name=UPCOMING_LOCATION).is_visible()
    assert_accessible(page)

    # --- The group's meetings, from the main menu. ------------------------------------------
    menu = page.get_by_role("navigation", name="Huvudmeny")
    ok(press_enter_on(page, menu.get_by_role("link", name="Möten", exact=True)))
    assert h1(page) == "Möten"
    assert_accessible(page)
    ok(follow(page, group.name))
    assert h1(page) == f"Möten – {group.name}"
    assert_accessible(page)

    # --- Next year's series from the rules: preview, then create. ----------------------------
    ok(follow(page, "Planera årets möten"))
    assert h1(page) == f"Planera årets möten – {group.name}"
    assert_accessible(page)
    type_into(page, page.get_by_label(label("År")), str(next_year), replace=True)
    choose_option(page, page.get_by_label(label("Veckodag")), "tisdag")
    type_into(page, page.get_by_label(label("Plats")), UPCOMING_LOCATION)
    response = send(page, "Förhandsgranska")
    assert response.status == 200
    assert not Meeting.objects.filter(group=group, starts_at__year=next_year).exists()
    preview = page.get_by_role("table", name=f"Möten som serien ger för {next_year}")
    assert preview.get_by_role("row").count() == 1 + 4
    assert preview.get_by_text("90 minuter").count() == 4
    assert preview.get_by_text(w.coordinator.full_name).count() == 4
    assert preview.get_by_role("link", name=w.decision_2022.title).count() == 4
    assert_accessible(page)
    ok(send(page, "Skapa 4 möten"))
    assert h1(page) == f"Möten – {group.name}"
    assert f"4 möten har lagts in för {next_year}." in status_text(page)
    planned = list(Meeting.objects.filter(group=group, starts_at__year=next_year))
    assert len(planned) == 4
    for meeting in planned:
        assert meeting.duration_minutes == 90
        assert meeting.convener == w.coordinator
        assert meeting.location == UPCOMING_LOCATION
        assert timezone.localtime(meeting.starts_at).weekday() == 1  # Tuesday
        assert meeting.information_items_allowed is False
        assert meeting.pre_reads_required is True
        assert meeting.pre_read_deadline < meeting.day
        assert list(meeting.agenda_items.values_list("title", flat=True)) == [
            "Erfarenheter från Trisam"
        ]
    assert page.get_by_role("table", name=f"4 möten {next_year}").is_visible()
    assert_accessible(page)

    # --- Back to this year's list, and open the coming meeting. ------------------------------
    choose_option(page, page.get_by_label(label("År")), str(upcoming.day.year))
    ok(send(page, "Visa året"))
    assert_accessible(page)
    ok(press_enter_on(page, meeting_link(page, upcoming).first))
    assert h1(page) == f"{group.name} {when(upcoming)}"
    assert page.get_by_text("Inga – parterna skickar förhandsinformation").is_visible()
    assert_accessible(page)

    # --- The agenda: a decision item. --------------------------------------------------------
    ok(follow(page, "Ändra dagordningen"))
    agenda_h1 = f"Dagordning – {group.name} {when(upcoming)}"
    assert h1(page) == agenda_h1
    assert_accessible(page)
    type_into(page, page.get_by_label(label("Rubrik")), DECISION_ITEM)
    choose_option(page, page.get_by_label(label("Typ av punkt")), "beslut")
    choose_option(page, page.get_by_label(label("Ansvarig")), person_option(w.coordinator))
    type_into(page, page.get_by_label(label("Minuter")), "30", replace=True)
    ok(send(page, "Lägg till punkten"))
    assert h1(page) == agenda_h1
    assert f"Punkten ”{DECISION_ITEM}” har lagts till på dagordningen." in status_text(page)
    item = AgendaItem.objects.get(meeting=upcoming, title=DECISION_ITEM)
    assert (item.kind, item.minutes_allotted, item.responsible) == ("decision", 30, w.coordinator)
    assert page.get_by_text("Dagordningen tar 40 av mötets 90 minuter.").is_visible()
    assert_accessible(page)

    # An information item: the 2022 rules refuse it and point to pre-reads.
    type_into(page, page.get_by_label(label("Rubrik")), INFORMATION_ITEM)
    choose_option(page, page.get_by_label(label("Typ av punkt")), "information")
    response = send(page, "Lägg till punkten")
    assert response.status == 200
    refusal = (
        "Enligt beslutet som gäller för mötet har mötet inga informationspunkter. Parterna "
        "lämnar sin information som förhandsinformation före mötet."
    )
    summary = page.get_by_role("alert")
    assert f"Typ av punkt: {refusal}" in summary.inner_text()
    kind = page.get_by_label(label("Typ av punkt"))
    assert kind.get_attribute("aria-invalid") == "true"
    pointer = page.locator("main").get_by_role("link", name="förhandsinformation", exact=True)
    assert pointer.count() >= 1
    assert pointer.first.get_attribute("href") == f"/moten/{upcoming.pk}/forhandsinformation/"
    assert upcoming.agenda_items.count() == 2
    assert not upcoming.agenda_items.filter(kind="information").exists()
    # What was typed is kept.
    assert page.get_by_label(label("Rubrik")).input_value() == INFORMATION_ITEM
    assert_accessible(page)

    # A dialogue of an hour makes the agenda 100 minutes of 90: refused until confirmed.
    type_into(page, page.get_by_label(label("Rubrik")), LONG_ITEM, replace=True)
    choose_option(page, page.get_by_label(label("Typ av punkt")), "dialog")
    type_into(page, page.get_by_label(label("Minuter")), "60", replace=True)
    response = send(page, "Lägg till punkten")
    assert response.status == 200
    overrun = "Dagordningen tar 100 minuter men mötet är 90 minuter."
    assert overrun in page.get_by_role("alert").inner_text()
    assert upcoming.agenda_items.count() == 2
    assert_accessible(page)
    tick(page, page.get_by_label("Jag bekräftar att dagordningen får ta längre tid än mötet"))
    ok(send(page, "Lägg till punkten"))
    assert f"Punkten ”{LONG_ITEM}” har lagts till på dagordningen." in status_text(page)
    assert agenda_minutes(upcoming) == 100
    assert page.get_by_text(
        "Dagordningen tar 100 minuter, 10 minuter längre än mötet (90 minuter)."
    ).is_visible()
    assert_accessible(page)

    # --- The FK member sends FK's pre-read, in their own browser. ---------------------------
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    try:
        fk_page = context.new_page()
        sign_in(fk_page, live_server, w.fk_user.username)
        assert h1(fk_page) == "Välkommen, Fredrik"
        owed = fk_page.get_by_role(
            "region", name="Förhandsinformation som din part inte har skickat"
        )
        link_name = (
            f"Skicka förhandsinformation för Försäkringskassan till {group.name} "
            f"{upcoming.day.isoformat()}"
        )
        assert_accessible(fk_page)
        ok(press_enter_on(fk_page, owed.get_by_role("link", name=link_name)))
        assert h1(fk_page) == f"Förhandsinformation från FK – {group.name}"
        assert_accessible(fk_page)
        type_into(fk_page, fk_page.get_by_label(label("Information från parten")), FK_PRE_READ)
        ok(send(fk_page, "Skicka förhandsinformationen"))
        assert h1(fk_page) == f"Förhandsinformation – {group.name} {when(upcoming)}"
        assert "Förhandsinformationen från FK har sparats." in status_text(fk_page)
        assert fk_page.get_by_text(FK_PRE_READ).is_visible()
        assert_accessible(fk_page)
    finally:
        context.close()
    pre_read = PreRead.objects.get(meeting=upcoming, party=w.fk)
    assert (pre_read.text, pre_read.submitted_by) == (FK_PRE_READ, w.fk_user)
    assert pre_read.is_on_time

    # --- The coordinator sees FK in and AF missing, and reminds the missing parties. --------
    ok(meeting_tab(page, "Förhandsinformation"))
    assert h1(page) == f"Förhandsinformation – {group.name} {when(upcoming)}"
    status = page.get_by_role("table", name=re.compile("^Förväntad från"))
    assert status.get_by_role("row", name=re.compile("^FK i tid")).is_visible()
    assert status.get_by_role("row", name=re.compile("^AF saknas")).is_visible()
    assert_accessible(page)
    mail.outbox.clear()
    ok(send(page, "Skicka påminnelse till de parter som saknas"))
    assert "En påminnelse skickades till 3 parter (3 personer)." in status_text(page)
    reminded = set(PreReadReminder.objects.filter(meeting=upcoming).values_list("party", flat=True))
    assert reminded == {w.af.pk, w.region.pk, w.alby_party.pk}
    recipients = {address for message in mail.outbox for address in message.to}
    assert w.af_user.email in recipients
    assert w.fk_user.email not in recipients
    assert_accessible(page)

    # --- The invitation: preview, then send. -------------------------------------------------
    ok(follow(page, "Kallelse"))
    assert h1(page) == f"Kallelse – {group.name} {when(upcoming)}"
    assert page.get_by_text(f"Kallelse: {group.name}", exact=True).is_visible()
    recipients_list = page.locator("main ul").filter(has_text=w.fk_manager.full_name)
    assert recipients_list.get_by_text(w.coordinator.full_name).is_visible()
    assert upcoming.invited_at is None
    assert_accessible(page)
    mail.outbox.clear()
    ok(send(page, "Skicka kallelsen"))
    assert h1(page) == f"{group.name} {when(upcoming)}"
    assert "Kallelsen skickades till 5 personer." in status_text(page)
    upcoming.refresh_from_db()
    assert upcoming.invited_at is not None
    invitation = [m for m in mail.outbox if m.subject == f"Kallelse: {group.name}"]
    assert invitation, [m.subject for m in mail.outbox]
    addresses = {address for message in invitation for address in message.to + message.bcc}
    assert {w.coordinator_user.email, w.fk_user.email, w.af_user.email} <= addresses
    assert w.school_user.email not in addresses  # co-opted: invited when needed
    attached = [name for message in invitation for name, *_ in message.attachments]
    assert any(name.endswith(".ics") for name in attached), attached
    assert any(name.endswith(".pdf") for name in attached), attached
    assert_accessible(page)

    # --- Last week's meeting is held: attendance. --------------------------------------------
    ok(follow(page, group.name))
    assert h1(page) == f"Möten – {group.name}"
    if past.day.year != upcoming.day.year:
        choose_option(page, page.get_by_label(label("År")), str(past.day.year))
        ok(send(page, "Visa året"))
    ok(press_enter_on(page, meeting_link(page, past).first))
    assert h1(page) == f"{group.name} {when(past)}"
    assert_accessible(page)
    ok(meeting_tab(page, "Närvaro"))
    assert h1(page).startswith(f"Närvaro – {group.name}")
    assert_accessible(page)
    choices = {
        w.coordinator: "Närvarande",
        w.fk_manager: "Närvarande",
        w.af_manager: "Ersatt av ersättare",
        w.region_manager: "Frånvarande",
        w.ifo_manager: "Närvarande",
        w.school_head: "Närvarande",
    }
    for person, choice in choices.items():
        group_ = page.get_by_role("group", name=re.compile(f"^Närvaro för {person.full_name}"))
        choose(page, group_.get_by_label(choice, exact=True))
        if person == w.af_manager:
            choose_option(
                page,
                page.get_by_label(label(f"Ersättare för {person.full_name}")),
                w.substitute.full_name,
            )
    ok(send(page, "Spara närvaron"))
    assert "Närvaron har sparats." in status_text(page)
    past.refresh_from_db()
    assert past.status == Meeting.Status.HELD
    recorded = {a.person: a for a in past.attendances.all()}
    assert recorded[w.af_manager].status == Attendance.Status.SUBSTITUTE
    assert recorded[w.af_manager].substitute == w.substitute
    assert recorded[w.region_manager].status == Attendance.Status.ABSENT
    assert recorded[w.fk_manager].status == Attendance.Status.PRESENT
    assert recorded[w.school_head].capacity == Attendance.Capacity.CO_OPTED
    parties = page.get_by_role("table", name="Parter på mötet")
    assert parties.get_by_role("row", name="AF Ja").is_visible()
    assert parties.get_by_role("row", name="Regionen Nej").is_visible()
    assert_accessible(page)

    # --- The minutes: start, write, an action item, approve, publish. ------------------------
    ok(meeting_tab(page, "Minnesanteckningar"))
    minutes_h1 = h1(page)
    assert minutes_h1.startswith(f"Minnesanteckningar – {group.name}")
    assert_accessible(page)
    ok(send(page, "Börja skriva minnesanteckningar"))
    assert "Minnesanteckningarna är påbörjade." in status_text(page)
    assert h1(page) == minutes_h1
    assert_accessible(page)
    entry = page.get_by_role("group", name=re.compile(rf"^\d+\. {re.escape(PAST_DECISION_ITEM)}$"))
    type_into(page, entry.get_by_label("Anteckningar", exact=True), NOTES)
    type_into(page, entry.get_by_label("Beslut", exact=True), DECISION)
    ok(send(page, "Spara"))
    assert "Minnesanteckningarna har sparats." in status_text(page)
    draft = Minutes.objects.get(meeting=past)
    assert draft.status == Minutes.Status.DRAFT
    saved = draft.entries.get(agenda_item=w.past_decision)
    assert (saved.notes, saved.decision) == (NOTES, DECISION)
    assert_accessible(page)

    ok(follow(page, "Ny åtgärd"))
    assert h1(page) == "Ny åtgärd"
    assert_accessible(page)
    type_into(page, page.get_by_label(label("Åtgärd")), ACTION)
    choose_option(page, page.get_by_label(label("Dagordningspunkt")), PAST_DECISION_ITEM)
    choose_option(page, page.get_by_label(label("Ansvarig")), w.coordinator.full_name)
    due = days_from_today(21)
    set_date(page, page.get_by_label(label("Klar senast")), due)
    ok(send(page, "Spara"))
    assert h1(page) == minutes_h1
    assert f"Åtgärden ”{ACTION}” har sparats." in status_text(page)
    action = ActionItem.objects.get(meeting=past)
    assert (action.title, action.owner, action.due_on) == (ACTION, w.coordinator, due)
    assert action.agenda_item == w.past_decision
    decided = page.get_by_role("table", name="Beslutade åtgärder")
    assert decided.get_by_role("rowheader", name=ACTION).is_visible()
    assert_accessible(page)

    ok(send(page, "Godkänn"))
    assert "Minnesanteckningarna är sparade och godkända." in status_text(page)
    assert Minutes.objects.get(meeting=past).status == Minutes.Status.APPROVED
    assert_accessible(page)
    ok(send(page, "Publicera"))
    assert "Minnesanteckningarna är publicerade och kan läsas av gruppen." in status_text(page)
    published = Minutes.objects.get(meeting=past)
    assert published.status == Minutes.Status.PUBLISHED
    assert published.action_items_snapshot[0]["title"] == ACTION
    # The published version as the group reads it.
    version_1 = page.get_by_role("region", name="Version 1", exact=True)
    assert version_1.get_by_text("Publicerat", exact=True).is_visible()
    assert version_1.get_by_text(DECISION).is_visible()
    assert page.get_by_role("button", name="Spara").count() == 0
    assert_accessible(page)

    # --- A change after publishing makes version 2; version 1 stays readable. ---------------
    ok(follow(page, "Ändra (skapar ny version)"))
    assert h1(page).startswith(f"Ny version av minnesanteckningarna – {group.name}")
    assert_accessible(page)
    type_into(page, page.get_by_label(label("Vad ska ändras och varför?")), CHANGE_NOTE)
    ok(send(page, "Skapa ny version"))
    assert h1(page) == minutes_h1
    assert "Version 2 är skapad som utkast." in status_text(page)
    versions = list(Minutes.objects.filter(meeting=past).order_by("number"))
    assert [(v.number, v.status) for v in versions] == [(1, "published"), (2, "draft")]
    assert versions[1].change_note == CHANGE_NOTE
    assert page.get_by_role("heading", name="Utkast, version 2").is_visible()
    assert_accessible(page)
    ok(follow(page, "Visa version 1"))
    assert h1(page).startswith(f"Minnesanteckningar version 1 – {group.name}")
    main = page.locator("main")
    assert main.get_by_text(DECISION).is_visible()
    assert main.get_by_text(NOTES).is_visible()
    assert main.get_by_role("rowheader", name=ACTION).first.is_visible()
    assert main.get_by_role("button").count() == 0, "version 1 can be changed in place"
    assert_accessible(page)
    # Nothing in version 1 changed.
    first = Minutes.objects.get(meeting=past, number=1)
    assert first.status == Minutes.Status.PUBLISHED
    assert first.entries.get(agenda_item=w.past_decision).decision == DECISION
