"""The förbund's money: interventions (insatser) with goals, applications, decisions that become
grants, what was used (utfall), hourly rates for compensated time, and the förbund's own budget
by contributor.

Amounts are whole kronor in integer columns, never floats. Nothing here is deleted through the
product: a changed decision is a new decision that supersedes the old one. No personal data of
individuals lives here; participants are counted from cases, never named.

One module per topic; everything is importable from here.
"""

from samverkan.funding.models.base import (
    FIRST_YEAR,
    LAST_YEAR,
    Period,
    amount_validators,
    calendar_years,
    period_year_errors,
    year_validators,
)
from samverkan.funding.models.budgets import ContributionShare, FederationBudget
from samverkan.funding.models.grants import (
    Application,
    ApplicationAmount,
    FundingDecision,
    Grant,
    GrantQuerySet,
    StatedTotal,
)
from samverkan.funding.models.interventions import (
    Goal,
    Intervention,
    Orientation,
    ParticipantOfficer,
    ParticipantPlan,
)
from samverkan.funding.models.spending import HourlyRate, Spending, SpendingImport

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "Application",
    "ApplicationAmount",
    "ContributionShare",
    "FederationBudget",
    "FundingDecision",
    "Goal",
    "Grant",
    "GrantQuerySet",
    "HourlyRate",
    "Intervention",
    "Orientation",
    "ParticipantOfficer",
    "ParticipantPlan",
    "Period",
    "Spending",
    "SpendingImport",
    "StatedTotal",
    "amount_validators",
    "calendar_years",
    "period_year_errors",
    "year_validators",
]
