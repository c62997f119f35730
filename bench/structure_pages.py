"""Benchmark the structure pages on a national-scale förbund.

Builds one förbund with every Swedish municipality's worth of structure (290 municipalities, a
Mysam group each, about 1 200 care units with Trisam teams and their members) in a throw-away
test database, with the volume generator's `national_structure` (`samverkan/demo/volume.py`),
then requests the heaviest pages through Django's test client and prints the median time, the
number of queries and the peak memory. Run it with `make bench`; set DATABASE_URL to measure on
PostgreSQL. Nothing here is asserted: compare runs before and after a change.
"""

import datetime
import os
import time

import common  # sets Django up: first of the project's imports
from django.db import connection
from django.test import override_settings

from samverkan.demo.volume import national_structure
from samverkan.structure.models import Group, Membership, Municipality, Unit

MUNICIPALITIES = int(os.environ.get("BENCH_MUNICIPALITIES", "290"))
CARE_UNITS_PER_MUNICIPALITY = int(os.environ.get("BENCH_UNITS", "4"))
MYSAM_MEMBERS = 8
TEAM_MEMBERS = 5
START = datetime.date(2022, 1, 1)


def build():
    """One förbund at national scale, created in bulk by the one volume generator."""
    national = national_structure(
        municipalities=MUNICIPALITIES,
        units_per_municipality=CARE_UNITS_PER_MUNICIPALITY,
        team_members=TEAM_MEMBERS,
        mysam_members=MYSAM_MEMBERS,
        start=START,
    )
    municipalities = national.municipalities
    return national.federation, municipalities[len(municipalities) // 2], national.teams[0]


def main():
    with common.throwaway_database():
        started = time.perf_counter()
        federation, municipality, team = build()
        print(
            f"{connection.vendor}: built {Municipality.objects.count()} municipalities,"
            f" {Unit.objects.count()} units, {Group.objects.count()} groups,"
            f" {Membership.objects.count()} memberships"
            f" in {time.perf_counter() - started:.1f} s"
        )
        client = common.kansli_client(federation)
        common.print_header()
        with override_settings(ROOT_URLCONF=common.URLS.__name__):
            common.measure(client, "floor (page frame only)", common.FLOOR_URL)
            common.measure(client, "overview", "/")
            common.measure(client, "coverage", "/tackning/")
            common.measure(client, "municipalities", "/kommuner/")
            common.measure(client, "municipality", f"/kommuner/{municipality.code}/")
            common.measure(client, "groups", "/grupper/?kind=trisam")
            common.measure(client, "group", f"/grupper/{team.pk}/")
            common.measure(client, "units", "/enheter/")
            common.measure(client, "search", "/sok/?q=Hälsocentral+1")
        common.print_peak_memory()


if __name__ == "__main__":
    main()
