"""Browser tests: the system's headless Chromium, driven by Playwright, against the live server.

Playwright's own browser downloads are never used. Chromium is looked up in CHROMIUM_PATH (when
set, the only candidate), else in the usual Debian locations. Without it every test in this
folder is skipped, unless BROWSER_TESTS_REQUIRED is set (CI sets it): then the run stops instead,
so a broken Chromium install cannot pass as a green build.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.helpers import PASSWORD
from tests.factories import make_user

CHROMIUM_MISSING = "Chromium not found: install it (apt-get install chromium) or set CHROMIUM_PATH"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_CHROMIUM_LOCATIONS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
BROWSER_TESTS = Path(__file__).resolve().parent

_phase_reports = pytest.StashKey[dict]()


def find_chromium():
    """The Chromium executable to drive, or None. CHROMIUM_PATH, when set, is the only candidate."""
    configured = os.environ.get("CHROMIUM_PATH", "").strip()
    candidates = (
        [configured] if configured else [*DEFAULT_CHROMIUM_LOCATIONS, shutil.which("chromium")]
    )
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def pytest_configure(config):
    # Serve on the IPv4 loopback address (pytest-django's default is "localhost"), unless
    # --liveserver or DJANGO_LIVE_TEST_SERVER_ADDRESS says otherwise.
    if not config.getoption("liveserver", None) and not os.environ.get(
        "DJANGO_LIVE_TEST_SERVER_ADDRESS"
    ):
        config.option.liveserver = "127.0.0.1"


def _required():
    return os.environ.get("BROWSER_TESTS_REQUIRED", "").strip().lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if BROWSER_TESTS in item.path.resolve().parents]
    if not browser_items:
        return
    chromium = find_chromium()
    if chromium is None and _required():
        raise pytest.UsageError(f"{CHROMIUM_MISSING} (BROWSER_TESTS_REQUIRED is set)")
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        if chromium is None:
            item.add_marker(pytest.mark.skip(reason=CHROMIUM_MISSING))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item: `page` saves a screenshot when the test failed."""
    report = yield
    item.stash.setdefault(_phase_reports, {})[report.when] = report
    return report


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium, shared by the tests in this folder while they run.

    Package scope, not session: pytest-django runs the live-server tests before the tests without
    a database, and Playwright (with the setting below) must not outlive the browser tests.
    """
    executable = find_chromium()
    if executable is None:
        pytest.skip(CHROMIUM_MISSING)
    # Playwright's sync API keeps an asyncio loop running in the main thread while it is started;
    # Django then refuses ORM calls from test code as "async unsafe". The tests are synchronous, so
    # allow it, but only while Playwright runs: a leftover value would also leak into subprocesses
    # (`manage.py check --deploy` rejects it).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, request):
    """A fresh page in its own context (Swedish locale, 1280×900); screenshot kept on failure."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    reports = request.node.stash.get(_phase_reports, {})
    if any(report.failed for report in reports.values()):
        _save_artifacts(page, request)
    context.close()


def _save_artifacts(page, request):
    directory = request.config.rootpath / "test-artifacts"
    directory.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid).strip("_")
    try:
        page.screenshot(path=directory / f"{name}.png", full_page=True)
        (directory / f"{name}.html").write_text(page.content(), encoding="utf-8")
    except Exception as error:  # the test's own failure matters more than a lost screenshot
        print(f"Could not save the screenshot of {request.node.nodeid}: {error}")


@pytest.fixture
def user(transactional_db):
    """A user without special permissions who signs in with `PASSWORD`."""
    return make_user(
        username="anna.andersson",
        password=PASSWORD,
        first_name="Anna",
        last_name="Andersson",
    )
