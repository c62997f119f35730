"""Route coverage, after Zulip's URL coverage check: a route that no test requests fails the run.

`RecordRouteMiddleware` (added by `samverkan.settings_test` right after the sign-in middleware)
notes the route of every request that got past sign-in — a signed-in request, or a request to a
public route — so the anonymous refusals of `tests/test_routes.py` do not count as exercising a
page. Under pytest-xdist each worker sends its routes to the controller, which checks them once.

The check runs only when the whole suite ran (no paths, -k, -m or deselection given) and every
test passed and none was skipped; otherwise it says why it did not run.
"""

import pytest

from tests.routes import all_routes

# The Django admin's generated pages for every registered model are Django's own; its sign-in
# and index are ours to check, and every admin route's refusal of anonymous requests is tested.
NOT_REQUIRED_NAMESPACES = {"admin"}

_seen = set()  # the routes requested in this process
_skipped = []  # the tests skipped, as the controller (or the only process) hears of them
_report = []  # what the check has to say at the end of the run


class RecordRouteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        _seen.add(request.resolver_match.view_name)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """xdist, on the controller: a worker finished and sent the routes its tests requested."""
    _seen.update(getattr(node, "workeroutput", {}).get("routes_seen", ()))


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def _why_not_complete(session, exitstatus):
    config = session.config
    if exitstatus != pytest.ExitCode.OK:
        return "the run did not pass"
    if config.option.collectonly:
        return "tests were only collected"
    if config.args_source != pytest.Config.ArgsSource.TESTPATHS:
        return "only part of the suite was run"
    for option in ("keyword", "markexpr", "deselect", "ignore", "ignore_glob", "lf", "last_failed"):
        if config.getoption(option, None):
            return f"tests were selected (--{option.replace('_', '-')})"
    if _skipped:
        return f"{len(_skipped)} tests were skipped"
    return None


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if hasattr(config, "workeroutput"):  # an xdist worker: report to the controller
        config.workeroutput["routes_seen"] = sorted(_seen)
        return
    reason = _why_not_complete(session, exitstatus)
    if reason is not None:
        _report.append((f"Route coverage not checked: {reason}.", {}))
        return
    missing = [
        route
        for route in all_routes()
        if route.name not in _seen and route.namespace not in NOT_REQUIRED_NAMESPACES
    ]
    if not missing:
        _report.append(("Route coverage: every route was requested by a test.", {"green": True}))
        return
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
    _report.append(("Route coverage: no test requests these routes (signed in, or public):", {}))
    _report.extend((f"  {route.name}  /{route.pattern}", {"red": True}) for route in missing)


def pytest_terminal_summary(terminalreporter):
    for line, markup in _report:
        terminalreporter.write_line(line, **markup)
