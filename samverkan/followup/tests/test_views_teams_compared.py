"""The teams compared, for the process leadership: who reads it, what it shows, that it gives
nothing away beside the county dashboard, its exports and its queries."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from samverkan.cases.models import Case
from samverkan.demo import volume
from samverkan.followup.indicators import INDICATORS
from samverkan.followup.suppression import Suppressed
from samverkan.structure.models import Group, GroupKind, Municipality
from tests.disclosure import determined
from tests.exports import csv_rows
from tests.factories import signed_in

from .test_leaks import cell
from .test_views_dashboard import (
    csv_tables,
    mysam_member,  # noqa: F401 (a fixture)
)

URL = reverse("followup:teams_compared")
EXPORT = "followup:teams_compared_export"
YEAR = {"year": 2025, "part": "year"}
GENERATED_TODAY = datetime.date(2026, 6, 30)


@pytest.fixture
def many(goal_cases):
    """The hand-built cases and two years of generated ones, in both teams."""
    w = goal_cases
    volume.generate_cases(w.federation, years=(2024, 2025), per_year=150, today=GENERATED_TODAY)
    return w


def test_the_process_leaders_and_the_kansli_compare_every_team(many):
    w = many
    for reader in (w.process_leader_user, w.kansli):
        response = signed_in(reader).get(URL, YEAR)
        assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Trisam-teamen jämförda</h1>" in page
    for team in Group.objects.filter(federation=w.federation, kind=GroupKind.TRISAM):
        if Case.objects.filter(team=team, raised_on__year=2025).exists():
            assert f'<th scope="row">{team.name}</th>' in page
    assert "Hela förbundet" in page
    # Totals only: no column per gender.
    section = page.split('id="teamen-1"', 1)[1].split("</section>", 1)[0]
    assert "Kvinnor" not in section and '<svg class="bar"' in section


def test_one_municipalitys_teams_are_rows_of_the_same_table(many):
    w = many
    client = signed_in(w.kansli)
    everyone = client.get(URL, YEAR).content.decode()
    alby = client.get(URL, {**YEAR, "municipality": w.alby.pk})
    page = alby.content.decode()
    assert "<h2>Alby, 2025</h2>" in page
    assert f'<th scope="row">{w.trisam.name}</th>' in page
    assert f'<th scope="row">{w.other_team.name}</th>' not in page  # Bergby's
    assert f'<th scope="row">{w.other_team.name}</th>' in everyone

    # The same cells as in the whole table, and the förbund's row beside them.
    def row_of(html, name):
        section = html.split('id="teamen-1"', 1)[1].split("</section>", 1)[0]
        return section.split(f'<th scope="row">{name}</th>', 1)[1].split("</tr>", 1)[0]

    assert row_of(page, w.trisam.name) == row_of(everyone, w.trisam.name)
    assert row_of(page, "Hela förbundet") == row_of(everyone, "Hela förbundet")
    export = client.get(reverse(EXPORT, args=["csv"]), {**YEAR, "municipality": w.alby.pk})
    assert 'filename="uppfoljning-trisam-teamen-alby-2025.csv"' in export["Content-Disposition"]


@pytest.mark.parametrize("who", ["af_user", "rehab_user", "log_reviewer"])
def test_others_are_refused(goal_cases, who):
    response = signed_in(getattr(goal_cases, who)).get(URL, YEAR)
    assert response.status_code == 403
    assert "Teamen jämförs av förbundets kansli" in response.content.decode()


def test_a_mysam_member_is_refused_the_teams_of_other_municipalities(
    goal_cases,
    mysam_member,  # noqa: F811
):
    assert signed_in(mysam_member).get(URL, YEAR).status_code == 403
    assert signed_in(mysam_member).get(reverse(EXPORT, args=["csv"]), YEAR).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(goal_cases):
    response = Client().get(URL, YEAR)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_bad_choices_are_named_in_swedish(goal_cases):
    client = signed_in(goal_cases.process_leader_user)
    for query, message in (
        ({"year": "tjugo", "part": "year"}, "Ange ett år mellan 2000 och 2100"),
        ({"year": 2025, "part": "q5"}, "Välj helår, ett halvår eller ett kvartal."),
    ):
        response = client.get(URL, query)
        assert response.status_code == 200
        assert response.context["tables"] is None
        assert message in response.content.decode()
        export = client.get(reverse(EXPORT, args=["csv"]), query)
        assert export.status_code == 400 and message in export.content.decode()
    assert client.get(reverse(EXPORT, args=["docx"]), YEAR).status_code == 404
    assert client.post(URL).status_code == 405


def test_the_foerbunds_total_is_the_dashboards(many):
    w = many
    client = signed_in(w.kansli)
    teams = csv_tables(csv_rows(client.get(reverse(EXPORT, args=["csv"]), YEAR)))
    county = csv_tables(
        csv_rows(client.get(reverse("followup:dashboard_export", args=["csv"]), YEAR))
    )
    raised = INDICATORS["raised"]
    [total] = [row for row in teams[str(raised.title)] if row[0] == "Hela förbundet"]
    [dashboard] = [row for row in county[str(raised.title)][1:] if row[0] == "2025"]
    assert total[2] == dashboard[4]  # the total column of the county's row


def test_the_export_holds_the_pages_tables(many):
    client = signed_in(many.kansli)
    page = client.get(URL, YEAR).content.decode()
    exported = csv_tables(csv_rows(client.get(reverse(EXPORT, args=["csv"]), YEAR)))
    assert list(exported)[0] == "Om siffrorna" and "Definitioner" in exported
    for indicator in INDICATORS.values():
        rows = exported[str(indicator.title)]
        for row in rows[1:]:
            assert f'<th scope="row">{row[0]}</th>' in page


@pytest.mark.parametrize("part", ["year", "q2"])
def test_the_teams_and_the_municipalities_together_give_nothing_away(many, part):
    """The teams' totals, the municipalities' and the county's, by gender, as one system."""
    w = many
    client = signed_in(w.kansli)
    query = {"year": 2025, "part": part}
    period_text = {"year": "2025", "q2": "Andra kvartalet 2025"}[part]
    municipalities = list(Municipality.objects.filter(federation=w.federation))
    published, lines = {}, []
    teams = csv_tables(csv_rows(client.get(reverse(EXPORT, args=["csv"]), query)))
    for place in [None, *municipalities]:
        chosen = {**query, **({"municipality": place.pk} if place else {})}
        tables = csv_tables(
            csv_rows(client.get(reverse("followup:dashboard_export", args=["csv"]), chosen))
        )
        for indicator in INDICATORS.values():
            rows = {row[0]: row[1:] for row in tables[str(indicator.title)][1:]}
            heading = {True: "Antal", False: period_text}[indicator.is_share]
            if indicator.before is not None:
                heading = "Antal vid uppföljningen"
            for gender, text in enumerate(rows[heading]):
                published[(indicator.key, place.pk if place else "county", gender)] = cell(text)
    for indicator in INDICATORS.values():
        key = indicator.key
        places = [place.pk for place in municipalities]
        for place in ["county", *places]:
            lines.append(((key, place, 3), [(key, place, gender) for gender in range(3)]))
        for gender in range(4):
            lines.append(((key, "county", gender), [(key, place, gender) for place in places]))
        rows = teams[str(indicator.title)][1:]
        if not rows:
            continue
        column = 4 if indicator.is_share else 2
        team_keys = []
        for row in rows:
            if row[0] == "Hela förbundet":
                assert (
                    cell(row[column - 1 if indicator.is_share else column])
                    == published[(key, "county", 3)]
                )
                continue
            team_key = (key, "team", row[0])
            published[team_key] = cell(row[3] if indicator.is_share else row[2])
            team_keys.append(team_key)
            shown = published[team_key]
            assert isinstance(shown, Suppressed) or not 0 < shown < 5, (team_key, shown)
        lines.append(((key, "county", 3), team_keys))
    assert any(isinstance(value, Suppressed) for value in published.values())
    assert determined(published, lines) == {}
