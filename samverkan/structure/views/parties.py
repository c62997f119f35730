"""The förbund's member parties: the list by kind, one party, and the party forms."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import posted, save_form_or_render
from samverkan.structure import policy
from samverkan.structure.forms import PartyForm
from samverkan.structure.models import Group, Membership, Municipality, Party
from samverkan.structure.views.common import (
    FORM_TEMPLATE,
    federation_for,
    federation_to_add_to,
    party_for,
    party_to_change,
)


def parties(request):
    federation, chooser = federation_for(request, _("Parter"))
    if chooser:
        return chooser
    found = list(Party.objects.filter(federation=federation).select_related("municipality"))
    by_kind = [
        (label, [party for party in found if party.kind == kind])
        for kind, label in Party.Kind.choices
    ]
    context = {
        "federation": federation,
        "parties_by_kind": [(label, members) for label, members in by_kind if members],
        "can_edit": policy.can_edit_structure(request.user, federation),
    }
    return render(request, "structure/party_list.html", context)


def party(request, pk):
    party = party_for(request, pk)
    day = timezone.localdate()
    seats = Membership.objects.filter(party=party).active_on(day).values("group")
    groups = Group.objects.filter(pk__in=seats).active_on(day)
    context = {
        "party": party,
        "units": list(party.units.select_related("municipality")),
        "staff": list(party.staff.select_related("unit")),
        "groups": list(groups),
        "can_edit": policy.can_edit_structure(request.user, party.federation),
    }
    return render(request, "structure/party_detail.html", context)


def party_create(request):
    title = _("Ny part")
    federation, chooser = federation_to_add_to(request, title)
    if chooser:
        return chooser
    initial = {}
    if request.GET.get("kind") in Party.Kind.values:
        initial["kind"] = request.GET["kind"]
    municipality = request.GET.get("municipality", "")
    if municipality.isdigit():
        found = Municipality.objects.filter(federation=federation, pk=municipality).first()
        if found is not None:
            # A suggestion for the party's Swedish name; it is data, not interface text.
            initial.update(municipality=found.pk, name=f"{found.name} kommun")
    form = PartyForm(posted(request), federation=federation, initial=initial)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Parten %(object)s har lagts till."),
        success_url=lambda saved: reverse("structure:party", args=[saved.pk]),
        context={"title": title, "cancel_url": reverse("structure:parties")},
    )


def party_edit(request, pk):
    party = party_to_change(request, pk)
    form = PartyForm(posted(request), instance=party, federation=party.federation)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Parten %(object)s har sparats."),
        success_url=reverse("structure:party", args=[party.pk]),
        context={
            "title": _("Ändra parten %(name)s") % {"name": party.name},
            "cancel_url": reverse("structure:party", args=[party.pk]),
        },
    )
