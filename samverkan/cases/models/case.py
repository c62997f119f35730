"""The case itself: one individual in one Trisam team, from raising to closure and erasure."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.cases import identity
from samverkan.cases.models.consents import Consent
from samverkan.cases.models.lookups import Gender, IncomeSupportSource
from samverkan.core.models import VersionedModel
from samverkan.structure.models import Group, Municipality, Party, Person

TARGET_AGE_MIN = 16
TARGET_AGE_MAX = 64
FOLLOW_UP_AFTER_MONTHS = 6
# No case is older than the product's reference data: the income-support list every raising
# records starts on this day (migration 0002), the year the first Trisam teams began. An
# earlier raising date is a typing error in the year.
EARLIEST_RAISING_DATE = datetime.date(2014, 1, 1)


def add_months(day, months):
    """`day` moved `months` calendar months on, clamped to the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def too_early_raising_message():
    return _("Aktualiseringsdatumet kan inte ligga före %(date)s. Kontrollera årtalet.") % {
        "date": EARLIEST_RAISING_DATE.isoformat()
    }


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def closed(self):
        return self.filter(closed_on__isnull=False)

    def follow_up_due_by(self, day):
        """Open cases whose six-month follow-up is due on or before `day` and not yet done."""
        return self.open().filter(
            follow_up_due_on__lte=day, meeting_on__isnull=False, follow_up__isnull=True
        )


class Case(VersionedModel):
    """One individual's case in one Trisam team (ärende), raised by one party."""

    class Status(models.TextChoices):
        AWAITING_CONSENT = "awaiting_consent", _("väntar på samtycke")
        AWAITING_MEETING = "awaiting_meeting", _("väntar på teammöte")
        AWAITING_PLAN = "awaiting_plan", _("kartläggning och planering")
        AWAITING_FOLLOW_UP = "awaiting_follow_up", _("väntar på uppföljning")
        READY_TO_CLOSE = "ready_to_close", _("uppföljd, kan avslutas")
        CLOSED = "closed", _("avslutat")

    class ClosureReason(models.TextChoices):
        ENDED_AS_PLANNED = "ended_as_planned", _("avslutat enligt plan")
        NO_LONGER_RELEVANT = "no_longer_relevant", _("avslutat, inte längre aktuellt")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("avbrutet, samtycket återkallat")
        CONSENT_DECLINED = "consent_declined", _("avbrutet, samtycke lämnades inte")
        INDIVIDUAL_LEFT = "individual_left", _("avbrutet, personen avslutade")
        REGISTERED_IN_ERROR = "registered_in_error", _("felregistrerat")

    class Participation(models.TextChoices):
        TOOK_PART = "took_part", _("deltog")
        DID_NOT_TAKE_PART = "did_not_take_part", _("deltog inte")
        DECLINED = "declined", _("tackade nej")

    class ParticipationMode(models.TextChoices):
        IN_PERSON = "in_person", _("på plats")
        DIGITAL = "digital", _("digitalt")

    team = models.ForeignKey(
        Group,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("Trisam-team"),
        limit_choices_to={"kind": "trisam"},
    )
    code = models.CharField(_("ärendekod"), max_length=20, unique=True, editable=False)
    raised_on = models.DateField(_("aktualiserat"))
    raised_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("aktualiserat av")
    )
    raising_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("aktualiserande part")
    )
    question = models.TextField(_("frågeställning"), blank=True)

    # Who the individual is. Blank for protected identities, after a declined consent and after
    # erasure; birth year, gender and municipality stay for the anonymous count.
    protected_identity = models.BooleanField(_("skyddade personuppgifter"), default=False)
    personal_number = models.CharField(
        _("personnummer eller samordningsnummer"), max_length=12, blank=True, db_index=True
    )
    name = models.CharField(_("namn"), max_length=200, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("födelseår"), null=True, blank=True)
    gender = models.CharField(_("kön"), max_length=10, choices=Gender.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("folkbokföringskommun"),
    )
    age_at_raising = models.PositiveSmallIntegerField(_("ålder vid aktualisering"), null=True)
    age_band = models.CharField(_("åldersgrupp"), max_length=10, blank=True, editable=False)
    age_exception_reason = models.TextField(_("skäl för ålder utanför 16–64 år"), blank=True)
    young_outside_work_and_studies = models.BooleanField(
        _("ung utanför arbete och studier"), default=False
    )
    mental_ill_health = models.BooleanField(_("psykisk ohälsa"), default=False)
    newly_arrived = models.BooleanField(_("nyanländ"), default=False)
    income_support_at_raising = models.ManyToManyField(
        IncomeSupportSource,
        related_name="+",
        verbose_name=_("försörjning vid aktualisering"),
        blank=True,
    )

    # The team meeting where the case is discussed: a meeting of the team, when one is planned
    # in the product, and always its date (earlier cases may have only the date).
    meeting_on = models.DateField(_("teammöte"), null=True, blank=True)
    team_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("teamets möte"),
        null=True,
        blank=True,
    )
    # The care units (health centres, adult psychiatry, other care) that took part in the team
    # meeting: for the goal that more than one care unit takes part (docs/followup.md).
    care_units_at_meeting = models.ManyToManyField(
        "structure.Unit",
        related_name="+",
        verbose_name=_("vårdenheter på teammötet"),
        blank=True,
    )
    individual_invited = models.BooleanField(_("personen inbjuden"), null=True, blank=True)
    participation = models.CharField(
        _("personens deltagande"), max_length=20, choices=Participation.choices, blank=True
    )
    participation_mode = models.CharField(
        _("deltog"), max_length=20, choices=ParticipationMode.choices, blank=True
    )
    follow_up_due_on = models.DateField(_("uppföljning senast"), null=True, editable=False)

    closed_on = models.DateField(_("avslutat"), null=True, blank=True)
    closure_reason = models.CharField(
        _("avslutsorsak"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(_("kommentar till avslut"), blank=True)
    closure_exception_reason = models.TextField(
        _("skäl för avslut enligt plan utan hållet teammöte eller planering"), blank=True
    )
    erased_at = models.DateTimeField(_("personuppgifter raderade"), null=True, editable=False)
    is_demo = models.BooleanField(_("demodata"), default=False, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("ärende")
        verbose_name_plural = pgettext_lazy("plural", "ärenden")
        ordering = ["-raised_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(closure_reason=""),
                name="closed_case_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(protected_identity=False) | (Q(personal_number="") & Q(name="")),
                name="protected_identity_has_no_name_or_number",
            ),
        ]
        indexes = [models.Index(fields=["team", "closed_on"], name="case_team_open")]

    def __str__(self):
        # Never the name or the identity number: this string reaches logs and page titles.
        return self.code

    def get_absolute_url(self):
        return reverse("cases:case", args=[self.code])

    def save(self, *args, **kwargs):
        self.age_band = identity.age_band(self.age_at_raising)
        self.follow_up_due_on = (
            add_months(self.meeting_on, FOLLOW_UP_AFTER_MONTHS) if self.meeting_on else None
        )
        super().save(*args, **kwargs)

    def derive_age(self):
        """Age at raising: from the identity number, or from the birth year alone if protected."""
        if self.personal_number and self.raised_on:
            number = identity.parse(self.personal_number, today=self.raised_on)
            self.birth_year = number.birth_year
            self.age_at_raising = number.age_on(self.raised_on)
        elif self.birth_year and self.raised_on:
            # Without a birth date, the age the individual turns in the year of raising.
            self.age_at_raising = self.raised_on.year - self.birth_year

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.raised_on and self.raised_on > today:
            errors["raised_on"] = _("Datumet kan inte ligga i framtiden.")
        elif self.raised_on and self.raised_on < EARLIEST_RAISING_DATE:
            errors["raised_on"] = too_early_raising_message()
        if self.team_id and self.team.kind != "trisam":
            errors["team"] = _("Ärenden hör till Trisam-team.")
        if (
            self.team_id
            and self.raising_party_id
            and self.raising_party.federation_id != self.team.federation_id
        ):
            errors["raising_party"] = _("Parten hör till ett annat förbund än teamet.")
        if (
            self.team_id
            and self.municipality_id
            and self.municipality.federation_id != self.team.federation_id
        ):
            errors["municipality"] = _("Kommunen hör till ett annat förbund än teamet.")
        if self.protected_identity and (self.personal_number or self.name):
            errors["protected_identity"] = _(
                "Personer med skyddade personuppgifter registreras utan namn och personnummer."
            )
        if not self.is_erased and self.closure_reason != self.ClosureReason.CONSENT_DECLINED:
            if not self.protected_identity and not self.personal_number:
                errors["personal_number"] = _("Ange personnummer eller samordningsnummer.")
            if not self.protected_identity and not self.name:
                errors["name"] = _("Ange personens namn.")
            if self.protected_identity and not self.birth_year:
                errors["birth_year"] = _("Ange födelseår.")
        if (
            self.birth_year
            and self.raised_on
            and not (self.raised_on.year - 120 <= self.birth_year <= self.raised_on.year)
        ):
            errors["birth_year"] = _("Födelseåret är inte rimligt.")
        age = self.age_at_raising
        if (
            age is not None
            and not (TARGET_AGE_MIN <= age <= TARGET_AGE_MAX)
            and not self.age_exception_reason.strip()
        ):
            errors["age_exception_reason"] = _(
                "Personen är %(age)s år. Trisam är till för personer 16–64 år; ange skälet om "
                "ärendet ändå ska tas upp."
            ) % {"age": age}
        if self.team_meeting_id:
            if self.team_meeting.group_id != self.team_id:
                errors["team_meeting"] = _("Mötet hör till ett annat team.")
            elif self.team_meeting.is_cancelled:
                errors["team_meeting"] = _("Mötet är inställt. Välj ett annat möte.")
            else:
                self.meeting_on = self.team_meeting.day
        if self.meeting_on and self.raised_on and self.meeting_on < self.raised_on:
            errors["meeting_on"] = _("Teammötet kan inte ligga före aktualiseringen.")
        if self.participation and self.meeting_on and self.meeting_on > today:
            errors["participation"] = _("Deltagandet kan registreras först när mötet har hållits.")
        if self.participation_mode and self.participation != self.Participation.TOOK_PART:
            errors["participation_mode"] = _("Ange hur personen deltog bara om personen deltog.")
        if self.participation == self.Participation.TOOK_PART and self.individual_invited is False:
            errors["participation"] = _("Personen deltog men står som inte inbjuden.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self):
        return self.closed_on is not None

    @property
    def is_erased(self):
        return self.erased_at is not None

    @property
    def is_anonymous(self):
        """Counted without a name: protected identity, declined consent, or erased."""
        return self.protected_identity or not self.personal_number

    def missing_for_planned_closure(self, closed_on):
        """What "ended as planned" means and the case lacks on `closed_on`: [labels], or [].

        As planned means the team met about the case (a team meeting held by the closing day)
        and proposed a plan; the survey and the follow-up are not required.
        """
        missing = []
        if self.meeting_on is None or self.meeting_on > closed_on:
            missing.append(_("ett hållet teammöte"))
        if not self.plan_steps.exists():
            missing.append(_("en föreslagen planering"))
        return missing

    def team_consent(self, day=None):
        """The team consent in effect on `day` (default today), or None."""
        day = day or timezone.localdate()
        for consent in self.consents.all():
            if consent.kind == Consent.Kind.TEAM and consent.is_in_effect_on(day):
                return consent
        return None

    def status(self, today=None):
        today = today or timezone.localdate()
        if self.is_closed:
            return self.Status.CLOSED
        if self.team_consent(today) is None:
            return self.Status.AWAITING_CONSENT
        if self.meeting_on is None or self.meeting_on > today:
            return self.Status.AWAITING_MEETING
        if not self.plan_steps.all():
            return self.Status.AWAITING_PLAN
        if not hasattr(self, "follow_up"):
            return self.Status.AWAITING_FOLLOW_UP
        return self.Status.READY_TO_CLOSE

    def follow_up_is_overdue(self, today=None):
        today = today or timezone.localdate()
        return (
            not self.is_closed
            and self.follow_up_due_on is not None
            and self.follow_up_due_on < today
            and not hasattr(self, "follow_up")
        )
