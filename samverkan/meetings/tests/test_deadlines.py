"""The pre-read deadline: by default five working days before the meeting, as the rules may
say otherwise; a pre-read is on time until midnight, Swedish time, on the deadline day."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from samverkan.meetings import series, services, workdays
from samverkan.meetings.models import Meeting
from tests.factories import at

D = datetime.date


def local(day, hour, minute=0, second=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second)))


@pytest.mark.parametrize(
    ("meeting_day", "deadline"),
    [
        # An ordinary Thursday: the Thursday before.
        (D(2025, 3, 13), D(2025, 3, 6)),
        # The Tuesday after Easter Monday: Easter Monday and Good Friday do not count.
        (D(2024, 4, 2), D(2024, 3, 22)),
        # The Monday after Midsummer: Midsummer Eve does not count.
        (D(2024, 6, 24), D(2024, 6, 14)),
        # Early January: Epiphany, New Year's Day and the eves do not count, back into December.
        (D(2025, 1, 8), D(2024, 12, 27)),
        # After Ascension Day.
        (D(2025, 6, 2), D(2025, 5, 23)),
    ],
)
def test_default_deadline_is_five_working_days_before(meeting_world, meeting_day, deadline):
    ruleset = series.rules_for(meeting_world.mysam, meeting_day)
    assert ruleset.pre_read_working_days is None

    assert series.default_deadline(meeting_day, ruleset) == deadline


def test_the_rules_may_set_another_number_of_working_days(meeting_world):
    w = meeting_world
    w.mysam_rule.pre_read_working_days = 3
    w.mysam_rule.save()
    later = w.upcoming.day + datetime.timedelta(days=28)
    ruleset = series.rules_for(w.mysam, later)
    assert ruleset.pre_read_working_days == 3

    assert series.default_deadline(D(2025, 3, 17), ruleset) == D(2025, 3, 12)
    assert series.default_deadline(D(2024, 4, 2), ruleset) == D(2024, 3, 26)

    meeting = series.create_meeting(w.mysam, at(later))
    assert meeting.pre_read_deadline == workdays.working_days_before(later, 3)
    assert meeting.pre_read_deadline > workdays.working_days_before(later, 5)


@pytest.mark.parametrize("days_after", [0, 1, 30])
def test_a_deadline_on_or_after_the_meeting_day_is_refused(meeting_world, days_after):
    meeting = meeting_world.upcoming
    meeting.pre_read_deadline = meeting.day + datetime.timedelta(days=days_after)

    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()

    assert refused.value.message_dict["pre_read_deadline"] == [
        "Sista dag för förhandsinformation måste ligga före mötesdagen."
    ]
    assert Meeting.objects.get(pk=meeting.pk).pre_read_deadline < meeting.day


def test_a_deadline_the_day_before_or_none_is_accepted(meeting_world):
    meeting = meeting_world.upcoming
    meeting.pre_read_deadline = meeting.day - datetime.timedelta(days=1)
    meeting.full_clean()
    meeting.pre_read_deadline = None
    meeting.full_clean()


def test_a_pre_read_is_on_time_until_midnight_on_the_deadline_day(meeting_world):
    w = meeting_world
    meeting = w.upcoming
    deadline = meeting.pre_read_deadline

    with time_machine.travel(local(deadline, 23, 59, 59), tick=False):
        fk = services.submit_pre_read(meeting, w.fk, text="Läget hos FK.", by=w.fk_user)
    # Half past midnight in Sweden is still the deadline day in UTC: the local day counts.
    just_after = local(deadline + datetime.timedelta(days=1), 0, 30)
    assert just_after.astimezone(datetime.UTC).date() == deadline
    with time_machine.travel(just_after, tick=False):
        af = services.submit_pre_read(meeting, w.af, text="Läget hos AF.", by=w.af_user)
    with time_machine.travel(local(deadline - datetime.timedelta(days=3), 9), tick=False):
        region = services.submit_pre_read(meeting, w.region, text="Regionen.", by=w.region_user)

    assert fk.is_on_time is True
    assert af.is_on_time is False
    assert region.is_on_time is True
    assert timezone.localtime(af.submitted_at) == just_after


def test_adding_to_a_pre_read_after_the_deadline_keeps_it_on_time(meeting_world):
    w = meeting_world
    meeting = w.upcoming
    deadline = meeting.pre_read_deadline
    with time_machine.travel(local(deadline, 10), tick=False):
        services.submit_pre_read(meeting, w.fk, text="Första versionen.", by=w.fk_user)
    with time_machine.travel(local(deadline + datetime.timedelta(days=2), 10), tick=False):
        pre_read = services.submit_pre_read(meeting, w.fk, text="Kompletterad.", by=w.fk_user)

    pre_read.refresh_from_db()
    assert pre_read.text == "Kompletterad."
    assert timezone.localtime(pre_read.submitted_at) == local(deadline, 10)
    assert timezone.localtime(pre_read.updated_at) == local(
        deadline + datetime.timedelta(days=2), 10
    )
    assert pre_read.is_on_time is True
    assert meeting.pre_reads.count() == 1


def test_without_a_deadline_every_pre_read_is_on_time(meeting_world):
    w = meeting_world
    Meeting.objects.filter(pk=w.upcoming.pk).update(pre_read_deadline=None)
    w.upcoming.refresh_from_db()
    with time_machine.travel(local(w.upcoming.day, 12), tick=False):
        pre_read = services.submit_pre_read(w.upcoming, w.fk, text="Sent.", by=w.fk_user)
    assert pre_read.is_on_time is True


def test_an_empty_pre_read_is_refused(meeting_world):
    w = meeting_world
    with pytest.raises(ValidationError) as refused:
        services.submit_pre_read(w.upcoming, w.fk, text="   ", by=w.fk_user)
    assert refused.value.message_dict["text"] == ["Skriv informationen eller bifoga minst en fil."]
    assert not w.upcoming.pre_reads.exists()


def test_the_deadline_has_passed_from_the_day_after_it(meeting_world):
    meeting = meeting_world.upcoming
    deadline = meeting.pre_read_deadline
    with time_machine.travel(local(deadline, 23, 59), tick=False):
        assert meeting.pre_read_deadline_passed is False
    with time_machine.travel(local(deadline + datetime.timedelta(days=1), 0, 0, 1), tick=False):
        assert meeting.pre_read_deadline_passed is True
    meeting.pre_read_deadline = None
    assert meeting.pre_read_deadline_passed is False
