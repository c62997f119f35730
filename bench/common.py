"""What the benchmarks share: Django set up on the test settings, a throw-away database, a
signed-in kansli user, the floor page and the timing of one page.

Import this module before anything of the project's: it sets Django up.
"""

import contextlib
import os
import resource
import statistics
import sys
import time
import types
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings_test")
django.setup()

from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import path  # noqa: E402

import samverkan.urls  # noqa: E402
from samverkan.core.models import User  # noqa: E402
from samverkan.structure.models import Person  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
FLOOR_URL = "/bench/golv/"

# The floor: the page frame for a signed-in user, and no query of the view's own. Defined here,
# not in the product; `URLS` is the product's URLs with the floor added.
FRAME = engines["django"].from_string('{% extends "core/base.html" %}')


def floor(request):
    return HttpResponse(FRAME.render({}, request))


URLS = types.ModuleType("bench_urls")
URLS.urlpatterns = [path(FLOOR_URL.strip("/") + "/", floor), *samverkan.urls.urlpatterns]
sys.modules[URLS.__name__] = URLS


@contextlib.contextmanager
def throwaway_database():
    """A new test database for the run, destroyed afterwards whatever happens."""
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def kansli_client(federation):
    """A client signed in as a member of the förbund's kansli (role federation_admin)."""
    kansli = User.objects.create_user("bench", password="x", role=User.Role.FEDERATION_ADMIN)
    Person.objects.create(federation=federation, first_name="K", last_name="Kansli", user=kansli)
    client = Client()
    client.force_login(kansli)
    return client


def percentile(values, fraction):
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def print_header():
    print("| page                             | median ms |  p95 ms | queries |     KiB |")
    print("|----------------------------------|----------:|--------:|--------:|--------:|")


def measure(client, label, url, repeats=REPEATS):
    """Request `url` once untimed (templates compiled, translations loaded), then `repeats`
    times, and print a table row: median and 95th percentile, queries and size."""
    client.get(url)
    timings = []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{label}: HTTP {response.status_code} for {url}")
    print(
        f"| {label:<32} | {statistics.median(timings) * 1000:9.1f} |"
        f" {percentile(timings, 0.95) * 1000:7.1f} | {len(queries):7d} |"
        f" {len(response.content) / 1024:7.0f} |",
        flush=True,
    )


def print_peak_memory():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MiB")
