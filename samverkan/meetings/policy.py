"""Who may read and run a group's meetings.

Meetings hold staff and organisations' information, never an individual's: Trisam case
meetings name cases by code only. A group's members read its meetings; its conveners and the
förbund's administrators run them; each party's own representatives send its pre-read.
"""

from samverkan.core import policy as core
from samverkan.core.models import User
from samverkan.structure.models import Group, Membership, Party
from samverkan.structure.policy import OVERSIGHT_GROUP_KINDS


def _groups_where(user, seated):
    """All groups for superusers, the förbund's groups for its administrators, and for anyone
    else the groups `seated(person)` gives."""
    if not core.signed_in(user):
        return Group.objects.none()
    if user.is_superuser:
        return Group.objects.all()
    person = core.person_of(user)
    if person is None:
        return Group.objects.none()
    if user.role == User.Role.FEDERATION_ADMIN:
        return Group.objects.filter(federation_id=person.federation_id)
    return Group.objects.filter(pk__in=seated(person))


def meeting_groups(user):
    """Groups whose meetings the user reads: where they sit today; all of them for admins."""
    return _groups_where(user, lambda person: core.seats(user).values("group"))


def can_view_meetings(user, group):
    if core.administers(user, group.federation_id):
        return True
    # A current seat of any kind: someone who has left the group no longer reads its meetings.
    return core.seats(user, group=group).exists()


def can_manage_meetings(user, group):
    """Plan meetings, edit agendas, send invitations, record attendance, write minutes."""
    if core.administers(user, group.federation_id):
        return True
    return _convening_seats(user).filter(group=group).exists()


def _convening_seats(user):
    return core.seats(user, role__in=Membership.CONVENING_ROLES)


def convened_groups(user):
    """Groups the user convenes today, as a convener or a Trisam team's rehab coordinator."""
    return Group.objects.filter(pk__in=_convening_seats(user).values("group"))


def managed_groups(user):
    """Groups whose meetings the user runs: where they convene today; all of it for admins."""
    return _groups_where(user, lambda person: _convening_seats(user).values("group"))


def pre_read_parties(user, meeting):
    """The parties the user may write the pre-read for: those they sit for in the group."""
    if meeting.is_cancelled:
        return Party.objects.none()
    seated = set()
    for day in {meeting.day, core.today()}:
        seated.update(
            core.seats(
                user,
                day,
                group=meeting.group_id,
                role__in=Membership.ORDINARY_ROLES,
                party__isnull=False,
            ).values_list("party_id", flat=True)
        )
    return Party.objects.filter(pk__in=seated)


def can_submit_pre_read(user, meeting, party):
    return pre_read_parties(user, meeting).filter(pk=party.pk).exists()


def can_read_minutes(user, minutes):
    """Published minutes are read by the group; drafts only by those who write them."""
    if minutes.is_published:
        return can_view_meetings(user, minutes.meeting.group)
    return can_manage_meetings(user, minutes.meeting.group)


def can_update_action_item(user, item):
    """The owner reports progress on their own action item; the conveners on any."""
    person = core.person_of(user)
    if person is not None and item.owner_id == person.pk and user.is_active:
        return True
    return can_manage_meetings(user, item.meeting.group)


def can_view_time_accounts(user, federation):
    """The förbund's administrators and the county-level groups follow up time across groups."""
    if federation is None:
        return False
    if core.administers(user, federation.pk):
        return True
    return core.seats(
        user, group__kind__in=OVERSIGHT_GROUP_KINDS, group__federation=federation
    ).exists()
