"""The case model's own rules: what `clean()` refuses, the follow-up date, the status, consent."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from samverkan.cases.models import (
    EARLIEST_RAISING_DATE,
    Case,
    Consent,
    FollowUp,
    Gender,
    PlanStep,
    SurveyAnswer,
    SurveyResponse,
    add_months,
)
from samverkan.structure.models import GroupKind
from tests.factories import (
    consented_case,
    give_consent,
    identity_number,
    make_case,
    make_group,
    make_municipality,
    make_party,
    make_unit,
)

TODAY = timezone.localdate()
D = datetime.date
AGE_MESSAGE = "Trisam är till för personer 16–64 år; ange skälet om ärendet ändå ska tas upp."


def days(n):
    return datetime.timedelta(days=n)


def new_case(w, **fields):
    """An unsaved, valid case in the team, raised a month ago by the rehab coordinator."""
    raised_on = fields.pop("raised_on", TODAY - days(30))
    values = {
        "team": w.team,
        "raised_on": raised_on,
        "raised_by": w.rehab,
        "raising_party": w.region,
        "question": "Vilket stöd behövs?",
        "personal_number": identity_number("19850314"),
        "name": "Testa Testsson",
        "gender": Gender.WOMAN,
        "municipality": w.alby,
    }
    values.update(fields)
    case = Case(**values)
    case.derive_age()
    return case


def errors_of(case):
    with pytest.raises(ValidationError) as error:
        case.full_clean(exclude=["code"])
    return error.value.message_dict


def born_years_before(day, years, extra_days=0):
    """The YYYYMMDD birth date of someone who turns `years` on `day`, `extra_days` earlier."""
    birth = add_months(day, -12 * years) - days(extra_days)
    return birth.strftime("%Y%m%d")


# --- clean() ----------------------------------------------------------------------------------


def test_a_valid_case_passes(team_world):
    new_case(team_world).full_clean(exclude=["code"])


@pytest.mark.parametrize("age", [15, 65])
def test_an_age_outside_16_to_64_without_a_reason_is_refused(team_world, age):
    raised_on = TODAY - days(30)
    case = new_case(team_world, personal_number=identity_number(born_years_before(raised_on, age)))
    assert case.age_at_raising == age

    errors = errors_of(case)

    assert errors["age_exception_reason"] == [f"Personen är {age} år. {AGE_MESSAGE}"]
    case.age_exception_reason = "   "
    assert "age_exception_reason" in errors_of(case)


@pytest.mark.parametrize("age", [15, 65])
def test_an_age_outside_16_to_64_with_a_reason_is_accepted(team_world, age):
    raised_on = TODAY - days(30)
    case = new_case(
        team_world,
        personal_number=identity_number(born_years_before(raised_on, age)),
        age_exception_reason="Teamet har bedömt att samverkan behövs.",
    )

    case.full_clean(exclude=["code"])


@pytest.mark.parametrize(
    ("turns", "later", "age"),
    [(16, 0, 16), (17, 1, 16), (64, 0, 64), (65, 1, 64)],
)
def test_the_edges_of_the_target_age_need_no_reason(team_world, turns, later, age):
    """Someone who turns 16 on the raising day, or 65 the day after, is in the target group."""
    raised_on = TODAY - days(30)
    birth = add_months(raised_on, -12 * turns) + days(later)
    case = new_case(team_world, personal_number=identity_number(birth.strftime("%Y%m%d")))

    assert case.age_at_raising == age
    case.full_clean(exclude=["code"])


def test_the_age_of_a_protected_identity_comes_from_the_birth_year(team_world):
    case = new_case(
        team_world,
        protected_identity=True,
        personal_number="",
        name="",
        birth_year=TODAY.year - 40,
        raised_on=TODAY,
    )

    assert case.age_at_raising == 40
    case.full_clean(exclude=["code"])


def test_raised_on_before_the_earliest_raising_date_is_refused(team_world):
    case = new_case(team_world, raised_on=D(1800, 1, 1), personal_number="", name="")
    case.protected_identity, case.birth_year = True, 1780

    assert errors_of(case)["raised_on"] == [
        "Aktualiseringsdatumet kan inte ligga före 2014-01-01. Kontrollera årtalet."
    ]
    case.raised_on = EARLIEST_RAISING_DATE
    case.birth_year = 1985
    case.derive_age()
    case.full_clean(exclude=["code"])


def test_raised_on_in_the_future_is_refused(team_world):
    case = new_case(team_world, raised_on=TODAY + days(1))

    assert errors_of(case)["raised_on"] == ["Datumet kan inte ligga i framtiden."]
    case.raised_on = TODAY
    case.full_clean(exclude=["code"])


@pytest.mark.parametrize(("name", "number"), [("Testa Testsson", ""), ("", "198503149828")])
def test_a_protected_identity_with_a_name_or_number_is_refused(team_world, name, number):
    case = new_case(
        team_world, protected_identity=True, name=name, personal_number=number, birth_year=1985
    )

    assert errors_of(case)["protected_identity"] == [
        "Personer med skyddade personuppgifter registreras utan namn och personnummer."
    ]


def test_the_database_refuses_a_protected_identity_with_a_name(team_world):
    case = new_case(team_world, protected_identity=True, personal_number="", birth_year=1985)
    case.code = "T2024-99999"

    with pytest.raises(IntegrityError), transaction.atomic():
        case.save()
    assert not Case.objects.filter(code="T2024-99999").exists()


def test_a_protected_identity_needs_a_birth_year(team_world):
    case = new_case(team_world, protected_identity=True, personal_number="", name="")

    assert errors_of(case)["birth_year"] == ["Ange födelseår."]


def test_name_and_number_are_needed_unless_protected(team_world):
    case = new_case(team_world, personal_number="", name="")

    errors = errors_of(case)

    assert errors["personal_number"] == ["Ange personnummer eller samordningsnummer."]
    assert errors["name"] == ["Ange personens namn."]


def test_the_team_must_be_a_trisam_team(team_world):
    case = new_case(team_world, team=team_world.mysam)

    # The field's choices refuse it too; the model's own message says why.
    assert "Ärenden hör till Trisam-team." in errors_of(case)["team"]


def test_a_municipality_of_another_federation_is_refused(team_world):
    elsewhere = make_municipality(team_world.other_federation, name="Fjärran")

    case = new_case(team_world, municipality=elsewhere)

    assert errors_of(case)["municipality"] == ["Kommunen hör till ett annat förbund än teamet."]


def test_a_raising_party_of_another_federation_is_refused(team_world):
    other_fk = make_party(team_world.other_federation, name="Försäkringskassan", code="fk")

    case = new_case(team_world, raising_party=other_fk)

    assert errors_of(case)["raising_party"] == ["Parten hör till ett annat förbund än teamet."]


def test_a_team_of_another_federation_is_refused_with_our_municipality(team_world):
    w = team_world
    elsewhere = make_municipality(w.other_federation, name="Fjärran")
    unit = make_unit(make_party(w.other_federation), elsewhere)
    other_team = make_group(w.other_federation, GroupKind.TRISAM, unit=unit)

    errors = errors_of(new_case(w, team=other_team))

    assert "municipality" in errors and "raising_party" in errors


def test_the_meeting_cannot_be_before_the_raising(team_world):
    case = new_case(team_world, meeting_on=TODAY - days(31))

    assert errors_of(case)["meeting_on"] == ["Teammötet kan inte ligga före aktualiseringen."]


def test_participation_is_recorded_only_after_the_meeting(team_world):
    case = new_case(
        team_world,
        meeting_on=TODAY + days(3),
        individual_invited=True,
        participation=Case.Participation.TOOK_PART,
    )

    assert "participation" in errors_of(case)


def test_a_mode_of_participation_needs_participation(team_world):
    case = new_case(
        team_world,
        meeting_on=TODAY - days(3),
        individual_invited=True,
        participation=Case.Participation.DECLINED,
        participation_mode=Case.ParticipationMode.DIGITAL,
    )

    assert "participation_mode" in errors_of(case)


# --- Follow-up date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting", "due"),
    [
        (D(2024, 1, 15), D(2024, 7, 15)),
        (D(2023, 8, 31), D(2024, 2, 29)),  # leap year
        (D(2024, 8, 31), D(2025, 2, 28)),
        (D(2024, 12, 31), D(2025, 6, 30)),
        (D(2024, 7, 1), D(2025, 1, 1)),
    ],
)
def test_the_follow_up_is_due_six_months_after_the_meeting(team_world, meeting, due):
    case = make_case(team_world.team, team_world.rehab, raised_on=D(2023, 1, 2))

    case.meeting_on = meeting
    case.save()
    assert Case.objects.get(pk=case.pk).follow_up_due_on == due

    case.meeting_on = None
    case.save()
    assert Case.objects.get(pk=case.pk).follow_up_due_on is None


def test_add_months_goes_backwards_too():
    assert add_months(D(2024, 3, 31), -1) == D(2024, 2, 29)
    assert add_months(D(2024, 1, 31), -24) == D(2022, 1, 31)


# --- Status -----------------------------------------------------------------------------------


def test_status_goes_through_each_state(team_world):
    w = team_world
    case = make_case(w.team, w.rehab, raised_on=TODAY - days(200))
    assert case.status() == Case.Status.AWAITING_CONSENT

    give_consent(case, [w.region, w.fk, w.af, w.alby_party], w.rehab, given_on=TODAY - days(190))
    assert case.status() == Case.Status.AWAITING_MEETING
    assert case.status(TODAY - days(195)) == Case.Status.AWAITING_CONSENT

    case.meeting_on = TODAY + days(2)
    case.save()
    assert case.status() == Case.Status.AWAITING_MEETING

    case.meeting_on = TODAY - days(185)
    case.save()
    assert case.status() == Case.Status.AWAITING_PLAN

    PlanStep.objects.create(
        case=case, responsible_party=w.af, action="Arbetsträning", planned_start=TODAY
    )
    assert case.status() == Case.Status.AWAITING_FOLLOW_UP
    assert case.follow_up_is_overdue()
    assert not case.follow_up_is_overdue(today=case.follow_up_due_on)
    assert list(Case.objects.follow_up_due_by(TODAY)) == [case]

    FollowUp.objects.create(
        case=case, followed_up_on=TODAY, plan_started="yes", recorded_by=w.rehab
    )
    case = Case.objects.get(pk=case.pk)
    assert case.status() == Case.Status.READY_TO_CLOSE
    assert not case.follow_up_is_overdue()
    assert not Case.objects.follow_up_due_by(TODAY).exists()

    case.closed_on = TODAY
    case.closure_reason = Case.ClosureReason.ENDED_AS_PLANNED
    case.save()
    assert case.status() == Case.Status.CLOSED
    assert list(Case.objects.closed()) == [case] and not Case.objects.open().exists()


def test_an_expired_team_consent_puts_the_case_back_to_awaiting_consent(team_world):
    w = team_world
    case = make_case(w.team, w.rehab, raised_on=TODAY - days(60))
    give_consent(case, [w.fk], w.rehab, given_on=TODAY - days(50), valid_until=TODAY - days(1))

    assert case.status() == Case.Status.AWAITING_CONSENT
    assert case.status(TODAY - days(1)) == Case.Status.AWAITING_MEETING


def test_a_sip_consent_is_not_a_team_consent(team_world):
    w = team_world
    case = make_case(w.team, w.rehab)
    give_consent(case, [w.region, w.alby_party], w.rehab, kind=Consent.Kind.SIP)

    assert case.team_consent() is None
    assert case.status() == Case.Status.AWAITING_CONSENT


# --- Consent in effect ------------------------------------------------------------------------


@pytest.fixture
def consent(team_world):
    w = team_world
    case = make_case(w.team, w.rehab, raised_on=TODAY - days(100))
    return give_consent(case, [w.fk], w.rehab, given_on=TODAY - days(90))


def test_a_consent_is_not_in_effect_before_it_was_given(consent):
    assert not consent.is_in_effect_on(TODAY - days(91))
    assert consent.is_in_effect_on(TODAY - days(90))
    assert consent.is_in_effect_on(TODAY)


def test_a_consent_ends_after_its_last_valid_day(consent):
    consent.valid_until = TODAY - days(10)

    assert consent.is_in_effect_on(TODAY - days(10))
    assert not consent.is_in_effect_on(TODAY - days(9))
    assert not consent.is_in_effect_on(TODAY)


def test_a_withdrawn_consent_is_not_in_effect_from_the_withdrawal(consent):
    consent.withdrawn_on = TODAY - days(5)

    assert consent.is_in_effect_on(TODAY - days(6))
    assert not consent.is_in_effect_on(TODAY - days(5))
    assert not consent.is_in_effect_on(TODAY)


def test_a_consent_ends_when_the_case_is_closed(consent):
    consent.case.closed_on = TODAY - days(20)
    consent.case.closure_reason = Case.ClosureReason.ENDED_AS_PLANNED

    assert consent.is_in_effect_on(TODAY - days(21))
    assert not consent.is_in_effect_on(TODAY - days(20))
    assert not consent.is_in_effect_on(TODAY)


def test_a_consent_in_effect_has_no_ending(consent):
    assert consent.ending() == (None, None)


@pytest.mark.parametrize(
    ("withdrawn", "valid_until", "closed", "expected"),
    [
        (5, None, None, (5, Consent.Ending.WITHDRAWN)),
        (None, 10, None, (10, Consent.Ending.EXPIRED)),
        (None, None, 20, (20, Consent.Ending.CASE_CLOSED)),
        (None, -30, 20, (20, Consent.Ending.CASE_CLOSED)),  # valid beyond the closure
        (None, 30, 20, (30, Consent.Ending.EXPIRED)),  # ran out before the case closed
        (20, None, 20, (20, Consent.Ending.WITHDRAWN)),  # the withdrawal closed the case
        (None, 21, 20, (20, Consent.Ending.CASE_CLOSED)),  # last valid day, then the closure
    ],
)
def test_a_consent_ends_by_whatever_came_first(consent, withdrawn, valid_until, closed, expected):
    def ago(n):
        return None if n is None else TODAY - days(n)

    consent.withdrawn_on = ago(withdrawn)
    consent.valid_until = ago(valid_until)
    consent.case.closed_on = ago(closed)

    assert consent.ending() == (ago(expected[0]), expected[1])
    assert not consent.is_in_effect_on(TODAY)


def test_a_case_ended_as_planned_needs_a_held_meeting_and_a_plan(team_world):
    w = team_world
    case = consented_case(w)
    both = ["ett hållet teammöte", "en föreslagen planering"]
    assert [str(m) for m in case.missing_for_planned_closure(TODAY)] == both

    case.meeting_on = TODAY - days(3)
    assert [str(m) for m in case.missing_for_planned_closure(TODAY - days(4))] == both
    PlanStep.objects.create(
        case=case, responsible_party=w.af, action="Arbetsträning", planned_start=TODAY
    )
    assert [str(m) for m in case.missing_for_planned_closure(TODAY)] == []


def test_a_consent_dated_in_the_future_is_refused(consent):
    consent.given_on = TODAY + days(1)

    with pytest.raises(ValidationError) as error:
        consent.full_clean()
    assert "given_on" in error.value.message_dict


def test_a_consent_cannot_end_before_it_was_given(consent):
    consent.valid_until = consent.given_on - days(1)

    with pytest.raises(ValidationError) as error:
        consent.full_clean()
    assert "valid_until" in error.value.message_dict


def test_str_never_shows_who_the_individual_is(team_world):
    case = make_case(team_world.team, team_world.rehab, name="Hemlig Person")

    assert str(case) == case.code
    assert "Hemlig" not in str(case) and case.personal_number not in str(case)


def test_survey_answers_follow_the_statements_in_their_order(team_world):
    case = consented_case(team_world)
    survey = SurveyResponse(
        case=case,
        took_part_in_planning=SurveyAnswer.FULLY,
        felt_involved=SurveyAnswer.HARDLY,
        plan_fits=SurveyAnswer.NOT_AT_ALL,
        answered_on=TODAY,
        source=SurveyResponse.Source.PAPER,
    )

    assert survey.answers() == [
        (SurveyResponse.STATEMENTS["took_part_in_planning"], "stämmer helt"),
        (SurveyResponse.STATEMENTS["felt_involved"], "stämmer ganska dåligt"),
        (SurveyResponse.STATEMENTS["plan_fits"], "stämmer inte alls"),
    ]
