"""Demo data for trying the product: invented units, staff, groups and sign-in accounts.

Everything made here is marked `is_demo`, and demo e-mail addresses use the reserved domain
example.invalid. The content is plain data at the top of this module; the code below turns it
into rows, finding each by a natural key, so a second load creates nothing new. People's names
are drawn from fixed lists in a fixed order, so every load gives the same people. The demo
needs the förbund's reference structure (`manage.py load_structure`) and never changes it.
"""

import collections
import dataclasses
import datetime

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.core.models import User
from samverkan.structure.models import (
    Federation,
    Group,
    GroupKind,
    Membership,
    Party,
    Person,
    Unit,
)

D = datetime.date
PUBLIC, PRIVATE = Unit.Operator.PUBLIC, Unit.Operator.PRIVATE
Role = Membership.Role
MEMBER, CONVENER, CO_OPTED, GUEST = Role.MEMBER, Role.CONVENER, Role.CO_OPTED, Role.GUEST

DEMO_PASSWORD = "samverkan-demo"
DEMO_EMAIL_DOMAIN = "example.invalid"

# ---------------------------------------------------------------------------------------------
# The demo content. A party is named by its code ("fk", "af", "region"), by a municipality's
# name for that municipality, or None for the förbund's own staff.
# ---------------------------------------------------------------------------------------------

MUNICIPALITIES = [
    "Gävle",
    "Sandviken",
    "Hofors",
    "Ockelbo",
    "Bollnäs",
    "Ovanåker",
    "Söderhamn",
    "Ljusdal",
    "Hudiksvall",
    "Nordanstig",
]

# Hälsocentraler of the Region: (municipality, name, operator, Trisam team started; None: no
# team). Three have no team, so the coverage report has something to show.
HEALTH_CENTRES = [
    ("Gävle", "Södertull hälsocentral", PUBLIC, D(2014, 10, 1)),  # the first team, autumn 2014
    ("Gävle", "Brynäs hälsocentral", PUBLIC, D(2015, 3, 2)),
    ("Gävle", "Bomhus hälsocentral", PUBLIC, D(2015, 9, 1)),
    ("Gävle", "Strömsbro hälsocentral", PUBLIC, D(2016, 2, 1)),
    ("Gävle", "Sätra hälsocentral", PUBLIC, D(2016, 2, 1)),
    ("Gävle", "Valbo hälsocentral", PUBLIC, D(2016, 9, 1)),
    ("Gävle", "Familjehälsan Andersberg", PRIVATE, D(2019, 3, 1)),
    ("Gävle", "Läkarhuset Stortorget", PRIVATE, None),
    ("Sandviken", "Sandvikens hälsocentral", PUBLIC, D(2015, 9, 1)),
    ("Sandviken", "Storviks hälsocentral", PUBLIC, D(2016, 9, 1)),
    ("Sandviken", "Kungsgårdens läkarmottagning", PRIVATE, D(2020, 2, 3)),
    ("Hofors", "Hofors hälsocentral", PUBLIC, D(2016, 9, 1)),
    ("Ockelbo", "Ockelbo hälsocentral", PUBLIC, D(2016, 9, 1)),
    ("Bollnäs", "Bollnäs hälsocentral", PUBLIC, D(2016, 1, 11)),
    ("Bollnäs", "Arbrå hälsocentral", PUBLIC, D(2017, 3, 1)),
    ("Ovanåker", "Edsbyns hälsocentral", PUBLIC, D(2016, 9, 1)),
    ("Ovanåker", "Alfta hälsocentral", PUBLIC, None),
    ("Söderhamn", "Söderhamns hälsocentral", PUBLIC, D(2016, 1, 11)),
    ("Söderhamn", "Ljusne hälsocentral", PUBLIC, D(2018, 1, 15)),
    ("Ljusdal", "Ljusdals hälsocentral", PUBLIC, D(2016, 9, 1)),
    ("Ljusdal", "Färila hälsocentral", PUBLIC, None),
    ("Hudiksvall", "Hudiksvalls hälsocentral", PUBLIC, D(2016, 1, 11)),
    ("Hudiksvall", "Iggesunds hälsocentral", PUBLIC, D(2017, 9, 1)),
    ("Hudiksvall", "Hälsocentralen Kvarnen", PRIVATE, D(2019, 9, 2)),
    ("Nordanstig", "Bergsjö hälsocentral", PUBLIC, D(2016, 9, 1)),
]

# Adult-psychiatry outpatient clinics: (municipality, name, Trisam team started). The 2022 goal
# brought teams to psychiatry; Bollnäs has none yet.
PSYCHIATRY_CLINICS = [
    ("Gävle", "Vuxenpsykiatrins öppenvårdsmottagning Gävle", D(2022, 3, 1)),
    ("Sandviken", "Vuxenpsykiatrins öppenvårdsmottagning Sandviken", D(2022, 9, 1)),
    ("Bollnäs", "Vuxenpsykiatrins öppenvårdsmottagning Bollnäs", None),
    ("Hudiksvall", "Vuxenpsykiatrins öppenvårdsmottagning Hudiksvall", D(2023, 1, 16)),
]

# Each municipality has one IFO and one AME unit, named after these patterns.
IFO_NAME = "Individ- och familjeomsorgen {}"
AME_NAME = "Arbetsmarknadsenheten {}"
SCHOOLS = [("Gävle", "Vuxenutbildningen Gävle"), ("Söderhamn", "Elevhälsan Söderhamn")]

# Agency offices: the town each is in, and the municipalities its staff serve.
FK_OFFICES = {
    "Gävle": ["Gävle", "Ockelbo"],
    "Sandviken": ["Sandviken", "Hofors"],
    "Söderhamn": ["Söderhamn", "Bollnäs", "Ovanåker"],
    "Hudiksvall": ["Hudiksvall", "Ljusdal", "Nordanstig"],
}
AF_OFFICES = {
    "Gävle": ["Gävle", "Ockelbo"],
    "Sandviken": ["Sandviken", "Hofors"],
    "Bollnäs": ["Bollnäs", "Ovanåker"],
    "Söderhamn": ["Söderhamn"],
    "Hudiksvall": ["Hudiksvall", "Nordanstig"],
    "Ljusdal": ["Ljusdal"],
}
FK_OFFICE_NAME = "Försäkringskassan {}"
AF_OFFICE_NAME = "Arbetsförmedlingen {}"

# Trisam: case officers of FK, AF and the municipality each sit in up to this many teams of
# their area; every third team has a co-opted care professional, in this rotation.
TEAMS_PER_CASE_OFFICER = 4
CASE_OFFICER_PROFESSIONS = {"fk": "försäkringsutredare", "af": "arbetsförmedlare"}
MUNICIPAL_CASE_OFFICER = "socialsekreterare"
CARE_PROFESSIONS = ["fysioterapeut", "arbetsterapeut", "kurator", "läkare"]

# Mysam: FK convened until 2017-06-30, then each group chose a party (here: which one), and
# from 2022 a coordinator funded by the förbund convenes; each coordinator serves the
# municipalities listed. Managers of the units listed are co-opted to that Mysam group.
MYSAM_STARTED = D(2016, 9, 1)
FK_CONVENES_UNTIL = D(2017, 6, 30)
GROUP_CHOOSES_FROM, GROUP_CHOOSES_UNTIL = D(2017, 7, 1), D(2021, 12, 31)
COORDINATORS_FROM = D(2022, 1, 1)
MYSAM_CHOSEN_CONVENER = {
    "Gävle": "region",
    "Sandviken": "municipality",
    "Hofors": "municipality",
    "Ockelbo": "municipality",
    "Bollnäs": "municipality",
    "Ovanåker": "municipality",
    "Söderhamn": "fk",
    "Ljusdal": "municipality",
    "Hudiksvall": "region",
    "Nordanstig": "municipality",
}
MYSAM_COORDINATORS = [
    ["Gävle"],
    ["Sandviken", "Hofors", "Ockelbo"],
    ["Bollnäs", "Ovanåker", "Söderhamn"],
    ["Ljusdal", "Hudiksvall", "Nordanstig"],
]
MYSAM_CO_OPTED_UNITS = {
    "Gävle": ["Vuxenpsykiatrins öppenvårdsmottagning Gävle", "Vuxenutbildningen Gävle"],
    "Sandviken": ["Vuxenpsykiatrins öppenvårdsmottagning Sandviken"],
    "Söderhamn": ["Elevhälsan Söderhamn"],
    "Hudiksvall": ["Vuxenpsykiatrins öppenvårdsmottagning Hudiksvall"],
}

# The förbund's own staff (no party), by profession. The förbundsutvecklare is the förbund's
# guest in every Mysam group.
KANSLI = [
    "förbundschef",
    "controller",
    "förbundsutvecklare",
    "dataskyddssamordnare",
    "systemförvaltare",
]
FEDERATION_GUEST = "förbundsutvecklare"

# Other groups and their seats: (party, role, profession, valid from, valid to, note). The two
# boards come with the reference data; the demo only seats people in them.
OTHER_GROUPS = [
    {
        "kind": GroupKind.COUNTY_BOARD,
        "name": "Länsledning Välfärd",
        "seats": [
            *[(name, MEMBER, "socialchef", D(2019, 1, 1), None, "") for name in MUNICIPALITIES],
            ("region", MEMBER, "hälso- och sjukvårdsdirektör", D(2019, 1, 1), None, ""),
            ("fk", CO_OPTED, "områdeschef", D(2019, 1, 1), None, "Adjungeras två gånger per år"),
            (
                "af",
                CO_OPTED,
                "marknadsområdeschef",
                D(2019, 1, 1),
                None,
                "Adjungeras två gånger per år",
            ),
        ],
    },
    {
        "kind": GroupKind.FEDERATION_BOARD,
        "name": "Förbundsstyrelsen",
        "seats": [
            ("Gävle", MEMBER, "kommunalråd", D(2023, 1, 1), None, "Ordförande"),
            ("region", MEMBER, "regionråd", D(2023, 1, 1), None, "Vice ordförande"),
            ("fk", MEMBER, "verksamhetsområdeschef", D(2023, 1, 1), None, ""),
            ("af", MEMBER, "marknadsområdeschef", D(2023, 1, 1), None, ""),
            ("Sandviken", MEMBER, "kommunalråd", D(2023, 1, 1), None, ""),
            ("Bollnäs", MEMBER, "kommunalråd", D(2023, 1, 1), None, ""),
            ("Hudiksvall", MEMBER, "kommunalråd", D(2023, 1, 1), None, ""),
        ],
    },
    {
        "kind": GroupKind.WORKING_GROUP,
        "name": "Trisam processledning",
        "started_on": D(2016, 1, 1),
        "description": "Stöd till länets alla Trisam-team: metod, kvalitet och teamarbete.",
        "seats": [
            ("region", Role.PROCESS_LEADER, "processledare", D(2016, 1, 1), D(2021, 12, 31), ""),
            ("fk", Role.PROCESS_LEADER, "processledare", D(2022, 1, 1), None, "50 %"),
            ("region", Role.PROCESS_LEADER, "processledare", D(2022, 1, 1), None, "50 %"),
            ("region", Role.TRISAM_DEVELOPER, "Trisam-utvecklare", D(2022, 1, 1), None, ""),
        ],
    },
]

# History: seats that changed hands on the day given (the earlier holder's membership ends the
# day before), and seats whose holder left on the day given with nobody taking over.
HANDOVERS = {
    ("Trisam Brynäs hälsocentral", Role.REHAB_COORDINATOR, "region"): D(2023, 2, 1),
    ("Trisam Sätra hälsocentral", Role.CASE_OFFICER, "Gävle"): D(2021, 3, 1),
    ("Mysam Sandviken", MEMBER, "af"): D(2021, 9, 1),
    ("Länsledning Välfärd", MEMBER, "Gävle"): D(2022, 5, 1),
}
VACATED = {
    ("Trisam Iggesunds hälsocentral", Role.REHAB_COORDINATOR, "region"): D(2024, 1, 31),
    # AF could not staff every Mysam group: the reason for the 2022 reorganisation.
    ("Mysam Nordanstig", MEMBER, "af"): D(2020, 12, 31),
}


@dataclasses.dataclass(frozen=True)
class DemoAccount:
    username: str
    description: str
    # ("kansli", profession) for the förbund's staff, else the seat (group, role, party).
    holder: tuple
    role: str = User.Role.NONE
    superuser: bool = False


# One account per role of the product, all with the password DEMO_PASSWORD.
ACCOUNTS = [
    DemoAccount(
        "kansli",
        gettext_lazy("Förbundets kansli (administratör)"),
        ("kansli", "förbundschef"),
        role=User.Role.FEDERATION_ADMIN,
    ),
    DemoAccount(
        "processledare",
        gettext_lazy("Processledare för Trisam"),
        ("Trisam processledning", Role.PROCESS_LEADER, "fk"),
    ),
    DemoAccount(
        "koordinator",
        gettext_lazy("Mysam-koordinator i Sandviken, Hofors och Ockelbo"),
        ("Mysam Sandviken", CONVENER, None),
    ),
    DemoAccount(
        "mysam",
        gettext_lazy("Ledamot i Mysam Gävle för Arbetsförmedlingen"),
        ("Mysam Gävle", MEMBER, "af"),
    ),
    DemoAccount(
        "rehabkoordinator",
        gettext_lazy("Rehabkoordinator i Trisam Södertull hälsocentral"),
        ("Trisam Södertull hälsocentral", Role.REHAB_COORDINATOR, "region"),
    ),
    DemoAccount(
        "handlaggare",
        gettext_lazy("Socialsekreterare i två Trisam-team i Bollnäs"),
        ("Trisam Bollnäs hälsocentral", Role.CASE_OFFICER, "Bollnäs"),
    ),
    # Two more case officers of the same team, for the other side of a consent: they see a
    # Bollnäs case's individual only once a consent names their party.
    DemoAccount(
        "handlaggare-fk",
        gettext_lazy("Handläggare på Försäkringskassan i Trisam Bollnäs hälsocentral"),
        ("Trisam Bollnäs hälsocentral", Role.CASE_OFFICER, "fk"),
    ),
    DemoAccount(
        "handlaggare-af",
        gettext_lazy("Handläggare på Arbetsförmedlingen i Trisam Bollnäs hälsocentral"),
        ("Trisam Bollnäs hälsocentral", Role.CASE_OFFICER, "af"),
    ),
    DemoAccount(
        "lansledning",
        gettext_lazy("Ledamot i Länsledning Välfärd"),
        ("Länsledning Välfärd", MEMBER, "region"),
    ),
    DemoAccount(
        "loggranskare",
        gettext_lazy("Loggranskare"),
        ("kansli", "dataskyddssamordnare"),
        role=User.Role.LOG_REVIEWER,
    ),
    DemoAccount(
        "systemadmin",
        gettext_lazy("Systemadministratör"),
        ("kansli", "systemförvaltare"),
        superuser=True,
    ),
]

# Invented names. Both lengths are prime, so going through both lists in step gives a new pair
# for each of the first 37 × 41 people.
FIRST_NAMES = [
    "Anna", "Lars", "Maria", "Anders", "Karin", "Johan", "Eva", "Per", "Kristina", "Mikael",
    "Sofia", "Erik", "Lena", "Magnus", "Emma", "Fredrik", "Helena", "Daniel", "Malin", "Jonas",
    "Sara", "Peter", "Ida", "Stefan", "Linnea", "Mattias", "Camilla", "Henrik", "Elin", "Patrik",
    "Åsa", "Niklas", "Johanna", "Tobias", "Maja", "Ahmed", "Leila",
]  # fmt: skip
LAST_NAMES = [
    "Andersson", "Berg", "Lindqvist", "Nilsson", "Holm", "Eriksson", "Sundberg", "Larsson",
    "Öberg", "Persson", "Wallin", "Olsson", "Hedlund", "Jonsson", "Bergström", "Lundgren",
    "Axelsson", "Forsberg", "Sandberg", "Nyström", "Hellström", "Engström", "Åberg", "Dahl",
    "Lindberg", "Strand", "Norberg", "Söderlund", "Hägg", "Ek", "Falk", "Jansson", "Mattsson",
    "Björk", "Sjöberg", "Hassan", "Karimi", "Ström", "Blom", "Lund", "Viklund",
]  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------

AGENCY_CODES = ("fk", "af", "region")
DEMO_MODELS = (Unit, Person, Group, Membership, User)


class DemoDataError(Exception):
    """The demo data cannot be loaded; the message says why and what to do, in Swedish."""


@dataclasses.dataclass
class DemoSummary:
    """What a demo load did: rows created and found per model, and the accounts to sign in with."""

    created: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    found: collections.Counter = dataclasses.field(default_factory=collections.Counter)
    accounts: list = dataclasses.field(default_factory=list)  # (account, person)

    @property
    def changed(self):
        return sum(self.created.values()) > 0


def load_demo(federation_slug="gavleborg"):
    """Add the demo data to the förbund `federation_slug` in one transaction; idempotent.

    Raises `DemoDataError` when the förbund's reference structure is not loaded.
    """
    with transaction.atomic():
        builder = _DemoBuilder(federation_slug)
        builder.build()
    return builder.summary


class _DemoBuilder:
    def __init__(self, federation_slug):
        self.federation = Federation.objects.filter(slug=federation_slug).first()
        if self.federation is None:
            raise DemoDataError(
                _(
                    'Förbundet "%(slug)s" finns inte. Läs först in förbundets referensstruktur '
                    'med "manage.py load_structure <fil>", för Gävleborg: '
                    "samverkan/structure/data/gavleborg.yaml."
                )
                % {"slug": federation_slug}
            )
        self.parties = {party.code: party for party in self.federation.parties.all()}
        self.municipalities = {
            municipality.name: municipality
            for municipality in self.federation.municipalities.filter(party__isnull=False)
        }
        missing = [code for code in AGENCY_CODES if code not in self.parties]
        missing += [name for name in MUNICIPALITIES if name not in self.municipalities]
        if missing:
            raise DemoDataError(
                _(
                    'Referensstrukturen för "%(federation)s" saknar %(missing)s, som demodata '
                    'bygger på. Läs in förbundets struktur med "manage.py load_structure <fil>".'
                )
                % {"federation": self.federation, "missing": ", ".join(missing)}
            )
        self.summary = DemoSummary()
        self.units = {}
        self.people = {}  # person key -> Person
        self.holders = {}  # seat (group, role, party label) -> its current holder
        self.history_applied = set()
        self.names = self._names()
        self.used_emails = set()

    def build(self):
        self._units()
        for profession in KANSLI:
            self._person(("kansli", profession), None, None, profession)
        self._trisam_teams()
        self._mysam_groups()
        for spec in OTHER_GROUPS:
            self._other_group(spec)
        unapplied = (set(HANDOVERS) | set(VACATED)) - self.history_applied
        if unapplied:
            # A mistake in the data above, not something an operator can fix.
            raise RuntimeError(f"HANDOVERS or VACATED name seats that do not exist: {unapplied}")
        self._accounts()

    # Units -----------------------------------------------------------------------------------

    def _units(self):
        region = self.parties["region"]
        for town, name, operator, _started in HEALTH_CENTRES:
            self._unit(region, town, name, Unit.Kind.HEALTH_CENTRE, operator)
        for town, name, _started in PSYCHIATRY_CLINICS:
            self._unit(region, town, name, Unit.Kind.ADULT_PSYCHIATRY)
        for town in MUNICIPALITIES:
            own = self.party(town)
            self._unit(own, town, IFO_NAME.format(town), Unit.Kind.IFO)
            self._unit(own, town, AME_NAME.format(town), Unit.Kind.AME)
        for town, name in SCHOOLS:
            self._unit(self.party(town), town, name, Unit.Kind.SCHOOL)
        for town in FK_OFFICES:
            self._unit(self.parties["fk"], town, FK_OFFICE_NAME.format(town), Unit.Kind.FK_OFFICE)
        for town in AF_OFFICES:
            self._unit(self.parties["af"], town, AF_OFFICE_NAME.format(town), Unit.Kind.AF_OFFICE)

    def _unit(self, party, town, name, kind, operator=PUBLIC):
        lookup = {
            "party": party,
            "municipality": self.municipalities[town],
            "name": name,
            "is_demo": True,
        }
        self.units[name] = self._get_or_create(Unit, lookup, kind=kind, operator=operator)

    # Trisam ----------------------------------------------------------------------------------

    def _trisam_teams(self):
        care_units = [(name, started) for _town, name, _operator, started in HEALTH_CENTRES]
        care_units += [(name, started) for _town, name, started in PSYCHIATRY_CLINICS]
        teams_in_area = collections.Counter()
        teams = [(self.units[name], started) for name, started in care_units if started]
        for index, (unit, started) in enumerate(teams):
            town = unit.municipality.name
            group = self._group(
                GroupKind.TRISAM,
                f"Trisam {unit.name}",
                unit=unit,
                municipality=unit.municipality,
                started_on=started,
            )
            self._seat(
                group,
                self.parties["region"],
                Role.REHAB_COORDINATOR,
                started,
                person_key=("rehabkoordinator", unit.name),
                profession="rehabkoordinator",
                unit=unit,
            )
            officers = [
                ("fk", _office_for(FK_OFFICES, town), FK_OFFICE_NAME),
                ("af", _office_for(AF_OFFICES, town), AF_OFFICE_NAME),
                (town, town, IFO_NAME),
            ]
            for party_name, area, unit_name in officers:
                serial = teams_in_area[(party_name, area)] // TEAMS_PER_CASE_OFFICER
                teams_in_area[(party_name, area)] += 1
                self._seat(
                    group,
                    self.party(party_name),
                    Role.CASE_OFFICER,
                    started,
                    person_key=("handläggare", party_name, area, serial),
                    profession=CASE_OFFICER_PROFESSIONS.get(party_name, MUNICIPAL_CASE_OFFICER),
                    unit=self.units[unit_name.format(area)],
                )
            if index % 3 == 2:
                self._seat(
                    group,
                    self.parties["region"],
                    CO_OPTED,
                    started,
                    person_key=("vårdpersonal", unit.name),
                    profession=CARE_PROFESSIONS[index // 3 % len(CARE_PROFESSIONS)],
                    unit=unit,
                )

    # Mysam -----------------------------------------------------------------------------------

    def _mysam_groups(self):
        coordinator_of = {
            town: serial for serial, towns in enumerate(MYSAM_COORDINATORS) for town in towns
        }
        for town in MUNICIPALITIES:
            group = self._group(
                GroupKind.MYSAM,
                f"Mysam {town}",
                municipality=self.municipalities[town],
                started_on=MYSAM_STARTED,
            )
            fk_office = self.units[FK_OFFICE_NAME.format(_office_for(FK_OFFICES, town))]
            af_office = self.units[AF_OFFICE_NAME.format(_office_for(AF_OFFICES, town))]
            health_centres = [self.units[name] for t, name, *_rest in HEALTH_CENTRES if t == town]
            primary_care = next(hc for hc in health_centres if hc.operator == PUBLIC)
            private_care = [hc for hc in health_centres if hc.operator == PRIVATE][:1]
            social_services = self.units[IFO_NAME.format(town)]
            managers = {
                "fk": self._manager(group, fk_office, "enhetschef"),
                "fk_lsa": self._manager(
                    group,
                    fk_office,
                    "lokalt samverkansansvarig",
                    key=("lsa", fk_office.name),
                    note="Lokalt samverkansansvarig",
                ),
                "af": self._manager(group, af_office, "sektionschef"),
                "region": self._manager(group, primary_care, "verksamhetschef"),
                "municipality": self._manager(group, social_services, "enhetschef IFO"),
            }
            for unit in private_care:
                self._manager(group, unit, "verksamhetschef", note="Privat hälsocentral i Hälsoval")
            self._manager(group, self.units[AME_NAME.format(town)], "enhetschef AME")
            for name in MYSAM_CO_OPTED_UNITS.get(town, []):
                unit = self.units[name]
                title = "rektor" if unit.kind == Unit.Kind.SCHOOL else "verksamhetschef"
                self._manager(group, unit, title, role=CO_OPTED)
            self._seat(
                group,
                None,
                GUEST,
                MYSAM_STARTED,
                person_key=("kansli", FEDERATION_GUEST),
                note="Förbundet bjuds alltid in som gäst",
            )
            # Who convened, period by period, as the two decisions say.
            lsa = managers["fk_lsa"]
            self._seat(
                group,
                lsa.party,
                CONVENER,
                MYSAM_STARTED,
                FK_CONVENES_UNTIL,
                person_key=("lsa", fk_office.name),
                note="Försäkringskassan sammankallar enligt beslutet 2016",
            )
            chosen = managers[MYSAM_CHOSEN_CONVENER[town]]
            self._seat(
                group,
                chosen.party,
                CONVENER,
                GROUP_CHOOSES_FROM,
                GROUP_CHOOSES_UNTIL,
                person_key=self._key_of(chosen),
                note="Gruppens val av sammankallande part",
            )
            self._seat(
                group,
                None,
                CONVENER,
                COORDINATORS_FROM,
                person_key=("koordinator", coordinator_of[town]),
                profession="Mysam-koordinator",
                note="Finansieras med samverkansmedel från förbundet",
            )

    def _manager(self, group, unit, profession, role=MEMBER, key=None, note=""):
        """Seat the manager of `unit` in `group` from the group's start; return the manager."""
        key = key or ("chef", unit.name)
        self._seat(
            group,
            unit.party,
            role,
            group.started_on,
            person_key=key,
            profession=profession,
            unit=unit,
            note=note,
        )
        return self.people[key]

    # Boards and working groups ---------------------------------------------------------------

    def _other_group(self, spec):
        group = self._group(
            spec["kind"],
            spec["name"],
            started_on=spec.get("started_on"),
            description=spec.get("description", ""),
        )
        for party_name, role, profession, valid_from, valid_to, note in spec["seats"]:
            self._seat(
                group,
                self.party(party_name),
                role,
                valid_from,
                valid_to,
                person_key=(group.name, party_name, role, valid_from),
                profession=profession,
                note=note,
            )

    # Accounts --------------------------------------------------------------------------------

    def _accounts(self):
        # One hash for all: they share the password, and hashing is slow on purpose.
        password = None
        for account in ACCOUNTS:
            if account.holder[0] == "kansli":
                person = self.people[account.holder]
            else:
                person = self.holders[account.holder]
            user = User.objects.filter(username=account.username).first()
            if user is None:
                user = User(
                    username=account.username,
                    email=f"{account.username}@{DEMO_EMAIL_DOMAIN}",
                    first_name=person.first_name,
                    last_name=person.last_name,
                    role=account.role,
                    is_staff=account.superuser,
                    is_superuser=account.superuser,
                    is_demo=True,
                )
                password = password or make_password(DEMO_PASSWORD)
                user.password = password
                user.save()
                self.summary.created[User] += 1
            elif not user.is_demo:
                raise DemoDataError(
                    _(
                        'Det finns redan ett riktigt konto med användarnamnet "%(username)s". '
                        "Demodata skriver inte över det; inget har ändrats."
                    )
                    % {"username": account.username}
                )
            else:
                self.summary.found[User] += 1
            if person.user_id is None and not hasattr(user, "person"):
                person.user = user
                person.save(update_fields=["user"])
            self.summary.accounts.append((account, person))

    # Building blocks -------------------------------------------------------------------------

    def party(self, name, municipality=None):
        """The party a data entry names: a code, a municipality's name, or None (the förbund)."""
        if name is None:
            return None
        if name == "municipality":
            return municipality.party
        if name in self.parties:
            return self.parties[name]
        return self.municipalities[name].party

    def _group(self, kind, name, **fields):
        # The boards come with the reference data and are used as they are.
        lookup = {"federation": self.federation, "kind": kind, "name": name}
        group = Group.objects.filter(**lookup).first()
        if group is not None:
            self.summary.found[Group] += 1
            return group
        return self._get_or_create(Group, {**lookup, "is_demo": True}, **fields)

    def _seat(
        self,
        group,
        party,
        role,
        valid_from,
        valid_to=None,
        *,
        person_key,
        profession="",
        unit=None,
        note="",
    ):
        """Seat a person in `group`, applying the seat's history: a handover or a vacancy."""
        person = self._person(person_key, party, unit, profession)
        seat = (group.name, role, _label(party))
        handover, vacated = HANDOVERS.get(seat), VACATED.get(seat)
        if handover or vacated:
            self.history_applied.add(seat)
        last_day = handover - datetime.timedelta(days=1) if handover else (vacated or valid_to)
        self._membership(person, group, role, party, valid_from, last_day, note)
        self.holders[seat] = person if last_day is None else None
        if handover:
            successor = self._person(
                (*person_key, group.name, "efterträdare"), party, unit, profession
            )
            self._membership(successor, group, role, party, handover, valid_to, note)
            self.holders[seat] = successor if valid_to is None else None

    def _membership(self, person, group, role, party, valid_from, valid_to, note):
        lookup = {"person": person, "group": group, "role": role, "valid_from": valid_from}
        self._get_or_create(Membership, lookup, party=party, valid_to=valid_to, note=note)

    def _person(self, key, party, unit, profession):
        if key in self.people:
            return self.people[key]
        first_name, last_name, email = next(self.names)
        lookup = {"federation": self.federation, "email": email, "is_demo": True}
        fields = {"first_name": first_name, "last_name": last_name, "profession": profession}
        person = self._get_or_create(Person, lookup, party=party, unit=unit, **fields)
        self.people[key] = person
        return person

    def _key_of(self, person):
        return next(key for key, known in self.people.items() if known == person)

    def _names(self):
        for index in range(len(FIRST_NAMES) * len(LAST_NAMES)):
            first_name = FIRST_NAMES[index % len(FIRST_NAMES)]
            last_name = LAST_NAMES[index % len(LAST_NAMES)]
            email = f"{slugify(first_name)}.{slugify(last_name)}@{DEMO_EMAIL_DOMAIN}"
            # Skipping a pair already used keeps people distinct even if the lists are edited.
            if email not in self.used_emails:
                self.used_emails.add(email)
                yield first_name, last_name, email

    def _get_or_create(self, model, lookup, **fields):
        instance = model.objects.filter(**lookup).first()
        if instance is not None:
            self.summary.found[model] += 1
            return instance
        instance = model(**lookup, **fields)
        instance.full_clean()
        instance.save()
        self.summary.created[model] += 1
        return instance


def _office_for(offices, town):
    return next(office for office, served in offices.items() if town in served)


def _label(party):
    """How the demo data names a party: its code, or its municipality's name."""
    if party is None:
        return None
    if party.kind == Party.Kind.MUNICIPALITY:
        return party.municipality.name
    return party.code
