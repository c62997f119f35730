"""Reference data the cases need whatever else is loaded: the income-support list.

Migration 0002 loads the list; a database emptied after migrating (a test flush) gets it back
from the same code here, so there is one copy of the list.
"""

import importlib

from django.apps import apps

from samverkan.cases.models import IncomeSupportSource

_FIRST_LIST = importlib.import_module("samverkan.cases.migrations.0002_income_support_sources")


def ensure_income_support_sources():
    """Load the first version of the income-support list if the table is empty."""
    if not IncomeSupportSource.objects.exists():
        _FIRST_LIST.load(apps, None)
