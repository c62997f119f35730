"""Meetings of Mysam groups, Trisam teams and other groups: agenda, pre-reads, attendance,
minutes and action items.

A meeting keeps the rules that were in force on its date (copied when it is created or moved),
so a later decision never rewrites how an earlier meeting was run or counted.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from samverkan.core.models import VersionedModel
from samverkan.structure.models import Decision, Group, Party, Person, StandingItem


def new_uid():
    """The iCalendar UID: the same for every update and cancellation of one meeting."""
    return f"{uuid.uuid4()}@samverkan"


class MeetingQuerySet(models.QuerySet):
    def not_cancelled(self):
        return self.exclude(status=Meeting.Status.CANCELLED)


class Meeting(VersionedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("planerat")
        HELD = "held", _("genomfört")
        CANCELLED = "cancelled", _("inställt")

    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("grupp")
    )
    starts_at = models.DateTimeField(_("börjar"))
    duration_minutes = models.PositiveSmallIntegerField(_("längd i minuter"))
    location = models.CharField(_("plats"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    convener = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        related_name="convened_meetings",
        verbose_name=_("sammankallande"),
        null=True,
        blank=True,
    )
    pre_read_deadline = models.DateField(
        _("sista dag för förhandsinformation"), null=True, blank=True
    )
    # The rules in force on the meeting's date, copied from the decisions.
    rules_day = models.DateField(_("regler enligt dagen"), null=True, editable=False)
    decisions = models.ManyToManyField(
        Decision, related_name="+", verbose_name=_("beslut som gällde"), blank=True
    )
    information_items_allowed = models.BooleanField(
        _("informationspunkter tillåtna"), default=True, editable=False
    )
    pre_reads_required = models.BooleanField(
        _("förhandsinformation krävs"), default=False, editable=False
    )
    preparation_factor = models.DecimalField(
        _("faktor för förberedelsetid"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    news_slot = models.BooleanField(_("förbundets nyhetsutrymme"), default=False, editable=False)
    # Calendar identity: updates and cancellations reuse the UID with a higher sequence.
    uid = models.CharField(max_length=100, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    invited_at = models.DateTimeField(_("kallelse skickad"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("inställt den"), null=True, blank=True)
    cancel_reason = models.CharField(
        _("skäl till att mötet ställdes in"), max_length=300, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(_("demodata"), default=False, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["group", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="meeting_has_length")
        ]

    def __str__(self):
        return f"{self.group} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("meetings:meeting", args=[self.pk])

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def day(self):
        """The meeting's date in Swedish time."""
        return timezone.localtime(self.starts_at).date()

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self):
        return self.starts_at < timezone.now()

    @property
    def pre_read_deadline_passed(self):
        """Whether the last day for pre-reads is behind us: later ones are marked late."""
        deadline = self.pre_read_deadline
        return deadline is not None and timezone.localdate() > deadline

    def overlapping(self):
        """Other meetings of the same group, not cancelled, whose time overlaps this one."""
        others = Meeting.objects.not_cancelled().filter(group=self.group_id).exclude(pk=self.pk)
        # An overlap needs the other to start before this ends and end after this starts; the
        # end is computed in Python, since durations differ and databases add intervals apart.
        window_start = self.starts_at - datetime.timedelta(days=1)
        candidates = others.filter(starts_at__lt=self.ends_at, starts_at__gte=window_start)
        return [other for other in candidates if other.ends_at > self.starts_at]

    def current_minutes(self):
        """The latest version of the minutes, or None before anyone started writing them."""
        return self.minutes_versions.order_by("-number").first()

    def published_minutes(self):
        return (
            self.minutes_versions.filter(status=Minutes.Status.PUBLISHED)
            .order_by("-number")
            .first()
        )

    def clean(self):
        errors = {}
        if self.duration_minutes is not None and self.duration_minutes <= 0:
            errors["duration_minutes"] = _("Ange mötets längd i minuter, minst en minut.")
        if self.pre_read_deadline and self.starts_at and self.pre_read_deadline >= self.day:
            errors["pre_read_deadline"] = _(
                "Sista dag för förhandsinformation måste ligga före mötesdagen."
            )
        if self.group_id and self.starts_at:
            day = self.day
            if not self.group.is_active_on(day):
                errors["starts_at"] = _("Gruppen är inte verksam den dagen.")
        if errors:
            raise ValidationError(errors)


def _agenda_item_kinds():
    """A standing item's kinds plus the information item, which only a meeting's own agenda
    has; "other" stays last, as in the list people choose from."""
    other = StandingItem.Kind.OTHER
    return [
        *((kind.name, (kind.value, kind.label)) for kind in StandingItem.Kind if kind != other),
        ("INFORMATION", ("information", _("information"))),
        (other.name, (other.value, other.label)),
    ]


class AgendaItem(VersionedModel):
    # Derived from the standing items' kinds, so that every standing item fits an agenda.
    Kind = models.TextChoices(
        "Kind", _agenda_item_kinds(), module=__name__, qualname="AgendaItem.Kind"
    )

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("möte")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    responsible = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ansvarig"),
        null=True,
        blank=True,
    )
    minutes_allotted = models.PositiveSmallIntegerField(_("minuter"), default=10)
    description = models.TextField(_("beskrivning"), blank=True)
    standing_item = models.ForeignKey(
        StandingItem,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        verbose_name = _("dagordningspunkt")
        verbose_name_plural = _("dagordningspunkter")
        ordering = ["meeting", "order", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_standing(self):
        return self.standing_item_id is not None


def attachment_path(instance, filename):
    # The stored name is random: the original name is kept in the row, never in the path.
    suffix = "".join(
        c for c in (filename.rsplit(".", 1)[-1] if "." in filename else "") if c.isalnum()
    )
    return f"prereads/{uuid.uuid4().hex}{'.' + suffix.lower() if suffix else ''}"


class PreRead(VersionedModel):
    """The written information one party sends before a meeting, instead of presenting it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="pre_reads", verbose_name=_("möte")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="pre_reads", verbose_name=_("part")
    )
    text = models.TextField(_("information"), blank=True)
    submitted_at = models.DateTimeField(_("skickad"))
    updated_at = models.DateTimeField(_("senast ändrad"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("skickad av"),
    )

    class Meta:
        verbose_name = _("förhandsinformation")
        verbose_name_plural = pgettext_lazy("plural", "förhandsinformation")
        ordering = ["meeting", "party__order", "party__name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "party"], name="preread_one_per_party")
        ]

    def __str__(self):
        return f"{self.party} – {self.meeting}"

    @property
    def is_on_time(self):
        deadline = self.meeting.pre_read_deadline
        return deadline is None or timezone.localtime(self.submitted_at).date() <= deadline


class PreReadAttachment(models.Model):
    pre_read = models.ForeignKey(
        PreRead,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("förhandsinformation"),
    )
    file = models.FileField(_("fil"), upload_to=attachment_path)
    name = models.CharField(_("filnamn"), max_length=200)
    size = models.PositiveIntegerField(_("storlek i byte"))
    content_type = models.CharField(max_length=100)
    uploaded_at = models.DateTimeField(_("uppladdad"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        ordering = ["pre_read", "uploaded_at", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_pdf(self):
        return self.content_type == "application/pdf"


def document_path(instance, filename):
    return f"meeting-documents/{uuid.uuid4().hex}.pdf"


class MeetingDocument(models.Model):
    """A PDF for everyone at a meeting rather than one party's pre-read, such as the follow-up's
    report a convener attaches: it goes into the pre-read pack after the parties' pre-reads.
    Attached again under the same title, it is replaced."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("möte")
    )
    title = models.CharField(_("rubrik"), max_length=300)
    file = models.FileField(_("fil"), upload_to=document_path)
    size = models.PositiveIntegerField(_("storlek i byte"))
    added_at = models.DateTimeField(_("bifogad"), default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("mötesdokument")
        verbose_name_plural = _("mötesdokument")
        ordering = ["meeting", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "title"], name="meeting_document_title")
        ]

    def __str__(self):
        return self.title

    @property
    def filename(self):
        return f"{slugify(self.title)}.pdf"


class PreReadReminder(models.Model):
    """A reminder sent to a party that had not submitted its pre-read."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the daily reminder job sent it.",
    )
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "sent_at"]

    def __str__(self):
        return f"{self.party} – {self.meeting}"


class Attendance(VersionedModel):
    class Status(models.TextChoices):
        PRESENT = "present", _("närvarande")
        ABSENT = "absent", _("frånvarande")
        SUBSTITUTE = "substitute", _("ersatt av ersättare")

    class Capacity(models.TextChoices):
        MEMBER = "member", _("ledamot")
        CO_OPTED = "co_opted", _("adjungerad")
        GUEST = "guest", _("gäst")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("möte")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("person")
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("part"),
        null=True,
        blank=True,
    )
    status = models.CharField(_("närvaro"), max_length=20, choices=Status.choices)
    capacity = models.CharField(
        _("deltar som"), max_length=20, choices=Capacity.choices, default=Capacity.MEMBER
    )
    substitute = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="substitutions",
        verbose_name=_("ersättare"),
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = pgettext_lazy("plural", "närvaro")
        ordering = ["meeting", "party__order", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once"),
            models.CheckConstraint(
                condition=Q(status="substitute", substitute__isnull=False)
                | (~Q(status="substitute") & Q(substitute__isnull=True)),
                name="attendance_substitute_named",
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.get_status_display()}"

    @property
    def attendee(self):
        """Who was in the room: the person, their substitute, or nobody."""
        if self.status == self.Status.PRESENT:
            return self.person
        if self.status == self.Status.SUBSTITUTE:
            return self.substitute
        return None

    def clean(self):
        if self.status == self.Status.SUBSTITUTE and not self.substitute_id:
            raise ValidationError({"substitute": _("Ange vem som ersatte.")})
        if self.status != self.Status.SUBSTITUTE and self.substitute_id:
            raise ValidationError({"substitute": _("Ersättare anges bara när någon ersattes.")})
        if self.substitute_id and self.substitute_id == self.person_id:
            raise ValidationError({"substitute": _("En person kan inte ersätta sig själv.")})


class Minutes(VersionedModel):
    """One version of a meeting's minutes. A published version is never changed again."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("utkast")
        APPROVED = "approved", _("godkänt")
        PUBLISHED = "published", _("publicerat")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="minutes_versions", verbose_name=_("möte")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    other_notes = models.TextField(_("övriga anteckningar"), blank=True)
    change_note = models.CharField(_("vad som ändrats"), max_length=300, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # The action items as they were decided, kept with the version that was published.
    action_items_snapshot = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("minnesanteckningar")
        verbose_name_plural = pgettext_lazy("plural", "minnesanteckningar")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="minutes_version_unique"),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=~Q(status="published"),
                name="minutes_one_open_version",
            ),
        ]

    def __str__(self):
        return f"{self.meeting} v{self.number}"

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def superseded_by(self):
        """The next published version, when this published one has been replaced; else None."""
        if not self.is_published:
            return None
        return (
            self.meeting.minutes_versions.filter(
                status=self.Status.PUBLISHED, number__gt=self.number
            )
            .order_by("number")
            .first()
        )


class MinuteEntry(models.Model):
    """Notes and decisions under one agenda item, within one version of the minutes."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("punkt"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    notes = models.TextField(_("anteckningar"), blank=True)
    decision = models.TextField(_("beslut"), blank=True)

    class Meta:
        ordering = ["minutes", "order", "pk"]

    def __str__(self):
        return self.title


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ActionItem.Status.OPEN)

    def decided(self):
        """Items of meetings whose minutes have been published: no longer a draft."""
        return self.filter(meeting__minutes_versions__status=Minutes.Status.PUBLISHED).distinct()

    def carried_to(self, meeting):
        """Items from the group's earlier meetings still open on `meeting`'s day."""
        day = meeting.day
        return self.filter(
            meeting__group=meeting.group_id, meeting__starts_at__lt=meeting.starts_at
        ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=day))


class ActionItem(VersionedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("pågår")
        DONE = "done", _("klar")
        DROPPED = "dropped", _("avskriven")

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="action_items",
        verbose_name=_("beslutad på möte"),
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("punkt"),
    )
    title = models.CharField(_("åtgärd"), max_length=300)
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("ansvarig")
    )
    due_on = models.DateField(_("klar senast"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    closed_on = models.DateField(_("avslutad den"), null=True, blank=True)
    closed_at_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="closed_action_items",
        verbose_name=_("avslutad på möte"),
    )
    status_note = models.TextField(_("kommentar"), blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True)
                | (~Q(status="open") & Q(closed_on__isnull=False)),
                name="actionitem_closed_has_date",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def is_overdue(self):
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()

    def clean(self):
        if self.due_on and self.meeting_id and self.due_on < self.meeting.day:
            raise ValidationError({"due_on": _("Datumet kan inte ligga före mötet.")})


class CalendarFeed(models.Model):
    """A user's personal calendar feed. Only a hash of its secret is stored; revoking ends it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendarfeed_one_active",
            )
        ]

    def __str__(self):
        return str(self.user)

    @property
    def is_active(self):
        return self.revoked_at is None
