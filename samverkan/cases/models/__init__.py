"""Trisam cases: an individual's case in one team, from raising to closure and erasure.

Personal data lives only here. Who may see or change it is decided in `cases.policy`; every
change goes through `cases.services`, which writes the access log in the same transaction.
One module a topic; everything is imported from here (`from samverkan.cases.models import Case`).
"""

from samverkan.cases.models.case import (
    EARLIEST_RAISING_DATE,
    FOLLOW_UP_AFTER_MONTHS,
    TARGET_AGE_MAX,
    TARGET_AGE_MIN,
    Case,
    CaseQuerySet,
    add_months,
    too_early_raising_message,
)
from samverkan.cases.models.consents import Consent
from samverkan.cases.models.lookups import Gender, IncomeSupportSource, check_income_support
from samverkan.cases.models.steps import FollowUp, Mapping, PlanStep, Preparation
from samverkan.cases.models.survey import SurveyAnswer, SurveyLink, SurveyResponse

__all__ = [
    "EARLIEST_RAISING_DATE",
    "FOLLOW_UP_AFTER_MONTHS",
    "TARGET_AGE_MAX",
    "TARGET_AGE_MIN",
    "Case",
    "CaseQuerySet",
    "Consent",
    "FollowUp",
    "Gender",
    "IncomeSupportSource",
    "Mapping",
    "PlanStep",
    "Preparation",
    "SurveyAnswer",
    "SurveyLink",
    "SurveyResponse",
    "add_months",
    "check_income_support",
    "too_early_raising_message",
]
