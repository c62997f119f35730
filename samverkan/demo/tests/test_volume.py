"""The historic demo volume: deterministic, idempotent, in bulk, and what the follow-up counts."""

import collections
import datetime
import io
import math
import re
import types
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverkan.cases import identity, services
from samverkan.cases.models import (
    FOLLOW_UP_AFTER_MONTHS,
    Case,
    Consent,
    FollowUp,
    IncomeSupportSource,
    Mapping,
    PlanStep,
    SurveyResponse,
    add_months,
)
from samverkan.demo import volume
from samverkan.followup.indicators import (
    INDICATORS,
    TOTAL,
    Period,
    Selection,
    compute,
    protected,
)
from samverkan.followup.suppression import is_suppressed, threshold
from samverkan.structure.models import Federation

REFERENCE = Path(__file__).resolve().parents[2] / "structure" / "data" / "gavleborg.yaml"
TODAY = datetime.date(2026, 6, 15)
WOMEN, MEN, OTHER = 0, 1, 2
RELATED = (
    Case,
    Consent,
    Consent.parties.through,
    Case.income_support_at_raising.through,
    Case.care_units_at_meeting.through,
    Mapping,
    PlanStep,
    SurveyResponse,
    FollowUp,
    FollowUp.income_support.through,
)


def row_counts():
    return {model._meta.label: model.objects.count() for model in RELATED}


@pytest.fixture
def national(db):
    """A small förbund built as the national benchmark builds its own: 6 municipalities of
    different sizes, 14 teams."""
    return volume.national_structure(
        municipalities=6, units_per_municipality=[6, 4, 3, 2, 2, 1], slug="volym"
    )


def generate(federation, **options):
    options.setdefault("years", (2023, 2024))
    options.setdefault("per_year", 300)
    options.setdefault("today", TODAY)
    return volume.generate_cases(federation, **options)


def snapshot(federation, years=(2023, 2024)):
    """Every indicator's exact figures for each year and municipality, and the cases' data."""
    figures = {}
    for year in years:
        for key, indicator in INDICATORS.items():
            result = compute(
                indicator, Selection(federation), Period.year(year), today=TODAY, by="municipality"
            )
            figures[(year, key)] = (result.numerators, result.denominators, result.befores)
    cases = list(
        Case.objects.filter(team__federation=federation)
        .order_by("raised_on", "team__name", "gender", "birth_year", "personal_number", "pk")
        .values_list(
            "team__name",
            "raised_on",
            "gender",
            "age_band",
            "personal_number",
            "name",
            "meeting_on",
            "participation",
            "closed_on",
            "closure_reason",
            "erased_at",
        )
    )
    return figures, cases


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_figures_and_another_seed_others(national):
    runs = []
    for seed in (7, 7, 8):
        with transaction.atomic():
            generate(national.federation, seed=seed)
            runs.append(snapshot(national.federation))
            transaction.set_rollback(True)

    assert runs[0] == runs[1]
    assert runs[0][0] != runs[2][0] and runs[0][1] != runs[2][1]


@pytest.mark.django_db
def test_a_second_run_creates_nothing_and_a_new_year_only_that_year(national):
    first = generate(national.federation)
    after_first = row_counts()

    second = generate(national.federation)

    assert (first.created, first.years, first.skipped) == (600, [2023, 2024], [])
    assert (second.created, second.years, second.skipped) == (0, [], [2023, 2024])
    assert row_counts() == after_first
    assert second.total == first.total == 600

    third = generate(national.federation, years=(2022, 2023, 2024))
    assert (third.created, third.years, third.skipped) == (300, [2022], [2023, 2024])
    assert Case.objects.filter(raised_on__year=2022).count() == 300


@pytest.mark.django_db
def test_a_year_not_over_gets_its_share_so_far(national):
    summary = generate(national.federation, years=(2026,), per_year=365)

    assert summary.created == volume.cases_in_year(2026, 365, TODAY) == 166
    assert max(Case.objects.values_list("raised_on", flat=True)) <= TODAY


def inserts_needed(rows):
    """The fewest INSERT statements the database allows for `rows` {model: count}: one per
    table, or as many as its limit on parameters per query makes it."""
    total = 0
    for model, count in rows.items():
        fields = [f for f in model._meta.concrete_fields if not f.generated and not f.primary_key]
        size = max(connection.ops.bulk_batch_size(fields, [None] * count), 1)
        total += math.ceil(count / size)
    return total


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_number_of_cases(national):
    measured = {}
    for per_year in (100, 400):
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            summary = generate(national.federation, years=(2024,), per_year=per_year)
            transaction.set_rollback(True)
        statements = [query["sql"].split(None, 1)[0].upper() for query in queries]
        inserts = statements.count("INSERT")
        measured[per_year] = len(statements) - inserts
        # Each table's rows go in as few INSERTs as the database allows, not one per row.
        assert inserts == inserts_needed(summary.rows), summary.rows
        assert summary.rows[Case] == per_year

    assert measured[100] == measured[400]
    if connection.vendor == "postgresql":  # no limit to split a chunk's INSERT by
        assert inserts_needed({Case: 400}) == 1


@pytest.mark.django_db
def test_codes_follow_the_sequence_and_a_case_raised_later_takes_the_next(national):
    generate(national.federation)
    cases = list(Case.objects.all())

    assert all(case.code == f"T{case.raised_on.year}-{case.pk:05d}" for case in cases)

    template = next(case for case in cases if case.personal_number and case.closed_on is None)
    later = Case(
        team=template.team,
        raised_on=TODAY,
        raised_by=template.raised_by,
        raising_party=template.raising_party,
        gender=template.gender,
        municipality=template.municipality,
        personal_number=template.personal_number,
        name=template.name,
    )
    later.derive_age()
    request = RequestFactory().post("/")
    request.user = AnonymousUser()
    sources = [IncomeSupportSource.objects.get(code="sjukpenning")]
    services.raise_case(request, later, sources)

    assert later.pk > max(case.pk for case in cases)
    assert later.code == f"T{TODAY.year}-{later.pk:05d}"


@pytest.mark.django_db
def test_cases_registered_in_error_are_generated_and_never_counted(national):
    generate(national.federation)
    in_error = Case.objects.filter(
        raised_on__year=2024, closure_reason=Case.ClosureReason.REGISTERED_IN_ERROR
    )
    raised = compute(
        INDICATORS["raised"], Selection(national.federation), Period.year(2024), today=TODAY
    )

    assert in_error.count() > 0
    assert raised.numerators[None][3] == 300 - in_error.count()


@pytest.mark.django_db
def test_erased_cases_keep_their_statistical_record_and_no_personal_data(national):
    generate(national.federation)
    cut_off = add_months(TODAY, -24)
    erased = Case.objects.filter(erased_at__isnull=False)

    assert erased.count() > 100
    assert not Case.objects.filter(closed_on__lte=cut_off, erased_at__isnull=True).exists()
    assert not erased.filter(closed_on__gt=cut_off).exists()
    for case in erased:
        assert (case.personal_number, case.name, case.question, case.birth_year) == (
            "",
            "",
            "",
            None,
        )
        assert (case.closure_note, case.closure_exception_reason, case.age_exception_reason) == (
            "",
            "",
            "",
        )
        assert case.gender and case.municipality_id and case.age_band and case.raised_on
        assert case.erased_at.date() <= TODAY
    assert not Consent.objects.filter(case__in=erased).exclude(information="", purpose="").exists()
    assert not PlanStep.objects.filter(case__in=erased).exclude(action="", benefit="").exists()
    assert not FollowUp.objects.filter(case__in=erased).exclude(note="").exists()
    texts = ("health", "work", "social_insurance", "social_situation")
    for mapping in Mapping.objects.filter(case__in=erased):
        assert not any(getattr(mapping, field) for field in texts)
    # What stays is what the indicators count.
    assert FollowUp.objects.filter(case__in=erased, income_support__isnull=False).exists()
    assert SurveyResponse.objects.filter(case__in=erased).exists()


@pytest.mark.django_db
def test_a_closed_generated_case_erased_by_the_service_looks_like_a_generated_erased_one(
    national,
):
    generate(national.federation)
    kept = Case.objects.filter(closed_on__isnull=False, erased_at__isnull=True).first()

    services.erase_case(kept)
    kept.refresh_from_db()

    generated = Case.objects.filter(erased_at__isnull=False).exclude(pk=kept.pk).first()
    personal = ("personal_number", "name", "question", "birth_year", "closure_note")
    assert [getattr(kept, f) for f in personal] == [getattr(generated, f) for f in personal]


@pytest.mark.django_db
def test_the_cases_are_consistent_and_their_identities_invented_and_valid(national):
    generate(national.federation)
    cases = list(Case.objects.select_related("team"))
    genders = collections.Counter(case.gender for case in cases)

    assert 0.50 < genders["woman"] / len(cases) < 0.60
    assert 0.38 < genders["man"] / len(cases) < 0.48
    assert 0 < genders["other"] / len(cases) < 0.04
    assert len({case.team_id for case in cases}) == len(national.teams)
    assert all(case.is_demo for case in cases)
    for case in cases:
        assert 16 <= case.age_at_raising <= 64
        assert case.age_band == identity.age_band(case.age_at_raising)
        assert case.raised_on <= TODAY and (case.closed_on or TODAY) <= TODAY
        if case.meeting_on:
            assert case.meeting_on >= case.raised_on
            assert case.follow_up_due_on == add_months(case.meeting_on, FOLLOW_UP_AFTER_MONTHS)
        else:
            assert case.follow_up_due_on is None and not case.participation
        if case.personal_number:
            number = identity.parse(case.personal_number, today=case.raised_on)
            assert number.age_on(case.raised_on) == case.age_at_raising
            assert number.birth_year == case.birth_year
            assert 980 <= int(case.personal_number[8:11]) <= 999
            assert re.fullmatch(r"\w+ \w+", case.name)
            assert case.name.split()[1] in volume.SURNAMES
    # Later years are better followed up, as the goals hope.
    participation = [
        compute(
            INDICATORS["participation"], Selection(national.federation), Period.year(y), today=TODAY
        ).numerators[None][3]
        for y in (2023, 2024)
    ]
    assert participation[0] > 0 and participation[1] > 0


# --- The volume `load_demo` loads ---------------------------------------------------------------


def run_load_demo():
    out = io.StringIO()
    call_command("load_demo", allow_without_debug=True, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The reference structure, then the whole demo twice, volume included; rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_structure", str(REFERENCE), stdout=io.StringIO())
        first = run_load_demo()
        after_first = row_counts()
        second = run_load_demo()
        yield types.SimpleNamespace(
            first=first,
            second=second,
            after_first=after_first,
            after_second=row_counts(),
            federation=Federation.objects.get(slug="gavleborg"),
        )
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_load_demo_adds_the_volume_once(demo):
    from_today = timezone.localdate()
    expected = sum(
        volume.cases_in_year(year, volume.DEFAULT_PER_YEAR, from_today)
        for year in volume.DEFAULT_YEARS
    )
    line = "Historiska demoärenden för uppföljningen: {} nya, {} totalt."

    assert line.format(expected, expected) in demo.first
    assert line.format(0, expected) in demo.second
    assert demo.after_second == demo.after_first
    assert volume.generated_cases(demo.federation).count() == expected


def county(indicator, federation, year):
    """The exact figures by municipality, and the same protected, as the dashboard shows them."""
    today = timezone.localdate()
    figures = compute(
        indicator, Selection(federation), Period.year(year), today=today, by="municipality"
    )
    return figures, protected(figures)


def column_totals(counts):
    return [sum(column) for column in zip(*counts.values(), strict=True)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key", ["raised", "participation", "involvement", "plan_started", "towards_self_support"]
)
def test_the_county_figures_of_2024_are_above_the_threshold_for_women_and_men(demo, key):
    indicator = INDICATORS[key]
    figures, rows = county(indicator, demo.federation, 2024)
    [shown] = [row for row in rows if row.group == TOTAL]

    exact = column_totals(figures.numerators)
    assert exact[WOMEN] >= threshold() and exact[MEN] >= threshold()
    if indicator.is_share:
        of = column_totals(figures.denominators)
        assert of[WOMEN] - exact[WOMEN] >= threshold() and of[MEN] - exact[MEN] >= threshold()
    # The county's own figure is shown, whatever the rule must hide around the small counts.
    assert shown.numerators[3] == exact[3] and shown.numerators[WOMEN] == exact[WOMEN]
    if indicator.is_share:
        assert shown.shares[3] is not None and shown.shares[WOMEN] is not None


@pytest.mark.django_db
def test_other_is_hidden_somewhere_in_2024(demo):
    figures, rows = county(INDICATORS["raised"], demo.federation, 2024)

    assert any(0 < counts[OTHER] < threshold() for counts in figures.numerators.values())
    assert any(is_suppressed(row.numerators[OTHER]) for row in rows)
