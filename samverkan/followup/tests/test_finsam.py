"""Uppföljning Finsam's figures: budget, outcome, plans and participants by gender, with the
participants protected for every reader and exact only in the deltagaransvarig's submission.
"""

import datetime

import pytest
from django.utils import timezone

from samverkan.cases.models import Case, Gender
from samverkan.cases.services import close_case
from samverkan.followup import finsam as reports
from samverkan.followup.suppression import Suppressed, table_lines
from samverkan.funding.models import ParticipantPlan
from samverkan.funding.policy import funding_scope
from samverkan.structure.models import GroupKind
from tests.disclosure import as_cells, determined
from tests.factories import (
    LAST_YEAR,
    THIS_YEAR,
    make_case,
    make_group,
    make_person,
    request_as,
)

TODAY = timezone.localdate()
TRISAM = "Trisam timmar, handläggare"
FEW = Suppressed(primary=True)
HIDDEN = Suppressed(primary=False)


@pytest.fixture
def cases_world(money_world):
    """Cases in the Alby team and a Bergby team across the turn of the year."""
    w = money_world
    w.bergby_team = make_group(
        w.federation, GroupKind.TRISAM, name="Trisam Bergby hälsocentral", unit=w.bergby_hc
    )
    w.bergby_rehab = make_person(w.federation, w.region, unit=w.bergby_hc)
    new_year = datetime.date(THIS_YEAR, 1, 1)
    new_years_eve = datetime.date(LAST_YEAR, 12, 31)

    def case(team, raised_on, gender):
        rehab = w.rehab if team == w.trisam else w.bergby_rehab
        return make_case(team, rehab, user=w.admin, raised_on=raised_on, gender=gender)

    # Last year: two women and a man in Alby, one of them on the last day of the year.
    case(w.trisam, datetime.date(LAST_YEAR, 3, 1), Gender.WOMAN)
    case(w.trisam, new_years_eve, Gender.WOMAN)
    case(w.trisam, datetime.date(LAST_YEAR, 6, 1), Gender.MAN)
    # Before the intervention started: never counted.
    case(w.trisam, datetime.date(LAST_YEAR - 1, 12, 31), Gender.MAN)
    # This year in Alby: a woman on New Year's Day, a man, someone of another gender, and a
    # case registered in error.
    case(w.trisam, new_year, Gender.WOMAN)
    case(w.trisam, new_year, Gender.MAN)
    case(w.trisam, new_year, Gender.OTHER)
    wrong = case(w.trisam, new_year, Gender.WOMAN)
    close_case(request_as(w.admin), wrong, Case.ClosureReason.REGISTERED_IN_ERROR, TODAY)
    # This year in Bergby: two men.
    case(w.bergby_team, new_year, Gender.MAN)
    case(w.bergby_team, new_year, Gender.MAN)
    return w


def finsam(w, user, year):
    scope = funding_scope(user, w.federation)
    return reports.finsam_follow_up(w.federation, scope, year=year, today=TODAY)


def exact(w, year):
    return reports.finsam_for_submission(w.trisam_intervention, year=year, today=TODAY)


def row_named(table, name):
    return next(row for row in table.rows if row[0] == name)


def test_the_submission_counts_participants_by_gender_exactly(cases_world):
    w = cases_world
    assert exact(w, THIS_YEAR).rows == [
        [
            TRISAM,
            "individinriktad",
            f"{LAST_YEAR}-01-01 – {THIS_YEAR}-12-31",
            3_982_812,
            0,
            800,
            1,  # the woman registered in error does not count
            3,
            1,
            5,
        ]
    ]
    # Last year: the case before the intervention started does not count.
    assert exact(w, LAST_YEAR).rows[0][3:] == [3_893_085, 0, 800, 2, 1, 0, 3]
    assert exact(w, LAST_YEAR).preface.startswith("Endast för inlämning till Uppföljning Finsam")
    assert exact(w, 2010).rows == []


def test_everyone_else_sees_the_same_counts_protected(cases_world):
    w = cases_world
    for user in (w.admin, w.board_user):
        table = finsam(w, user, THIS_YEAR)
        # 1 woman, 3 men, 1 other: the total of 5 is shown, the parts are not.
        assert row_named(table, TRISAM)[3:] == [3_982_812, 0, 800, FEW, FEW, FEW, 5]
        assert table.totals[6:] == [FEW, FEW, FEW, 5]
        # Last year's 3 are too few, so every part is hidden, the zero too.
        last_year = row_named(finsam(w, user, LAST_YEAR), TRISAM)
        assert last_year[6:] == [FEW, FEW, FEW, FEW]


def test_finsam_lists_interventions_running_in_the_year(cases_world):
    w = cases_world
    assert [row[0] for row in finsam(w, w.admin, THIS_YEAR).rows] == [
        "Arbetsträning Alby",
        TRISAM,
    ]
    assert [row[0] for row in finsam(w, w.admin, LAST_YEAR).rows] == [TRISAM]
    assert [row[0] for row in finsam(w, w.admin, 2020).rows] == ["Kartläggning av samverkan"]


def test_finsam_structural_interventions_show_a_dash(cases_world):
    w = cases_world
    table = finsam(w, w.admin, 2020)
    assert table.rows == [
        [
            "Kartläggning av samverkan",
            "strukturövergripande",
            "2019-01-01 – 2020-12-31",
            50_000,
            0,
            None,
            "–",
            "–",
            "–",
            "–",
        ]
    ]
    assert table.totals == ["Totalt", "", "", 50_000, 0, None, None, None, None, None]
    assert "”annan” redovisas separat och ingår i totalen" in table.note
    assert "Det gäller alla läsare" in table.note


def test_finsam_budget_outcome_and_totals(cases_world):
    w = cases_world
    ParticipantPlan.objects.create(intervention=w.mysam_intervention, year=THIS_YEAR, planned=12)
    table = finsam(w, w.admin, THIS_YEAR)
    mysam = row_named(table, "Arbetsträning Alby")
    # An individual-oriented intervention that does not count cases reports no participants.
    assert mysam[3:] == [300_000, 15_000, 12, "–", "–", "–", "–"]
    assert table.totals[:6] == ["Totalt", "", "", 4_282_812, 15_000, 812]


def test_finsam_mysam_member_sees_their_municipality(cases_world):
    w = cases_world
    table = finsam(w, w.mysam_user, THIS_YEAR)
    trisam = row_named(table, TRISAM)
    # Alby's grant only, and only the Alby team's participants: 1 woman, 1 man, 1 other.
    assert trisam[3] == 915_412
    assert trisam[6:] == [FEW, FEW, FEW, FEW]
    assert row_named(table, "Arbetsträning Alby")[3] == 300_000
    assert table.totals[6:] == [FEW, FEW, FEW, FEW]


def test_one_small_count_hides_as_few_others_as_it_must(cases_world):
    w = cases_world
    new_year = datetime.date(THIS_YEAR, 1, 1)
    for gender, extra in ((Gender.WOMAN, 5), (Gender.MAN, 4)):
        for _n in range(extra):
            make_case(w.trisam, w.rehab, user=w.admin, raised_on=new_year, gender=gender)
    # The county: 6 women, 7 men, 1 other of 14. Hiding the 6 women is enough to keep the one
    # "other" from being worked out (the old rule hid all three).
    county = finsam(w, w.admin, THIS_YEAR)
    assert row_named(county, TRISAM)[6:] == [HIDDEN, 7, FEW, 14]
    # Alby: 6 women, 5 men, 1 other of 12. Hiding the 5 men alone would not do: 6 + 5 + 1 = 12
    # leaves the hidden pair with 6, and a "dolt" count is at least 5, so the other would be 1.
    alby = finsam(w, w.mysam_user, THIS_YEAR)
    assert row_named(alby, TRISAM)[6:] == [HIDDEN, HIDDEN, FEW, 12]
    for table in (county, alby):
        grid = [row[6:] for row in table.rows] + [table.totals[6:]]
        assert not determined(as_cells(grid), table_lines(len(grid), len(grid[0])))


def test_finsam_never_names_anyone(cases_world):
    w = cases_world
    for table in (finsam(w, w.admin, THIS_YEAR), exact(w, THIS_YEAR)):
        text = repr(table)
        assert "Testa" not in text
        assert "Testsson" not in text
