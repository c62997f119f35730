from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "samverkan.meetings"
    verbose_name = _("Möten")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the meetings' section of a group's page to the structure app's signal.
        from samverkan.meetings import receivers  # noqa: F401
