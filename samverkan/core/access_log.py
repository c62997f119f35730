"""Writing the access log: every read and change of an individual's personal data.

Callers pass the request (who, from which page) and the case; the entry goes into the current
transaction, so a change and its log entry are saved together or not at all.
"""

from django.utils import translation

from samverkan.core.models import AccessLogEntry

Action = AccessLogEntry.Action


def record(request, case, action, what, *, user=None, page=None, username=None):
    """Write one entry for `case` (a Case, or None for a search that found nothing).

    `what` names what was read or changed, in Swedish (the log is kept as a Swedish record);
    lazy translations are resolved in Swedish whatever language the user has chosen.
    `username` names an actor without an account, such as the individual answering a survey.
    """
    entry = _entry(request, case, action, what, user=user, page=page, username=username)
    entry.save()
    return entry


def record_many(request, cases, action, what):
    """Write one entry for each of `cases` (with their teams loaded), in one INSERT: a list
    page that shows many individuals' names logs each of them without a query per name."""
    return AccessLogEntry.objects.bulk_create(
        [_entry(request, case, action, what) for case in cases]
    )


def _entry(request, case, action, what, *, user=None, page=None, username=None):
    user = user if user is not None else getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    with translation.override("sv"):
        what_text = str(what)
        actor = str(username) if username is not None else ""
    return AccessLogEntry(
        user=user if signed_in else None,
        username=user.get_username() if signed_in else actor,
        user_name=user.get_full_name() if signed_in else "",
        federation_id=case.team.federation_id if case is not None else _federation_id(user),
        case_id=case.pk if case is not None else None,
        case_code=case.code if case is not None else "",
        action=action,
        what=what_text[:500],
        page=(page if page is not None else (request.path if request is not None else ""))[:500],
    )


def _federation_id(user):
    person = getattr(user, "person", None) if user is not None else None
    return person.federation_id if person is not None else None
