from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class User(AbstractUser):
    """A person who signs in. What they may do comes from `role` and their memberships."""

    class Role(models.TextChoices):
        NONE = "", _("Ingen särskild behörighet")
        FEDERATION_ADMIN = "federation_admin", _("Förbundets kansli (administratör)")
        LOG_REVIEWER = "log_reviewer", _("Loggranskare")

    role = models.CharField(
        _("behörighet"), max_length=32, choices=Role.choices, blank=True, default=Role.NONE
    )
    # Demo accounts are made only by the demo loader; a production load never creates them.
    is_demo = models.BooleanField(_("demokonto"), default=False, editable=False)

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = pgettext_lazy("plural", "användare")

    def __str__(self):
        return self.get_full_name() or self.username


class VersionedModel(models.Model):
    """A record edited through forms: `version` lets a stale edit be refused, not applied."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class AccessLogQuerySet(models.QuerySet):
    """Entries are written once and never changed or removed through the product."""

    def update(self, **kwargs):
        raise PermissionError("access log entries cannot be changed")

    def delete(self):
        raise PermissionError("access log entries cannot be deleted")


class AccessLogEntry(models.Model):
    """One read or change of an individual's personal data: who, when, which case, what, where.

    Written by `core.access_log.record` in the same transaction as the change it describes.
    Names and identity numbers of individuals never go in here: a case is named by its code.
    """

    class Action(models.TextChoices):
        READ = "read", _("läsning")
        CREATE = "create", _("registrering")
        CHANGE = "change", _("ändring")
        EXPORT = "export", _("utdrag")
        SEARCH = "search", _("sökning")
        ERASE = "erase", _("radering")

    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("användare"),
    )
    # Kept as written, so the entry still says who it was if the account is renamed or removed.
    username = models.CharField(_("användarnamn"), max_length=150)
    user_name = models.CharField(_("namn"), max_length=300, blank=True)
    federation_id = models.IntegerField(_("förbund"), null=True, db_index=True)
    case_id = models.BigIntegerField(_("ärende-id"), null=True, db_index=True)
    case_code = models.CharField(_("ärende"), max_length=20, blank=True, db_index=True)
    action = models.CharField(_("händelse"), max_length=10, choices=Action.choices)
    what = models.CharField(_("vad"), max_length=500)
    page = models.CharField(_("sida"), max_length=500, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("loggpost")
        verbose_name_plural = _("loggposter")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["username", "at"], name="access_log_user_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.case_code} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("access log entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("access log entries cannot be deleted")
