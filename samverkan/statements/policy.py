"""Who reads and changes a förbund's public statements, and reads the reports sent to it.

Everyone reads the statements, signed in or not, and anyone may report an accessibility problem:
the law wants both public (their routes are in `core.public`). The förbund's administrators (its
kansli) change its texts and handle its reports; superusers those of every förbund. Reports may
carry the name and e-mail address of whoever sent them, so nobody else reads them, not even the
administrators of another förbund.
"""

from samverkan.core import policy as core


def can_edit_statements(user, federation):
    """The förbund's administrators change its accessibility statement and privacy notice."""
    return federation is not None and core.administers(user, federation.pk)


def can_handle_reports(user, federation):
    """The förbund's administrators read the accessibility reports sent to it and handle them."""
    return federation is not None and core.administers(user, federation.pk)
