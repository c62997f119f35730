"""What the apps above meetings may add to its pages (see `core.sections`)."""

from django.dispatch import Signal

# Sent while a meeting's page is built, with `request` and `meeting`.
meeting_page = Signal()
