"""The individual's consents to a case: for the team, for a SIP, for the follow-up."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.structure.models import Party, Person


class Consent(models.Model):
    """The individual's consent, one record per purpose: the team, a SIP, or the follow-up.

    A consent is specific (which parties, what information, what purpose, how long) and may
    be withdrawn at any time; it is never edited, only withdrawn or replaced by a new one.
    """

    class Kind(models.TextChoices):
        TEAM = "team", _("samtycke till samverkan i Trisam-teamet")
        SIP = "sip", _("samtycke till samordnad individuell plan (SIP)")
        FOLLOW_UP = "follow_up", _("samtycke till att delta i uppföljning")

    class Form(models.TextChoices):
        WRITTEN = "written", _("skriftligt")
        ORAL = "oral", _("muntligt och dokumenterat")

    class Ending(models.TextChoices):
        """How a consent stopped being in effect (see `ending`)."""

        WITHDRAWN = "withdrawn", _("personen återkallade samtycket")
        EXPIRED = "expired", _("giltighetstiden gick ut")
        CASE_CLOSED = "case_closed", _("ärendet avslutades")

    # Named, not imported: the case module imports this one to find its team consent.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="consents", verbose_name=_("ärende")
    )
    kind = models.CharField(_("samtycke till"), max_length=20, choices=Kind.choices)
    parties = models.ManyToManyField(
        Party, related_name="+", verbose_name=_("parter som får dela uppgifter med varandra")
    )
    information = models.TextField(_("vilka uppgifter"))
    purpose = models.TextField(_("för vilket syfte"))
    given_on = models.DateField(_("datum"))
    form = models.CharField(_("form"), max_length=10, choices=Form.choices)
    obtained_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("inhämtat av")
    )
    valid_until = models.DateField(
        _("gäller till och med"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt för att samtycket ska gälla tills ärendet avslutas."),
    )
    withdrawn_on = models.DateField(_("återkallat"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("återkallelsen registrerad av"),
    )
    recorded_at = models.DateTimeField(_("registrerat"), auto_now_add=True)

    class Meta:
        verbose_name = _("samtycke")
        verbose_name_plural = pgettext_lazy("plural", "samtycken")
        ordering = ["given_on", "pk"]

    def __str__(self):
        return f"{self.case} – {self.get_kind_display()}"

    def clean(self):
        errors = {}
        if self.given_on and self.given_on > timezone.localdate():
            errors["given_on"] = _("Samtycket kan inte dateras i framtiden.")
        if self.given_on and self.valid_until and self.valid_until < self.given_on:
            errors["valid_until"] = _("Samtycket kan inte upphöra före det datum det lämnades.")
        if errors:
            raise ValidationError(errors)

    def is_in_effect_on(self, day):
        """Given by `day`, not withdrawn, not expired, and the case not closed.

        Withdrawal takes effect at once, whatever day is asked about after it was recorded.
        """
        if self.withdrawn_on is not None and self.withdrawn_on <= day:
            return False
        if self.given_on > day:
            return False
        if self.valid_until is not None and self.valid_until < day:
            return False
        closed_on = self.case.closed_on
        return closed_on is None or day < closed_on

    def ending(self, today=None):
        """(day, Ending) when and how the consent stopped being in effect; (None, None) if not.

        The first of: withdrawn, past its last valid day (`day` is that last day), or the case
        closed. Ties go to the withdrawal, then to the closure: they say more than a date does.
        """
        today = today or timezone.localdate()
        # Each end by the first day the consent is no longer in effect, so they compare.
        ends = []
        if self.withdrawn_on is not None:
            ends.append((self.withdrawn_on, 0, self.withdrawn_on, self.Ending.WITHDRAWN))
        if self.case.closed_on is not None:
            closed_on = self.case.closed_on
            ends.append((closed_on, 1, closed_on, self.Ending.CASE_CLOSED))
        if self.valid_until is not None and self.valid_until < today:
            first_day_out = self.valid_until + datetime.timedelta(days=1)
            ends.append((first_day_out, 2, self.valid_until, self.Ending.EXPIRED))
        if not ends:
            return None, None
        _first_day_out, _order, day, how = min(ends)
        return day, how
