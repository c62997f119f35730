"""Every meetings page, in the states a meeting goes through, passes axe-core with one h1 and
unique ids.

One test builds Mysam Alby's meetings in every state through the services (planned with an
agenda, a pre-read and a reminder; invited; overlapping; cancelled; held without minutes; with
draft, approved and published minutes; with published versions replaced by later ones; action
items open and overdue) and visits the pages as the people who use them: the coordinator who
convenes, a plain member (FK), a member of staff without a seat and the förbund's administrator.
Problems are gathered page by page and reported together at the end, as in the structure's tour.
"""

import datetime
import types

from django.utils import timezone

from samverkan.meetings import series, services
from samverkan.meetings.models import ActionItem, AgendaItem, Attendance
from tests.browser.helpers import PASSWORD
from tests.browser.meeting_setup import (
    UPCOMING_LOCATION,
    at,
    days_from_today,
    label,
    switch_user,
)
from tests.browser.test_pages_accessible import Tour

PRESENT = Attendance.Status.PRESENT
ABSENT = Attendance.Status.ABSENT
SUBSTITUTE = Attendance.Status.SUBSTITUTE
NOT_FOUND = "Sidan hittades inte"
FORBIDDEN = "Åtkomst nekad"


def stamp(meeting):
    """The meeting as most page headings name it: group, date and time."""
    return f"{meeting.group.name} {timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}"


def long_day(meeting):
    """The meeting's day as the attendance and minutes headings write it ("7 december 2026")."""
    months = [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ]
    day = meeting.day
    return f"{meeting.group.name} {day.day} {months[day.month - 1]} {day.year}"


def held(w, days, title):
    """A meeting `days` from today (negative: past) with a decision item and attendance."""
    meeting = series.create_meeting(
        w.mysam, at(days_from_today(days)), location=UPCOMING_LOCATION, by=w.coordinator_user
    )
    AgendaItem.objects.create(
        meeting=meeting,
        order=meeting.agenda_items.count() + 1,
        title=title,
        kind=AgendaItem.Kind.DECISION,
        responsible=w.coordinator,
        minutes_allotted=30,
    )
    services.record_attendance(
        meeting,
        [
            (w.coordinator, PRESENT, None, Attendance.Capacity.MEMBER),
            (w.fk_manager, PRESENT, None, Attendance.Capacity.MEMBER),
            (w.af_manager, SUBSTITUTE, w.substitute, Attendance.Capacity.MEMBER),
            (w.region_manager, ABSENT, None, Attendance.Capacity.MEMBER),
            (w.ifo_manager, PRESENT, None, Attendance.Capacity.MEMBER),
            (w.school_head, PRESENT, None, Attendance.Capacity.CO_OPTED),
        ],
        by=w.coordinator_user,
    )
    return meeting


def write_minutes(meeting, by, decision):
    """Start the minutes and write notes and a decision under every item."""
    minutes = services.start_minutes(meeting, by=by)
    for entry in minutes.entries.all():
        entry.notes = f"Anteckningar om {entry.title.lower()}."
        entry.decision = decision if entry.agenda_item.kind == AgendaItem.Kind.DECISION else ""
        entry.save()
    minutes.other_notes = "Nästa möte hålls digitalt."
    minutes.save()
    return minutes


def publish(minutes, by):
    services.approve_minutes(minutes, by=by)
    return services.publish_minutes(minutes, by=by)


def build_meetings(w):
    """Mysam Alby's meetings in every state the pages show; returns them by name."""
    s = types.SimpleNamespace()
    by = w.coordinator_user

    # The coming meeting: an agenda, FK's pre-read, a reminder to the others; not invited.
    s.upcoming = w.upcoming
    s.item = AgendaItem.objects.create(
        meeting=s.upcoming,
        order=s.upcoming.agenda_items.count() + 1,
        title="Gemensamma mål för nästa år",
        kind=AgendaItem.Kind.DECISION,
        responsible=w.coordinator,
        minutes_allotted=30,
        description="Förslag från arbetsgruppen.",
    )
    services.submit_pre_read(s.upcoming, w.fk, text="FK:s information inför mötet.", by=w.fk_user)
    services.send_pre_read_reminders(s.upcoming, by=by)
    # A second meeting half an hour later the same day: both overlap; this one is invited.
    s.overlapping = series.create_meeting(
        w.mysam, s.upcoming.starts_at + datetime.timedelta(minutes=30), by=by
    )
    services.send_invitation(s.overlapping, by=by)
    s.cancelled = series.create_meeting(w.mysam, at(days_from_today(30)), by=by)
    services.cancel_meeting(s.cancelled, reason="För få kunde komma.", by=by)

    # Three months ago: versions 1 and 2 published, version 3 a draft.
    s.versions = held(w, -90, "Rutin för remisser")
    minutes = publish(write_minutes(s.versions, by, "Rutinen antas."), by)
    second = services.new_minutes_version(minutes, by=by, change_note="Rättat namn.")
    publish(second, by)
    services.new_minutes_version(second, by=by, change_note="Lagt till bilaga.")

    # Two months ago: published, with an action item for FK, still open and overdue.
    s.published = held(w, -60, "Gemensam kartläggning")
    s.fk_action = ActionItem.objects.create(
        meeting=s.published,
        agenda_item=s.published.agenda_items.get(kind=AgendaItem.Kind.DECISION),
        title="Ta fram statistik om väntetider",
        owner=w.fk_manager,
        due_on=days_from_today(-40),
    )
    publish(write_minutes(s.published, by, "Kartläggningen görs gemensamt."), by)

    # A month ago: approved, not published. Two weeks ago: held, no minutes yet.
    s.approved = held(w, -30, "Budget för insatser")
    services.approve_minutes(write_minutes(s.approved, by, "Budgeten fastställs."), by=by)
    s.no_minutes = series.create_meeting(w.mysam, at(days_from_today(-14)), by=by)

    # Last week's meeting: attendance, a late pre-read from AF, a draft with an action item.
    s.past = w.past
    services.record_attendance(
        s.past,
        [
            (w.coordinator, PRESENT, None, Attendance.Capacity.MEMBER),
            (w.fk_manager, PRESENT, None, Attendance.Capacity.MEMBER),
            (w.af_manager, SUBSTITUTE, w.substitute, Attendance.Capacity.MEMBER),
            (w.region_manager, ABSENT, None, Attendance.Capacity.MEMBER),
            (w.ifo_manager, PRESENT, None, Attendance.Capacity.MEMBER),
            (w.school_head, ABSENT, None, Attendance.Capacity.CO_OPTED),
            (w.guest_person, PRESENT, None, Attendance.Capacity.GUEST),
        ],
        by=by,
    )
    services.submit_pre_read(s.past, w.af, text="AF:s information, sent in.", by=w.af_user)
    write_minutes(s.past, by, "Rutinen antas.")
    s.own_action = ActionItem.objects.create(
        meeting=s.past,
        agenda_item=w.past_decision,
        title="Skicka rutinen till alla handläggare",
        owner=w.coordinator,
        due_on=days_from_today(21),
    )
    return s


def test_every_meeting_page_is_accessible(page, live_server, mysam_world):
    w = mysam_world
    s = build_meetings(w)
    group = w.mysam
    next_year = days_from_today(14).year + 1
    tour = Tour(page, live_server.url)

    def meeting_path(meeting, rest=""):
        return f"/moten/{meeting.pk}/{rest}"

    def submit_redirected(name, button, h1):
        """Send the form; the answer is a redirect to a page that is then checked."""
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name=button, exact=True).click()
        tour.check(name, navigation.value, 200, h1, expect_redirect=True)

    # --- The coordinator who convenes Mysam Alby. --------------------------------------------
    switch_user(page, live_server, w.coordinator_user)
    tour.visit("Start: sammankallande", "/start/", h1="Välkommen, Karin")
    tour.visit("Möten", "/moten/", h1="Möten")
    group_h1 = f"Möten – {group.name}"
    tour.visit("Gruppens möten", f"/moten/grupp/{group.pk}/", h1=group_h1)
    tour.visit(
        "Gruppens möten: år utan möten", f"/moten/grupp/{group.pk}/?year={next_year}", h1=group_h1
    )

    # Series: the form, a preview of next year, a preview of this year (meetings exist),
    # and bad input.
    series_h1 = f"Planera årets möten – {group.name}"
    series_path = f"/moten/grupp/{group.pk}/serie/"
    tour.visit("Planera serie", series_path, h1=series_h1)
    tour.visit(
        "Planera serie: förhandsgranskning",
        f"{series_path}?year={next_year}&weekday=1&start_time=13:00&default_minutes=90",
        h1=series_h1,
    )
    tour.visit(
        "Planera serie: möten finns redan",
        f"{series_path}?year={s.upcoming.day.year}&weekday=0&start_time=13:00&default_minutes=90",
        h1=series_h1,
    )
    tour.visit(
        "Planera serie: fel",
        f"{series_path}?year=1990&weekday=9&start_time=&default_minutes=",
        h1=series_h1,
    )

    # A single new meeting: the form and sent empty.
    create_h1 = f"Nytt möte i {group.name}"
    tour.visit("Nytt möte", f"/moten/grupp/{group.pk}/nytt/", h1=create_h1)
    tour.submit("Nytt möte: fel", "Lägg in mötet", h1=create_h1)

    # One meeting's page in each state.
    for name, meeting in (
        ("planerat, krockar", s.upcoming),
        ("kallelse skickad", s.overlapping),
        ("inställt", s.cancelled),
        ("genomfört, versioner", s.versions),
        ("genomfört, utan anteckningar", s.no_minutes),
    ):
        tour.visit(f"Möte: {name}", meeting_path(meeting), h1=stamp(meeting))

    # Editing: the form, and a deadline after the meeting.
    tour.visit("Ändra mötet", meeting_path(s.upcoming, "andra/"), h1="Ändra mötet")
    page.locator("main").get_by_label(label("Sista dag för förhandsinformation")).fill(
        (s.upcoming.day + datetime.timedelta(days=1)).isoformat()
    )
    tour.submit("Ändra mötet: fel", "Spara", h1="Ändra mötet")
    tour.visit(
        "Ställ in mötet",
        meeting_path(s.upcoming, "stall-in/"),
        h1=f"Ställ in mötet – {stamp(s.upcoming)}",
    )

    # The agenda: with items, an information item refused, an overrun refused; read-only
    # once the minutes are published; a cancelled meeting's; one item's edit and delete pages.
    agenda_h1 = f"Dagordning – {stamp(s.upcoming)}"
    tour.visit("Dagordning", meeting_path(s.upcoming, "dagordning/"), h1=agenda_h1)
    main = page.locator("main")
    main.get_by_label(label("Rubrik")).fill("Information från FK")
    main.get_by_label(label("Typ av punkt")).select_option("information")
    tour.submit("Dagordning: informationspunkt", "Lägg till punkten", h1=agenda_h1)
    main.get_by_label(label("Typ av punkt")).select_option("dialogue")
    main.get_by_label(label("Minuter")).fill("80")
    tour.submit("Dagordning: för lång", "Lägg till punkten", h1=agenda_h1)
    tour.visit(
        "Dagordning: publicerade anteckningar",
        meeting_path(s.published, "dagordning/"),
        h1=f"Dagordning – {stamp(s.published)}",
    )
    tour.visit(
        "Dagordning: inställt möte",
        meeting_path(s.cancelled, "dagordning/"),
        h1=f"Dagordning – {stamp(s.cancelled)}",
    )
    item_h1 = f"Ändra punkten ”{s.item.title}”"
    tour.visit("Ändra punkt", f"/moten/dagordning/{s.item.pk}/andra/", h1=item_h1)
    main.get_by_label(label("Rubrik")).fill("")
    tour.submit("Ändra punkt: fel", "Spara", h1=item_h1)
    tour.visit(
        "Ta bort punkt",
        f"/moten/dagordning/{s.item.pk}/ta-bort/",
        h1=f"Ta bort punkten ”{s.item.title}”",
    )

    # Pre-reads: one in, a reminder sent; a late one after the deadline; a cancelled meeting.
    for name, meeting in (
        ("en lämnad, påminnelse skickad", s.upcoming),
        ("sen", s.past),
        ("inställt möte", s.cancelled),
    ):
        tour.visit(
            f"Förhandsinformation: {name}",
            meeting_path(meeting, "forhandsinformation/"),
            h1=f"Förhandsinformation – {stamp(meeting)}",
        )

    # The invitation: before sending, and again (an update) after it was sent.
    for name, meeting in (("inte skickad", s.upcoming), ("ändrad kallelse", s.overlapping)):
        tour.visit(
            f"Kallelse: {name}",
            meeting_path(meeting, "kallelse/"),
            h1=f"Kallelse – {stamp(meeting)}",
        )

    # Attendance: before the meeting, the form (empty, then sent empty), recorded.
    for name, meeting in (("före mötet", s.upcoming), ("inställt möte", s.cancelled)):
        tour.visit(
            f"Närvaro: {name}",
            meeting_path(meeting, "narvaro/"),
            h1=f"Närvaro – {long_day(meeting)}",
        )
    attendance_h1 = f"Närvaro – {long_day(s.no_minutes)}"
    tour.visit("Närvaro: formulär", meeting_path(s.no_minutes, "narvaro/"), h1=attendance_h1)
    tour.submit("Närvaro: fel", "Spara närvaron", h1=attendance_h1)
    tour.visit(
        "Närvaro: registrerad",
        meeting_path(s.past, "narvaro/"),
        h1=f"Närvaro – {long_day(s.past)}",
    )

    # Minutes: not started, a draft, approved, published, a draft of version 3 after two
    # published versions, each version's page, and the form for a new version.
    for name, meeting in (
        ("inte påbörjade", s.no_minutes),
        ("utkast", s.past),
        ("godkända", s.approved),
        ("publicerade", s.published),
        ("utkast till version 3", s.versions),
        ("inställt möte", s.cancelled),
    ):
        tour.visit(
            f"Minnesanteckningar: {name}",
            meeting_path(meeting, "minnesanteckningar/"),
            h1=f"Minnesanteckningar – {long_day(meeting)}",
        )
    for number in (1, 2, 3):
        tour.visit(
            f"Minnesanteckningar: version {number}",
            meeting_path(s.versions, f"minnesanteckningar/version/{number}/"),
            h1=f"Minnesanteckningar version {number} – {long_day(s.versions)}",
        )
    new_version_h1 = f"Ny version av minnesanteckningarna – {long_day(s.published)}"
    tour.visit(
        "Ny version",
        meeting_path(s.published, "minnesanteckningar/new_version/"),
        h1=new_version_h1,
    )
    tour.submit("Ny version: fel", "Skapa ny version", h1=new_version_h1)

    # Action items: new (empty, sent empty), edit, refused once the minutes are approved, and
    # an earlier meeting's item closed from last week's minutes.
    tour.visit("Ny åtgärd", meeting_path(s.past, "atgarder/ny/"), h1="Ny åtgärd")
    tour.submit("Ny åtgärd: fel", "Spara", h1="Ny åtgärd")
    tour.visit("Ändra åtgärd", f"/moten/atgarder/{s.own_action.pk}/andra/", h1="Ändra åtgärd")
    tour.visit(
        "Ny åtgärd: anteckningarna är godkända",
        meeting_path(s.approved, "atgarder/ny/"),
        status=409,
        h1="Ny åtgärd",
    )
    status_h1 = f"Status för åtgärden ”{s.fk_action.title}”"
    tour.visit(
        "Åtgärdens status",
        f"/moten/atgarder/{s.fk_action.pk}/status/?meeting={s.past.pk}",
        h1=status_h1,
    )
    main.get_by_label("Klar", exact=True).check()
    main.get_by_label(label("Avslutad den")).fill("")
    tour.submit("Åtgärdens status: fel", "Spara status", h1=status_h1)

    # Reports and the calendar.
    tour.visit("Tidsredovisning: sammankallande", "/moten/tid/", h1="Tidsredovisning")
    tour.visit("Tidsredovisning: fel", "/moten/tid/?year=abc&kind=x", h1="Tidsredovisning")
    tour.visit("Närvarorapport", "/moten/narvaro/", h1="Närvaro")
    tour.visit(
        "Närvarorapport: grupp", f"/moten/narvaro/?group={group.pk}", h1=f"Närvaro i {group.name}"
    )
    tour.visit(
        "Närvarorapport: fel",
        f"/moten/narvaro/?group={group.pk}&year=abc",
        h1=f"Närvaro i {group.name}",
    )
    tour.visit("Uppföljning: sammankallande", "/moten/uppfoljning/", status=403, h1=FORBIDDEN)
    tour.visit("Kalender", "/moten/kalender/", h1="Din kalender")
    tour.submit("Kalender: ny adress", "Skapa ny adress", h1="Din kalender")
    # The page that shows the new address must still let its forms be sent.
    submit_redirected("Kalender: avstängd", "Stäng av", "Din kalender")

    # --- A plain member: FK's representative. -------------------------------------------------
    switch_user(page, live_server, w.fk_user)
    tour.visit("Start: ledamot", "/start/", h1="Välkommen, Fredrik")
    tour.visit("Möten: ledamot", "/moten/", h1="Möten")
    tour.visit("Gruppens möten: ledamot", f"/moten/grupp/{group.pk}/", h1=group_h1)
    tour.visit("Möte: ledamot", meeting_path(s.upcoming), h1=stamp(s.upcoming))
    tour.visit("Dagordning: ledamot", meeting_path(s.upcoming, "dagordning/"), h1=agenda_h1)
    tour.visit(
        "Förhandsinformation: ledamot",
        meeting_path(s.upcoming, "forhandsinformation/"),
        h1=f"Förhandsinformation – {stamp(s.upcoming)}",
    )
    pre_read_h1 = f"Förhandsinformation från FK – {group.name}"
    tour.visit(
        "Förhandsinformation: ändra FK:s",
        meeting_path(s.upcoming, f"forhandsinformation/{w.fk.pk}/"),
        h1=pre_read_h1,
    )
    tour.visit(
        "Förhandsinformation: skriv FK:s",
        meeting_path(s.overlapping, f"forhandsinformation/{w.fk.pk}/"),
        h1=pre_read_h1,
    )
    tour.submit("Förhandsinformation: fel", "Skicka förhandsinformationen", h1=pre_read_h1)
    tour.visit(
        "Förhandsinformation: annan parts",
        meeting_path(s.upcoming, f"forhandsinformation/{w.af.pk}/"),
        status=403,
        h1=FORBIDDEN,
    )
    tour.visit(
        "Närvaro: ledamot", meeting_path(s.past, "narvaro/"), h1=f"Närvaro – {long_day(s.past)}"
    )
    for name, meeting in (("publicerade", s.published), ("opublicerade", s.past)):
        tour.visit(
            f"Minnesanteckningar: ledamot, {name}",
            meeting_path(meeting, "minnesanteckningar/"),
            h1=f"Minnesanteckningar – {long_day(meeting)}",
        )
    tour.visit(
        "Minnesanteckningar: ledamot, ersatt version",
        meeting_path(s.versions, "minnesanteckningar/version/1/"),
        h1=f"Minnesanteckningar version 1 – {long_day(s.versions)}",
    )
    tour.visit(
        "Minnesanteckningar: ledamot, utkast",
        meeting_path(s.versions, "minnesanteckningar/version/3/"),
        status=404,
        h1=NOT_FOUND,
    )
    tour.visit(
        "Åtgärdens status: egen",
        f"/moten/atgarder/{s.fk_action.pk}/status/",
        h1=status_h1,
    )
    tour.visit(
        "Åtgärdens status: annans",
        f"/moten/atgarder/{s.own_action.pk}/status/",
        status=403,
        h1=FORBIDDEN,
    )
    tour.visit("Tidsredovisning: ledamot", "/moten/tid/", h1="Tidsredovisning")
    tour.visit(
        "Närvarorapport: ledamot",
        f"/moten/narvaro/?group={group.pk}",
        h1=f"Närvaro i {group.name}",
    )
    tour.visit("Kalender: ledamot", "/moten/kalender/", h1="Din kalender")
    for name, path in (
        ("planera serie", series_path),
        ("ändra möte", meeting_path(s.upcoming, "andra/")),
        ("kallelse", meeting_path(s.upcoming, "kallelse/")),
        ("ändra punkt", f"/moten/dagordning/{s.item.pk}/andra/"),
        ("uppföljning", "/moten/uppfoljning/"),
    ):
        tour.visit(f"Nekad för ledamot: {name}", path, status=403, h1=FORBIDDEN)

    # --- Staff without a seat: no meetings, and the group is hidden. -------------------------
    w.reader.set_password(PASSWORD)
    w.reader.save(update_fields=["password"])
    switch_user(page, live_server, w.reader)
    tour.visit("Start: utan plats", "/start/", h1="Välkommen, Lars")
    tour.visit("Möten: utan plats", "/moten/", h1="Möten")
    tour.visit("Gruppens möten: utan plats", f"/moten/grupp/{group.pk}/", status=404, h1=NOT_FOUND)

    # --- The förbund's administrator: every group, all time accounts, the follow-up. ---------
    switch_user(page, live_server, w.admin)
    tour.visit("Start: kansli", "/start/", h1="Välkommen, Ada")
    tour.visit("Möten: kansli", "/moten/", h1="Möten")
    tour.visit("Tidsredovisning: kansli", "/moten/tid/", h1="Tidsredovisning")
    tour.visit("Tidsredovisning: kansli, Mysam", "/moten/tid/?kind=mysam", h1="Tidsredovisning")
    follow_up_h1 = "Uppföljning av organisationsförändringen 2022"
    tour.visit("Uppföljning", "/moten/uppfoljning/", h1=follow_up_h1)
    tour.visit(
        "Uppföljning: fel",
        "/moten/uppfoljning/?before_start=2021-06-30&before_end=2021-01-01&after_start=x",
        h1=follow_up_h1,
    )

    assert len(tour.visited) >= 90, f"only {len(tour.visited)} pages visited"
    assert not tour.problems, tour.report()
