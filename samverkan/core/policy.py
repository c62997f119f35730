"""Who may do what. Views and templates ask here; no view invents its own rule.

Each capability (structure, cases, meetings, money) has its section below.
"""

import contextlib
import dataclasses

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


# --- Trisam cases ------------------------------------------------------------------------------
# Personal data of an individual is visible only to current members of the case's team who
# take part for a party, and before consent only to the raising party's members. Process
# leaders, Trisam developers and guests sit in teams without seeing cases; förbund staff
# (memberships without a party) never see them.

CASE_ROLES = ("member", "convener", "rehab_coordinator", "case_officer", "co_opted")


def team_parties(user):
    """{team id: the party the user represents there} for their current case-team seats.

    Cached on the user object for the request, keyed by the day, since one page asks often;
    `forget_seats` drops the cache.
    """
    from django.utils import timezone

    from samverkan.structure.models import GroupKind, Membership

    person = person_of(user)
    if person is None or not user.is_active:
        return {}
    today = timezone.localdate()
    cached = getattr(user, "_team_parties", None)
    if cached is not None and cached[0] == today:
        return cached[1]
    seats = (
        Membership.objects.active_on(today)
        .filter(
            person=person,
            group__kind=GroupKind.TRISAM,
            role__in=CASE_ROLES,
            party__isnull=False,
        )
        .filter(group__in=_active_groups(today))
        .select_related("party")
        .order_by("valid_from", "pk")
    )
    parties = {}
    for seat in seats:
        parties.setdefault(seat.group_id, seat.party)
    user._team_parties = (today, parties)
    return parties


def parties_with_case_seats(team, day):
    """The parties someone represents in a case seat of `team` (a Group or its id) on `day`."""
    from samverkan.structure.models import Membership, Party

    seated = Membership.objects.active_on(day).filter(
        group=team, role__in=CASE_ROLES, party__isnull=False
    )
    return Party.objects.filter(pk__in=seated.values("party"))


def forget_seats(user):
    """Drop the cached seats, after memberships changed within one request or test."""
    with contextlib.suppress(AttributeError):
        del user._team_parties


def _active_groups(day):
    from samverkan.structure.models import Group

    return Group.objects.active_on(day)


def case_teams(user):
    """The Trisam teams whose cases the user works with, as a queryset."""
    from samverkan.structure.models import Group

    return Group.objects.filter(pk__in=list(team_parties(user)))


def party_in_team(user, team):
    """The party the user represents in `team` today, or None if they have no case seat there."""
    return team_parties(user).get(team.pk if hasattr(team, "pk") else team)


def can_raise_case(user, team):
    return party_in_team(user, team) is not None


def visible_cases(user):
    """Cases the user may know exist: those of their current teams. Nothing identifying."""
    from samverkan.cases.models import Case

    return Case.objects.filter(team_id__in=list(team_parties(user)))


def can_see_case(user, case):
    return party_in_team(user, case.team_id) is not None


def can_see_identity(user, case):
    """Who the individual is, and everything recorded about them.

    The raising party's members always; other parties' members while a team consent that
    names their party is in effect. Nobody once the personal data has been erased.
    """
    party = party_in_team(user, case.team_id)
    if party is None or case.is_erased:
        return False
    if party.pk == case.raising_party_id:
        return True
    consent = case.team_consent()
    return consent is not None and any(p.pk == party.pk for p in consent.parties.all())


def can_edit_raising(user, case):
    """The raising party corrects what it recorded at raising while the case is open."""
    party = party_in_team(user, case.team_id)
    return not case.is_closed and party is not None and party.pk == case.raising_party_id


def can_record_team_consent(user, case):
    return can_edit_raising(user, case) and not case.is_erased


def can_add_information(user, case):
    """New information needs an open case, a team consent in effect and sight of the identity."""
    return not case.is_closed and case.team_consent() is not None and can_see_identity(user, case)


def can_prepare_for(user, case, party):
    """Each party's representative writes their own party's preparation, nobody else's."""
    own = party_in_team(user, case.team_id)
    return own is not None and own.pk == party.pk and can_add_information(user, case)


def can_withdraw_or_close(user, case):
    """Anyone who sees the individual may record a withdrawal or close the open case."""
    return not case.is_closed and can_see_identity(user, case)


def can_review_access_log(user):
    """Log reviewers read the access log of their förbund; superusers of every förbund."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or (
        user.role == User.Role.LOG_REVIEWER and federation_of(user) is not None
    )


def reviewable_log_entries(user):
    from samverkan.core.models import AccessLogEntry

    if not can_review_access_log(user):
        return AccessLogEntry.objects.none()
    if user.is_superuser:
        return AccessLogEntry.objects.all()
    return AccessLogEntry.objects.filter(federation_id=federation_of(user).pk)


# --- Meetings ----------------------------------------------------------------------------------
# Meetings hold staff and organisations' information, never an individual's: Trisam case
# meetings name cases by code only. A group's members read its meetings; its conveners and the
# förbund's administrators run them; each party's own representatives send its pre-read.

ORDINARY_ROLES = ("member", "convener", "rehab_coordinator", "case_officer")
CONVENING_ROLES = ("convener", "rehab_coordinator")
OVERSIGHT_GROUP_KINDS = ("county_board", "federation_board")


def _seats(user, day=None, **filters):
    from django.utils import timezone

    from samverkan.structure.models import Membership

    person = person_of(user)
    if person is None or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.active_on(day or timezone.localdate()).filter(
        person=person, **filters
    )


def _administers(user, federation_id):
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    person = person_of(user)
    return (
        user.role == User.Role.FEDERATION_ADMIN
        and person is not None
        and person.federation_id == federation_id
    )


def _groups_where(user, seated):
    """All groups for superusers, the förbund's groups for its administrators, and for anyone
    else the groups `seated(person)` gives."""
    from samverkan.structure.models import Group

    if not (user.is_authenticated and user.is_active):
        return Group.objects.none()
    if user.is_superuser:
        return Group.objects.all()
    person = person_of(user)
    if person is None:
        return Group.objects.none()
    if user.role == User.Role.FEDERATION_ADMIN:
        return Group.objects.filter(federation_id=person.federation_id)
    return Group.objects.filter(pk__in=seated(person))


def meeting_groups(user):
    """Groups whose meetings the user reads: where they sit today; all of them for admins."""
    return _groups_where(user, lambda person: _seats(user).values("group"))


def can_view_meetings(user, group):
    if _administers(user, group.federation_id):
        return True
    # A current seat of any kind: someone who has left the group no longer reads its meetings.
    return _seats(user, group=group).exists()


def can_manage_meetings(user, group):
    """Plan meetings, edit agendas, send invitations, record attendance, write minutes."""
    if _administers(user, group.federation_id):
        return True
    return _seats(user, group=group, role__in=CONVENING_ROLES).exists()


def managed_groups(user):
    """Groups whose meetings the user runs: where they convene today; all of it for admins."""
    return _groups_where(
        user, lambda person: _seats(user, role__in=CONVENING_ROLES).values("group")
    )


def pre_read_parties(user, meeting):
    """The parties the user may write the pre-read for: those they sit for in the group."""
    from samverkan.structure.models import Party

    if meeting.is_cancelled:
        return Party.objects.none()
    seated = set()
    for day in {meeting.day, _today()}:
        seated.update(
            _seats(
                user, day, group=meeting.group_id, role__in=ORDINARY_ROLES, party__isnull=False
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
    person = person_of(user)
    if person is not None and item.owner_id == person.pk and user.is_active:
        return True
    return can_manage_meetings(user, item.meeting.group)


def can_view_time_accounts(user, federation):
    """The förbund's administrators and the county-level groups follow up time across groups."""
    if federation is None:
        return False
    if _administers(user, federation.pk):
        return True
    return _seats(
        user, group__kind__in=OVERSIGHT_GROUP_KINDS, group__federation=federation
    ).exists()


# --- Money -------------------------------------------------------------------------------------
# Interventions, grants, outcome and budgets hold organisations' money, never an individual's.
# Only the förbund's administrators change them. The förbund's oversight groups (Länsledning,
# the board) read everything; a Mysam member reads their municipality's part: its municipality's
# grants and outcome, and everything of interventions their group steers.


@dataclasses.dataclass(frozen=True)
class FundingScope:
    """What money a reader sees: everything, or what concerns some municipalities."""

    everything: bool
    municipality_ids: frozenset = frozenset()
    group_ids: frozenset = frozenset()

    def rows(self, party="party", intervention="intervention"):
        """A Q filter for rows with a party and an intervention (grants, spending)."""
        from django.db.models import Q

        if self.everything:
            return Q()
        return Q(**{f"{party}__municipality__in": self.municipality_ids}) | Q(
            **{f"{intervention}__steering_group__in": self.group_ids}
        )

    def parties(self, prefix=""):
        """A Q filter for parties (prefix e.g. "party__") the reader sees all figures of."""
        from django.db.models import Q

        if self.everything:
            return Q()
        return Q(**{f"{prefix}municipality__in": self.municipality_ids})

    def interventions(self):
        """A Q filter for interventions the reader sees at all."""
        from django.db.models import Q

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


def funding_scope(user, federation):
    """The money `user` may read in `federation`, or None when they may read none of it.

    One query at most: every page asks it for the main menu.
    """
    from django.db.models import Q

    from samverkan.structure.models import GroupKind

    if federation is None or not (user.is_authenticated and user.is_active):
        return None
    if _administers(user, federation.pk):
        return FundingScope(everything=True)
    seats = (
        _seats(user, group__federation=federation)
        .filter(
            Q(group__kind__in=OVERSIGHT_GROUP_KINDS)
            | Q(group__kind=GroupKind.MYSAM, group__municipality__isnull=False)
        )
        # A guest is not one of the group's members: a guest at a board meeting reads no more
        # money than a guest in a Mysam group.
        .exclude(role="guest")
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


def can_view_funding(user, federation):
    return funding_scope(user, federation) is not None


def can_manage_funding(user, federation):
    """Register applications, decisions, outcome, rates and budgets: the förbund's admins."""
    return federation is not None and _administers(user, federation.pk)


def _today():
    from django.utils import timezone

    return timezone.localdate()
