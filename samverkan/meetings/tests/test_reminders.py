"""The daily reminder job: once, in the working days before the deadline, to missing parties."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from samverkan.meetings import series, services, workdays
from samverkan.meetings.models import Meeting, PreReadReminder
from tests.factories import TODAY, at


@pytest.fixture
def meeting(meeting_world):
    """A Mysam meeting about six weeks ahead whose rules require pre-reads; FK has sent."""
    w = meeting_world
    day = workdays.next_working_day(TODAY + datetime.timedelta(days=42))
    created = series.create_meeting(w.mysam, at(day, 9), location="Kommunhuset, Alby")
    Meeting.objects.filter(pk=created.pk).update(pre_reads_required=True)
    created.refresh_from_db()
    services.submit_pre_read(created, w.fk, text="FK:s läge", by=w.fk_user)
    return created


def morning(day):
    return time_machine.travel(at(day, 6), tick=False)


def run(*args):
    out = io.StringIO()
    call_command("send_pre_read_reminders", *args, stdout=out)
    return out.getvalue()


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_nothing_is_due_before_the_window(meeting_world, meeting):
    early = meeting.pre_read_deadline - datetime.timedelta(days=7)
    with morning(early):
        assert services.due_reminders(early) == []
        output = run()
    assert mail.outbox == []
    assert not PreReadReminder.objects.exists()
    assert "Påminde 0 parter inför 0 möten" in output


def test_in_the_window_the_missing_parties_members_are_reminded(meeting_world, meeting):
    w = meeting_world
    day = workdays.working_days_before(meeting.pre_read_deadline, 2)
    with morning(day):
        assert services.due_reminders(day) == [(meeting, [w.af, w.region, w.alby_party])]
        output = run()
    # Members of the missing parties only: not FK (sent), the coordinator or co-opted school.
    assert recipients() == ["af@example.se", "ifo@example.se", "region@example.se"]
    assert len(mail.outbox) == 3
    message = next(m for m in mail.outbox if m.to == ["af@example.se"])
    assert message.subject == "Påminnelse: förhandsinformation till Mysam Alby"
    assert "Arbetsförmedlingen" in message.body
    assert "09:00" in message.body  # Swedish time
    assert "Kommunhuset, Alby" in message.body
    assert "http://testserver" + reverse("meetings:pre_reads", args=[meeting.pk]) in message.body
    reminders = PreReadReminder.objects.filter(meeting=meeting)
    assert {(r.party, r.sent_by, r.recipients) for r in reminders} == {
        (w.af, None, 1),
        (w.region, None, 1),
        (w.alby_party, None, 1),
    }
    assert f"Mysam Alby {meeting.day:%Y-%m-%d} 09:00" in output
    for name in ("Arbetsförmedlingen", "Region Testlän", "Albys kommun"):
        assert name in output
    assert "Försäkringskassan" not in output
    assert "Påminde 3 parter inför 1 möte (3 personer)." in output


def test_the_deadline_day_itself_is_in_the_window(meeting_world, meeting):
    with morning(meeting.pre_read_deadline):
        run()
    assert len(mail.outbox) == 3


def test_the_daily_job_reminds_a_party_only_once(meeting_world, meeting):
    first = workdays.working_days_before(meeting.pre_read_deadline, 2)
    second = workdays.next_working_day(first + datetime.timedelta(days=1))
    with morning(first):
        run()
        run()
    with morning(second):
        assert services.due_reminders(second) == []
        output = run()
    assert len(mail.outbox) == 3
    assert PreReadReminder.objects.filter(meeting=meeting).count() == 3
    assert "Påminde 0 parter" in output


def test_a_party_that_sent_after_the_first_reminder_is_not_reminded_again(meeting_world, meeting):
    w = meeting_world
    day = workdays.working_days_before(meeting.pre_read_deadline, 2)
    services.submit_pre_read(meeting, w.af, text="AF:s läge", by=w.af_user)
    with morning(day):
        run()
    assert recipients() == ["ifo@example.se", "region@example.se"]
    assert not PreReadReminder.objects.filter(party=w.af).exists()


def test_no_reminders_for_a_cancelled_meeting(meeting_world, meeting):
    w = meeting_world
    services.cancel_meeting(meeting, reason="Krockar med länsmötet", by=w.coordinator_user)
    day = workdays.working_days_before(meeting.pre_read_deadline, 1)
    with morning(day):
        assert services.due_reminders(day) == []
        run()
    assert mail.outbox == []
    assert not PreReadReminder.objects.exists()


def test_no_reminders_after_the_deadline(meeting_world, meeting):
    after = workdays.next_working_day(meeting.pre_read_deadline + datetime.timedelta(days=1))
    with morning(after):
        assert services.due_reminders(after) == []
        run()
    assert mail.outbox == []


def test_no_automatic_reminders_where_pre_reads_are_optional(meeting_world, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(pre_reads_required=False)
    with morning(meeting.pre_read_deadline):
        assert services.due_reminders(meeting.pre_read_deadline) == []
        run()
    assert mail.outbox == []


def test_a_dry_run_lists_the_reminders_without_sending(meeting_world, meeting):
    day = workdays.working_days_before(meeting.pre_read_deadline, 1)
    with morning(day):
        output = run("--dry-run")
        assert "Skulle påminna 3 parter inför 1 möte. Inget skickades." in output
        assert "Arbetsförmedlingen" in output
        assert mail.outbox == []
        assert not PreReadReminder.objects.exists()
        # The real run afterwards still sends them.
        run()
    assert len(mail.outbox) == 3
