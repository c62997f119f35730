"""The parties' units (care units, social services, offices) and the staff who work there."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import VersionedModel
from samverkan.structure.models.federation import Federation, Municipality, Party


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
