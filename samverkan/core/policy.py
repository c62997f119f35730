"""Who may do what. Views and templates ask here; no view invents its own rule.

Later capabilities (cases, meetings, money) add their questions to this module.
"""

from samverkan.core.models import User


def person_of(user):
    """The staff record linked to a signed-in user, or None."""
    if not user.is_authenticated:
        return None
    return getattr(user, "person", None)


def federation_of(user):
    """The förbund a user works in: their person's, or the only one there is."""
    from samverkan.structure.models import Federation

    person = person_of(user)
    if person is not None:
        return person.federation
    federations = list(Federation.objects.all()[:2])
    return federations[0] if len(federations) == 1 else None


def can_view_structure(user, federation):
    """Staff read their own förbund's structure only: it lists staff names and contacts."""
    if not (user.is_authenticated and user.is_active) or federation is None:
        return False
    if user.is_superuser:
        return True
    own = federation_of(user)
    return own is not None and own.pk == federation.pk


def visible_federations(user):
    """The förbund whose structure the user may read, as a queryset to choose from or filter by."""
    from samverkan.structure.models import Federation

    if not (user.is_authenticated and user.is_active):
        return Federation.objects.none()
    if user.is_superuser:
        return Federation.objects.all()
    own = federation_of(user)
    return Federation.objects.filter(pk=own.pk) if own else Federation.objects.none()


def can_edit_structure(user, federation):
    """The förbund's administrators change its structure; superusers may change any."""
    if not (user.is_authenticated and user.is_active) or federation is None:
        return False
    if user.is_superuser:
        return True
    if user.role != User.Role.FEDERATION_ADMIN:
        return False
    person = person_of(user)
    return person is not None and person.federation_id == federation.pk


def can_edit_any_structure(user):
    """Whether the user administers some förbund's structure: superusers and förbund admins."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or can_edit_structure(user, federation_of(user))


def owning_federation(obj):
    """The förbund a structure record belongs to, following its parents where it has no own."""
    from samverkan.structure.models import Federation

    if isinstance(obj, Federation):
        return obj
    for parent in ("federation", "group", "decision", "rule", "party"):
        if hasattr(obj, f"{parent}_id") and getattr(obj, f"{parent}_id") is not None:
            return owning_federation(getattr(obj, parent))
    return None
