"""Coverage of the structure: where a group, a party or a convener is missing on a given day.

The goals behind it: a Mysam group in every municipality (2016), a Trisam team at every
hälsocentral and adult-psychiatry outpatient clinic (2022), every group with the parties its
rules require, and every group with someone who convenes it.
"""

import dataclasses
import datetime

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from samverkan.structure.models import Group, GroupKind, Membership, Municipality, Unit
from samverkan.structure.rules import rules_in_force

# Groups that cannot work without a convener; other kinds are reported only when one left.
CONVENED_KINDS = (GroupKind.MYSAM, GroupKind.TRISAM)


@dataclasses.dataclass
class MissingParties:
    group: Group
    parties: list


@dataclasses.dataclass
class MissingConvener:
    group: Group
    last_convener: Membership | None  # the convening membership that ended most recently


@dataclasses.dataclass
class CoverageReport:
    day: datetime.date
    municipalities_without_mysam: list
    units_without_trisam: list
    groups_missing_parties: list
    groups_without_convener: list
    municipality_count: int
    expected_unit_count: int

    @property
    def municipalities_with_mysam_count(self):
        return self.municipality_count - len(self.municipalities_without_mysam)

    @property
    def units_with_trisam_count(self):
        return self.expected_unit_count - len(self.units_without_trisam)

    @property
    def is_complete(self):
        return not (
            self.municipalities_without_mysam
            or self.units_without_trisam
            or self.groups_missing_parties
            or self.groups_without_convener
        )


def coverage(federation, day=None):
    """Compute the coverage report of `federation` on `day` (default: today)."""
    day = day or timezone.localdate()
    active_groups = Group.objects.filter(federation=federation).active_on(day)

    municipalities = list(Municipality.objects.filter(federation=federation))
    with_mysam = set(
        active_groups.filter(kind=GroupKind.MYSAM).values_list("municipality_id", flat=True)
    )
    expected_units = list(
        Unit.objects.filter(party__federation=federation, kind__in=Unit.TRISAM_EXPECTED_KINDS)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .select_related("municipality", "party")
    )
    with_trisam = set(active_groups.filter(kind=GroupKind.TRISAM).values_list("unit_id", flat=True))

    # Only the columns the rules look at: at national scale this is tens of thousands of rows.
    relevant_memberships = Membership.objects.filter(
        Q(valid_from__lte=day, valid_to__isnull=True)
        | Q(valid_from__lte=day, valid_to__gte=day)
        | Q(role__in=Membership.CONVENING_ROLES)
    ).only("group_id", "person_id", "party_id", "role", "valid_from", "valid_to")
    groups = list(
        active_groups.select_related("municipality__party", "unit").prefetch_related(
            Prefetch("memberships", queryset=relevant_memberships)
        )
    )
    without_convener = _groups_without_convener(groups, day)
    prefetch_related_objects(
        [gap.last_convener for gap in without_convener if gap.last_convener], "person"
    )
    return CoverageReport(
        day=day,
        municipalities_without_mysam=[m for m in municipalities if m.pk not in with_mysam],
        units_without_trisam=[u for u in expected_units if u.pk not in with_trisam],
        groups_missing_parties=_groups_missing_parties(federation, groups, day),
        groups_without_convener=without_convener,
        municipality_count=len(municipalities),
        expected_unit_count=len(expected_units),
    )


def required_parties(group, ruleset):
    """The parties the rules require in `group`, in the parties' own order."""
    parties = list(ruleset.required_parties)
    if ruleset.requires_own_municipality and group.municipality_id:
        own = getattr(group.municipality, "party", None)
        if own is not None and own not in parties:
            parties.append(own)
    return sorted(parties, key=lambda party: (party.order, party.name))


def represented_parties(group, day):
    """Parties with an ordinary (not co-opted, not guest) member in `group` on `day`."""
    return {
        membership.party_id
        for membership in group.memberships.all()
        if membership.party_id
        and membership.is_active_on(day)
        and membership.role not in Membership.NON_ORDINARY_ROLES
    }


def _groups_missing_parties(federation, groups, day):
    rulesets = {}
    result = []
    for group in groups:
        if group.kind not in rulesets:
            rulesets[group.kind] = rules_in_force(federation, group.kind, day)
        required = required_parties(group, rulesets[group.kind])
        present = represented_parties(group, day)
        missing = [party for party in required if party.pk not in present]
        if missing:
            result.append(MissingParties(group=group, parties=missing))
    return result


def _groups_without_convener(groups, day):
    result = []
    for group in groups:
        convening = [m for m in group.memberships.all() if m.is_convening]
        if any(m.is_active_on(day) for m in convening):
            continue
        ended = [m for m in convening if m.valid_to is not None and m.valid_to < day]
        if group.kind in CONVENED_KINDS or ended:
            last = max(ended, key=lambda m: m.valid_to, default=None)
            result.append(MissingConvener(group=group, last_convener=last))
    return result


def care_unit_coverage(federation, day, *, municipality_id=None):
    """(care units with a Trisam team, care units expected to have one) on `day`, in the
    förbund or one municipality: two queries, for the follow-up of the coverage goal."""
    units = Unit.objects.filter(
        party__federation=federation, kind__in=Unit.TRISAM_EXPECTED_KINDS
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
    if municipality_id is not None:
        units = units.filter(municipality_id=municipality_id)
    # Counted in the database: at national scale these are thousands of units.
    with_team = (
        Group.objects.filter(federation=federation, kind=GroupKind.TRISAM, unit__in=units)
        .active_on(day)
        .values("unit_id")
        .distinct()
        .count()
    )
    return with_team, units.count()


def mysam_coverage(federation, day):
    """(municipalities with a Mysam group, municipalities) of the förbund on `day`."""
    municipalities = Municipality.objects.filter(federation=federation).count()
    with_group = (
        Group.objects.filter(federation=federation, kind=GroupKind.MYSAM)
        .active_on(day)
        .values("municipality_id")
        .distinct()
        .count()
    )
    return with_group, municipalities
