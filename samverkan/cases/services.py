"""Operations on cases that change several things at once or must be logged together.

Each function runs in one transaction and writes the access log inside it, so a change is
never saved without its log entry. Access is checked by the caller (the view) through
`cases.policy`; the rules that hold whoever calls (a closed case is read-only, withdrawal closes
the case) are enforced here.
"""

import dataclasses
import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.cases.models import (
    Case,
    Consent,
    SurveyLink,
    SurveyResponse,
    add_months,
    check_income_support,
)
from samverkan.core import access_log

Action = access_log.Action

CLOSED_CASE_MESSAGE = _("Ärendet är avslutat och kan inte ändras.")
NO_CONSENT_MESSAGE = _(
    "Det finns inget gällande samtycke för teamet. Inga nya uppgifter får läggas till."
)
SURVEY_LINK_ACTOR = _("deltagaren via engångslänk")


def ensure_open(case):
    """Refuse any change to a closed case: it is read-only."""
    if case.is_closed:
        raise ValidationError(CLOSED_CASE_MESSAGE, code="closed")


def ensure_consent(case):
    """Refuse new information unless the case is open and a team consent is in effect."""
    ensure_open(case)
    if case.team_consent() is None:
        raise ValidationError(NO_CONSENT_MESSAGE, code="no_consent")


@transaction.atomic
def raise_case(request, case, income_support):
    """Save a new case with its code and income support at raising; log the registration."""
    case.full_clean(exclude=["code"])
    check_income_support(income_support, "income_support_at_raising")
    case.code = f"new-{secrets.token_hex(6)}"
    case.save()
    case.code = f"T{case.raised_on.year}-{case.pk:05d}"
    Case.objects.filter(pk=case.pk).update(code=case.code)
    case.income_support_at_raising.set(income_support)
    access_log.record(request, case, Action.CREATE, _("aktualisering med identitetsuppgifter"))
    return case


@transaction.atomic
def record_consent(request, consent, parties):
    """Record a consent (team, SIP or follow-up) with the parties it names."""
    consent.case = Case.objects.select_for_update().get(pk=consent.case_id)
    ensure_open(consent.case)
    consent.full_clean()
    consent.save()
    consent.parties.set(parties)
    access_log.record(
        request,
        consent.case,
        Action.CREATE,
        _("samtycke: %(kind)s") % {"kind": consent.get_kind_display()},
    )
    return consent


@transaction.atomic
def withdraw_consent(request, consent, by_person, on=None):
    """Withdraw a consent at once. Withdrawing the team consent breaks off and closes the case.

    The other parties lose sight of the individual in this same transaction, open survey links
    stop working, and the retention period runs from today.
    """
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError(
            {"withdrawn_on": _("Återkallelsen kan inte dateras i framtiden.")}, code="future"
        )
    case = Case.objects.select_for_update().get(pk=consent.case_id)
    ensure_open(case)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ValidationError(_("Samtycket är redan återkallat."), code="withdrawn")
    # Recorded today even if the individual said it earlier: it takes effect from now on.
    consent.withdrawn_on = max(on, consent.given_on)
    consent.withdrawn_recorded_by = by_person
    consent.save(update_fields=["withdrawn_on", "withdrawn_recorded_by"])
    access_log.record(
        request,
        case,
        Action.CHANGE,
        _("samtycke återkallat: %(kind)s") % {"kind": consent.get_kind_display()},
    )
    if consent.kind == Consent.Kind.TEAM:
        _close(request, case, Case.ClosureReason.CONSENT_WITHDRAWN, today, note="")
    return consent


@transaction.atomic
def decline_consent(request, case):
    """The individual does not consent: close the case as broken off and keep it only anonymously.

    Name, identity number and free text go at once; birth year, gender and municipality stay
    so the case is counted, as for a protected identity.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    ensure_open(case)
    if case.team_consent() is not None:
        raise ValidationError(
            _("Det finns ett gällande samtycke. Registrera i stället att det återkallas."),
            code="consented",
        )
    _close(request, case, Case.ClosureReason.CONSENT_DECLINED, timezone.localdate(), note="")
    _strip_identity(case)
    case.save()
    access_log.record(
        request,
        case,
        Action.ERASE,
        _("samtycke lämnades inte: namn, personnummer och fritext raderade"),
    )
    return case


@transaction.atomic
def close_case(request, case, reason, closed_on, note="", exception_reason=""):
    """Close an open case with a reason; it is read-only from then on.

    `exception_reason` says why a case ended as planned lacks a step that "as planned" means
    (`Case.missing_for_planned_closure`); the closure form asks for it. Kept only for that reason.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    ensure_open(case)
    errors = {}
    today = timezone.localdate()
    if closed_on > today:
        errors["closed_on"] = _("Avslutsdatum kan inte ligga i framtiden.")
    elif closed_on < case.raised_on:
        errors["closed_on"] = _("Avslutsdatum kan inte ligga före aktualiseringen.")
    if reason in (Case.ClosureReason.CONSENT_WITHDRAWN, Case.ClosureReason.CONSENT_DECLINED):
        errors["reason"] = _(
            "Registrera återkallat eller nekat samtycke under Samtycke, så stängs ärendet rätt."
        )
    if errors:
        raise ValidationError(errors)
    if reason != Case.ClosureReason.ENDED_AS_PLANNED:
        exception_reason = ""
    _close(request, case, reason, closed_on, note, exception_reason)
    return case


def _close(request, case, reason, closed_on, note, exception_reason=""):
    case.closed_on = closed_on
    case.closure_reason = reason
    case.closure_note = note
    case.closure_exception_reason = exception_reason
    case.version += 1
    case.save()
    case.survey_links.filter(used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    access_log.record(
        request,
        case,
        Action.CHANGE,
        _("ärendet avslutat: %(reason)s") % {"reason": case.get_closure_reason_display()},
    )


# --- The participant survey's one-time link ---------------------------------------------------


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_survey_link(request, case, by_person):
    """Make a one-time survey link; returns (link, token). Only the token's hash is stored.

    Earlier unused links of the case stop working, so only one is ever out there.
    """
    case = Case.objects.select_for_update().get(pk=case.pk)
    ensure_consent(case)
    if SurveyResponse.objects.filter(case=case).exists():
        raise ValidationError(_("Enkäten är redan besvarad."), code="answered")
    now = timezone.now()
    case.survey_links.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    link = SurveyLink.objects.create(
        case=case,
        token_hash=_hash(token),
        created_by=by_person,
        expires_at=now + datetime.timedelta(days=SurveyLink.VALID_DAYS),
    )
    access_log.record(request, case, Action.CREATE, _("engångslänk till deltagarenkäten"))
    return link, token


def survey_link_for(token):
    """The usable link for `token`, or None: unknown, used, revoked and expired look the same."""
    if not token:
        return None
    link = SurveyLink.objects.select_related("case").filter(token_hash=_hash(token)).first()
    if link is None or not link.is_usable() or link.case.is_closed or hasattr(link.case, "survey"):
        return None
    return link


@transaction.atomic
def answer_survey_via_link(request, token, answers):
    """Save the individual's answers through the link and spend the link; None if not usable."""
    link = survey_link_for(token)
    if link is None:
        return None
    link = SurveyLink.objects.select_for_update().get(pk=link.pk)
    if not link.is_usable():
        return None
    response = SurveyResponse(
        case=link.case,
        answered_on=timezone.localdate(),
        source=SurveyResponse.Source.LINK,
        **answers,
    )
    response.full_clean()
    response.save()
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    access_log.record(
        request,
        link.case,
        Action.CREATE,
        _("deltagarenkät besvarad"),
        username=SURVEY_LINK_ACTOR,
    )
    return response


# --- Retention ---------------------------------------------------------------------------------


def _strip_identity(case):
    """Blank what identifies the individual on the case row itself."""
    case.personal_number = ""
    case.name = ""
    case.question = ""
    case.age_exception_reason = ""
    case.closure_note = ""
    case.closure_exception_reason = ""


@dataclasses.dataclass
class ErasureReport:
    cases: list
    dry_run: bool

    @property
    def count(self):
        return len(self.cases)


def retention_cut_off(today, months):
    """The last closing day whose retention period of `months` has run out by `today`."""
    return add_months(today, -months)


def erasable_cases(today, months):
    """Closed cases whose retention period of `months` after closure has run out."""
    return Case.objects.filter(
        closed_on__isnull=False,
        closed_on__lte=retention_cut_off(today, months),
        erased_at__isnull=True,
    )


def erase_case(case, now=None):
    """Erase personal data and free text of a closed case, keeping the anonymous record.

    Kept: team, municipality, gender, age band, priority groups, dates, income support before
    and after, survey answers, follow-up result, closure reason. Gone: identity, birth year,
    question, preparations, the mapping's and plan's text, notes, consent wording, survey links.
    """
    now = now or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.is_erased:
            return case
        if not case.is_closed:
            raise ValidationError(_("Bara avslutade ärenden kan raderas."), code="open")
        _strip_identity(case)
        case.birth_year = None
        case.erased_at = now
        case.save()
        case.preparations.all().delete()
        case.plan_steps.update(action="", benefit="")
        case.survey_links.all().delete()
        case.consents.update(information="", purpose="")
        if hasattr(case, "mapping"):
            case.mapping.health = case.mapping.work = ""
            case.mapping.social_insurance = case.mapping.social_situation = ""
            case.mapping.save()
        if hasattr(case, "follow_up"):
            case.follow_up.note = ""
            case.follow_up.save()
        access_log.record(
            None,
            case,
            Action.ERASE,
            _("gallring efter avslutat ärende: personuppgifter och fritext raderade"),
            username=_("gallring"),
            page="",
        )
    return case


def erase_due_cases(today, months, dry_run=False):
    """Erase every case due for erasure; with `dry_run`, only report what would go."""
    due = list(erasable_cases(today, months).select_related("team").order_by("closed_on", "pk"))
    if not dry_run:
        for case in due:
            erase_case(case)
    return ErasureReport(due, dry_run)
