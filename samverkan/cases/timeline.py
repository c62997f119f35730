"""The case page as a timeline: each step of the flow, what is recorded, and the next action.

Which links a user gets comes from `cases.policy`; this module only arranges the steps in the
order of the flow and names the step the case waits for.
"""

import dataclasses

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from samverkan.cases import policy
from samverkan.cases.models import Consent


@dataclasses.dataclass
class Link:
    label: str
    url: str
    post: bool = False  # a button in a small form, for actions that change something


@dataclasses.dataclass
class Step:
    key: str
    title: str
    done: bool
    is_next: bool = False
    links: list = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Timeline:
    steps: list
    next_key: str  # the step the case waits for; "" when closed
    next_label: str
    next_link: Link | None
    team_consent: Consent | None
    missing_preparations: list  # parties named in the team consent without a preparation


STEP_TITLES = {
    "raising": _("Aktualisering"),
    "consent": _("Samtycke"),
    "meeting": _("Teammöte"),
    "preparation": _("Förberedelser"),
    "mapping": _("Gemensam kartläggning"),
    "plan": _("Föreslagen planering"),
    "survey": _("Deltagarenkät"),
    "follow_up": _("Uppföljning efter sex månader"),
    "closure": _("Avslut"),
}


def _url(name, case, *args):
    return reverse(f"cases:{name}", args=[case.code, *args])


def _date(day):
    return formats.date_format(day, "j F Y")


def next_step(case, today, team_consent, missing_preparations):
    """(step key, label) of what the case waits for; ("", "") when it is closed."""
    if case.is_closed:
        return "", ""
    if team_consent is None:
        return "consent", _("registrera samtycke")
    if case.meeting_on is None:
        return "meeting", _("sätt datum för teammötet")
    if case.meeting_on > today:
        if missing_preparations:
            return "preparation", _("förbered inför teammötet den %(date)s") % {
                "date": _date(case.meeting_on)
            }
        return "meeting", _("teammöte den %(date)s") % {"date": _date(case.meeting_on)}
    if not hasattr(case, "mapping"):
        return "mapping", _("gör den gemensamma kartläggningen")
    if not case.plan_steps.all():
        return "plan", _("föreslå planering")
    if not hasattr(case, "survey"):
        return "survey", _("registrera deltagarenkäten")
    if not hasattr(case, "follow_up"):
        return "follow_up", _("följ upp senast %(date)s") % {"date": _date(case.follow_up_due_on)}
    return "closure", _("avsluta ärendet")


def build(case, user, today):
    """The timeline of `case` as `user` may act on it today.

    Expects a case fetched with its consents (and their parties), preparations, plan steps,
    mapping, survey and follow-up, as the case page does.
    """
    team_consent = case.team_consent(today)
    prepared = {preparation.party_id for preparation in case.preparations.all()}
    missing = (
        [party for party in team_consent.parties.all() if party.pk not in prepared]
        if team_consent
        else []
    )
    own_party = policy.party_in_team(user, case.team_id)
    may_add = policy.can_add_information(user, case)
    open_case = not case.is_closed

    raising_links = []
    if policy.can_edit_raising(user, case):
        raising_links.append(Link(_("Ändra aktualiseringen"), _url("edit_raising", case)))

    consent_links = []
    if open_case and policy.can_see_identity(user, case):
        consent_links.append(Link(_("Registrera samtycke"), _url("consent_add", case)))
    if policy.can_record_declined_consent(user, case):
        consent_links.append(
            Link(_("Personen lämnar inte samtycke"), _url("consent_declined", case))
        )

    preparation_links = []
    if own_party is not None and policy.can_prepare_for(user, case, own_party):
        label = (
            _("Ändra förberedelsen för %(party)s")
            if own_party.pk in prepared
            else _("Skriv förberedelse för %(party)s")
        )
        preparation_links.append(
            Link(label % {"party": own_party.label}, _url("preparation", case))
        )

    survey_links = []
    if may_add and not hasattr(case, "survey"):
        survey_links = [
            Link(_("Registrera svar från papper"), _url("survey", case)),
            Link(_("Skapa engångslänk till enkäten"), _url("survey_link", case), post=True),
        ]

    closure_links = []
    if policy.can_withdraw_or_close(user, case):
        closure_links.append(Link(_("Avsluta ärendet"), _url("close", case)))

    steps = [
        Step("raising", STEP_TITLES["raising"], True, links=raising_links),
        Step("consent", STEP_TITLES["consent"], team_consent is not None, links=consent_links),
        Step(
            "meeting",
            STEP_TITLES["meeting"],
            case.meeting_on is not None and case.meeting_on <= today,
            links=_links_for("meeting", case, may_add, _("Ange teammöte och deltagande")),
        ),
        Step(
            "preparation",
            STEP_TITLES["preparation"],
            team_consent is not None and not missing,
            links=preparation_links,
        ),
        Step(
            "mapping",
            STEP_TITLES["mapping"],
            hasattr(case, "mapping"),
            links=_links_for(
                "mapping",
                case,
                may_add,
                _("Ändra kartläggningen")
                if hasattr(case, "mapping")
                else _("Registrera kartläggningen"),
            ),
        ),
        Step(
            "plan",
            STEP_TITLES["plan"],
            bool(case.plan_steps.all()),
            links=_links_for(
                "plan",
                case,
                may_add,
                _("Ändra planeringen") if case.plan_steps.all() else _("Föreslå planering"),
            ),
        ),
        Step("survey", STEP_TITLES["survey"], hasattr(case, "survey"), links=survey_links),
        Step(
            "follow_up",
            STEP_TITLES["follow_up"],
            hasattr(case, "follow_up"),
            links=_links_for(
                "follow_up",
                case,
                may_add,
                _("Ändra uppföljningen")
                if hasattr(case, "follow_up")
                else _("Registrera uppföljningen"),
            ),
        ),
        Step("closure", STEP_TITLES["closure"], case.is_closed, links=closure_links),
    ]
    key, label = next_step(case, today, team_consent, missing)
    next_link = None
    for step in steps:
        if step.key == key:
            step.is_next = True
            if step.links and not step.links[0].post:
                next_link = step.links[0]
    return Timeline(steps, key, label, next_link, team_consent, missing)


def _links_for(name, case, allowed, label):
    return [Link(label, _url(name, case))] if allowed else []
