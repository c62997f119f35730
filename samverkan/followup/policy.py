"""Who reads which follow-up figures, over core's and the apps' own policies.

- Uppföljning Finsam's page and exports: whoever reads the förbund's money
  (`funding.policy.funding_scope`), for the part that scope covers, participants protected by
  the small-number rule for everyone.
- The exact counts for submission: the intervention's deltagaransvariga only
  (`funding.ParticipantOfficer`), for their own interventions, never the förbund's
  administrators.
"""

from samverkan.core.models import User
from samverkan.core.policy import person_of, signed_in
from samverkan.funding import policy as funding_policy
from samverkan.funding.models import Intervention, Orientation


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
