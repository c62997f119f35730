from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "samverkan.funding"
    verbose_name = _("Ekonomi")
    default_auto_field = "django.db.models.BigAutoField"
