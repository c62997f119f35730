"""The collaboration structure of a samordningsförbund: who sits where, under which rules.

Nothing here holds personal data of individuals (deltagare); people here are staff.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.core.models import VersionedModel


class Federation(VersionedModel):
    """A samordningsförbund (Finsam association)."""

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn i adresser"), max_length=60, unique=True)
    county = models.CharField(_("län"), max_length=100, blank=True)
    organisation_number = models.CharField(_("organisationsnummer"), max_length=20, blank=True)
    founded_on = models.DateField(_("bildat"), null=True, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)

    class Meta:
        verbose_name = _("samordningsförbund")
        verbose_name_plural = pgettext_lazy("plural", "samordningsförbund")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SubRegion(VersionedModel):
    """A part of the county grouping municipalities, e.g. Västra Gästrikland."""

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="sub_regions", verbose_name=_("förbund")
    )
    name = models.CharField(_("namn"), max_length=100)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("delområde")
        verbose_name_plural = _("delområden")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "name"], name="subregion_unique_name")
        ]

    def __str__(self):
        return self.name


class Municipality(VersionedModel):
    """A municipality (kommun) in the förbund's area."""

    federation = models.ForeignKey(
        Federation,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("förbund"),
    )
    name = models.CharField(_("namn"), max_length=100)
    code = models.CharField(
        _("kommunkod"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{4}$", _("Kommunkoden ska vara fyra siffror."))],
        help_text=_("Fyrsiffrig kommunkod enligt SCB, t.ex. 2180 för Gävle."),
    )
    sub_region = models.ForeignKey(
        SubRegion,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("delområde"),
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("structure:municipality", args=[self.code])

    def clean(self):
        if self.sub_region_id and self.sub_region.federation_id != self.federation_id:
            raise ValidationError({"sub_region": _("Delområdet hör till ett annat förbund.")})


class Party(VersionedModel):
    """A member of the förbund (huvudman): a state agency, the region or a municipality."""

    class Kind(models.TextChoices):
        STATE_AGENCY = "state_agency", _("statlig myndighet")
        REGION = "region", _("region")
        MUNICIPALITY = "municipality", _("kommun")

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="parties", verbose_name=_("förbund")
    )
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("förkortning"), max_length=30, blank=True)
    code = models.SlugField(
        _("kod"), max_length=40, help_text=_("Kort kod som används i datafiler, t.ex. fk.")
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.PROTECT,
        related_name="party",
        verbose_name=_("kommun"),
        null=True,
        blank=True,
        help_text=_("Endast för kommuner: vilken kommun parten är."),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parter")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "code"], name="party_unique_code"),
            models.CheckConstraint(
                condition=Q(kind="municipality", municipality__isnull=False)
                | (~Q(kind="municipality") & Q(municipality__isnull=True)),
                name="party_municipality_iff_kind",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.short_name or self.name

    @property
    def representative_kind(self):
        """Which time budget applies to this party's representatives: state or municipal."""
        return TimeBudget.RepresentativeKind.for_party_kind(self.kind)

    def clean(self):
        if self.kind == self.Kind.MUNICIPALITY and not self.municipality_id:
            raise ValidationError(
                {"municipality": _("En kommun som part måste kopplas till sin kommun.")}
            )
        if self.kind != self.Kind.MUNICIPALITY and self.municipality_id:
            raise ValidationError({"municipality": _("Endast kommuner kopplas till en kommun.")})
        if self.municipality_id and self.municipality.federation_id != self.federation_id:
            raise ValidationError(
                {"municipality": _("Kommunen hör till ett annat förbund än parten.")}
            )


class Unit(VersionedModel):
    """An organisational unit of a party: a care unit, a social-services unit, an office."""

    class Kind(models.TextChoices):
        HEALTH_CENTRE = "health_centre", _("hälsocentral")
        ADULT_PSYCHIATRY = "adult_psychiatry", _("vuxenpsykiatrisk öppenvårdsmottagning")
        OTHER_CARE = "other_care", _("annan vårdenhet")
        IFO = "ifo", _("individ- och familjeomsorg (IFO)")
        HO = "ho", _("hälsa och omsorg (HO)")
        AME = "ame", _("arbetsmarknadsenhet (AME)")
        SCHOOL = "school", _("skola")
        FK_OFFICE = "fk_office", _("Försäkringskassans kontor")
        AF_OFFICE = "af_office", _("Arbetsförmedlingens kontor")

    class Operator(models.TextChoices):
        PUBLIC = "public", _("offentlig regi")
        PRIVATE = "private", _("privat i Hälsoval")

    # The 2022 goal: every primary-care unit and adult-psychiatry outpatient clinic has a team.
    TRISAM_EXPECTED_KINDS = (Kind.HEALTH_CENTRE, Kind.ADULT_PSYCHIATRY)
    CARE_KINDS = (Kind.HEALTH_CENTRE, Kind.ADULT_PSYCHIATRY, Kind.OTHER_CARE)

    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="units", verbose_name=_("part")
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    operator = models.CharField(
        _("driftform"),
        max_length=10,
        choices=Operator.choices,
        default=Operator.PUBLIC,
        help_text=_("Hälsocentraler kan drivas privat inom Hälsoval."),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="units", verbose_name=_("kommun")
    )
    closed_on = models.DateField(
        _("avvecklad"),
        null=True,
        blank=True,
        help_text=_(
            "Första dagen enheten inte längre finns; från den dagen räknas den inte i täckningen."
        ),
    )
    is_demo = models.BooleanField(_("demodata"), default=False, editable=False)

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["municipality__name", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("structure:unit", args=[self.pk])

    def is_open_on(self, day):
        return self.closed_on is None or self.closed_on > day

    @property
    def is_care_unit(self):
        return self.kind in self.CARE_KINDS

    def clean(self):
        errors = {}
        if (
            self.party_id
            and self.municipality_id
            and self.party.federation_id != self.municipality.federation_id
        ):
            errors["municipality"] = _("Kommunen hör till ett annat förbund än parten.")
        if self.operator == self.Operator.PRIVATE and self.kind != self.Kind.HEALTH_CENTRE:
            errors["operator"] = _("Endast hälsocentraler kan drivas privat inom Hälsoval.")
        if errors:
            raise ValidationError(errors)


class Person(VersionedModel):
    """A member of staff of a party, or of the förbund itself when no party is set."""

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="people", verbose_name=_("förbund")
    )
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("anställd hos part"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt för förbundets egen personal (kansliet)."),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        related_name="staff",
        verbose_name=_("enhet"),
        null=True,
        blank=True,
    )
    profession = models.CharField(_("yrke eller befattning"), max_length=100, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name=_("inloggning"),
        null=True,
        blank=True,
    )
    is_demo = models.BooleanField(_("demodata"), default=False, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("structure:person", args=[self.pk])

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def employer_label(self):
        return self.party.label if self.party_id else self.federation.name

    def clean(self):
        errors = {}
        if self.party_id and self.party.federation_id != self.federation_id:
            errors["party"] = _("Parten hör till ett annat förbund.")
        if self.unit_id and self.unit.party_id != self.party_id:
            errors["unit"] = _("Enheten hör inte till personens arbetsgivare.")
        if errors:
            raise ValidationError(errors)


class GroupKind(models.TextChoices):
    FEDERATION_BOARD = "federation_board", _("förbundsstyrelse")
    COUNTY_BOARD = "county_board", _("Länsledning Välfärd")
    MYSAM = "mysam", _("Mysam")
    TRISAM = "trisam", _("Trisam-team")
    WORKING_GROUP = "working_group", _("arbetsgrupp")
    STEERING_GROUP = "steering_group", _("styrgrupp")


class GroupQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(started_on__isnull=True) | Q(started_on__lte=day)).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )


class Group(VersionedModel):
    """A group at some level of the structure: a board, a Mysam group, a Trisam team, …"""

    Kind = GroupKind

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="groups", verbose_name=_("förbund")
    )
    kind = models.CharField(_("typ"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(_("namn"), max_length=200)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="groups",
        verbose_name=_("kommun"),
        null=True,
        blank=True,
        help_text=_("Krävs för Mysam; för Trisam-team följer kommunen av enheten."),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="groups",
        verbose_name=_("vårdenhet"),
        null=True,
        blank=True,
        help_text=_("Krävs för Trisam-team: den vårdenhet där teamet finns."),
    )
    description = models.TextField(_("beskrivning"), blank=True)
    started_on = models.DateField(_("startade"), null=True, blank=True)
    ended_on = models.DateField(_("avslutades"), null=True, blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False, editable=False)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("grupp")
        verbose_name_plural = _("grupper")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="mysam") | Q(municipality__isnull=False),
                name="group_mysam_has_municipality",
            ),
            models.CheckConstraint(
                condition=~Q(kind="trisam") | Q(unit__isnull=False),
                name="group_trisam_has_unit",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="group_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(kind="mysam", ended_on__isnull=True),
                name="group_one_open_mysam_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(kind="trisam", ended_on__isnull=True),
                name="group_one_open_trisam_per_unit",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("structure:group", args=[self.pk])

    def is_active_on(self, day):
        return (self.started_on is None or self.started_on <= day) and (
            self.ended_on is None or self.ended_on >= day
        )

    @property
    def is_active(self):
        return self.is_active_on(timezone.localdate())

    def clean(self):
        errors = {}
        if self.kind == GroupKind.MYSAM and not self.municipality_id:
            errors["municipality"] = _("En Mysam-grupp hör till en kommun.")
        if self.kind == GroupKind.TRISAM:
            if not self.unit_id:
                errors["unit"] = _("Ett Trisam-team hör till en vårdenhet.")
            elif not self.unit.is_care_unit:
                errors["unit"] = _("Ett Trisam-team kan bara byggas vid en vårdenhet.")
            else:
                self.municipality_id = self.unit.municipality_id
        elif self.unit_id:
            errors["unit"] = _("Endast Trisam-team kopplas till en vårdenhet.")
        for field, message in self._other_federation_errors().items():
            errors.setdefault(field, message)
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("Slutdatum kan inte ligga före startdatum.")
        if not errors and self.ended_on is None:
            errors.update(self._open_duplicate_errors())
        if errors:
            raise ValidationError(errors)

    def _other_federation_errors(self):
        """Links to another förbund's records; a Trisam team's municipality follows its unit."""
        if not self.federation_id:
            return {}
        if self.unit_id and self.unit.party.federation_id != self.federation_id:
            return {"unit": _("Enheten hör till ett annat förbund än gruppen.")}
        if self.municipality_id and self.municipality.federation_id != self.federation_id:
            return {"municipality": _("Kommunen hör till ett annat förbund än gruppen.")}
        return {}

    def _open_duplicate_errors(self):
        others = Group.objects.filter(kind=self.kind, ended_on__isnull=True).exclude(pk=self.pk)
        if (
            self.kind == GroupKind.MYSAM
            and others.filter(municipality=self.municipality_id).exists()
        ):
            return {"municipality": _("Kommunen har redan en Mysam-grupp.")}
        if self.kind == GroupKind.TRISAM and others.filter(unit=self.unit_id).exists():
            return {"unit": _("Vårdenheten har redan ett Trisam-team.")}
        return {}


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def current(self):
        return self.active_on(timezone.localdate())


class Membership(VersionedModel):
    """A person's seat in a group, for a party, over a period. Ended, never deleted."""

    class Role(models.TextChoices):
        MEMBER = "member", _("ordinarie ledamot")
        CONVENER = "convener", _("sammankallande/koordinator")
        PROCESS_LEADER = "process_leader", _("processledare")
        TRISAM_DEVELOPER = "trisam_developer", _("Trisam-utvecklare")
        REHAB_COORDINATOR = "rehab_coordinator", _("rehabkoordinator")
        CASE_OFFICER = "case_officer", _("handläggare")
        CO_OPTED = "co_opted", _("adjungerad vid behov")
        GUEST = "guest", _("gäst")

    # Who convenes a group: the coordinator, and in a Trisam team the rehab coordinator.
    CONVENING_ROLES = (Role.CONVENER, Role.REHAB_COORDINATOR)
    # Co-opted members and guests come when needed; they do not make a party represented.
    NON_ORDINARY_ROLES = (Role.CO_OPTED, Role.GUEST)
    # The seats that represent a party in full: they owe pre-reads and count in time accounts.
    ORDINARY_ROLES = (Role.MEMBER, Role.CONVENER, Role.REHAB_COORDINATOR, Role.CASE_OFFICER)
    # The seats that work with a Trisam team's cases. Process leaders, Trisam developers and
    # guests sit in teams without seeing cases.
    CASE_ROLES = (*ORDINARY_ROLES, Role.CO_OPTED)

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("grupp")
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("representerar part"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt när personen deltar för förbundet."),
    )
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till och med"), null=True, blank=True)
    note = models.CharField(_("anteckning"), max_length=200, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = pgettext_lazy("plural", "medlemskap")
        ordering = ["group", "party__order", "person__last_name", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="membership_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.group} ({self.get_role_display()})"

    def is_active_on(self, day):
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    @property
    def is_current(self):
        return self.is_active_on(timezone.localdate())

    @property
    def is_convening(self):
        return self.role in self.CONVENING_ROLES

    def clean(self):
        errors = {}
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = _("Slutdatum kan inte ligga före startdatum.")
        if self.party_id and self.group_id and self.party.federation_id != self.group.federation_id:
            errors["party"] = _("Parten hör till ett annat förbund än gruppen.")
        if (
            self.person_id
            and self.group_id
            and self.person.federation_id != self.group.federation_id
        ):
            errors["person"] = _("Personen hör till ett annat förbund än gruppen.")
        if not errors and self.person_id and self.group_id and self.valid_from:
            overlapping = (
                Membership.objects.filter(
                    person=self.person_id, group=self.group_id, role=self.role
                )
                .exclude(pk=self.pk)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
            )
            if self.valid_to:
                overlapping = overlapping.filter(valid_from__lte=self.valid_to)
            if overlapping.exists():
                errors["valid_from"] = _(
                    "Personen har redan samma roll i gruppen under en del av perioden."
                )
        if errors:
            raise ValidationError(errors)


class Decision(VersionedModel):
    """A decision that sets the structure's rules, e.g. the Mysam structure of 2016-05-20."""

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("förbund")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    decided_on = models.DateField(
        _("beslutsdatum"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt om beslutsdatumet inte framgår av underlaget."),
    )
    decided_by = models.CharField(_("beslutat av"), max_length=200, blank=True)
    effective_from = models.DateField(_("gäller från"))
    effective_until = models.DateField(
        _("gäller till och med"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt när beslutet gäller tills vidare."),
    )
    review_rhythm = models.CharField(_("avstämning"), max_length=200, blank=True)
    follow_up = models.CharField(_("uppföljning"), max_length=200, blank=True)
    follow_up_by = models.DateField(_("följs upp senast"), null=True, blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("strukturbeslut")
        verbose_name_plural = pgettext_lazy("plural", "strukturbeslut")
        ordering = ["-effective_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="decision_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("structure:decision", args=[self.pk])

    def clean(self):
        if (
            self.effective_until
            and self.effective_from
            and self.effective_until < self.effective_from
        ):
            raise ValidationError(
                {"effective_until": _("Slutdatum kan inte ligga före startdatum.")}
            )


class GroupRule(VersionedModel):
    """The rules a decision sets for one kind of group.

    A field left empty means "this decision says nothing about it": the rule in force is then
    whatever an earlier decision set (see `samverkan.structure.rules`). A rule may narrow its
    decision's period, e.g. "FK convenes until 2017-06-30".
    """

    class Responsible(models.TextChoices):
        COORDINATOR = "coordinator", _("koordinatorn")
        PARTY = "party", _("en utsedd part")
        GROUP_CHOOSES = "group_chooses", _("den part gruppen väljer")
        REHAB_COORDINATOR = "rehab_coordinator", _("rehabkoordinatorn")

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="rules", verbose_name=_("beslut")
    )
    group_kind = models.CharField(_("grupptyp"), max_length=20, choices=GroupKind.choices)
    valid_from = models.DateField(
        _("gäller från"), null=True, blank=True, help_text=_("Tomt: från beslutets startdatum.")
    )
    valid_until = models.DateField(
        _("gäller till och med"),
        null=True,
        blank=True,
        help_text=_("Tomt: så länge beslutet gäller."),
    )
    meetings_per_year = models.PositiveSmallIntegerField(_("möten per år"), null=True, blank=True)
    meeting_minutes = models.PositiveSmallIntegerField(
        _("mötestid i minuter"), null=True, blank=True
    )
    convener = models.CharField(
        _("sammankallar"), max_length=20, choices=Responsible.choices, blank=True
    )
    chair = models.CharField(
        _("leder mötet"), max_length=20, choices=Responsible.choices, blank=True
    )
    minute_taker = models.CharField(
        _("skriver minnesanteckningar"), max_length=20, choices=Responsible.choices, blank=True
    )
    responsible_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("utsedd part"),
        null=True,
        blank=True,
        help_text=_(
            "Den part som sammankallar, leder eller skriver när regeln anger en utsedd part."
        ),
    )
    information_items_allowed = models.BooleanField(
        _("informationspunkter tillåtna på mötet"), null=True, blank=True
    )
    pre_reads_required = models.BooleanField(
        _("parterna skickar information före mötet"), null=True, blank=True
    )
    pre_read_working_days = models.PositiveSmallIntegerField(
        _("förhandsinformation senast, arbetsdagar före mötet"),
        null=True,
        blank=True,
        help_text=_("Tomt: fem arbetsdagar före mötet."),
    )
    steering_group_for_funded_work = models.BooleanField(
        _("styrgrupp för förbundsfinansierade insatser"), null=True, blank=True
    )
    federation_invited_as_guest = models.BooleanField(
        _("förbundet bjuds in som gäst"), null=True, blank=True
    )
    federation_news_slot = models.BooleanField(
        _("förbundet får tidsatt utrymme för nyheter"), null=True, blank=True
    )
    preparation_factor = models.DecimalField(
        _("faktor för förberedelsetid"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Mötestid gånger faktorn ger den tid som räknas, t.ex. 2 för Trisam-handläggare."
        ),
    )
    required_parties = models.ManyToManyField(
        Party,
        related_name="+",
        verbose_name=_("parter som ska vara representerade"),
        blank=True,
    )
    requires_own_municipality = models.BooleanField(
        _("gruppens kommun ska vara representerad"), null=True, blank=True
    )
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        verbose_name = _("regel")
        verbose_name_plural = _("regler")
        ordering = ["decision", "group_kind", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="grouprule_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.decision}: {self.get_group_kind_display()}"

    @property
    def starts(self):
        return self.valid_from or self.decision.effective_from

    @property
    def ends(self):
        if self.valid_until and self.decision.effective_until:
            return min(self.valid_until, self.decision.effective_until)
        return self.valid_until or self.decision.effective_until

    def is_in_force_on(self, day):
        return self.starts <= day and (self.ends is None or self.ends >= day)

    def clean(self):
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("Slutdatum kan inte ligga före startdatum.")
        uses_party = self.Responsible.PARTY in (self.convener, self.chair, self.minute_taker)
        if uses_party and not self.responsible_party_id:
            errors["responsible_party"] = _("Ange vilken part som är utsedd.")
        elif (
            self.responsible_party_id
            and self.decision_id
            and self.responsible_party.federation_id != self.decision.federation_id
        ):
            errors["responsible_party"] = _("Parten hör till ett annat förbund än beslutet.")
        if errors:
            raise ValidationError(errors)


class StandingItem(models.Model):
    """An item a rule puts on every meeting's agenda, e.g. "Erfarenheter från Trisam"."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("beslut")
        DIALOGUE = "dialogue", _("dialog")
        FOLLOW_UP = "follow_up", _("uppföljning")
        EXPERIENCES = "experiences", _("erfarenheter")
        FEDERATION_NEWS = "federation_news", _("förbundets nyheter")
        OTHER = "other", _("övrigt")

    rule = models.ForeignKey(
        GroupRule, on_delete=models.CASCADE, related_name="standing_items", verbose_name=_("regel")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("stående punkt")
        verbose_name_plural = _("stående punkter")
        ordering = ["rule", "order", "pk"]

    def __str__(self):
        return self.title


class TimeBudget(models.Model):
    """Hours a year a representative of a kind of party commits to a kind of group."""

    class RepresentativeKind(models.TextChoices):
        STATE = "state", _("statens representanter")
        MUNICIPAL = "municipal", _("kommunens representanter")
        REGION = "region", _("regionens representanter")

        @classmethod
        def for_party_kind(cls, party_kind):
            return {
                Party.Kind.STATE_AGENCY: cls.STATE,
                Party.Kind.MUNICIPALITY: cls.MUNICIPAL,
                Party.Kind.REGION: cls.REGION,
            }[party_kind]

    rule = models.ForeignKey(
        GroupRule, on_delete=models.CASCADE, related_name="time_budgets", verbose_name=_("regel")
    )
    representative_kind = models.CharField(
        _("representanter"), max_length=20, choices=RepresentativeKind.choices
    )
    hours_per_year = models.PositiveSmallIntegerField(_("timmar per år"))

    class Meta:
        verbose_name = _("tidsåtagande")
        verbose_name_plural = _("tidsåtaganden")
        ordering = ["rule", "representative_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "representative_kind"], name="timebudget_one_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_representative_kind_display()}: {self.hours_per_year} h"
