from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The top floor: each user's start page and the main menu, which read every capability."""

    name = "samverkan.home"
    verbose_name = _("Start")
