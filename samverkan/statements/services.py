"""Changes to the statements: creating them with their default texts, and the public's reports.

Edits of the texts go through the versioned forms (`core.editing.save_form_or_render`).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from samverkan.statements import defaults
from samverkan.statements.models import AccessibilityReport, AccessibilityStatement, PrivacyNotice


def _first_or_create(model, federation, make_defaults):
    """The förbund's one `model` record, created with `make_defaults()` the first time."""
    found = model.objects.filter(federation=federation).first()
    if found is not None:
        return found
    # The texts are the förbund's data, written in the service's own language whatever the
    # language of the visitor whose request happens to create them.
    with translation.override(settings.LANGUAGE_CODE):
        values = make_defaults()
    record, _created = model.objects.get_or_create(federation=federation, defaults=values)
    return record


def accessibility_statement_of(federation):
    """The förbund's accessibility statement, created with the default texts when first needed."""
    return _first_or_create(
        AccessibilityStatement,
        federation,
        lambda: {
            "conformance": AccessibilityStatement.Conformance.PARTIAL,
            "non_conformities": str(defaults.NON_CONFORMITIES),
            "review_method": str(defaults.REVIEW_METHOD),
        },
    )


def privacy_notice_of(federation):
    """The förbund's privacy notice, created with the default texts when first needed."""
    return _first_or_create(
        PrivacyNotice,
        federation,
        lambda: {
            "legal_basis": str(defaults.LEGAL_BASIS),
            "retention": str(defaults.RETENTION) % {"months": settings.CASE_RETENTION_MONTHS},
        },
    )


@transaction.atomic
def record_report(federation, *, description, page_address="", name="", email=""):
    """Store an accessibility problem reported through the public form."""
    return AccessibilityReport.objects.create(
        federation=federation,
        description=description,
        page_address=page_address,
        name=name,
        email=email,
    )


@transaction.atomic
def mark_handled(report, *, by):
    """Mark the report handled by `by`; a report already handled keeps who handled it and when."""
    updated = AccessibilityReport.objects.filter(pk=report.pk, handled=False).update(
        handled=True, handled_at=timezone.now(), handled_by=by
    )
    report.refresh_from_db()
    return bool(updated)
