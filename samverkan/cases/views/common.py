"""Loading what a case URL names, with the access answer from `cases.policy`, and logging reads.

One loader per object for reading and one for changing; views load what their URLs name through
these and nothing else. Whoever may not know a case exists gets 404, never 403, so the answer
confirms nothing; so does a member of another party, before consent, on a page that shows who
the individual is. A page that changes a case refuses in one of three ways: a closed case sends
the user back to its page with the reason; a step after consent that cannot be recorded answers
403 with the reason; a change the user's party may not make answers 404.

A changing loader returns the refusal to show (a response) next to what it loaded, or None.

Every response that shows personal data is a read and writes one entry in the access log, and
it is written here, by the helpers that render such pages (`render_case_page`,
`save_or_render_case_page`): the first view, a form sent back with errors, a stale edit refused
with 409. A save writes its change entry instead and redirects. Pages that show nothing about
the individual (a blank form, the 403 refusal of a step, a confirmation) are plain renders.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.cases import policy, services
from samverkan.cases.models import Case, Consent
from samverkan.core import access_log
from samverkan.core.editing import save_form_or_render
from samverkan.structure.models import Group, GroupKind

# --- Teams -----------------------------------------------------------------------------------


def team_for(request, team_pk):
    """(team, party): a Trisam team where the user has a case seat today, and the party they
    represent there; 404 otherwise."""
    team = get_object_or_404(
        Group.objects.select_related("federation", "unit"), pk=team_pk, kind=GroupKind.TRISAM
    )
    party = policy.party_in_team(request.user, team)
    if party is None:
        raise Http404
    return team, party


def team_to_raise_in(request, team_pk):
    """(team, party): the team, if the user may raise a case there, and the party it is for."""
    team, party = team_for(request, team_pk)
    if not policy.can_raise_case(request.user, team):
        raise Http404
    return team, party


# --- Cases -----------------------------------------------------------------------------------


def case_for(request, code):
    """The case with `code` if the user may know it exists; who it is about is not checked."""
    case = get_object_or_404(
        Case.objects.select_related("team", "raising_party", "municipality", "raised_by"),
        code=code,
    )
    if not policy.can_see_case(request.user, case):
        raise Http404
    return case


def case_with_identity_for(request, code):
    """The case if the user also sees who the individual is: for pages that show it."""
    case = case_for(request, code)
    if not policy.can_see_identity(request.user, case):
        raise Http404
    return case


def case_to_change(request, code, may=None):
    """(case, refusal) for a page that changes the case whose individual the user sees.

    A closed case is read-only: the refusal goes back to its page with the reason. Otherwise
    `may` (a `cases.policy` answer such as `can_edit_raising`) must allow it, else 404.
    """
    case = case_with_identity_for(request, code)
    refusal = _closed_refusal(request, case)
    if refusal is None and may is not None and not may(request.user, case):
        raise Http404
    return case, refusal


def case_to_add_to(request, code):
    """(case, refusal) for a step after consent: the refusal is the 403 page of `step_refusal`."""
    case = case_with_identity_for(request, code)
    return case, step_refusal(request, case)


def step_refusal(request, case):
    """A 403 page naming why nothing can be added to `case`, or None when it can."""
    if policy.can_add_information(request.user, case):
        return None
    if case.is_closed:
        heading, message = _("Ärendet är avslutat"), services.CLOSED_CASE_MESSAGE
    else:
        heading, message = _("Samtycke saknas"), services.NO_CONSENT_MESSAGE
    case_url = reverse("cases:case", args=[case.code])
    context = {"case": case, "heading": heading, "message": message, "case_url": case_url}
    return render(request, "cases/step_refused.html", context, status=403)


def _closed_refusal(request, case):
    if case.is_closed:
        messages.error(request, services.CLOSED_CASE_MESSAGE)
        return redirect(case)
    return None


# --- Consents --------------------------------------------------------------------------------


def consent_to_withdraw(request, code, consent_pk):
    """(case, consent, refusal): a consent of the case, for someone who may record its withdrawal.

    Refused as `case_to_change` with `policy.can_withdraw_or_close`, once the consent is found.
    """
    case = case_with_identity_for(request, code)
    consent = get_object_or_404(
        Consent.objects.prefetch_related("parties"), pk=consent_pk, case=case
    )
    refusal = _closed_refusal(request, case)
    if refusal is None and not policy.can_withdraw_or_close(request.user, case):
        raise Http404
    return case, consent, refusal


# --- The access log --------------------------------------------------------------------------


def log_read(request, case, what):
    """Write a read entry for personal data shown on this page.

    Called by the render helpers below, and by a list page for each case whose name it shows.
    """
    access_log.record(request, case, access_log.Action.READ, what)


def log_reads(request, cases, what):
    """Write a read entry for each of `cases` whose personal data a list page shows, at once."""
    access_log.record_many(request, cases, access_log.Action.READ, what)


def render_case_page(request, case, template, context, *, what, status=200, blank_form=None):
    """Render a page that shows personal data of `case`'s individual, and log the read.

    `case` is None for a raising not yet saved. With `blank_form` the page shows nothing
    recorded, only that form: it is a read once the form is bound to what the user typed,
    i.e. sent back with errors.
    """
    response = render(request, template, context, status=status)
    if blank_form is None or blank_form.is_bound:
        log_read(request, case, what)
    return response


def save_or_render_case_page(request, case, form, *, what, **options):
    """`save_form_or_render` for a form that shows personal data of `case`'s individual.

    A save logs its change (the caller's `after_save`) and redirects; any page answered
    instead (the form, the form with errors, the 409 of a stale edit) is logged as a read.
    """
    response = save_form_or_render(request, form, **options)
    if not 300 <= response.status_code < 400:
        log_read(request, case, what)
    return response
