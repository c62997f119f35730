"""Who reads which follow-up figures, over core's and the apps' own policies.

- Uppföljning Finsam's page and exports: whoever reads the förbund's money
  (`funding.policy.funding_scope`), for the part that scope covers, participants protected by
  the small-number rule for everyone.
- The dashboards of the seed's goals: see `dashboard_scope`.
- The exact counts for submission: the intervention's deltagaransvariga only
  (`funding.ParticipantOfficer`), for their own interventions, never the förbund's
  administrators.
"""

import dataclasses

from samverkan.core.models import User
from samverkan.core.policy import person_of, signed_in
from samverkan.funding import policy as funding_policy
from samverkan.funding.models import Intervention, Orientation
from samverkan.structure import policy as structure_policy


def finsam_scope(user, federation):
    """The FundingScope a reader of Uppföljning Finsam sees, or None."""
    return funding_policy.funding_scope(user, federation)


def submission_interventions(user):
    """The individual-oriented interventions the user reports as deltagaransvarig."""
    person = person_of(user)
    if person is None or not signed_in(user):
        return Intervention.objects.none()
    if user.is_superuser or user.role == User.Role.FEDERATION_ADMIN:
        # Appointed before they joined the kansli: the role ends with that (Uppföljning Finsam
        # bars the förbund's administrators from it).
        return Intervention.objects.none()
    return Intervention.objects.filter(
        participant_officers__person=person,
        federation_id=person.federation_id,
        orientation=Orientation.INDIVIDUAL,
    ).order_by("-starts_on", "name")


@dataclasses.dataclass(frozen=True)
class DashboardScope:
    """Which follow-up figures a reader sees: the whole förbund, or some municipalities."""

    everything: bool
    municipality_ids: frozenset = frozenset()


def can_read_dashboard(user, federation, *, reads_money=None):
    """Whether `dashboard_scope` is not None. `reads_money`, when the caller already knows
    whether the user reads the förbund's money (the main menu does), saves its query."""
    if reads_money is None:
        return dashboard_scope(user, federation) is not None
    return federation is not None and (bool(reads_money) or _leads_process_in(user, federation))


def _leads_process_in(user, federation):
    person = person_of(user)
    return (
        person is not None
        and person.federation_id == federation.pk
        and structure_policy.leads_trisam_process(user)
    )


def dashboard_scope(user, federation):
    """The county dashboard's readers: the förbund's administrators, Länsledning and the board
    and the Trisam process leaders read the whole förbund; a Mysam member reads the
    municipalities of their groups; anyone else nothing (None). Every figure is protected by the
    small-number rule whoever reads it."""
    if federation is None or not signed_in(user):
        return None
    money = funding_policy.funding_scope(user, federation)
    if (money is not None and money.everything) or _leads_process_in(user, federation):
        return DashboardScope(everything=True)
    if money is not None:
        return DashboardScope(everything=False, municipality_ids=money.municipality_ids)
    return None
