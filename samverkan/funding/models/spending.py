"""What was used (utfall): money entered or imported per month, the imports it came in, and
the hourly rates that value compensated team time."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.core.models import VersionedModel
from samverkan.funding.models.base import amount_validators, year_validators
from samverkan.funding.models.interventions import Intervention
from samverkan.structure.models import Federation, Party


class SpendingImport(models.Model):
    """One uploaded file of used money: previewed first, then applied entirely or not at all."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("förhandsgranskad")
        APPLIED = "applied", _("genomförd")
        DISCARDED = "discarded", _("avbruten")

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="+", verbose_name=_("förbund")
    )
    file_name = models.CharField(_("filnamn"), max_length=200)
    # The checked rows, ready to apply: [{intervention, party, year, month, amount, previous}].
    rows = models.JSONField(_("rader"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PREVIEWED
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uppladdad av"),
    )
    uploaded_at = models.DateTimeField(_("uppladdad"), default=timezone.now, editable=False)
    applied_at = models.DateTimeField(_("genomförd"), null=True, blank=True)

    class Meta:
        verbose_name = _("import av utfall")
        verbose_name_plural = _("importer av utfall")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.file_name


class Spending(VersionedModel):
    """Money used (utfall) by one party in one month of an intervention, in whole kronor."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="spending", verbose_name=_("insats")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="spending", verbose_name=_("part")
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    month = models.PositiveSmallIntegerField(
        _("månad"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    amount = models.BigIntegerField(_("belopp (kr)"), validators=amount_validators)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    source_import = models.ForeignKey(
        SpendingImport,
        on_delete=models.PROTECT,
        related_name="spending",
        verbose_name=_("import"),
        null=True,
        blank=True,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerat av"),
    )
    entered_at = models.DateTimeField(_("registrerat"), default=timezone.now)
    is_demo = models.BooleanField(_("demodata"), default=False, editable=False)

    class Meta:
        verbose_name = _("utfall")
        verbose_name_plural = pgettext_lazy("plural", "utfall")
        ordering = ["intervention", "year", "month", "party__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "party", "year", "month"], name="spending_unique_month"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="spending_amount_positive"),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="spending_month_valid"
            ),
        ]

    def __str__(self):
        return f"{self.intervention} · {self.party} {self.year}-{self.month:02d}: {self.amount}"

    def clean(self):
        errors = {}
        if self.intervention_id and self.year and self.month and 1 <= self.month <= 12:
            intervention = self.intervention
            if not intervention.runs_in_month(self.year, self.month):
                errors["month"] = _(
                    "Perioden ligger utanför insatsens period (%(start)s – %(end)s)."
                ) % {"start": intervention.starts_on, "end": intervention.ends_on}
        if (
            self.party_id
            and self.intervention_id
            and self.party.federation_id != self.intervention.federation_id
        ):
            errors["party"] = _("Parten hör till ett annat förbund.")
        if errors:
            raise ValidationError(errors)


class HourlyRate(VersionedModel):
    """What one hour of a party's staff is worth in a year, for compensated team time."""

    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="hourly_rates", verbose_name=_("part")
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    rate = models.DecimalField(
        _("timpris (kr)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("timpris")
        verbose_name_plural = _("timpriser")
        ordering = ["year", "party__order"]
        constraints = [
            models.UniqueConstraint(fields=["party", "year"], name="hourly_rate_unique"),
            models.CheckConstraint(condition=Q(rate__gte=0), name="hourly_rate_positive"),
        ]

    def __str__(self):
        return f"{self.party} {self.year}: {self.rate}"
