"""The förbund and its area: sub-regions, municipalities, and the member parties."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
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
