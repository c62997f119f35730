"""Small builders for case tests: invented identities with valid check digits, cases, consents.

Also the checks the step pages share: a refused or unknown case answers GET and POST alike.
"""

import datetime
import itertools

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import timezone

from samverkan.cases import services
from samverkan.cases.identity import luhn_check_digit
from samverkan.cases.models import Case, Consent, Gender, IncomeSupportSource

_serials = itertools.count(201)

STALE = "Någon annan har ändrat uppgifterna"
CLOSED = "Ärendet är avslutat"
NO_CONSENT = "Samtycke saknas"
# Users of `team_world` who may not know of a case in the Alby team.
OUTSIDERS = ("former_user", "other_team_user", "process_leader_user", "kansli", "mysam_coordinator")


def identity_number(birth="19850314", serial=None):
    """A valid twelve-digit number for an invented person born on `birth` (YYYYMMDD)."""
    serial = f"{serial if serial is not None else next(_serials) % 1000:03d}"
    check = luhn_check_digit(birth[2:] + serial)
    return f"{birth}{serial}{check}"


def request_as(user, path="/test/"):
    """A request from `user` for service calls outside a view (the log records its path)."""
    request = RequestFactory().get(path)
    request.user = user if user is not None else AnonymousUser()
    return request


def make_case(team, raised_by, party=None, *, user=None, income=("sjukpenning",), **fields):
    """Raise a case in `team` through the service, as the view does; returns the saved case."""
    today = timezone.localdate()
    defaults = {
        "raised_on": today - datetime.timedelta(days=30),
        "question": "Vilket stöd behövs för att komma tillbaka till arbete?",
        "name": "Testa Testsson",
        "gender": Gender.WOMAN,
        "municipality": team.unit.municipality if team.unit_id else None,
    }
    defaults.update(fields)
    if not defaults.get("protected_identity") and "personal_number" not in fields:
        defaults["personal_number"] = identity_number()
    case = Case(team=team, raised_by=raised_by, raising_party=party or raised_by.party, **defaults)
    case.derive_age()
    sources = IncomeSupportSource.objects.filter(code__in=income)
    return services.raise_case(request_as(user or raised_by.user), case, sources)


def give_consent(case, parties, obtained_by, *, kind=Consent.Kind.TEAM, user=None, **fields):
    """Record a consent naming `parties`, given a week after raising unless told otherwise."""
    defaults = {
        "information": "Uppgifter om hälsa, arbetsförmåga och försörjning.",
        "purpose": "Samverkan i Trisam-teamet kring rehabilitering.",
        "given_on": min(case.raised_on + datetime.timedelta(days=7), timezone.localdate()),
        "form": Consent.Form.WRITTEN,
    }
    defaults.update(fields)
    consent = Consent(case=case, kind=kind, obtained_by=obtained_by, **defaults)
    return services.record_consent(request_as(user or obtained_by.user), consent, parties)


def consented_case(w, parties=None, **fields):
    """A case raised by the region in `w.team` whose team consent names `parties`.

    By default the region, FK and AF consent; the municipality does not.
    """
    case = make_case(w.team, w.rehab, **fields)
    give_consent(case, [w.region, w.fk, w.af] if parties is None else parties, w.rehab)
    return case


def close(case, user):
    """Close `case` today as ended as planned, as `user` would."""
    services.close_case(
        request_as(user), case, Case.ClosureReason.ENDED_AS_PLANNED, timezone.localdate()
    )


def assert_refused(client, url, data, reason):
    """The page at `url` answers 403 naming `reason`, and so does a POST of `data`."""
    response = client.get(url)
    assert response.status_code == 403
    assert reason in response.content.decode()
    assert client.post(url, data).status_code == 403


def assert_not_found(client, url, data):
    """The page at `url` answers 404, and so does a POST of `data`."""
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
