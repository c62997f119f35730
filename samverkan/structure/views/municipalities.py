"""Municipalities grouped by sub-region, one municipality's groups and units, and their forms."""

import collections

from django.db.models import Prefetch, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import posted, save_form_or_render
from samverkan.structure import policy
from samverkan.structure.forms import MunicipalityForm, SubRegionForm
from samverkan.structure.models import Group, GroupKind, Membership, Municipality, SubRegion, Unit
from samverkan.structure.views.common import (
    FORM_TEMPLATE,
    by_party,
    federation_for,
    federation_to_add_to,
    municipality_for,
    municipality_to_change,
    sub_region_to_change,
)


def municipalities(request):
    federation, chooser = federation_for(request, _("Kommuner"))
    if chooser:
        return chooser
    sections = municipalities_by_sub_region(federation, timezone.localdate())
    context = {
        "federation": federation,
        "sections": sections,
        "can_edit": policy.can_edit_structure(request.user, federation),
    }
    return render(request, "structure/municipality_list.html", context)


def municipalities_by_sub_region(federation, day):
    """[(sub-region or None, [municipality, …])], each municipality with its groups of `day`."""
    groups = (
        Group.objects.filter(federation=federation, kind__in=[GroupKind.MYSAM, GroupKind.TRISAM])
        .active_on(day)
        .select_related("unit")
    )
    mysam = collections.defaultdict(list)
    trisam_counts = collections.Counter()
    for group in groups:
        if group.kind == GroupKind.MYSAM:
            mysam[group.municipality_id].append(group)
        else:
            trisam_counts[group.unit.municipality_id] += 1
    municipalities = list(Municipality.objects.filter(federation=federation))
    for municipality in municipalities:
        municipality.mysam_groups = mysam[municipality.pk]
        municipality.trisam_count = trisam_counts[municipality.pk]
    sections = [
        (sub_region, [m for m in municipalities if m.sub_region_id == sub_region.pk])
        for sub_region in SubRegion.objects.filter(federation=federation)
    ]
    without = [m for m in municipalities if m.sub_region_id is None]
    if without:
        sections.append((None, without))
    return sections


def municipality(request, code):
    municipality = municipality_for(request, code)
    day = timezone.localdate()
    groups = list(
        Group.objects.filter(Q(municipality=municipality) | Q(unit__municipality=municipality))
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.active_on(day).select_related("person", "party"),
                to_attr="current_memberships",
            )
        )
        .order_by("kind", "name")
    )
    for group in groups:
        group.members_by_party = by_party(group.current_memberships)
        group.conveners = [m for m in group.current_memberships if m.is_convening]
    active = [group for group in groups if group.is_active_on(day)]
    units = list(Unit.objects.filter(municipality=municipality).select_related("party"))
    units_by_kind = [
        (label, [unit for unit in units if unit.kind == kind])
        for kind, label in Unit.Kind.choices
        if any(unit.kind == kind for unit in units)
    ]
    context = {
        "municipality": municipality,
        "party": getattr(municipality, "party", None),
        "mysam_groups": [g for g in active if g.kind == GroupKind.MYSAM],
        "trisam_teams": [g for g in active if g.kind == GroupKind.TRISAM],
        "other_groups": [g for g in active if g.kind not in (GroupKind.MYSAM, GroupKind.TRISAM)],
        "former_groups": [g for g in groups if g.ended_on and g.ended_on < day],
        "upcoming_groups": [g for g in groups if g.started_on and g.started_on > day],
        "units_by_kind": units_by_kind,
        "can_edit": policy.can_edit_structure(request.user, municipality.federation),
    }
    return render(request, "structure/municipality_detail.html", context)


def municipality_create(request):
    title = _("Ny kommun")
    federation, chooser = federation_to_add_to(request, title)
    if chooser:
        return chooser
    form = MunicipalityForm(posted(request), federation=federation)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Kommunen %(object)s har lagts till."),
        context={"title": title, "cancel_url": reverse("structure:municipalities")},
    )


def municipality_edit(request, code):
    municipality = municipality_to_change(request, code)
    form = MunicipalityForm(
        posted(request), instance=municipality, federation=municipality.federation
    )
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Kommunen %(object)s har sparats."),
        context={
            "title": _("Ändra kommunen %(name)s") % {"name": municipality.name},
            "cancel_url": municipality.get_absolute_url(),
        },
    )


def subregion_create(request):
    title = _("Nytt delområde")
    federation, chooser = federation_to_add_to(request, title)
    if chooser:
        return chooser
    form = SubRegionForm(posted(request), federation=federation)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Delområdet %(object)s har lagts till."),
        success_url=reverse("structure:municipalities"),
        context={"title": title, "cancel_url": reverse("structure:municipalities")},
    )


def subregion_edit(request, pk):
    sub_region = sub_region_to_change(request, pk)
    form = SubRegionForm(posted(request), instance=sub_region, federation=sub_region.federation)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Delområdet %(object)s har sparats."),
        success_url=reverse("structure:municipalities"),
        context={
            "title": _("Ändra delområdet %(name)s") % {"name": sub_region.name},
            "cancel_url": reverse("structure:municipalities"),
        },
    )
