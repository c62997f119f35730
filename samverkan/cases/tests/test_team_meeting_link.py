"""A case on one of its team's meetings: chosen in the meeting step, listed on the meeting page
by code to those who may know the case exists, never by who the individual is."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.meeting_links import cases_for_meeting
from samverkan.cases.models import Case
from samverkan.core.models import AccessLogEntry
from samverkan.meetings import series, services
from tests.factories import OUTSIDERS

TODAY = timezone.localdate()
CHOOSE_ONE = "Välj teamets möte eller ange datum."
NOT_AMONG = "Mötet finns inte bland teamets möten."


def at(day, hour=13):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def days(n):
    return TODAY + datetime.timedelta(days=n)


def url(case):
    return reverse("cases:meeting", args=[case.code])


def stored(case):
    return Case.objects.filter(pk=case.pk).values(
        "meeting_on", "team_meeting", "participation", "version"
    )[0]


@pytest.fixture
def meetings(team_world):
    """The Alby team's meetings: one held, one to come, one cancelled, one before the case was
    raised; and a meeting of the Bergby team."""
    w = team_world
    w.held = series.create_meeting(w.team, at(days(-2)), duration_minutes=60, location="Rum 1")
    w.coming = series.create_meeting(w.team, at(days(10), 9), duration_minutes=90)
    w.cancelled = series.create_meeting(w.team, at(days(3)), duration_minutes=60)
    services.cancel_meeting(w.cancelled, reason="Sjukdom", by=None)
    w.too_early = series.create_meeting(w.team, at(days(-40)), duration_minutes=60)
    w.other = series.create_meeting(w.other_team, at(days(5)), duration_minutes=60)
    return w


def post(case, **changes):
    data = {
        "team_meeting": "",
        "meeting_on": "",
        "individual_invited": "yes",
        "participation": "",
        "participation_mode": "",
        "version": str(Case.objects.get(pk=case.pk).version),
    }
    data.update(changes)
    return data


# --- The meeting step --------------------------------------------------------------------------


def test_the_form_offers_the_teams_meetings_from_the_raising_date(meetings, client_for, case):
    response = client_for(meetings.rehab_user).get(url(case))
    assert response.status_code == 200
    field = response.context["form"].fields["team_meeting"]
    assert list(field.queryset) == [meetings.held, meetings.coming]
    page = response.content.decode()
    assert f"{days(-2):%Y-%m-%d} 13:00, Rum 1" in page
    assert f"{days(10):%Y-%m-%d} 09:00" in page
    assert f"{days(3):%Y-%m-%d}" not in page  # cancelled
    assert f"{days(5):%Y-%m-%d}" not in page  # the other team's
    assert f"{days(-40):%Y-%m-%d}" not in page  # before the case was raised
    # The date is optional once a meeting can be chosen.
    assert not re.search(r'<input[^>]*name="meeting_on"[^>]*required', page)


def test_choosing_a_team_meeting_sets_the_date(meetings, client_for, case):
    response = client_for(meetings.rehab_user).post(
        url(case), post(case, team_meeting=str(meetings.coming.pk))
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.team_meeting == meetings.coming
    assert case.meeting_on == days(10)
    assert AccessLogEntry.objects.filter(case_id=case.pk, action="change").exists()


def test_the_meetings_date_wins_over_a_typed_one(meetings, client_for, case):
    data = post(
        case,
        team_meeting=str(meetings.held.pk),
        meeting_on=days(-5).isoformat(),
        participation="took_part",
        participation_mode="in_person",
    )
    assert client_for(meetings.fk_user).post(url(case), data).status_code == 302
    case.refresh_from_db()
    assert (case.team_meeting, case.meeting_on) == (meetings.held, days(-2))
    assert case.participation == Case.Participation.TOOK_PART


def test_a_date_alone_is_still_accepted(meetings, client_for, case):
    data = post(case, meeting_on=days(-1).isoformat())
    assert client_for(meetings.rehab_user).post(url(case), data).status_code == 302
    case.refresh_from_db()
    assert (case.team_meeting, case.meeting_on) == (None, days(-1))


@pytest.mark.parametrize("which", ["other", "cancelled", "too_early"])
def test_another_teams_or_a_cancelled_meeting_is_refused(meetings, client_for, case, which):
    before = stored(case)
    data = post(case, team_meeting=str(getattr(meetings, which).pk))
    response = client_for(meetings.rehab_user).post(url(case), data)
    assert response.status_code == 200
    assert NOT_AMONG in response.content.decode()
    assert "team_meeting" in response.context["form"].errors
    assert stored(case) == before
    assert not AccessLogEntry.objects.filter(case_id=case.pk, action="change").exists()


def test_neither_meeting_nor_date_is_refused(meetings, client_for, case):
    before = stored(case)
    response = client_for(meetings.rehab_user).post(url(case), post(case))
    assert response.status_code == 200
    assert CHOOSE_ONE in response.content.decode()
    assert response.context["form"].errors["meeting_on"] == [CHOOSE_ONE]
    assert stored(case) == before


def test_participation_waits_for_the_chosen_meeting(meetings, client_for, case):
    before = stored(case)
    data = post(case, team_meeting=str(meetings.coming.pk), participation="declined")
    response = client_for(meetings.rehab_user).post(url(case), data)
    assert response.status_code == 200
    assert "först när mötet har hållits" in response.content.decode()
    assert stored(case) == before


def test_without_team_meetings_the_date_is_required_as_before(team_world, client_for, case):
    response = client_for(team_world.rehab_user).get(url(case))
    assert "team_meeting" not in response.context["form"].fields
    assert 'name="team_meeting"' not in response.content.decode()
    response = client_for(team_world.rehab_user).post(url(case), post(case))
    assert response.status_code == 200
    assert "Ange datum för teammötet." in response.content.decode()
    assert stored(case)["meeting_on"] is None


def test_a_link_to_a_meeting_later_cancelled_gives_way_to_the_date(team_world, client_for, case):
    w = team_world
    meeting = series.create_meeting(w.team, at(days(4)), duration_minutes=60)
    Case.objects.filter(pk=case.pk).update(team_meeting=meeting, meeting_on=days(4))
    services.cancel_meeting(meeting, reason="Flyttat", by=None)
    data = post(case, meeting_on=days(6).isoformat())
    assert client_for(w.rehab_user).post(url(case), data).status_code == 302
    case.refresh_from_db()
    assert (case.team_meeting, case.meeting_on) == (None, days(6))


def test_the_model_refuses_another_teams_and_a_cancelled_meeting(meetings, case):
    case.team_meeting = meetings.other
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    assert error.value.message_dict["team_meeting"] == ["Mötet hör till ett annat team."]
    case.team_meeting = meetings.cancelled
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    assert error.value.message_dict["team_meeting"] == ["Mötet är inställt. Välj ett annat möte."]


def test_the_step_page_links_the_chosen_meeting(meetings, client_for, case):
    Case.objects.filter(pk=case.pk).update(team_meeting=meetings.coming, meeting_on=days(10))
    page = client_for(meetings.fk_user).get(url(case)).content.decode()
    assert f'href="{meetings.coming.get_absolute_url()}"' in page


# --- The cases on a meeting ----------------------------------------------------------------------


@pytest.fixture
def on_meeting(meetings, case):
    """Two cases on the held meeting: `case` and one the municipality raised."""
    from tests.factories import make_case

    w = meetings
    second = make_case(w.team, w.social_worker, name="Bertil Bortom")
    for linked in (case, second):
        Case.objects.filter(pk=linked.pk).update(team_meeting=w.held, meeting_on=days(-2))
    w.linked = [Case.objects.get(pk=case.pk), Case.objects.get(pk=second.pk)]
    return w


@pytest.mark.parametrize("who", ["rehab_user", "fk_user", "af_user", "social_user"])
def test_team_members_see_the_codes(on_meeting, who, django_assert_max_num_queries):
    w = on_meeting
    with django_assert_max_num_queries(8):
        rows = cases_for_meeting(getattr(w, who), w.held)
    assert [row.code for row in rows] == sorted(case.code for case in w.linked)
    by_code = {row.code: row for row in rows}
    consented, unconsented = w.linked
    assert by_code[consented.code].url == reverse("cases:case", args=[consented.code])
    assert by_code[consented.code].raising_party == "Regionen"
    assert by_code[consented.code].status == "kartläggning och planering"
    assert by_code[unconsented.code].raising_party == w.alby_party.label
    assert by_code[unconsented.code].status == "väntar på samtycke"


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_see_no_cases(on_meeting, who):
    assert cases_for_meeting(getattr(on_meeting, who), on_meeting.held) == []


def test_other_meetings_list_none(on_meeting, meetings):
    assert cases_for_meeting(meetings.rehab_user, meetings.coming) == []
    assert (
        cases_for_meeting(
            meetings.rehab_user,
            series.create_meeting(meetings.mysam, at(days(20)), duration_minutes=90),
        )
        == []
    )


def test_the_list_shows_codes_and_never_who_the_individual_is(on_meeting):
    w = on_meeting
    html = render_to_string(
        "cases/_meeting_cases.html",
        {"meeting_cases": cases_for_meeting(w.social_user, w.held)},
    )
    assert "<h2" in html and "Ärenden på mötet" in html
    for case in w.linked:
        assert f'href="{reverse("cases:case", args=[case.code])}">{case.code}</a>' in html
        assert case.name not in html
        assert case.personal_number not in html
        assert case.personal_number[2:8] not in html
    assert "<td>Kartläggning och planering</td>" in html
    assert "<td>Väntar på samtycke</td>" in html
    assert "<td>Regionen</td>" in html and f"<td>{w.alby_party.label}</td>" in html
    # Listing codes reads nothing about the individuals: no access-log entry.
    assert not AccessLogEntry.objects.filter(action="read").exists()
