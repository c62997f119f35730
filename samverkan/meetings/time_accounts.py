"""The time-accounts report: whose accounts a user sees, and the tables of the page and its
CSV export, which hold exactly the same figures.

The förbund's administrators and members of the county-level groups see everyone; a convener
sees the groups they convene; anyone else sees only their own hours.
"""

import dataclasses

from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from samverkan.core import policy as core_policy
from samverkan.meetings import followup, policy
from samverkan.meetings.accounts import Account, accounts
from samverkan.structure.models import Group


@dataclasses.dataclass
class AccountScope:
    """Which time accounts the user sees: everyone's, their groups', or their own."""

    ALL = "all"
    GROUPS = "groups"
    OWN = "own"
    NONE = "none"

    kind: str
    groups: list = dataclasses.field(default_factory=list)
    person: object = None

    def describe(self, federation):
        if self.kind == self.ALL:
            return _("Du ser alla gruppers tid i %(federation)s.") % {"federation": federation.name}
        if self.kind == self.GROUPS:
            return _("Du ser tiden i grupperna där du är sammankallande: %(groups)s.") % {
                "groups": ", ".join(group.name for group in self.groups)
            }
        if self.kind == self.OWN:
            return _(
                "Du ser bara din egen tid. Förbundets kansli och sammankallande ser hela grupper."
            )
        return _(
            "Din inloggning är inte kopplad till någon person i förbundet, så det finns ingen "
            "tid att visa."
        )


def account_scope(user, federation):
    """Whose time accounts in `federation` the user sees, by `meetings.policy`."""
    if policy.can_view_time_accounts(user, federation):
        return AccountScope(AccountScope.ALL)
    managed = list(policy.managed_groups(user).filter(federation=federation).order_by("name"))
    if managed:
        return AccountScope(AccountScope.GROUPS, groups=managed)
    person = core_policy.person_of(user)
    if person is not None and person.federation_id == federation.pk:
        return AccountScope(AccountScope.OWN, person=person)
    return AccountScope(AccountScope.NONE)


def hours_text(value):
    """Hours with one decimal in the language's format: 6,0 in Swedish."""
    return floatformat(value, 1)


def _figures(account):
    share = account.share
    return {
        "meetings": account.meetings_attended,
        "hours": hours_text(account.hours),
        "commitment": hours_text(account.commitment),
        "balance": hours_text(account.balance),
        "percent": followup.percent(share) if share is not None else None,
    }


def time_account_tables(federation, start, end, kind, scope):
    """The rows the page and the export show: parties, people and the total."""
    if scope.kind == AccountScope.NONE:
        return {"parties": [], "people": [], "total": _figures(Account())}
    groups = None
    if kind:
        groups = Group.objects.filter(federation=federation, kind=kind)
    if scope.kind == AccountScope.GROUPS:
        groups = [group for group in scope.groups if not kind or group.kind == kind]
    report = accounts(federation, start, end, groups=groups)
    people = report.rows()
    if scope.kind == AccountScope.OWN:
        people = [row for row in people if row["person"].pk == scope.person.pk]
        parties = []
        total = Account()
        for row in people:
            total.add(row["account"])
    else:
        parties = report.party_rows()
        total = report.totals()
    return {
        "parties": [{"party": row["party"], **_figures(row["account"])} for row in parties],
        "people": [
            {
                "person": row["person"],
                "group": row["group"],
                "party": row["party"],
                **_figures(row["account"]),
            }
            for row in people
        ],
        "total": _figures(total),
    }
