"""Accessibility checks with axe-core (bundled in axe-playwright-python; nothing is fetched)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

# WCAG 2.0 and 2.1, levels A and AA, plus Deque's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

_axe = Axe()


def axe_violations(page, context=None, tags=AXE_TAGS):
    """The axe-core violations on the page as it is now (a list of axe's violation objects)."""
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    return _axe.run(page, context=context, options=options).response["violations"]


def format_violations(violations, url=""):
    """A readable report: each rule id, impact and help, then the offending nodes."""
    where = f" on {url}" if url else ""
    lines = [f"axe-core found {len(violations)} accessibility violation(s){where}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation.get('impact') or 'unknown impact'}]: "
            f"{violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'].strip()[:200]}")
            summary = (node.get("failureSummary") or "").strip()
            lines.extend(f"       {line.strip()}" for line in summary.splitlines() if line.strip())
    return "\n".join(lines)


def assert_accessible(page, context=None):
    """Fail the test when axe-core finds any WCAG 2.1 A/AA or best-practice violation.

    `context` narrows the check to part of the page (an axe context: a CSS selector, or a dict
    with "include"/"exclude"); by default the whole document is checked.
    """
    violations = axe_violations(page, context=context)
    if violations:
        pytest.fail(format_violations(violations, page.url), pytrace=False)
