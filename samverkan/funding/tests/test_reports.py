"""The report figures: budget against outcome, Uppföljning Finsam and the budget by contributor.

Exact arithmetic throughout: kronor are ints, shares Decimals; totals come from the rows.
"""

from decimal import Decimal

from django.utils import timezone

from samverkan.funding import reports
from samverkan.funding.models import (
    ContributionShare,
    FederationBudget,
    Intervention,
    Orientation,
)
from samverkan.funding.policy import funding_scope
from samverkan.structure.models import Party
from tests.factories import (
    LAST_YEAR,
    THIS_YEAR,
    make_municipality,
)

TODAY = timezone.localdate()


def scope_of(w, user):
    return funding_scope(user, w.federation)


def budget_table(w, user, per, year=None):
    return reports.budget_outcome(
        w.federation, scope_of(w, user), per=per, year=year, today=TODAY
    ).table


# --- Budget against outcome ----------------------------------------------------------------------


def test_share_used_rounds_half_up_to_one_decimal():
    assert reports.share_used(200, 1) == Decimal("0.5")
    assert reports.share_used(2000, 1) == Decimal("0.1")  # 0.05 rounds up
    assert reports.share_used(3, 1) == Decimal("33.3")
    assert reports.share_used(3, 2) == Decimal("66.7")
    assert reports.share_used(0, 5) is None
    assert reports.share_used(100, 150) == Decimal("150.0")


def test_per_intervention_for_one_year(money_world):
    w = money_world
    table = budget_table(w, w.admin, reports.PER_INTERVENTION, THIS_YEAR)
    assert table.rows == [
        ["Arbetsträning Alby", 300_000, 15_000, 285_000, Decimal("5.0")],
        ["Trisam timmar, handläggare", 3_982_812, 0, 3_982_812, Decimal("0.0")],
    ]
    # 15 000 / 4 282 812 = 0,350 …% → 0,4
    assert table.totals == ["Totalt", 4_282_812, 15_000, 4_267_812, Decimal("0.4")]


def test_superseded_decisions_do_not_count(money_world):
    w = money_world
    table = budget_table(w, w.admin, reports.PER_PARTY, LAST_YEAR)
    region = next(row for row in table.rows if row[0] == w.region.name)
    # The first decision granted the region 1 000 000; the one that superseded it 1 200 000.
    assert region[1] == 1_200_000
    assert table.totals[1] == 3_893_085


def test_per_year_over_all_years(money_world):
    w = money_world
    table = budget_table(w, w.admin, reports.PER_YEAR)
    assert [row[:3] for row in table.rows] == [
        [2020, 50_000, 0],
        [LAST_YEAR, 3_893_085, 0],
        [THIS_YEAR, 4_282_812, 15_000],
        [THIS_YEAR + 1, 300_000, 0],
    ]
    assert table.totals[1] == 50_000 + 3_893_085 + 4_282_812 + 300_000
    assert table.totals[2] == 15_000


def test_per_party_orders_parties_and_sums_interventions(money_world):
    w = money_world
    table = budget_table(w, w.admin, reports.PER_PARTY, THIS_YEAR)
    assert [row[0] for row in table.rows] == [
        w.fk.name,
        w.af.name,
        w.region.name,
        *sorted([w.alby_party.name, w.bergby_party.name]),
    ]
    af = next(row for row in table.rows if row[0] == w.af.name)
    assert af[1:4] == [610_000 + 100_000, 0, 710_000]
    alby = next(row for row in table.rows if row[0] == w.alby_party.name)
    assert alby[1:4] == [915_412 + 200_000, 15_000, 1_100_412]


def test_per_municipality_lists_only_municipalities(money_world):
    w = money_world
    table = budget_table(w, w.admin, reports.PER_MUNICIPALITY, THIS_YEAR)
    assert table.rows == [
        ["Alby", 1_115_412, 15_000, 1_100_412, Decimal("1.3")],
        ["Bergby", 305_000, 0, 305_000, Decimal("0.0")],
    ]
    assert table.totals[1:4] == [1_420_412, 15_000, 1_405_412]
    assert "Statliga parter och regionen är inte kommuner" in table.note


def test_totals_equal_the_sum_of_the_rows_in_every_grouping(money_world):
    w = money_world
    for per in reports.PER_CHOICES:
        for year in (None, LAST_YEAR, THIS_YEAR):
            table = budget_table(w, w.admin, per, year)
            for column in (1, 2, 3):
                assert table.totals[column] == sum(row[column] for row in table.rows)
            for row in table.rows:
                assert row[3] == row[1] - row[2]


def test_overspending_shows_a_negative_remainder(money_world):
    w = money_world
    w.mysam_spending.amount = 320_000
    w.mysam_spending.save()
    table = budget_table(w, w.admin, reports.PER_INTERVENTION, THIS_YEAR)
    assert table.rows[0] == ["Arbetsträning Alby", 300_000, 320_000, -20_000, Decimal("106.7")]
    chart = reports.budget_outcome(
        w.federation, scope_of(w, w.admin), per="intervention", year=THIS_YEAR, today=TODAY
    ).chart
    assert chart.bars[0].over_budget
    assert not chart.bars[1].over_budget


def test_chart_bars_scale_to_the_largest_amount(money_world):
    w = money_world
    chart = reports.budget_outcome(
        w.federation, scope_of(w, w.admin), per="intervention", year=THIS_YEAR, today=TODAY
    ).chart
    assert [(bar.label, bar.granted, bar.used) for bar in chart.bars] == [
        ("Arbetsträning Alby", 300_000, 15_000),
        ("Trisam timmar, handläggare", 3_982_812, 0),
    ]
    assert chart.bars[1].granted_width == chart.width
    assert chart.bars[0].granted_width == 300_000 * chart.width // 3_982_812
    assert chart.bars[0].used_width == 15_000 * chart.width // 3_982_812


def test_mysam_member_sees_their_municipality_and_what_their_group_steers(money_world):
    w = money_world
    by_party = budget_table(w, w.mysam_user, reports.PER_PARTY, THIS_YEAR)
    # Alby's own rows, and AF's row in the intervention Mysam Alby steers; nothing of FK,
    # the region or Bergby.
    assert [row[0] for row in by_party.rows] == [w.af.name, w.alby_party.name]
    assert by_party.rows[1][1] == 915_412 + 200_000

    by_municipality = budget_table(w, w.mysam_user, reports.PER_MUNICIPALITY, THIS_YEAR)
    assert [row[0] for row in by_municipality.rows] == ["Alby"]

    by_intervention = budget_table(w, w.mysam_user, reports.PER_INTERVENTION, None)
    assert by_intervention.rows == [
        ["Arbetsträning Alby", 600_000, 15_000, 585_000, Decimal("2.5")],
        ["Trisam timmar, handläggare", 893_085 + 915_412, 0, 1_808_497, Decimal("0.0")],
    ]


def test_board_member_sees_everything(money_world):
    w = money_world
    assert budget_table(w, w.board_user, reports.PER_YEAR) == budget_table(
        w, w.admin, reports.PER_YEAR
    )


def test_no_figures_no_rows_and_no_totals(money_world):
    w = money_world
    table = budget_table(w, w.admin, reports.PER_INTERVENTION, 2010)
    assert table.rows == []
    assert table.totals is None


# --- The budget by contributor -------------------------------------------------------------------


def budget(w, amount, shares, year=THIS_YEAR):
    record = FederationBudget.objects.create(federation=w.federation, year=year, amount=amount)
    for party, percent in shares.items():
        ContributionShare.objects.create(budget=record, party=party, percent=Decimal(percent))
    return record


def test_share_amount_rounds_half_up_to_whole_kronor():
    assert reports.share_amount(9_000_000, Decimal("50")) == 4_500_000
    assert reports.share_amount(1_001, Decimal("12.5")) == 125  # 125,125
    assert reports.share_amount(1_004, Decimal("12.5")) == 126  # 125,5 → 126
    assert reports.share_amount(3, Decimal("8.3333")) == 0  # 0,249999
    assert reports.share_amount(9_000_001, Decimal("33.3333")) == 2_999_997


def test_contributions_follow_finsam_lagen(money_world):
    w = money_world
    budget(
        w,
        9_000_001,
        {w.fk: "50", w.af: "0", w.region: "25", w.alby_party: "15.5", w.bergby_party: "9.5"},
    )
    result = reports.contributions(w.federation, THIS_YEAR)
    state, region, municipalities = result.groups
    assert [(row.party, row.percent, row.amount) for row in state.rows] == [
        (w.fk, Decimal("50"), 4_500_001),  # 4 500 000,5 rounds up
        (w.af, Decimal("0"), 0),
    ]
    assert (state.percent, state.amount, state.deviates) == (Decimal("50"), 4_500_001, False)
    assert (region.percent, region.amount) == (Decimal("25"), 2_250_000)  # 2 250 000,25
    assert [(row.party, row.amount, row.municipal_share) for row in municipalities.rows] == [
        (w.alby_party, 1_395_000, Decimal("62.00")),  # 1 395 000,155
        (w.bergby_party, 855_000, Decimal("38.00")),  # 855 000,095
    ]
    assert municipalities.amount == 2_250_000
    assert result.percent == Decimal("100")
    assert result.amount == 9_000_001 + result.rounding
    assert result.rounding == 4_500_001 + 2_250_000 + 2_250_000 - 9_000_001
    assert result.warnings == []


def test_contributions_warn_about_deviations(money_world):
    w = money_world
    budget(
        w,
        1_000_000,
        {w.fk: "45", w.region: "30", w.alby_party: "20", w.bergby_party: "4,5".replace(",", ".")},
    )
    result = reports.contributions(w.federation, THIS_YEAR)
    text = " ".join(str(warning) for warning in result.warnings)
    assert "Andel saknas för Arbetsförmedlingen" in text
    assert "Andelarna blir tillsammans 99,5 %, inte 100 %." in text
    assert "Staten står för 45 % av budgeten. Enligt Finsam-lagen 5 § ska andelen vara 50 %." in (
        text
    )
    assert "Regionen står för 30 %" in text
    assert "Kommunerna tillsammans står för 24,5 %" in text
    assert result.rounding == 0  # no rounding note while the shares are wrong anyway


def test_contributions_without_a_budget(money_world):
    w = money_world
    result = reports.contributions(w.federation, THIS_YEAR)
    assert result.budget is None
    assert result.warnings == []
    assert all(row.amount is None for group in result.groups for row in group.rows)


def test_each_municipality_share_of_the_municipal_part(money_world):
    w = money_world
    third = make_municipality(w.federation, name="Cedby").party
    budget(
        w,
        900,
        {
            w.fk: "50",
            w.af: "0",
            w.region: "25",
            w.alby_party: "12.3456",
            w.bergby_party: "8.3333",
            third: "4.3211",
        },
    )
    municipalities = reports.contributions(w.federation, THIS_YEAR).groups[2]
    assert [row.party.municipality.name for row in municipalities.rows] == [
        "Alby",
        "Bergby",
        "Cedby",
    ]
    # 12,3456 / 25 = 49,3824 %; 8,3333 / 25 = 33,3332 %; 4,3211 / 25 = 17,2844 %
    assert [row.municipal_share for row in municipalities.rows] == [
        Decimal("49.38"),
        Decimal("33.33"),
        Decimal("17.28"),
    ]
    # 111,1104 / 74,9997 / 38,8899 kronor
    assert [row.amount for row in municipalities.rows] == [111, 75, 39]
    assert municipalities.amount == 225


def test_groups_follow_party_kinds(money_world):
    w = money_world
    result = reports.contributions(w.federation, THIS_YEAR)
    kinds = [{row.party.kind for row in group.rows} for group in result.groups]
    assert kinds == [
        {Party.Kind.STATE_AGENCY},
        {Party.Kind.REGION},
        {Party.Kind.MUNICIPALITY},
    ]


def test_percent_text_drops_trailing_zeros():
    assert reports.percent_text(Decimal("25.0000")) == "25"
    assert reports.percent_text(Decimal("100.0000")) == "100"
    assert reports.percent_text(Decimal("8.5000")) == "8,5"
    assert reports.percent_text(Decimal("33.3333")) == "33,3333"
    assert reports.percent_text(None) == "–"


def test_other_federations_interventions_never_appear(money_world):
    w = money_world
    Intervention.objects.filter(pk=w.other_intervention.pk).update(
        orientation=Orientation.STRUCTURAL
    )
    table = budget_table(w, w.admin, reports.PER_INTERVENTION, THIS_YEAR)
    assert "Annat förbunds insats" not in [row[0] for row in table.rows]
