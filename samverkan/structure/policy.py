"""Who may read and change a förbund's collaboration structure.

The structure lists staff by name with their contacts, so it is read by the förbund's own
people only; its administrators (the kansli) change it; superusers read and change every förbund.
"""

from samverkan.core import policy as core
from samverkan.structure.models import Federation, GroupKind, Membership

# The county-level groups that oversee the förbund's work as a whole: they read the follow-up of
# every group, and all of the money.
OVERSIGHT_GROUP_KINDS = (GroupKind.COUNTY_BOARD, GroupKind.FEDERATION_BOARD)


def federation_of(user):
    """The förbund a user works in: their person's, or the only one there is."""
    person = core.person_of(user)
    if person is not None:
        return person.federation
    federations = list(Federation.objects.all()[:2])
    return federations[0] if len(federations) == 1 else None


def can_view_structure(user, federation):
    """Staff read their own förbund's structure only: it lists staff names and contacts."""
    if not core.signed_in(user) or federation is None:
        return False
    if user.is_superuser:
        return True
    own = federation_of(user)
    return own is not None and own.pk == federation.pk


def visible_federations(user):
    """The förbund whose structure the user may read, as a queryset to choose from or filter by."""
    if not core.signed_in(user):
        return Federation.objects.none()
    if user.is_superuser:
        return Federation.objects.all()
    own = federation_of(user)
    return Federation.objects.filter(pk=own.pk) if own else Federation.objects.none()


def can_edit_structure(user, federation):
    """The förbund's administrators change its structure; superusers may change any."""
    return federation is not None and core.administers(user, federation.pk)


def can_edit_any_structure(user):
    """Whether the user administers some förbund's structure: superusers and förbund admins."""
    if not core.signed_in(user):
        return False
    return user.is_superuser or can_edit_structure(user, federation_of(user))


def owning_federation(obj):
    """The förbund a structure record belongs to, following its parents where it has no own."""
    if isinstance(obj, Federation):
        return obj
    for parent in ("federation", "group", "decision", "rule", "party"):
        if hasattr(obj, f"{parent}_id") and getattr(obj, f"{parent}_id") is not None:
            return owning_federation(getattr(obj, parent))
    return None


def leads_trisam_process(user):
    """Whether the user holds a process leader's seat today: they support every Trisam team of
    the förbund (method, quality, teamwork), without working in a team's cases."""
    return core.seats(user, role=Membership.Role.PROCESS_LEADER).exists()
