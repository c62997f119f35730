"""The steps of a case after consent, and the individual's own survey page.

Staff pages (meeting, preparation, mapping, plan, survey, survey link, follow-up) need sight of
the individual: anyone else gets 404 (`case_to_add_to`). Recording needs
`policy.can_add_information` (an open case and a team consent in effect): otherwise every
request, GET or POST, gets a refusal page with status 403 that says why ("Ärendet är avslutat"
or "Samtycke saknas") and shows nothing about the individual; a POST never saves then. What is
already recorded stays readable on the case page.

Every page that shows the individual's data (the form, the form sent back with errors, a stale
form refused with 409) writes a read entry through `views.common`; a save writes its change
entry in the same transaction instead. Editable records are versioned, so a stale form is
refused with status 409.

The survey page behind the one-time link (`survey_answer`) needs no account and shows no
personal data, not even the case code; a link that cannot be used, for whatever reason, gets
the same page with status 410.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from samverkan.cases import policy, services
from samverkan.cases.forms.steps import (
    FollowUpForm,
    MappingForm,
    MeetingForm,
    PlanForm,
    PlanStepFormSet,
    PreparationForm,
    PublicSurveyForm,
    SurveyForm,
    team_parties,
)
from samverkan.cases.models import (
    FollowUp,
    Mapping,
    Preparation,
    SurveyLink,
    SurveyResponse,
)
from samverkan.cases.views.common import (
    case_to_add_to,
    render_case_page,
    save_or_render_case_page,
    step_refusal,
)
from samverkan.core import access_log
from samverkan.core import policy as core_policy
from samverkan.core.editing import posted

Action = access_log.Action
PLAN_MOTTO = _("Rätt insats, rätt ersättning, från rätt aktör, vid rätt tidpunkt.")


def _case_url(case):
    return reverse("cases:case", args=[case.code])


def _log_save(request, case, action, what):
    """An `after_save` writing the change to the access log in the save's transaction."""

    def after_save(saved):
        access_log.record(request, case, action, what)

    return after_save


def _step_page(request, case, form, *, template, title, what, success_message, **extra):
    """Render or save one step's form: a page shown logs the read, a save logs the change."""
    action = Action.CREATE if form.instance.pk is None else Action.CHANGE
    context = {"case": case, "title": title, "case_url": _case_url(case), **extra}
    return save_or_render_case_page(
        request,
        case,
        form,
        what=what,
        template=template,
        success_message=success_message,
        success_url=_case_url(case),
        context=context,
        after_save=_log_save(request, case, action, what),
    )


@require_http_methods(["GET", "POST"])
def meeting(request, code):
    case, refused = case_to_add_to(request, code)
    if refused:
        return refused
    form = MeetingForm(posted(request), instance=case)
    return _step_page(
        request,
        case,
        form,
        template="cases/step_meeting.html",
        title=_("Teammöte"),
        what=_("teammöte och personens deltagande"),
        success_message=_("Teammötet har sparats."),
    )


@require_http_methods(["GET", "POST"])
def preparation(request, code):
    case, refused = case_to_add_to(request, code)
    if refused:
        return refused
    party = policy.party_in_team(request.user, case.team)
    if not policy.can_prepare_for(request.user, case, party):
        return step_refusal(request, case)
    own = Preparation.objects.filter(case=case, party=party).first() or Preparation(
        case=case, party=party
    )
    own.author = core_policy.person_of(request.user)
    consent = case.team_consent()
    others = (
        Preparation.objects.filter(case=case, party__in=consent.parties.all())
        .exclude(party=party)
        .select_related("party", "author")
    )
    form = PreparationForm(posted(request), instance=own)
    return _step_page(
        request,
        case,
        form,
        template="cases/step_preparation.html",
        title=_("Förberedelse"),
        what=_("förberedelser"),
        success_message=_("Förberedelsen har sparats."),
        party=party,
        others=others,
    )


@require_http_methods(["GET", "POST"])
def mapping(request, code):
    case, refused = case_to_add_to(request, code)
    if refused:
        return refused
    instance = Mapping.objects.filter(case=case).first() or Mapping(case=case)
    instance.recorded_by = core_policy.person_of(request.user)
    form = MappingForm(posted(request), instance=instance, case=case)
    return _step_page(
        request,
        case,
        form,
        template="cases/step_mapping.html",
        title=_("Kartläggning"),
        what=_("kartläggning"),
        success_message=_("Kartläggningen har sparats."),
    )


@require_http_methods(["GET", "POST"])
def plan(request, code):
    case, refused = case_to_add_to(request, code)
    if refused:
        return refused
    data = posted(request)
    form = PlanForm(data, case=case)
    steps = PlanStepFormSet(data, instance=case, parties=team_parties(case), prefix="steps")
    steps.legend = _("Steg i planeringen")
    steps.row_name = _("steg")
    had_steps = case.plan_steps.exists()
    more = data is not None and "more" in data
    return save_or_render_case_page(
        request,
        case,
        form,
        what=_("föreslagen planering"),
        formsets=[steps],
        template="cases/step_plan.html",
        success_message=_("Planeringen har sparats."),
        success_url=reverse("cases:plan", args=[case.code]) if more else _case_url(case),
        context={
            "case": case,
            "title": _("Föreslagen planering"),
            "motto": PLAN_MOTTO,
            "case_url": _case_url(case),
        },
        after_save=_log_save(
            request,
            case,
            Action.CHANGE if had_steps else Action.CREATE,
            _("föreslagen planering"),
        ),
    )


@require_http_methods(["GET", "POST"])
def survey(request, code):
    case, refused = case_to_add_to(request, code)
    if refused:
        return refused
    answered = SurveyResponse.objects.filter(case=case).first()
    title = _("Deltagarenkät")
    if answered is not None and request.method == "GET":
        context = {
            "case": case,
            "title": title,
            "response": answered,
            "answers": answered.answers(),
            "case_url": _case_url(case),
        }
        return render_case_page(
            request, case, "cases/step_survey.html", context, what=_("deltagarenkätens svar")
        )
    instance = SurveyResponse(
        case=case,
        source=SurveyResponse.Source.PAPER,
        entered_by=core_policy.person_of(request.user),
    )
    form = SurveyForm(posted(request), instance=instance)
    now = timezone.now()
    open_link = (
        SurveyLink.objects.filter(
            case=case, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        )
        .order_by("-created_at")
        .first()
    )

    def after_save(saved):
        # Answered on paper: a link still out there must not take a second set of answers.
        case.survey_links.filter(used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        access_log.record(request, case, Action.CREATE, _("deltagarenkät registrerad från papper"))

    return save_or_render_case_page(
        request,
        case,
        form,
        what=_("deltagarenkät"),
        template="cases/step_survey.html",
        success_message=_("Enkätsvaren har sparats."),
        success_url=reverse("cases:survey", args=[case.code]),
        context={
            "case": case,
            "title": title,
            "open_link": open_link,
            "valid_days": SurveyLink.VALID_DAYS,
            "statements": SurveyResponse.STATEMENTS,
            "case_url": _case_url(case),
        },
        after_save=after_save,
    )


@never_cache
@require_POST
def survey_link(request, code):
    case, refused = case_to_add_to(request, code)
    if refused:
        return refused
    try:
        link, token = services.create_survey_link(
            request, case, core_policy.person_of(request.user)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:survey", code=case.code)
    context = {
        "case": case,
        "title": _("Engångslänk till deltagarenkäten"),
        "link": link,
        "url": request.build_absolute_uri(reverse("survey_answer", args=[token])),
        "case_url": _case_url(case),
        "survey_url": reverse("cases:survey", args=[case.code]),
    }
    response = render(request, "cases/step_survey_link.html", context)
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def follow_up(request, code):
    case, refused = case_to_add_to(request, code)
    if refused:
        return refused
    today = timezone.localdate()
    is_overdue = case.follow_up_is_overdue(today)  # asked before a new FollowUp is attached
    instance = FollowUp.objects.filter(case=case).first() or FollowUp(case=case)
    instance.recorded_by = core_policy.person_of(request.user)
    form = FollowUpForm(posted(request), instance=instance, case=case)
    return _step_page(
        request,
        case,
        form,
        template="cases/step_follow_up.html",
        title=_("Uppföljning efter sex månader"),
        what=_("uppföljning efter sex månader"),
        success_message=_("Uppföljningen har sparats."),
        due_on=case.follow_up_due_on,
        is_early=case.follow_up_due_on is None or today < case.follow_up_due_on,
        is_overdue=is_overdue,
    )


# --- The individual's page behind the one-time link -------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def survey_answer(request, token):
    """The survey for the individual: no account, no personal data, one use only."""
    response = _survey_answer_page(request, token)
    # The token is in the address: it must not travel to other sites or be indexed. Not
    # "no-referrer": Chromium then sends "Origin: null" and the CSRF check refuses the answers.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _survey_answer_page(request, token):
    if services.survey_link_for(token) is None:
        return _survey_gone(request)
    form = PublicSurveyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if services.answer_survey_via_link(request, token, form.cleaned_data) is None:
            return _survey_gone(request)
        return render(request, "cases/survey_public_thanks.html")
    return render(request, "cases/survey_public.html", {"form": form})


def _survey_gone(request):
    """Used, expired, revoked and unknown links look the same: nothing to learn from trying."""
    return render(request, "cases/survey_public_gone.html", status=410)
