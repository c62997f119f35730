"""Who may know of a Trisam case, see who it is about, and record its steps.

Personal data of an individual is visible only to current members of the case's team who take
part for a party, and before consent only to the raising party's members. Process leaders,
Trisam developers and guests sit in teams without seeing cases; förbund staff (memberships
without a party) never see them.
"""

import contextlib

from django.db.models import Exists, OuterRef, Q

from samverkan.cases.models import Case, Consent
from samverkan.core import policy as core
from samverkan.structure.models import Group, GroupKind, Membership, Party


def team_parties(user):
    """{team id: the party the user represents there} for their current case-team seats.

    Cached on the user object for the request, keyed by the day, since one page asks often;
    `forget_seats` drops the cache.
    """
    if core.person_of(user) is None or not user.is_active:
        return {}
    today = core.today()
    cached = getattr(user, "_team_parties", None)
    if cached is not None and cached[0] == today:
        return cached[1]
    seats = (
        core.seats(
            user,
            today,
            group__kind=GroupKind.TRISAM,
            role__in=Membership.CASE_ROLES,
            party__isnull=False,
        )
        .filter(group__in=Group.objects.active_on(today))
        .select_related("party")
        .order_by("valid_from", "pk")
    )
    parties = {}
    for seat in seats:
        parties.setdefault(seat.group_id, seat.party)
    user._team_parties = (today, parties)
    return parties


def forget_seats(user):
    """Drop the cached seats, after memberships changed within one request or test."""
    with contextlib.suppress(AttributeError):
        del user._team_parties


def parties_with_case_seats(team, day):
    """The parties someone represents in a case seat of `team` (a Group or its id) on `day`."""
    seated = Membership.objects.active_on(day).filter(
        group=team, role__in=Membership.CASE_ROLES, party__isnull=False
    )
    return Party.objects.filter(pk__in=seated.values("party"))


def case_teams(user):
    """The Trisam teams whose cases the user works with, as a queryset."""
    return Group.objects.filter(pk__in=list(team_parties(user)))


def party_in_team(user, team):
    """The party the user represents in `team` today, or None if they have no case seat there."""
    return team_parties(user).get(team.pk if hasattr(team, "pk") else team)


def can_raise_case(user, team):
    """A case seat in the team today: each party raises its own cases."""
    return party_in_team(user, team) is not None


def visible_cases(user):
    """Cases the user may know exist: those of their current teams. Nothing identifying."""
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


def identity_visible_q(party, day=None):
    """`can_see_identity` as a query over one team's cases, for a member representing `party`:
    the party's own cases, and those under a team consent in effect on `day` (default today)
    that names the party; never an erased case. Keep the two in step (a test compares them)."""
    day = day or core.today()
    consent_in_effect = Consent.objects.filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day),
        Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        case_id=OuterRef("pk"),
        kind=Consent.Kind.TEAM,
        given_on__lte=day,
        parties=party,
    )
    return Q(erased_at__isnull=True) & (
        Q(raising_party=party)
        | (Exists(consent_in_effect) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day)))
    )


def can_edit_raising(user, case):
    """The raising party corrects what it recorded at raising while the case is open."""
    party = party_in_team(user, case.team_id)
    return not case.is_closed and party is not None and party.pk == case.raising_party_id


def can_record_team_consent(user, case):
    return can_edit_raising(user, case) and not case.is_erased


def can_record_declined_consent(user, case):
    """The raising party records that the individual gave no consent, until a team consent is."""
    return can_record_team_consent(user, case) and not any(
        consent.kind == Consent.Kind.TEAM for consent in case.consents.all()
    )


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
