"""Units: the filtered list, one unit with its Trisam team, and the unit forms."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import posted, save_form_or_render
from samverkan.structure import policy
from samverkan.structure.forms import UnitFilterForm, UnitForm
from samverkan.structure.models import Group, GroupKind, Membership, Municipality, Unit
from samverkan.structure.views.common import (
    FORM_TEMPLATE,
    federation_for,
    federation_to_add_to,
    unit_for,
    unit_to_change,
)

PAGE_SIZE = 100


def units(request):
    federation, chooser = federation_for(request, _("Enheter"))
    if chooser:
        return chooser
    filter_form = UnitFilterForm(request.GET or None, federation=federation)
    found = Unit.objects.filter(party__federation=federation).select_related(
        "party", "municipality"
    )
    if filter_form.is_valid():
        if filter_form.cleaned_data["kind"]:
            found = found.filter(kind=filter_form.cleaned_data["kind"])
        if filter_form.cleaned_data["municipality"]:
            found = found.filter(municipality=filter_form.cleaned_data["municipality"])
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    teams = Group.objects.filter(kind=GroupKind.TRISAM, unit__in=[u.pk for u in page]).active_on(
        timezone.localdate()
    )
    with_team = {team.unit_id for team in teams}
    for unit in page:
        unit.has_trisam = unit.pk in with_team
    context = {
        "federation": federation,
        "filter_form": filter_form,
        "page": page,
        "can_edit": policy.can_edit_structure(request.user, federation),
    }
    return render(request, "structure/unit_list.html", context)


def unit(request, pk):
    unit = unit_for(request, pk)
    day = timezone.localdate()
    teams = list(
        unit.groups.filter(kind=GroupKind.TRISAM).prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.active_on(day)
                .filter(role__in=Membership.CONVENING_ROLES)
                .select_related("person"),
                to_attr="conveners",
            )
        )
    )
    current_teams = [team for team in teams if team.is_active_on(day)]
    context = {
        "unit": unit,
        "federation": unit.party.federation,
        "current_teams": current_teams,
        "former_teams": [team for team in teams if team not in current_teams],
        "is_open": unit.is_open_on(day),
        "expects_trisam": unit.kind in Unit.TRISAM_EXPECTED_KINDS and unit.is_open_on(day),
        "staff": list(unit.staff.all()),
        "can_edit": policy.can_edit_structure(request.user, unit.party.federation),
    }
    return render(request, "structure/unit_detail.html", context)


def unit_create(request):
    title = _("Ny enhet")
    federation, chooser = federation_to_add_to(request, title)
    if chooser:
        return chooser
    municipality = request.GET.get("municipality", "")
    in_federation = Municipality.objects.filter(federation=federation)
    initial = {}
    if municipality.isdigit() and in_federation.filter(pk=municipality).exists():
        initial["municipality"] = municipality
    form = UnitForm(posted(request), federation=federation, initial=initial)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Enheten %(object)s har lagts till."),
        context={"title": title, "cancel_url": reverse("structure:units")},
    )


def unit_edit(request, pk):
    unit = unit_to_change(request, pk)
    federation = unit.party.federation
    form = UnitForm(posted(request), instance=unit, federation=federation)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Enheten %(object)s har sparats."),
        context={
            "title": _("Ändra enheten %(name)s") % {"name": unit.name},
            "cancel_url": unit.get_absolute_url(),
        },
    )
