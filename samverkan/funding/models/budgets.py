"""The förbund's own budget for a year and each member's share of it."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverkan.core.models import VersionedModel
from samverkan.funding.models.base import amount_validators, year_validators
from samverkan.structure.models import Federation, Party


class FederationBudget(VersionedModel):
    """The förbund's own budget for a year: the members' contributions together."""

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("förbund")
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    amount = models.BigIntegerField(_("medlemsbidrag totalt (kr)"), validators=amount_validators)
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False, editable=False)

    class Meta:
        verbose_name = _("förbundsbudget")
        verbose_name_plural = _("förbundsbudgetar")
        ordering = ["federation", "year"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "year"], name="budget_unique_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_amount_positive"),
        ]

    def __str__(self):
        return f"{self.federation} {self.year}"


class ContributionShare(VersionedModel):
    """One member's share of the förbund's budget in a year, in percent of the whole.

    Finsam-lagen 5 §: the state half is paid through Försäkringskassan, the region a quarter and
    the municipalities together a quarter, split among them as the members agree.
    """

    budget = models.ForeignKey(
        FederationBudget, on_delete=models.CASCADE, related_name="shares", verbose_name=_("budget")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="contribution_shares", verbose_name=_("part")
    )
    percent = models.DecimalField(
        _("andel (procent av hela budgeten)"),
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("andel av medlemsbidraget")
        verbose_name_plural = _("andelar av medlemsbidraget")
        ordering = ["budget", "party__order"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "party"], name="share_unique_party"),
            models.CheckConstraint(
                condition=Q(percent__gte=0, percent__lte=100), name="share_percent_range"
            ),
        ]

    def __str__(self):
        return f"{self.party} {self.percent} %"
