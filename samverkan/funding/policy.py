"""Who may read and change the förbund's money.

Interventions, grants, outcome and budgets hold organisations' money, never an individual's.
Only the förbund's administrators change them. The förbund's oversight groups (Länsledning,
the board) read everything; a Mysam member reads their municipality's part: its municipality's
grants and outcome, and everything of interventions their group steers.
"""

import dataclasses

from django.db.models import Q
from django.utils.translation import gettext as _

from samverkan.core import policy as core
from samverkan.funding.models import Application, Intervention
from samverkan.structure.models import Group, GroupKind, Membership, Municipality
from samverkan.structure.policy import OVERSIGHT_GROUP_KINDS


@dataclasses.dataclass(frozen=True)
class FundingScope:
    """What money a reader sees: everything, or what concerns some municipalities."""

    everything: bool
    municipality_ids: frozenset = frozenset()
    group_ids: frozenset = frozenset()

    def rows(self, party="party", intervention="intervention"):
        """A Q filter for rows with a party and an intervention (grants, spending)."""
        if self.everything:
            return Q()
        return Q(**{f"{party}__municipality__in": self.municipality_ids}) | Q(
            **{f"{intervention}__steering_group__in": self.group_ids}
        )

    def parties(self, prefix=""):
        """A Q filter for parties (prefix e.g. "party__") the reader sees all figures of."""
        if self.everything:
            return Q()
        return Q(**{f"{prefix}municipality__in": self.municipality_ids})

    def interventions(self):
        """A Q filter for interventions the reader sees at all."""
        if self.everything:
            return Q()
        return (
            Q(steering_group__in=self.group_ids)
            | Q(steered_by_mysam=True)
            | Q(grants__party__municipality__in=self.municipality_ids)
        )

    def sees_whole(self, intervention):
        """Whether every party's figures of `intervention` are visible."""
        return self.everything or intervention.steering_group_id in self.group_ids

    def application_rows(self, to_application):
        """A Q filter for amount or grant rows the reader sees, `to_application` leading to the
        application (e.g. "decision__application__")."""
        if self.everything:
            return Q()
        return (
            Q(party__municipality__in=self.municipality_ids)
            | Q(**{f"{to_application}applicant_group__in": self.group_ids})
            | Q(**{f"{to_application}intervention__steering_group__in": self.group_ids})
        )

    def sees_whole_application(self, application):
        """Whether every party's amounts of `application` are visible."""
        if self.everything or application.applicant_group_id in self.group_ids:
            return True
        return application.intervention_id is not None and self.sees_whole(application.intervention)

    def describe(self):
        """What part of the money the reader sees, in words."""
        if self.everything:
            return _("Du ser hela förbundets ekonomi.")
        municipalities = ", ".join(
            Municipality.objects.filter(pk__in=self.municipality_ids)
            .order_by("name")
            .values_list("name", flat=True)
        )
        groups = ", ".join(
            Group.objects.filter(pk__in=self.group_ids)
            .order_by("name")
            .values_list("name", flat=True)
        )
        return _(
            "Du ser din kommuns del: belopp till %(municipalities)s och allt i insatser som "
            "%(groups)s styr."
        ) % {"municipalities": municipalities, "groups": groups}


def funding_scope(user, federation):
    """The money `user` may read in `federation`, or None when they may read none of it.

    One query at most: every page asks it for the main menu.
    """
    if federation is None or not core.signed_in(user):
        return None
    if core.administers(user, federation.pk):
        return FundingScope(everything=True)
    seats = (
        core.seats(user, group__federation=federation)
        .filter(
            Q(group__kind__in=OVERSIGHT_GROUP_KINDS)
            | Q(group__kind=GroupKind.MYSAM, group__municipality__isnull=False)
        )
        # A guest is not one of the group's members: a guest at a board meeting reads no more
        # money than a guest in a Mysam group.
        .exclude(role=Membership.Role.GUEST)
        .values_list("group_id", "group__kind", "group__municipality_id")
    )
    seats = list(seats)
    if not seats:
        return None
    if any(kind in OVERSIGHT_GROUP_KINDS for _group, kind, _m in seats):
        return FundingScope(everything=True)
    return FundingScope(
        everything=False,
        group_ids=frozenset(group for group, _kind, _m in seats),
        municipality_ids=frozenset(municipality for _g, _kind, municipality in seats),
    )


def visible_interventions(federation, scope):
    """The förbund's interventions `scope` may read, the latest first."""
    return (
        Intervention.objects.filter(federation=federation)
        .filter(scope.interventions())
        .distinct()
        .order_by("-starts_on", "name")
    )


def visible_applications(federation, scope):
    """The förbund's applications `scope` may read."""
    queryset = Application.objects.filter(federation=federation)
    if scope.everything:
        return queryset
    return queryset.filter(
        Q(applicant_group__in=scope.group_ids)
        | Q(applicant_party__municipality__in=scope.municipality_ids)
        | Q(intervention__steering_group__in=scope.group_ids)
    )


def can_view_funding(user, federation):
    return funding_scope(user, federation) is not None


def can_manage_funding(user, federation):
    """Register applications, decisions, outcome, rates and budgets: the förbund's admins."""
    return federation is not None and core.administers(user, federation.pk)
