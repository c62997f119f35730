"""The participant survey: its answers, and the one-time links to answer it without an account."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.cases.models.case import Case
from samverkan.structure.models import Person


class SurveyAnswer(models.IntegerChoices):
    """The fixed answer scale of the participant survey."""

    FULLY = 4, _("stämmer helt")
    MOSTLY = 3, _("stämmer ganska bra")
    HARDLY = 2, _("stämmer ganska dåligt")
    NOT_AT_ALL = 1, _("stämmer inte alls")


class SurveyResponse(models.Model):
    """The individual's answers to the three statements of Gävleborg's Trisam goals."""

    class Source(models.TextChoices):
        PAPER = "paper", _("registrerat av personal från papper")
        LINK = "link", _("besvarat via engångslänk")

    STATEMENTS = {
        "took_part_in_planning": _("Jag var delaktig i planeringen av mitt ärende."),
        "felt_involved": _("Jag kände mig delaktig i den föreslagna planeringen."),
        "plan_fits": _("Den föreslagna planeringen passar mig och mina behov."),
    }

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="survey", verbose_name=_("ärende")
    )
    took_part_in_planning = models.PositiveSmallIntegerField(
        STATEMENTS["took_part_in_planning"], choices=SurveyAnswer.choices
    )
    felt_involved = models.PositiveSmallIntegerField(
        STATEMENTS["felt_involved"], choices=SurveyAnswer.choices
    )
    plan_fits = models.PositiveSmallIntegerField(
        STATEMENTS["plan_fits"], choices=SurveyAnswer.choices
    )
    answered_on = models.DateField(_("besvarad"))
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices)
    entered_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("registrerad av"),
    )

    class Meta:
        verbose_name = _("deltagarenkät")
        verbose_name_plural = pgettext_lazy("plural", "deltagarenkäter")

    def __str__(self):
        return f"{self.case} – {self._meta.verbose_name}"

    def answers(self):
        """[(statement, the answer's label)] in the survey's order."""
        return [
            (statement, getattr(self, f"get_{field}_display")())
            for field, statement in self.STATEMENTS.items()
        ]

    def clean(self):
        if self.answered_on and self.answered_on > timezone.localdate():
            raise ValidationError({"answered_on": _("Datumet kan inte ligga i framtiden.")})


class SurveyLink(models.Model):
    """A one-time link for the individual to answer the survey without an account.

    Only a hash of the token is stored: the link is shown once, to the staff member who made it.
    """

    VALID_DAYS = 30

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="survey_links", verbose_name=_("ärende")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("skapad av")
    )
    expires_at = models.DateTimeField(_("går ut"))
    used_at = models.DateTimeField(_("använd"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("spärrad"), null=True, blank=True)

    class Meta:
        verbose_name = _("enkätlänk")
        verbose_name_plural = _("enkätlänkar")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.case} – {self._meta.verbose_name}"

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and now < self.expires_at
