"""Structure pages, one module per topic; the URLconf reaches every view through this package."""

from samverkan.structure.views.coverage import coverage
from samverkan.structure.views.decisions import (
    decision,
    decision_create,
    decision_edit,
    decisions,
    rule_create,
    rule_edit,
)
from samverkan.structure.views.groups import (
    group,
    group_create,
    group_edit,
    groups,
    membership_create,
    membership_edit,
    membership_end,
)
from samverkan.structure.views.municipalities import (
    municipalities,
    municipality,
    municipality_create,
    municipality_edit,
    subregion_create,
    subregion_edit,
)
from samverkan.structure.views.overview import overview
from samverkan.structure.views.parties import parties, party, party_create, party_edit
from samverkan.structure.views.people import people, person, person_create, person_edit
from samverkan.structure.views.search import search
from samverkan.structure.views.units import unit, unit_create, unit_edit, units

__all__ = [
    "coverage",
    "decision",
    "decision_create",
    "decision_edit",
    "decisions",
    "group",
    "group_create",
    "group_edit",
    "groups",
    "membership_create",
    "membership_edit",
    "membership_end",
    "municipalities",
    "municipality",
    "municipality_create",
    "municipality_edit",
    "overview",
    "parties",
    "party",
    "party_create",
    "party_edit",
    "people",
    "person",
    "person_create",
    "person_edit",
    "rule_create",
    "rule_edit",
    "search",
    "subregion_create",
    "subregion_edit",
    "unit",
    "unit_create",
    "unit_edit",
    "units",
]
