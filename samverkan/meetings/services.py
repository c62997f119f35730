"""Operations on meetings that change several things at once or send mail.

Each function runs in one transaction. Access is checked by the caller (the view) through
`meetings.policy`; the rules that hold whoever calls (no information items where the rules forbid
them, published minutes are never edited in place) are enforced here.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from samverkan.meetings import action_items, ics, workdays
from samverkan.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarFeed,
    Meeting,
    MeetingDocument,
    MinuteEntry,
    Minutes,
    PreRead,
    PreReadAttachment,
    PreReadReminder,
)
from samverkan.structure.models import Membership, Party, Person

INFORMATION_ITEM_REFUSED = _(
    "Enligt beslutet som gäller för mötet har mötet inga informationspunkter. Parterna lämnar "
    "sin information som förhandsinformation före mötet."
)
AGENDA_OVERRUN = _(
    "Dagordningen tar %(total)d minuter men mötet är %(length)d minuter. Korta punkterna eller "
    "bekräfta att dagordningen får vara längre än mötet."
)
PUBLISHED_MINUTES_LOCKED = _(
    "Publicerade minnesanteckningar ändras inte. Skapa en ny version; den publicerade versionen "
    "finns kvar att läsa."
)
APPROVED_MINUTES_LOCKED = _(
    "Minnesanteckningarna är godkända. Återöppna dem som utkast för att ändra dem."
)
CANCELLED_MEETING = _("Mötet är inställt.")
MINUTES_PUBLISHED_RECORD_LOCKED = _(
    "Minnesanteckningarna är publicerade, så mötets tid, längd och närvaro ändras inte längre."
)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def absolute_url(path, request=None):
    """`path` at the address people reach the product at: `SITE_URL`, or, in development without
    an explicit `SITE_URL`, the address of the request being answered."""
    if request is not None and settings.SITE_URL_FROM_REQUEST:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path


# --- Agenda ------------------------------------------------------------------------------------


def check_agenda_item(item, *, confirm_overrun=False):
    """Refuse an information item where the rules forbid one, and an agenda longer than the
    meeting unless the user confirmed it. `item` is the unsaved (new or changed) item."""
    meeting = item.meeting
    if meeting.is_cancelled:
        raise ValidationError(CANCELLED_MEETING)
    if item.kind == AgendaItem.Kind.INFORMATION and not meeting.information_items_allowed:
        raise ValidationError({"kind": INFORMATION_ITEM_REFUSED})
    others = meeting.agenda_items.exclude(pk=item.pk)
    total = sum(other.minutes_allotted for other in others) + (item.minutes_allotted or 0)
    if total > meeting.duration_minutes and not confirm_overrun:
        # The code goes on the field's error: a dict's own code would be dropped.
        raise ValidationError(
            {
                "minutes_allotted": ValidationError(
                    AGENDA_OVERRUN,
                    code="overrun",
                    params={"total": total, "length": meeting.duration_minutes},
                )
            }
        )


def ensure_agenda_editable(meeting):
    if meeting.is_cancelled:
        raise ValidationError(CANCELLED_MEETING)
    if meeting.minutes_versions.filter(status=Minutes.Status.PUBLISHED).exists():
        raise ValidationError(
            _("Minnesanteckningarna är publicerade, så dagordningen kan inte längre ändras.")
        )


def move_agenda_item(item, step):
    """Move an item one place up (-1) or down (+1), renumbering the agenda."""
    with transaction.atomic():
        items = list(item.meeting.agenda_items.select_for_update().order_by("order", "pk"))
        index = next(i for i, other in enumerate(items) if other.pk == item.pk)
        target = index + step
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
        for order, other in enumerate(items, start=1):
            if other.order != order:
                AgendaItem.objects.filter(pk=other.pk).update(order=order)


# --- People expected at a meeting ----------------------------------------------------------------


def seats_on(meeting):
    """The memberships active on the meeting's day, with person and party."""
    return (
        Membership.objects.active_on(meeting.day)
        .filter(group=meeting.group_id)
        .select_related("person", "party")
        .order_by("party__order", "person__last_name", "person__first_name", "pk")
    )


def invitees(meeting):
    """Everyone with a seat on the meeting's day except co-opted members, who come when needed."""
    people = {}
    for seat in seats_on(meeting):
        if seat.role != Membership.Role.CO_OPTED:
            people.setdefault(seat.person_id, seat.person)
    if meeting.convener_id:
        people.setdefault(meeting.convener_id, meeting.convener)
    return list(people.values())


def represented_parties(meeting):
    """Parties with an ordinary seat on the meeting's day: those who send pre-reads."""
    party_ids = (
        Membership.objects.active_on(meeting.day)
        .filter(group=meeting.group_id, role__in=Membership.ORDINARY_ROLES, party__isnull=False)
        .values("party")
    )
    return Party.objects.filter(pk__in=party_ids).order_by("order", "name")


# --- Pre-reads ---------------------------------------------------------------------------------


def pre_read_status(meeting):
    """[(party, pre-read or None)] for every party expected to send one."""
    submitted = {pre_read.party_id: pre_read for pre_read in meeting.pre_reads.all()}
    rows = [(party, submitted.pop(party.pk, None)) for party in represented_parties(meeting)]
    # A party that sent one although it no longer sits in the group is still shown.
    rows.extend((pre_read.party, pre_read) for pre_read in submitted.values())
    return rows


def missing_parties(meeting):
    return [party for party, pre_read in pre_read_status(meeting) if pre_read is None]


def check_attachment(upload):
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("Filen %(name)s är större än 10 MB.") % {"name": upload.name}, code="too_large"
        )


def submit_pre_read(meeting, party, *, text, files=(), by):
    """Save a party's pre-read (first submission or a later addition) with its attachments."""
    if meeting.is_cancelled:
        raise ValidationError(CANCELLED_MEETING)
    if not text.strip() and not files and not meeting.pre_reads.filter(party=party).exists():
        raise ValidationError({"text": _("Skriv informationen eller bifoga minst en fil.")})
    for upload in files:
        check_attachment(upload)
    now = timezone.now()
    with transaction.atomic():
        pre_read, created = PreRead.objects.select_for_update().get_or_create(
            meeting=meeting,
            party=party,
            defaults={"text": text, "submitted_at": now, "updated_at": now, "submitted_by": by},
        )
        if not created:
            pre_read.text = text
            pre_read.updated_at = now
            pre_read.version += 1
            pre_read.save(update_fields=["text", "updated_at", "version"])
        for upload in files:
            PreReadAttachment.objects.create(
                pre_read=pre_read,
                file=upload,
                name=upload.name[:200],
                size=upload.size,
                content_type=getattr(upload, "content_type", "") or "application/octet-stream",
                uploaded_by=by,
            )
    return pre_read


DOCUMENT_ATTACHED_MEANWHILE = _(
    "Samma rapport bifogades just av någon annan. Ladda om sidan och försök igen om det behövs."
)
PAST_MEETING_DOCUMENT = _(
    "Mötet har redan börjat. Dokument bifogas förhandsinformationen före mötet."
)


def attach_document(meeting, *, title, content, by):
    """Attach a PDF (`content`, bytes) for everyone at the meeting, in its pre-read pack after
    the parties' pre-reads; one attached before under the same title is replaced."""
    if meeting.is_cancelled:
        raise ValidationError(CANCELLED_MEETING)
    if meeting.is_past:
        raise ValidationError(PAST_MEETING_DOCUMENT)
    saved = None
    try:
        with transaction.atomic():
            document = (
                MeetingDocument.objects.select_for_update()
                .filter(meeting=meeting, title=title)
                .first()
            )
            replaced = document.file.name if document is not None else None
            if document is None:
                document = MeetingDocument(meeting=meeting, title=title)
            document.size = len(content)
            document.added_by = by
            document.added_at = timezone.now()
            document.file.save("report.pdf", ContentFile(content), save=False)
            saved = document.file.name
            document.save()
            if replaced:
                storage = document.file.storage
                transaction.on_commit(lambda: storage.delete(replaced))
    except IntegrityError as clash:
        # Attached at the same moment by someone else: theirs stands.
        if saved:
            MeetingDocument.file.field.storage.delete(saved)
        raise ValidationError(DOCUMENT_ATTACHED_MEANWHILE) from clash
    except Exception:
        if saved:
            MeetingDocument.file.field.storage.delete(saved)
        raise
    return document


def delete_document(document):
    """Remove a document from the meeting and its pack; the file goes once that is saved."""
    name, storage = document.file.name, document.file.storage
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))


def _members_of(meeting, party):
    return [
        seat.person
        for seat in seats_on(meeting).filter(party=party, role__in=Membership.ORDINARY_ROLES)
        if seat.person.email
    ]


def send_pre_read_reminders(meeting, *, by=None, parties=None, request=None):
    """E-mail the members of every party that has not sent its pre-read. Returns the reminders.

    `request`, when sent while answering one, is only for the links' address (`absolute_url`).
    """
    if meeting.is_cancelled:
        raise ValidationError(CANCELLED_MEETING)
    url = absolute_url(reverse("meetings:pre_reads", args=[meeting.pk]), request)
    sent = []
    for party in parties if parties is not None else missing_parties(meeting):
        people = _members_of(meeting, party)
        with translation.override("sv"):
            subject = str(
                _("Påminnelse: förhandsinformation till %(group)s") % {"group": meeting.group.name}
            )
            body = render_to_string(
                "meetings/email/pre_read_reminder.txt",
                {"meeting": meeting, "party": party, "url": url},
            )
        if people:
            EmailMessage(subject, body, to=[person.email for person in people]).send()
        sent.append(
            PreReadReminder.objects.create(
                meeting=meeting, party=party, sent_by=by, recipients=len(people)
            )
        )
    return sent


def due_reminders(today, *, working_days_ahead=2):
    """Automatic reminders for `today`: meetings whose deadline is within the next working days,
    to parties still missing that have not had an automatic reminder for the meeting."""
    horizon = today
    for _step in range(working_days_ahead):
        horizon = workdays.next_working_day(horizon + datetime.timedelta(days=1))
    meetings = (
        Meeting.objects.filter(
            status=Meeting.Status.SCHEDULED,
            pre_read_deadline__gte=today,
            pre_read_deadline__lte=horizon,
        )
        .select_related("group")
        .order_by("starts_at")
    )
    due = []
    for meeting in meetings:
        if not meeting.pre_reads_required:
            continue
        reminded = set(
            meeting.reminders.filter(sent_by__isnull=True).values_list("party_id", flat=True)
        )
        parties = [party for party in missing_parties(meeting) if party.pk not in reminded]
        if parties:
            due.append((meeting, parties))
    return due


# --- Invitations and calendars -----------------------------------------------------------------


def _calendar_attachment(message, content, method):
    message.attach("mote.ics", content, f"text/calendar; charset=utf-8; method={method}")


def invitation_subject(meeting):
    """The invitation's subject line, in the active language: a changed one after the first."""
    if meeting.invited_at is not None:
        return _("Ändrad kallelse: %(group)s") % {"group": meeting.group.name}
    return _("Kallelse: %(group)s") % {"group": meeting.group.name}


def send_invitation(meeting, *, by, pack=None, request=None):
    """E-mail the invitation with its calendar entry, and the pre-read pack when there is one.

    Sending again after a change is an update: same UID, the current sequence. `request`, when
    sent while answering one, is only for the links' address (`absolute_url`).
    """
    if meeting.is_cancelled:
        raise ValidationError(CANCELLED_MEETING)
    people = [person for person in invitees(meeting) if person.email]
    if not people:
        raise ValidationError(_("Ingen i gruppen har en e-postadress att skicka kallelsen till."))
    url = absolute_url(meeting.get_absolute_url(), request)
    is_update = meeting.invited_at is not None
    with translation.override("sv"):
        subject = str(invitation_subject(meeting))
        body = render_to_string(
            "meetings/email/invitation.txt",
            {
                "meeting": meeting,
                "url": url,
                "is_update": is_update,
                "agenda": meeting.agenda_items.all(),
            },
        )
        content = ics.meeting_invitation(meeting, people, url=url)
    message = EmailMessage(subject, body, to=[person.email for person in people])
    _calendar_attachment(message, content, ics.REQUEST)
    if pack is not None:
        message.attach("forhandsinformation.pdf", pack, "application/pdf")
    message.send()
    Meeting.objects.filter(pk=meeting.pk).update(invited_at=timezone.now())
    meeting.invited_at = timezone.now()
    return people


def send_update(meeting, *, request=None):
    """Tell calendars about a changed time or place, if an invitation went out."""
    if meeting.invited_at is None:
        return []
    return send_invitation(meeting, by=None, request=request)


def cancel_meeting(meeting, *, reason, by, request=None):
    """Cancel the meeting; calendars that had the invitation get a cancellation."""
    with transaction.atomic():
        # Decide on the stored state, not on a possibly stale object: whether an invitation went
        # out decides whether calendars must be told.
        stored = Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting.status, meeting.invited_at = stored.status, stored.invited_at
        meeting.sequence, meeting.version = stored.sequence, stored.version
        if meeting.is_cancelled:
            raise ValidationError(CANCELLED_MEETING)
        if meeting.minutes_versions.exists() or meeting.attendances.exists():
            raise ValidationError(
                _("Mötet har närvaro eller minnesanteckningar och kan inte ställas in.")
            )
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancelled_at = timezone.now()
        meeting.cancel_reason = reason
        meeting.sequence += 1
        meeting.version += 1
        meeting.save()
        if meeting.invited_at is not None:
            people = [person for person in invitees(meeting) if person.email]
            url = absolute_url(meeting.get_absolute_url(), request)
            with translation.override("sv"):
                subject = str(_("Inställt: %(group)s") % {"group": meeting.group.name})
                body = render_to_string(
                    "meetings/email/cancellation.txt",
                    {"meeting": meeting, "url": url, "reason": reason},
                )
                content = ics.meeting_cancellation(meeting, people, url=url)
            if people:
                message = EmailMessage(subject, body, to=[person.email for person in people])
                _calendar_attachment(message, content, ics.CANCEL)
                transaction.on_commit(message.send)
    return meeting


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def create_calendar_feed(user):
    """A new personal feed; any earlier one stops working. Returns the secret token, shown once."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        CalendarFeed.objects.create(user=user, token_hash=_hash(token))
    return token


def revoke_calendar_feed(user):
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def calendar_feed_for(token):
    """The active feed for `token`, or None."""
    feed = (
        CalendarFeed.objects.filter(token_hash=_hash(token), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())
    return feed


def feed_meetings(user, *, days_back=90):
    """Meetings in groups where the user's person has a seat on the meeting's day."""
    person = getattr(user, "person", None)
    if person is None:
        return Meeting.objects.none()
    since = timezone.now() - datetime.timedelta(days=days_back)
    candidates = (
        Meeting.objects.filter(group__memberships__person=person, starts_at__gte=since)
        .select_related("group", "convener")
        .distinct()
        .order_by("starts_at")
    )
    seats = list(Membership.objects.filter(person=person))
    return [
        meeting
        for meeting in candidates
        if any(
            seat.group_id == meeting.group_id and seat.is_active_on(meeting.day) for seat in seats
        )
    ]


# --- Attendance --------------------------------------------------------------------------------


def check_attendance(meeting, person, capacity, *, seats=None):
    """A person without a seat on the meeting's day is recorded only as a guest.

    `seats` ({person id: seat}, from `seats_on`) saves a query per person when checking many.
    """
    if seats is None:
        seat = seats_on(meeting).filter(person=person).first()
    else:
        seat = seats.get(person.pk)
    if seat is None and capacity != Attendance.Capacity.GUEST:
        raise ValidationError(
            _(
                "%(person)s sitter inte i gruppen den dagen. Markera personen som gäst för att "
                "registrera närvaron."
            )
            % {"person": person.full_name}
        )
    return seat


def capacity_of(seat):
    if seat is None:
        return Attendance.Capacity.GUEST
    if seat.role == Membership.Role.CO_OPTED:
        return Attendance.Capacity.CO_OPTED
    # A seat for no party is the förbund's guest, unless it is the coordinator's convening one.
    if seat.role == Membership.Role.GUEST or (
        seat.party_id is None and seat.role not in Membership.CONVENING_ROLES
    ):
        return Attendance.Capacity.GUEST
    return Attendance.Capacity.MEMBER


def ensure_attendance_open(meeting):
    """Attendance is recorded once the meeting has begun, and never for a cancelled one."""
    if meeting.is_cancelled:
        raise ValidationError(CANCELLED_MEETING)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Närvaro registreras när mötet har börjat."))
    if meeting.minutes_versions.filter(status=Minutes.Status.PUBLISHED).exists():
        raise ValidationError(MINUTES_PUBLISHED_RECORD_LOCKED)


def record_attendance(meeting, rows, *, by):
    """Save attendance rows [(person, status, substitute, capacity)] and mark the meeting held.

    Every row is checked before anything is saved, so one bad row changes nothing.
    """
    ensure_attendance_open(meeting)
    prepared = []
    seats = {}
    for seat in seats_on(meeting):
        seats.setdefault(seat.person_id, seat)
    for person, status, substitute, capacity in rows:
        seat = check_attendance(meeting, person, capacity, seats=seats)
        attendance = Attendance(
            meeting=meeting,
            person=person,
            party=seat.party if seat is not None else person.party,
            status=status,
            substitute=substitute if status == Attendance.Status.SUBSTITUTE else None,
            capacity=capacity if seat is None else capacity_of(seat),
            recorded_by=by,
        )
        attendance.clean()
        prepared.append(attendance)
    with transaction.atomic():
        for attendance in prepared:
            Attendance.objects.update_or_create(
                meeting=meeting,
                person=attendance.person,
                defaults={
                    "party": attendance.party,
                    "status": attendance.status,
                    "substitute": attendance.substitute,
                    "capacity": attendance.capacity,
                    "recorded_by": by,
                    "recorded_at": timezone.now(),
                },
            )
        if meeting.status == Meeting.Status.SCHEDULED:
            Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
            meeting.status = Meeting.Status.HELD
    return prepared


# --- Minutes and action items --------------------------------------------------------------------


def start_minutes(meeting, *, by):
    """The first draft: one entry per agenda item, open action items carried to follow-up."""
    if meeting.is_cancelled:
        raise ValidationError(CANCELLED_MEETING)
    existing = meeting.current_minutes()
    if existing is not None:
        return existing
    with transaction.atomic():
        minutes = Minutes.objects.create(meeting=meeting, number=1, written_by=by)
        for order, item in enumerate(meeting.agenda_items.all(), start=1):
            MinuteEntry.objects.create(
                minutes=minutes, agenda_item=item, title=item.title, order=order
            )
    return minutes


def add_missing_entries(minutes):
    """Give agenda items added after the minutes were started an entry, while still a draft."""
    if not minutes.is_draft:
        return 0
    covered = set(minutes.entries.values_list("agenda_item_id", flat=True))
    missing = [item for item in minutes.meeting.agenda_items.all() if item.pk not in covered]
    last = minutes.entries.aggregate(n=Max("order"))["n"] or 0
    MinuteEntry.objects.bulk_create(
        MinuteEntry(minutes=minutes, agenda_item=item, title=item.title, order=last + index)
        for index, item in enumerate(missing, start=1)
    )
    return len(missing)


def ensure_editable(minutes):
    if minutes.is_published:
        raise ValidationError(PUBLISHED_MINUTES_LOCKED, code="published")
    if minutes.status == Minutes.Status.APPROVED:
        raise ValidationError(APPROVED_MINUTES_LOCKED, code="approved")


def approve_minutes(minutes, *, by):
    ensure_editable(minutes)
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_by = by
    minutes.approved_at = timezone.now()
    minutes.version += 1
    minutes.save()
    return minutes


def reopen_minutes(minutes):
    if minutes.status != Minutes.Status.APPROVED:
        raise ValidationError(_("Bara godkända, opublicerade minnesanteckningar kan återöppnas."))
    minutes.status = Minutes.Status.DRAFT
    minutes.approved_by = None
    minutes.approved_at = None
    minutes.version += 1
    minutes.save()
    return minutes


def publish_minutes(minutes, *, by):
    """Publish approved minutes: they become readable by the group and never change again."""
    if minutes.status != Minutes.Status.APPROVED:
        raise ValidationError(_("Minnesanteckningarna måste godkännas innan de publiceras."))
    with transaction.atomic():
        minutes.status = Minutes.Status.PUBLISHED
        minutes.published_by = by
        minutes.published_at = timezone.now()
        minutes.action_items_snapshot = action_items.snapshot(minutes.meeting)
        minutes.version += 1
        minutes.save()
    return minutes


def new_minutes_version(minutes, *, by, change_note):
    """A change after publishing: a new draft copying the published text; the old one stays."""
    if not minutes.is_published:
        raise ValidationError(_("Bara publicerade minnesanteckningar får en ny version."))
    if not change_note.strip():
        raise ValidationError({"change_note": _("Skriv kort vad som ska ändras och varför.")})
    meeting = minutes.meeting
    with transaction.atomic():
        if meeting.minutes_versions.exclude(status=Minutes.Status.PUBLISHED).exists():
            raise ValidationError(_("Det finns redan en ny version under arbete."))
        # Whichever published version it was asked from, the change builds on the latest one.
        minutes = meeting.published_minutes()
        number = (meeting.minutes_versions.aggregate(n=Max("number"))["n"] or 0) + 1
        draft = Minutes.objects.create(
            meeting=meeting,
            number=number,
            written_by=by,
            other_notes=minutes.other_notes,
            change_note=change_note.strip(),
        )
        MinuteEntry.objects.bulk_create(
            MinuteEntry(
                minutes=draft,
                agenda_item=entry.agenda_item,
                title=entry.title,
                order=entry.order,
                notes=entry.notes,
                decision=entry.decision,
            )
            for entry in minutes.entries.all()
        )
    return draft


def minutes_editable_for_action_items(meeting):
    """Action items are decided in the minutes: they change while a version is being written."""
    current = meeting.current_minutes()
    return current is not None and current.is_draft


def close_action_item(item, *, status, on, note="", at_meeting=None):
    """Mark an action item done or dropped (or reopen it with status open)."""
    if status == ActionItem.Status.OPEN:
        item.status = status
        item.closed_on = None
        item.closed_at_meeting = None
    else:
        if on is None:
            raise ValidationError({"closed_on": _("Ange när åtgärden avslutades.")})
        if on < item.meeting.day:
            raise ValidationError({"closed_on": _("Datumet kan inte ligga före mötet.")})
        if at_meeting is not None and (
            at_meeting.group_id != item.meeting.group_id
            or at_meeting.starts_at <= item.meeting.starts_at
        ):
            raise ValidationError(_("Åtgärden kan bara avslutas på ett senare möte i samma grupp."))
        item.status = status
        item.closed_on = on
        item.closed_at_meeting = at_meeting
    item.status_note = note
    item.version += 1
    item.save()
    return item


def people_for_choices(meeting):
    """People to pick as responsible, owner or substitute: the förbund's staff."""
    return Person.objects.filter(federation=meeting.group.federation_id).order_by(
        "last_name", "first_name"
    )
