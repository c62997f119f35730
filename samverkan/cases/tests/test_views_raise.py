"""Raising a case and correcting the raising: validation, nothing saved on bad input, access."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import EARLIEST_RAISING_DATE, Case, IncomeSupportSource
from samverkan.core.models import AccessLogEntry
from tests.factories import give_consent, identity_number, make_case

TODAY = timezone.localdate()


def raise_url(team):
    return reverse("cases:raise", args=[team.pk])


def sources(*codes):
    return [source.pk for source in IncomeSupportSource.objects.filter(code__in=codes)]


def raising_data(w, **changes):
    data = {
        "raised_on": TODAY.isoformat(),
        "personal_number": "",
        "name": "Nina Nilsson",
        "gender": "woman",
        "municipality": w.alby.pk,
        "mental_ill_health": "on",
        "income_support_at_raising": sources("sjukpenning"),
        "question": "Vilket stöd behövs för att komma tillbaka till arbete?",
    }
    if "personal_number" not in changes:
        number = identity_number("19850314")
        data["personal_number"] = f"{number[:8]}-{number[8:]}"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_anonymous_is_sent_to_sign_in(team_world):
    response = Client().get(raise_url(team_world.team))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_form_offers_the_teams_municipalities_and_income_support(team_world, client_for):
    w = team_world
    html = client_for(w.rehab_user).get(raise_url(w.team)).content.decode()
    assert "Nytt ärende i Trisam Alby hälsocentral" in html
    assert 'name="personal_number"' in html
    assert "<legend>Kön" in html
    assert "Försörjning vid aktualiseringen" in html
    assert "Alby" in html and "Bergby" in html
    assert "Region" in html  # raised on behalf of the user's party
    assert f'value="{TODAY.isoformat()}"' in html


def test_raising_saves_the_case_with_derived_age_and_logs_it(team_world, client_for):
    w = team_world
    data = raising_data(w)
    response = client_for(w.rehab_user).post(raise_url(w.team), data)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.get_absolute_url()
    assert case.code.startswith(f"T{TODAY.year}-")
    assert case.raising_party == w.region
    assert case.raised_by == w.rehab
    assert case.personal_number == data["personal_number"].replace("-", "")
    assert case.birth_year == 1985
    assert case.age_at_raising == case.raised_on.year - 1985 - (
        1 if (TODAY.month, TODAY.day) < (3, 14) else 0
    )
    assert case.mental_ill_health and not case.newly_arrived
    assert [s.code for s in case.income_support_at_raising.all()] == ["sjukpenning"]
    entry = AccessLogEntry.objects.get(case_id=case.pk, action="create")
    assert entry.username == "rehab"
    assert data["personal_number"][:8] not in response["Location"]
    assert response.wsgi_request.sensitive_post_parameters == ("personal_number",)


@pytest.mark.parametrize(
    "number, message",
    [
        ("19850314-2390", "Kontrollsiffran stämmer inte"),
        ("1985-03-14", "Skriv personnumret som"),
        ("abc", "Skriv personnumret som"),
    ],
)
def test_bad_identity_number_is_refused_and_nothing_saved(team_world, client_for, number, message):
    w = team_world
    if "Kontroll" in message:
        good = identity_number("19850314", serial=239)
        number = f"{good[:8]}-{good[8:11]}{(int(good[11]) + 1) % 10}"
    response = client_for(w.rehab_user).post(
        raise_url(w.team), raising_data(w, personal_number=number)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Case.objects.exists()
    # The form shown again with the name is a read, of a case that does not exist.
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.case_id, entry.case_code) == ("read", None, "")


def test_missing_number_and_name_are_refused(team_world, client_for):
    w = team_world
    html = (
        client_for(w.rehab_user)
        .post(raise_url(w.team), raising_data(w, personal_number="", name=""))
        .content.decode()
    )
    assert "Ange personnummer eller samordningsnummer." in html
    assert "Ange personens namn." in html
    assert not Case.objects.exists()


def fifteen_year_old():
    birth = TODAY.replace(year=TODAY.year - 15) - datetime.timedelta(days=10)
    return identity_number(birth.strftime("%Y%m%d"))


def test_age_15_without_a_reason_is_refused_on_the_reason_field(team_world, client_for):
    w = team_world
    response = client_for(w.rehab_user).post(
        raise_url(w.team), raising_data(w, personal_number=fifteen_year_old())
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_age_exception_reason_error"' in html
    assert "Personen är 15 år" in html
    assert not Case.objects.exists()


def test_age_15_with_a_reason_is_accepted(team_world, client_for):
    w = team_world
    data = raising_data(
        w,
        personal_number=fifteen_year_old(),
        age_exception_reason="Skolan och BUP har begärt samverkan inför gymnasiet.",
    )
    response = client_for(w.rehab_user).post(raise_url(w.team), data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.age_at_raising == 15
    assert case.age_band == "-15"
    assert case.age_exception_reason.startswith("Skolan")


def field_errors(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


@pytest.mark.parametrize("raised_on", ["1800-01-01", "1026-05-04", "2013-12-31"])
def test_a_raising_date_before_2014_is_the_raising_dates_error(team_world, client_for, raised_on):
    w = team_world
    data = raising_data(w, raised_on=raised_on)
    response = client_for(w.rehab_user).post(raise_url(w.team), data)
    assert response.status_code == 200
    message = "Aktualiseringsdatumet kan inte ligga före 2014-01-01. Kontrollera årtalet."
    assert field_errors(response) == {"raised_on": [message]}
    assert message in response.content.decode()
    assert "Födelsedatumet i personnumret" not in response.content.decode()
    assert not Case.objects.exists()


def test_the_earliest_raising_date_is_accepted(team_world, client_for):
    w = team_world
    data = raising_data(w, raised_on=EARLIEST_RAISING_DATE.isoformat())
    assert client_for(w.rehab_user).post(raise_url(w.team), data).status_code == 302
    case = Case.objects.get()
    assert case.raised_on == EARLIEST_RAISING_DATE
    assert case.age_at_raising == 28  # born 1985-03-14


def test_the_income_support_list_covers_the_earliest_raising_date(team_world):
    first = IncomeSupportSource.objects.order_by("valid_from").first()
    assert first.valid_from <= EARLIEST_RAISING_DATE


def test_a_raising_date_before_the_birth_date_is_the_raising_dates_error(team_world, client_for):
    w = team_world
    number = identity_number("20150505")
    data = raising_data(w, raised_on="2015-01-02", personal_number=f"{number[:8]}-{number[8:]}")
    response = client_for(w.rehab_user).post(raise_url(w.team), data)
    assert response.status_code == 200
    assert field_errors(response) == {
        "raised_on": [
            "Aktualiseringsdatumet ligger före personens födelsedatum 2015-05-05 enligt "
            "personnumret. Kontrollera aktualiseringsdatumet."
        ]
    }
    assert not Case.objects.exists()


def test_a_birth_date_after_today_stays_the_identity_numbers_error(team_world, client_for):
    w = team_world
    next_year = f"{TODAY.year + 1}0101"
    number = identity_number(next_year)
    data = raising_data(w, personal_number=f"{number[:8]}-{number[8:]}")
    response = client_for(w.rehab_user).post(raise_url(w.team), data)
    assert response.status_code == 200
    assert field_errors(response) == {
        "personal_number": ["Födelsedatumet i personnumret ligger i framtiden."]
    }
    assert not Case.objects.exists()


def test_a_correction_to_a_raising_date_in_1800_is_refused(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    response = client_for(w.rehab_user).post(
        edit_url(case), edit_data(case, raised_on="1800-01-01")
    )
    assert response.status_code == 200
    assert list(field_errors(response)) == ["raised_on"]
    before = case.raised_on
    case.refresh_from_db()
    assert case.raised_on == before


def test_future_raising_date_is_refused(team_world, client_for):
    w = team_world
    tomorrow = TODAY + datetime.timedelta(days=1)
    html = (
        client_for(w.rehab_user)
        .post(raise_url(w.team), raising_data(w, raised_on=tomorrow.isoformat()))
        .content.decode()
    )
    assert "Datumet kan inte ligga i framtiden." in html
    assert not Case.objects.exists()


def test_no_public_support_cannot_be_combined(team_world, client_for):
    w = team_world
    data = raising_data(w, income_support_at_raising=sources("ingen", "sjukpenning"))
    html = client_for(w.rehab_user).post(raise_url(w.team), data).content.decode()
    assert "kan inte kombineras med andra försörjningskällor" in html
    assert not Case.objects.exists()


def test_income_support_is_required(team_world, client_for):
    w = team_world
    data = raising_data(w, income_support_at_raising=[])
    response = client_for(w.rehab_user).post(raise_url(w.team), data)
    assert response.status_code == 200
    assert not Case.objects.exists()


def test_protected_identity_with_a_name_or_number_is_refused(team_world, client_for):
    w = team_world
    data = raising_data(w, protected_identity="on", birth_year="1990")
    html = client_for(w.rehab_user).post(raise_url(w.team), data).content.decode()
    assert "registreras utan personnummer" in html
    assert "registreras utan namn" in html
    assert not Case.objects.exists()


def test_protected_identity_is_raised_with_birth_year_only(team_world, client_for):
    w = team_world
    data = raising_data(w, protected_identity="on", birth_year="1990", personal_number="", name="")
    response = client_for(w.rehab_user).post(raise_url(w.team), data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.protected_identity
    assert case.personal_number == "" and case.name == ""
    assert case.birth_year == 1990
    assert case.age_at_raising == TODAY.year - 1990


def test_protected_identity_needs_a_birth_year(team_world, client_for):
    w = team_world
    data = raising_data(w, protected_identity="on", personal_number="", name="")
    html = client_for(w.rehab_user).post(raise_url(w.team), data).content.decode()
    assert "Ange födelseår." in html
    assert not Case.objects.exists()


def test_warns_about_an_open_case_for_the_same_individual(team_world, client_for):
    w = team_world
    earlier = make_case(w.team, w.rehab)
    number = earlier.personal_number
    response = client_for(w.rehab_user).post(
        raise_url(w.team), raising_data(w, personal_number=number), follow=True
    )
    assert f"Det finns redan ett öppet ärende för samma person i teamet: {earlier.code}" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "user", ["former_user", "other_team_user", "process_leader_user", "kansli", "mysam_coordinator"]
)
def test_users_without_a_case_seat_in_the_team_get_404(team_world, client_for, user):
    w = team_world
    client = client_for(getattr(w, user))
    assert client.get(raise_url(w.team)).status_code == 404
    assert client.post(raise_url(w.team), raising_data(w)).status_code == 404
    assert not Case.objects.exists()


# --- Correcting the raising -------------------------------------------------------------------


def edit_url(case):
    return reverse("cases:edit_raising", args=[case.code])


def edit_data(case, **changes):
    data = {
        "version": case.version,
        "raised_on": case.raised_on.isoformat(),
        "personal_number": case.personal_number,
        "name": case.name,
        "gender": case.gender,
        "municipality": case.municipality_id,
        "income_support_at_raising": [s.pk for s in case.income_support_at_raising.all()],
        "question": case.question,
    }
    data.update(changes)
    return data


def test_raising_party_corrects_the_raising_and_the_change_is_logged(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    client = client_for(w.rehab_user)
    page = client.get(edit_url(case))
    assert page.status_code == 200
    assert f"{case.personal_number[:8]}-{case.personal_number[8:]}" in page.content.decode()
    assert AccessLogEntry.objects.filter(case_id=case.pk, action="read").exists()
    response = client.post(edit_url(case), edit_data(case, name="Nina Nyberg"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.name == "Nina Nyberg"
    change = AccessLogEntry.objects.get(case_id=case.pk, action="change")
    assert "namn" in change.what


def test_stale_edit_gets_409_and_keeps_the_other_change(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    stale = edit_data(case, name="Min ändring")
    first = client_for(w.rehab_user).post(edit_url(case), edit_data(case, name="Första ändringen"))
    assert first.status_code == 302
    response = client_for(w.rehab_user).post(edit_url(case), stale)
    assert response.status_code == 409
    assert "Någon annan har ändrat uppgifterna" in response.content.decode()
    case.refresh_from_db()
    assert case.name == "Första ändringen"


def test_bad_number_in_a_correction_is_refused(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    response = client_for(w.rehab_user).post(edit_url(case), edit_data(case, personal_number="123"))
    assert response.status_code == 200
    before = case.personal_number
    case.refresh_from_db()
    assert case.personal_number == before


def test_other_parties_cannot_correct_the_raising(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    give_consent(case, [w.region, w.af], w.rehab)
    assert client_for(w.af_user).get(edit_url(case)).status_code == 404
    for user in (w.former_user, w.other_team_user, w.kansli, w.process_leader_user):
        assert client_for(user).get(edit_url(case)).status_code == 404


def test_a_closed_case_cannot_be_corrected(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    Case.objects.filter(pk=case.pk).update(closed_on=TODAY, closure_reason="registered_in_error")
    client = client_for(w.rehab_user)
    response = client.post(edit_url(case), edit_data(case, name="Ändrat"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.name == "Testa Testsson"
    followed = client.get(response["Location"])
    assert "Ärendet är avslutat och kan inte ändras." in followed.content.decode()
