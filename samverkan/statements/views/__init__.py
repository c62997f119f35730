"""The statements' pages; the URLconf reaches every view through this package."""

from samverkan.statements.views.accessibility import (
    accessibility,
    accessibility_edit,
    accessibility_for,
    report_sent,
)
from samverkan.statements.views.privacy import privacy, privacy_edit, privacy_for
from samverkan.statements.views.reports import report_handled, reports

__all__ = [
    "accessibility",
    "accessibility_edit",
    "accessibility_for",
    "privacy",
    "privacy_edit",
    "privacy_for",
    "report_handled",
    "report_sent",
    "reports",
]
