"""Search by identity number: exact, only among visible individuals, never echoed, logged."""

from django.urls import reverse

from samverkan.core.models import AccessLogEntry
from tests.factories import give_consent, make_case

URL = reverse("cases:search")


def dashed(number):
    return f"{number[:8]}-{number[8:]}"


def test_get_shows_the_empty_form(team_world, client_for):
    html = client_for(team_world.rehab_user).get(URL).content.decode()
    assert 'name="personal_number"' in html
    assert 'method="post"' in html
    assert "Inget ärende hittades" not in html
    assert not AccessLogEntry.objects.exists()


def test_finds_the_case_without_echoing_the_number(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    make_case(w.team, w.rehab)  # someone else
    response = client_for(w.rehab_user).post(URL, {"personal_number": dashed(case.personal_number)})
    html = response.content.decode()
    assert response.status_code == 200
    assert case.code in html
    assert "Trisam Alby hälsocentral" in html
    assert case.personal_number not in html
    assert case.personal_number[:8] not in html
    assert case.personal_number[8:] not in html
    assert response.wsgi_request.sensitive_post_parameters == ("personal_number",)
    entry = AccessLogEntry.objects.get(action="search")
    assert entry.case_id == case.pk
    assert case.personal_number not in entry.what and case.personal_number not in entry.page


def test_one_entry_per_hit(team_world, client_for):
    w = team_world
    first = make_case(w.team, w.rehab)
    second = make_case(w.team, w.rehab, personal_number=first.personal_number)
    client_for(w.rehab_user).post(URL, {"personal_number": first.personal_number})
    logged = AccessLogEntry.objects.filter(action="search").values_list("case_id", flat=True)
    assert sorted(logged) == sorted([first.pk, second.pk])


def test_a_case_the_user_may_not_see_is_not_found(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    for user in (w.af_user, w.other_team_user, w.kansli):
        response = client_for(user).post(URL, {"personal_number": case.personal_number})
        html = response.content.decode()
        assert "Inget ärende hittades." in html
        assert case.code not in html
        assert case.personal_number[:8] not in html
    misses = AccessLogEntry.objects.filter(action="search")
    assert misses.count() == 3
    assert not misses.exclude(case_id=None).exists()


def test_found_by_another_party_after_consent(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    give_consent(case, [w.region, w.af], w.rehab)
    html = client_for(w.af_user).post(URL, {"personal_number": case.personal_number}).content
    assert case.code in html.decode()


def test_invalid_number_is_refused_without_echo_or_search(team_world, client_for):
    w = team_world
    response = client_for(w.rehab_user).post(URL, {"personal_number": "19850314-9999"})
    html = response.content.decode()
    assert "Kontrollsiffran stämmer inte" in html
    assert "19850314" not in html
    assert not AccessLogEntry.objects.exists()


def test_anonymous_is_sent_to_sign_in(team_world, client):
    response = client.post(URL, {"personal_number": "19850314-2391"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_form_refused_by_the_csrf_check_gets_a_swedish_page_without_the_number(team_world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(team_world.fk_user)
    response = client.post("/arenden/sok/", {"personal_number": "19121212-1212"})
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.content.decode()
    assert "19121212" not in response.content.decode()
