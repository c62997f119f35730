"""Every route in the URL configuration, with an address that reaches it.

Generated from the URL configuration itself, so a new page is covered by the route tests
without editing a list: `tests/test_routes.py` sends an anonymous request to each, and the
route-coverage check (`tests/route_coverage.py`) fails the suite when one is never requested.
"""

import dataclasses

from django.urls import get_resolver, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter
from django.urls.resolvers import RegexPattern, RoutePattern, URLResolver

# A value for each kind of path parameter: the object need not exist, the route must resolve.
SAMPLES = {IntConverter: 1, StringConverter: "x", SlugConverter: "x", PathConverter: "x"}
# Values for the parameters of routes written as regular expressions.
REGEX_SAMPLES = {"app_label": "core", "old": "groups", "rest": ""}


@dataclasses.dataclass(frozen=True)
class Route:
    name: str  # the view name, with its namespace: "meetings:agenda"
    pattern: str  # the whole pattern, for messages: "moten/<int:pk>/dagordning/"
    path: str  # an address that resolves to it: "/moten/1/dagordning/"

    @property
    def namespace(self):
        return self.name.rpartition(":")[0]


def _parameters(pattern):
    if isinstance(pattern, RoutePattern):
        return {name: SAMPLES[type(converter)] for name, converter in pattern.converters.items()}
    if isinstance(pattern, RegexPattern):
        return {name: REGEX_SAMPLES.get(name, "1") for name in pattern.regex.groupindex}
    return {}


def _walk(patterns, prefix="", namespaces=(), kwargs=None):
    kwargs = kwargs or {}
    for entry in patterns:
        found = {**kwargs, **_parameters(entry.pattern)}
        if isinstance(entry, URLResolver):
            spaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), spaces, found)
        elif entry.name:
            yield ":".join((*namespaces, entry.name)), prefix + str(entry.pattern), found
        else:
            yield None, prefix + str(entry.pattern), found


def all_routes():
    """[Route] for every named route; unnamed ones (the admin's catch-all) are left out."""
    routes = []
    for name, pattern, kwargs in _walk(get_resolver().url_patterns):
        if name is None:
            continue
        routes.append(Route(name, pattern, reverse(name, kwargs=kwargs)))
    return routes


def unnamed_patterns():
    """The patterns without a name, which no test can reverse."""
    return [pattern for name, pattern, _kwargs in _walk(get_resolver().url_patterns) if not name]
