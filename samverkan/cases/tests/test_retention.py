"""Retention: `erase_closed_cases` erases personal data and keeps the statistical record."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from samverkan.cases import policy
from samverkan.cases.models import Case, add_months
from samverkan.cases.services import close_case
from samverkan.cases.tests.test_extract import fill_in_every_step
from samverkan.core.models import AccessLogEntry
from tests.factories import give_consent, identity_number, make_case, request_as

TODAY = timezone.localdate()
NAME = "Greta Gallringsson"


def closed_case(w, months_ago, *, number=None, **fields):
    """A case with every step recorded, closed `months_ago` months before today."""
    closed_on = add_months(TODAY, -months_ago)
    raised_on = add_months(closed_on, -8)
    case = make_case(
        w.team,
        w.rehab,
        raised_on=raised_on,
        name=NAME,
        personal_number=number or identity_number("19800101"),
        mental_ill_health=True,
        newly_arrived=True,
        income=("sjukpenning", "forsorjningsstod"),
        **fields,
    )
    give_consent(case, [w.region, w.fk], w.rehab)
    meeting_on = raised_on + datetime.timedelta(days=14)
    fill_in_every_step(w, case, meeting_on=meeting_on, followed_up_on=add_months(meeting_on, 6))
    close_case(
        request_as(w.rehab_user),
        case,
        Case.ClosureReason.ENDED_AS_PLANNED,
        closed_on,
        note="Har fått anställning hos Greta AB.",
        exception_reason="Greta ville avsluta före uppföljningen.",
    )
    return Case.objects.get(pk=case.pk)


def statistics(case):
    """What the indicators count: must survive erasure unchanged."""
    case = Case.objects.get(pk=case.pk)
    return {
        "team": case.team_id,
        "municipality": case.municipality_id,
        "gender": case.gender,
        "age_band": case.age_band,
        "priority_groups": (
            case.young_outside_work_and_studies,
            case.mental_ill_health,
            case.newly_arrived,
        ),
        "dates": (case.raised_on, case.meeting_on, case.closed_on, case.follow_up_due_on),
        "participation": (case.individual_invited, case.participation, case.participation_mode),
        "income_before": sorted(case.income_support_at_raising.values_list("code", flat=True)),
        "income_after": sorted(case.follow_up.income_support.values_list("code", flat=True)),
        "survey": (
            case.survey.took_part_in_planning,
            case.survey.felt_involved,
            case.survey.plan_fits,
            case.survey.answered_on,
        ),
        "plan_started": case.follow_up.plan_started,
        "followed_up_on": case.follow_up.followed_up_on,
        "plan_steps": list(case.plan_steps.values_list("responsible_party", "planned_start")),
        "consents": list(case.consents.values_list("kind", "given_on", "withdrawn_on")),
        "sip_and_joint_mapping": (case.mapping.sip_needed, case.mapping.joint_mapping_needed),
        "closure_reason": case.closure_reason,
    }


def everything(case):
    """Every stored value of the case and its steps, to show nothing changed."""
    case = Case.objects.get(pk=case.pk)
    return {
        "case": Case.objects.filter(pk=case.pk).values().get(),
        "consents": list(case.consents.values()),
        "preparations": list(case.preparations.values()),
        "mapping": list(type(case.mapping).objects.filter(case=case).values()),
        "plan": list(case.plan_steps.values()),
        "follow_up": list(type(case.follow_up).objects.filter(case=case).values()),
        "statistics": statistics(case),
    }


def run(*args):
    out = io.StringIO()
    call_command("erase_closed_cases", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def due(team_world):
    return closed_case(team_world, 25, number=identity_number("19800101", 321))


def test_a_case_closed_25_months_ago_is_erased_and_its_statistics_kept(team_world, due):
    assert due.closure_exception_reason  # free text, erased with the rest
    before = statistics(due)
    run()
    case = Case.objects.get(pk=due.pk)
    assert case.erased_at is not None
    assert (case.name, case.personal_number, case.question, case.closure_note) == ("", "", "", "")
    assert case.closure_exception_reason == ""
    assert case.birth_year is None
    assert not case.preparations.exists()
    assert [case.mapping.health, case.mapping.work] == ["", ""]
    assert [case.mapping.social_insurance, case.mapping.social_situation] == ["", ""]
    assert list(case.plan_steps.values_list("action", "benefit")) == [("", "")]
    assert case.follow_up.note == ""
    assert list(case.consents.values_list("information", "purpose")) == [("", "")]
    assert statistics(case) == before


def test_a_case_closed_23_months_ago_and_an_open_case_are_untouched(team_world, due):
    w = team_world
    recent = closed_case(w, 23)
    open_case = make_case(w.team, w.rehab, raised_on=add_months(TODAY, -30))
    before = [everything(recent), Case.objects.filter(pk=open_case.pk).values().get()]
    output = run()
    assert [everything(recent), Case.objects.filter(pk=open_case.pk).values().get()] == before
    assert recent.code not in output and open_case.code not in output
    assert due.code in output


def test_dry_run_changes_nothing_and_lists_the_codes(team_world, due):
    before = everything(due)
    entries = AccessLogEntry.objects.count()
    output = run("--dry-run")
    assert "Skulle gallra 1 ärende avslutat" in output
    assert due.code in output
    assert everything(due) == before
    assert AccessLogEntry.objects.count() == entries


def test_output_names_codes_never_names_or_numbers(team_world, due):
    number = due.personal_number
    for output in (run("--dry-run"), run()):
        assert due.code in output
        assert NAME not in output
        assert number not in output
        assert number[2:8] not in output  # not even the birth date part
        assert "Greta AB" not in output


def test_an_erase_entry_is_written_per_case(team_world, due):
    other = closed_case(team_world, 30)
    output = run()
    assert "Gallrade 2 ärenden" in output
    erased = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.ERASE)
    assert sorted(erased.values_list("case_code", flat=True)) == sorted([due.code, other.code])
    assert all(e.user is None and e.username == "gallring" for e in erased)


def test_running_twice_erases_nothing_more(team_world, due):
    run()
    erased_at = Case.objects.get(pk=due.pk).erased_at
    after_first = everything(due)
    entries = AccessLogEntry.objects.count()
    output = run()
    assert "Gallrade 0 ärenden" in output
    assert due.code not in output
    assert everything(due) == after_first
    assert Case.objects.get(pk=due.pk).erased_at == erased_at
    assert AccessLogEntry.objects.count() == entries


def test_the_period_comes_from_settings_or_the_option(team_world, due, settings):
    settings.CASE_RETENTION_MONTHS = 30
    assert "Gallrade 0 ärenden" in run()
    assert Case.objects.get(pk=due.pk).erased_at is None
    assert "(gallringsfrist 24 månader)" in run("--months", "24")
    assert Case.objects.get(pk=due.pk).erased_at is not None


def test_a_negative_period_is_refused(team_world, due):
    with pytest.raises(CommandError, match="Gallringsfristen kan inte vara negativ."):
        run("--months", "-1")
    assert Case.objects.get(pk=due.pk).erased_at is None


def test_after_erasure_nobody_sees_the_identity(team_world, due, client_for):
    w = team_world
    run()
    case = Case.objects.get(pk=due.pk)
    users = [
        w.rehab_user,
        w.fk_user,
        w.af_user,
        w.social_user,
        w.former_user,
        w.process_leader_user,
        w.other_team_user,
        w.kansli,
        w.mysam_coordinator,
        w.log_reviewer,
    ]
    for user in users:
        policy.forget_seats(user)
        assert not policy.can_see_identity(user, case), user.username
    # The team still knows the case exists, without anything about the individual.
    response = client_for(w.rehab_user).get(f"/arenden/{case.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert case.code in html
    for personal in (NAME, due.personal_number, "Vilket stöd", "Bor ensam", "Greta AB"):
        assert personal not in html, personal
    assert client_for(w.rehab_user).get(f"/arenden/{case.code}/utdrag.json").status_code == 404
