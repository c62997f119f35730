"""The leak test: everything the county's readers can reach for one period — the county's page
and export and every municipality's — solved together as a system of equations, and no hidden
count may follow from it (linear programming, tests.disclosure)."""

import datetime

import pytest
from django.urls import reverse

from samverkan.demo import volume
from samverkan.followup.indicators import INDICATORS
from samverkan.followup.suppression import Suppressed
from samverkan.structure.models import Municipality
from tests.disclosure import UNPUBLISHED, determined
from tests.exports import csv_rows
from tests.factories import signed_in

from .test_views_dashboard import URL, csv_tables, page_tables

EXPORT = reverse("followup:dashboard_export", args=["csv"])
COUNTY = "county"
GENDERS = range(4)  # women, men, other, total
MARKS = {"färre än 5": Suppressed(primary=True), "dolt": Suppressed(primary=False)}


def cell(text):
    return MARKS[text] if text in MARKS else int(text.replace("\xa0", "").replace(" ", ""))


def counts_of(indicator, rows, period_text, baseline_text):
    """{kind: [four cells]} of the counts in an indicator's table: the period's and the
    baseline's for a count, numerators and denominators for a share."""
    by_heading = {row[0]: row[1:] for row in rows[1:]}
    if not indicator.is_share:
        headings = {"period": period_text, "baseline": baseline_text}
    elif indicator.before is not None:
        headings = {"numerators": "Antal vid uppföljningen", "denominators": "Uppföljda ärenden"}
    else:
        headings = {"numerators": "Antal", "denominators": "Av"}
    return {
        kind: [cell(text) for text in by_heading[heading]] for kind, heading in headings.items()
    }


@pytest.mark.parametrize(
    ("part", "period_text", "baseline_text"),
    [("year", "2025", "2024"), ("q3", "Tredje kvartalet 2025", "Andra kvartalet 2025")],
)
def test_nothing_the_county_reads_in_a_period_gives_a_hidden_count_away(
    goal_cases, part, period_text, baseline_text
):
    w = goal_cases
    # Small numbers, some people of another gender, in more than one municipality.
    volume.generate_cases(
        w.federation, years=(2024, 2025), per_year=90, today=datetime.date(2026, 6, 30)
    )
    client = signed_in(w.kansli)
    municipalities = list(Municipality.objects.filter(federation=w.federation))
    assert len(municipalities) > 1
    published = {}
    for place in [None, *municipalities]:
        query = {"year": 2025, "part": part}
        if place is not None:
            query["municipality"] = place.pk
        response = client.get(EXPORT, query)
        assert response.status_code == 200
        tables = csv_tables(csv_rows(response))
        # The page shows the same cells as the file (checked in test_views_dashboard).
        assert set(page_tables(client.get(URL, query).content.decode())) <= set(tables)
        for indicator in INDICATORS.values():
            rows = tables[str(indicator.title)]
            for kind, cells in counts_of(indicator, rows, period_text, baseline_text).items():
                for gender, value in zip(GENDERS, cells, strict=True):
                    key = (indicator.key, kind, COUNTY if place is None else place.pk, gender)
                    published[key] = value

    lines = []
    for indicator_key, kind in {(key[0], key[1]) for key in published}:
        places = [COUNTY, *(place.pk for place in municipalities)]
        for place in places:
            total = (indicator_key, kind, place, 3)
            lines.append((total, [(indicator_key, kind, place, gender) for gender in range(3)]))
        for gender in GENDERS:
            lines.append(
                (
                    (indicator_key, kind, COUNTY, gender),
                    [(indicator_key, kind, place, gender) for place in places[1:]],
                )
            )
    # Those counted in a share's denominator but not its numerator: a difference of two
    # published counts.
    for key in [key for key in published if key[1] == "numerators"]:
        rest = (key[0], "rest", key[2], key[3])
        published[rest] = UNPUBLISHED
        lines.append(((key[0], "denominators", key[2], key[3]), [key, rest]))
    hidden = [key for key, value in published.items() if isinstance(value, Suppressed)]
    assert any(published[key].primary for key in hidden)  # the test has something to find
    assert any(not published[key].primary for key in hidden)
    assert determined(published, lines) == {}
