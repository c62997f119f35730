"""Keyboard use: Tab reaches every control in order, each shows where focus is, skip link works.

Each page is walked with Tab from the top, a bounded number of times. Every link, button and
form field must be reached, in document order, and must look different when it has focus
(its computed outline or box shadow changes) while being on screen.
"""

import pytest

from samverkan.structure.models import Decision
from tests.browser.helpers import PASSWORD, focused, sign_in
from tests.browser.structure_setup import (
    load_reference_data,
    make_admin,
    make_care_units,
)

MAX_TABS = 150
INTERACTIVE = (
    "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])"
)

# Marks every interactive element with its place in the document and keeps how it looks
# without focus (nothing has focus right after loading).
MARK_INTERACTIVE = r"""(selector) => {
    const text = (el) => (el.labels && el.labels.length ? el.labels[0].innerText
        : el.innerText || el.value || el.getAttribute("aria-label") || "");
    const described = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + " " + text(el).trim().replace(/\s+/g, " ").slice(0, 50);
    return Array.from(document.querySelectorAll(selector))
        .filter((el) => !el.disabled && el.getClientRects().length > 0)
        .map((el, index) => {
            el.dataset.tabCheck = index;
            const style = getComputedStyle(el);
            return {
                index,
                description: described(el),
                outline: [style.outlineStyle, style.outlineWidth, style.outlineColor].join(" "),
                shadow: style.boxShadow,
            };
        });
}"""

# The element that has focus now: its mark, how it looks, and whether it is on screen.
FOCUS_STATE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        index: el.dataset.tabCheck === undefined ? null : Number(el.dataset.tabCheck),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        outline: [style.outlineStyle, style.outlineWidth, style.outlineColor].join(" "),
        shadow: style.boxShadow,
        onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
            && box.top < window.innerHeight && box.left < window.innerWidth,
    };
}"""


def has_focus_indicator(state, unfocused):
    outline = state["outlineStyle"] != "none" and state["outlineWidth"] > 0
    outline_changed = outline and state["outline"] != unfocused["outline"]
    shadow_changed = state["shadow"] != "none" and state["shadow"] != unfocused["shadow"]
    return outline_changed or shadow_changed


def walk_with_tab(page):
    """Tab through the page from the top; return the elements reached and the problems found."""
    elements = page.evaluate(MARK_INTERACTIVE, INTERACTIVE)
    assert elements, "The page has no interactive elements"
    problems = []
    reached = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None:  # focus has left the page: the walk is complete
            break
        index = state["index"]
        if index is None:
            problems.append(f"Tab stopped on an element that is not interactive: {focused(page)}")
            continue
        if reached and index == reached[-1]:  # the next part of a date field: same element
            continue
        if index in reached:  # back at an element already seen: the walk is complete
            break
        element = elements[index]
        if reached and index < reached[-1]:
            problems.append(f"{element['description']}: reached out of document order")
        reached.append(index)
        if not has_focus_indicator(state, element):
            problems.append(
                f"{element['description']}: no visible focus indicator (outline "
                f"{state['outline']!r}, box-shadow {state['shadow']!r}; unfocused: outline "
                f"{element['outline']!r}, box-shadow {element['shadow']!r})"
            )
        if not state["onScreen"]:
            problems.append(f"{element['description']}: off screen while it has focus")
    else:
        problems.append(f"Focus did not leave the page after {MAX_TABS} Tab presses")
    missed = [e["description"] for e in elements if e["index"] not in reached]
    problems.extend(f"{description}: never reached with Tab" for description in missed)
    return reached, problems


def check_skip_link(page):
    skip_link = page.get_by_role("link", name="Hoppa till innehållet")
    page.keyboard.press("Tab")
    assert skip_link.evaluate("el => el === document.activeElement"), (
        f"The first Tab stop is {focused(page)}, not the skip link"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main", focused(page)
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)"), (
        f"Tab after the skip link went to {focused(page)}, outside main"
    )


@pytest.fixture
def signed_in_admin(page, live_server, transactional_db):
    federation = load_reference_data()
    make_care_units(federation)
    admin = make_admin(federation)
    sign_in(page, live_server, admin.username, PASSWORD)
    return federation


def page_path(name):
    if name == "rule form":
        decision = Decision.objects.order_by("effective_from").last()
        return f"/beslut/{decision.pk}/regler/ny/"
    return {"overview": "/", "group form": "/grupper/ny/"}[name]


@pytest.mark.parametrize("name", ["overview", "group form", "rule form"])
def test_keyboard_reaches_every_control_with_a_visible_focus(
    page, live_server, signed_in_admin, name
):
    path = live_server.url + page_path(name)
    response = page.goto(path)
    assert response.status == 200

    reached, problems = walk_with_tab(page)

    assert not problems, f"{len(problems)} keyboard problem(s) on {page.url}:\n" + "\n".join(
        problems
    )
    assert len(reached) > 10, f"Only {len(reached)} Tab stops"

    # From the top again: the skip link comes first and moves focus to the main content.
    page.goto(path)
    check_skip_link(page)
