"""Reporting an accessibility problem without signing in, and the administrators' report list."""

import pytest
from django.test import Client
from django.urls import reverse

from samverkan.statements.models import AccessibilityReport
from samverkan.statements.views.common import NOT_ADMINISTRATOR
from tests.factories import make_user

VALID = {
    "description": "Menyn går inte att öppna med tangentbordet.",
    "page_address": "/moten/",
    "name": "Vera Värn",
    "email": "vera@example.org",
    "website": "",
}
TOO_LONG = "Texten får vara högst"


def page_of(federation):
    return reverse("statements:accessibility_for", kwargs={"federation": federation.slug})


def reports_of(federation):
    return reverse("statements:reports", kwargs={"federation": federation.slug})


def handled_url(report):
    return reverse(
        "statements:report_handled",
        kwargs={"federation": report.federation.slug, "pk": report.pk},
    )


def test_a_report_is_stored_and_thanked_for(world):
    response = Client().post(page_of(world.federation), VALID)

    thanks = reverse("statements:report_sent", kwargs={"federation": world.federation.slug})
    assert response.status_code == 302 and response["Location"] == thanks
    report = AccessibilityReport.objects.get()
    assert report.federation == world.federation
    assert report.description == VALID["description"]
    assert (report.page_address, report.name, report.email) == (
        "/moten/",
        "Vera Värn",
        "vera@example.org",
    )
    assert report.created_at is not None and report.handled is False
    html = Client().get(thanks).content.decode()
    assert "<h1>Tack för din rapport</h1>" in html
    assert "Vi har tagit emot din rapport om bristande tillgänglighet." in html


def test_only_the_description_is_required(lone_federation):
    response = Client().post(
        reverse("statements:accessibility_for", args=["ensamlan"]),
        {"description": "  Kontrasten är låg.  "},
    )

    assert response.status_code == 302
    report = AccessibilityReport.objects.get()
    assert report.description == "Kontrasten är låg."
    assert report.name == report.email == report.page_address == ""


@pytest.mark.parametrize("description", ["", "   \n  "])
def test_a_report_without_a_description_is_refused(world, description):
    response = Client().post(page_of(world.federation), {**VALID, "description": description})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Formuläret innehåller fel" in html
    assert "Beskriv problemet du stötte på." in html
    assert 'value="Vera Värn"' in html  # what was typed is kept
    assert not AccessibilityReport.objects.exists()


@pytest.mark.parametrize(
    ("field", "length"),
    [("description", 5001), ("page_address", 501), ("name", 201)],
)
def test_overlong_fields_are_refused(world, field, length):
    response = Client().post(page_of(world.federation), {**VALID, field: "å" * length})

    assert response.status_code == 200
    html = response.content.decode()
    assert TOO_LONG in html and f"(den är {length})" in html
    assert not AccessibilityReport.objects.exists()


def test_a_malformed_or_overlong_email_is_refused(world):
    malformed = Client().post(page_of(world.federation), {**VALID, "email": "vera@"})
    overlong = Client().post(page_of(world.federation), {**VALID, "email": "v" * 250 + "@a.se"})

    assert "Skriv e-postadressen som namn@exempel.se" in malformed.content.decode()
    assert f"{TOO_LONG} 254 tecken lång (den är 255)" in overlong.content.decode()
    assert not AccessibilityReport.objects.exists()


def test_a_filled_honeypot_stores_nothing(world):
    response = Client().post(
        page_of(world.federation), {**VALID, "website": "https://spam.example"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Rapporten kunde inte skickas, eftersom ett dolt fält var ifyllt." in html
    # Shown again empty, so that whoever's browser filled it can send again.
    assert 'name="website" value=' not in html and "spam.example" not in html
    assert not AccessibilityReport.objects.exists()


def test_the_administrator_reads_the_reports_sent_to_the_federation(
    world, open_report, other_report, client_for
):
    response = client_for(world.admin).get(reports_of(world.federation))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Rapporter om bristande tillgänglighet</h1>" in html
    assert open_report.description in html
    assert "Tove Tangentsson" in html and 'href="mailto:tove@example.org"' in html
    assert handled_url(open_report) in html
    assert other_report.description not in html
    assert "Inga hanterade rapporter ännu." in html
    page = client_for(world.admin).get(page_of(world.federation)).content.decode()
    assert "Rapporter: 1 ohanterad" in page


def test_the_administrator_marks_a_report_handled(world, open_report, client_for):
    admin = client_for(world.admin)

    response = admin.post(handled_url(open_report))

    assert response.status_code == 302 and response["Location"] == reports_of(world.federation)
    open_report.refresh_from_db()
    assert open_report.handled and open_report.handled_by == world.admin
    handled_at = open_report.handled_at
    assert handled_at is not None
    html = admin.get(reports_of(world.federation)).content.decode()
    assert "Rapporten är markerad som hanterad." in html
    assert "Inga ohanterade rapporter." in html
    assert open_report.description in html and handled_url(open_report) not in html

    # Again, by someone else: it stays handled by the first, at the first time.
    superuser = client_for(make_user(is_superuser=True))
    superuser.post(handled_url(open_report))
    open_report.refresh_from_db()
    assert open_report.handled_by == world.admin and open_report.handled_at == handled_at
    html = superuser.get(reports_of(world.federation)).content.decode()
    assert "Rapporten var redan markerad som hanterad." in html


def test_marking_handled_is_a_post(world, open_report, client_for):
    assert client_for(world.admin).get(handled_url(open_report)).status_code == 405
    open_report.refresh_from_db()
    assert not open_report.handled


def test_anonymous_visitors_are_sent_to_sign_in(world, open_report):
    for url in (reports_of(world.federation), handled_url(open_report)):
        response = Client().post(url) if url == handled_url(open_report) else Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    open_report.refresh_from_db()
    assert not open_report.handled


@pytest.mark.parametrize("who", ["reader", "other_admin"])
def test_only_the_federations_administrators_read_and_handle_reports(
    world, open_report, client_for, who
):
    client = client_for(getattr(world, who))

    response = client.get(reports_of(world.federation))
    assert response.status_code == 403
    assert str(NOT_ADMINISTRATOR) in response.content.decode()
    assert open_report.description not in response.content.decode()
    response = client.post(handled_url(open_report))
    assert response.status_code == 403
    open_report.refresh_from_db()
    assert not open_report.handled


def test_a_report_of_another_federation_is_not_found(world, other_report, client_for):
    url = reverse(
        "statements:report_handled",
        kwargs={"federation": world.federation.slug, "pk": other_report.pk},
    )
    assert client_for(world.admin).post(url).status_code == 404
    other_report.refresh_from_db()
    assert not other_report.handled
