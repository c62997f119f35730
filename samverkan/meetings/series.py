"""Meetings from the rules: a year's series, a single meeting, its default agenda.

Every meeting takes the rules in force on its own date (`structure.rules.rules_in_force`), so
a series across the 2016 → 2022 reorganisation gets the old rules before the change and the new
ones after it.
"""

import dataclasses
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from samverkan.meetings import workdays
from samverkan.meetings.models import AgendaItem, Meeting
from samverkan.structure.models import GroupRule, Membership
from samverkan.structure.rules import rules_in_force

DEFAULT_PRE_READ_WORKING_DAYS = 5
STANDING_ITEM_MINUTES = 10
NEWS_SLOT_MINUTES = 10


def rules_for(group, day):
    return rules_in_force(group.federation, group.kind, day)


def default_deadline(day, ruleset):
    """The last day for pre-reads: the rules' number of working days before (default five)."""
    days = ruleset.pre_read_working_days or DEFAULT_PRE_READ_WORKING_DAYS
    return workdays.working_days_before(day, days)


def convener_on(group, day, ruleset):
    """The person who convenes on `day`: a convening seat, of the named party if the rules say."""
    seats = (
        Membership.objects.active_on(day)
        .filter(group=group, role__in=Membership.CONVENING_ROLES)
        .select_related("person")
        .order_by("valid_from", "pk")
    )
    if ruleset.convener == GroupRule.Responsible.PARTY and ruleset.responsible_party:
        named = [seat for seat in seats if seat.party_id == ruleset.responsible_party.pk]
        if named:
            return named[0].person
    if ruleset.convener == GroupRule.Responsible.COORDINATOR:
        # The coordinator is the förbund's: a convener seat that represents no party.
        coordinators = [
            seat
            for seat in seats
            if seat.role == Membership.Role.CONVENER and seat.party_id is None
        ]
        if coordinators:
            return coordinators[0].person
    if ruleset.convener == GroupRule.Responsible.REHAB_COORDINATOR:
        coordinators = [seat for seat in seats if seat.role == Membership.Role.REHAB_COORDINATOR]
        if coordinators:
            return coordinators[0].person
    first = seats.first()
    return first.person if first else None


def apply_rules(meeting, ruleset, *, keep_length=False):
    """Copy the rules in force on the meeting's date onto the meeting."""
    meeting.rules_day = meeting.day
    meeting.information_items_allowed = ruleset.information_items_allowed is not False
    meeting.pre_reads_required = bool(ruleset.pre_reads_required)
    meeting.preparation_factor = ruleset.preparation_factor
    meeting.news_slot = bool(ruleset.federation_news_slot)
    if not keep_length and ruleset.meeting_minutes:
        meeting.duration_minutes = ruleset.meeting_minutes


@dataclasses.dataclass
class PlannedMeeting:
    """One meeting a series would create, with the rules that decide it."""

    starts_at: datetime.datetime
    duration_minutes: int
    convener: object
    ruleset: object
    length_from_rules: bool
    existing: Meeting | None = None

    @property
    def day(self):
        return timezone.localtime(self.starts_at).date()


@dataclasses.dataclass
class PreviewRow:
    """A planned meeting as the series page shows it, with the meetings its time overlaps."""

    planned: PlannedMeeting
    overlaps: list

    @property
    def ends_at(self):
        return self.planned.starts_at + datetime.timedelta(minutes=self.planned.duration_minutes)


def preview(group, planned):
    """The planned meetings, each new one with the group's meetings its time would overlap."""
    if not planned:
        return []
    first = min(slot.starts_at for slot in planned) - datetime.timedelta(days=1)
    last = max(slot.starts_at for slot in planned) + datetime.timedelta(days=1)
    others = list(
        Meeting.objects.not_cancelled().filter(
            group=group, starts_at__gte=first, starts_at__lte=last
        )
    )
    rows = []
    for slot in planned:
        row = PreviewRow(planned=slot, overlaps=[])
        if slot.existing is None:
            row.overlaps = [
                other
                for other in others
                if other.starts_at < row.ends_at and other.ends_at > slot.starts_at
            ]
        rows.append(row)
    return rows


def _slot_day(year, period, count, weekday):
    """The chosen weekday nearest the middle of the period, moved to a working day."""
    first_month = 1 + (12 * period) // count
    last_month = (12 * (period + 1)) // count
    middle_month = (first_month + last_month) // 2
    if middle_month == 7:  # Swedish summer holidays: August or June, if within the period
        if last_month >= 8:
            middle_month = 8
        elif first_month <= 6:
            middle_month = 6
    day = datetime.date(year, middle_month, 15)
    day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
    while not workdays.is_working_day(day):
        day += datetime.timedelta(days=7)
    return day


def plan_series(group, year, *, weekday, start_time, default_minutes):
    """The meetings the rules call for in `year`: one per period, where the rules are in force.

    The count is the rules' meetings per year; each slot takes its length and convener from the
    rules on its own date, falling back to `default_minutes` where no decision states a length.
    Slots where the group already has a meeting in that period are marked `existing`.
    """
    jan_first = datetime.date(year, 1, 1)
    probe_days = [jan_first, *(datetime.date(year, month, 1) for month in range(2, 13))]
    count = None
    for day in probe_days:
        ruleset = rules_for(group, day)
        if ruleset.meetings_per_year:
            count = ruleset.meetings_per_year
            break
    if not count:
        raise ValidationError(
            _("Inget beslut anger hur många möten gruppen ska ha under %(year)d.") % {"year": year}
        )
    existing = list(
        Meeting.objects.not_cancelled()
        .filter(group=group, starts_at__year=year)
        .order_by("starts_at")
    )
    planned = []
    for period in range(count):
        day = _slot_day(year, period, count, weekday)
        if not group.is_active_on(day):
            continue
        ruleset = rules_for(group, day)
        if ruleset.is_empty or not ruleset.meetings_per_year:
            continue
        first_month = 1 + (12 * period) // count
        last_month = (12 * (period + 1)) // count
        in_period = [
            meeting
            for meeting in existing
            if first_month <= timezone.localtime(meeting.starts_at).month <= last_month
        ]
        starts_at = timezone.make_aware(datetime.datetime.combine(day, start_time))
        planned.append(
            PlannedMeeting(
                starts_at=starts_at,
                duration_minutes=ruleset.meeting_minutes or default_minutes,
                convener=convener_on(group, day, ruleset),
                ruleset=ruleset,
                length_from_rules=bool(ruleset.meeting_minutes),
                existing=in_period[0] if in_period else None,
            )
        )
    return planned


def create_meeting(
    group,
    starts_at,
    *,
    duration_minutes=None,
    location="",
    convener=None,
    by=None,
    is_demo=False,
    ruleset=None,
):
    """A new meeting with the rules of its date, its pre-read deadline and standing items.

    `ruleset` may pass the rules already looked up for that day (as a planned series has them).
    """
    day = timezone.localtime(starts_at).date()
    if ruleset is None or ruleset.day != day:
        ruleset = rules_for(group, day)
    meeting = Meeting(
        group=group,
        starts_at=starts_at,
        duration_minutes=duration_minutes or ruleset.meeting_minutes or 0,
        location=location,
        convener=convener if convener is not None else convener_on(group, day, ruleset),
        created_by=by,
        is_demo=is_demo,
    )
    apply_rules(meeting, ruleset, keep_length=duration_minutes is not None)
    if not meeting.duration_minutes:
        raise ValidationError(
            {"duration_minutes": _("Inget beslut anger mötets längd. Ange längden i minuter.")}
        )
    meeting.pre_read_deadline = default_deadline(day, ruleset)
    meeting.full_clean()
    with transaction.atomic():
        meeting.save()
        meeting.decisions.set(ruleset.decisions)
        add_standing_items(meeting, ruleset)
    return meeting


def create_series(group, planned, *, location="", by=None, is_demo=False):
    """Create the planned meetings that do not exist yet, in one transaction."""
    created = []
    with transaction.atomic():
        for slot in planned:
            if slot.existing is not None:
                continue
            created.append(
                create_meeting(
                    group,
                    slot.starts_at,
                    duration_minutes=slot.duration_minutes,
                    location=location,
                    convener=slot.convener,
                    by=by,
                    is_demo=is_demo,
                    ruleset=slot.ruleset,
                )
            )
    return created


def add_standing_items(meeting, ruleset):
    """Put the rules' standing items on the agenda, and the förbund's time-boxed news slot."""
    order = meeting.agenda_items.count()
    has_news_item = False
    for standing in ruleset.standing_items:
        order += 1
        # Every standing item's kind is an agenda item's kind too (`AgendaItem.Kind`).
        kind = standing.kind
        has_news_item = has_news_item or kind == AgendaItem.Kind.FEDERATION_NEWS
        AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            title=standing.title,
            kind=kind,
            minutes_allotted=NEWS_SLOT_MINUTES
            if kind == AgendaItem.Kind.FEDERATION_NEWS
            else STANDING_ITEM_MINUTES,
            standing_item=standing,
        )
    if meeting.news_slot and not has_news_item:
        # Stored text: in the site's language, whatever language the user who planned it reads.
        with translation.override(settings.LANGUAGE_CODE):
            title = str(_("Förbundets nyheter"))
        AgendaItem.objects.create(
            meeting=meeting,
            order=order + 1,
            title=title,
            kind=AgendaItem.Kind.FEDERATION_NEWS,
            minutes_allotted=NEWS_SLOT_MINUTES,
        )


def after_edit(meeting, *, previous_day, time_or_place_changed):
    """After a meeting's date, time or place was edited and saved: take the rules of its new
    date, and raise the calendar sequence so calendars replace the old entry."""
    if meeting.day != previous_day:
        ruleset = rules_for(meeting.group, meeting.day)
        apply_rules(meeting, ruleset, keep_length=True)
        meeting.decisions.set(ruleset.decisions)
        # A deadline left at the default for the old date moves with the meeting; one chosen
        # by hand stays as chosen.
        old_default = default_deadline(previous_day, rules_for(meeting.group, previous_day))
        if meeting.pre_read_deadline == old_default:
            meeting.pre_read_deadline = default_deadline(meeting.day, ruleset)
    if time_or_place_changed:
        meeting.sequence += 1
    meeting.save(
        update_fields=[
            "rules_day",
            "information_items_allowed",
            "pre_reads_required",
            "preparation_factor",
            "news_slot",
            "pre_read_deadline",
            "sequence",
        ]
    )
