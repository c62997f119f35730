"""The Uppföljning Finsam page, its exports and the deltagaransvarig's submission file.

The page and both exports hold the same table, protected for every reader; the exact counts
reach only the intervention's deltagaransvarig, whom the förbund appoints on the intervention's
page, and each download is in the access log.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from samverkan.cases.models import Gender
from samverkan.core.models import AccessLogEntry, User
from samverkan.funding.models import ParticipantOfficer
from samverkan.funding.tests.fixtures import more_interventions
from samverkan.structure.models import GroupKind
from tests.exports import assert_exports_equal_page, count_queries, csv_rows, xlsx_rows
from tests.factories import (
    LAST_YEAR,
    THIS_YEAR,
    YEAR_AGO,
    make_case,
    make_group,
    make_membership,
    make_person,
    make_user,
    signed_in,
)

FINSAM = reverse("followup:finsam")
SUBMISSION = reverse("followup:submission")
TRISAM = "Trisam timmar, handläggare"


def finsam_export(fmt):
    return reverse("followup:finsam_export", args=[fmt])


def submission_export(code, fmt):
    return reverse("followup:submission_export", args=[code, fmt])


def officers_page(code):
    return reverse("funding:participant_officers", args=[code])


@pytest.fixture
def cases(money_world):
    w = money_world
    new_year = datetime.date(THIS_YEAR, 1, 1)
    for gender in (Gender.WOMAN, Gender.WOMAN, Gender.MAN, Gender.OTHER):
        make_case(w.trisam, w.rehab, user=w.admin, raised_on=new_year, gender=gender)
    make_case(
        w.trisam,
        w.rehab,
        user=w.admin,
        raised_on=datetime.date(LAST_YEAR, 12, 31),
        gender=Gender.MAN,
    )
    # The intervention's own staff member who reports its participants.
    w.officer_person = make_person(w.federation, w.fk, first_name="Dina", last_name="Deltagare")
    w.officer = make_user(w.officer_person, username="deltagaransvarig")
    return w


def appoint(w):
    return ParticipantOfficer.objects.create(
        intervention=w.trisam_intervention, person=w.officer_person
    )


# --- The page and its exports -------------------------------------------------------------------


def test_the_page_shows_protected_counts_and_says_why(cases):
    w = cases
    response = signed_in(w.admin).get(FINSAM, {"year": THIS_YEAR})
    page = response.content.decode()
    trisam = next(row for row in response.context["table"].rows if row[0] == TRISAM)
    assert trisam[1] == "individinriktad"
    # 2 women, 1 man, 1 other: 4 in all, too few; the förbund's kansli sees it so too.
    assert [str(cell) for cell in trisam[6:]] == ["färre än 5"] * 4
    assert '<td class="num">färre än 5</td>' in page
    assert "Uppföljning Finsam räknar kvinnor och män" in page
    assert "Det gäller alla läsare" in page
    assert f"<caption>Uppföljning Finsam {THIS_YEAR}</caption>" in page
    assert "Testa Testsson" not in page


def test_structural_interventions_show_a_dash(cases):
    page = signed_in(cases.admin).get(FINSAM, {"year": 2020}).content.decode()
    assert "strukturövergripande" in page
    assert '<td class="num">–</td>' in page


@pytest.mark.parametrize("year", [LAST_YEAR, THIS_YEAR, 2020])
@pytest.mark.parametrize("user", ["admin", "mysam_user"])
def test_exports_equal_the_page(cases, year, user):
    client = signed_in(getattr(cases, user))
    if user == "mysam_user" and year == 2020:
        response = client.get(FINSAM, {"year": year})
        assert response.context["table"].rows == []
        return
    assert_exports_equal_page(client, FINSAM, finsam_export, {"year": year})


def test_no_export_shows_a_small_count(cases):
    w = cases
    client = signed_in(w.admin)
    for response, rows in (
        (client.get(finsam_export("csv"), {"year": THIS_YEAR}), csv_rows),
        (client.get(finsam_export("xlsx"), {"year": THIS_YEAR}), xlsx_rows),
    ):
        trisam = next(row for row in rows(response) if row[0] == TRISAM)
        assert trisam[6:] == ["färre än 5"] * 4


def test_a_mysam_member_sees_their_municipality(cases):
    w = cases
    team = make_group(w.federation, GroupKind.TRISAM, unit=w.bergby_hc)
    rehab = make_person(w.federation, w.region, unit=w.bergby_hc)
    for _ in range(3):
        make_case(
            team, rehab, user=w.admin, raised_on=datetime.date(THIS_YEAR, 1, 1), gender=Gender.MAN
        )
    admin = signed_in(w.admin).get(FINSAM, {"year": THIS_YEAR}).context["table"]
    mysam = signed_in(w.mysam_user).get(FINSAM, {"year": THIS_YEAR}).context["table"]
    # The county: 7 in all (shown); Alby only: 4 (hidden).
    assert next(r for r in admin.rows if r[0] == TRISAM)[9] == 7
    assert str(next(r for r in mysam.rows if r[0] == TRISAM)[9]) == "färre än 5"
    assert next(r for r in mysam.rows if r[0] == TRISAM)[3] == 915_412


def test_a_bad_year_is_named(money_world):
    client = signed_in(money_world.admin)
    response = client.get(FINSAM, {"year": ""})
    assert response.context["table"] is None
    assert "Ange ett år mellan 2000 och 2100" in response.content.decode()
    assert client.get(finsam_export("xlsx"), {"year": "x"}).status_code == 400


def test_queries_are_bounded(cases):
    w = cases
    client = signed_in(w.admin)
    query = {"year": THIS_YEAR}
    more_interventions(w, 2)
    before = count_queries(client, FINSAM, query)
    more_interventions(w, 8, prefix="fler")
    after = count_queries(client, FINSAM, query)
    # Only interventions that count cases cost a query each; the extra ones do not.
    assert after == before


@pytest.mark.parametrize("url", [FINSAM, finsam_export("csv")])
def test_outsiders_are_refused(money_world, url):
    response = signed_in(money_world.outsider).get(url)
    assert response.status_code == 403
    assert "Uppföljning Finsam läses av förbundets kansli" in response.content.decode()


def test_signed_out_users_are_sent_to_sign_in(money_world):
    for url in (
        FINSAM,
        finsam_export("csv"),
        SUBMISSION,
        submission_export("trisam-timmar", "csv"),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


@pytest.mark.parametrize("user", ["admin", "board_user", "mysam_user"])
def test_readers_see_the_page(money_world, user):
    assert signed_in(getattr(money_world, user)).get(FINSAM).status_code == 200


def test_unknown_formats_and_posts_are_refused(cases):
    appoint(cases)
    client = signed_in(cases.admin)
    assert client.get(finsam_export("json")).status_code == 404
    assert client.post(FINSAM).status_code == 405
    officer = signed_in(cases.officer)
    assert officer.get(submission_export("trisam-timmar", "pdf"), {"year": 2024}).status_code == 404
    assert officer.post(submission_export("trisam-timmar", "csv")).status_code == 405


def test_the_old_address_leads_to_the_page(money_world):
    response = signed_in(money_world.admin).get("/ekonomi/uppfoljning-finsam/?year=2023")
    assert response.status_code == 301
    assert response["Location"] == f"{FINSAM}?year=2023"


def test_the_money_menu_keeps_its_tab(money_world):
    page = signed_in(money_world.admin).get(reverse("funding:report")).content.decode()
    assert f'href="{FINSAM}"' in page


# --- The deltagaransvarig ----------------------------------------------------------------------


def test_the_federation_appoints_and_removes_a_deltagaransvarig(cases):
    w = cases
    client = signed_in(w.admin)
    url = officers_page("trisam-timmar")
    page = client.get(url).content.decode()
    assert "Deltagare, Dina" in page or "Dina Deltagare" in page
    assert w.admin_person.last_name not in page.split("<select", 1)[1].split("</select>", 1)[0]
    response = client.post(url, {"person": w.officer_person.pk})
    assert response.status_code == 302
    officer = ParticipantOfficer.objects.get()
    assert officer.person == w.officer_person
    intervention_page = client.get(w.trisam_intervention.get_absolute_url()).content.decode()
    assert "Deltagaransvariga" in intervention_page and "Dina" in intervention_page
    remove = reverse("funding:participant_officer_remove", args=["trisam-timmar", officer.pk])
    assert client.post(remove).status_code == 302
    assert not ParticipantOfficer.objects.exists()


def test_the_federations_administrators_cannot_be_appointed(cases):
    w = cases
    response = signed_in(w.admin).post(
        officers_page("trisam-timmar"), {"person": w.admin_person.pk}
    )
    assert response.status_code == 200
    assert "Välj en person i listan" in response.content.decode()
    response = signed_in(w.admin).post(officers_page("trisam-timmar"), {"person": ""})
    assert "Välj vem som ska vara deltagaransvarig." in response.content.decode()
    assert not ParticipantOfficer.objects.exists()


def test_only_the_federations_administrators_appoint(cases):
    w = cases
    for user in (w.board_user, w.mysam_user, w.officer):
        response = signed_in(user).post(
            officers_page("trisam-timmar"), {"person": w.officer_person.pk}
        )
        assert response.status_code == 403
    assert not ParticipantOfficer.objects.exists()
    # A structural intervention has no participants, and so no deltagaransvarig.
    assert signed_in(w.admin).get(officers_page("kartlaggning-2019")).status_code == 404


def test_the_deltagaransvarig_downloads_exact_counts_and_it_is_logged(cases):
    w = cases
    appoint(w)
    client = signed_in(w.officer)
    page = client.get(SUBMISSION, {"year": THIS_YEAR}).content.decode()
    assert TRISAM in page and "Arbetsträning Alby" not in page
    response = client.get(submission_export("trisam-timmar", "csv"), {"year": THIS_YEAR})
    rows = csv_rows(response)
    assert rows[0][0].startswith("Endast för inlämning till Uppföljning Finsam")
    assert rows[1][6:] == ["Kvinnor", "Män", "Annan", "Totalt"]
    assert rows[2][0] == TRISAM and rows[2][6:] == ["2", "1", "1", "4"]
    workbook_rows = xlsx_rows(
        client.get(submission_export("trisam-timmar", "xlsx"), {"year": THIS_YEAR})
    )
    assert workbook_rows[0][0].startswith("Endast för inlämning")
    assert workbook_rows[2][6:] == [2, 1, 1, 4]
    entries = AccessLogEntry.objects.filter(username="deltagaransvarig")
    assert entries.count() == 2
    entry = entries.first()
    assert entry.action == AccessLogEntry.Action.EXPORT
    assert entry.what == (
        f"Uppföljning Finsam {THIS_YEAR}, {TRISAM}: exakta antal deltagare per kön för inlämning"
    )
    assert entry.federation_id == w.federation.pk and entry.case_id is None


def test_nobody_else_gets_the_exact_counts(cases):
    w = cases
    appoint(w)
    url = submission_export("trisam-timmar", "csv")
    for user in (w.admin, w.board_user, w.mysam_user, w.outsider):
        client = signed_in(user)
        assert client.get(url, {"year": THIS_YEAR}).status_code == 403
        assert client.get(SUBMISSION).status_code == 403
    # Their own interventions only: another one is not found.
    other = submission_export("arbetstraning-alby", "csv")
    assert signed_in(w.officer).get(other, {"year": THIS_YEAR}).status_code == 404
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).exists()


def test_a_deltagaransvarig_who_joins_the_kansli_loses_the_exact_counts(cases):
    w = cases
    appoint(w)
    w.officer.role = User.Role.FEDERATION_ADMIN
    w.officer.save(update_fields=["role"])
    url = submission_export("trisam-timmar", "csv")
    assert signed_in(w.officer).get(url, {"year": THIS_YEAR}).status_code == 403


def test_a_bad_year_downloads_nothing_and_logs_nothing(cases):
    w = cases
    appoint(w)
    response = signed_in(w.officer).get(submission_export("trisam-timmar", "csv"), {"year": "x"})
    assert response.status_code == 400
    assert "Ange ett år mellan 2000 och 2100" in response.content.decode()
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).exists()


def test_the_page_links_the_deltagaransvarig_to_the_submission(cases):
    w = cases
    appoint(w)
    # Seated in Länsledning, the deltagaransvarig reads the Finsam page too.
    make_membership(w.officer_person, w.county_board, valid_from=YEAR_AGO)
    page = signed_in(w.officer).get(FINSAM).content.decode()
    assert f'href="{SUBMISSION}"' in page
    assert f'href="{SUBMISSION}"' not in signed_in(w.admin).get(FINSAM).content.decode()


def test_the_start_page_leads_the_deltagaransvarig_to_the_submission(cases):
    w = cases
    start = reverse("start")
    assert f'href="{SUBMISSION}"' not in signed_in(w.officer).get(start).content.decode()
    appoint(w)
    page = signed_in(w.officer).get(start).content.decode()
    assert "Du är deltagaransvarig för 1 insats" in page
    assert f'href="{SUBMISSION}"' in page
    assert f'href="{SUBMISSION}"' not in signed_in(w.admin).get(start).content.decode()
