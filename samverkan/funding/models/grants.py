"""Applications for samverkansmedel, the förbund's decisions on them, and the grants they become.

A decision is never edited or deleted: a changed decision is a new one that supersedes it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import VersionedModel
from samverkan.funding.models.base import Period, amount_validators, year_validators
from samverkan.funding.models.interventions import Intervention, Orientation
from samverkan.structure.models import Federation, Group, GroupKind, Party


class Application(Period, VersionedModel):
    """An application for samverkansmedel from a Mysam group or a party."""

    class Status(models.TextChoices):
        PENDING = "pending", _("inväntar beslut")
        GRANTED = "granted", _("beviljad")
        PARTLY_GRANTED = "partly_granted", _("delvis beviljad")
        REFUSED = "refused", _("avslagen")

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="applications", verbose_name=_("förbund")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    reference = models.CharField(_("diarienummer"), max_length=60, blank=True)
    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("insats"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt för en ny insats; den skapas när ansökan beviljas."),
    )
    orientation = models.CharField(
        _("inriktning"), max_length=20, choices=Orientation.choices, blank=True
    )
    applicant_group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="funding_applications",
        verbose_name=_("sökande grupp"),
        null=True,
        blank=True,
    )
    applicant_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="funding_applications",
        verbose_name=_("sökande part"),
        null=True,
        blank=True,
    )
    purpose = models.TextField(_("syfte"))
    target_group = models.TextField(_("målgrupp"), blank=True)
    goals = models.TextField(_("mål"), blank=True)
    received_on = models.DateField(_("inkom"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    registered_at = models.DateTimeField(_("registrerad"), default=timezone.now, editable=False)
    is_demo = models.BooleanField(_("demodata"), default=False, editable=False)

    class Meta:
        verbose_name = _("ansökan")
        verbose_name_plural = _("ansökningar")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applicant_group__isnull=False) | Q(applicant_party__isnull=False),
                name="application_has_applicant",
            ),
            *Period.Meta.constraints,
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funding:application", args=[self.pk])

    def current_decision(self):
        """The decision in force: the latest one that no later decision supersedes."""
        return self.decisions.filter(superseded_by__isnull=True).order_by("-registered_at").first()

    def clean(self):
        errors = self.period_errors()
        if not self.applicant_group_id and not self.applicant_party_id:
            errors["applicant_group"] = _("Ange vilken grupp eller part som söker.")
        if self.applicant_group_id and self.federation_id:
            group = self.applicant_group
            if group.federation_id != self.federation_id:
                errors["applicant_group"] = _("Gruppen hör till ett annat förbund.")
            elif group.kind != GroupKind.MYSAM:
                errors["applicant_group"] = _("Bara en Mysam-grupp kan söka som grupp.")
        if (
            self.applicant_party_id
            and self.federation_id
            and self.applicant_party.federation_id != self.federation_id
        ):
            errors["applicant_party"] = _("Parten hör till ett annat förbund.")
        if not self.intervention_id and not self.orientation:
            errors["orientation"] = _("Ange inriktningen för den nya insatsen.")
        if self.intervention_id and self.intervention.federation_id != self.federation_id:
            errors["intervention"] = _("Insatsen hör till ett annat förbund.")
        if errors:
            raise ValidationError(errors)


class ApplicationAmount(models.Model):
    """The amount applied for, per party and year."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("ansökan")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("part")
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    amount = models.BigIntegerField(_("belopp (kr)"), validators=amount_validators)

    class Meta:
        verbose_name = _("sökt belopp")
        verbose_name_plural = _("sökta belopp")
        ordering = ["application", "party__order", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "party", "year"], name="application_amount_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="application_amount_positive"),
        ]

    def __str__(self):
        return f"{self.party} {self.year}: {self.amount}"


class FundingDecision(models.Model):
    """The förbund's decision on funds: it becomes grants. Never edited or deleted; a change is
    a new decision that supersedes this one."""

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("beviljad")
        PARTLY_GRANTED = "partly_granted", _("delvis beviljad")
        REFUSED = "refused", _("avslagen")

    federation = models.ForeignKey(
        Federation,
        on_delete=models.PROTECT,
        related_name="funding_decisions",
        verbose_name=_("förbund"),
    )
    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("insats"),
        null=True,
        blank=True,
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("ansökan"),
        null=True,
        blank=True,
    )
    title = models.CharField(_("rubrik"), max_length=200)
    outcome = models.CharField(_("beslut"), max_length=20, choices=Outcome.choices)
    decided_on = models.DateField(
        _("beslutsdatum"),
        null=True,
        blank=True,
        help_text=_("Tomt när källan inte anger datumet."),
    )
    reference = models.CharField(_("diarienummer"), max_length=60, blank=True)
    decided_by = models.CharField(_("beslutat av"), max_length=200, blank=True)
    motivation = models.TextField(_("motivering"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("ersätter beslut"),
        null=True,
        blank=True,
    )
    source = models.CharField(_("källa"), max_length=300, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerat av"),
    )
    registered_at = models.DateTimeField(_("registrerat"), default=timezone.now, editable=False)
    is_demo = models.BooleanField(_("demodata"), default=False, editable=False)

    class Meta:
        verbose_name = _("finansieringsbeslut")
        verbose_name_plural = _("finansieringsbeslut")
        ordering = ["-registered_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_current(self):
        """Whether no later decision supersedes this one."""
        try:
            self.superseded_by  # noqa: B018
        except FundingDecision.DoesNotExist:
            return True
        return False


class GrantQuerySet(models.QuerySet):
    def current(self):
        """Grants of decisions that no later decision supersedes."""
        return self.filter(decision__superseded_by__isnull=True)


class Grant(models.Model):
    """Samverkansmedel granted to one party for one year of an intervention, in whole kronor."""

    decision = models.ForeignKey(
        FundingDecision, on_delete=models.PROTECT, related_name="grants", verbose_name=_("beslut")
    )
    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="grants", verbose_name=_("insats")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="grants", verbose_name=_("part")
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    amount = models.BigIntegerField(_("belopp (kr)"), validators=amount_validators)
    # The party's row in the decision's table, so a table reads as its source document did.
    row = models.PositiveSmallIntegerField(_("rad"), default=0)

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("beviljat belopp")
        verbose_name_plural = _("beviljade belopp")
        ordering = ["intervention", "row", "party__order", "year"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "party", "year"], name="grant_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="grant_amount_positive"),
        ]

    def __str__(self):
        return f"{self.intervention} · {self.party} {self.year}: {self.amount}"

    def clean(self):
        errors = {}
        if self.intervention_id and self.year and self.year not in self.intervention.years:
            errors["year"] = _("%(year)s ligger utanför insatsens period (%(first)s–%(last)s).") % {
                "year": self.year,
                "first": self.intervention.starts_on.year,
                "last": self.intervention.ends_on.year,
            }
        if (
            self.party_id
            and self.intervention_id
            and self.party.federation_id != self.intervention.federation_id
        ):
            errors["party"] = _("Parten hör till ett annat förbund.")
        if errors:
            raise ValidationError(errors)


class StatedTotal(models.Model):
    """A total as the source document states it, kept so the computed sum can be checked."""

    decision = models.ForeignKey(
        FundingDecision,
        on_delete=models.PROTECT,
        related_name="stated_totals",
        verbose_name=_("beslut"),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    amount = models.BigIntegerField(_("angiven summa (kr)"), validators=amount_validators)

    class Meta:
        verbose_name = _("angiven summa")
        verbose_name_plural = _("angivna summor")
        ordering = ["decision", "year"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "year"], name="stated_total_unique")
        ]

    def __str__(self):
        return f"{self.decision} {self.year}: {self.amount}"
