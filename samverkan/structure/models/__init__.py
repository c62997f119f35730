"""The collaboration structure of a samordningsförbund: who sits where, under which rules.

Nothing here holds personal data of individuals (deltagare); people here are staff. One module
a topic; every model is imported from here (`from samverkan.structure.models import Group`).
"""

from samverkan.structure.models.decisions import Decision, GroupRule, StandingItem, TimeBudget
from samverkan.structure.models.federation import Federation, Municipality, Party, SubRegion
from samverkan.structure.models.groups import (
    Group,
    GroupKind,
    GroupQuerySet,
    Membership,
    MembershipQuerySet,
)
from samverkan.structure.models.units import Person, Unit

__all__ = [
    "Decision",
    "Federation",
    "Group",
    "GroupKind",
    "GroupQuerySet",
    "GroupRule",
    "Membership",
    "MembershipQuerySet",
    "Municipality",
    "Party",
    "Person",
    "StandingItem",
    "SubRegion",
    "TimeBudget",
    "Unit",
]
