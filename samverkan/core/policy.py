"""Who the user is: the small helpers every app's access policy is built on, and the access log's.

Each capability answers "may this user do this to this object" in its own `policy.py`
(`structure`, `meetings`, `cases`, `funding`), built on the helpers here. Core is the ground
floor and imports no app: a user's staff record and its seats are reached through the relations
that the structure app declares towards core's User (`user.person`, `person.memberships`).
"""

from django.utils import timezone

from samverkan.core.models import AccessLogEntry, User


def today():
    """Today in Swedish time: the day whose seats and rules count."""
    return timezone.localdate()


def signed_in(user):
    """An active account that has signed in: nobody else is let in anywhere."""
    return user.is_authenticated and user.is_active


def person_of(user):
    """The staff record linked to a signed-in user, or None."""
    if not user.is_authenticated:
        return None
    return getattr(user, "person", None)


def _seat_model():
    # The model of the `memberships` of the staff record that the structure app links to User.
    person_model = User._meta.get_field("person").related_model
    return person_model._meta.get_field("memberships").related_model


def seats(user, day=None, **filters):
    """The user's seats (memberships) held on `day`, today by default, narrowed by `filters`.

    Empty for anonymous or inactive users and for accounts without a staff record.
    """
    person = person_of(user)
    if person is None or not user.is_active:
        return _seat_model().objects.none()
    return person.memberships.active_on(day or today()).filter(**filters)


def administers(user, federation_id):
    """Whether the user is one of the förbund's administrators (its kansli), or a superuser."""
    if not signed_in(user) or federation_id is None:
        return False
    if user.is_superuser:
        return True
    person = person_of(user)
    return (
        user.role == User.Role.FEDERATION_ADMIN
        and person is not None
        and person.federation_id == federation_id
    )


# --- The access log ----------------------------------------------------------------------------
# Reviewing the log reads no personal data of individuals (cases are named by their codes), so
# a log reviewer reads the whole log of their förbund; superusers read every förbund's.


def _reviewer_federation_id(user):
    person = person_of(user)
    return person.federation_id if person is not None else None


def can_review_access_log(user):
    """Log reviewers read the access log of their förbund; superusers of every förbund."""
    if not signed_in(user):
        return False
    return user.is_superuser or (
        user.role == User.Role.LOG_REVIEWER and _reviewer_federation_id(user) is not None
    )


def reviewable_log_entries(user):
    """The access-log entries the user may review, as a queryset."""
    if not can_review_access_log(user):
        return AccessLogEntry.objects.none()
    if user.is_superuser:
        return AccessLogEntry.objects.all()
    return AccessLogEntry.objects.filter(federation_id=_reviewer_federation_id(user))
