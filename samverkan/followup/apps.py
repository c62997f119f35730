from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "samverkan.followup"
    label = "followup"
    verbose_name = _("Uppföljning")
    default_auto_field = "django.db.models.BigAutoField"
