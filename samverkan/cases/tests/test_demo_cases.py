"""The demo cases, as `make run` loads them on top of the structure demo."""

import io
import types
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from samverkan.cases import identity, policy, services
from samverkan.cases.demo import load_demo_cases
from samverkan.cases.models import Case, Consent, SurveyResponse
from samverkan.core.models import AccessLogEntry, User
from samverkan.structure.models import Federation

REFERENCE = Path(__file__).resolve().parents[2] / "structure" / "data" / "gavleborg.yaml"


def run_load_demo():
    out = io.StringIO()
    # Tests run with DEBUG off, as production does. The historic volume is tested on its own
    # (samverkan/demo/tests/test_volume.py); these are the hand-written cases.
    call_command("load_demo", allow_without_debug=True, without_volume=True, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Reference structure, then the demo twice; all rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_structure", str(REFERENCE), stdout=io.StringIO())
        first = run_load_demo()
        after_first = (Case.objects.count(), AccessLogEntry.objects.count())
        second = run_load_demo()
        yield types.SimpleNamespace(
            first=first,
            second=second,
            after_first=after_first,
            federation=Federation.objects.get(slug="gavleborg"),
        )
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_command_reports_the_demo_cases_and_a_second_run_creates_none(demo):
    total = Case.objects.count()
    assert total >= 15
    assert f"Demoärenden: {total} nya, {total} totalt." in demo.first
    assert f"Demoärenden: 0 nya, {total} totalt." in demo.second
    assert (Case.objects.count(), AccessLogEntry.objects.count()) == demo.after_first
    assert load_demo_cases(demo.federation).created == 0


@pytest.mark.django_db
def test_every_demo_case_is_marked_and_in_a_trisam_team_of_the_federation(demo):
    assert not Case.objects.filter(is_demo=False).exists()
    assert set(Case.objects.values_list("team__kind", flat=True)) == {"trisam"}
    assert set(Case.objects.values_list("team__federation", flat=True)) == {demo.federation.pk}


@pytest.mark.django_db
def test_every_status_and_every_closure_reason_is_shown(demo):
    cases = list(Case.objects.all())
    assert {case.status() for case in cases} == set(Case.Status)
    assert set(Case.objects.closed().values_list("closure_reason", flat=True)) == set(
        Case.ClosureReason
    )


@pytest.mark.django_db
def test_the_follow_up_list_has_an_overdue_case_and_one_due_soon(demo):
    today = timezone.localdate()
    waiting = [case for case in Case.objects.open() if case.status() == "awaiting_follow_up"]
    assert any(case.follow_up_is_overdue() for case in waiting)
    assert any(0 <= (case.follow_up_due_on - today).days <= 30 for case in waiting)


@pytest.mark.django_db
def test_the_identity_numbers_are_valid_and_made_up(demo):
    numbers = [case.personal_number for case in Case.objects.exclude(personal_number="")]
    assert len(numbers) == len(set(numbers)) >= 12
    for case in Case.objects.exclude(personal_number=""):
        parsed = identity.parse(case.personal_number, today=case.raised_on)
        assert parsed.digits == case.personal_number
        # Serials from the 980–999 series only.
        assert 980 <= int(case.personal_number[8:11]) <= 999
        assert parsed.age_on(case.raised_on) == case.age_at_raising
    assert any(
        identity.parse(number, today=timezone.localdate()).is_coordination_number
        for number in numbers
    )


@pytest.mark.django_db
def test_the_special_cases_are_there(demo):
    protected = Case.objects.get(protected_identity=True)
    assert (protected.name, protected.personal_number) == ("", "")
    assert protected.birth_year and protected.status() == "awaiting_follow_up"

    declined = Case.objects.get(closure_reason="consent_declined")
    assert (declined.name, declined.personal_number, declined.question) == ("", "", "")
    assert declined.birth_year and declined.gender and declined.municipality_id

    aged = Case.objects.get(age_at_raising=65)
    assert aged.age_exception_reason and aged.age_band == "65-"

    withdrawn = Case.objects.get(closure_reason="consent_withdrawn")
    assert withdrawn.consents.get(kind="team").withdrawn_on is not None
    assert withdrawn.survey_links.filter(revoked_at__isnull=False).exists()

    assert Consent.objects.filter(kind="sip").exists()
    assert Consent.objects.filter(kind="follow_up").exists()
    assert set(SurveyResponse.objects.values_list("source", flat=True)) == {"paper", "link"}
    open_links = [
        link for case in Case.objects.open() for link in case.survey_links.all() if link.is_usable()
    ]
    assert open_links

    awaiting_plan = [case for case in Case.objects.open() if case.status() == "awaiting_plan"]
    prepared = [case for case in awaiting_plan if case.preparations.count() >= 3]
    assert prepared and any(hasattr(case, "mapping") for case in prepared)


@pytest.mark.django_db
def test_most_cases_are_in_bollnas_and_the_demo_accounts_have_work(demo):
    cases = Case.objects.select_related("team__municipality")
    in_bollnas = [case for case in cases if case.team.municipality.name == "Bollnäs"]
    assert len(in_bollnas) > len(cases) / 2
    assert len({case.team_id for case in cases}) >= 3

    handlaggare = User.objects.get(username="handlaggare")
    assert policy.visible_cases(handlaggare).count() == len(in_bollnas)
    assert any(policy.can_see_identity(handlaggare, case) for case in in_bollnas)
    rehab = User.objects.get(username="rehabkoordinator")
    assert policy.visible_cases(rehab).exists()
    for username in ("kansli", "processledare", "koordinator", "loggranskare"):
        assert not policy.visible_cases(User.objects.get(username=username)).exists()


@pytest.mark.django_db
def test_two_more_parties_of_a_bollnas_team_try_consent_from_the_other_side(demo, rf):
    handlaggare, fk, af = (
        User.objects.get(username=name)
        for name in ("handlaggare", "handlaggare-fk", "handlaggare-af")
    )
    case = Case.objects.get(name="Amir Nordin")
    assert case.team.name == "Trisam Bollnäs hälsocentral"
    assert case.raising_party.kind == "municipality"
    assert case.team_consent() is None
    assert policy.party_in_team(fk, case.team).code == "fk"
    assert policy.party_in_team(af, case.team).code == "af"
    # Before consent, the other parties know of the case but not whom it is about.
    assert policy.can_see_identity(handlaggare, case)
    for other in (fk, af):
        assert policy.can_see_case(other, case)
        assert not policy.can_see_identity(other, case)

    # A consent naming FK lets FK see the individual, and AF still not.
    with transaction.atomic():
        consent = Consent(
            case=case,
            kind=Consent.Kind.TEAM,
            information="Uppgifter om försörjning och arbetsförmåga.",
            purpose="Samverkan i Trisam-teamet.",
            given_on=timezone.localdate(),
            form=Consent.Form.WRITTEN,
            obtained_by=handlaggare.person,
        )
        request = rf.post("/")
        request.user = handlaggare
        named = [case.raising_party, policy.party_in_team(fk, case.team)]
        services.record_consent(request, consent, named)
        case.refresh_from_db()
        assert policy.can_see_identity(fk, case)
        assert not policy.can_see_identity(af, case)
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_dates_spread_over_the_last_fourteen_months(demo):
    today = timezone.localdate()
    raised = sorted((today - case.raised_on).days for case in Case.objects.all())
    assert raised[0] < 14
    recent = [days for days in raised if days <= 14 * 31]
    assert max(recent) > 365 and len(recent) == len(raised) - 1


@pytest.mark.django_db
def test_every_case_has_its_log_entries(demo):
    for case in Case.objects.all():
        entries = AccessLogEntry.objects.filter(case_id=case.pk)
        assert entries.filter(action="create", what__startswith="aktualisering").count() == 1
        assert all(entry.case_code == case.code for entry in entries)
        assert case.closed_on is None or entries.filter(what__startswith="ärendet avslutat")
    # Identity numbers never reach the log.
    numbers = set(
        Case.objects.exclude(personal_number="").values_list("personal_number", flat=True)
    )
    for entry in AccessLogEntry.objects.all():
        assert not any(number[2:8] in entry.page + entry.what for number in numbers)


@pytest.mark.django_db
def test_one_case_is_due_for_erasure_and_the_dry_run_shows_it(demo):
    out = io.StringIO()
    call_command("erase_closed_cases", dry_run=True, months=24, stdout=out)
    [due] = services.erasable_cases(timezone.localdate(), 24)
    assert "Skulle gallra 1 ärende avslutat" in out.getvalue()
    assert due.code in out.getvalue()
    assert not Case.objects.filter(erased_at__isnull=False).exists()
