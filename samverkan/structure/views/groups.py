"""Groups: the list, one group with its rules and membership history, and their forms."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import posted, save_form_or_render
from samverkan.core.sections import page_sections
from samverkan.structure import policy
from samverkan.structure.coverage import represented_parties, required_parties
from samverkan.structure.forms import GroupFilterForm, GroupForm, MembershipEndForm, MembershipForm
from samverkan.structure.models import Group, GroupKind, Membership, Municipality, Person, Unit
from samverkan.structure.rules import rules_in_force
from samverkan.structure.signals import group_page
from samverkan.structure.views.common import (
    FORM_TEMPLATE,
    by_party,
    federation_for,
    federation_to_add_to,
    group_for,
    group_to_change,
    membership_to_change,
)
from samverkan.structure.views.rule_facts import facts_of_ruleset


def groups(request):
    federation, chooser = federation_for(request, _("Grupper"))
    if chooser:
        return chooser
    filter_form = GroupFilterForm(request.GET or None)
    kind = filter_form.cleaned_data["kind"] if filter_form.is_valid() else ""
    day = timezone.localdate()
    current = Q(memberships__valid_from__lte=day) & (
        Q(memberships__valid_to__isnull=True) | Q(memberships__valid_to__gte=day)
    )
    found = (
        Group.objects.filter(federation=federation)
        .select_related("municipality", "unit")
        .annotate(member_count=Count("memberships__person", filter=current, distinct=True))
    )
    if kind:
        found = found.filter(kind=kind)
    context = {
        "federation": federation,
        "filter_form": filter_form,
        "kind_label": GroupKind(kind).label if kind else "",
        "groups": found,
        "today": day,
        "can_edit": policy.can_edit_structure(request.user, federation),
    }
    return render(request, "structure/group_list.html", context)


def group(request, pk):
    group = group_for(request, pk)
    day = timezone.localdate()
    memberships = list(group.memberships.all())
    ruleset = rules_in_force(group.federation, group.kind, day)
    present = represented_parties(group, day)
    context = {
        "group": group,
        "today": day,
        "current_by_party": by_party(m for m in memberships if m.is_active_on(day)),
        "former": sorted(
            (m for m in memberships if m.valid_to and m.valid_to < day),
            key=lambda m: (m.valid_to, m.valid_from),
            reverse=True,
        ),
        "upcoming": [m for m in memberships if m.valid_from > day],
        "ruleset": ruleset,
        "rule_facts": [fact for fact in facts_of_ruleset(ruleset) if fact.is_set],
        "missing_parties": [p for p in required_parties(group, ruleset) if p.pk not in present],
        "can_edit": policy.can_edit_structure(request.user, group.federation),
        "sections": page_sections(group_page, sender=Group, request=request, group=group),
    }
    return render(request, "structure/group_detail.html", context)


def group_create(request):
    title = _("Ny grupp")
    unit = _find(Unit.objects.select_related("party__federation"), request.GET.get("unit"))
    municipality = _find(
        Municipality.objects.select_related("federation"), request.GET.get("municipality")
    )
    # A form opened from a unit or municipality belongs to that record's förbund.
    federation, chooser = federation_to_add_to(
        request, title, policy.owning_federation(unit or municipality)
    )
    if chooser:
        return chooser
    initial = _group_initial(request.GET.get("kind"), unit, municipality)
    form = GroupForm(posted(request), federation=federation, initial=initial)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Gruppen %(object)s har lagts till."),
        context={"title": title, "cancel_url": reverse("structure:groups")},
    )


def _find(queryset, pk):
    return queryset.filter(pk=pk).first() if pk and pk.isdigit() else None


def _group_initial(kind, unit, municipality):
    initial = {}
    if kind in GroupKind.values:
        initial["kind"] = kind
    if unit is not None:
        initial.update(unit=unit.pk, municipality=unit.municipality_id)
        if kind == GroupKind.TRISAM:
            initial["name"] = _("Trisam %(unit)s") % {"unit": unit.name}
    elif municipality is not None:
        initial["municipality"] = municipality.pk
        if kind == GroupKind.MYSAM:
            initial["name"] = _("Mysam %(municipality)s") % {"municipality": municipality.name}
    return initial


def group_edit(request, pk):
    group = group_to_change(request, pk)
    form = GroupForm(posted(request), instance=group, federation=group.federation)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Gruppen %(object)s har sparats."),
        context={
            "title": _("Ändra gruppen %(name)s") % {"name": group.name},
            "cancel_url": group.get_absolute_url(),
        },
    )


def membership_create(request, pk):
    group = group_to_change(request, pk)
    person = _find(Person.objects.filter(federation=group.federation), request.GET.get("person"))
    initial = {"person": person.pk, "party": person.party_id} if person else {}
    form = MembershipForm(
        posted(request),
        instance=Membership(group=group),
        federation=group.federation,
        initial=initial,
    )
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Medlemskapet har lagts till: %(object)s."),
        success_url=group.get_absolute_url(),
        context={
            "title": _("Ny medlem i %(group)s") % {"group": group.name},
            "cancel_url": group.get_absolute_url(),
        },
    )


def membership_edit(request, pk):
    membership = membership_to_change(request, pk)
    group = membership.group
    form = MembershipForm(posted(request), instance=membership, federation=group.federation)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Medlemskapet har sparats: %(object)s."),
        success_url=group.get_absolute_url(),
        context={
            "title": _("Ändra medlemskap i %(group)s") % {"group": group.name},
            "cancel_url": group.get_absolute_url(),
        },
    )


def membership_end(request, pk):
    membership = membership_to_change(request, pk)
    group = membership.group
    form = MembershipEndForm(posted(request), instance=membership, federation=group.federation)
    return save_form_or_render(
        request,
        form,
        template="structure/membership_end.html",
        success_message=_("Medlemskapet har avslutats: %(object)s."),
        success_url=group.get_absolute_url(),
        context={"membership": membership, "cancel_url": group.get_absolute_url()},
    )
