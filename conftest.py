"""One test world: the shared fixtures, loaded as plugins for every test in the suite.

Factories and helpers are imported from `tests.factories`; fixtures are never imported, only
named as arguments. The browser tests' own hooks and the `browser` and `page` fixtures are in
`tests/browser/conftest.py`.
"""

import pytest

# The shared checks in the factories (assert_refused, …) report failures like test code.
pytest.register_assert_rewrite("tests.factories")

pytest_plugins = [
    # Fails a whole-suite run when a route is never requested by any test.
    "tests.route_coverage",
    "samverkan.structure.tests.fixtures",
    "samverkan.meetings.tests.fixtures",
    "samverkan.statements.tests.fixtures",
    "samverkan.cases.tests.fixtures",
    "samverkan.funding.tests.fixtures",
    "samverkan.followup.tests.fixtures",
    # The browser tests' worlds, built on the ones above.
    "tests.browser.case_setup",
    "tests.browser.meeting_setup",
    "tests.browser.funding_setup",
]
