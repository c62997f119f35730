from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "samverkan.meetings"
    verbose_name = _("Möten")
    default_auto_field = "django.db.models.BigAutoField"
