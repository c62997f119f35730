"""What the structure pages share: loading what a URL names, and members grouped by party.

One loader per object for reading and one for changing, asking `structure.policy`; views load
what their URLs name through these and nothing else. A record of a förbund the user may not read
is not found (404), so as not to confirm it. A page that changes a record refuses with 403
whoever may not change its förbund, a user of another förbund too: only those who read a förbund
may change it, so the change loaders need no read check of their own.

List and create pages show the förbund the user works in; a user who belongs to none (e.g. a
superuser) chooses one, and the loader then returns the page to choose from instead.
"""

import dataclasses

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from samverkan.structure import policy
from samverkan.structure.models import (
    Decision,
    Federation,
    Group,
    GroupRule,
    Membership,
    Municipality,
    Party,
    Person,
    SubRegion,
    Unit,
)

# Remembers the förbund chosen by a user who belongs to none (e.g. a superuser).
CHOSEN_FEDERATION_KEY = "structure_federation"
FORM_TEMPLATE = "structure/form.html"


# --- The förbund a page shows ------------------------------------------------------------------


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


def federation_for(request, title):
    """(federation, chooser): the förbund a list page titled `title` shows, or the page to
    choose one; 404 for a förbund the user may not read."""
    federation = chosen_federation(request)
    if federation is None:
        return None, federation_needed(request, title)
    if not policy.can_view_structure(request.user, federation):
        raise Http404
    return federation, None


def federation_to_add_to(request, title, federation=None):
    """(federation, chooser): the förbund a new record goes into, or the page to choose one.

    `federation` when the form was opened from one of its records, else the chosen one; 403
    for a user who may not change it.
    """
    federation = federation or chosen_federation(request)
    if federation is None and policy.can_edit_any_structure(request.user):
        return None, federation_needed(request, title)
    if not policy.can_edit_structure(request.user, federation):
        raise PermissionDenied
    return federation, None


# --- Records named in the URL ------------------------------------------------------------------


def _to_read(request, records, **lookup):
    record = get_object_or_404(records, **lookup)
    if not policy.can_view_structure(request.user, policy.owning_federation(record)):
        raise Http404
    return record


def _to_change(request, records, **lookup):
    record = get_object_or_404(records, **lookup)
    if not policy.can_edit_structure(request.user, policy.owning_federation(record)):
        raise PermissionDenied
    return record


def municipality_for(request, code):
    records = Municipality.objects.select_related("federation", "sub_region", "party")
    return _to_read(request, records, code=code)


def municipality_to_change(request, code):
    return _to_change(request, Municipality.objects.select_related("federation"), code=code)


def sub_region_to_change(request, pk):
    return _to_change(request, SubRegion.objects.select_related("federation"), pk=pk)


def group_for(request, pk):
    """The group with every membership, past and future, for its page."""
    records = Group.objects.select_related(
        "federation", "municipality__party", "unit__municipality"
    ).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("person", "party"))
    )
    return _to_read(request, records, pk=pk)


def group_to_change(request, pk):
    return _to_change(request, Group.objects.select_related("federation"), pk=pk)


def membership_to_change(request, pk):
    records = Membership.objects.select_related("group__federation", "person", "party")
    return _to_change(request, records, pk=pk)


def unit_for(request, pk):
    records = Unit.objects.select_related("party__federation", "municipality")
    return _to_read(request, records, pk=pk)


def unit_to_change(request, pk):
    return _to_change(request, Unit.objects.select_related("party__federation"), pk=pk)


def person_for(request, pk):
    records = Person.objects.select_related("federation", "party", "unit__municipality")
    return _to_read(request, records, pk=pk)


def person_to_change(request, pk):
    return _to_change(request, Person.objects.select_related("federation"), pk=pk)


def party_for(request, pk):
    records = Party.objects.select_related("federation", "municipality")
    return _to_read(request, records, pk=pk)


def party_to_change(request, pk):
    return _to_change(request, Party.objects.select_related("federation"), pk=pk)


def decision_for(request, pk):
    return _to_read(request, Decision.objects.select_related("federation"), pk=pk)


def decision_to_change(request, pk):
    return _to_change(request, Decision.objects.select_related("federation"), pk=pk)


def rule_to_change(request, pk):
    return _to_change(request, GroupRule.objects.select_related("decision__federation"), pk=pk)


# --- Members by party --------------------------------------------------------------------------


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
