"""Structure decisions and the rules they set for each kind of group.

Which rules are in force on a day is worked out in `samverkan.structure.rules`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.core.models import VersionedModel
from samverkan.structure.models.federation import Federation, Party
from samverkan.structure.models.groups import GroupKind


class Decision(VersionedModel):
    """A decision that sets the structure's rules, e.g. the Mysam structure of 2016-05-20."""

    federation = models.ForeignKey(
        Federation, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("förbund")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    decided_on = models.DateField(
        _("beslutsdatum"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt om beslutsdatumet inte framgår av underlaget."),
    )
    decided_by = models.CharField(_("beslutat av"), max_length=200, blank=True)
    effective_from = models.DateField(_("gäller från"))
    effective_until = models.DateField(
        _("gäller till och med"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt när beslutet gäller tills vidare."),
    )
    review_rhythm = models.CharField(_("avstämning"), max_length=200, blank=True)
    follow_up = models.CharField(_("uppföljning"), max_length=200, blank=True)
    follow_up_by = models.DateField(_("följs upp senast"), null=True, blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("strukturbeslut")
        verbose_name_plural = pgettext_lazy("plural", "strukturbeslut")
        ordering = ["-effective_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="decision_ends_after_start",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("structure:decision", args=[self.pk])

    def clean(self):
        if (
            self.effective_until
            and self.effective_from
            and self.effective_until < self.effective_from
        ):
            raise ValidationError(
                {"effective_until": _("Slutdatum kan inte ligga före startdatum.")}
            )


class GroupRule(VersionedModel):
    """The rules a decision sets for one kind of group.

    A field left empty means "this decision says nothing about it": the rule in force is then
    whatever an earlier decision set (see `samverkan.structure.rules`). A rule may narrow its
    decision's period, e.g. "FK convenes until 2017-06-30".
    """

    class Responsible(models.TextChoices):
        COORDINATOR = "coordinator", _("koordinatorn")
        PARTY = "party", _("en utsedd part")
        GROUP_CHOOSES = "group_chooses", _("den part gruppen väljer")
        REHAB_COORDINATOR = "rehab_coordinator", _("rehabkoordinatorn")

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="rules", verbose_name=_("beslut")
    )
    group_kind = models.CharField(_("grupptyp"), max_length=20, choices=GroupKind.choices)
    valid_from = models.DateField(
        _("gäller från"), null=True, blank=True, help_text=_("Tomt: från beslutets startdatum.")
    )
    valid_until = models.DateField(
        _("gäller till och med"),
        null=True,
        blank=True,
        help_text=_("Tomt: så länge beslutet gäller."),
    )
    meetings_per_year = models.PositiveSmallIntegerField(_("möten per år"), null=True, blank=True)
    meeting_minutes = models.PositiveSmallIntegerField(
        _("mötestid i minuter"), null=True, blank=True
    )
    convener = models.CharField(
        _("sammankallar"), max_length=20, choices=Responsible.choices, blank=True
    )
    chair = models.CharField(
        _("leder mötet"), max_length=20, choices=Responsible.choices, blank=True
    )
    minute_taker = models.CharField(
        _("skriver minnesanteckningar"), max_length=20, choices=Responsible.choices, blank=True
    )
    responsible_party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("utsedd part"),
        null=True,
        blank=True,
        help_text=_(
            "Den part som sammankallar, leder eller skriver när regeln anger en utsedd part."
        ),
    )
    information_items_allowed = models.BooleanField(
        _("informationspunkter tillåtna på mötet"), null=True, blank=True
    )
    pre_reads_required = models.BooleanField(
        _("parterna skickar information före mötet"), null=True, blank=True
    )
    pre_read_working_days = models.PositiveSmallIntegerField(
        _("förhandsinformation senast, arbetsdagar före mötet"),
        null=True,
        blank=True,
        help_text=_("Tomt: fem arbetsdagar före mötet."),
    )
    steering_group_for_funded_work = models.BooleanField(
        _("styrgrupp för förbundsfinansierade insatser"), null=True, blank=True
    )
    federation_invited_as_guest = models.BooleanField(
        _("förbundet bjuds in som gäst"), null=True, blank=True
    )
    federation_news_slot = models.BooleanField(
        _("förbundet får tidsatt utrymme för nyheter"), null=True, blank=True
    )
    preparation_factor = models.DecimalField(
        _("faktor för förberedelsetid"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Mötestid gånger faktorn ger den tid som räknas, t.ex. 2 för Trisam-handläggare."
        ),
    )
    required_parties = models.ManyToManyField(
        Party,
        related_name="+",
        verbose_name=_("parter som ska vara representerade"),
        blank=True,
    )
    requires_own_municipality = models.BooleanField(
        _("gruppens kommun ska vara representerad"), null=True, blank=True
    )
    note = models.TextField(_("anteckning"), blank=True)

    class Meta:
        verbose_name = _("regel")
        verbose_name_plural = _("regler")
        ordering = ["decision", "group_kind", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="grouprule_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.decision}: {self.get_group_kind_display()}"

    @property
    def starts(self):
        return self.valid_from or self.decision.effective_from

    @property
    def ends(self):
        if self.valid_until and self.decision.effective_until:
            return min(self.valid_until, self.decision.effective_until)
        return self.valid_until or self.decision.effective_until

    def is_in_force_on(self, day):
        return self.starts <= day and (self.ends is None or self.ends >= day)

    def clean(self):
        errors = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("Slutdatum kan inte ligga före startdatum.")
        uses_party = self.Responsible.PARTY in (self.convener, self.chair, self.minute_taker)
        if uses_party and not self.responsible_party_id:
            errors["responsible_party"] = _("Ange vilken part som är utsedd.")
        elif (
            self.responsible_party_id
            and self.decision_id
            and self.responsible_party.federation_id != self.decision.federation_id
        ):
            errors["responsible_party"] = _("Parten hör till ett annat förbund än beslutet.")
        if errors:
            raise ValidationError(errors)


class StandingItem(models.Model):
    """An item a rule puts on every meeting's agenda, e.g. "Erfarenheter från Trisam"."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("beslut")
        DIALOGUE = "dialogue", _("dialog")
        FOLLOW_UP = "follow_up", _("uppföljning")
        EXPERIENCES = "experiences", _("erfarenheter")
        FEDERATION_NEWS = "federation_news", _("förbundets nyheter")
        OTHER = "other", _("övrigt")

    rule = models.ForeignKey(
        GroupRule, on_delete=models.CASCADE, related_name="standing_items", verbose_name=_("regel")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("stående punkt")
        verbose_name_plural = _("stående punkter")
        ordering = ["rule", "order", "pk"]

    def __str__(self):
        return self.title


class TimeBudget(models.Model):
    """Hours a year a representative of a kind of party commits to a kind of group."""

    class RepresentativeKind(models.TextChoices):
        STATE = "state", _("statens representanter")
        MUNICIPAL = "municipal", _("kommunens representanter")
        REGION = "region", _("regionens representanter")

        @classmethod
        def for_party_kind(cls, party_kind):
            return {
                Party.Kind.STATE_AGENCY: cls.STATE,
                Party.Kind.MUNICIPALITY: cls.MUNICIPAL,
                Party.Kind.REGION: cls.REGION,
            }[party_kind]

    rule = models.ForeignKey(
        GroupRule, on_delete=models.CASCADE, related_name="time_budgets", verbose_name=_("regel")
    )
    representative_kind = models.CharField(
        _("representanter"), max_length=20, choices=RepresentativeKind.choices
    )
    hours_per_year = models.PositiveSmallIntegerField(_("timmar per år"))

    class Meta:
        verbose_name = _("tidsåtagande")
        verbose_name_plural = _("tidsåtaganden")
        ordering = ["rule", "representative_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "representative_kind"], name="timebudget_one_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_representative_kind_display()}: {self.hours_per_year} h"
