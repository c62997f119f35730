"""What the structure pages share: which förbund a page shows, and members grouped by party."""

import dataclasses

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from samverkan.structure import policy
from samverkan.structure.models import Federation

# Remembers the förbund chosen by a user who belongs to none (e.g. a superuser).
CHOSEN_FEDERATION_KEY = "structure_federation"
FORM_TEMPLATE = "structure/form.html"


def chosen_federation(request):
    """The förbund the page shows: the user's own, else one they may read, chosen by slug."""
    federation = policy.federation_of(request.user)
    if federation is not None:
        return federation
    slug = request.GET.get("federation") or request.session.get(CHOSEN_FEDERATION_KEY)
    if not slug:
        return None
    federation = policy.visible_federations(request.user).filter(slug=slug).first()
    if federation is not None:
        request.session[CHOSEN_FEDERATION_KEY] = federation.slug
    return federation


def federation_needed(request, title):
    """The page shown when no förbund is chosen: a list to choose from, or how to load one."""
    federations = list(policy.visible_federations(request.user))
    if not federations and Federation.objects.exists():
        # Linked to no förbund among several: there is nothing here the user may read.
        raise PermissionDenied
    context = {"title": title, "federations": federations}
    return render(request, "structure/federation_needed.html", context)


def require_visible(request, federation):
    """Refuse a record of a förbund the user may not read as not found, so as not to confirm it."""
    if not policy.can_view_structure(request.user, federation):
        raise Http404


@dataclasses.dataclass
class PartyMembers:
    party: object  # a Party, or None for people taking part for the förbund itself
    memberships: list

    @property
    def label(self):
        return self.party.name if self.party else _("Förbundet")

    @property
    def short_label(self):
        return self.party.label if self.party else _("Förbundet")

    @property
    def person_count(self):
        return len({membership.person_id for membership in self.memberships})


def by_party(memberships):
    """Memberships grouped by the party represented, in the parties' own order."""
    groups = {}
    for membership in memberships:
        entry = groups.setdefault(membership.party_id, PartyMembers(membership.party, []))
        entry.memberships.append(membership)

    def order(entry):
        party = entry.party
        return (1, 0, "") if party is None else (0, party.order, party.name)

    return sorted(groups.values(), key=order)
