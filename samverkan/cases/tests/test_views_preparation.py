"""Preparation: each party writes its own note and reads those of the parties in the consent."""

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import Preparation
from samverkan.core.models import AccessLogEntry
from tests.factories import (
    CLOSED,
    NO_CONSENT,
    OUTSIDERS,
    STALE,
    assert_not_found,
    assert_refused,
    close,
    make_case,
)

TODAY = timezone.localdate()


def url(case):
    return reverse("cases:preparation", args=[case.code])


def notes(case):
    return list(Preparation.objects.filter(case=case).order_by("pk").values("party", "note"))


def test_a_party_writes_its_own_note_and_the_save_is_logged(team_world, client_for, case):
    w = team_world
    client = client_for(w.fk_user)
    response = client.get(url(case))
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(case_id=case.pk, user=w.fk_user, action="read").exists()
    response = client.post(url(case), {"note": "Sjukpenning sedan mars."})
    assert response.status_code == 302
    saved = Preparation.objects.get(case=case)
    assert (saved.party, saved.author, saved.note) == (
        w.fk,
        w.fk_officer,
        "Sjukpenning sedan mars.",
    )
    assert AccessLogEntry.objects.filter(case_id=case.pk, user=w.fk_user, action="create").exists()

    response = client.post(url(case), {"note": "Sjukpenning sedan april.", "version": "1"})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.note, saved.version) == ("Sjukpenning sedan april.", 2)
    assert Preparation.objects.filter(case=case).count() == 1
    assert AccessLogEntry.objects.filter(case_id=case.pk, user=w.fk_user, action="change").exists()


def test_the_page_shows_notes_of_consenting_parties_only(team_world, client_for, case):
    w = team_world
    Preparation.objects.create(case=case, party=w.af, author=w.af_officer, note="AF-anteckning")
    Preparation.objects.create(
        case=case, party=w.alby_party, author=w.social_worker, note="Kommunens anteckning"
    )
    page = client_for(w.fk_user).get(url(case)).content.decode()
    assert "AF-anteckning" in page
    assert "Kommunens anteckning" not in page


def test_a_user_can_never_write_another_partys_note(team_world, client_for, case):
    w = team_world
    Preparation.objects.create(case=case, party=w.af, author=w.af_officer, note="AF-anteckning")
    client_for(w.fk_user).post(
        url(case), {"note": "Skrivet av FK", "party": w.af.pk, "version": "1"}
    )
    assert Preparation.objects.get(case=case, party=w.af).note == "AF-anteckning"
    assert Preparation.objects.get(case=case, party=w.fk).note == "Skrivet av FK"


def test_an_empty_note_is_refused(team_world, client_for, case):
    response = client_for(team_world.fk_user).post(url(case), {"note": "  "})
    assert response.status_code == 200
    assert "Skriv förberedelsen" in response.content.decode()
    assert notes(case) == []


def test_a_stale_edit_is_refused_with_409(team_world, client_for, case):
    w = team_world
    Preparation.objects.create(case=case, party=w.fk, author=w.fk_officer, note="Först")
    Preparation.objects.filter(case=case).update(note="Kollegans", version=F("version") + 1)
    response = client_for(w.fk_user).post(url(case), {"note": "Min", "version": "1"})
    assert response.status_code == 409
    assert STALE in response.content.decode()
    assert notes(case) == [{"party": w.fk.pk, "note": "Kollegans"}]


def test_a_note_created_meanwhile_by_a_colleague_is_kept(team_world, client_for, case):
    w = team_world
    client = client_for(w.fk_user)
    client.get(url(case))
    Preparation.objects.create(case=case, party=w.fk, author=w.fk_officer, note="Kollegans")
    response = client.post(url(case), {"note": "Min", "version": ""})
    # The form now edits the colleague's note: without its version the save is stale.
    assert response.status_code == 409
    assert notes(case) == [{"party": w.fk.pk, "note": "Kollegans"}]


def test_a_closed_case_is_refused(team_world, client_for, case):
    w = team_world
    close(case, w.rehab_user)
    assert_refused(client_for(w.rehab_user), url(case), {"note": "För sent"}, CLOSED)
    assert notes(case) == []


def test_without_team_consent_the_raising_party_is_refused(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert_refused(client_for(w.rehab_user), url(case), {"note": "För tidigt"}, NO_CONSENT)
    assert notes(case) == []


def test_a_party_outside_the_consent_gets_404(team_world, client_for, case):
    assert_not_found(client_for(team_world.social_user), url(case), {"note": "Kommunen"})
    assert notes(case) == []


def test_other_party_before_consent_gets_404(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert client_for(w.fk_user).post(url(case), {"note": "FK"}).status_code == 404
    assert notes(case) == []


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404(team_world, client_for, case, who):
    assert_not_found(client_for(getattr(team_world, who)), url(case), {"note": "Obehörig"})
    assert notes(case) == []
