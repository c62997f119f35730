from django.contrib.auth.models import AbstractUser
from django.db import models
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
