"""Each indicator computed on a small hand-built set of cases (the `goal_cases` fixture, whose
docstring lists them) with the right values written here."""

import datetime

from django.test import override_settings
from django.utils import timezone

from samverkan.cases.models import (
    Gender,
    IncomeSupportSource,
)
from samverkan.followup import indicators
from samverkan.followup.indicators import INDICATORS, Period, Selection
from samverkan.followup.suppression import Suppressed
from tests.factories import make_case

D = datetime.date
YEAR = Period.year(2025)
TODAY = timezone.localdate()
FEW = Suppressed(primary=True)


def counts(key, selection, period=YEAR, by=None):
    return indicators.compute(INDICATORS[key], selection, period, today=TODAY, by=by)


def sources(*codes):
    return IncomeSupportSource.objects.filter(code__in=codes)


def whole(figures, name="numerators"):
    return getattr(figures, name)[None]


def test_volume_counts_raised_and_ongoing_cases(goal_cases):
    # Raised in 2025: A, B, C, F; D was registered in error and E raised in 2024.
    assert whole(counts("raised", goal_cases.selection)) == [1, 2, 1, 4]
    # Open at some time in 2025: A, B, C, F and the erased E.
    assert whole(counts("ongoing", goal_cases.selection)) == [2, 2, 1, 5]
    assert whole(counts("raised", goal_cases.selection, Period.year(2024))) == [1, 0, 0, 1]


def test_participation_over_the_meetings_held_with_participation_recorded(goal_cases):
    figures = counts("participation", goal_cases.selection)
    # A, B, C, and E (declined): took part A and C.
    assert whole(figures, "denominators") == [2, 1, 1, 4]
    assert whole(figures) == [1, 0, 1, 2]


def test_involvement_and_fit_over_the_surveys_answered(goal_cases):
    involvement = counts("involvement", goal_cases.selection)
    assert whole(involvement, "denominators") == [1, 0, 1, 2]
    assert whole(involvement) == [1, 0, 1, 2]
    fit = counts("fit", goal_cases.selection)
    assert whole(fit) == [0, 0, 1, 1]  # A answered "stämmer ganska dåligt"


def test_plan_started_over_the_follow_ups(goal_cases):
    figures = counts("plan_started", goal_cases.selection)
    assert whole(figures, "denominators") == [1, 1, 0, 2]
    assert whole(figures) == [1, 0, 0, 1]


def test_progression_is_paired_over_the_same_followed_up_cases(goal_cases):
    away = counts("away_from_work", goal_cases.selection)
    assert whole(away, "denominators") == [1, 1, 0, 2]
    assert whole(away, "befores") == [1, 1, 0, 2]  # both on sickness benefit or assistance
    assert whole(away) == [0, 1, 0, 1]  # A works now
    towards = counts("towards_self_support", goal_cases.selection)
    assert whole(towards, "befores") == [0, 0, 0, 0]  # C's a-kassa: C has no follow-up
    assert whole(towards) == [1, 0, 0, 1]


def test_method_quality(goal_cases):
    held = [2, 1, 1, 4]  # A, E; B; C
    for key, numerators in (
        ("several_care_units", [1, 0, 0, 1]),
        ("questions_answered", [1, 0, 0, 1]),
        ("plan_at_meeting", [1, 0, 0, 1]),
        ("survey_answered", [1, 0, 1, 2]),
    ):
        figures = counts(key, goal_cases.selection)
        assert whole(figures, "denominators") == held, key
        assert whole(figures) == numerators, key
    # Due in 2025: A (done on the day), E and C (never done), B (late).
    on_time = counts("follow_up_on_time", goal_cases.selection)
    assert whole(on_time, "denominators") == [2, 1, 1, 4]
    assert whole(on_time) == [1, 0, 0, 1]


@override_settings(SMALL_NUMBER_THRESHOLD=3)
def test_median_days_from_raising_to_the_meeting(goal_cases):
    medians = indicators.median_days_to_meeting(goal_cases.selection, YEAR, today=TODAY)
    # A 19, B 14, C 9, E 10 days: the median of four is (10 + 14) / 2; per gender too few.
    assert medians == {"woman": None, "man": None, "other": None, "total": 12}


def test_a_selection_narrows_the_cases(goal_cases):
    w = goal_cases
    assert whole(counts("raised", Selection(w.federation, gender=Gender.MAN))) == [0, 2, 0, 2]
    elsewhere = Selection(w.federation, municipality_ids=frozenset({w.bergby.pk}))
    assert whole(counts("raised", elsewhere)) == [0, 0, 0, 0]
    other_team = Selection(w.federation, team_ids=frozenset({w.other_team.pk}))
    assert whole(counts("participation", other_team), "denominators") == [0, 0, 0, 0]


def test_grouped_by_team_and_protected(goal_cases):
    w = goal_cases
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


def test_one_query_per_indicator_whatever_the_number_of_cases(
    goal_cases, django_assert_num_queries
):
    w = goal_cases
    for key in INDICATORS:
        with django_assert_num_queries(1):
            counts(key, w.selection, by="municipality")
    for _n in range(5):
        make_case(w.trisam, w.rehab, user=w.rehab_user, raised_on=D(2025, 9, 1))
    with django_assert_num_queries(1):
        assert whole(counts("raised", w.selection)) == [6, 2, 1, 9]
