"""The case services: what each changes, what it refuses, and the log entries it writes."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from samverkan.cases import policy, services
from samverkan.cases.models import (
    Case,
    Consent,
    FollowUp,
    Gender,
    IncomeSupportSource,
    PlanStep,
    SurveyLink,
    SurveyResponse,
)
from samverkan.core import access_log
from samverkan.core.models import AccessLogEntry
from tests.factories import give_consent, identity_number, make_case, request_as

TODAY = timezone.localdate()
Reason = Case.ClosureReason
ANSWERS = {"took_part_in_planning": 4, "felt_involved": 3, "plan_fits": 2}


def days(n):
    return datetime.timedelta(days=n)


def log_of(case):
    """(action, what, username, page) of the case's entries, oldest first."""
    return [
        (entry.action, entry.what, entry.username, entry.page)
        for entry in AccessLogEntry.objects.filter(case_id=case.pk).order_by("pk")
    ]


def new_entries(before, case):
    return log_of(case)[len(before) :]


@pytest.fixture
def case(team_world):
    """A case raised 40 days ago by the rehab coordinator, with a team consent naming FK."""
    w = team_world
    case = make_case(w.team, w.rehab, raised_on=TODAY - days(40))
    give_consent(case, [w.fk, w.alby_party], w.rehab, given_on=TODAY - days(30))
    return Case.objects.get(pk=case.pk)


def unraised(w, **fields):
    values = {
        "team": w.team,
        "raised_on": TODAY - days(3),
        "raised_by": w.rehab,
        "raising_party": w.region,
        "question": "Vilket stöd behövs?",
        "personal_number": identity_number("19850314"),
        "name": "Testa Testsson",
        "gender": Gender.MAN,
        "municipality": w.alby,
    }
    values.update(fields)
    return Case(**values)


# --- raise_case -------------------------------------------------------------------------------


def test_raise_case_gives_a_code_and_logs_the_registration(team_world):
    w = team_world
    new = unraised(w, raised_on=datetime.date(2024, 5, 2))
    new.derive_age()
    sources = IncomeSupportSource.objects.filter(code__in=["sjukpenning", "forsorjningsstod"])

    saved = services.raise_case(request_as(w.rehab_user, "/arenden/team/1/nytt/"), new, sources)

    assert re.fullmatch(r"T2024-\d{5}", saved.code)
    assert saved.code == f"T2024-{saved.pk:05d}"
    assert Case.objects.get(pk=saved.pk).code == saved.code
    assert set(saved.income_support_at_raising.values_list("code", flat=True)) == {
        "sjukpenning",
        "forsorjningsstod",
    }
    assert saved.age_at_raising == 39 and saved.age_band == "35-39"
    assert log_of(saved) == [
        ("create", "aktualisering med identitetsuppgifter", "rehab", "/arenden/team/1/nytt/")
    ]
    entry = AccessLogEntry.objects.get(case_id=saved.pk)
    assert (entry.case_code, entry.federation_id, entry.user) == (
        saved.code,
        w.federation.pk,
        w.rehab_user,
    )
    assert saved.personal_number not in entry.what + entry.page


def test_raise_case_refuses_an_invalid_case_and_saves_nothing(team_world):
    new = unraised(team_world, raised_on=TODAY + days(1))

    with pytest.raises(ValidationError) as error:
        services.raise_case(request_as(team_world.rehab_user), new, [])

    assert "raised_on" in error.value.message_dict
    assert not Case.objects.exists() and not AccessLogEntry.objects.exists()


def test_an_invalid_identity_number_never_reaches_the_database(team_world):
    number = identity_number("19850314")
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    new = unraised(team_world, personal_number=wrong)

    with pytest.raises(ValidationError, match="Kontrollsiffran stämmer inte"):
        new.derive_age()
    # Without the age derived from a valid number, the service refuses the case too.
    with pytest.raises(ValidationError):
        services.raise_case(request_as(team_world.rehab_user), new, [])

    assert not Case.objects.exists() and not AccessLogEntry.objects.exists()


def test_raise_case_refuses_no_public_support_combined_with_another_source(team_world):
    new = unraised(team_world)
    new.derive_age()
    sources = IncomeSupportSource.objects.filter(code__in=["ingen", "lon"])

    with pytest.raises(ValidationError) as error:
        services.raise_case(request_as(team_world.rehab_user), new, sources)

    assert "income_support_at_raising" in error.value.message_dict
    assert not Case.objects.exists() and not AccessLogEntry.objects.exists()


# --- record_consent ---------------------------------------------------------------------------


def test_record_consent_saves_the_parties_and_logs_it(team_world, case):
    w = team_world
    before = log_of(case)
    consent = Consent(
        case=case,
        kind=Consent.Kind.SIP,
        information="Hälsa och social situation.",
        purpose="SIP",
        given_on=TODAY,
        form=Consent.Form.ORAL,
        obtained_by=w.social_worker,
    )

    services.record_consent(request_as(w.social_user, "/s/"), consent, [w.region, w.alby_party])

    assert set(consent.parties.all()) == {w.region, w.alby_party}
    assert new_entries(before, case) == [
        (
            "create",
            "samtycke: samtycke till samordnad individuell plan (SIP)",
            "soc",
            "/s/",
        )
    ]
    # A SIP consent and a team consent are separate records.
    assert case.consents.count() == 2 and case.team_consent().kind == Consent.Kind.TEAM


def closed_elsewhere(w, case):
    """Close `case` as another request would, leaving the caller's copy as it was."""
    services.close_case(
        request_as(w.fk_user), Case.objects.get(pk=case.pk), Reason.ENDED_AS_PLANNED, TODAY
    )


def team_consent_for(w, case):
    return Consent(
        case=case,
        kind=Consent.Kind.TEAM,
        information="Allt",
        purpose="Samverkan",
        given_on=TODAY,
        form=Consent.Form.WRITTEN,
        obtained_by=w.rehab,
    )


def test_record_consent_is_refused_on_a_closed_case(team_world, case):
    w = team_world
    closed_elsewhere(w, case)
    case = Case.objects.get(pk=case.pk)
    before = log_of(case)

    with pytest.raises(ValidationError, match="Ärendet är avslutat och kan inte ändras"):
        services.record_consent(request_as(w.rehab_user), team_consent_for(w, case), [w.fk])

    assert case.consents.count() == 1
    assert log_of(case) == before


def test_record_consent_is_refused_on_a_case_closed_by_another_request(team_world, case):
    """The case the caller holds may be stale: the service must look at the saved case, as
    withdraw_consent, decline_consent and close_case do."""
    w = team_world
    closed_elsewhere(w, case)
    before = log_of(case)

    with pytest.raises(ValidationError, match="Ärendet är avslutat och kan inte ändras"):
        services.record_consent(request_as(w.rehab_user), team_consent_for(w, case), [w.fk])

    assert case.consents.count() == 1
    assert log_of(case) == before


def test_a_survey_link_is_refused_on_a_case_closed_by_another_request(team_world, case):
    w = team_world
    closed_elsewhere(w, case)

    with pytest.raises(ValidationError, match="Ärendet är avslutat"):
        services.create_survey_link(request_as(w.rehab_user), case, w.rehab)

    assert not case.survey_links.exists()


def test_record_consent_refuses_a_future_date_and_saves_nothing(team_world, case):
    w = team_world
    before = log_of(case)
    consent = Consent(
        case=case,
        kind=Consent.Kind.FOLLOW_UP,
        information="Uppföljning",
        purpose="Uppföljning",
        given_on=TODAY + days(1),
        form=Consent.Form.WRITTEN,
        obtained_by=w.rehab,
    )

    with pytest.raises(ValidationError) as error:
        services.record_consent(request_as(w.rehab_user), consent, [w.fk])

    assert "given_on" in error.value.message_dict
    assert case.consents.count() == 1 and log_of(case) == before


# --- withdraw_consent -------------------------------------------------------------------------


def test_withdrawing_the_team_consent_breaks_off_the_case_at_once(team_world, case):
    w = team_world
    link, token = services.create_survey_link(request_as(w.rehab_user), case, w.rehab)
    assert policy.can_see_identity(w.fk_user, case)
    assert policy.can_add_information(w.fk_user, case)
    before = log_of(case)

    services.withdraw_consent(
        request_as(w.fk_user, "/w/"), case.team_consent(), w.fk_officer, on=TODAY - days(2)
    )

    policy.forget_seats(w.fk_user)
    case = Case.objects.get(pk=case.pk)
    consent = case.consents.get(kind=Consent.Kind.TEAM)
    assert (consent.withdrawn_on, consent.withdrawn_recorded_by) == (TODAY - days(2), w.fk_officer)
    assert (case.closed_on, case.closure_reason) == (TODAY, Reason.CONSENT_WITHDRAWN)
    assert case.status() == Case.Status.CLOSED
    assert not policy.can_see_identity(w.fk_user, case)
    assert not policy.can_add_information(w.rehab_user, case)
    assert policy.can_see_case(w.fk_user, case)
    link.refresh_from_db()
    assert link.revoked_at is not None and services.survey_link_for(token) is None
    assert new_entries(before, case) == [
        ("change", "samtycke återkallat: samtycke till samverkan i Trisam-teamet", "fk", "/w/"),
        ("change", "ärendet avslutat: avbrutet, samtycket återkallat", "fk", "/w/"),
    ]
    # The retention period runs from the closing day.
    assert services.erasable_cases(services.add_months(TODAY, 24), 24).get() == case


def test_the_other_party_loses_sight_within_the_same_user_object(team_world, case):
    w = team_world
    fk_user = w.fk_user
    assert policy.can_see_identity(fk_user, case)

    services.withdraw_consent(request_as(w.rehab_user), case.team_consent(), w.rehab)

    # The seats are unchanged, so the cached seats need not be dropped: the consent decides.
    assert not policy.can_see_identity(fk_user, Case.objects.get(pk=case.pk))
    policy.forget_seats(fk_user)
    assert not policy.can_see_identity(fk_user, Case.objects.get(pk=case.pk))


def test_a_consent_cannot_be_withdrawn_twice(team_world, case):
    w = team_world
    sip = give_consent(case, [w.region, w.alby_party], w.rehab, kind=Consent.Kind.SIP)
    services.withdraw_consent(request_as(w.rehab_user), sip, w.rehab)
    before = log_of(case)

    with pytest.raises(ValidationError, match="Samtycket är redan återkallat"):
        services.withdraw_consent(request_as(w.rehab_user), sip, w.rehab)

    assert log_of(case) == before
    assert not Case.objects.get(pk=case.pk).is_closed


def test_the_team_consent_cannot_be_withdrawn_again_once_the_case_is_closed(team_world, case):
    w = team_world
    consent = case.team_consent()
    services.withdraw_consent(request_as(w.rehab_user), consent, w.rehab)
    before = log_of(case)

    with pytest.raises(ValidationError, match="Ärendet är avslutat"):
        services.withdraw_consent(request_as(w.rehab_user), consent, w.rehab)

    assert log_of(case) == before


def test_withdrawing_a_sip_consent_leaves_the_case_open(team_world, case):
    w = team_world
    sip = give_consent(case, [w.region, w.alby_party], w.rehab, kind=Consent.Kind.SIP)
    before = log_of(case)

    services.withdraw_consent(request_as(w.rehab_user), sip, w.rehab)

    case = Case.objects.get(pk=case.pk)
    assert not case.is_closed and case.team_consent() is not None
    assert new_entries(before, case) == [
        (
            "change",
            "samtycke återkallat: samtycke till samordnad individuell plan (SIP)",
            "rehab",
            "/test/",
        ),
    ]


def test_a_withdrawal_dated_in_the_future_is_refused(team_world, case):
    w = team_world
    before = log_of(case)

    with pytest.raises(ValidationError) as error:
        services.withdraw_consent(
            request_as(w.rehab_user), case.team_consent(), w.rehab, on=TODAY + days(1)
        )

    assert "withdrawn_on" in error.value.message_dict
    assert case.consents.get().withdrawn_on is None
    assert not Case.objects.get(pk=case.pk).is_closed and log_of(case) == before


def test_a_withdrawal_dated_before_the_consent_counts_from_the_consent(team_world, case):
    consent = case.team_consent()

    services.withdraw_consent(
        request_as(team_world.rehab_user), consent, team_world.rehab, on=TODAY - days(35)
    )

    consent.refresh_from_db()
    assert consent.withdrawn_on == consent.given_on


# --- decline_consent --------------------------------------------------------------------------


def test_a_declined_consent_keeps_only_the_anonymous_record(team_world):
    w = team_world
    case = make_case(
        w.team,
        w.rehab,
        raised_on=TODAY - days(10),
        personal_number=identity_number("19900101"),
        young_outside_work_and_studies=True,
        age_exception_reason="",
    )
    before = log_of(case)

    services.decline_consent(request_as(w.rehab_user, "/d/"), case)

    case = Case.objects.get(pk=case.pk)
    assert (case.name, case.personal_number, case.question) == ("", "", "")
    assert (case.birth_year, case.gender, case.municipality) == (1990, Gender.WOMAN, w.alby)
    assert case.age_band and case.young_outside_work_and_studies
    assert (case.closed_on, case.closure_reason) == (TODAY, Reason.CONSENT_DECLINED)
    assert case.is_anonymous and not case.is_erased
    assert new_entries(before, case) == [
        ("change", "ärendet avslutat: avbrutet, samtycke lämnades inte", "rehab", "/d/"),
        (
            "erase",
            "samtycke lämnades inte: namn, personnummer och fritext raderade",
            "rehab",
            "/d/",
        ),
    ]
    case.full_clean()


def test_a_closed_case_cannot_be_declined(team_world, case):
    w = team_world
    services.close_case(request_as(w.rehab_user), case, Reason.INDIVIDUAL_LEFT, TODAY)
    before = log_of(case)

    with pytest.raises(ValidationError, match="avslutat"):
        services.decline_consent(request_as(w.rehab_user), case)

    assert Case.objects.get(pk=case.pk).name == "Testa Testsson" and log_of(case) == before


# --- close_case -------------------------------------------------------------------------------


def test_close_case_closes_with_the_reason_and_logs_it(team_world, case):
    w = team_world
    link, token = services.create_survey_link(request_as(w.rehab_user), case, w.rehab)
    before = log_of(case)

    services.close_case(
        request_as(w.fk_user, "/c/"), case, Reason.NO_LONGER_RELEVANT, TODAY - days(1), "För sjuk"
    )

    case = Case.objects.get(pk=case.pk)
    assert (case.closed_on, case.closure_reason, case.closure_note) == (
        TODAY - days(1),
        Reason.NO_LONGER_RELEVANT,
        "För sjuk",
    )
    assert case.team_consent() is None
    assert services.survey_link_for(token) is None
    assert new_entries(before, case) == [
        ("change", "ärendet avslutat: avslutat, inte längre aktuellt", "fk", "/c/")
    ]


@pytest.mark.parametrize(
    ("closed_on", "message"),
    [
        (TODAY + days(1), "Avslutsdatum kan inte ligga i framtiden."),
        (TODAY - days(41), "Avslutsdatum kan inte ligga före aktualiseringen."),
    ],
)
def test_close_case_refuses_a_date_in_the_future_or_before_the_raising(
    team_world, case, closed_on, message
):
    before = log_of(case)

    with pytest.raises(ValidationError) as error:
        services.close_case(
            request_as(team_world.rehab_user), case, Reason.ENDED_AS_PLANNED, closed_on
        )

    assert error.value.message_dict["closed_on"] == [message]
    assert not Case.objects.get(pk=case.pk).is_closed and log_of(case) == before


@pytest.mark.parametrize("reason", [Reason.CONSENT_WITHDRAWN, Reason.CONSENT_DECLINED])
def test_close_case_refuses_the_consent_reasons(team_world, case, reason):
    before = log_of(case)

    with pytest.raises(ValidationError) as error:
        services.close_case(request_as(team_world.rehab_user), case, reason, TODAY)

    assert "reason" in error.value.message_dict
    assert not Case.objects.get(pk=case.pk).is_closed and log_of(case) == before


def test_a_closed_case_is_read_only(team_world, case):
    w = team_world
    services.close_case(request_as(w.rehab_user), case, Reason.REGISTERED_IN_ERROR, TODAY)
    case = Case.objects.get(pk=case.pk)

    for attempt in (
        lambda: services.close_case(request_as(w.rehab_user), case, Reason.ENDED_AS_PLANNED, TODAY),
        lambda: services.ensure_open(case),
        lambda: services.ensure_consent(case),
        lambda: services.create_survey_link(request_as(w.rehab_user), case, w.rehab),
    ):
        with pytest.raises(ValidationError, match="Ärendet är avslutat"):
            attempt()
    assert Case.objects.get(pk=case.pk).closure_reason == Reason.REGISTERED_IN_ERROR


def test_new_information_needs_a_team_consent(team_world):
    case = make_case(team_world.team, team_world.rehab)

    with pytest.raises(ValidationError, match="Det finns inget gällande samtycke"):
        services.ensure_consent(case)
    with pytest.raises(ValidationError, match="inget gällande samtycke"):
        services.create_survey_link(request_as(team_world.rehab_user), case, team_world.rehab)
    assert not case.survey_links.exists()


# --- The survey link --------------------------------------------------------------------------


def test_a_survey_link_stores_only_a_hash_and_replaces_the_earlier_one(team_world, case):
    w = team_world
    first, first_token = services.create_survey_link(request_as(w.rehab_user), case, w.rehab)
    before = log_of(case)

    link, token = services.create_survey_link(request_as(w.rehab_user, "/l/"), case, w.rehab)

    assert token not in link.token_hash and len(link.token_hash) == 64
    valid_for = link.expires_at - timezone.now()
    assert datetime.timedelta(days=SurveyLink.VALID_DAYS - 1) < valid_for
    assert valid_for <= datetime.timedelta(days=SurveyLink.VALID_DAYS)
    assert services.survey_link_for(token) == link
    assert services.survey_link_for(first_token) is None
    assert services.survey_link_for("") is None and services.survey_link_for("nonsense") is None
    assert new_entries(before, case) == [
        ("create", "engångslänk till deltagarenkäten", "rehab", "/l/")
    ]
    assert not any(token in entry[1] + entry[3] for entry in log_of(case))


def test_answering_through_the_link_saves_the_answers_once(team_world, case):
    w = team_world
    link, token = services.create_survey_link(request_as(w.rehab_user), case, w.rehab)
    before = log_of(case)

    response = services.answer_survey_via_link(request_as(None, "/e/"), token, ANSWERS)

    assert response.source == SurveyResponse.Source.LINK and response.answered_on == TODAY
    assert (response.plan_fits, response.entered_by) == (2, None)
    link.refresh_from_db()
    assert link.used_at is not None
    assert new_entries(before, case) == [
        ("create", "deltagarenkät besvarad", "deltagaren via engångslänk", "/e/")
    ]
    assert AccessLogEntry.objects.filter(case_id=case.pk).latest("pk").user is None

    assert services.answer_survey_via_link(request_as(None), token, ANSWERS) is None
    with pytest.raises(ValidationError, match="Enkäten är redan besvarad"):
        services.create_survey_link(request_as(w.rehab_user), Case.objects.get(pk=case.pk), w.rehab)
    assert len(log_of(case)) == len(before) + 1


def test_a_bad_answer_through_the_link_saves_nothing(team_world, case):
    w = team_world
    link, token = services.create_survey_link(request_as(w.rehab_user), case, w.rehab)
    before = log_of(case)

    with pytest.raises(ValidationError):
        services.answer_survey_via_link(request_as(None), token, {**ANSWERS, "plan_fits": 7})

    link.refresh_from_db()
    assert link.used_at is None and not SurveyResponse.objects.exists()
    assert log_of(case) == before


# --- Erasure ----------------------------------------------------------------------------------


def test_erase_case_keeps_the_statistics_and_logs_the_erasure(team_world, case):
    w = team_world
    case.meeting_on = TODAY - days(20)
    case.save()
    PlanStep.objects.create(
        case=case,
        responsible_party=w.af,
        action="Praktik",
        benefit="Aktivitetsstöd",
        planned_start=TODAY,
    )
    follow_up = FollowUp.objects.create(
        case=case,
        followed_up_on=TODAY,
        plan_started="partly",
        note="Anteckning",
        recorded_by=w.rehab,
    )
    follow_up.income_support.set(IncomeSupportSource.objects.filter(code="lon"))
    services.close_case(request_as(w.rehab_user), case, Reason.ENDED_AS_PLANNED, TODAY)
    before = log_of(case)

    services.erase_case(case)

    case = Case.objects.get(pk=case.pk)
    assert case.is_erased and (case.name, case.personal_number, case.question) == ("", "", "")
    assert case.birth_year is None and case.age_band and case.gender and case.municipality
    assert case.plan_steps.get().action == "" and case.follow_up.note == ""
    assert case.follow_up.plan_started == "partly"
    assert list(case.follow_up.income_support.values_list("code", flat=True)) == ["lon"]
    assert case.consents.get().information == ""
    assert new_entries(before, case) == [
        (
            "erase",
            "gallring efter avslutat ärende: personuppgifter och fritext raderade",
            "gallring",
            "",
        ),
    ]
    services.erase_case(case)
    assert len(log_of(case)) == len(before) + 1


def test_an_open_case_is_not_erased(team_world, case):
    before = log_of(case)

    with pytest.raises(ValidationError, match="Bara avslutade ärenden"):
        services.erase_case(case)

    assert Case.objects.get(pk=case.pk).name and log_of(case) == before


# --- One transaction: no change without its log entry -----------------------------------------


@pytest.fixture
def failing_log(monkeypatch):
    """Make the n-th access-log write from now on fail, as a full disk or lost connection would."""

    def fail_at(n):
        real = access_log.record
        calls = []

        def record(*args, **kwargs):
            calls.append(args)
            if len(calls) == n:
                raise RuntimeError("the log could not be written")
            return real(*args, **kwargs)

        monkeypatch.setattr(access_log, "record", record)

    return fail_at


def test_a_failed_log_entry_undoes_the_closure(team_world, case, failing_log):
    before = log_of(case)
    failing_log(1)

    with pytest.raises(RuntimeError):
        services.close_case(request_as(team_world.rehab_user), case, Reason.ENDED_AS_PLANNED, TODAY)

    assert not Case.objects.get(pk=case.pk).is_closed and log_of(case) == before


def test_a_failed_log_entry_undoes_the_whole_withdrawal(team_world, case, failing_log):
    w = team_world
    link, token = services.create_survey_link(request_as(w.rehab_user), case, w.rehab)
    before = log_of(case)
    failing_log(2)  # the withdrawal is logged, then logging the closure fails

    with pytest.raises(RuntimeError):
        services.withdraw_consent(request_as(w.rehab_user), case.team_consent(), w.rehab)

    case = Case.objects.get(pk=case.pk)
    assert case.consents.get().withdrawn_on is None and not case.is_closed
    assert services.survey_link_for(token) is not None
    assert log_of(case) == before


def test_a_failed_log_entry_undoes_the_decline(team_world, failing_log):
    case = make_case(team_world.team, team_world.rehab)
    failing_log(2)

    with pytest.raises(RuntimeError):
        services.decline_consent(request_as(team_world.rehab_user), case)

    case = Case.objects.get(pk=case.pk)
    assert case.name and case.personal_number and not case.is_closed
    assert len(log_of(case)) == 1


def test_a_failed_log_entry_undoes_the_raising(team_world, failing_log):
    new = unraised(team_world)
    new.derive_age()
    failing_log(1)

    with pytest.raises(RuntimeError):
        services.raise_case(request_as(team_world.rehab_user), new, [])

    assert not Case.objects.exists() and not AccessLogEntry.objects.exists()


def test_a_failed_log_entry_undoes_the_survey_answer(team_world, case, failing_log):
    w = team_world
    link, token = services.create_survey_link(request_as(w.rehab_user), case, w.rehab)
    failing_log(1)

    with pytest.raises(RuntimeError):
        services.answer_survey_via_link(request_as(None), token, ANSWERS)

    assert not SurveyResponse.objects.exists()
    assert services.survey_link_for(token) == link


def test_a_failed_log_entry_undoes_the_consent(team_world, case, failing_log):
    w = team_world
    failing_log(1)

    with pytest.raises(RuntimeError):
        give_consent(case, [w.fk], w.rehab, kind=Consent.Kind.FOLLOW_UP)

    assert case.consents.count() == 1
