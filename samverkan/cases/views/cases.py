"""The case officer's pages: start, team list, search, raising, the case page, consent, closure.

Each view loads what its URL names through `views.common`, asks `cases.policy` who may do what,
changes cases only through `cases.services`, and renders every page that shows personal data
through `views.common`'s helpers, which write its read entry in the access log.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from samverkan.cases import policy, services, timeline
from samverkan.cases.forms.closure import ClosureForm
from samverkan.cases.forms.consent import ConsentForm, WithdrawalForm
from samverkan.cases.forms.lists import CaseFilterForm, SearchForm
from samverkan.cases.forms.raising import RaisingForm
from samverkan.cases.models import Case, Consent, PlanStep, Preparation
from samverkan.cases.views.common import (
    case_for,
    case_to_change,
    consent_to_withdraw,
    log_reads,
    render_case_page,
    save_or_render_case_page,
    team_for,
    team_to_raise_in,
)
from samverkan.core import access_log
from samverkan.core import policy as core_policy
from samverkan.core.editing import posted
from samverkan.structure.models import Party

DUE_SOON_DAYS = 30
NAME_IN_LIST = _("namn i ärendelistan")
SEARCH_HIT = _("sökning på personnummer: träff")
SEARCH_MISS = _("sökning på personnummer: ingen träff")


# --- Helpers ------------------------------------------------------------------------------------


def _list_queryset(cases):
    """Cases with what a list shows and the consent rules ask, without a query per case."""
    return cases.select_related("team", "raising_party", "follow_up").prefetch_related(
        Prefetch("consents", queryset=Consent.objects.prefetch_related("parties")),
        "plan_steps",
        "preparations",
    )


def _full_case(case):
    """The case again, with every step the case page shows."""
    return (
        Case.objects.select_related(
            "team__federation",
            "raising_party",
            "municipality",
            "raised_by",
            "mapping__sip_actor",
            "mapping__joint_mapping_actor",
            "mapping__recorded_by",
            "survey__entered_by",
            "follow_up__recorded_by",
        )
        .prefetch_related(
            Prefetch(
                "consents",
                queryset=Consent.objects.select_related(
                    "obtained_by", "withdrawn_recorded_by"
                ).prefetch_related("parties"),
            ),
            Prefetch(
                "preparations",
                queryset=Preparation.objects.select_related("party", "author"),
            ),
            Prefetch("plan_steps", queryset=PlanStep.objects.select_related("responsible_party")),
            "income_support_at_raising",
            "care_units_at_meeting",
            "follow_up__income_support",
        )
        .get(pk=case.pk)
    )


def _team_parties_present(team, case, day):
    """The parties with a case seat in the team on `day`, and always the raising party."""
    seated = policy.parties_with_case_seats(team, day)
    return Party.objects.filter(Q(pk__in=seated.values("pk")) | Q(pk=case.raising_party_id))


def _status_label(case, today):
    return Case.Status(case.status(today)).label


def _row(user, case, today):
    """One case of a list; the name only where the user may see who the individual is."""
    may_see = policy.can_see_identity(user, case)
    if case.is_erased:
        note = _("Personuppgifterna är raderade")
    elif case.protected_identity and may_see:
        note = _("Skyddade personuppgifter")
    elif case.closure_reason == Case.ClosureReason.CONSENT_DECLINED:
        note = _("Anonymt, samtycke lämnades inte")
    else:
        note = _("Uppgifter visas efter samtycke")
    return {
        "case": case,
        "name": case.name if may_see else "",
        "identity_note": note,
        "status": _status_label(case, today),
        "overdue": case.follow_up_is_overdue(today),
    }


# --- Start page and lists -----------------------------------------------------------------------


def start(request):
    """What needs the case officer in each of their teams."""
    seats = policy.team_parties(request.user)
    if not seats:
        return render(request, "cases/start.html", {"teams": []})
    today = timezone.localdate()
    due_by = today + datetime.timedelta(days=DUE_SOON_DAYS)
    open_cases = list(_list_queryset(policy.visible_cases(request.user).open()))
    teams = []
    for team in policy.case_teams(request.user).select_related("unit").order_by("name"):
        party = seats[team.pk]
        cases = [case for case in open_cases if case.team_id == team.pk]
        awaiting_consent, preparation_missing, follow_up_due, awaiting_plan = [], [], [], []
        for case in cases:
            consent = case.team_consent(today)
            if consent is None:
                if case.raising_party_id == party.pk:
                    awaiting_consent.append(case)
                continue
            named = any(p.pk == party.pk for p in consent.parties.all())
            prepared = any(p.party_id == party.pk for p in case.preparations.all())
            if named and case.meeting_on and case.meeting_on >= today and not prepared:
                preparation_missing.append(case)
            if (
                case.follow_up_due_on
                and case.follow_up_due_on <= due_by
                and not hasattr(case, "follow_up")
            ):
                follow_up_due.append(case)
            if case.status(today) == Case.Status.AWAITING_PLAN:
                awaiting_plan.append(case)
        awaiting_consent_title = _("Väntar på samtycke, aktualiserade av %(party)s") % {
            "party": party.label
        }
        teams.append(
            {
                "team": team,
                "party": party,
                "open_count": len(cases),
                "sections": [
                    (title, [_row(request.user, case, today) for case in found])
                    for title, found in (
                        (awaiting_consent_title, awaiting_consent),
                        (_("Förberedelse saknas inför teammöte"), preparation_missing),
                        (_("Uppföljning inom 30 dagar eller försenad"), follow_up_due),
                        (_("Väntar på kartläggning och planering"), awaiting_plan),
                    )
                ],
            }
        )
    return render(request, "cases/start.html", {"teams": teams, "today": today})


def listed_rows(request, cases, today):
    """The rows of a list of `cases` for `_list_cases.html`: a name only where the user may see
    who the individual is, and each name shown written to the access log."""
    rows = [_row(request.user, case, today) for case in _list_queryset(cases)]
    log_reads(request, [row["case"] for row in rows if row["name"]], NAME_IN_LIST)
    return rows


def team_cases(request, team_pk):
    """The team's cases; names only where the user may see who the individual is."""
    team, party = team_for(request, team_pk)
    today = timezone.localdate()
    filter_form = CaseFilterForm(request.GET or None, team=team)
    chosen = filter_form.cleaned_data if filter_form.is_valid() else {}
    status = chosen.get("status") or "open"
    cases = Case.objects.filter(team=team)
    if status == "open":
        cases = cases.open()
    elif status == "closed":
        cases = cases.closed()
    elif status == "follow_up_due":
        cases = cases.follow_up_due_by(today + datetime.timedelta(days=DUE_SOON_DAYS))
    if chosen.get("meeting_on"):
        cases = cases.filter(meeting_on=chosen["meeting_on"])
    if chosen.get("raising_party"):
        cases = cases.filter(raising_party=chosen["raising_party"])
    rows = listed_rows(request, cases, today)
    context = {
        "team": team,
        "party": party,
        "filter_form": filter_form,
        "status_label": dict(CaseFilterForm.STATUS_CHOICES)[status],
        "rows": rows,
        "today": today,
    }
    return render(request, "cases/team_cases.html", context)


@sensitive_post_parameters("personal_number")
def search(request):
    """Exact search by identity number among the cases whose individual the user may see."""
    form = SearchForm(posted(request))
    results = None
    if request.method == "POST" and form.is_valid():
        found = _list_queryset(
            policy.visible_cases(request.user).filter(
                personal_number=form.cleaned_data["personal_number"]
            )
        )
        results = [case for case in found if policy.can_see_identity(request.user, case)]
        for case in results or [None]:
            what = SEARCH_HIT if case is not None else SEARCH_MISS
            access_log.record(request, case, access_log.Action.SEARCH, what)
        form = SearchForm()
    today = timezone.localdate()
    rows = [_row(request.user, case, today) for case in results or []]
    return render(request, "cases/search.html", {"form": form, "results": results, "rows": rows})


# --- Raising ------------------------------------------------------------------------------------


@sensitive_post_parameters("personal_number")
def raise_case(request, team_pk):
    """Raise a case on behalf of the user's party in the team."""
    team, party = team_to_raise_in(request, team_pk)
    case = Case(team=team, raised_by=core_policy.person_of(request.user), raising_party=party)
    form = RaisingForm(posted(request), instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.raise_case(
                request, form.instance, form.cleaned_data["income_support_at_raising"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Ärendet %(code)s har registrerats.") % {"code": case.code})
            _warn_about_open_duplicates(request, case)
            return redirect(case)
    context = {
        "form": form,
        "title": _("Nytt ärende i %(team)s") % {"team": team.name},
        "team": team,
        "party": party,
        "cancel_url": reverse("cases:team", args=[team.pk]),
    }
    # Sent back, the form shows again who the individual is: a read, of a case not yet saved.
    return render_case_page(
        request,
        None,
        "cases/raise_form.html",
        context,
        what=_("aktualisering som inte sparades: formuläret visat igen med uppgifterna"),
        blank_form=form,
    )


def _warn_about_open_duplicates(request, case):
    """Name other open cases of the same individual in the team that the user may see."""
    if not case.personal_number:
        return
    others = _list_queryset(
        Case.objects.open()
        .filter(team=case.team, personal_number=case.personal_number)
        .exclude(pk=case.pk)
    )
    codes = [other.code for other in others if policy.can_see_identity(request.user, other)]
    if codes:
        messages.warning(
            request,
            _("Det finns redan ett öppet ärende för samma person i teamet: %(codes)s.")
            % {"codes": ", ".join(codes)},
        )


@sensitive_post_parameters("personal_number")
def edit_raising(request, code):
    """The raising party corrects the raising details; a stale form is refused with 409."""
    case, refused = case_to_change(request, code, policy.can_edit_raising)
    if refused:
        return refused
    form = RaisingForm(posted(request), instance=case)

    def log_change(saved):
        changed = ", ".join(str(form.fields[name].label).lower() for name in form.changed_data)
        access_log.record(
            request,
            saved,
            access_log.Action.CHANGE,
            _("aktualiseringen ändrad: %(fields)s") % {"fields": changed or "-"},
        )

    return save_or_render_case_page(
        request,
        case,
        form,
        what=_("aktualiseringen (formulär för ändring)"),
        template="cases/raise_form.html",
        success_message=_("Aktualiseringen av %(object)s har sparats."),
        context={
            "title": _("Ändra aktualiseringen av %(code)s") % {"code": case.code},
            "case": case,
            "cancel_url": case.get_absolute_url(),
        },
        after_save=log_change,
    )


# --- The case page ------------------------------------------------------------------------------


def case_detail(request, code):
    """The case as a timeline of its steps with the next action named at the top."""
    case = case_for(request, code)
    today = timezone.localdate()
    may_see = policy.can_see_identity(request.user, case)
    context = {"case": case, "today": today, "may_see": may_see}
    if not may_see:
        context["status"] = _status_label(case, today)
        return render(request, "cases/case_detail.html", context)
    case = _full_case(case)
    steps = timeline.build(case, request.user, today)
    sections = _sections_shown(case)
    context.update(
        case=case,
        status=_status_label(case, today),
        timeline=steps,
        can_withdraw=policy.can_withdraw_or_close(request.user, case),
        follow_up_overdue=case.follow_up_is_overdue(today),
        personal_number=_formatted(case.personal_number),
        survey_answers=case.survey.answers() if hasattr(case, "survey") else [],
    )
    return render_case_page(
        request,
        case,
        "cases/case_detail.html",
        context,
        what=_("ärendesidan: %(sections)s") % {"sections": ", ".join(sections)},
    )


def _formatted(digits):
    return f"{digits[:8]}-{digits[8:]}" if digits else ""


def _sections_shown(case):
    sections = [str(_("aktualisering med identitetsuppgifter"))]
    for shown, label in (
        (case.consents.all(), _("samtycken")),
        (case.meeting_on, _("teammöte")),
        (case.preparations.all(), _("förberedelser")),
        (hasattr(case, "mapping"), _("kartläggning")),
        (case.plan_steps.all(), _("planering")),
        (hasattr(case, "survey"), _("deltagarenkät")),
        (hasattr(case, "follow_up"), _("uppföljning")),
        (case.is_closed, _("avslut")),
    ):
        if shown:
            sections.append(str(label))
    return sections


# --- Consent ------------------------------------------------------------------------------------


def consent_add(request, code):
    """Record a consent: for the team (raising party only), a SIP or the follow-up."""
    case, refused = case_to_change(request, code)
    if refused:
        return refused
    today = timezone.localdate()
    kinds = [Consent.Kind.SIP, Consent.Kind.FOLLOW_UP]
    has_team_consent = case.team_consent(today) is not None
    if policy.can_record_team_consent(request.user, case) and not has_team_consent:
        kinds.insert(0, Consent.Kind.TEAM)
    consent = Consent(case=case, obtained_by=core_policy.person_of(request.user))
    form = ConsentForm(
        posted(request),
        instance=consent,
        kinds=kinds,
        parties=_team_parties_present(case.team, case, today),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_consent(request, form.instance, form.cleaned_data["parties"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Samtycket har registrerats: %(kind)s.")
                % {"kind": form.instance.get_kind_display()},
            )
            return redirect(case)
    context = {"case": case, "form": form, "has_team_consent": has_team_consent}
    return render_case_page(
        request,
        case,
        "cases/consent_form.html",
        context,
        what=_("samtycke: formuläret visat igen med uppgifterna"),
        blank_form=form,
    )


def consent_withdraw(request, code, consent_pk):
    """Record that the individual withdrew a consent; the team consent's closes the case."""
    case, consent, refused = consent_to_withdraw(request, code, consent_pk)
    if refused:
        return refused
    if consent.withdrawn_on is not None:
        messages.info(request, _("Samtycket är redan återkallat."))
        return redirect(case)
    today = timezone.localdate()
    form = WithdrawalForm(posted(request), initial={"withdrawn_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_consent(
                request,
                consent,
                core_policy.person_of(request.user),
                on=form.cleaned_data["withdrawn_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if consent.kind == Consent.Kind.TEAM:
                messages.success(
                    request,
                    _(
                        "Samtycket är återkallat. Ärendet är avslutat som avbrutet och de andra "
                        "parterna ser inte längre uppgifter om personen."
                    ),
                )
            else:
                messages.success(request, _("Samtycket är återkallat."))
            return redirect(case)
    context = {"case": case, "consent": consent, "form": form}
    return render_case_page(
        request,
        case,
        "cases/consent_withdraw.html",
        context,
        what=_("samtycke att återkalla: %(kind)s") % {"kind": consent.get_kind_display()},
    )


def consent_declined(request, code):
    """The individual does not consent: close the case, keep it only as an anonymous count."""
    case, refused = case_to_change(request, code, policy.can_record_declined_consent)
    if refused:
        return refused
    if request.method == "POST":
        services.decline_consent(request, case)
        messages.success(
            request,
            _(
                "Ärendet är avslutat. Personen lämnade inte samtycke, så ärendet finns bara kvar "
                "som en anonym räkning: namn, personnummer och fritext är raderade."
            ),
        )
        return redirect(case)
    return render(request, "cases/consent_declined.html", {"case": case})


# --- Closure ------------------------------------------------------------------------------------


def close(request, code):
    """Close an open case with a reason; it is read-only from then on."""
    case, refused = case_to_change(request, code, policy.can_withdraw_or_close)
    if refused:
        return refused
    form = ClosureForm(posted(request), case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_case(
                request,
                case,
                form.cleaned_data["reason"],
                form.cleaned_data["closed_on"],
                form.cleaned_data["note"],
                form.cleaned_data["exception_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Ärendet %(code)s är avslutat och kan inte längre ändras.") % {"code": case.code},
            )
            return redirect(case)
    return render_case_page(
        request,
        case,
        "cases/close_form.html",
        {"case": case, "form": form},
        what=_("avslut: formuläret visat igen med uppgifterna"),
        blank_form=form,
    )
