"""The access log: entries cannot be changed or removed, and the log reviewer's pages."""

import csv
import datetime
import io

import pytest
from django.contrib import admin
from django.test import Client
from django.utils import timezone

from samverkan.core.models import AccessLogEntry, User
from tests.factories import make_case, make_user, signed_in

Action = AccessLogEntry.Action
LOG_URL = "/logg/"
EXPORT_URL = "/logg/export.csv"


def at(day, hour=12, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def entry(world, when, *, username="rehab", name="Rebecka Rehabsson", code="T2026-00001", **kw):
    fields = {
        "at": when,
        "username": username,
        "user_name": name,
        "federation_id": world.federation.pk,
        "case_code": code,
        "action": Action.READ,
        "what": "ärendesidan",
        "page": f"/arenden/{code}/",
    }
    fields.update(kw)
    return AccessLogEntry.objects.create(**fields)


def rows_of(response):
    """The CSV export as (header, rows), checking the Excel-friendly encoding on the way."""
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8").removeprefix("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    return header, rows


# --- The entries themselves -------------------------------------------------------------------


def test_an_entry_cannot_be_changed_or_deleted(team_world):
    row = entry(team_world, timezone.now())
    row.what = "något annat"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=row.pk).update(what="något annat")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.filter(pk=row.pk).delete()
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.get(pk=row.pk).what == "ärendesidan"


def test_the_admin_shows_entries_but_cannot_add_change_or_delete_them(team_world):
    row = entry(team_world, timezone.now())
    superuser = User.objects.create_superuser("root", password="losenord-for-test-1")
    client = signed_in(superuser)
    model_admin = admin.site._registry[AccessLogEntry]
    request = type("Request", (), {"user": superuser})()
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, row)
    assert not model_admin.has_delete_permission(request, row)

    assert client.get("/admin/core/accesslogentry/").status_code == 200
    change_url = f"/admin/core/accesslogentry/{row.pk}/change/"
    assert client.get(change_url).status_code == 200  # view only
    assert client.post(change_url, {"what": "ändrad"}).status_code == 403
    assert client.get("/admin/core/accesslogentry/add/").status_code == 403
    delete_url = f"/admin/core/accesslogentry/{row.pk}/delete/"
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    client.post("/admin/core/accesslogentry/", bulk)
    assert AccessLogEntry.objects.get(pk=row.pk).what == "ärendesidan"


# --- Who may review -----------------------------------------------------------------------------


def test_the_log_reviewer_and_superusers_may_review(team_world):
    superuser = User.objects.create_superuser("root", password="losenord-for-test-1")
    for user in (team_world.log_reviewer, superuser):
        assert signed_in(user).get(LOG_URL).status_code == 200
        assert signed_in(user).get(EXPORT_URL).status_code == 200


@pytest.mark.parametrize(
    "who",
    ["rehab_user", "fk_user", "process_leader_user", "kansli", "mysam_coordinator", "former_user"],
)
def test_everyone_else_is_refused(team_world, who):
    client = signed_in(getattr(team_world, who))
    for url in (LOG_URL, EXPORT_URL):
        response = client.get(url)
        assert response.status_code == 403
        assert "Åtkomst nekad" in response.content.decode()


def test_anonymous_is_sent_to_sign_in(team_world):
    for url in (LOG_URL, EXPORT_URL):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_a_log_reviewer_of_no_federation_is_refused(team_world):
    # Two förbund exist, so a reviewer without a person belongs to neither.
    loose = make_user(role=User.Role.LOG_REVIEWER)
    assert signed_in(loose).get(LOG_URL).status_code == 403


def test_the_log_reviewer_sees_only_the_log_not_the_cases(team_world):
    """The reviewer reads who did what, never the case itself."""
    w = team_world
    case = make_case(w.team, w.rehab)
    client = signed_in(w.log_reviewer)
    assert client.get(f"/arenden/{case.code}/").status_code == 404
    assert client.get(f"/arenden/{case.code}/utdrag.json").status_code == 404


# --- Reviewing ---------------------------------------------------------------------------------


def test_entries_of_the_own_federation_newest_first(team_world, client_for):
    w = team_world
    day = datetime.date(2026, 3, 10)
    older = entry(w, at(day, 9), code="T2026-00001")
    newer = entry(w, at(day, 15), code="T2026-00002")
    entry(w, at(day, 12), code="T2026-09999", federation_id=w.other_federation.pk)
    response = client_for(w.log_reviewer).get(LOG_URL)
    assert list(response.context["page"].object_list) == [newer, older]
    html = response.content.decode()
    assert "T2026-09999" not in html
    assert "2026-03-10 15:00:00" in html
    assert "Rebecka Rehabsson" in html and "ärendesidan" in html and "/arenden/T2026-00002/" in html


def test_superusers_see_every_federation(team_world):
    w = team_world
    entry(w, at(datetime.date(2026, 3, 10)), code="T2026-09999", federation_id=None)
    superuser = User.objects.create_superuser("root", password="losenord-for-test-1")
    assert "T2026-09999" in signed_in(superuser).get(LOG_URL).content.decode()


def test_filters_by_user_case_period_and_action(team_world, client_for):
    w = team_world
    day = datetime.date(2026, 3, 10)
    rehab_read = entry(w, at(day), username="rehab", name="Rebecka Rehabsson")
    rehab2 = entry(w, at(day, 13), username="rehab2", name="Rolf Rehab", code="T2026-00002")
    fk_change = entry(
        w, at(day + datetime.timedelta(days=2)), username="fk", name="Fredrik K", action="change"
    )
    late_evening = entry(
        w, at(day + datetime.timedelta(days=5), 23, 30), username="af", name="Amir A"
    )
    client = client_for(w.log_reviewer)

    def found(**params):
        response = client.get(LOG_URL, params)
        assert response.status_code == 200
        return set(response.context["page"].object_list)

    assert found(user="rehab") == {rehab_read, rehab2}
    assert found(user="rolf") == {rehab2}  # the name too, any case
    assert found(user="rehab", exact_user="on") == {rehab_read}
    assert found(case="t2026-00002") == {rehab2}
    assert found(case="T2026-0000") == set()  # the code is matched exactly
    assert found(date_from="2026-03-11") == {fk_change, late_evening}
    assert found(date_to="2026-03-12") == {rehab_read, rehab2, fk_change}
    # "To" includes the whole day in Swedish time.
    assert found(date_from="2026-03-15", date_to="2026-03-15") == {late_evening}
    assert found(action="change") == {fk_change}
    assert found(user="fk", action="read") == set()


def test_a_period_ending_before_it_starts_is_refused(team_world, client_for):
    w = team_world
    entry(w, at(datetime.date(2026, 3, 10)))
    client = client_for(w.log_reviewer)
    response = client.get(LOG_URL, {"date_from": "2026-03-10", "date_to": "2026-03-01"})
    assert response.status_code == 200
    assert response.context["page"] is None
    html = response.content.decode()
    assert "Slutdatumet kan inte ligga före startdatumet." in html
    assert "Formuläret innehåller fel" in html
    assert 'id="id_date_to_error"' in html
    assert (
        client.get(EXPORT_URL, {"date_from": "2026-03-10", "date_to": "2026-03-01"}).status_code
        == 400
    )


def test_a_bad_date_is_refused(team_world, client_for):
    response = client_for(team_world.log_reviewer).get(LOG_URL, {"date_from": "igår"})
    assert response.context["page"] is None
    assert response.context["form"].errors["date_from"]


def test_results_are_paginated_with_a_bounded_number_of_queries(
    team_world, client_for, django_assert_max_num_queries
):
    w = team_world
    start = at(datetime.date(2026, 3, 1))
    for n in range(120):
        entry(w, start + datetime.timedelta(minutes=n), code=f"T2026-{n:05d}")
    client = client_for(w.log_reviewer)
    # Of these, the main menu asks two: whether the user reads money, and the follow-up.
    with django_assert_max_num_queries(9):
        first = client.get(LOG_URL)
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].object_list[0].case_code == "T2026-00119"
    assert "Sida 1 av 3" in first.content.decode()
    with django_assert_max_num_queries(9):
        last = client.get(LOG_URL, {"page": 3})
    assert [e.case_code for e in last.context["page"].object_list][-1] == "T2026-00000"
    assert len(last.context["page"].object_list) == 20


def test_reviewing_and_exporting_are_not_logged(team_world, client_for):
    w = team_world
    entry(w, at(datetime.date(2026, 3, 10)))
    client = client_for(w.log_reviewer)
    client.get(LOG_URL, {"case": "T2026-00001"})
    b"".join(client.get(EXPORT_URL).streaming_content)
    assert AccessLogEntry.objects.count() == 1


# --- Export -------------------------------------------------------------------------------------


def test_export_is_excel_friendly_csv_in_swedish(team_world, client_for):
    w = team_world
    entry(w, at(datetime.date(2026, 3, 10), 14, 5), what="förberedelse; FK")
    response = client_for(w.log_reviewer).get(EXPORT_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="atkomstlogg-')
    assert "no-store" in response["Cache-Control"]
    header, rows = rows_of(response)
    assert header == ["Tidpunkt", "Användarnamn", "Namn", "Ärende", "Händelse", "Vad", "Sida"]
    assert rows == [
        [
            "2026-03-10 14:05:00",
            "rehab",
            "Rebecka Rehabsson",
            "T2026-00001",
            "läsning",
            "förberedelse; FK",
            "/arenden/T2026-00001/",
        ]
    ]


def test_export_holds_the_same_rows_as_the_page(team_world, client_for):
    w = team_world
    day = datetime.date(2026, 3, 10)
    for n in range(12):
        entry(
            w,
            at(day + datetime.timedelta(days=n % 4), 8 + n),
            username="rehab" if n % 3 else "fk",
            code=f"T2026-{n % 5:05d}",
            action="change" if n % 2 else "read",
        )
    entry(w, at(day), code="T2026-00001", federation_id=w.other_federation.pk)
    client = client_for(w.log_reviewer)
    for params in (
        {},
        {"user": "rehab", "exact_user": "on"},
        {"case": "T2026-00001"},
        {"date_from": "2026-03-11", "date_to": "2026-03-12", "action": "change"},
    ):
        page = client.get(LOG_URL, params).context["page"]
        _, rows = rows_of(client.get(EXPORT_URL, params))
        expected = [
            [f"{timezone.localtime(e.at):%Y-%m-%d %H:%M:%S}", e.username, e.case_code, e.action]
            for e in page.object_list
        ]
        labels = {"läsning": "read", "ändring": "change"}
        assert [[r[0], r[1], r[3], labels[r[4]]] for r in rows] == expected, params


def test_export_defuses_values_excel_would_run_as_formulas(team_world, client_for):
    entry(team_world, at(datetime.date(2026, 3, 10)), username="=HYPERLINK(1)")
    _, rows = rows_of(client_for(team_world.log_reviewer).get(EXPORT_URL))
    assert rows[0][1] == "'=HYPERLINK(1)"


def test_the_page_links_to_the_export_with_the_same_filters(team_world, client_for):
    entry(team_world, at(datetime.date(2026, 3, 10)))
    response = client_for(team_world.log_reviewer).get(LOG_URL, {"case": "T2026-00001", "page": 1})
    assert 'href="/logg/export.csv?case=T2026-00001"' in response.content.decode()
