"""The register extract (registerutdrag) for an individual's data-subject request.

`build_extract` gathers everything stored about the individual of one case that the user may
see: every case in the user's teams with the same identity number whose identity the user may
see (for a protected or anonymous case, that case alone), and the access log of each. Calling
it writes one EXPORT entry per included case, in the caller's transaction.

The structure, the same for the JSON and the PDF (version 1; keys are stable, new keys may be
added, none removed or renamed without raising `version`). Dates are ISO 8601 (`YYYY-MM-DD`),
times ISO 8601 in Swedish local time; a choice is `{"code": …, "label": …}` with the label in
Swedish, or null when not recorded; a person or party is named by its name.

    format            "samverkan-registerutdrag"
    version           1
    produced_at       when the extract was made
    produced_by       {"username", "name"}
    subject           {"name", "personal_number", "protected_identity", "birth_year",
                       "gender", "municipality"}
    cases             one object per case, newest first:
      code, team, federation, status, raised_on, raised_by, raising_party, question,
      protected_identity, name, personal_number, birth_year, gender, municipality,
      age_at_raising, age_band, age_exception_reason,
      priority_groups     {"young_outside_work_and_studies", "mental_ill_health", "newly_arrived"}
      income_support_at_raising   [source names]
      consents            [{"kind", "parties", "information", "purpose", "given_on", "form",
                            "obtained_by", "valid_until", "withdrawn_on",
                            "withdrawn_recorded_by"}]
      meeting             {"meeting_on", "care_units", "individual_invited", "participation",
                           "participation_mode", "follow_up_due_on"}
      preparations        [{"party", "author", "note", "updated_at"}]
      mapping             null or {"health", "work", "social_insurance", "social_situation",
                           "sip_needed", "sip_actor", "joint_mapping_needed",
                           "joint_mapping_actor", "recorded_by", "updated_at"}
      plan_steps          [{"order", "responsible_party", "action", "benefit", "planned_start"}]
      survey              null or {"answered_on", "source", "answers": [{"statement", "answer"}]}
      follow_up           null or {"followed_up_on", "plan_started", "income_support",
                           "note", "recorded_by"}
      closure             null or {"closed_on", "reason", "note", "exception_reason"}
      erased_at           when the personal data was erased, or null
      access_log          [{"at", "username", "name", "action", "what", "page"}], newest first
"""

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from samverkan.cases import policy
from samverkan.cases.models import Case
from samverkan.core import access_log
from samverkan.core.models import AccessLogEntry

FORMAT = "samverkan-registerutdrag"
VERSION = 1

EXPORT_WHAT = {
    "pdf": _("registerutdrag som PDF"),
    "json": _("registerutdrag som JSON"),
}


def cases_of_individual(user, case):
    """The cases about the same individual as `case` whose identity `user` may see."""
    if case.is_anonymous:
        candidates = Case.objects.filter(pk=case.pk)
    else:
        candidates = policy.visible_cases(user).filter(personal_number=case.personal_number)
    candidates = candidates.select_related(
        "team__federation", "raised_by", "raising_party", "municipality"
    ).prefetch_related(
        "income_support_at_raising",
        "care_units_at_meeting",
        "consents__parties",
        "consents__obtained_by",
        "consents__withdrawn_recorded_by",
        "preparations__party",
        "preparations__author",
        "plan_steps__responsible_party",
        "follow_up__income_support",
        "follow_up__recorded_by",
        "mapping__sip_actor",
        "mapping__joint_mapping_actor",
        "mapping__recorded_by",
        "survey",
    )
    return [c for c in candidates.order_by("-raised_on", "-pk") if policy.can_see_identity(user, c)]


def build_extract(request, case, kind):
    """Everything stored about the individual of `case` that the user may see, as a dict.

    Writes an EXPORT access-log entry for each included case first, so the extract lists
    its own making; call it inside a transaction with whatever delivers the extract.
    """
    cases = cases_of_individual(request.user, case)
    for included in cases:
        access_log.record(request, included, access_log.Action.EXPORT, EXPORT_WHAT[kind])
    entries = _log_entries([c.pk for c in cases])
    with translation.override("sv"):
        return {
            "format": FORMAT,
            "version": VERSION,
            "produced_at": timezone.localtime(),
            "produced_by": {
                "username": request.user.get_username(),
                "name": request.user.get_full_name(),
            },
            "subject": _subject(case),
            "cases": [_case(c, entries.get(c.pk, [])) for c in cases],
        }


def _choice(value, label):
    return {"code": value, "label": str(label)} if value not in ("", None) else None


def _name(obj):
    return str(obj) if obj is not None else None


def _subject(case):
    return {
        "name": case.name,
        "personal_number": case.personal_number,
        "protected_identity": case.protected_identity,
        "birth_year": case.birth_year,
        "gender": _choice(case.gender, case.get_gender_display()),
        "municipality": case.municipality.name,
    }


def _log_entries(case_ids):
    by_case = {}
    for entry in AccessLogEntry.objects.filter(case_id__in=case_ids).order_by("-at", "-pk"):
        by_case.setdefault(entry.case_id, []).append(
            {
                "at": timezone.localtime(entry.at),
                "username": entry.username,
                "name": entry.user_name,
                "action": _choice(entry.action, entry.get_action_display()),
                "what": entry.what,
                "page": entry.page,
            }
        )
    return by_case


def _case(case, log):
    status = case.status()
    return {
        "code": case.code,
        "team": case.team.name,
        "federation": case.team.federation.name,
        "status": _choice(status, Case.Status(status).label),
        "raised_on": case.raised_on,
        "raised_by": _name(case.raised_by),
        "raising_party": case.raising_party.name,
        "question": case.question,
        "protected_identity": case.protected_identity,
        "name": case.name,
        "personal_number": case.personal_number,
        "birth_year": case.birth_year,
        "gender": _choice(case.gender, case.get_gender_display()),
        "municipality": case.municipality.name,
        "age_at_raising": case.age_at_raising,
        "age_band": case.age_band,
        "age_exception_reason": case.age_exception_reason,
        "priority_groups": {
            "young_outside_work_and_studies": case.young_outside_work_and_studies,
            "mental_ill_health": case.mental_ill_health,
            "newly_arrived": case.newly_arrived,
        },
        "income_support_at_raising": [s.name for s in case.income_support_at_raising.all()],
        "consents": [_consent(c) for c in case.consents.all()],
        "meeting": {
            "meeting_on": case.meeting_on,
            "care_units": [unit.name for unit in case.care_units_at_meeting.all()],
            "individual_invited": case.individual_invited,
            "participation": _choice(case.participation, case.get_participation_display()),
            "participation_mode": _choice(
                case.participation_mode, case.get_participation_mode_display()
            ),
            "follow_up_due_on": case.follow_up_due_on,
        },
        "preparations": [
            {
                "party": p.party.name,
                "author": _name(p.author),
                "note": p.note,
                "updated_at": timezone.localtime(p.updated_at),
            }
            for p in case.preparations.all()
        ],
        "mapping": _mapping(getattr(case, "mapping", None)),
        "plan_steps": [
            {
                "order": step.order,
                "responsible_party": step.responsible_party.name,
                "action": step.action,
                "benefit": step.benefit,
                "planned_start": step.planned_start,
            }
            for step in case.plan_steps.all()
        ],
        "survey": _survey(getattr(case, "survey", None)),
        "follow_up": _follow_up(getattr(case, "follow_up", None)),
        "closure": {
            "closed_on": case.closed_on,
            "reason": _choice(case.closure_reason, case.get_closure_reason_display()),
            "note": case.closure_note,
            "exception_reason": case.closure_exception_reason,
        }
        if case.is_closed
        else None,
        "erased_at": timezone.localtime(case.erased_at) if case.erased_at else None,
        "access_log": log,
    }


def _consent(consent):
    return {
        "kind": _choice(consent.kind, consent.get_kind_display()),
        "parties": [party.name for party in consent.parties.all()],
        "information": consent.information,
        "purpose": consent.purpose,
        "given_on": consent.given_on,
        "form": _choice(consent.form, consent.get_form_display()),
        "obtained_by": _name(consent.obtained_by),
        "valid_until": consent.valid_until,
        "withdrawn_on": consent.withdrawn_on,
        "withdrawn_recorded_by": _name(consent.withdrawn_recorded_by),
    }


def _mapping(mapping):
    if mapping is None:
        return None
    return {
        "health": mapping.health,
        "work": mapping.work,
        "social_insurance": mapping.social_insurance,
        "social_situation": mapping.social_situation,
        "sip_needed": mapping.sip_needed,
        "sip_actor": _name(mapping.sip_actor),
        "joint_mapping_needed": mapping.joint_mapping_needed,
        "joint_mapping_actor": _name(mapping.joint_mapping_actor),
        "recorded_by": _name(mapping.recorded_by),
        "updated_at": timezone.localtime(mapping.updated_at),
    }


def _survey(survey):
    if survey is None:
        return None
    return {
        "answered_on": survey.answered_on,
        "source": _choice(survey.source, survey.get_source_display()),
        "answers": [
            {
                "statement": str(statement),
                "answer": _choice(
                    getattr(survey, field), getattr(survey, f"get_{field}_display")()
                ),
            }
            for field, statement in survey.STATEMENTS.items()
        ],
    }


def _follow_up(follow_up):
    if follow_up is None:
        return None
    return {
        "followed_up_on": follow_up.followed_up_on,
        "plan_started": _choice(follow_up.plan_started, follow_up.get_plan_started_display()),
        "income_support": [s.name for s in follow_up.income_support.all()],
        "note": follow_up.note,
        "recorded_by": _name(follow_up.recorded_by),
    }
