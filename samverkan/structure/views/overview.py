"""The organisation chart: förbund, county level, sub-regions, municipalities, Mysam, Trisam."""

import dataclasses

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.structure.models import (
    Group,
    GroupKind,
    Membership,
    Municipality,
    Party,
    SubRegion,
)
from samverkan.structure.views.common import by_party, federation_for

OTHER_GROUP_KINDS = (GroupKind.WORKING_GROUP, GroupKind.STEERING_GROUP)
PARTY_KIND_HEADINGS = {
    Party.Kind.STATE_AGENCY: _("Statliga myndigheter"),
    Party.Kind.REGION: _("Regioner"),
    Party.Kind.MUNICIPALITY: _("Kommuner"),
}


@dataclasses.dataclass
class MunicipalityNode:
    municipality: Municipality
    mysam_groups: list = dataclasses.field(default_factory=list)
    trisam_teams: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class SubRegionNode:
    sub_region: SubRegion | None  # None gathers municipalities without a sub-region
    municipalities: list


def overview(request):
    federation, chooser = federation_for(request, _("Organisation"))
    if chooser:
        return chooser
    chart = org_chart(federation, timezone.localdate())
    return render(request, "structure/overview.html", {"federation": federation, **chart})


def org_chart(federation, day):
    """Everything the chart shows for `federation` on `day`, in a handful of queries."""
    groups = list(
        Group.objects.filter(federation=federation)
        .active_on(day)
        .select_related("unit__municipality", "municipality")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.active_on(day).select_related("person", "party"),
                to_attr="current_memberships",
            )
        )
        .order_by("name")
    )
    for group in groups:
        group.members_by_party = by_party(group.current_memberships)
        group.conveners = [m for m in group.current_memberships if m.is_convening]

    nodes = {
        municipality.pk: MunicipalityNode(municipality)
        for municipality in Municipality.objects.filter(federation=federation)
    }
    for group in groups:
        if group.kind == GroupKind.MYSAM and group.municipality_id in nodes:
            nodes[group.municipality_id].mysam_groups.append(group)
        elif group.kind == GroupKind.TRISAM and group.unit.municipality_id in nodes:
            nodes[group.unit.municipality_id].trisam_teams.append(group)

    sub_regions = [
        SubRegionNode(
            sub_region,
            [n for n in nodes.values() if n.municipality.sub_region_id == sub_region.pk],
        )
        for sub_region in SubRegion.objects.filter(federation=federation)
    ]
    without_sub_region = [n for n in nodes.values() if n.municipality.sub_region_id is None]
    if without_sub_region:
        sub_regions.append(SubRegionNode(None, without_sub_region))

    parties = list(Party.objects.filter(federation=federation))
    parties_by_kind = [
        (heading, [party for party in parties if party.kind == kind])
        for kind, heading in PARTY_KIND_HEADINGS.items()
    ]
    return {
        "federation_boards": [g for g in groups if g.kind == GroupKind.FEDERATION_BOARD],
        "county_boards": [g for g in groups if g.kind == GroupKind.COUNTY_BOARD],
        "sub_regions": sub_regions,
        "other_groups": [g for g in groups if g.kind in OTHER_GROUP_KINDS],
        "parties_by_kind": [(label, members) for label, members in parties_by_kind if members],
    }
