"""Staff of the parties and the förbund: the list, one person with their seats, the forms."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import posted, save_form_or_render
from samverkan.structure import policy
from samverkan.structure.forms import PersonForm
from samverkan.structure.models import Person
from samverkan.structure.views.common import (
    FORM_TEMPLATE,
    federation_for,
    federation_to_add_to,
    person_for,
    person_to_change,
)

PAGE_SIZE = 100


def people(request):
    federation, chooser = federation_for(request, _("Personer"))
    if chooser:
        return chooser
    found = Person.objects.filter(federation=federation).select_related("party", "unit")
    context = {
        "federation": federation,
        "page": Paginator(found, PAGE_SIZE).get_page(request.GET.get("page")),
        "can_edit": policy.can_edit_structure(request.user, federation),
    }
    return render(request, "structure/person_list.html", context)


def person(request, pk):
    person = person_for(request, pk)
    day = timezone.localdate()
    memberships = list(
        person.memberships.select_related("group", "party").order_by("-valid_from", "group__name")
    )
    context = {
        "person": person,
        "current": [m for m in memberships if m.is_active_on(day)],
        "former": [m for m in memberships if m.valid_to and m.valid_to < day],
        "upcoming": [m for m in memberships if m.valid_from > day],
        "can_edit": policy.can_edit_structure(request.user, person.federation),
    }
    return render(request, "structure/person_detail.html", context)


def person_create(request):
    title = _("Ny person")
    federation, chooser = federation_to_add_to(request, title)
    if chooser:
        return chooser
    form = PersonForm(posted(request), federation=federation)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("%(object)s har lagts till."),
        context={"title": title, "cancel_url": reverse("structure:people")},
    )


def person_edit(request, pk):
    person = person_to_change(request, pk)
    form = PersonForm(posted(request), instance=person, federation=person.federation)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Uppgifterna om %(object)s har sparats."),
        context={
            "title": _("Ändra uppgifter om %(name)s") % {"name": person.full_name},
            "cancel_url": person.get_absolute_url(),
        },
    )
