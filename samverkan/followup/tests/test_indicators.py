"""Each indicator computed on a small hand-built set of cases whose right values are written here.

The set, all in the Alby team, raised by the Region's rehab coordinator:

  A  woman  raised 2025-02-01, meeting 02-20 took part, two care units, SIP and GK answered, a
            plan, survey 03-01 (involved 4, fits 2), follow-up 08-20 on time: plan started;
            sickness benefit at raising, wages at follow-up
  B  man    raised 2025-03-01, meeting 03-15 did not take part, one care unit, only SIP
            answered, no plan, no survey, follow-up 10-01 (due 09-15, late): not started;
            social assistance at raising and at follow-up
  C  other  raised 2025-04-01, meeting 04-10 took part, no care unit recorded, survey 04-20
            (involved 3, fits 3), no follow-up (due 10-10)
  D  woman  raised 2025-05-01, closed as registered in error: never counts
  E  woman  raised 2024-12-31, meeting 2025-01-10 declined, closed 2025-03-01 and erased
  F  man    raised 2025-06-01, no meeting, closed 2025-07-01 (consent withdrawn)
"""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from samverkan.cases.models import (
    Case,
    FollowUp,
    Gender,
    IncomeSupportSource,
    Mapping,
    PlanStep,
    SurveyResponse,
)
from samverkan.cases.services import erase_case
from samverkan.followup import indicators
from samverkan.followup.indicators import INDICATORS, Period, Selection
from samverkan.followup.suppression import Suppressed
from tests.factories import make_case, make_unit

D = datetime.date
YEAR = Period.year(2025)
TODAY = timezone.localdate()
FEW = Suppressed(primary=True)


def counts(key, selection, period=YEAR, by=None):
    return indicators.compute(INDICATORS[key], selection, period, today=TODAY, by=by)


def sources(*codes):
    return IncomeSupportSource.objects.filter(code__in=codes)


@pytest.fixture
def cases(team_world):
    w = team_world
    psychiatry = make_unit(w.region, w.alby, name="Alby psykiatri", kind="adult_psychiatry")

    def case(raised_on, gender, income, **meeting):
        made = make_case(
            w.trisam, w.rehab, user=w.rehab_user, raised_on=raised_on, gender=gender, income=income
        )
        for field, value in meeting.items():
            setattr(made, field, value)
        made.save()
        return made

    a = case(
        D(2025, 2, 1),
        Gender.WOMAN,
        ("sjukpenning",),
        meeting_on=D(2025, 2, 20),
        participation="took_part",
    )
    a.care_units_at_meeting.set([w.alby_hc, psychiatry])
    Mapping.objects.create(case=a, sip_needed=False, joint_mapping_needed=True, recorded_by=w.rehab)
    PlanStep.objects.create(
        case=a, responsible_party=w.region, action="Arbetsträning", planned_start=D(2025, 3, 1)
    )
    SurveyResponse.objects.create(
        case=a,
        took_part_in_planning=4,
        felt_involved=4,
        plan_fits=2,
        answered_on=D(2025, 3, 1),
        source="paper",
    )
    follow = FollowUp.objects.create(
        case=a, followed_up_on=D(2025, 8, 20), plan_started="yes", recorded_by=w.rehab
    )
    follow.income_support.set(sources("lon"))

    b = case(
        D(2025, 3, 1),
        Gender.MAN,
        ("forsorjningsstod",),
        meeting_on=D(2025, 3, 15),
        participation="did_not_take_part",
    )
    b.care_units_at_meeting.set([w.alby_hc])
    Mapping.objects.create(case=b, sip_needed=True, recorded_by=w.rehab)
    follow = FollowUp.objects.create(
        case=b, followed_up_on=D(2025, 10, 1), plan_started="no", recorded_by=w.rehab
    )
    follow.income_support.set(sources("forsorjningsstod"))

    c = case(
        D(2025, 4, 1),
        Gender.OTHER,
        ("a-kassa",),
        meeting_on=D(2025, 4, 10),
        participation="took_part",
    )
    SurveyResponse.objects.create(
        case=c,
        took_part_in_planning=3,
        felt_involved=3,
        plan_fits=3,
        answered_on=D(2025, 4, 20),
        source="paper",
    )

    case(
        D(2025, 5, 1),
        Gender.WOMAN,
        ("sjukpenning",),
        closed_on=D(2025, 5, 2),
        closure_reason=Case.ClosureReason.REGISTERED_IN_ERROR,
        meeting_on=D(2025, 5, 2),
        participation="took_part",
    )

    e = case(
        D(2024, 12, 31),
        Gender.WOMAN,
        ("sjukpenning",),
        meeting_on=D(2025, 1, 10),
        participation="declined",
        closed_on=D(2025, 3, 1),
        closure_reason=Case.ClosureReason.ENDED_AS_PLANNED,
    )
    erase_case(e)

    case(
        D(2025, 6, 1),
        Gender.MAN,
        ("sjukpenning",),
        closed_on=D(2025, 7, 1),
        closure_reason=Case.ClosureReason.CONSENT_WITHDRAWN,
    )
    w.selection = Selection(federation=w.federation)
    return w


def whole(figures, name="numerators"):
    return getattr(figures, name)[None]


def test_volume_counts_raised_and_ongoing_cases(cases):
    # Raised in 2025: A, B, C, F; D was registered in error and E raised in 2024.
    assert whole(counts("raised", cases.selection)) == [1, 2, 1, 4]
    # Open at some time in 2025: A, B, C, F and the erased E.
    assert whole(counts("ongoing", cases.selection)) == [2, 2, 1, 5]
    assert whole(counts("raised", cases.selection, Period.year(2024))) == [1, 0, 0, 1]


def test_participation_over_the_meetings_held_with_participation_recorded(cases):
    figures = counts("participation", cases.selection)
    # A, B, C, and E (declined): took part A and C.
    assert whole(figures, "denominators") == [2, 1, 1, 4]
    assert whole(figures) == [1, 0, 1, 2]


def test_involvement_and_fit_over_the_surveys_answered(cases):
    involvement = counts("involvement", cases.selection)
    assert whole(involvement, "denominators") == [1, 0, 1, 2]
    assert whole(involvement) == [1, 0, 1, 2]
    fit = counts("fit", cases.selection)
    assert whole(fit) == [0, 0, 1, 1]  # A answered "stämmer ganska dåligt"


def test_plan_started_over_the_follow_ups(cases):
    figures = counts("plan_started", cases.selection)
    assert whole(figures, "denominators") == [1, 1, 0, 2]
    assert whole(figures) == [1, 0, 0, 1]


def test_progression_is_paired_over_the_same_followed_up_cases(cases):
    away = counts("away_from_work", cases.selection)
    assert whole(away, "denominators") == [1, 1, 0, 2]
    assert whole(away, "befores") == [1, 1, 0, 2]  # both on sickness benefit or assistance
    assert whole(away) == [0, 1, 0, 1]  # A works now
    towards = counts("towards_self_support", cases.selection)
    assert whole(towards, "befores") == [0, 0, 0, 0]  # C's a-kassa: C has no follow-up
    assert whole(towards) == [1, 0, 0, 1]


def test_method_quality(cases):
    held = [2, 1, 1, 4]  # A, E; B; C
    for key, numerators in (
        ("several_care_units", [1, 0, 0, 1]),
        ("questions_answered", [1, 0, 0, 1]),
        ("plan_at_meeting", [1, 0, 0, 1]),
        ("survey_answered", [1, 0, 1, 2]),
    ):
        figures = counts(key, cases.selection)
        assert whole(figures, "denominators") == held, key
        assert whole(figures) == numerators, key
    # Due in 2025: A (done on the day), E and C (never done), B (late).
    on_time = counts("follow_up_on_time", cases.selection)
    assert whole(on_time, "denominators") == [2, 1, 1, 4]
    assert whole(on_time) == [1, 0, 0, 1]


@override_settings(SMALL_NUMBER_THRESHOLD=3)
def test_median_days_from_raising_to_the_meeting(cases):
    medians = indicators.median_days_to_meeting(cases.selection, YEAR, today=TODAY)
    # A 19, B 14, C 9, E 10 days: the median of four is (10 + 14) / 2; per gender too few.
    assert medians == {"woman": None, "man": None, "other": None, "total": 12}


def test_a_selection_narrows_the_cases(cases):
    w = cases
    assert whole(counts("raised", Selection(w.federation, gender=Gender.MAN))) == [0, 2, 0, 2]
    elsewhere = Selection(w.federation, municipality_ids=frozenset({w.bergby.pk}))
    assert whole(counts("raised", elsewhere)) == [0, 0, 0, 0]
    other_team = Selection(w.federation, team_ids=frozenset({w.other_team.pk}))
    assert whole(counts("participation", other_team), "denominators") == [0, 0, 0, 0]


def test_grouped_by_team_and_protected(cases):
    w = cases
    figures = counts("raised", w.selection, by="team")
    assert figures.groups == [w.trisam.pk]
    rows = indicators.protected(figures)
    # One team of four: every count is small; the total row repeats it.
    assert [row.group for row in rows] == [w.trisam.pk, "total"]
    assert rows[0].numerators == [FEW, FEW, FEW, FEW]
    share_rows = indicators.protected(counts("participation", w.selection))
    assert share_rows[0].shares == [None, None, None, None]  # 2 of 4: too few to show


def test_the_baseline_is_the_period_before():
    assert Period.year(2025).previous() == Period.year(2024)
    assert Period.half(2025, 1).previous() == Period.half(2024, 2)
    assert Period.quarter(2025, 3).previous() == Period.quarter(2025, 2)
    assert Period.quarter(2025, 1).previous() == Period.quarter(2024, 4)
    assert Period.quarter(2024, 1).end == D(2024, 3, 31)


def test_one_query_per_indicator_whatever_the_number_of_cases(cases, django_assert_num_queries):
    w = cases
    for key in INDICATORS:
        with django_assert_num_queries(1):
            counts(key, w.selection, by="municipality")
    for _n in range(5):
        make_case(w.trisam, w.rehab, user=w.rehab_user, raised_on=D(2025, 9, 1))
    with django_assert_num_queries(1):
        assert whole(counts("raised", w.selection)) == [6, 2, 1, 9]
