"""The demo meetings, as `make run` loads them on top of the structure demo and before the
demo cases."""

import datetime
import io
import types
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from samverkan.cases.models import Case
from samverkan.core.models import User
from samverkan.meetings import services
from samverkan.meetings.demo import demo_meetings, load_demo_meetings
from samverkan.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Meeting,
    MinuteEntry,
    Minutes,
    PreRead,
)
from samverkan.meetings.tests.fixtures import agenda_minutes
from samverkan.structure.demo import MUNICIPALITIES
from samverkan.structure.models import Federation, GroupKind

REFERENCE = Path(__file__).resolve().parents[2] / "structure" / "data" / "gavleborg.yaml"
TRISAM_TEAMS = (
    "Trisam Bollnäs hälsocentral",
    "Trisam Arbrå hälsocentral",
    "Trisam Södertull hälsocentral",
)


def run_load_demo():
    out = io.StringIO()
    # Without the historic cases, which are tested on their own (demo/tests/test_volume.py).
    call_command("load_demo", allow_without_debug=True, without_volume=True, stdout=out)
    return out.getvalue()


def counts():
    return tuple(
        model.objects.count()
        for model in (Meeting, AgendaItem, Attendance, PreRead, Minutes, MinuteEntry, ActionItem)
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Reference structure, then the whole demo twice; all rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_structure", str(REFERENCE), stdout=io.StringIO())
        mail.outbox = []
        first = run_load_demo()
        after_first = counts()
        second = run_load_demo()
        yield types.SimpleNamespace(
            first=first,
            second=second,
            after_first=after_first,
            after_second=counts(),
            mails=len(mail.outbox),
            federation=Federation.objects.get(slug="gavleborg"),
            today=timezone.localdate(),
        )
        transaction.set_rollback(True)


def mysam(town):
    return Meeting.objects.filter(group__kind=GroupKind.MYSAM, group__name=f"Mysam {town}")


def held():
    return Meeting.objects.filter(status=Meeting.Status.HELD)


@pytest.mark.django_db
def test_the_command_reports_the_meetings_and_a_second_run_creates_none(demo):
    total = Meeting.objects.count()
    assert total > 100
    assert f"Demomöten: {total} nya, {total} totalt." in demo.first
    assert f"Demomöten: 0 nya, {total} totalt." in demo.second
    # Reported between the structure and the cases, in the command's style.
    assert demo.first.index("Demodata inläst") < demo.first.index("Demomöten")
    assert demo.first.index("Demomöten") < demo.first.index("Demoärenden")
    assert demo.after_second == demo.after_first
    again = load_demo_meetings(demo.federation)
    assert (again.created, again.total) == (0, total)
    assert counts() == demo.after_first


@pytest.mark.django_db
def test_every_meeting_is_demo_data_and_no_mail_was_sent(demo):
    assert demo_meetings(demo.federation).count() == Meeting.objects.count()
    assert demo.mails == 0


@pytest.mark.django_db
def test_every_mysam_group_has_this_years_meetings_and_past_and_coming_ones(demo):
    now = timezone.now()
    for town in MUNICIPALITIES:
        meetings = mysam(town).not_cancelled()
        assert meetings.filter(starts_at__year=demo.today.year).count() >= 4, town
        assert meetings.filter(starts_at__year=demo.today.year - 1).count() >= 3, town
        assert meetings.filter(starts_at__lt=now).exists(), town
        assert meetings.filter(starts_at__gt=now).exists(), town
        assert meetings.filter(location=f"{town} kommunhus").count() == meetings.count()
    # Weekdays and times differ between groups.
    starts = {
        (m.starts_at.weekday(), timezone.localtime(m.starts_at).time())
        for m in Meeting.objects.filter(group__kind=GroupKind.MYSAM)
    }
    assert len(starts) >= 3


@pytest.mark.django_db
def test_meetings_keep_the_rules_of_their_dates(demo):
    before = Meeting.objects.filter(group__kind=GroupKind.MYSAM, starts_at__year=2021)
    after = Meeting.objects.filter(group__kind=GroupKind.MYSAM, starts_at__year__gte=2022)
    assert set(before.values_list("group__name", flat=True)) >= {"Mysam Bollnäs", "Mysam Sandviken"}
    assert before.filter(starts_at__year=2021).count() == 8
    for meeting in before:
        assert (meeting.information_items_allowed, meeting.pre_reads_required) == (True, False)
        assert meeting.agenda_items.filter(kind=AgendaItem.Kind.INFORMATION).exists()
        assert meeting.duration_minutes == 120  # the 2016 decision states no length
    for meeting in after:
        assert 2022 in {d.effective_from.year for d in meeting.decisions.all()}
        assert meeting.duration_minutes == 90
        assert (meeting.information_items_allowed, meeting.pre_reads_required) == (False, True)
        assert not meeting.agenda_items.filter(kind=AgendaItem.Kind.INFORMATION).exists()
        assert meeting.pre_read_deadline < meeting.day
    # Standing items from the 2016 decision, a decision and a follow-up item on every agenda.
    for meeting in Meeting.objects.filter(group__kind=GroupKind.MYSAM).not_cancelled():
        kinds = set(meeting.agenda_items.values_list("kind", flat=True))
        assert {"experiences", "federation_news", "decision", "follow_up"} <= kinds
        assert agenda_minutes(meeting) <= meeting.duration_minutes


@pytest.mark.django_db
def test_past_meetings_are_held_with_attendance(demo):
    now = timezone.now()
    past = Meeting.objects.not_cancelled().filter(starts_at__lt=now)
    past = past.exclude(starts_at__date=demo.today)
    assert past.count() == held().count()
    assert not past.annotate(n=Count("attendances")).filter(n=0).exists()
    assert not Meeting.objects.filter(starts_at__gt=now, attendances__isnull=False).exists()
    statuses = dict(
        Attendance.objects.values_list("status").annotate(n=Count("pk")).order_by("status")
    )
    assert statuses["present"] > 5 * statuses["absent"]
    assert statuses["substitute"] >= 2
    substituted = Attendance.objects.filter(status="substitute").first()
    assert substituted.substitute and substituted.substitute.party_id == substituted.party_id
    guests = Attendance.objects.filter(capacity="guest", person__party__isnull=True)
    assert guests.filter(status="present").exists() and guests.filter(status="absent").exists()
    assert Attendance.objects.filter(capacity="co_opted", status="present").exists()
    # Nordanstig's AF seat was vacated at the end of 2020: no AF there since.
    nordanstig = held().filter(group__name="Mysam Nordanstig")
    assert nordanstig.exists()
    assert not Attendance.objects.filter(meeting__in=nordanstig, party__code="af").exists()
    assert Attendance.objects.filter(meeting__in=nordanstig, party__code="fk").exists()


@pytest.mark.django_db
def test_one_meeting_was_cancelled_without_attendance(demo):
    cancelled = Meeting.objects.get(status=Meeting.Status.CANCELLED)
    assert cancelled.cancel_reason and cancelled.cancelled_at < cancelled.starts_at
    assert not cancelled.attendances.exists() and not cancelled.minutes_versions.exists()


@pytest.mark.django_db
def test_pre_reads_mostly_on_time_some_late_some_missing(demo):
    required = held().filter(pre_reads_required=True)
    pre_reads = list(PreRead.objects.filter(meeting__in=required).select_related("meeting"))
    late = [pre_read for pre_read in pre_reads if not pre_read.is_on_time]
    assert late and len(late) < len(pre_reads) / 4
    assert all(pre_read.submitted_at < pre_read.meeting.starts_at for pre_read in pre_reads)
    missing = [meeting for meeting in required if services.missing_parties(meeting)]
    assert missing and len(missing) < required.count()
    # Before 2022 the parties informed at the meeting instead.
    assert not PreRead.objects.filter(meeting__starts_at__year=2021).exists()


@pytest.mark.django_db
def test_published_minutes_with_decisions_and_action_items(demo):
    published = Minutes.objects.filter(status=Minutes.Status.PUBLISHED)
    assert published.count() > held().filter(group__kind=GroupKind.MYSAM).count() / 2
    for minutes in published.select_related("meeting"):
        assert minutes.published_at >= minutes.meeting.starts_at
        assert minutes.published_at <= timezone.now()
        assert minutes.entries.exclude(decision="").exists()
        assert minutes.entries.exclude(notes="").count() >= 3
        assert minutes.action_items_snapshot
        assert minutes.meeting.action_items.exists()


@pytest.mark.django_db
def test_one_meeting_has_minutes_in_a_second_version_and_one_a_draft(demo):
    second = Minutes.objects.get(number=2)
    first = second.meeting.minutes_versions.get(number=1)
    assert first.is_published and second.is_published and second.change_note
    assert second.published_at > first.published_at
    changed = second.entries.exclude(decision="").get().decision
    assert changed != first.entries.exclude(decision="").get().decision
    [draft] = Minutes.objects.filter(status=Minutes.Status.DRAFT)
    assert draft.meeting.is_past
    later = draft.meeting.group.meetings.filter(
        starts_at__gt=draft.meeting.starts_at, starts_at__lt=timezone.now()
    )
    assert not later.exists()


@pytest.mark.django_db
def test_open_action_items_are_carried_to_later_meetings(demo):
    statuses = set(ActionItem.objects.values_list("status", flat=True))
    assert statuses == {"open", "done", "dropped"}
    carried = [
        item
        for item in ActionItem.objects.open().select_related("meeting")
        if Meeting.objects.filter(
            group=item.meeting.group_id, starts_at__gt=item.meeting.starts_at
        ).exists()
    ]
    assert carried
    item = carried[0]
    later = Meeting.objects.filter(
        group=item.meeting.group_id, starts_at__gt=item.meeting.starts_at
    ).first()
    assert item in ActionItem.objects.carried_to(later)
    closed = ActionItem.objects.filter(status="done", closed_at_meeting__isnull=False).first()
    assert closed.closed_on == closed.closed_at_meeting.day
    assert closed in ActionItem.objects.carried_to(closed.closed_at_meeting)
    after_close = Meeting.objects.filter(
        group=closed.meeting.group_id, starts_at__gt=closed.closed_at_meeting.starts_at
    ).first()
    assert after_close is None or closed not in ActionItem.objects.carried_to(after_close)
    overdue = [item for item in ActionItem.objects.open() if item.is_overdue]
    assert len(overdue) == 1


@pytest.mark.django_db
def test_the_demo_accounts_have_work_on_their_start_page(demo):
    mysam_person = User.objects.get(username="mysam").person
    coordinator = User.objects.get(username="koordinator").person
    assert ActionItem.objects.open().filter(owner=mysam_person).exists()
    assert ActionItem.objects.open().filter(owner=coordinator).exists()
    # The AF owes its pre-read for Mysam Gävle's next meeting, before the deadline.
    coming = (
        mysam("Gävle")
        .not_cancelled()
        .filter(starts_at__gte=timezone.now(), pre_read_deadline__gte=demo.today)
        .first()
    )
    assert coming.day <= demo.today + datetime.timedelta(days=35)
    owing = [party.code for party in services.missing_parties(coming)]
    assert "af" in owing
    assert coming.pre_reads.exists()


@pytest.mark.django_db
def test_trisam_teams_meet_every_other_week_and_cases_are_on_their_meetings(demo):
    now = timezone.now()
    for name in TRISAM_TEAMS:
        meetings = Meeting.objects.filter(group__name=name).order_by("starts_at")
        assert meetings.filter(starts_at__lt=now).count() >= 5, name
        assert meetings.filter(starts_at__gt=now).exists(), name
        assert {60 <= m.duration_minutes <= 90 for m in meetings} == {True}
        gaps = {(b.day - a.day).days for a, b in zip(meetings, meetings[1:], strict=False)}
        assert gaps <= {14, 28}
        assert meetings.filter(agenda_items__title="Nya ärenden").count() == meetings.count()
        past = meetings.filter(starts_at__lt=now).exclude(starts_at__date=demo.today)
        assert not past.exclude(status=Meeting.Status.HELD).exists()
    linked = Case.objects.filter(team_meeting__isnull=False).select_related("team_meeting")
    assert linked.count() >= 3
    for case in linked:
        assert case.meeting_on == case.team_meeting.day
        assert case.team_meeting.group_id == case.team_id
    # A case still waiting for its meeting is on one to come.
    assert any(case.meeting_on > demo.today for case in linked)


@pytest.mark.django_db
def test_loading_the_meetings_needs_the_structure_demo():
    from samverkan.structure.demo import DemoDataError
    from tests.factories import make_federation

    federation = make_federation(name="Tomt förbund", slug="tomt")
    with pytest.raises(DemoDataError, match="Läs in demodata för strukturen först"):
        load_demo_meetings(federation)
    assert not demo_meetings(federation).exists()


@pytest.mark.django_db
def test_a_later_load_on_another_day_adds_no_duplicates(demo):
    before = Meeting.objects.count()
    summary = load_demo_meetings(demo.federation, today=demo.today + datetime.timedelta(days=1))
    # Another day may plan new slots, but never a second meeting at a time already taken.
    assert summary.total == before + summary.created
    duplicates = (
        Meeting.objects.values("group", "starts_at").annotate(n=Count("pk")).filter(n__gt=1)
    )
    assert not duplicates.exists()
