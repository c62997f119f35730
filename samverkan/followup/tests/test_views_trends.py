"""Each indicator over the years: the cells of each year's dashboard, a chart drawn from them,
the same readers as the dashboard, and its exports."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from samverkan.followup.indicators import INDICATORS
from tests.exports import csv_rows
from tests.factories import signed_in

from .test_views_dashboard import URL as DASHBOARD
from .test_views_dashboard import (
    csv_tables,
    more_cases,
    mysam_member,  # noqa: F401 (a fixture)
    raised_row,
)

URL = reverse("followup:trends")
EXPORT = "followup:trends_export"


def trend_rows(page, key):
    section = page.split(f'id="utveckling-{key}"', 1)[1].split("</section>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", section.split("<tbody>", 1)[1]):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        rows[cells[0]] = cells[1:]
    return rows, section


def test_four_years_of_each_indicator_as_on_each_years_dashboard(goal_cases):
    w = goal_cases
    more_cases(w, women=6, men=5)
    client = signed_in(w.kansli)
    response = client.get(URL, {"year": 2025})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h2>{w.federation.name}, 2022–2025</h2>" in page
    for indicator in INDICATORS.values():
        assert f'id="utveckling-{indicator.key}"' in page
    rows, section = trend_rows(page, "raised")
    assert list(rows) == ["2022", "2023", "2024", "2025"]
    for year in ("2024", "2025"):
        dashboard = client.get(DASHBOARD, {"year": year, "part": "year"}).content.decode()
        assert rows[year] == raised_row(dashboard, year)
    # 2025: hidden women and other (a complement and a small count), 7 men, 15 in all: bars
    # for the men and the total only; the chart is hidden from assistive technology.
    chart = section.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'aria-hidden="true"' in chart
    assert chart.count('class="series-1"') >= 1 and chart.count('class="series-2"') >= 1
    assert "2025</text>" in chart


def test_a_mysam_member_follows_their_municipality_only(goal_cases, mysam_member):  # noqa: F811
    w = goal_cases
    client = signed_in(mysam_member)
    page = client.get(URL, {"year": 2025}).content.decode()
    assert "<h2>Alby, 2022–2025</h2>" in page
    other = client.get(URL, {"year": 2025, "municipality": w.bergby.pk})
    assert "Välj en av kommunerna i listan." in other.content.decode()
    assert other.context["trends"] is None


@pytest.mark.parametrize("who", ["af_user", "rehab_user"])
def test_others_are_refused(goal_cases, who):
    client = signed_in(getattr(goal_cases, who))
    assert client.get(URL).status_code == 403
    assert client.get(reverse(EXPORT, args=["csv"])).status_code == 403
    assert Client().get(URL).status_code == 302


def test_bad_choices_are_named_in_swedish(goal_cases):
    client = signed_in(goal_cases.kansli)
    response = client.get(URL, {"year": "tjugo"})
    assert "Ange ett år mellan 2000 och 2100" in response.content.decode()
    assert response.context["trends"] is None
    assert client.get(reverse(EXPORT, args=["csv"]), {"year": "tjugo"}).status_code == 400
    assert client.get(reverse(EXPORT, args=["pdf"]), {"year": 2025}).status_code == 404


def test_the_exports_hold_the_pages_tables(goal_cases):
    w = goal_cases
    more_cases(w, women=6, men=5)
    client = signed_in(w.kansli)
    page = client.get(URL, {"year": 2025}).content.decode()
    response = client.get(reverse(EXPORT, args=["csv"]), {"year": 2025})
    assert (
        f'filename="uppfoljning-trisam-{w.federation.slug}-2022-2025.csv"'
        in (response["Content-Disposition"])
    )
    exported = csv_tables(csv_rows(response))
    assert "Definitioner" in exported
    rows, _section = trend_rows(page, "raised")
    table = {
        row[0]: [cell or "–" for cell in row[1:]] for row in exported["Aktualiserade ärenden"][1:]
    }
    assert table == rows
