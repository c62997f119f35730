from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "samverkan.cases"
    verbose_name = _("Trisam-ärenden")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connects the case list of a team meeting's page to the meetings app's signal.
        from samverkan.cases import receivers  # noqa: F401
