"""Loading the förbund a statements URL names, with the access answer from `statements.policy`.

The public pages read any förbund: a förbund's name and its statements are public. The pages
that change a statement or list the reports refuse with 403 whoever does not administer that
förbund, the administrators of another förbund too (sign-in is required before, by the
middleware).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import posted, save_form_or_render
from samverkan.statements import policy
from samverkan.statements.models import AccessibilityReport
from samverkan.structure.models import Federation

NOT_ADMINISTRATOR = _(
    "Bara förbundets kansli kan ändra förbundets redogörelser och läsa rapporterna."
)


def federation_shown(slug):
    """The förbund a public page names, for anyone."""
    return get_object_or_404(Federation, slug=slug)


def only_federation_or_chooser(request, title, route):
    """(federation, chooser) for a public page's bare address: the only förbund there is, or the
    page listing the förbund to choose from (or saying there is none yet)."""
    federations = list(Federation.objects.order_by("name"))
    if len(federations) == 1:
        return federations[0], None
    context = {"title": title, "federations": federations, "route": route}
    return None, render(request, "structure/federation_needed.html", context)


def federation_to_edit(request, slug):
    """The förbund, for one of its administrators: its statements' edit pages."""
    federation = get_object_or_404(Federation, slug=slug)
    if not policy.can_edit_statements(request.user, federation):
        raise PermissionDenied(NOT_ADMINISTRATOR)
    return federation


def edit_statement(request, slug, *, statement_of, form_class, page_route, texts):
    """The edit page of one of a förbund's statements, for its administrators.

    `statement_of(federation)` gives the stored statement, `page_route` names its public page
    and `texts` holds the page's "title", "intro" (with %(federation)s) and "saved" message.
    """
    federation = federation_to_edit(request, slug)
    form = form_class(posted(request), instance=statement_of(federation))
    page_url = reverse(page_route, kwargs={"federation": federation.slug})
    return save_form_or_render(
        request,
        form,
        template="statements/form.html",
        success_message=texts["saved"],
        success_url=page_url,
        context={
            "title": texts["title"],
            "intro": texts["intro"] % {"federation": federation.name},
            "cancel_url": page_url,
        },
    )


def federation_for_reports(request, slug):
    """The förbund, for one of its administrators: the reports sent to it."""
    federation = get_object_or_404(Federation, slug=slug)
    if not policy.can_handle_reports(request.user, federation):
        raise PermissionDenied(NOT_ADMINISTRATOR)
    return federation


def report_to_handle(request, slug, pk):
    """A report sent to the förbund, for one of its administrators."""
    federation = federation_for_reports(request, slug)
    return get_object_or_404(AccessibilityReport, federation=federation, pk=pk)
