"""What the apps above structure may add to its pages (see `core.sections`)."""

from django.dispatch import Signal

# Sent while a group's page is built, with `request` and `group`.
group_page = Signal()
