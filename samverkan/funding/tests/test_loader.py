"""Loading the förbund's reference funding from YAML, as `manage.py load_funding` does: the
seed's grant tables exactly as the document states them, totals computed and checked."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samverkan.funding import figures
from samverkan.funding.loader import StructureFileError, load_funding_file
from samverkan.funding.models import (
    FundingDecision,
    Goal,
    Grant,
    Intervention,
    ParticipantPlan,
    StatedTotal,
)
from samverkan.structure.loader import load_structure_file

APP = Path(__file__).resolve().parents[1]
STRUCTURE = APP.parent / "structure" / "data" / "gavleborg.yaml"
FUNDING = APP / "data" / "gavleborg.yaml"
MODELS = (Intervention, Goal, ParticipantPlan, FundingDecision, Grant, StatedTotal)
CASE_OFFICERS = "Samverkansmedel för handläggartid i Trisam 2022–2023"
PROCESS = "Samverkansmedel Trisam processledare och Trisam utvecklare 2022–2023"
# The case-officer table as the document lists it: party, 2022, 2023.
CASE_OFFICER_ROWS = [
    ("fk", 1_103_306, 1_123_282),
    ("af", 945_238, 968_869),
    ("region", 881_792, 903_836),
    ("sandvikens-kommun", 117_270, 120_203),
    ("hofors-kommun", 22_697, 23_265),
    ("ockelbo-kommun", 15_132, 15_510),
    ("gavle-kommun", 331_004, 339_281),
    ("bollnas-kommun", 92_681, 94_999),
    ("ovanakers-kommun", 56_744, 58_163),
    ("soderhamns-kommun", 113_487, 116_325),
    ("ljusdals-kommun", 45_395, 46_530),
    ("hudiksvalls-kommun", 138_076, 141_529),
    ("nordanstigs-kommun", 30_263, 31_020),
]
PROCESS_ROWS = [("fk", 406_774, 413_992), ("region", 1_056_173, 1_082_031)]


@pytest.fixture
def structure(db):
    load_structure_file(STRUCTURE)


@pytest.fixture
def loaded(structure):
    return load_funding_file(FUNDING)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def table(title):
    return figures.grant_table(FundingDecision.objects.get(title=title, superseded_by=None))


def as_rows(grant_table):
    return [(row["party"].code, *row["amounts"]) for row in grant_table.rows]


def write(tmp_path, text, name="fel.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text, marker):
    """The 1-based line of the first line containing `marker`."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if marker in line)


# --- The seed tables, exactly as stated ------------------------------------------------------


def test_the_case_officer_table_loads_every_amount_in_document_order(loaded):
    grant_table = table(CASE_OFFICERS)

    assert grant_table.years == [2022, 2023]
    assert as_rows(grant_table) == CASE_OFFICER_ROWS
    rows = Grant.objects.filter(decision=grant_table.decision).order_by("row")
    assert [grant.row for grant in rows.filter(year=2022)] == list(range(1, 14))
    assert all(isinstance(grant.amount, int) for grant in rows)


def test_the_case_officer_totals_are_computed_and_differ_from_the_stated_by_one_krona(loaded):
    grant_table = table(CASE_OFFICERS)

    assert grant_table.stated == [3_893_084, 3_982_811]
    assert grant_table.totals == [3_893_085, 3_982_812]
    assert grant_table.differences == [1, 1]
    assert any(grant_table.differences)
    # The municipalities together, as the document's prose has it.
    municipal = [row["amounts"][0] for row in grant_table.rows if row["party"].municipality_id]
    assert sum(municipal) == 962_749


def test_the_process_leadership_table_reconciles(loaded):
    grant_table = table(PROCESS)

    assert as_rows(grant_table) == PROCESS_ROWS
    assert grant_table.totals == grant_table.stated == [1_462_947, 1_496_023]
    assert grant_table.differences == [0, 0]
    assert not any(grant_table.differences)


def test_year_on_year_change_per_party(loaded):
    changes = {row["party"].code: row["change"] for row in table(CASE_OFFICERS).rows}

    for code in ("af", "region", "sandvikens-kommun"):
        assert round(changes[code], 3) == Decimal("0.025"), code
    assert round(changes["fk"], 3) == Decimal("0.018")
    assert figures.change(0, 100) is None


def test_interventions_goals_and_plans_load_as_the_seed_states(loaded):
    hours = Intervention.objects.get(code="trisam-handlaggartid-2022-2023")
    assert hours.compensation == Intervention.Compensation.TEAM_HOURS
    assert (hours.orientation, hours.counts_cases, hours.steered_by_mysam) == (
        "individual",
        True,
        True,
    )
    assert hours.goals.count() == 7
    # Each goal that the follow-up measures names its measure; the volume goal its target.
    raised = hours.goals.get(measure="raised")
    assert raised.target_total == 800 and raised.unit == "count"
    assert hours.goals.exclude(measure="").count() == 7
    assert dict(hours.participant_plans.values_list("year", "planned")) == {2022: 800, 2023: 800}
    completed = Intervention.objects.get(code="trisam-2-0")
    assert (str(completed.starts_on), str(completed.ends_on)) == ("2019-10-01", "2021-12-31")
    assert completed.orientation == "structural"


def test_a_second_load_changes_nothing(loaded):
    before = counts()

    summary = load_funding_file(FUNDING)

    assert counts() == before
    assert not summary.changed
    assert summary.count(FundingDecision, "unchanged") == 2


def test_the_command_loads_and_reports(structure):
    out = io.StringIO()
    call_command("load_funding", str(FUNDING), stdout=out)

    assert "gavleborg.yaml" in out.getvalue()
    assert counts()["Grant"] == 2 * (len(CASE_OFFICER_ROWS) + len(PROCESS_ROWS))


# --- An edited table: a new decision supersedes the old ----------------------------------------


def test_an_edited_table_creates_a_superseding_decision_and_keeps_the_old(loaded, tmp_path):
    text = FUNDING.read_text(encoding="utf-8")
    edited = text.replace("ockelbo-kommun, 2022: 15 132", "ockelbo-kommun, 2022: 15 133")
    assert edited != text
    old = FundingDecision.objects.get(title=CASE_OFFICERS)

    summary = load_funding_file(write(tmp_path, edited, "gavleborg.yaml"))

    assert summary.count(FundingDecision, "updated") == 1
    decisions = FundingDecision.objects.filter(title=CASE_OFFICERS)
    assert decisions.count() == 2
    new = decisions.get(superseded_by=None)
    old.refresh_from_db()
    assert new.supersedes == old and not old.is_current
    # The old decision's grants are kept as they were; only the new one's are in force.
    assert old.grants.get(party__code="ockelbo-kommun", year=2022).amount == 15_132
    current = Grant.objects.current().get(
        intervention__code="trisam-handlaggartid-2022-2023", party__code="ockelbo-kommun", year=2022
    )
    assert current.amount == 15_133 and current.decision == new
    assert table(CASE_OFFICERS).totals == [3_893_086, 3_982_812]
    # The unedited table is left alone.
    assert FundingDecision.objects.filter(title=PROCESS).count() == 1


# --- Bad files: file, line and a Swedish problem; nothing changed ------------------------------

HEADER = """federation: gavleborg
interventions:
  - code: ny-insats
    name: Ny insats som inte får bli kvar
    orientation: structural
    starts_on: 2022-01-01
    ends_on: 2023-12-31
decisions:
  - intervention: trisam-processledning-2022-2023
    title: Ändrat beslut
    outcome: granted
    grants:
"""

BAD = {
    "unknown party": (
        HEADER + "      - {party: okand-part, 2022: 100}\n",
        "okand-part",
        'okänd part "okand-part" i party',
    ),
    "decimal comma": (
        HEADER + "      - {party: fk, 2022: '12,5'}\n",
        "12,5",
        'ogiltigt belopp "12,5" för 2022; här väntades hela kronor',
    ),
    "negative": (
        HEADER + "      - {party: fk, 2022: -5}\n",
        "-5",
        'ogiltigt belopp "-5" för 2022',
    ),
    "year outside the period": (
        HEADER + "      - {party: fk, 2024: 100}\n",
        "2024",
        "2024 ligger utanför insatsens period (2022–2023)",
    ),
    "duplicate party": (
        HEADER + "      - {party: fk, 2022: 100}\n      - {party: af, 2022: 5}\n"
        "      - {party: fk, 2023: 100}\n",
        "fk, 2023",
        "parten fk finns redan på rad 13",
    ),
    "unknown intervention": (
        HEADER.replace("intervention: trisam-processledning-2022-2023", "intervention: finns-inte")
        + "      - {party: fk, 2022: 100}\n",
        "finns-inte",
        'okänd insats "finns-inte" i intervention',
    ),
    "unknown measure": (
        HEADER.replace(
            "    ends_on: 2023-12-31\n",
            "    ends_on: 2023-12-31\n    goals:\n      - aim: Fler\n        indicator: Andel\n"
            "        direction: increase\n        measure: finns-inte\n",
            1,
        )
        + "      - {party: fk, 2022: 100}\n",
        "measure: finns-inte",
        'ogiltigt värde "finns-inte" i measure',
    ),
    "missing federation": (
        HEADER.replace("federation: gavleborg", "federation: saknas")
        + "      - {party: fk, 2022: 100}\n",
        "federation: saknas",
        'förbundet "saknas" finns inte; läs in strukturen först',
    ),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_input_names_file_line_and_problem_and_changes_nothing(loaded, tmp_path, case):
    text, marker, problem = BAD[case]
    before = counts()

    with pytest.raises(StructureFileError) as raised:
        load_funding_file(write(tmp_path, text))

    error = raised.value
    assert (error.file_name, error.line) == ("fel.yaml", line_of(text, marker))
    assert problem in error.problem
    assert str(error).startswith(f"fel.yaml, rad {error.line}: ")
    assert counts() == before
    assert not Intervention.objects.filter(code="ny-insats").exists()


def test_the_command_refuses_a_bad_file_and_says_nothing_changed(loaded, tmp_path):
    text, _marker, _problem = BAD["negative"]
    before = counts()

    with pytest.raises(CommandError, match=r"(?s)fel\.yaml, rad 13: .*Ingenting har ändrats"):
        call_command("load_funding", str(write(tmp_path, text)), stdout=io.StringIO())

    assert counts() == before


def test_loading_before_the_structure_is_refused(db):
    with pytest.raises(StructureFileError, match='förbundet "gavleborg" finns inte'):
        load_funding_file(FUNDING)

    assert not any(counts().values())
