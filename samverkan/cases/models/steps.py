"""The steps of a case after consent: preparations, the joint mapping, the plan, the follow-up."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.cases.models.case import Case
from samverkan.cases.models.lookups import IncomeSupportSource
from samverkan.core.models import VersionedModel
from samverkan.structure.models import Party, Person


class Preparation(VersionedModel):
    """One party's preparation note for the team meeting, from its own records."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="preparations", verbose_name=_("ärende")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("part")
    )
    author = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("skriven av")
    )
    note = models.TextField(_("förberedelse"))
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("förberedelse")
        verbose_name_plural = _("förberedelser")
        ordering = ["party__order", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["case", "party"], name="one_preparation_per_party")
        ]

    def __str__(self):
        return f"{self.case} – {self.party}"


class Mapping(VersionedModel):
    """The team's joint mapping of needs and resources, with the standing questions (SIP, GK)."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="mapping", verbose_name=_("ärende")
    )
    health = models.TextField(_("hälsa och vård"), blank=True)
    work = models.TextField(_("arbetsförmåga och arbete"), blank=True)
    social_insurance = models.TextField(_("socialförsäkring"), blank=True)
    social_situation = models.TextField(_("social situation och ekonomi"), blank=True)
    sip_needed = models.BooleanField(_("behövs en SIP?"), null=True)
    sip_actor = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("vem tar initiativ till SIP"),
    )
    joint_mapping_needed = models.BooleanField(
        _("behövs en gemensam kartläggning (GK) av AF och FK?"), null=True
    )
    joint_mapping_actor = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("vem begär GK"),
    )
    recorded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrerad av")
    )
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    TEXT_FIELDS = ("health", "work", "social_insurance", "social_situation")

    class Meta:
        verbose_name = _("kartläggning")
        verbose_name_plural = pgettext_lazy("plural", "kartläggningar")

    def __str__(self):
        return f"{self.case} – {self._meta.verbose_name}"

    def clean(self):
        errors = {}
        if self.sip_needed and not self.sip_actor_id:
            errors["sip_actor"] = _("Ange vilken part som tar initiativ till SIP.")
        if self.joint_mapping_needed and not self.joint_mapping_actor_id:
            errors["joint_mapping_actor"] = _(
                "Ange vilken part som begär den gemensamma kartläggningen."
            )
        if errors:
            raise ValidationError(errors)


class PlanStep(VersionedModel):
    """One step of the proposed plan: the right action, benefit, body and time."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="plan_steps", verbose_name=_("ärende")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    responsible_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarig part")
    )
    action = models.TextField(_("insats eller åtgärd"))
    benefit = models.CharField(_("ersättning eller stöd"), max_length=200, blank=True)
    planned_start = models.DateField(_("planerad start"))

    class Meta:
        verbose_name = _("planeringssteg")
        verbose_name_plural = pgettext_lazy("plural", "planeringssteg")
        ordering = ["order", "planned_start", "pk"]

    def __str__(self):
        return f"{self.case} – {self.order}"


class FollowUp(VersionedModel):
    """The six-month follow-up: was the plan started, and what supports the individual now."""

    class PlanStarted(models.TextChoices):
        YES = "yes", _("ja")
        PARTLY = "partly", _("delvis")
        NO = "no", _("nej")

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="follow_up", verbose_name=_("ärende")
    )
    followed_up_on = models.DateField(_("uppföljt"))
    plan_started = models.CharField(
        _("har planeringen påbörjats?"), max_length=10, choices=PlanStarted.choices
    )
    income_support = models.ManyToManyField(
        IncomeSupportSource, related_name="+", verbose_name=_("försörjning nu")
    )
    note = models.TextField(_("anteckning"), blank=True)
    recorded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrerad av")
    )

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = pgettext_lazy("plural", "uppföljningar")

    def __str__(self):
        return f"{self.case} – {self._meta.verbose_name}"

    def clean(self):
        errors = {}
        if self.followed_up_on and self.followed_up_on > timezone.localdate():
            errors["followed_up_on"] = _("Datumet kan inte ligga i framtiden.")
        elif self.followed_up_on and self.case_id and self.followed_up_on < self.case.raised_on:
            errors["followed_up_on"] = _("Uppföljningen kan inte ligga före aktualiseringen.")
        if errors:
            raise ValidationError(errors)
