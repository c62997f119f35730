"""Interventions (insatser) the förbund funds, their goals and planned participants."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.core.models import User, VersionedModel
from samverkan.funding import measures
from samverkan.funding.models.base import Period, year_validators
from samverkan.structure.models import Federation, Group, Party, Person


class Orientation(models.TextChoices):
    """As in Uppföljning Finsam; fixed once the intervention exists."""

    INDIVIDUAL = "individual", _("individinriktad")
    STRUCTURAL = "structural", _("strukturövergripande")


class Intervention(Period, VersionedModel):
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
            *Period.Meta.constraints,
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("funding:intervention", args=[self.code])

    def runs_in_month(self, year, month):
        """Whether any day of the month lies within the intervention's period."""
        return self.starts_on.replace(day=1) <= datetime.date(year, month, 1) <= self.ends_on

    def is_completed_on(self, day):
        return self.ends_on < day

    @property
    def is_completed(self):
        return self.is_completed_on(timezone.localdate())

    def clean(self):
        errors = self.period_errors()
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
                    *self.grants.current().exclude(year__in=years).values_list("year", flat=True),
                    *self.spending.exclude(year__in=years).values_list("year", flat=True),
                }
            )
            if outside:
                errors["ends_on"] = _(
                    "Perioden kan inte kortas så att beviljade medel eller utfall hamnar utanför "
                    "den (%(years)s)."
                ) % {"years": ", ".join(str(year) for year in outside)}
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
    # A follow-up measure's key (`funding.measures`): its figure is shown beside the target.
    measure = models.CharField(
        _("uppföljningsmått"),
        max_length=40,
        blank=True,
        help_text=_("Måttet i uppföljningen som visar hur målet nås, om det finns ett."),
    )
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

    @property
    def measure_label(self):
        return measures.label(self.measure) if self.measure else ""

    def clean(self):
        errors = {}
        if self.measure and measures.MEASURES and self.measure not in measures.MEASURES:
            errors["measure"] = _("Välj ett av uppföljningens mått.")
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


class ParticipantOfficer(models.Model):
    """The intervention's *deltagaransvarig*: one of its own staff, appointed by the förbund,
    who reports its participants by gender to Uppföljning Finsam and therefore may download
    the exact counts of their own intervention (`followup`). That system bars the förbund's
    administrators from the role, and so does the product."""

    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="participant_officers",
        verbose_name=_("insats"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="participant_officer_roles",
        verbose_name=_("person"),
    )
    appointed_at = models.DateTimeField(_("utsedd"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("deltagaransvarig")
        verbose_name_plural = _("deltagaransvariga")
        ordering = ["intervention", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "person"], name="participant_officer_unique"
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.intervention})"

    def clean(self):
        if not (self.intervention_id and self.person_id):
            return
        errors = {}
        if self.person.federation_id != self.intervention.federation_id:
            errors["person"] = _("Personen hör till ett annat förbund.")
        elif self.person.user_id is None:
            errors["person"] = _("Personen har inget konto i Samverkan och kan inte hämta något.")
        elif self.person.user.role == User.Role.FEDERATION_ADMIN or self.person.user.is_superuser:
            errors["person"] = _(
                "Förbundets administratörer kan inte vara deltagaransvariga: Uppföljning Finsam "
                "tillåter det inte. Välj någon i insatsens egen personal."
            )
        if self.intervention.orientation != Orientation.INDIVIDUAL:
            errors["intervention"] = _("Bara individinriktade insatser har deltagare.")
        if errors:
            raise ValidationError(errors)
