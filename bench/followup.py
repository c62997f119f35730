"""Benchmark the follow-up pages on a national-scale förbund.

Builds one förbund with the country's structure (290 municipalities of different sizes, about
5 000 Trisam teams with their members) and five years of Trisam cases — 500 000 at full scale —
in a throw-away test database, with the same generator as the demo (`samverkan/demo/volume.py`).
Then it requests each follow-up page through Django's test client as a signed-in member of the
förbund's kansli (role federation_admin) and prints the median and 95th-percentile time and the
number of queries of each, next to the floor: a signed-in page that renders the page frame and
makes no queries of its own (defined here, not in the product).

Run it with `make bench`; set DATABASE_URL to measure on PostgreSQL. The size is set by
environment variables:

- BENCH_SCALE: the fraction of the national 500 000 cases (default 0.04, i.e. 20 000 cases,
  a couple of minutes on SQLite); the structure stays national. 1 means full scale, meant for
  PostgreSQL.
- BENCH_MUNICIPALITIES (290), BENCH_TEAMS (5000): the structure.
- BENCH_REPEATS (5): timed requests per page, after one untimed request.

Nothing here is asserted: compare runs before and after a change.
"""

import datetime
import os
import time

import common  # sets Django up: first of the project's imports
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from samverkan.cases.models import Case
from samverkan.demo.volume import generate_cases, municipality_sizes, national_structure
from samverkan.funding.models import Intervention, Orientation

NATIONAL_CASES = 500_000
YEARS = 5
SCALE = float(os.environ.get("BENCH_SCALE", "0.04"))
MUNICIPALITIES = int(os.environ.get("BENCH_MUNICIPALITIES", "290"))
TEAMS = int(os.environ.get("BENCH_TEAMS", "5000"))


def build(today):
    """The national förbund, its cases of the last five full years, a kansli user."""
    started = time.perf_counter()
    # Every fifth unit has no team (see national_structure): 5 units for 4 teams.
    units = municipality_sizes(MUNICIPALITIES, round(TEAMS * 5 / 4))
    national = national_structure(municipalities=MUNICIPALITIES, units_per_municipality=units)
    federation = national.federation
    print(
        f"{connection.vendor}: built {len(national.municipalities)} municipalities,"
        f" {len(national.units)} units, {len(national.teams)} Trisam teams"
        f" in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    years = tuple(range(today.year - YEARS, today.year))
    per_year = max(1, round(NATIONAL_CASES * SCALE / YEARS))
    for year in years:
        started = time.perf_counter()
        reported = [0]

        def progress(year, done, count, reported=reported):
            if done * 10 // count > reported[0] * 10 // count or done == count:
                reported[0] = done
                print(f"  {year}: {done:>7} of {count} cases", end="\r", flush=True)

        summary = generate_cases(
            federation, years=(year,), per_year=per_year, today=today, progress=progress
        )
        rows = sum(summary.rows.values())
        print(
            f"\r  {year}: {summary.created} cases, {rows} rows"
            f" in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
    # Trisam counts the cases in Uppföljning Finsam; Mysam is there beside it.
    Intervention.objects.bulk_create(
        Intervention(
            federation=federation,
            code=code,
            name=name,
            orientation=orientation,
            starts_on=datetime.date(years[0], 1, 1),
            ends_on=datetime.date(years[-1], 12, 31),
            counts_cases=code == "trisam",
            is_demo=True,
        )
        for code, name, orientation in (
            ("trisam", "Trisam", Orientation.INDIVIDUAL),
            ("mysam", "Mysam", Orientation.STRUCTURAL),
        )
    )
    # The largest municipality: the most cases a municipality's page counts.
    return federation, national.municipalities[0], years[-1]


def main():
    with common.throwaway_database():
        today = timezone.localdate()
        federation, municipality, year = build(today)
        print(
            f"{Case.objects.count()} cases; pages for {year}, {municipality.name} as the"
            f" municipality; {common.REPEATS} timed requests each",
            flush=True,
        )
        client = common.kansli_client(federation)
        common.print_header()
        with override_settings(ROOT_URLCONF=common.URLS.__name__):
            place = f"&municipality={municipality.pk}"
            common.measure(client, "floor (page frame only)", common.FLOOR_URL)
            for label, query in (
                ("dashboard, förbund, year", f"year={year}&part=year"),
                ("dashboard, förbund, quarter", f"year={year}&part=q2"),
                ("dashboard, municipality, year", f"year={year}&part=year{place}"),
                ("dashboard, municipality, quarter", f"year={year}&part=q2{place}"),
            ):
                common.measure(client, label, f"/uppfoljning/?{query}")
            common.measure(client, "teams compared, year", f"/uppfoljning/teamen/?year={year}")
            for label, url in (
                ("Uppföljning Finsam", "/uppfoljning/finsam/"),
                ("Uppföljning Finsam, CSV", "/uppfoljning/finsam.csv"),
                ("Uppföljning Finsam, Excel", "/uppfoljning/finsam.xlsx"),
            ):
                common.measure(client, label, f"{url}?year={year}")
        common.print_peak_memory()


if __name__ == "__main__":
    main()
