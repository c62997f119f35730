from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "samverkan.followup"
    label = "followup"
    verbose_name = _("Uppföljning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The measures a goal of an intervention can name (funding sits below, so it is told).
        from samverkan.followup.indicators import INDICATORS
        from samverkan.funding import measures

        measures.register({key: indicator.title for key, indicator in INDICATORS.items()})
