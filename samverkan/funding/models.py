"""The förbund's money: interventions (insatser) with goals, applications, decisions that become
grants, what was used (utfall), hourly rates for compensated time, and the förbund's own budget
by contributor.

Amounts are whole kronor in integer columns, never floats. Nothing here is deleted through the
product: a changed decision is a new decision that supersedes the old one. No personal data of
individuals lives here; participants are counted from cases, never named.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.core.models import VersionedModel
from samverkan.structure.models import Federation, Group, GroupKind, Party

# Years a grant, plan or rate may name: wide enough for history and planning, narrow enough to
# catch a typed 20222.
FIRST_YEAR = 2000
LAST_YEAR = 2100
year_validators = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
amount_validators = [MinValueValidator(0)]


class Orientation(models.TextChoices):
    """As in Uppföljning Finsam; fixed once the intervention exists."""

    INDIVIDUAL = "individual", _("individinriktad")
    STRUCTURAL = "structural", _("strukturövergripande")


class Intervention(VersionedModel):
    """An insats the förbund funds: what it is for, for whom, its goals and who steers it."""

    class Compensation(models.TextChoices):
        AMOUNT = "amount", _("använda kronor (utfall registreras)")
        TEAM_HOURS = "team_hours", _("tid i Trisam-team × faktor, värderad med timpris")

    federation = models.ForeignKey(
        Federation,
        on_delete=models.PROTECT,
        related_name="interventions",
        verbose_name=_("förbund"),
    )
    code = models.SlugField(
        _("kod"),
        max_length=60,
        help_text=_("Kort kod som används i adresser och importfiler, t.ex. trisam-timmar-2022."),
    )
    name = models.CharField(_("namn"), max_length=200)
    orientation = models.CharField(
        _("inriktning"),
        max_length=20,
        choices=Orientation.choices,
        help_text=_("Kan inte ändras när insatsen är skapad, som i Uppföljning Finsam."),
    )
    starts_on = models.DateField(_("startar"))
    ends_on = models.DateField(_("slutar"))
    purpose = models.TextField(_("syfte"), blank=True)
    target_group = models.TextField(_("målgrupp"), blank=True)
    steering_group = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="steered_interventions",
        verbose_name=_("styrgrupp"),
        null=True,
        blank=True,
    )
    steered_by_mysam = models.BooleanField(
        _("styrs av Mysam i varje kommun"),
        default=False,
        help_text=_("Sedan 2022 är Mysam-gruppen i varje kommun styrgrupp för sin del."),
    )
    owner = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="owned_interventions",
        verbose_name=_("insatsägare"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt när förbundet självt äger insatsen."),
    )
    compensation = models.CharField(
        _("ersättning"),
        max_length=20,
        choices=Compensation.choices,
        default=Compensation.AMOUNT,
    )
    compensation_note = models.TextField(_("vad som ersätts"), blank=True)
    counts_cases = models.BooleanField(
        _("deltagare räknas från Trisam-ärenden"),
        default=False,
        help_text=_("Deltagare per kön hämtas från ärenden som aktualiserats under perioden."),
    )
    source = models.CharField(_("källa"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demodata"), default=False, editable=False)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["federation", "code"], name="intervention_unique_code"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="intervention_period"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("funding:intervention", args=[self.code])

    @property
    def years(self):
        """The calendar years the intervention runs in, first to last."""
        return list(range(self.starts_on.year, self.ends_on.year + 1))

    def is_completed_on(self, day):
        return self.ends_on < day

    @property
    def is_completed(self):
        return self.is_completed_on(timezone.localdate())

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Slutdatumet kan inte ligga före startdatumet.")
        errors.update(period_year_errors(self.starts_on, self.ends_on))
        if self.pk:
            errors.update(self._change_errors())
        if (
            self.steering_group_id
            and self.federation_id
            and self.steering_group.federation_id != self.federation_id
        ):
            errors["steering_group"] = _("Gruppen hör till ett annat förbund.")
        if self.owner_id and self.federation_id and self.owner.federation_id != self.federation_id:
            errors["owner"] = _("Parten hör till ett annat förbund.")
        if (
            self.compensation == self.Compensation.TEAM_HOURS
            and self.orientation == Orientation.STRUCTURAL
        ):
            errors["compensation"] = _(
                "Tid i Trisam-team ersätts i individinriktade insatser, inte strukturövergripande."
            )
        if errors:
            raise ValidationError(errors)

    def _change_errors(self):
        """What an edit may not change once the intervention exists or has money on it."""
        errors = {}
        stored = type(self).objects.filter(pk=self.pk).values("orientation", "compensation").first()
        if stored is None:
            return errors
        if stored["orientation"] != self.orientation:
            errors["orientation"] = _(
                "Inriktningen kan inte ändras när insatsen är skapad. Registrera en ny insats "
                "med ett annat namn i stället."
            )
        if stored["compensation"] != self.compensation and self.spending.exists():
            # Outcome already entered would be counted beside the valued hours, or lost.
            errors["compensation"] = _(
                "Ersättningsformen kan inte ändras när utfall finns registrerat för insatsen."
            )
        if self.starts_on and self.ends_on and not errors.get("ends_on"):
            years = set(self.years)
            outside = sorted(
                {
                    *Grant.objects.current()
                    .filter(intervention=self)
                    .exclude(year__in=years)
                    .values_list("year", flat=True),
                    *self.spending.exclude(year__in=years).values_list("year", flat=True),
                }
            )
            if outside:
                errors["ends_on"] = _(
                    "Perioden kan inte kortas så att beviljade medel eller utfall hamnar utanför "
                    "den (%(years)s)."
                ) % {"years": ", ".join(str(year) for year in outside)}
        return errors


def period_year_errors(starts_on, ends_on):
    """Dates outside the years money may name (a typed 0202 or 9999) give an error."""
    errors = {}
    for field, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day and not (FIRST_YEAR <= day.year <= LAST_YEAR):
            errors[field] = _("Ange ett datum mellan år %(first)s och %(last)s.") % {
                "first": FIRST_YEAR,
                "last": LAST_YEAR,
            }
    return errors


class Goal(VersionedModel):
    """One goal of an intervention with the indicator that follows it up.

    Baselines and targets are split women / men / other where the goal concerns people.
    """

    class Direction(models.TextChoices):
        INCREASE = "increase", _("ska öka")
        DECREASE = "decrease", _("ska minska")
        REACH = "reach", _("ska nå målvärdet")

    class Unit(models.TextChoices):
        SHARE = "share", _("andel i procent")
        COUNT = "count", _("antal")
        OTHER = "other", _("beskrivs i text")

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="goals", verbose_name=_("insats")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    aim = models.CharField(_("mål"), max_length=300)
    indicator = models.CharField(_("indikator"), max_length=300)
    direction = models.CharField(_("riktning"), max_length=20, choices=Direction.choices)
    unit = models.CharField(_("enhet"), max_length=20, choices=Unit.choices, default=Unit.SHARE)
    by_gender = models.BooleanField(_("delas upp på kvinnor, män och annan"), default=True)
    baseline_women = models.DecimalField(
        _("utgångsvärde kvinnor"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    baseline_men = models.DecimalField(
        _("utgångsvärde män"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    baseline_other = models.DecimalField(
        _("utgångsvärde annan"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    baseline_total = models.DecimalField(
        _("utgångsvärde totalt"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    target_women = models.DecimalField(
        _("målvärde kvinnor"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    target_men = models.DecimalField(
        _("målvärde män"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    target_other = models.DecimalField(
        _("målvärde annan"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    target_total = models.DecimalField(
        _("målvärde totalt"), max_digits=10, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = pgettext_lazy("plural", "mål")
        ordering = ["intervention", "order", "pk"]

    def __str__(self):
        return self.indicator

    GENDER_PARTS = ("women", "men", "other")

    def clean(self):
        errors = {}
        if not self.by_gender:
            for prefix in ("baseline", "target"):
                for part in self.GENDER_PARTS:
                    if getattr(self, f"{prefix}_{part}") is not None:
                        errors[f"{prefix}_{part}"] = _(
                            "Målet delas inte upp på kön; ange bara totalvärdet."
                        )
        if self.unit == self.Unit.SHARE:
            for prefix in ("baseline", "target"):
                for part in (*self.GENDER_PARTS, "total"):
                    value = getattr(self, f"{prefix}_{part}")
                    if value is not None and not (0 <= value <= 100):
                        errors[f"{prefix}_{part}"] = _("En andel ligger mellan 0 och 100 procent.")
        for prefix in ("baseline", "target"):
            for part in (*self.GENDER_PARTS, "total"):
                value = getattr(self, f"{prefix}_{part}")
                if value is not None and value < 0:
                    errors[f"{prefix}_{part}"] = _("Värdet kan inte vara negativt.")
        if errors:
            raise ValidationError(errors)


class ParticipantPlan(VersionedModel):
    """How many participants an intervention plans for in a year (budgeterade deltagare)."""

    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="participant_plans",
        verbose_name=_("insats"),
    )
    year = models.PositiveSmallIntegerField(_("år"), validators=year_validators)
    planned = models.PositiveIntegerField(_("planerade deltagare"))

    class Meta:
        verbose_name = _("planerade deltagare")
        verbose_name_plural = _("planerade deltagare")
        ordering = ["intervention", "year"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "year"], name="plan_unique_year")
        ]

    def __str__(self):
        return f"{self.intervention} {self.year}: {self.planned}"

    def clean(self):
        if self.intervention_id and self.year and self.year not in self.intervention.years:
            raise ValidationError({"year": _("Året ligger utanför insatsens period.")})


class Application(VersionedModel):
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
    starts_on = models.DateField(_("startar"))
    ends_on = models.DateField(_("slutar"))
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
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="application_period"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("funding:application", args=[self.pk])

    @property
    def years(self):
        return list(range(self.starts_on.year, self.ends_on.year + 1))

    def current_decision(self):
        """The decision in force: the latest one that no later decision supersedes."""
        return self.decisions.filter(superseded_by__isnull=True).order_by("-registered_at").first()

    @property
    def status(self):
        decision = self.current_decision()
        return decision.outcome if decision else self.Status.PENDING

    def get_status_display(self):
        return self.Status(self.status).label

    def requested_total(self):
        return sum(line.amount for line in self.amounts.all())

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Slutdatumet kan inte ligga före startdatumet.")
        errors.update(period_year_errors(self.starts_on, self.ends_on))
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

    def granted_total(self):
        return sum(grant.amount for grant in self.grants.all())


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
            first = intervention.starts_on.replace(day=1)
            if not (first <= datetime.date(self.year, self.month, 1) <= intervention.ends_on):
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
