"""The case page tells each consent's story: given on, in which form, for which parties, and
when and how it ended (withdrawn, run out, or ended with the case) — to those who see the
individual, and to nobody else."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import Case, Consent
from samverkan.core.models import AccessLogEntry
from tests.factories import OUTSIDERS, give_consent, make_case

TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def url(case):
    return reverse("cases:case", args=[case.code])


def step_badge(html, title):
    """The badge of the timeline step called `title`."""
    pattern = rf'<h2 class="timeline__title">{title} <span class="badge[^"]*">([^<]*)<'
    match = re.search(pattern, html)
    assert match, f"no timeline step {title!r}"
    return match.group(1)


def fact(label, value):
    return f"<dt>{label}</dt><dd>{value}</dd>"


def parties_of(consent):
    return ", ".join(party.label for party in consent.parties.all())


@pytest.fixture
def case(team_world):
    w = team_world
    return make_case(w.team, w.rehab, raised_on=days_ago(300), name="Nina Nilsson")


@pytest.fixture
def consent(team_world, case):
    w = team_world
    return give_consent(case, [w.region, w.fk, w.af], w.rehab, given_on=days_ago(290))


def close_as_no_longer_relevant(client, case, closed_on):
    data = {"reason": "no_longer_relevant", "closed_on": closed_on.isoformat(), "note": ""}
    response = client.post(reverse("cases:close", args=[case.code]), data)
    assert response.status_code == 302


def test_a_closed_case_tells_the_consent_was_given_and_ended_with_the_case(
    team_world, client_for, case, consent
):
    w = team_world
    client = client_for(w.rehab_user)
    close_as_no_longer_relevant(client, case, days_ago(10))

    html = client.get(url(case)).content.decode()
    assert step_badge(html, "Samtycke") == "klart"
    assert fact("Lämnat", f"{days_ago(290).isoformat()}, skriftligt") in html
    assert fact("Parter", parties_of(consent)) in html
    assert fact("Upphörde", f"{days_ago(10).isoformat()}, ärendet avslutades") in html
    assert "Samtycke till samverkan i Trisam-teamet" in html
    assert '<span class="badge">upphört</span>' in html
    assert "gäller</span>" not in html


def test_a_withdrawn_consent_says_when_and_who_recorded_it(team_world, client_for, case, consent):
    w = team_world
    client = client_for(w.fk_user)
    response = client.post(
        reverse("cases:consent_withdraw", args=[case.code, consent.pk]),
        {"withdrawn_on": days_ago(2).isoformat()},
    )
    assert response.status_code == 302

    # FK no longer sees the individual; the raising party reads the story.
    html = client_for(w.rehab_user).get(url(case)).content.decode()
    assert step_badge(html, "Samtycke") == "klart"
    assert fact("Upphörde", f"{days_ago(2).isoformat()}, personen återkallade samtycket") in html
    assert fact("Återkallelsen registrerad av", w.fk_officer.full_name) in html
    assert "Avbrutet, samtycket återkallat" in html


def test_an_open_case_shows_which_consent_is_in_effect_and_which_ended(
    team_world, client_for, case, consent
):
    w = team_world
    sip = give_consent(
        case, [w.region, w.alby_party], w.rehab, kind=Consent.Kind.SIP, given_on=days_ago(200)
    )
    client = client_for(w.rehab_user)
    client.post(
        reverse("cases:consent_withdraw", args=[case.code, sip.pk]),
        {"withdrawn_on": days_ago(1).isoformat()},
    )

    html = client.get(url(case)).content.decode()
    assert step_badge(html, "Samtycke") == "klart"
    assert html.count('<span class="badge badge--ok">gäller</span>') == 1
    assert html.count('<span class="badge">upphört</span>') == 1
    assert fact("Upphörde", f"{days_ago(1).isoformat()}, personen återkallade samtycket") in html
    withdraw = reverse("cases:consent_withdraw", args=[case.code, consent.pk])
    assert withdraw in html  # only the consent in effect can be withdrawn
    assert reverse("cases:consent_withdraw", args=[case.code, sip.pk]) not in html


def test_a_consent_that_ran_out_is_told_and_a_new_one_is_the_next_step(
    team_world, client_for, case
):
    w = team_world
    give_consent(case, [w.region, w.fk], w.rehab, given_on=days_ago(290), valid_until=days_ago(1))

    html = client_for(w.rehab_user).get(url(case)).content.decode()
    assert step_badge(html, "Samtycke") == "nästa steg"
    assert fact("Gäller till och med", days_ago(1).isoformat()) in html
    assert fact("Upphörde", f"{days_ago(1).isoformat()}, giltighetstiden gick ut") in html


def test_a_declined_consent_is_not_told_as_not_done(team_world, client_for, case):
    w = team_world
    client = client_for(w.rehab_user)
    assert client.post(reverse("cases:consent_declined", args=[case.code])).status_code == 302

    html = client.get(url(case)).content.decode()
    assert step_badge(html, "Samtycke") == "lämnades inte"
    assert "Personen lämnade inte samtycke." in html


def test_the_preparations_of_a_closed_case_are_told_against_its_last_consent(
    team_world, client_for, case, consent
):
    w = team_world
    client = client_for(w.rehab_user)
    close_as_no_longer_relevant(client, case, days_ago(10))

    html = client.get(url(case)).content.decode()
    assert step_badge(html, "Förberedelser") == "inte gjort"
    assert "Förberedelse saknas från:" in html


@pytest.mark.parametrize("user", ["fk_user", "af_user", "social_user"])
def test_other_parties_learn_nothing_of_a_closed_cases_consent(
    team_world, client_for, case, consent, user
):
    w = team_world
    close_as_no_longer_relevant(client_for(w.rehab_user), case, days_ago(10))
    reads_before = AccessLogEntry.objects.filter(action="read").count()

    response = client_for(getattr(w, user)).get(url(case))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ärendet är avslutat. Uppgifter om personen visas inte." in html
    for told in (days_ago(290).isoformat(), days_ago(10).isoformat(), "Upphörde", "Lämnat"):
        assert told not in html
    assert "skriftligt" not in html and "Nina Nilsson" not in html
    assert AccessLogEntry.objects.filter(action="read").count() == reads_before


@pytest.mark.parametrize("user", ["af_user", "social_user"])
def test_other_parties_learn_nothing_before_consent(team_world, client_for, case, user):
    w = team_world
    give_consent(case, [w.region], w.rehab, kind=Consent.Kind.SIP, given_on=days_ago(290))

    html = client_for(getattr(w, user)).get(url(case)).content.decode()
    assert "Uppgifter om personen visas när samtycke har registrerats." in html
    assert days_ago(290).isoformat() not in html and "Lämnat" not in html


@pytest.mark.parametrize("user", OUTSIDERS)
def test_outsiders_get_404_for_a_closed_case(team_world, client_for, case, consent, user):
    Case.objects.filter(pk=case.pk).update(closed_on=TODAY, closure_reason="no_longer_relevant")
    assert client_for(getattr(team_world, user)).get(url(case)).status_code == 404
