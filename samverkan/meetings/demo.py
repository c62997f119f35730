"""Demo meetings: a year and more of Mysam meetings for every municipality, and Trisam team
meetings where the demo cases are, so every meetings page has something real to show.

Meetings are made through `meetings.series` and `meetings.services` as in real use, so they
carry the rules of their dates (the 2016 structure before 2022, the 2022 reorganisation after):
length, deadline, standing items, whether pre-reads are required. Attendance and minutes go
through the services too; only what must lie in the past (when a pre-read was sent, when the
minutes were published) is dated afterwards. No e-mail is sent.

Dates count from `today`: the meetings of the previous, the current and the first months of
the next year, so there are meetings held, minuted and still to come. Every meeting made here is
marked `is_demo`. A slot where the group already has a meeting (of any status, at the same
time, or any meeting in the same period of the year) is left alone, so loading twice creates
nothing. The meetings need the structure demo (`structure.demo`): its Mysam groups, Trisam
teams and people.
"""

import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.meetings import series, services, workdays
from samverkan.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    MinuteEntry,
    Minutes,
    PreRead,
)
from samverkan.structure.demo import MUNICIPALITIES, DemoDataError
from samverkan.structure.models import Group, GroupKind, Membership, Party, Person

D = datetime.date
T = datetime.time
Kind = AgendaItem.Kind
PRESENT, ABSENT, SUBSTITUTE = (
    Attendance.Status.PRESENT,
    Attendance.Status.ABSENT,
    Attendance.Status.SUBSTITUTE,
)

# ---------------------------------------------------------------------------------------------
# The demo content.
# ---------------------------------------------------------------------------------------------

# Each Mysam group meets on its own weekday and time (Monday = 0), in its kommunhus.
MYSAM_SLOTS = [(1, T(9, 0)), (2, T(13, 0)), (3, T(9, 30)), (0, T(13, 30)), (2, T(9, 0))]
MYSAM_LOCATION = "{} kommunhus"
# The 2016 decision states no meeting length: before 2022 the groups met for two hours.
MINUTES_BEFORE_2022 = 120
# Earlier years for two groups, so the follow-up of the 2022 reorganisation has meetings under
# the 2016 rules (2021) and under the new ones (2022) to compare.
HISTORY_YEARS = {"Bollnäs": (2021, 2022), "Sandviken": (2021, 2022)}
# A year with this many meetings is complete (both decisions say four a year).
FULL_YEAR = 4
# Next year's meetings are planned this far ahead.
PLANNING_HORIZON_DAYS = 150
# A group with no meeting to prepare for (pre-read deadline not passed) within this many days
# gets an extra one in a few weeks, so the AF member `mysam` owes a pre-read for it.
EXTRA_MEETING_TOWNS = ("Gävle",)
EXTRA_MEETING_WITHIN_DAYS = 35
EXTRA_MEETING_IN_DAYS = 21
# One meeting of the previous year was cancelled: (town, its number in the year, reason).
CANCELLED = (
    "Ockelbo",
    2,
    "För få parter kunde delta. Punkterna tas upp på nästa möte.",
)
# The group where the AF member owns an overdue action and an open one.
AF_OWNER_TOWN = "Gävle"
# The group whose latest meeting still has its minutes in draft (the coordinator's).
DRAFT_MINUTES_TOWN = "Sandviken"
# The group whose second-latest meeting has minutes in a second version.
SECOND_VERSION_TOWN = "Gävle"
SECOND_VERSION_NOTE = "Beslutet saknade hur länge det gäller; det är nu tillagt."
SECOND_VERSION_ADDITION = "Beslutet gäller i två år."
# Minutes are written within this many days; a later meeting may have none yet.
MINUTES_PENDING_DAYS = 21

# Trisam teams that meet every other week: (team, weekday, start, minutes, location). The
# demo cases are in these teams, and the `handlaggare` and `rehabkoordinator` accounts.
TRISAM_TEAMS = [
    ("Trisam Bollnäs hälsocentral", 1, T(13, 0), 90, "Bollnäs hälsocentral, konferensrummet"),
    ("Trisam Arbrå hälsocentral", 3, T(9, 0), 75, "Arbrå hälsocentral, personalrummet"),
    ("Trisam Södertull hälsocentral", 2, T(14, 0), 60, "Södertull hälsocentral, rum 2"),
]
# Fortnightly from this Monday, so a team's dates are the same whenever the demo is loaded.
TRISAM_ANCHOR = D(2024, 1, 1)
TRISAM_DAYS_BACK = 91
TRISAM_DAYS_AHEAD = 35
TRISAM_ITEMS = [
    ("Nya ärenden", Kind.DIALOGUE, 40, "Aktualiserade ärenden gås igenom. Behövs SIP eller GK?"),
    ("Uppföljning av pågående ärenden", Kind.FOLLOW_UP, 20, ""),
]

# Agenda items beside the standing ones: one follow-up, one decision (in turn), and where the
# rules of the day allow information items (before 2022) the parties' information.
FOLLOW_UP_ITEM = ("Uppföljning av åtgärder", 15)
INFORMATION_ITEM = ("Information från parterna", 25)
DECISION_ITEMS = [
    (
        "Ansökan om samverkansmedel för handläggartid i Trisam",
        "Koordinatorns underlag för ansökan till förbundet gicks igenom.",
        "Gruppen ställer sig bakom ansökan, som lämnas till förbundet.",
    ),
    (
        "Gemensam utbildningsdag för förstalinjens chefer",
        "Förslag till program och datum presenterades.",
        "Utbildningsdagen hålls under hösten. Koordinatorn skickar inbjudan.",
    ),
    (
        "Prioriterade målgrupper i den lokala överenskommelsen",
        "Parterna redovisade vilka grupper de ser störst behov hos.",
        "Unga utanför arbete och studier och personer med psykisk ohälsa prioriteras.",
    ),
    (
        "Rutin för att aktualisera ärenden i Trisam",
        "Rutinen har prövats i två team sedan förra mötet.",
        "Rutinen antas och skickas till enheterna.",
    ),
]
DECISION_MINUTES = 20
ENTRY_NOTES = {
    "Erfarenheter från Trisam": "Teamen har tagit upp nya ärenden sedan förra mötet. Väntetiden "
    "till första teammötet är omkring tre veckor.",
    "Erfarenheter från genomförda SIP:ar": "Två SIP:ar har hållits. Personerna upplevde att de "
    "fick vara med och bestämma.",
    "Arbetsintegrerande sociala företag (ASF)": "Ett socialt företag i kommunen kan ta emot två "
    "personer för arbetsträning under våren.",
    "Lokal överenskommelse (LÖK)": "Utkastet till ny överenskommelse diskuterades. Synpunkter "
    "lämnas till koordinatorn.",
    "Förbundets nyheter": "Förbundsutvecklaren berättade om förbundets utlysning av "
    "samverkansmedel och om kommande utbildningsdagar.",
    FOLLOW_UP_ITEM[0]: "Åtgärderna från förra mötet gicks igenom; se åtgärdslistan.",
    INFORMATION_ITEM[0]: "Parterna informerade om förändringar i sina verksamheter.",
}
ACTIONS = [
    "Ta fram statistik över aktualiserade ärenden i Trisam",
    "Bjuda in vuxenpsykiatrin till nästa möte",
    "Sammanställa erfarenheter från genomförda SIP:ar",
    "Kontakta sociala företag om platser för arbetsträning",
    "Skicka rutinen för aktualisering till enheterna",
    "Föreslå ändringar i den lokala överenskommelsen",
]
DROPPED_NOTE = "Inte längre aktuellt; frågan hanteras av Länsledning Välfärd."
# What each party writes before a meeting, by party code or kind.
PRE_READS = {
    "fk": "Antalet sjukskrivna i kommunen är i stort sett oförändrat sedan förra kvartalet. "
    "Avstämningsmöten erbjuds nu även digitalt.",
    "af": "Fler arbetssökande med nedsatt arbetsförmåga är inskrivna. Två nya platser i "
    "rustande program öppnar nästa månad.",
    Party.Kind.REGION: "Hälsocentralerna har rehabkoordinator på plats. Väntetiden till "
    "samtalsbehandling har kortats.",
    Party.Kind.MUNICIPALITY: "Försörjningsstödet har minskat något. Arbetsmarknadsenheten har "
    "startat en ny grupp för unga vuxna.",
}


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


@dataclasses.dataclass
class DemoMeetingsSummary:
    created: int
    total: int


def demo_meetings(federation):
    return Meeting.objects.filter(is_demo=True, group__federation=federation)


def load_demo_meetings(federation, today=None):
    """Add the demo meetings to `federation` in one transaction; loading twice adds nothing.

    `today` (default: today) is the day the demo's schedule counts from; the services still
    date what they record themselves. Raises `DemoDataError` when the structure demo's groups
    are missing.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        builder = _MeetingBuilder(federation, today)
        builder.build()
    return DemoMeetingsSummary(created=builder.created, total=demo_meetings(federation).count())


def at(day, start):
    return timezone.make_aware(datetime.datetime.combine(day, start))


def _party_key(party):
    return party.code if party.code in PRE_READS else party.kind


class _MeetingBuilder:
    def __init__(self, federation, today):
        self.federation = federation
        self.today = today
        self.now = timezone.now()
        self.created = 0
        self.users = {}
        # Substitutes are other staff of the same party.
        self.staff = {}
        for person in Person.objects.filter(federation=federation, is_demo=True).order_by("pk"):
            self.staff.setdefault(person.party_id, []).append(person)

    def group(self, kind, name):
        group = Group.objects.filter(federation=self.federation, kind=kind, name=name).first()
        if group is None:
            raise DemoDataError(
                _(
                    'Gruppen "%(group)s" finns inte. Läs in demodata för strukturen först '
                    '("manage.py load_demo").'
                )
                % {"group": name}
            )
        return group

    def build(self):
        groups = [self.group(GroupKind.MYSAM, f"Mysam {town}") for town in MUNICIPALITIES]
        teams = [self.group(GroupKind.TRISAM, spec[0]) for spec in TRISAM_TEAMS]
        for index, (town, group) in enumerate(zip(MUNICIPALITIES, groups, strict=True)):
            self.mysam(index, town, group)
        for spec, team in zip(TRISAM_TEAMS, teams, strict=True):
            self.trisam(team, *spec[1:])

    # Creating meetings -----------------------------------------------------------------------

    def create(self, group, planned, location):
        """Create the planned meetings the group does not have yet; return them."""
        taken = set(Meeting.objects.filter(group=group).values_list("starts_at", flat=True))
        fresh = [slot for slot in planned if slot.starts_at not in taken]
        created = series.create_series(group, fresh, location=location, is_demo=True)
        self.created += len(created)
        return created

    def mysam(self, index, town, group):
        weekday, start = MYSAM_SLOTS[index % len(MYSAM_SLOTS)]
        location = MYSAM_LOCATION.format(town)
        years = [*HISTORY_YEARS.get(town, ()), self.today.year - 1, self.today.year]
        new = []
        for year in [*years, self.today.year + 1]:
            if Meeting.objects.filter(group=group, starts_at__year=year).count() >= FULL_YEAR:
                continue  # loaded before: planning again would find every slot taken
            planned = series.plan_series(
                group,
                year,
                weekday=weekday,
                start_time=start,
                default_minutes=MINUTES_BEFORE_2022,
            )
            horizon = self.today + datetime.timedelta(days=PLANNING_HORIZON_DAYS)
            planned = [slot for slot in planned if slot.day <= horizon]
            made = self.create(group, planned, location)
            if town == CANCELLED[0] and year == self.today.year - 1:
                self.cancel(made, CANCELLED[1], CANCELLED[2])
            new += made
        if town in EXTRA_MEETING_TOWNS:
            new += self.extra_meeting(group, weekday, start, location)
        meetings = list(
            Meeting.objects.not_cancelled().filter(group=group, is_demo=True).order_by("starts_at")
        )
        self.fill_mysam(index, town, meetings, {meeting.pk for meeting in new})

    def cancel(self, made, number, reason):
        if len(made) >= number:
            meeting = made[number - 1]
            services.cancel_meeting(meeting, reason=reason, by=None)
            cancelled_at = at(meeting.day - datetime.timedelta(days=10), T(10, 0))
            Meeting.objects.filter(pk=meeting.pk).update(cancelled_at=cancelled_at)

    def extra_meeting(self, group, weekday, start, location):
        soon = self.today + datetime.timedelta(days=EXTRA_MEETING_WITHIN_DAYS)
        to_prepare = Meeting.objects.not_cancelled().filter(
            group=group,
            starts_at__gt=at(self.today, T(23, 59)),
            starts_at__lte=at(soon, T(23, 59)),
            pre_read_deadline__gte=self.today,
        )
        if to_prepare.exists():
            return []
        day = self.today + datetime.timedelta(days=EXTRA_MEETING_IN_DAYS)
        day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
        while not workdays.is_working_day(day):
            day += datetime.timedelta(days=7)
        meeting = series.create_meeting(group, at(day, start), location=location, is_demo=True)
        self.created += 1
        return [meeting]

    # Filling Mysam meetings ------------------------------------------------------------------

    def fill_mysam(self, g, town, meetings, new):
        past = [meeting for meeting in meetings if meeting.day < self.today]
        last = len(past) - 1
        for k, meeting in enumerate(past):
            if meeting.pk not in new:
                continue
            by = self.user_of(meeting.convener)
            decision = self.mysam_agenda(meeting, g + k)
            seats = list(services.seats_on(meeting))
            self.attendance(meeting, g, k, seats)
            if meeting.pre_reads_required:
                self.past_pre_reads(meeting, g, k)
            kind = self.minutes_kind(town, g, meeting, k, last)
            if kind is None:
                continue
            self.action_items(meeting, g, k, past, decision, town, seats)
            self.minutes(meeting, kind, by, g + k)
        for meeting in meetings[len(past) :]:
            if meeting.pk not in new:
                continue
            self.mysam_agenda(meeting, g + len(past))
            self.upcoming(meeting, town)

    def mysam_agenda(self, meeting, turn):
        """The follow-up and a decision item, and the parties' information where allowed."""
        title, description, _decision = DECISION_ITEMS[turn % len(DECISION_ITEMS)]
        items = [
            (FOLLOW_UP_ITEM[0], Kind.FOLLOW_UP, FOLLOW_UP_ITEM[1], "", meeting.convener),
            (title, Kind.DECISION, DECISION_MINUTES, description, meeting.convener),
        ]
        if meeting.information_items_allowed:
            items.append((INFORMATION_ITEM[0], Kind.INFORMATION, INFORMATION_ITEM[1], "", None))
        added = self.add_items(meeting, items)
        return added[1]

    def add_items(self, meeting, items):
        order = meeting.agenda_items.count()
        added = []
        for title, kind, minutes, description, responsible in items:
            order += 1
            item = AgendaItem(
                meeting=meeting,
                order=order,
                title=title,
                kind=kind,
                minutes_allotted=minutes,
                description=description,
                responsible=responsible,
            )
            services.check_agenda_item(item)
            item.save()
            added.append(item)
        return added

    def minutes_kind(self, town, g, meeting, k, last):
        """How far the minutes of the `k`th past meeting came: None (not yet written),
        "draft", "published" or "second_version"."""
        if k == last:
            if town == DRAFT_MINUTES_TOWN:
                return "draft"
            recent = (self.today - meeting.day).days < MINUTES_PENDING_DAYS
            if recent and g % 2:
                return None
        if k == last - 1 and town == SECOND_VERSION_TOWN:
            return "second_version"
        return "published"

    def attendance(self, meeting, g, k, seats):
        """Most present; in turn one member absent and one represented by a substitute; the
        förbund's guest at every other meeting; co-opted members now and then.

        The rows are the seats of the meeting's day, with the party and capacity
        `services.record_attendance` gives them, so they obey its rule by construction; they
        are saved in one query and the meeting marked held as that service does.
        """
        seated = {seat.person_id for seat in seats}
        ordinary = [
            seat
            for seat in seats
            if seat.role not in Membership.NON_ORDINARY_ROLES
            and seat.person_id != meeting.convener_id
        ]
        absent = stand_in = None
        if ordinary and (k + g) % 2 == 0:
            absent = ordinary[(k + 2 * g + 1) % len(ordinary)]
        if ordinary and (k + g) % 5 == 2:
            stand_in = ordinary[(k + g) % len(ordinary)]
        rows, seen = [], set()
        for j, seat in enumerate(seats):
            if seat.person_id in seen:
                continue
            seen.add(seat.person_id)
            status, substitute = PRESENT, None
            if seat.role == Membership.Role.CO_OPTED:
                if (k + j) % 3:
                    continue
            elif seat.role == Membership.Role.GUEST:
                status = PRESENT if (k + g) % 2 == 0 else ABSENT
            elif seat is stand_in:
                substitute = self.substitute(seat, seated)
                status = SUBSTITUTE if substitute else ABSENT
            elif seat is absent:
                status = ABSENT
            row = Attendance(
                meeting=meeting,
                person=seat.person,
                party=seat.party,
                status=status,
                substitute=substitute,
                capacity=services.capacity_of(seat),
                recorded_at=meeting.ends_at,
                recorded_by=self.user_of(meeting.convener),
            )
            row.clean()
            rows.append(row)
        Attendance.objects.bulk_create(rows)
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
        meeting.status = Meeting.Status.HELD

    def substitute(self, seat, seated):
        for person in self.staff.get(seat.party_id, []) if seat.party_id else []:
            if person.pk not in seated:
                return person
        return None

    def past_pre_reads(self, meeting, g, k):
        """Most parties on time; in turn one party late and one missing."""
        deadline = meeting.pre_read_deadline
        rows = []
        for j, party in enumerate(services.represented_parties(meeting)):
            turn = (3 * k + 5 * j + g) % 9
            if turn == 0:
                continue
            if turn == 1:
                sent = at(deadline + datetime.timedelta(days=2), T(8, 15))
            else:
                sent = at(deadline - datetime.timedelta(days=j % 3), T(9 + j, 0))
            rows.append(self.pre_read(meeting, party, sent))
        PreRead.objects.bulk_create(rows)

    def pre_read(self, meeting, party, sent):
        return PreRead(
            meeting=meeting,
            party=party,
            text=PRE_READS[_party_key(party)],
            submitted_at=sent,
            updated_at=sent,
        )

    def action_items(self, meeting, g, k, past, decision, town, seats):
        """Two actions per meeting. Earlier ones were done by the next meeting (now and then
        one dropped); the latest meeting's are open, and of the one before, one is still open
        and carried to the next meetings' follow-up (in Gävle: overdue, the AF member's)."""
        last = len(past) - 1
        members = [
            seat.person
            for seat in seats
            if seat.role in Membership.ORDINARY_ROLES
            and seat.party_id
            and seat.person_id != meeting.convener_id
        ]
        owners = [meeting.convener or members[0], members[(g + k) % len(members)]]
        if town == AF_OWNER_TOWN and k >= last - 1:
            # The AF member (the `mysam` account) has an overdue action and an open one.
            af = [seat.person for seat in seats if seat.party_id and seat.party.code == "af"]
            owners[1] = af[0] if af else owners[1]
        next_meeting = past[k + 1] if k < last else None
        for n, owner in enumerate(owners):
            if k == last:
                due_on = max(
                    meeting.day + datetime.timedelta(days=45),
                    self.today + datetime.timedelta(days=14),
                )
            elif k == last - 1 and n == 1 and town == AF_OWNER_TOWN:
                due_on = meeting.day + datetime.timedelta(days=30)  # overdue
            elif k == last - 1 and n == 1:
                due_on = max(
                    meeting.day + datetime.timedelta(days=60),
                    self.today + datetime.timedelta(days=21),
                )
            else:
                due_on = meeting.day + datetime.timedelta(days=30)
            item = ActionItem(
                meeting=meeting,
                agenda_item=decision,
                title=ACTIONS[(g + k + 3 * n) % len(ACTIONS)],
                owner=owner,
                due_on=due_on,
            )
            item.clean()
            item.save()
            if k < last - 1 or (k == last - 1 and n == 0):
                dropped = n == 1 and (g + k) % 4 == 3
                closed_on = min(next_meeting.day, meeting.day + datetime.timedelta(days=120))
                services.close_action_item(
                    item,
                    status=ActionItem.Status.DROPPED if dropped else ActionItem.Status.DONE,
                    on=closed_on,
                    note=DROPPED_NOTE if dropped else "",
                    at_meeting=next_meeting if closed_on == next_meeting.day else None,
                )

    def minutes(self, meeting, kind, by, turn):
        minutes = services.start_minutes(meeting, by=by)
        entries = list(minutes.entries.select_related("agenda_item"))
        decision_text = DECISION_ITEMS[turn % len(DECISION_ITEMS)][2]
        for n, entry in enumerate(entries):
            if kind == "draft" and n >= len(entries) // 2:
                break
            entry.notes = ENTRY_NOTES.get(entry.title, "")
            if entry.agenda_item and entry.agenda_item.kind == Kind.DECISION:
                entry.notes = entry.agenda_item.description
                entry.decision = decision_text
        MinuteEntry.objects.bulk_update(entries, ["notes", "decision"])
        written = at(meeting.day, T(17, 0))
        if kind == "draft":
            Minutes.objects.filter(pk=minutes.pk).update(created_at=written)
            return
        self.publish(minutes, by, meeting.day + datetime.timedelta(days=5), written)
        if kind == "second_version":
            draft = services.new_minutes_version(minutes, by=by, change_note=SECOND_VERSION_NOTE)
            entry = draft.entries.filter(agenda_item__kind=Kind.DECISION).first()
            if entry is not None:
                entry.decision = f"{entry.decision} {SECOND_VERSION_ADDITION}"
                entry.save(update_fields=["decision"])
            fixed = meeting.day + datetime.timedelta(days=20)
            self.publish(draft, by, fixed, at(fixed, T(9, 0)))

    def publish(self, minutes, by, day, written):
        services.approve_minutes(minutes, by=by)
        services.publish_minutes(minutes, by=by)
        published = min(at(day, T(10, 0)), self.now)
        Minutes.objects.filter(pk=minutes.pk).update(
            created_at=min(written, published),
            approved_at=published - datetime.timedelta(hours=1),
            published_at=published,
        )

    def upcoming(self, meeting, town):
        """A meeting still to come: invited once the pre-read deadline has passed; parties
        that sent their information early, never the AF in Gävle (`mysam` has it to do)."""
        if (meeting.day - self.today).days > EXTRA_MEETING_WITHIN_DAYS:
            return
        deadline = meeting.pre_read_deadline
        if deadline and deadline < self.today:
            invited = min(at(deadline + datetime.timedelta(days=1), T(8, 0)), self.now)
            Meeting.objects.filter(pk=meeting.pk).update(invited_at=invited)
        if not meeting.pre_reads_required:
            return
        rows = []
        for j, party in enumerate(services.represented_parties(meeting)):
            if (town == "Gävle" and party.code == "af") or j % 2:
                continue
            sent = min(
                at(self.today - datetime.timedelta(days=j + 1), T(10, 0)),
                at(deadline, T(10, 0)) if deadline else self.now,
            )
            rows.append(self.pre_read(meeting, party, sent))
        PreRead.objects.bulk_create(rows)

    # Trisam ----------------------------------------------------------------------------------

    def trisam(self, team, weekday, start, minutes, location):
        """Every other week over the last three months and the next month."""
        first = self.today - datetime.timedelta(days=TRISAM_DAYS_BACK)
        days = []
        day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
        while day <= self.today + datetime.timedelta(days=TRISAM_DAYS_AHEAD):
            fortnight = ((day - TRISAM_ANCHOR).days // 7) % 2 == 0
            if fortnight and workdays.is_working_day(day) and team.is_active_on(day):
                days.append(day)
            day += datetime.timedelta(days=7)
        taken = set(Meeting.objects.filter(group=team).values_list("starts_at", flat=True))
        for k, day in enumerate(days):
            starts_at = at(day, start)
            if starts_at in taken:
                continue
            meeting = series.create_meeting(
                team, starts_at, duration_minutes=minutes, location=location, is_demo=True
            )
            self.created += 1
            self.add_items(
                meeting,
                [(t, kind, m, d, meeting.convener) for t, kind, m, d in TRISAM_ITEMS],
            )
            if day < self.today:
                self.attendance(meeting, 0, k, list(services.seats_on(meeting)))
            elif (day - self.today).days <= 14:
                invited = min(at(day - datetime.timedelta(days=7), T(8, 0)), self.now)
                Meeting.objects.filter(pk=meeting.pk).update(invited_at=invited)

    def user_of(self, person):
        if person is None or not person.user_id:
            return None
        if person.pk not in self.users:
            self.users[person.pk] = person.user
        return self.users[person.pk]
