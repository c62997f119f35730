"""The access matrix: every page and action touching a case, for every role, by the rules.

The rules (issue 3, `core.policy`): a case's personal data is visible only to current members
of its team who sit there for a party — before consent only to the raising party's members,
after it to the parties the team consent names, and once the case is closed (the consent ends
with it) or the consent is withdrawn, again only to the raising party. Whoever may not know a
case exists gets 404 on every case address. Whoever knows it exists but may not see who the
individual is gets the case page without any personal data and 404 everywhere else. New
information needs an open case and a team consent in effect; a closed case is read-only.

Each cell of the table says what one viewer (a role seeing the case in one state) gets on one
page, by direct address (GET and a valid POST). The navigation tests then check that the links
each viewer is shown on the team's case list and on the case page lead only where the table
lets them go, and to everything it lets them do.
"""

import pytest
from django.urls import reverse

from samverkan.cases.models import Case, Consent
from samverkan.cases.tests import matrix_support as m
from samverkan.cases.tests.matrix_support import BEFORE, CLOSED, CONSENTED, WITHDRAWN
from samverkan.core.models import AccessLogEntry

# Viewers: (column, role, user attribute of `team_world`, state of the case).
VIEWERS = [
    ("rb", "raising party before consent", "fk_user", BEFORE),
    ("ob", "other party before consent", "af_user", BEFORE),
    ("ra", "raising party after consent", "fk_user", CONSENTED),
    ("oa", "other party after consent (AF)", "af_user", CONSENTED),
    ("og", "other party after consent (Region)", "rehab_user", CONSENTED),
    ("nn", "party not named in the consent", "social_user", CONSENTED),
    ("ot", "member of another team", "other_team_user", CONSENTED),
    ("fm", "former member", "former_user", CONSENTED),
    ("pl", "process leader in the team", "process_leader_user", CONSENTED),
    ("ks", "förbund staff", "kansli", CONSENTED),
    ("mc", "Mysam coordinator", "mysam_coordinator", CONSENTED),
    ("lr", "log reviewer", "log_reviewer", CONSENTED),
    ("an", "anonymous", None, CONSENTED),
    ("rc", "raising party, case closed", "fk_user", CLOSED),
    ("oc", "other party, case closed", "af_user", CLOSED),
    ("rw", "raising party, consent withdrawn", "fk_user", WITHDRAWN),
    ("ow", "other party, consent withdrawn", "af_user", WITHDRAWN),
]

# What a cell means:
#   S  sees the individual: GET 200 showing the personal data, with a read entry in the log
#   K  knows the case exists: GET 200 without any personal data
#   W  may do it: GET 200; a valid POST changes the case and writes a change entry
#   N  may not do it now (no consent yet, or the case is closed): GET 200 with a refusal, 302
#      back to the case page or 403 (a clear refusal, nothing about the individual beyond what
#      the viewer may see); a valid POST changes nothing
#   R  sees the individual, but the action is another party's: GET 403 or 404; POST no change
#   X  may not see the individual: 404 on GET and POST, nothing personal, nothing changed
#   H  may not know the case exists: 404 on GET and POST, nothing changed (no hint)
#   L  not signed in: sent to sign in, GET and POST, nothing changed
#   ?  not settled by the rules: any of 200, 302, 403, 404; privacy still checked
#   -  no such address in this state (there is no consent to withdraw before consent)
# fmt: off
COLUMNS =                  "rb ob ra oa og nn ot fm pl ks mc lr an rc oc rw ow"
TABLE = {
    "case":               "S  K  S  S  S  K  H  H  H  H  H  H  L  S  K  S  K",
    "edit_raising":       "W  X  W  R  R  X  H  H  H  H  H  H  L  N  X  N  X",
    "consent_add":        "W  X  N  N  N  X  H  H  H  H  H  H  L  N  X  N  X",
    "consent_withdraw":   "-  -  W  W  W  X  H  H  H  H  H  H  L  N  X  N  X",
    "consent_declined":   "W  X  R  R  R  X  H  H  H  H  H  H  L  N  X  N  X",
    "close":              "W  X  W  W  W  X  H  H  H  H  H  H  L  N  X  N  X",
    "meeting":            "N  X  W  W  W  X  H  H  H  H  H  H  L  N  X  N  X",
    "preparation":        "N  X  W  W  W  X  H  H  H  H  H  H  L  N  X  N  X",
    "mapping":            "N  X  W  W  W  X  H  H  H  H  H  H  L  N  X  N  X",
    "plan":               "N  X  W  W  W  X  H  H  H  H  H  H  L  N  X  N  X",
    "survey":             "N  X  W  W  W  X  H  H  H  H  H  H  L  N  X  N  X",
    "survey_link":        "N  X  W  W  W  X  H  H  H  H  H  H  L  N  X  N  X",
    "follow_up":          "N  X  W  W  W  X  H  H  H  H  H  H  L  N  X  N  X",
    "extract_pdf":        "S  X  S  S  S  X  H  H  H  H  H  H  L  S  X  S  X",
    "extract_json":       "S  X  S  S  S  X  H  H  H  H  H  H  L  S  X  S  X",
}
# fmt: on
# consent_add after consent is N for everyone: a second team consent is not recorded while one
# is in effect, and other parties never record one (they may record a SIP or follow-up consent,
# so the page may open for them). Declining is the other answer to the consent question, so
# once a team consent is given nobody records a refusal. Closed cases keep what is recorded
# readable on the case page; the step forms refuse.

# The team's pages, which do not depend on the case's state.
#   O  opens (200); T  opens, and a valid new case can be raised through it;
#   D  refused (403 or 404), nothing created, no case named; A  any of 200/403/404, no case named
# fmt: off
TEAM_COLUMNS =        "fk af rehab social other_team former process_leader kansli mysam log anon"
TEAM_TABLE = {
    "team":           "O  O  O     O      D          D      D              D      D     D   L",
    "raise":          "T  T  T     T      D          D      D              D      D     D   L",
    "start":          "O  O  O     O      A          A      A              A      A     A   L",
}
# fmt: on
TEAM_USERS = {
    "fk": "fk_user",
    "af": "af_user",
    "rehab": "rehab_user",
    "social": "social_user",
    "other_team": "other_team_user",
    "former": "former_user",
    "process_leader": "process_leader_user",
    "kansli": "kansli",
    "mysam": "mysam_coordinator",
    "log": "log_reviewer",
    "anon": None,
}

POST_ONLY = {"survey_link"}
GET_ONLY = {"case", "extract_pdf", "extract_json"}
HIDDEN = {"X", "H"}
MAY_SEE = {"S", "W", "N", "R", "?"}  # cells whose viewer may see the individual


def expected(page, column):
    return dict(zip(COLUMNS.split(), TABLE[page].split(), strict=True))[column]


def viewer_params(pages, method):
    params = []
    for page in pages:
        for column, role, attr, state in VIEWERS:
            cell = expected(page, column)
            if cell == "-" or (method == "GET" and page in POST_ONLY):
                continue
            if method == "POST" and page in GET_ONLY:
                continue
            params.append(pytest.param(page, column, attr, state, id=f"{page}-{role}"))
    return params


def browser_for(w, attr, client_for, client):
    if attr is None:
        return client, None
    user = getattr(w, attr)
    return client_for(user), user


# --- Direct addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "column", "attr", "state"), viewer_params(TABLE, "GET"))
def test_get(team_world, client_for, client, page, column, attr, state):
    w = team_world
    case = m.build_case(w, state)
    browser, user = browser_for(w, attr, client_for, client)
    cell = expected(page, column)
    reads_before = m.read_entries(case, user) if user else 0
    before = m.snapshot(case)

    response = browser.get(m.case_url(page, case))

    shown = m.personal_data_in(response)
    status = response.status_code
    if cell == "L":
        assert m.is_sign_in_redirect(response), status
    elif cell in HIDDEN:
        assert status == 404, f"expected 404, got {status}"
    elif cell in {"S", "K", "W"}:
        assert status == 200, f"expected 200, got {status}"
    elif cell == "N":
        assert status in {200, 403} or _back_to_case(response, case), f"got {status}"
    elif cell == "R":
        assert status in {403, 404}, f"expected a refusal, got {status}"
    elif cell == "?":
        assert status in {200, 302, 403, 404}, status

    if cell not in MAY_SEE:
        assert not shown, f"personal data shown to a viewer who may not see it: {shown}"
    if cell == "S" and page == "case":
        assert m.NAME in shown and m.QUESTION in shown, shown
        if state != BEFORE:
            assert m.PREPARATION_NOTE in shown, "what is recorded stays readable on the case page"
    if shown or cell == "S":
        assert m.read_entries(case, user) > reads_before, "personal data shown without a read entry"
    assert m.changed_parts(before, m.snapshot(case)) == []


@pytest.mark.parametrize(("page", "column", "attr", "state"), viewer_params(TABLE, "POST"))
def test_post(team_world, client_for, client, page, column, attr, state):
    w = team_world
    case = m.build_case(w, state)
    browser, user = browser_for(w, attr, client_for, client)
    cell = expected(page, column)
    data = m.valid_post(page, case, w, user)
    if page == "consent_add" and cell != "W":
        data["kind"] = Consent.Kind.TEAM  # what these viewers must never record
    changes_before = m.change_entries(case, user) if user else 0
    before = m.snapshot(case)

    response = browser.post(m.case_url(page, case), data)

    changed = m.changed_parts(before, m.snapshot(case))
    status = response.status_code
    if cell == "W":
        assert status < 400, f"a valid POST was refused with {status}"
        assert changed, f"a valid POST changed nothing (status {status})"
        assert m.change_entries(case, user) > changes_before, "a change without a change entry"
        return
    if cell == "?":
        return
    assert changed == [], f"a POST the rules refuse changed {changed} (status {status})"
    if cell == "L":
        assert m.is_sign_in_redirect(response), status
    elif cell in HIDDEN:
        assert status == 404, f"expected 404, got {status}"
        assert not m.personal_data_in(response)
    elif cell == "R":
        assert status in {403, 404}, f"expected a refusal, got {status}"


def _back_to_case(response, case):
    return response.status_code == 302 and response.url == case.get_absolute_url()


# --- The team's pages ---------------------------------------------------------------------------


def team_params():
    for state in (BEFORE, CONSENTED):
        for page, row in TEAM_TABLE.items():
            for who, cell in zip(TEAM_COLUMNS.split(), row.split(), strict=True):
                yield pytest.param(page, who, cell, state, id=f"{page}-{who}-{state}")


def team_url(page, w):
    if page == "start":
        return reverse("cases:start")
    return reverse(f"cases:{page}", args=[w.team.pk])


@pytest.mark.parametrize(("page", "who", "cell", "state"), list(team_params()))
def test_team_pages(team_world, client_for, client, page, who, cell, state):
    w = team_world
    case = m.build_case(w, state)
    browser, user = browser_for(w, TEAM_USERS[who], client_for, client)
    seeing = [w.fk_user] if state == BEFORE else [w.fk_user, w.af_user, w.rehab_user]
    may_see = user is not None and user in seeing
    reads_before = m.read_entries(case, user) if user else 0

    response = browser.get(team_url(page, w))

    status = response.status_code
    text = m.response_text(response)
    shown = m.personal_data_in(response)
    if cell == "L":
        assert m.is_sign_in_redirect(response), status
    elif cell in {"O", "T"}:
        assert status == 200, f"expected 200, got {status}"
    elif cell == "D":
        assert status in {403, 404}, f"expected a refusal, got {status}"
    elif cell == "A":
        assert status in {200, 403, 404}, status
    if cell in {"D", "A", "L"}:
        assert case.code not in text, "an outsider is told the case exists"
    if not may_see:
        assert not shown, f"personal data shown to a viewer who may not see it: {shown}"
    if shown:
        assert m.read_entries(case, user) > reads_before, "personal data shown without a read entry"

    if page == "raise":
        cases_before = Case.objects.count()
        response = browser.post(team_url(page, w), m.valid_raise_post(w))
        created = Case.objects.count() - cases_before
        if cell == "T":
            assert created == 1, f"a valid raising was not saved (status {response.status_code})"
        else:
            assert created == 0, "a case was raised by someone without a seat in the team"


# --- Search by identity number -----------------------------------------------------------------

SEARCHERS = [
    v
    for v in VIEWERS
    if v[0]
    in {"rb", "ob", "ra", "oa", "nn", "ot", "fm", "pl", "ks", "mc", "lr", "an", "rc", "oc", "ow"}
]


@pytest.mark.parametrize(
    ("column", "attr", "state"),
    [pytest.param(column, attr, state, id=role) for column, role, attr, state in SEARCHERS],
)
def test_search_finds_the_case_only_for_who_may_see_it(
    team_world, client_for, client, column, attr, state
):
    w = team_world
    case = m.build_case(w, state)
    browser, user = browser_for(w, attr, client_for, client)
    may_see = expected("case", column) == "S"

    response = browser.post(
        reverse("cases:search"), {"personal_number": f"{m.NUMBER[:8]}-{m.NUMBER[8:]}"}
    )
    unknown = browser.post(
        reverse("cases:search"), {"personal_number": m.identity_number("19850314", serial=999)}
    )

    text = m.response_text(response)
    if attr is None:
        assert m.is_sign_in_redirect(response)
        return
    found = case.code in text or response.get("Location") == case.get_absolute_url()
    if may_see:
        assert found, f"the case is not found by its number (status {response.status_code})"
        assert AccessLogEntry.objects.filter(
            case_id=case.pk, user=user, action=AccessLogEntry.Action.SEARCH
        ).exists()
    else:
        assert not found, "the search tells a viewer who may not see the individual of the case"
        assert not m.personal_data_in(response)
        assert response.status_code == unknown.status_code


# --- Navigation ---------------------------------------------------------------------------------

CASE_PAGE_VIEWERS = [v for v in VIEWERS if expected("case", v[0]) in {"S", "K"}]
# Pages a viewer's case page must offer when the table lets them act there.
OFFERED = set(TABLE) - {"case", "survey_link", "consent_add", "consent_declined"}


@pytest.mark.parametrize(
    ("column", "attr", "state"),
    [pytest.param(column, attr, state, id=role) for column, role, attr, state in CASE_PAGE_VIEWERS],
)
def test_case_page_links_match_the_table(team_world, client_for, column, attr, state):
    w = team_world
    case = m.build_case(w, state)
    browser = client_for(getattr(w, attr))

    linked = m.case_pages_linked(browser.get(case.get_absolute_url()), case)

    for page in sorted(linked - {"case"}):
        cell = expected(page, column)
        assert cell not in {"X", "H", "R", "-"}, f"links to {page}, which answers {cell}"
        if cell == "N" and page not in POST_ONLY:
            status = browser.get(m.case_url(page, case)).status_code
            assert status == 200, f"links to {page}, which refuses ({status})"
    missing = {
        page for page in OFFERED if expected(page, column) in {"W", "S"} and page not in linked
    }
    assert not missing, f"the case page does not offer {sorted(missing)}"


TEAM_LIST_VIEWERS = [
    v
    for v in VIEWERS
    if v[3] in {BEFORE, CONSENTED} and v[0] in {"rb", "ob", "ra", "oa", "og", "nn"}
]


@pytest.mark.parametrize(
    ("column", "attr", "state"),
    [pytest.param(column, attr, state, id=role) for column, role, attr, state in TEAM_LIST_VIEWERS],
)
def test_team_list_links_match_the_table(team_world, client_for, column, attr, state):
    w = team_world
    case = m.build_case(w, state)
    browser = client_for(getattr(w, attr))

    response = browser.get(reverse("cases:team", args=[w.team.pk]))

    linked = m.case_pages_linked(response, case)
    assert "case" in linked, "the team's list does not lead to the case"
    for page in linked - {"case"}:
        assert expected(page, column) in {"S", "W"}, f"links to {page}"
    if expected("case", column) == "K":
        assert not m.personal_data_in(response)


# --- Withdrawal takes effect at once ------------------------------------------------------------


@pytest.mark.parametrize("withdrawer", ["fk_user", "af_user"])
def test_withdrawal_ends_other_parties_sight_in_the_same_request(
    team_world, client_for, withdrawer
):
    w = team_world
    case = m.build_case(w, CONSENTED)
    af = client_for(w.af_user)
    assert af.get(m.case_url("mapping", case)).status_code == 200

    response = client_for(getattr(w, withdrawer)).post(
        m.case_url("consent_withdraw", case), {"withdrawn_on": m.iso_day()}, follow=True
    )

    case.refresh_from_db()
    assert case.closure_reason == Case.ClosureReason.CONSENT_WITHDRAWN
    if withdrawer == "af_user":
        assert not m.personal_data_in(response), "the page after withdrawing still shows them"
    for page in ("mapping", "preparation", "extract_json", "edit_raising"):
        assert af.get(m.case_url(page, case)).status_code == 404, page
    page = af.get(case.get_absolute_url())
    assert page.status_code == 200
    assert not m.personal_data_in(page)
    assert client_for(w.fk_user).get(case.get_absolute_url()).status_code == 200
