"""Every response that shows personal data writes exactly one read entry, whatever the path:
the first view, a form sent back with errors, a stale edit refused with 409. A save writes its
change entry and no read; a page that shows nothing about the individual writes nothing."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.forms.steps import plan_fingerprint
from samverkan.cases.models import Case, IncomeSupportSource, Preparation, SurveyResponse
from samverkan.core.models import AccessLogEntry
from tests.factories import close, consented_case, give_consent, identity_number, make_case

TODAY = timezone.localdate()
NAME = "Nina Nilsson"


@pytest.fixture
def case(team_world):
    """Raised by the region, whose rehab coordinator acts; the team consent names FK and AF too."""
    return consented_case(team_world, name=NAME)


def case_url(name, case, *args):
    return reverse(f"cases:{name}", args=[case.code, *args])


def new_entries(send):
    """(response, [entries written while `send()` ran])."""
    last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = send()
    return response, list(AccessLogEntry.objects.filter(pk__gt=last).order_by("pk"))


def assert_one_read(entries, case, user):
    assert [(e.action, e.case_id, e.user_id) for e in entries] == [("read", case.pk, user.pk)]


# --- Raising ----------------------------------------------------------------------------------


def raising_data(w, **changes):
    number = identity_number("19850314")
    data = {
        "raised_on": TODAY.isoformat(),
        "personal_number": f"{number[:8]}-{number[8:]}",
        "name": NAME,
        "gender": "woman",
        "municipality": w.alby.pk,
        "income_support_at_raising": [IncomeSupportSource.objects.get(code="sjukpenning").pk],
        "question": "Vilket stöd behövs?",
        **changes,
    }
    return data


def test_raising_form_sent_back_with_errors_is_one_read_of_an_unsaved_case(team_world, client_for):
    w = team_world
    client = client_for(w.rehab_user)
    response, entries = new_entries(lambda: client.get(reverse("cases:raise", args=[w.team.pk])))
    assert response.status_code == 200 and entries == []  # a blank form shows nobody

    data = raising_data(w, question="")
    response, entries = new_entries(
        lambda: client.post(reverse("cases:raise", args=[w.team.pk]), data)
    )
    assert response.status_code == 200
    assert NAME in response.content.decode()
    assert [(e.action, e.case_id, e.case_code, e.user_id) for e in entries] == [
        ("read", None, "", w.rehab_user.pk)
    ]
    assert data["personal_number"][:8] not in entries[0].what
    assert not Case.objects.exists()


def test_a_raising_saved_writes_its_registration_and_no_read(team_world, client_for):
    w = team_world
    client = client_for(w.rehab_user)
    response, entries = new_entries(
        lambda: client.post(reverse("cases:raise", args=[w.team.pk]), raising_data(w))
    )
    assert response.status_code == 302
    assert [e.action for e in entries] == ["create"]


def edit_data(case, **changes):
    return {
        "version": case.version,
        "raised_on": case.raised_on.isoformat(),
        "personal_number": case.personal_number,
        "name": case.name,
        "gender": case.gender,
        "municipality": case.municipality_id,
        "income_support_at_raising": [s.pk for s in case.income_support_at_raising.all()],
        "question": case.question,
        **changes,
    }


def test_raising_correction_sent_back_or_stale_is_one_read(team_world, client_for, case):
    w = team_world
    client = client_for(w.rehab_user)
    target = case_url("edit_raising", case)
    response, entries = new_entries(lambda: client.post(target, edit_data(case, question="")))
    assert response.status_code == 200
    assert_one_read(entries, case, w.rehab_user)

    stale = edit_data(case, version=case.version - 1)
    response, entries = new_entries(lambda: client.post(target, stale))
    assert response.status_code == 409
    assert_one_read(entries, case, w.rehab_user)

    response, entries = new_entries(lambda: client.get(target))
    assert_one_read(entries, case, w.rehab_user)
    response, entries = new_entries(lambda: client.post(target, edit_data(case, name="Ny")))
    assert response.status_code == 302
    assert [e.action for e in entries] == ["change"]


# --- The case page ------------------------------------------------------------------------------


def test_the_case_page_is_one_read(team_world, client_for, case):
    w = team_world
    response, entries = new_entries(lambda: client_for(w.af_user).get(case.get_absolute_url()))
    assert NAME in response.content.decode()
    assert_one_read(entries, case, w.af_user)


def test_the_case_page_without_sight_of_the_individual_is_no_read(team_world, client_for, case):
    w = team_world
    response, entries = new_entries(lambda: client_for(w.social_user).get(case.get_absolute_url()))
    assert response.status_code == 200 and entries == []


# --- Consent ------------------------------------------------------------------------------------


def consent_data(w, **changes):
    return {
        "kind": "sip",
        "parties": [w.region.pk, w.alby_party.pk],
        "information": "Uppgifter om hälsa och försörjning.",
        "purpose": "SIP med kommunen.",
        "given_on": TODAY.isoformat(),
        "form": "written",
        "valid_until": "",
        **changes,
    }


def test_consent_form_sent_back_with_errors_is_one_read(team_world, client_for, case):
    w = team_world
    client = client_for(w.rehab_user)
    target = case_url("consent_add", case)
    response, entries = new_entries(lambda: client.get(target))
    assert response.status_code == 200 and entries == []  # a blank form

    future = (TODAY + datetime.timedelta(days=1)).isoformat()
    response, entries = new_entries(lambda: client.post(target, consent_data(w, given_on=future)))
    assert response.status_code == 200
    assert "SIP med kommunen." in response.content.decode()
    assert_one_read(entries, case, w.rehab_user)

    response, entries = new_entries(lambda: client.post(target, consent_data(w)))
    assert response.status_code == 302
    assert [e.action for e in entries] == ["create"]


def test_withdrawal_page_shows_the_consent_and_is_one_read_each_time(team_world, client_for, case):
    w = team_world
    client = client_for(w.fk_user)
    consent = case.consents.get()
    target = case_url("consent_withdraw", case, consent.pk)
    response, entries = new_entries(lambda: client.get(target))
    assert response.status_code == 200
    assert_one_read(entries, case, w.fk_user)

    future = (TODAY + datetime.timedelta(days=1)).isoformat()
    response, entries = new_entries(lambda: client.post(target, {"withdrawn_on": future}))
    assert response.status_code == 200
    assert_one_read(entries, case, w.fk_user)


def test_declining_page_shows_nobody_and_is_no_read(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    response, entries = new_entries(
        lambda: client_for(w.rehab_user).get(case_url("consent_declined", case))
    )
    assert response.status_code == 200 and entries == []


# --- Closure ------------------------------------------------------------------------------------


def test_closure_form_sent_back_with_errors_is_one_read(team_world, client_for, case):
    w = team_world
    client = client_for(w.rehab_user)
    target = case_url("close", case)
    response, entries = new_entries(lambda: client.get(target))
    assert response.status_code == 200 and entries == []  # a blank form

    data = {"reason": "ended_as_planned", "closed_on": TODAY.isoformat(), "note": "Planen följd."}
    response, entries = new_entries(lambda: client.post(target, data))
    assert response.status_code == 200
    assert "Planen följd." in response.content.decode()
    assert_one_read(entries, case, w.rehab_user)
    case.refresh_from_db()
    assert not case.is_closed


# --- The steps after consent ----------------------------------------------------------------


def test_meeting_form_sent_back_or_stale_is_one_read(team_world, client_for, case):
    w = team_world
    client = client_for(w.rehab_user)
    target = case_url("meeting", case)
    response, entries = new_entries(lambda: client.post(target, {"version": case.version}))
    assert response.status_code == 200
    assert NAME in response.content.decode()
    assert_one_read(entries, case, w.rehab_user)

    Case.objects.filter(pk=case.pk).update(version=F("version") + 1)
    held = {
        "version": case.version,
        "meeting_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "individual_invited": "yes",
    }
    response, entries = new_entries(lambda: client.post(target, held))
    assert response.status_code == 409
    assert_one_read(entries, case, w.rehab_user)


def test_preparation_form_sent_back_is_one_read(team_world, client_for, case):
    w = team_world
    client = client_for(w.fk_user)
    target = case_url("preparation", case)
    response, entries = new_entries(lambda: client.post(target, {"note": ""}))
    assert response.status_code == 200
    assert "Skriv förberedelsen." in response.content.decode()
    assert_one_read(entries, case, w.fk_user)

    response, entries = new_entries(lambda: client.post(target, {"note": "FK:s underlag."}))
    assert response.status_code == 302
    assert [e.action for e in entries] == ["create"]
    assert Preparation.objects.filter(case=case, party=w.fk).exists()


def test_mapping_form_sent_back_is_one_read(team_world, client_for, case):
    w = team_world
    client = client_for(w.af_user)
    response, entries = new_entries(
        lambda: client.post(case_url("mapping", case), {"health": "Ryggbesvär."})
    )
    assert response.status_code == 200
    assert "Ryggbesvär." in response.content.decode()
    assert_one_read(entries, case, w.af_user)


def plan_data(case, version=None, **row):
    return {
        "plan_version": plan_fingerprint(case) if version is None else version,
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        **{f"steps-0-{name}": value for name, value in row.items()},
    }


def test_plan_form_sent_back_or_stale_is_one_read(team_world, client_for, case):
    w = team_world
    client = client_for(w.af_user)
    target = case_url("plan", case)
    response, entries = new_entries(lambda: client.post(target, plan_data(case)))
    assert response.status_code == 200
    assert "Planeringen måste ha minst ett steg" in response.content.decode()
    assert_one_read(entries, case, w.af_user)

    row = {"responsible_party": w.af.pk, "action": "Arbetsträning", "planned_start": "2030-01-01"}
    response, entries = new_entries(lambda: client.post(target, plan_data(case, "old", **row)))
    assert response.status_code == 409
    assert_one_read(entries, case, w.af_user)


def test_survey_form_sent_back_or_answered_meanwhile_is_one_read(team_world, client_for, case):
    w = team_world
    client = client_for(w.rehab_user)
    target = case_url("survey", case)
    response, entries = new_entries(lambda: client.post(target, {"felt_involved": "4"}))
    assert response.status_code == 200
    assert_one_read(entries, case, w.rehab_user)

    SurveyResponse.objects.create(
        case=case,
        took_part_in_planning=4,
        felt_involved=4,
        plan_fits=4,
        answered_on=TODAY,
        source=SurveyResponse.Source.LINK,
    )
    answers = {
        "took_part_in_planning": "3",
        "felt_involved": "3",
        "plan_fits": "3",
        "answered_on": TODAY.isoformat(),
    }
    response, entries = new_entries(lambda: client.post(target, answers))
    assert response.status_code == 409
    assert_one_read(entries, case, w.rehab_user)

    response, entries = new_entries(lambda: client.get(target))
    assert response.status_code == 200
    assert_one_read(entries, case, w.rehab_user)


def test_follow_up_form_sent_back_is_one_read(team_world, client_for, case):
    w = team_world
    client = client_for(w.rehab_user)
    response, entries = new_entries(
        lambda: client.post(case_url("follow_up", case), {"note": "Börjat studera."})
    )
    assert response.status_code == 200
    assert "Börjat studera." in response.content.decode()
    assert_one_read(entries, case, w.rehab_user)


@pytest.mark.parametrize("step", ["meeting", "preparation", "mapping", "plan", "survey"])
def test_a_step_refused_with_403_shows_nobody_and_is_no_read(team_world, client_for, case, step):
    w = team_world
    close(case, w.rehab_user)
    client = client_for(w.rehab_user)
    for send in (
        lambda: client.get(case_url(step, case)),
        lambda: client.post(case_url(step, case)),
    ):
        response, entries = new_entries(send)
        assert response.status_code == 403
        assert NAME not in response.content.decode()
        assert entries == []


def test_a_survey_link_made_is_its_creation_and_no_read(team_world, client_for, case):
    w = team_world
    response, entries = new_entries(
        lambda: client_for(w.rehab_user).post(case_url("survey_link", case))
    )
    assert response.status_code == 200
    assert [e.action for e in entries] == ["create"]


@pytest.mark.parametrize("user", ["former_user", "other_team_user", "kansli"])
def test_outsiders_posting_a_form_get_404_and_no_entry(team_world, client_for, case, user):
    client = client_for(getattr(team_world, user))
    for name in ("edit_raising", "consent_add", "close", "meeting", "plan", "follow_up"):
        response, entries = new_entries(lambda: client.post(case_url(name, case), {}))  # noqa: B023
        assert response.status_code == 404
        assert entries == []


def test_a_party_outside_the_consent_posting_a_step_gets_404_and_no_entry(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab, name=NAME)
    give_consent(case, [w.region, w.af], w.rehab)
    response, entries = new_entries(
        lambda: client_for(w.fk_user).post(case_url("meeting", case), {})
    )
    assert response.status_code == 404 and entries == []
