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
    badge: str = ""  # instead of "klart", "nästa steg" or "inte gjort", when those mislead


@dataclasses.dataclass
class ConsentStory:
    """One consent as it happened: given, and ended (withdrawn, expired, or with the case)."""

    consent: Consent
    ended_on: object  # a date, or None while the consent is in effect
    ending: str  # a Consent.Ending value, or ""

    @property
    def in_effect(self):
        return self.ended_on is None

    @property
    def ending_label(self):
        return Consent.Ending(self.ending).label if self.ending else ""


@dataclasses.dataclass
class Timeline:
    steps: list
    next_key: str  # the step the case waits for; "" when closed
    next_label: str
    next_link: Link | None
    team_consent: Consent | None
    missing_preparations: list  # parties named in the team consent without a preparation
    consents: list  # a ConsentStory for each consent, in the order they were given


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


def consent_stories(case, today):
    """[ConsentStory] for each of the case's consents, as of `today`."""
    stories = []
    for consent in case.consents.all():
        ended_on, ending = consent.ending(today)
        stories.append(ConsentStory(consent, ended_on, ending or ""))
    return stories


def _last_team_consent(case):
    team_consents = [c for c in case.consents.all() if c.kind == Consent.Kind.TEAM]
    return team_consents[-1] if team_consents else None


def _consent_step_state(case, team_consent):
    """(done, badge) of the consent step.

    Done while a team consent is in effect, and on a closed case that had one: the consent
    was given even though it has ended. A consent that ran out on an open case is not done,
    since a new one is needed before anything more is added.
    """
    if team_consent is not None:
        return True, ""
    if case.is_closed:
        if _last_team_consent(case) is not None:
            return True, ""
        if case.closure_reason == case.ClosureReason.CONSENT_DECLINED:
            return False, _("lämnades inte")
    return False, ""


def build(case, user, today):
    """The timeline of `case` as `user` may act on it today.

    Expects a case fetched with its consents (and their parties), preparations, plan steps,
    mapping, survey and follow-up, as the case page does. Only for a user who sees who the
    individual is (`policy.can_see_identity`): it tells everything recorded.
    """
    team_consent = case.team_consent(today)
    consent_done, consent_badge = _consent_step_state(case, team_consent)
    # A closed case's preparations are told against the team consent it last had.
    named_by = team_consent or (_last_team_consent(case) if case.is_closed else None)
    prepared = {preparation.party_id for preparation in case.preparations.all()}
    missing = (
        [party for party in named_by.parties.all() if party.pk not in prepared] if named_by else []
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
        Step(
            "consent",
            STEP_TITLES["consent"],
            consent_done,
            links=consent_links,
            badge=consent_badge,
        ),
        Step(
            "meeting",
            STEP_TITLES["meeting"],
            case.meeting_on is not None and case.meeting_on <= today,
            links=_links_for("meeting", case, may_add, _("Ange teammöte och deltagande")),
        ),
        Step(
            "preparation",
            STEP_TITLES["preparation"],
            named_by is not None and not missing,
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
    return Timeline(
        steps, key, label, next_link, team_consent, missing, consent_stories(case, today)
    )


def _links_for(name, case, allowed, label):
    return [Link(label, _url(name, case))] if allowed else []
