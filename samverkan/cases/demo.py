"""Demo cases: invented individuals in every state of the Trisam flow, for trying the product.

Every case is marked `is_demo` and made through `cases.services` as in real use, so case codes
and access-log entries come out as they would; the steps that have no service (meeting,
preparation, mapping, plan, survey on paper, follow-up) are saved here with their log entry in
the same transaction, as the pages do. Identity numbers are invented, with serials from the
980–999 series and valid check digits. Dates are counted back from `today`, so the demo looks
the same whenever it is loaded. The cases need the structure demo (`structure.demo`): they
sit in its Trisam teams and are raised by its people. Where the meetings demo
(`meetings.demo`, loaded first) has a meeting of the team near a case's meeting day, the case
is put on that meeting and takes its date. A förbund that already has demo cases gets nothing
new, so loading twice creates nothing.
"""

import dataclasses
import datetime

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.cases import services
from samverkan.cases.identity import luhn_check_digit
from samverkan.cases.models import (
    Case,
    Consent,
    FollowUp,
    Gender,
    IncomeSupportSource,
    Mapping,
    PlanStep,
    SurveyResponse,
    check_income_support,
)
from samverkan.cases.reference import ensure_income_support_sources
from samverkan.core import access_log
from samverkan.meetings.models import Meeting
from samverkan.structure.demo import DemoDataError
from samverkan.structure.models import Group, GroupKind, Membership, Party

Reason = Case.ClosureReason
WOMAN, MAN, OTHER = Gender.WOMAN, Gender.MAN, Gender.OTHER

# ---------------------------------------------------------------------------------------------
# The demo content. Parties are named "region", "fk", "af" or "municipality" (the team's
# municipality). Dates are days before today; a negative number is a day still to come.
# ---------------------------------------------------------------------------------------------

BOLLNAS = "Trisam Bollnäs hälsocentral"
ARBRA = "Trisam Arbrå hälsocentral"
SODERTULL = "Trisam Södertull hälsocentral"
SODERHAMN = "Trisam Söderhamns hälsocentral"


@dataclasses.dataclass(frozen=True)
class Individual:
    """An invented person. The last serial digit is odd for men and even for women."""

    first_name: str
    last_name: str
    gender: str
    birthday: tuple  # (month, day)
    age: int  # at raising
    serial: int  # 980–999
    coordination: bool = False  # samordningsnummer: day of birth + 60


@dataclasses.dataclass(frozen=True)
class DemoCase:
    team: str
    raised_by: str
    raised: int
    individual: Individual
    question: str
    income: tuple = ("sjukpenning",)
    priority: tuple = ()  # Case fields: young_outside_work_and_studies, …
    protected: bool = False
    age_exception: str = ""
    municipality: str = ""  # name; the team's own municipality if blank
    consent: int | None = None
    consent_parties: tuple | None = None  # None: every party in the team
    more_consents: tuple = ()  # Consent.Kind.SIP, Consent.Kind.FOLLOW_UP
    meeting: int | None = None
    participation: str = ""
    mode: str = ""
    preparations: tuple = ()
    mapping: bool = False
    plan: bool = False
    survey: str = ""  # "paper", "link" (answered) or "open_link" (sent, not answered)
    follow_up: int | None = None
    close: tuple = ()  # (reason, days ago); CONSENT_WITHDRAWN: the day it was withdrawn


TOOK_PART, DID_NOT, DECLINED = (
    Case.Participation.TOOK_PART,
    Case.Participation.DID_NOT_TAKE_PART,
    Case.Participation.DECLINED,
)
IN_PERSON, DIGITAL = Case.ParticipationMode.IN_PERSON, Case.ParticipationMode.DIGITAL
ALL_PREPARE = ("region", "fk", "af", "municipality")

CASES = [
    # Awaiting consent, raised by FK and by the municipality.
    DemoCase(
        BOLLNAS,
        "fk",
        5,
        Individual("Linnéa", "Holmgren", WOMAN, (3, 14), 34, 982),
        "Sjukskriven sedan i våras. Vilka insatser behövs för att hon ska kunna pröva arbete?",
    ),
    DemoCase(
        BOLLNAS,
        "municipality",
        12,
        Individual("Oskar", "Lindahl", MAN, (11, 2), 19, 981),
        "Ung man utan sysselsättning sedan gymnasiet. Hur kan vi gemensamt stödja honom mot "
        "arbete eller studier?",
        income=("forsorjningsstod",),
        priority=("young_outside_work_and_studies", "mental_ill_health"),
    ),
    # The README's place to try consent from both sides: raised yesterday by `handlaggare`
    # (the municipality); `handlaggare-fk` and `handlaggare-af` sit in the same team and see
    # who it is about only once a consent names their party.
    DemoCase(
        BOLLNAS,
        "municipality",
        1,
        Individual("Amir", "Nordin", MAN, (8, 9), 41, 989),
        "Försörjningsstöd sedan ett år och sjukskriven i perioder. Behöver Försäkringskassan och "
        "Arbetsförmedlingen vara med i planeringen?",
        income=("forsorjningsstod",),
    ),
    DemoCase(
        SODERTULL,
        "region",
        3,
        Individual("Hanna", "Wikström", WOMAN, (6, 21), 47, 986),
        "Långvarig smärta och sjukskrivning. Behövs arbetslivsinriktad rehabilitering?",
    ),
    # Consent given, awaiting the meeting; one has a samordningsnummer.
    DemoCase(
        BOLLNAS,
        "region",
        30,
        Individual("Yonas", "Tesfay", MAN, (1, 9), 29, 983, coordination=True),
        "Nyanländ med besvär efter skada. Vilket stöd behövs för att komma i arbete?",
        income=("aktivitetsstod",),
        priority=("newly_arrived",),
        consent=22,
        meeting=-9,
    ),
    DemoCase(
        SODERHAMN,
        "fk",
        21,
        Individual("Petra", "Långström", WOMAN, (9, 30), 52, 988),
        "Sjukpenningen upphör snart. Vad behövs för att hon ska kunna återgå till arbete?",
        consent=14,
    ),
    # Over 64: taken up with a recorded reason.
    DemoCase(
        ARBRA,
        "municipality",
        45,
        Individual("Bengt", "Ålander", MAN, (4, 17), 65, 991),
        "Saknar pension och försörjning. Vilket stöd kan ges för att han ska kunna arbeta deltid?",
        income=("forsorjningsstod",),
        age_exception="Har fyllt 65 men har ingen allmän pension ännu; teamet har bedömt att "
        "samverkan behövs för att han ska kunna försörja sig.",
        consent=38,
    ),
    # Meeting held, awaiting the plan: preparations from every party and a joint mapping.
    DemoCase(
        ARBRA,
        "af",
        60,
        Individual("Sanna", "Berglund", WOMAN, (8, 5), 41, 984),
        "Arbetssökande med psykisk ohälsa. Vilka insatser behövs och i vilken ordning?",
        income=("aktivitetsstod", "forsorjningsstod"),
        priority=("mental_ill_health",),
        consent=52,
        meeting=10,
        participation=TOOK_PART,
        mode=DIGITAL,
        preparations=ALL_PREPARE,
        mapping=True,
    ),
    DemoCase(
        SODERTULL,
        "region",
        25,
        Individual("Mohammed", "Haddad", MAN, (2, 27), 38, 993),
        "Utmattning efter lång sjukskrivning. Hur når han arbete med stöd?",
        priority=("mental_ill_health",),
        consent=18,
        meeting=4,
        participation=DECLINED,
        preparations=("region", "fk"),
    ),
    # Plan done, awaiting follow-up: one overdue (with an open survey link), one due soon
    # (survey answered through the link), one with protected identity.
    DemoCase(
        BOLLNAS,
        "fk",
        245,
        Individual("Maja", "Strömberg", WOMAN, (12, 12), 27, 986),
        "Sjukskriven för depression. Behövs en samordnad plan med vården och kommunen?",
        priority=("mental_ill_health",),
        consent=238,
        more_consents=(Consent.Kind.SIP, Consent.Kind.FOLLOW_UP),
        meeting=215,
        participation=TOOK_PART,
        mode=IN_PERSON,
        preparations=ALL_PREPARE,
        mapping=True,
        plan=True,
        survey="open_link",
    ),
    DemoCase(
        ARBRA,
        "municipality",
        200,
        Individual("Emil", "Nordqvist", MAN, (5, 30), 24, 995),
        "Långvarigt försörjningsstöd och oklar arbetsförmåga. Vad behövs för att klargöra den?",
        income=("forsorjningsstod",),
        priority=("young_outside_work_and_studies",),
        consent=193,
        consent_parties=("region", "fk", "municipality"),
        meeting=170,
        participation=TOOK_PART,
        mode=IN_PERSON,
        preparations=("region", "fk", "municipality"),
        mapping=True,
        plan=True,
        survey="link",
    ),
    DemoCase(
        BOLLNAS,
        "region",
        90,
        Individual("", "", WOMAN, (7, 7), 36, 0),
        "Sjukskriven efter trauma. Vilket stöd behövs för en trygg återgång till arbete?",
        protected=True,
        priority=("mental_ill_health",),
        consent=84,
        meeting=63,
        participation=TOOK_PART,
        mode=IN_PERSON,
        preparations=("region", "municipality"),
        plan=True,
        survey="paper",
    ),
    # Followed up, ready to close.
    DemoCase(
        BOLLNAS,
        "region",
        300,
        Individual("Karl", "Edlund", MAN, (10, 19), 58, 997),
        "Hjärtsjukdom och tungt arbete. Går det att pröva annat arbete hos arbetsgivaren?",
        income=("sjukpenning", "lon"),
        consent=292,
        more_consents=(Consent.Kind.FOLLOW_UP,),
        meeting=270,
        participation=TOOK_PART,
        mode=IN_PERSON,
        preparations=("region", "fk", "af"),
        mapping=True,
        plan=True,
        survey="paper",
        follow_up=85,
    ),
    # Closed: as planned, no longer relevant, individual left, registered in error.
    DemoCase(
        BOLLNAS,
        "af",
        420,
        Individual("Amina", "Yusuf", WOMAN, (3, 3), 31, 990),
        "Arbetssökande med nedsatt arbetsförmåga. Vilka insatser leder till arbete?",
        income=("aktivitetsstod",),
        priority=("newly_arrived",),
        consent=413,
        meeting=395,
        participation=TOOK_PART,
        mode=IN_PERSON,
        preparations=ALL_PREPARE,
        mapping=True,
        plan=True,
        survey="paper",
        follow_up=210,
        close=(Reason.ENDED_AS_PLANNED, 200),
    ),
    DemoCase(
        ARBRA,
        "fk",
        330,
        Individual("Göran", "Sjölund", MAN, (8, 23), 61, 985),
        "Lång sjukskrivning efter stroke. Finns förutsättningar för arbetslivsinriktade insatser?",
        municipality="Ovanåker",
        consent=322,
        meeting=300,
        participation=DID_NOT,
        preparations=("region", "fk"),
        plan=True,
        close=(Reason.NO_LONGER_RELEVANT, 250),
    ),
    DemoCase(
        SODERTULL,
        "region",
        180,
        Individual("Ronja", "Falkenberg", OTHER, (1, 28), 22, 992),
        "Avbrutna studier och ångest. Vilket stöd behövs för att komma tillbaka till studier?",
        income=("ingen",),
        priority=("young_outside_work_and_studies", "mental_ill_health"),
        consent=172,
        meeting=150,
        participation=TOOK_PART,
        mode=DIGITAL,
        preparations=("region", "af", "municipality"),
        plan=True,
        close=(Reason.INDIVIDUAL_LEFT, 60),
    ),
    DemoCase(
        BOLLNAS,
        "fk",
        40,
        Individual("Lisa", "Hedin", WOMAN, (5, 8), 44, 988),
        "Aktualiserad i fel team; ärendet hör till en annan hälsocentral.",
        close=(Reason.REGISTERED_IN_ERROR, 39),
    ),
    # Broken off: consent withdrawn (an open survey link is revoked with it), and declined.
    DemoCase(
        BOLLNAS,
        "municipality",
        150,
        Individual("Jesper", "Wahlgren", MAN, (12, 1), 33, 987),
        "Missbruk i behandling och försörjningsstöd. Hur samordnar vi stödet mot arbete?",
        income=("forsorjningsstod",),
        consent=141,
        meeting=125,
        participation=TOOK_PART,
        mode=IN_PERSON,
        preparations=ALL_PREPARE,
        plan=True,
        survey="open_link",
        close=(Reason.CONSENT_WITHDRAWN, 3),
    ),
    DemoCase(
        ARBRA,
        "region",
        20,
        Individual("Tove", "Bäckman", WOMAN, (4, 4), 49, 994),
        "Sjukskriven för ryggbesvär. Behöver teamet samverka kring henne?",
        close=(Reason.CONSENT_DECLINED, 0),
    ),
    # Closed 30 months ago: due for erasure after the default retention period.
    DemoCase(
        BOLLNAS,
        "af",
        1190,
        Individual("Viktor", "Engman", MAN, (6, 15), 45, 999),
        "Arbetslös efter en lång sjukskrivning. Vilka insatser behövs?",
        income=("a-kassa",),
        consent=1183,
        meeting=1160,
        participation=TOOK_PART,
        mode=IN_PERSON,
        preparations=("fk", "af"),
        plan=True,
        survey="paper",
        follow_up=975,
        close=(Reason.ENDED_AS_PLANNED, 913),
    ),
]

PREPARATIONS = {
    "region": "Behandlas på hälsocentralen; samtalskontakt med kurator var tredje vecka. "
    "Läkaren bedömer att arbetsförmågan kan prövas stegvis.",
    "fk": "Sjukpenning på heltid. Avstämningsmöte med arbetsgivaren har inte hållits ännu; "
    "rätten till sjukpenning prövas mot normalt förekommande arbete om två månader.",
    "af": "Inskriven som arbetssökande. Har tidigare deltagit i ett rustande program och "
    "är intresserad av praktik inom handel.",
    "municipality": "Aktuell för försörjningsstöd. Har egen bostad och stöd av boendestödjare "
    "två gånger i veckan.",
}
MAPPING = {
    "health": "Nedstämdhet och sömnproblem, bättre sedan behandling startade. Orkar tre timmar "
    "om dagen.",
    "work": "Har arbetat inom handel och lager. Vill pröva arbete i lugn miljö.",
    "social_insurance": "Sjukpenning; rätten prövas snart mot normalt förekommande arbete.",
    "social_situation": "Bor ensam, skulder som gör att ekonomin är ansträngd.",
}
# (party, action, benefit, days after the meeting)
PLAN = [
    ("region", "Fortsatt samtalsbehandling och en stegvis plan för ökad aktivitet.", "", 7),
    ("fk", "Avstämningsmöte och prövning av arbetsträning.", "Sjukpenning", 21),
    ("af", "Arbetsträning på en arbetsplats inom handel.", "Aktivitetsstöd", 60),
    ("municipality", "Budget- och skuldrådgivning.", "", 14),
]
SURVEY = {"took_part_in_planning": 4, "felt_involved": 3, "plan_fits": 3}
FOLLOW_UP = ("yes", ("aktivitetsstod",), "Arbetstränar 50 % sedan två månader.")
CLOSURE_NOTES = {
    Reason.ENDED_AS_PLANNED: "Planeringen är genomförd; personen studerar med studiemedel.",
    Reason.NO_LONGER_RELEVANT: "Försämrad hälsa; arbetslivsinriktade insatser är inte aktuella nu.",
    Reason.INDIVIDUAL_LEFT: "Har flyttat från länet och avslutat kontakten med teamet.",
    Reason.REGISTERED_IN_ERROR: "Aktualiserad i fel team; ärendet registreras på nytt där.",
}

# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------

# What the access log says for the steps that have no service, as their pages say it.
MEETING_LOG = gettext_lazy("teammöte och personens deltagande")
MAPPING_LOG = gettext_lazy("kartläggning")
PREPARATION_LOG = gettext_lazy("förberedelser")
PLAN_LOG = gettext_lazy("föreslagen planering")
SURVEY_LOG = gettext_lazy("deltagarenkät registrerad från papper")
FOLLOW_UP_LOG = gettext_lazy("uppföljning efter sex månader")
# A case is put on the team's meeting nearest its planned day, if one is this close.
LINK_WITHIN = datetime.timedelta(days=10)


@dataclasses.dataclass
class DemoCasesSummary:
    created: int
    total: int


def demo_cases(federation):
    return Case.objects.filter(is_demo=True, team__federation=federation)


def load_demo_cases(federation, today=None):
    """Add the demo cases to `federation` in one transaction, unless it already has them.

    `today` (default: today) is the day the demo's dates count back from; the services still
    date what they record themselves, so a withdrawn or declined consent closes its case on
    the real day. Raises `DemoDataError` when the structure demo's teams are missing.
    """
    today = today or timezone.localdate()
    created = 0
    with transaction.atomic():
        if not demo_cases(federation).exists():
            builder = _CaseBuilder(federation, today)
            for spec in CASES:
                builder.build(spec)
                created += 1
    return DemoCasesSummary(created=created, total=demo_cases(federation).count())


def identity_digits(individual, raised_on):
    """The twelve-digit number of `individual`, whose age on `raised_on` is `individual.age`."""
    month, day = individual.birthday
    year = raised_on.year - individual.age
    if (month, day) > (raised_on.month, raised_on.day):
        year -= 1
    number_day = day + 60 if individual.coordination else day
    nine = f"{year % 100:02d}{month:02d}{number_day:02d}{individual.serial:03d}"
    return f"{year // 100:02d}{nine}{luhn_check_digit(nine)}"


class _CaseBuilder:
    def __init__(self, federation, today):
        self.federation = federation
        self.today = today
        ensure_income_support_sources()
        self.sources = {source.code: source for source in IncomeSupportSource.objects.all()}
        self.teams = {}

    def ago(self, days):
        return self.today - datetime.timedelta(days=days)

    def team(self, name):
        """The team `name` and its current case seats: {party label: (party, person)}."""
        if name not in self.teams:
            group = Group.objects.filter(
                federation=self.federation, kind=GroupKind.TRISAM, name=name
            ).first()
            if group is None:
                raise DemoDataError(
                    _(
                        'Teamet "%(team)s" finns inte. Läs in demodata för strukturen först '
                        '("manage.py load_demo").'
                    )
                    % {"team": name}
                )
            seats = (
                Membership.objects.active_on(self.today)
                .filter(group=group, role__in=Membership.CASE_ROLES, party__isnull=False)
                .select_related("party", "person__user")
                .order_by("valid_from", "pk")
            )
            people = {}
            for seat in seats:
                people.setdefault(_label(seat.party), (seat.party, seat.person))
            self.teams[name] = (group, people)
        return self.teams[name]

    def build(self, spec):
        team, people = self.team(spec.team)
        party, raiser = people[spec.raised_by]
        rehab = people["region"][1]
        case = self.raise_case(spec, team, party, raiser)
        if spec.close and spec.close[0] == Reason.CONSENT_DECLINED:
            services.decline_consent(_request(raiser, "cases:consent_declined", case), case)
            return case
        if spec.consent is not None:
            named = spec.consent_parties or tuple(people)
            self.consent(case, raiser, [people[label][0] for label in named], spec.consent)
        if spec.meeting is not None:
            self.meeting(case, rehab, spec)
        for kind in spec.more_consents:
            # Each its own record, given at the meeting: a SIP between the municipality and
            # the Region, the follow-up for every party.
            named = ("region", "municipality") if kind == Consent.Kind.SIP else tuple(people)
            self.consent(case, raiser, [people[label][0] for label in named], None, kind)
        for label in spec.preparations:
            self.preparation(case, *people[label])
        if spec.mapping:
            self.mapping(case, rehab, people)
        if spec.plan:
            self.plan(case, rehab, people)
        if spec.survey:
            self.survey(case, rehab, spec.survey)
        if spec.follow_up is not None:
            self.follow_up(case, raiser, self.ago(spec.follow_up))
        if spec.close:
            self.close(case, raiser, *spec.close)
        return case

    def raise_case(self, spec, team, party, raiser):
        who = spec.individual
        raised_on = self.ago(spec.raised)
        municipality = team.municipality
        if spec.municipality:
            municipality = self.federation.municipalities.get(name=spec.municipality)
        case = Case(
            team=team,
            raised_on=raised_on,
            raised_by=raiser,
            raising_party=party,
            question=spec.question,
            protected_identity=spec.protected,
            gender=who.gender,
            municipality=municipality,
            age_exception_reason=spec.age_exception,
            is_demo=True,
            **dict.fromkeys(spec.priority, True),
        )
        if spec.protected:
            case.birth_year = raised_on.year - who.age
        else:
            case.personal_number = identity_digits(who, raised_on)
            case.name = f"{who.first_name} {who.last_name}"
        case.derive_age()
        sources = [self.sources[code] for code in spec.income]
        check_income_support(sources, "income_support_at_raising")
        request = _request(raiser, "cases:raise", team.pk)
        return services.raise_case(request, case, sources)

    def consent(self, case, raiser, parties, days_ago, kind=Consent.Kind.TEAM):
        given_on = self.ago(days_ago) if days_ago is not None else case.meeting_on
        purposes = {
            Consent.Kind.TEAM: "Samverkan i Trisam-teamet kring rehabilitering mot arbete.",
            Consent.Kind.SIP: "En samordnad individuell plan med kommunen och regionen.",
            Consent.Kind.FOLLOW_UP: "Att delta i uppföljningen sex månader efter mötet.",
        }
        consent = Consent(
            case=case,
            kind=kind,
            information="Uppgifter om hälsa, arbetsförmåga, försörjning och social situation.",
            purpose=purposes[kind],
            given_on=given_on,
            form=Consent.Form.WRITTEN if kind == Consent.Kind.TEAM else Consent.Form.ORAL,
            obtained_by=raiser,
        )
        request = _request(raiser, "cases:consent_add", case)
        return services.record_consent(request, consent, parties)

    def meeting(self, case, rehab, spec):
        services.ensure_consent(case)
        case.meeting_on = self.ago(spec.meeting)
        # Where the team's meetings are in the product, the case is on the nearest one.
        case.team_meeting = self.team_meeting(case, spec)
        case.individual_invited = True
        if spec.meeting >= 0:
            case.participation = spec.participation
            case.participation_mode = spec.mode
        case.full_clean()
        case.version += 1
        with transaction.atomic():
            case.save()
            self.log(rehab, "cases:meeting", case, access_log.Action.CHANGE, MEETING_LOG)

    def team_meeting(self, case, spec):
        """The team's meeting nearest the planned day, on the same side of today (a meeting
        held for a case whose meeting is past, one to come for a case still waiting), after
        the consent; None when the team has no such meeting within ten days."""
        planned = case.meeting_on
        earliest = max(case.raised_on, case.team_consent(self.today).given_on)
        if spec.meeting >= 0:
            window = (max(earliest, planned - LINK_WITHIN), min(planned + LINK_WITHIN, self.ago(1)))
        else:
            window = (max(earliest, self.ago(-1), planned - LINK_WITHIN), planned + LINK_WITHIN)
        candidates = [
            meeting
            for meeting in Meeting.objects.not_cancelled().filter(
                group=case.team_id,
                starts_at__date__gte=window[0] - datetime.timedelta(days=1),
                starts_at__date__lte=window[1] + datetime.timedelta(days=1),
            )
            if window[0] <= meeting.day <= window[1]
        ]
        return min(candidates, key=lambda meeting: abs((meeting.day - planned).days), default=None)

    def preparation(self, case, party, author):
        services.ensure_consent(case)
        with transaction.atomic():
            case.preparations.create(party=party, author=author, note=PREPARATIONS[_label(party)])
            self.log(author, "cases:preparation", case, access_log.Action.CREATE, PREPARATION_LOG)

    def mapping(self, case, rehab, people):
        services.ensure_consent(case)
        mapping = Mapping(
            case=case,
            sip_needed=True,
            sip_actor=people["municipality"][0],
            joint_mapping_needed="af" in people and "fk" in people,
            joint_mapping_actor=people["fk"][0] if "fk" in people else None,
            recorded_by=rehab,
            **MAPPING,
        )
        mapping.full_clean()
        with transaction.atomic():
            mapping.save()
            self.log(rehab, "cases:mapping", case, access_log.Action.CREATE, MAPPING_LOG)

    def plan(self, case, rehab, people):
        services.ensure_consent(case)
        with transaction.atomic():
            for order, (label, action, benefit, after) in enumerate(PLAN, start=1):
                if label in people:
                    PlanStep.objects.create(
                        case=case,
                        order=order,
                        responsible_party=people[label][0],
                        action=action,
                        benefit=benefit,
                        planned_start=case.meeting_on + datetime.timedelta(days=after),
                    )
            self.log(rehab, "cases:plan", case, access_log.Action.CREATE, PLAN_LOG)

    def survey(self, case, rehab, how):
        if how == "paper":
            services.ensure_consent(case)
            response = SurveyResponse(
                case=case,
                answered_on=case.meeting_on + datetime.timedelta(days=2),
                source=SurveyResponse.Source.PAPER,
                entered_by=rehab,
                **SURVEY,
            )
            response.full_clean()
            with transaction.atomic():
                response.save()
                self.log(rehab, "cases:survey", case, access_log.Action.CREATE, SURVEY_LOG)
            return
        request = _request(rehab, "cases:survey_link", case)
        _link, token = services.create_survey_link(request, case, rehab)
        if how == "link":
            # The individual answers without an account; the page shows no token in the log.
            answering = HttpRequest()
            answering.user = AnonymousUser()
            services.answer_survey_via_link(answering, token, {**SURVEY, "plan_fits": 4})

    def follow_up(self, case, person, followed_up_on):
        services.ensure_consent(case)
        plan_started, income, note = FOLLOW_UP
        follow_up = FollowUp(
            case=case,
            followed_up_on=followed_up_on,
            plan_started=plan_started,
            note=note,
            recorded_by=person,
        )
        follow_up.full_clean()
        sources = [self.sources[code] for code in income]
        check_income_support(sources, "income_support")
        with transaction.atomic():
            follow_up.save()
            follow_up.income_support.set(sources)
            self.log(person, "cases:follow_up", case, access_log.Action.CREATE, FOLLOW_UP_LOG)

    def close(self, case, person, reason, days_ago):
        if reason == Reason.CONSENT_WITHDRAWN:
            request = _request(person, "cases:consent_withdraw", case, case.team_consent().pk)
            services.withdraw_consent(request, case.team_consent(), person, on=self.ago(days_ago))
        else:
            request = _request(person, "cases:close", case)
            note = CLOSURE_NOTES.get(reason, "")
            services.close_case(request, case, reason, self.ago(days_ago), note)

    def log(self, person, page, case, action, what):
        access_log.record(_request(person, page, case), case, action, what)


def _request(person, page, *args):
    """A request from `person`'s account on `page`, as the page would send it.

    People without an account act anonymously in the log, as the demo has no account for them.
    """
    request = HttpRequest()
    request.user = person.user if person.user_id else AnonymousUser()
    request.path = reverse(page, args=[getattr(arg, "code", arg) for arg in args])
    return request


def _label(party):
    if party.kind == Party.Kind.MUNICIPALITY:
        return "municipality"
    return party.code
