"""Groups at every level of the structure, and the seats people hold in them over time."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.core.models import VersionedModel
from samverkan.structure.models.federation import Federation, Municipality, Party
from samverkan.structure.models.units import Person, Unit


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
