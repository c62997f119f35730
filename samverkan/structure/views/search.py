"""Search across the structure: people, units, groups, municipalities and parties."""

import functools
import operator

from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from samverkan.structure.models import Group, Municipality, Party, Person, Unit
from samverkan.structure.views.common import federation_for

MIN_QUERY_LENGTH = 2
RESULTS_PER_TYPE = 20


def search(request):
    federation, chooser = federation_for(request, _("Sök"))
    if chooser:
        return chooser
    query = request.GET.get("q", "").strip()
    sections = search_structure(federation, query) if len(query) >= MIN_QUERY_LENGTH else None
    context = {
        "federation": federation,
        "query": query,
        "sections": sections,
        "min_length": MIN_QUERY_LENGTH,
        "results_per_type": RESULTS_PER_TYPE,
    }
    # A live search asks for the results only; a history restore needs the whole page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "structure/_search_results.html" if partial else "structure/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _matching_every_term(terms, *fields):
    """Each term must appear in at least one of `fields`."""
    return functools.reduce(
        operator.and_,
        (
            functools.reduce(operator.or_, (Q(**{f"{field}__icontains": term}) for field in fields))
            for term in terms
        ),
    )


def search_structure(federation, query):
    """[(heading, [(name, url, detail), …], has_more)] per type, only types with hits."""
    terms = query.split()
    searches = [
        (
            _("Personer"),
            Person.objects.filter(federation=federation)
            .filter(_matching_every_term(terms, "first_name", "last_name", "profession"))
            .select_related("party", "unit"),
            lambda p: ", ".join(
                part for part in (p.profession, p.party.label if p.party else "") if part
            ),
        ),
        (
            _("Enheter"),
            Unit.objects.filter(party__federation=federation)
            .filter(_matching_every_term(terms, "name"))
            .select_related("municipality"),
            lambda u: f"{u.get_kind_display()}, {u.municipality.name}",
        ),
        (
            _("Grupper"),
            Group.objects.filter(federation=federation).filter(_matching_every_term(terms, "name")),
            lambda g: g.get_kind_display(),
        ),
        (
            _("Kommuner"),
            Municipality.objects.filter(federation=federation).filter(
                _matching_every_term(terms, "name", "code")
            ),
            lambda m: m.code,
        ),
        (
            _("Parter"),
            Party.objects.filter(federation=federation).filter(
                _matching_every_term(terms, "name", "short_name", "code")
            ),
            lambda p: p.get_kind_display(),
        ),
    ]
    sections = []
    for heading, queryset, describe in searches:
        found = list(queryset[: RESULTS_PER_TYPE + 1])
        if found:
            hits = [(str(obj), _url_of(obj), describe(obj)) for obj in found[:RESULTS_PER_TYPE]]
            sections.append((heading, hits, len(found) > RESULTS_PER_TYPE))
    return sections


def _url_of(obj):
    if isinstance(obj, Party):
        return reverse("structure:party", args=[obj.pk])
    return obj.get_absolute_url()
