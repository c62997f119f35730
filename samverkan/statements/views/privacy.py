"""The privacy notice: the public page and the edit page."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from samverkan.statements import policy, services
from samverkan.statements.forms import PrivacyNoticeForm
from samverkan.statements.views.common import (
    edit_statement,
    federation_shown,
    only_federation_or_chooser,
)
from samverkan.structure.models import Party

TITLE = _("Personuppgifter")


@require_safe
def privacy(request):
    """The bare address: the only förbund's notice, or the förbund to choose from."""
    federation, chooser = only_federation_or_chooser(request, TITLE, "statements:privacy_for")
    if chooser:
        return chooser
    return _page(request, federation)


@require_safe
def privacy_for(request, federation):
    return _page(request, federation_shown(federation))


def _page(request, federation):
    context = {
        "federation": federation,
        "notice": services.privacy_notice_of(federation),
        "parties": list(Party.objects.filter(federation=federation)),
        "can_edit": policy.can_edit_statements(request.user, federation),
    }
    return render(request, "statements/privacy.html", context)


def privacy_edit(request, federation):
    return edit_statement(
        request,
        federation,
        statement_of=services.privacy_notice_of,
        form_class=PrivacyNoticeForm,
        page_route="statements:privacy_for",
        texts={
            "title": _("Ändra informationen om personuppgifter"),
            "intro": _(
                "Texterna visas för alla, utan inloggning, på sidan Personuppgifter för "
                "%(federation)s. Vem som är personuppgiftsansvarig, vad som delas och den "
                "enskildes rättigheter är sidans fasta text."
            ),
            "saved": _("Informationen om personuppgifter har sparats."),
        },
    )
