from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Invented demo data for every capability, loaded by `manage.py load_demo`.

    It sits above the apps: each app offers its own demo loader (`<app>/demo.py`), and the
    command here runs them in order. A production load never runs it.
    """

    name = "samverkan.demo"
    verbose_name = _("Demodata")
