"""What the access matrix needs besides its table: the case in each state, what a valid form
submission for each page looks like, a snapshot of everything stored about a case (to show a
refused POST changed nothing), the personal data to look for in a response, and the links a
page offers.
"""

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from samverkan.cases import services
from samverkan.cases.forms.closure import reasons_for
from samverkan.cases.forms.steps import plan_fingerprint
from samverkan.cases.models import (
    Case,
    Consent,
    FollowUp,
    IncomeSupportSource,
    Mapping,
    PlanStep,
    Preparation,
    SurveyLink,
    SurveyResponse,
)
from samverkan.core.models import AccessLogEntry
from tests.factories import identity_number, make_case, request_as

# The individual. Everything below is personal data: none of it may reach a user who may not
# see who the individual is, and every response that shows any of it must be in the access log.
BIRTH = "19850314"
NUMBER = identity_number(BIRTH, serial=417)
NAME = "Vilma Zetterqvist"
QUESTION = "Frågeställning Qx7: vilket stöd behöver Vilma för att börja arbeta igen?"
PREPARATION_NOTE = "Förberedelse Qx7 från Regionen: sjukskriven sedan i våras."
NUMBER_FORMS = (
    NUMBER,  # twelve digits
    f"{NUMBER[:8]}-{NUMBER[8:]}",  # YYYYMMDD-NNNN
    NUMBER[2:],  # ten digits
    f"{NUMBER[2:8]}-{NUMBER[8:]}",  # YYMMDD-NNNN
)
PERSONAL_DATA = (*NUMBER_FORMS, NAME, QUESTION, PREPARATION_NOTE)

# The states a case is seen in.
BEFORE = "before consent"
CONSENTED = "team consent for FK, AF and the Region"
CLOSED = "closed"
WITHDRAWN = "team consent withdrawn"


def build_case(w, state):
    """The case FK raised in the Alby team, brought to `state` through the services."""
    today = timezone.localdate()
    case = make_case(w.team, w.fk_officer, personal_number=NUMBER, name=NAME, question=QUESTION)
    if state == BEFORE:
        return case
    consent = services.record_consent(
        request_as(w.fk_user),
        Consent(
            case=case,
            kind=Consent.Kind.TEAM,
            obtained_by=w.fk_officer,
            information="Uppgifter om hälsa, arbetsförmåga och försörjning.",
            purpose="Samverkan i Trisam-teamet.",
            given_on=case.raised_on + datetime.timedelta(days=7),
            form=Consent.Form.WRITTEN,
        ),
        [w.fk, w.af, w.region],
    )
    case.meeting_on = today - datetime.timedelta(days=10)
    case.individual_invited = True
    case.save()
    Preparation.objects.create(case=case, party=w.region, author=w.rehab, note=PREPARATION_NOTE)
    if state == CLOSED:
        services.close_case(request_as(w.fk_user), case, Case.ClosureReason.ENDED_AS_PLANNED, today)
    elif state == WITHDRAWN:
        services.withdraw_consent(request_as(w.fk_user), consent, w.fk_officer)
    case.refresh_from_db()
    return case


def team_consent_of(case):
    return case.consents.filter(kind=Consent.Kind.TEAM).order_by("-pk").first()


def case_url(page, case):
    """The address of `page` for `case`, or None where the page needs an object there is none of."""
    kwargs = {"code": case.code}
    if page == "consent_withdraw":
        consent = team_consent_of(case)
        if consent is None:
            return None
        kwargs["consent_pk"] = consent.pk
    return reverse(f"cases:{page}", kwargs=kwargs)


# --- Valid submissions: what the page's form would send if its user filled it in ---------------


def iso_day(offset=0):
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def _version(obj):
    return obj.version if obj is not None else ""


def valid_post(page, case, w, user):
    """A submission the page accepts from someone allowed to make it."""
    case.refresh_from_db()
    party = {w.fk_user: w.fk, w.af_user: w.af, w.rehab_user: w.region}.get(user, w.fk)
    sources = list(
        IncomeSupportSource.objects.filter(code="sjukpenning").values_list("pk", flat=True)
    )
    if page == "edit_raising":
        return {
            "version": case.version,
            "raised_on": case.raised_on.isoformat(),
            "personal_number": f"{NUMBER[:8]}-{NUMBER[8:]}",
            "name": NAME,
            "gender": case.gender,
            "municipality": case.municipality_id,
            "income_support_at_raising": sources,
            "question": QUESTION + " Ändrad.",
        }
    if page == "consent_add":
        return {
            "kind": Consent.Kind.TEAM,
            "parties": [w.fk.pk, w.af.pk, w.region.pk, w.alby_party.pk],
            "information": "Uppgifter om hälsa och försörjning.",
            "purpose": "Samverkan i Trisam-teamet.",
            "given_on": iso_day(),
            "form": Consent.Form.WRITTEN,
            "valid_until": "",
        }
    if page == "consent_withdraw":
        return {"withdrawn_on": iso_day()}
    if page == "consent_declined":
        return {"confirm": "yes", "note": ""}
    if page == "close":
        # The matrix's cases have no team meeting or plan: closing as planned needs the reason.
        return {
            "reason": reasons_for(case)[0].value,
            "closed_on": iso_day(),
            "exception_reason": "Teamet möttes utanför systemet.",
            "note": "",
        }
    if page == "meeting":
        return {
            "version": case.version,
            "meeting_on": iso_day(-3),
            "individual_invited": "yes",
            "participation": Case.Participation.TOOK_PART,
            "participation_mode": Case.ParticipationMode.IN_PERSON,
        }
    if page == "preparation":
        own = Preparation.objects.filter(case=case, party=party).first()
        return {"version": _version(own), "note": "Vår förberedelse inför mötet."}
    if page == "mapping":
        return {
            "version": _version(Mapping.objects.filter(case=case).first()),
            "health": "Behöver stöd av vården.",
            "work": "Kan arbeta deltid.",
            "social_insurance": "Sjukpenning.",
            "social_situation": "Bor ensam.",
            "sip_needed": "no",
            "sip_actor": "",
            "joint_mapping_needed": "yes",
            "joint_mapping_actor": w.af.pk,
        }
    if page == "plan":
        return {
            "plan_version": plan_fingerprint(case),
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000",
            "steps-0-responsible_party": w.af.pk,
            "steps-0-action": "Arbetsträning fyra timmar om dagen.",
            "steps-0-benefit": "Aktivitetsstöd",
            "steps-0-planned_start": iso_day(7),
        }
    if page == "survey":
        return {
            "took_part_in_planning": 4,
            "felt_involved": 3,
            "plan_fits": 4,
            "answered_on": iso_day(),
        }
    if page == "survey_link":
        return {}
    if page == "follow_up":
        return {
            "version": "",
            "followed_up_on": iso_day(),
            "plan_started": FollowUp.PlanStarted.YES,
            "income_support": sources,
            "note": "Uppföljd tidigt: personen har börjat arbetsträna.",
        }
    raise AssertionError(f"no submission for {page}")


def valid_raise_post(w):
    """A new case for the raise page; the number differs from the matrix case's."""
    sources = list(IncomeSupportSource.objects.filter(code="lon").values_list("pk", flat=True))
    number = identity_number("19900101", serial=123)
    return {
        "raised_on": iso_day(),
        "personal_number": f"{number[:8]}-{number[8:]}",
        "name": "Nils Nyström",
        "gender": "man",
        "municipality": w.alby.pk,
        "income_support_at_raising": sources,
        "question": "Behöver stöd att hitta arbete.",
    }


# --- What is stored about a case ----------------------------------------------------------------


def snapshot(case):
    """Everything a step can change about `case`, plus the number of cases and of change entries."""
    pk = case.pk
    return {
        "cases": Case.objects.count(),
        "case": Case.objects.filter(pk=pk).values().first(),
        "income_at_raising": sorted(
            Case.income_support_at_raising.through.objects.filter(case_id=pk).values_list(
                "incomesupportsource_id", flat=True
            )
        ),
        "consents": list(Consent.objects.filter(case_id=pk).order_by("pk").values()),
        "consent_parties": sorted(
            Consent.parties.through.objects.filter(consent__case_id=pk).values_list(
                "consent_id", "party_id"
            )
        ),
        "preparations": list(Preparation.objects.filter(case_id=pk).order_by("pk").values()),
        "mapping": list(Mapping.objects.filter(case_id=pk).values()),
        "plan": list(PlanStep.objects.filter(case_id=pk).order_by("pk").values()),
        "survey": list(SurveyResponse.objects.filter(case_id=pk).values()),
        "survey_links": list(SurveyLink.objects.filter(case_id=pk).order_by("pk").values()),
        "follow_up": list(FollowUp.objects.filter(case_id=pk).values()),
        "follow_up_income": sorted(
            FollowUp.income_support.through.objects.filter(followup__case_id=pk).values_list(
                "incomesupportsource_id", flat=True
            )
        ),
        "change_entries": AccessLogEntry.objects.exclude(
            action__in=(
                AccessLogEntry.Action.READ,
                AccessLogEntry.Action.EXPORT,
                AccessLogEntry.Action.SEARCH,
            )
        ).count(),
    }


def changed_parts(before, after):
    return sorted(key for key in before if before[key] != after[key])


def read_entries(case, user):
    """Entries saying `user` read (or took an extract of) the case's personal data."""
    return AccessLogEntry.objects.filter(
        case_id=case.pk,
        user=user,
        action__in=(AccessLogEntry.Action.READ, AccessLogEntry.Action.EXPORT),
    ).count()


def change_entries(case, user):
    return AccessLogEntry.objects.filter(
        case_id=case.pk,
        user=user,
        action__in=(
            AccessLogEntry.Action.CREATE,
            AccessLogEntry.Action.CHANGE,
            AccessLogEntry.Action.ERASE,
        ),
    ).count()


# --- What a response shows ----------------------------------------------------------------------


def response_text(response):
    """The body (streamed or not) and every header, as one text to search."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    return body.decode("utf-8", errors="replace") + "\n" + headers


def personal_data_in(response):
    """Which pieces of the individual's personal data the response contains."""
    text = response_text(response)
    return [item for item in PERSONAL_DATA if item in text]


def is_sign_in_redirect(response):
    return response.status_code == 302 and urlsplit(response.url).path == reverse("login")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.targets.append(attrs["href"])
        elif tag == "form" and attrs.get("action"):
            self.targets.append(attrs["action"])
        elif tag == "button" and attrs.get("formaction"):
            self.targets.append(attrs["formaction"])


def case_pages_linked(response, case):
    """The case pages of `case` that a page links to or posts to, by URL name."""
    parser = _Links()
    parser.feed(response.content.decode())
    pages = set()
    for target in parser.targets:
        try:
            match = resolve(urlsplit(target).path)
        except Resolver404:
            continue
        if match.namespace == "cases" and match.kwargs.get("code") == case.code:
            pages.add(match.url_name)
    return pages
