from django.utils.functional import SimpleLazyObject

from samverkan.cases import policy as cases_policy
from samverkan.core import policy as core_policy
from samverkan.followup import policy as followup_policy
from samverkan.funding import policy as funding_policy
from samverkan.structure import policy as structure_policy


def navigation(request):
    """What the page frame needs: the förbund the user works in, named in the header, and which
    of the capabilities' entries the main menu shows, each asked of its app's policy.

    Lazy, so pages that do not show it (and anonymous pages) run no query for it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    federation_of = structure_policy.federation_of
    nav_funding = _LazyFlag(lambda: funding_policy.can_view_funding(user, federation_of(user)))
    return {
        "current_federation": SimpleLazyObject(lambda: federation_of(user)),
        "nav_cases": _LazyFlag(lambda: bool(cases_policy.team_parties(user))),
        "nav_access_log": _LazyFlag(lambda: core_policy.can_review_access_log(user)),
        "nav_funding": nav_funding,
        "nav_followup": _LazyFlag(
            lambda: followup_policy.can_read_dashboard(
                user, federation_of(user), reads_money=nav_funding
            )
        ),
        "nav_funding_manage": _LazyFlag(
            lambda: funding_policy.can_manage_funding(user, federation_of(user))
        ),
    }


class _LazyFlag:
    """A yes/no asked only when a template tests it, and then once."""

    def __init__(self, ask):
        self._ask = ask

    def __bool__(self):
        if not hasattr(self, "_answer"):
            self._answer = bool(self._ask())
        return self._answer
