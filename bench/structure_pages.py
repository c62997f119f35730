"""Benchmark the structure pages on a national-scale förbund.

Builds one förbund with every Swedish municipality's worth of structure (290 municipalities, a
Mysam group each, about 1 200 care units with Trisam teams and their members) in a throw-away
test database, then requests the heaviest pages through Django's test client and prints the
median time, the number of queries and the peak memory. Run it with `make bench`; set
DATABASE_URL to measure on PostgreSQL. Nothing here is asserted: compare runs before and after
a change.
"""

import datetime
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings_test")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from samverkan.core.models import User  # noqa: E402
from samverkan.structure.models import (  # noqa: E402
    Decision,
    Federation,
    Group,
    GroupKind,
    GroupRule,
    Membership,
    Municipality,
    Party,
    Person,
    SubRegion,
    Unit,
)

MUNICIPALITIES = int(os.environ.get("BENCH_MUNICIPALITIES", "290"))
CARE_UNITS_PER_MUNICIPALITY = int(os.environ.get("BENCH_UNITS", "4"))
MYSAM_MEMBERS = 8
TEAM_MEMBERS = 5
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
START = datetime.date(2022, 1, 1)


def build():
    """One förbund at national scale, created in bulk."""
    federation = Federation.objects.create(name="Riksförbundet (benchmark)", slug="bench")
    fk, af, region = Party.objects.bulk_create(
        [
            Party(federation=federation, name="FK", code="fk", kind="state_agency", order=1),
            Party(federation=federation, name="AF", code="af", kind="state_agency", order=2),
            Party(federation=federation, name="Regionen", code="region", kind="region", order=3),
        ]
    )
    decision = Decision.objects.create(federation=federation, title="Regler", effective_from=START)
    for kind in (GroupKind.MYSAM, GroupKind.TRISAM):
        rule = GroupRule.objects.create(
            decision=decision, group_kind=kind, meetings_per_year=4, requires_own_municipality=True
        )
        rule.required_parties.set([fk, af, region])
    sub_regions = SubRegion.objects.bulk_create(
        SubRegion(federation=federation, name=f"Delområde {n}", order=n) for n in range(21)
    )
    municipalities = Municipality.objects.bulk_create(
        Municipality(
            federation=federation,
            name=f"Kommun {n:03d}",
            code=f"{1000 + n:04d}",
            sub_region=sub_regions[n % len(sub_regions)],
        )
        for n in range(MUNICIPALITIES)
    )
    municipal_parties = Party.objects.bulk_create(
        Party(
            federation=federation,
            name=f"{m.name}s kommun",
            code=f"k{m.code}",
            kind="municipality",
            municipality=m,
            order=10,
        )
        for m in municipalities
    )
    units = Unit.objects.bulk_create(
        Unit(
            party=region,
            municipality=m,
            name=f"Hälsocentral {m.code}-{u}",
            kind=Unit.Kind.HEALTH_CENTRE if u else Unit.Kind.ADULT_PSYCHIATRY,
        )
        for m in municipalities
        for u in range(CARE_UNITS_PER_MUNICIPALITY)
    )
    mysam_groups = Group.objects.bulk_create(
        Group(federation=federation, kind=GroupKind.MYSAM, name=f"Mysam {m.name}", municipality=m)
        for m in municipalities
    )
    # Every fifth unit lacks a team, so the coverage report has gaps to list.
    teams = Group.objects.bulk_create(
        Group(
            federation=federation,
            kind=GroupKind.TRISAM,
            name=f"Trisam {u.name}",
            unit=u,
            municipality=u.municipality,
        )
        for n, u in enumerate(units)
        if n % 5
    )
    seats = []
    for group, party in zip(mysam_groups, municipal_parties, strict=True):
        seats += [(group, p) for p in (fk, af, region, party)] * (MYSAM_MEMBERS // 4)
    own_party = {party.municipality_id: party for party in municipal_parties}
    for team in teams:
        members = (region, fk, af, own_party[team.municipality_id], region)
        seats += [(team, p) for p in members][:TEAM_MEMBERS]
    people = Person.objects.bulk_create(
        Person(federation=federation, first_name="Person", last_name=str(n), party=party)
        for n, (_, party) in enumerate(seats)
    )
    Membership.objects.bulk_create(
        Membership(
            person=person,
            group=group,
            party=party,
            role=Membership.Role.MEMBER,
            valid_from=START,
        )
        for person, (group, party) in zip(people, seats, strict=True)
    )
    return federation, municipalities[len(municipalities) // 2], teams[0]


def measure(client, label, url):
    timings = []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{label}: HTTP {response.status_code} for {url}")
    print(
        f"{label:<14} {statistics.median(timings) * 1000:8.1f} ms median"
        f" {min(timings) * 1000:8.1f} ms best {len(queries):5d} queries"
        f" {len(response.content) / 1024:8.0f} KiB"
    )


def main():
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        started = time.perf_counter()
        federation, municipality, team = build()
        print(
            f"{connection.vendor}: built {Municipality.objects.count()} municipalities,"
            f" {Unit.objects.count()} units, {Group.objects.count()} groups,"
            f" {Membership.objects.count()} memberships"
            f" in {time.perf_counter() - started:.1f} s"
        )
        admin = User.objects.create_user("bench", password="x", role=User.Role.FEDERATION_ADMIN)
        Person.objects.create(federation=federation, first_name="B", last_name="B", user=admin)
        client = Client()
        client.force_login(admin)
        measure(client, "overview", "/")
        measure(client, "coverage", "/tackning/")
        measure(client, "municipalities", "/kommuner/")
        measure(client, "municipality", f"/kommuner/{municipality.code}/")
        measure(client, "groups", "/grupper/?kind=trisam")
        measure(client, "group", f"/grupper/{team.pk}/")
        measure(client, "units", "/enheter/")
        measure(client, "search", "/sok/?q=Hälsocentral+1")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory    {peak:8.0f} MiB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
