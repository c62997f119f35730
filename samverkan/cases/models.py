"""Trisam cases: an individual's case in one team, from raising to closure and erasure.

Personal data lives only here. Who may see or change it is decided in `cases.policy`; every
change goes through `cases.services`, which writes the access log in the same transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.cases.identity import age_band
from samverkan.core.models import VersionedModel
from samverkan.structure.models import Group, Municipality, Party, Person

TARGET_AGE_MIN = 16
TARGET_AGE_MAX = 64
FOLLOW_UP_AFTER_MONTHS = 6


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


class IncomeSupportSource(models.Model):
    """One entry of the versioned list of income-support sources (försörjningskällor).

    The national code lists are not public (DOMAIN.md §3), so the list is data: an entry is
    retired by ending its validity, never deleted, and old cases keep what they recorded.
    """

    class Direction(models.TextChoices):
        # Gävleborg's goal: fewer on sickness benefit or social assistance, more on activity
        # support, unemployment insurance, study support or wages.
        TOWARDS_SELF_SUPPORT = "towards", _("mot egen försörjning")
        AWAY_FROM_WORK = "away", _("sjukpenning eller försörjningsstöd")
        OTHER = "other", _("övrigt")

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    direction = models.CharField(
        _("grupp i uppföljningen"), max_length=10, choices=Direction.choices
    )
    excludes_others = models.BooleanField(
        _("kan inte kombineras med andra"),
        default=False,
        help_text=_("Gäller ”ingen offentlig försörjning”."),
    )
    valid_from = models.DateField(_("gäller från"))
    valid_to = models.DateField(_("gäller till och med"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("försörjningskälla")
        verbose_name_plural = _("försörjningskällor")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @classmethod
    def valid_on(cls, day):
        return cls.objects.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )


def check_income_support(sources, field):
    """Refuse "no public support" combined with any other source, as the national list does."""
    sources = list(sources)
    if len(sources) > 1 and any(source.excludes_others for source in sources):
        exclusive = next(source for source in sources if source.excludes_others)
        raise ValidationError(
            {
                field: _("”%(name)s” kan inte kombineras med andra försörjningskällor.")
                % {"name": exclusive.name}
            }
        )


class Gender(models.TextChoices):
    """Gender as the individual states it; reports split women, men, other (DOMAIN.md §3)."""

    WOMAN = "woman", _("kvinna")
    MAN = "man", _("man")
    OTHER = "other", _("annan")


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

    BROKEN_OFF = (
        ClosureReason.CONSENT_WITHDRAWN,
        ClosureReason.CONSENT_DECLINED,
        ClosureReason.INDIVIDUAL_LEFT,
    )

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
        self.age_band = age_band(self.age_at_raising)
        self.follow_up_due_on = (
            add_months(self.meeting_on, FOLLOW_UP_AFTER_MONTHS) if self.meeting_on else None
        )
        super().save(*args, **kwargs)

    def derive_age(self):
        """Age at raising: from the identity number, or from the birth year alone if protected."""
        from samverkan.cases import identity

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

    @property
    def is_broken_off(self):
        return self.closure_reason in self.BROKEN_OFF

    @property
    def federation_id(self):
        return self.team.federation_id

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

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="consents", verbose_name=_("ärende")
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

    @property
    def is_in_effect(self):
        return self.is_in_effect_on(timezone.localdate())


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
