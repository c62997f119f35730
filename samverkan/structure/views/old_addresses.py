"""The English addresses of the first releases, redirected for good to their Swedish names.

Bookmarks and links in old e-mails keep working: `/groups/12/edit/` answers with a permanent
redirect to `/grupper/12/andra/`, keeping the query string. Nothing is looked up here; the new
address decides access as always.
"""

from django.http import HttpResponsePermanentRedirect
from django.urls import get_script_prefix

OLD_PREFIXES = {
    "municipalities": "kommuner",
    "subregions": "delregioner",
    "groups": "grupper",
    "memberships": "medlemskap",
    "units": "enheter",
    "people": "personer",
    "parties": "parter",
    "decisions": "beslut",
    "rules": "regler",
    "search": "sok",
    "coverage": "tackning",
}
OLD_STEPS = {"new": "ny", "edit": "andra", "end": "avsluta"}


def old_address(request, old, rest):
    segments = [OLD_PREFIXES[old]] + [
        OLD_PREFIXES.get(segment) or OLD_STEPS.get(segment) or segment
        for segment in rest.split("/")
    ]
    location = get_script_prefix() + "/".join(segments)
    if request.META.get("QUERY_STRING"):
        location += "?" + request.META["QUERY_STRING"]
    # 301 for reading; 308 for a form sent to an old address, so the browser sends it again.
    return HttpResponsePermanentRedirect(
        location, preserve_request=request.method not in ("GET", "HEAD")
    )
