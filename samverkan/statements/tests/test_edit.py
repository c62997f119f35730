"""The förbund's administrators change the statements' texts; the public page shows the change."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from samverkan.statements import services
from samverkan.statements.models import AccessibilityStatement, PrivacyNotice
from samverkan.statements.views.common import NOT_ADMINISTRATOR
from tests.factories import STALE, TODAY, assert_refused

REVIEWED = datetime.date(2025, 3, 31)


def url(name, federation):
    return reverse(f"statements:{name}", kwargs={"federation": federation.slug})


def accessibility_data(statement, **changes):
    return {
        "conformance": "partial",
        "non_conformities": "Bilagor i förhandsmaterialet kan sakna taggar.",
        "review_method": "Självskattning med axe-core och tangentbordstester.",
        "reviewed_on": REVIEWED.isoformat(),
        "contact": "tillganglighet@example.org, 010-123 45 67. Vi svarar inom fem arbetsdagar.",
        "version": statement.version,
        **changes,
    }


def privacy_data(notice, **changes):
    return {
        "legal_basis": "Allmänt intresse, artikel 6.1 e.",
        "retention": "Uppgifterna raderas 18 månader efter att ärendet har avslutats.",
        "federation_contact": "Samordningsförbundet Testlän, Storgatan 1, 800 00 Testby",
        "dpo_contact": "Dataskyddsombudet, dso@example.org",
        "version": notice.version,
        **changes,
    }


def test_the_administrator_changes_the_accessibility_statement(world, editor_client):
    statement = services.accessibility_statement_of(world.federation)
    edit = url("accessibility_edit", world.federation)

    form = editor_client.get(edit).content.decode()
    assert "<h1>Ändra tillgänglighetsredogörelsen</h1>" in form
    assert "Dokument som användare laddar upp" in form
    assert 'type="radio" name="conformance" value="partial"' in form
    assert 'type="date"' in form

    response = editor_client.post(edit, accessibility_data(statement, conformance="none"))

    page = url("accessibility_for", world.federation)
    assert response.status_code == 302 and response["Location"] == page
    statement.refresh_from_db()
    assert statement.conformance == AccessibilityStatement.Conformance.NONE
    assert statement.reviewed_on == REVIEWED and statement.version == 2
    html = Client().get(page).content.decode()
    assert "Tjänsten är inte förenlig med lagen" in html
    assert "Bilagor i förhandsmaterialet kan sakna taggar." in html
    assert "Dokument som användare laddar upp" not in html
    assert "Den senaste granskningen gjordes den 31 mars 2025." in html
    assert "Vi svarar inom fem arbetsdagar." in html
    assert "Tillgänglighetsredogörelsen har sparats." in editor_client.get(page).content.decode()


def test_fully_compliant_needs_no_list_of_shortcomings(world, editor_client):
    statement = services.accessibility_statement_of(world.federation)
    data = accessibility_data(statement, conformance="full", non_conformities="")

    assert editor_client.post(url("accessibility_edit", world.federation), data).status_code == 302
    html = Client().get(url("accessibility_for", world.federation)).content.decode()
    assert "Tjänsten är helt förenlig med lagen" in html
    assert "Vi känner inte till något innehåll som inte är tillgängligt." in html


def test_the_administrator_changes_the_privacy_notice(world, editor_client):
    notice = services.privacy_notice_of(world.federation)
    edit = url("privacy_edit", world.federation)
    assert (
        "<h1>Ändra informationen om personuppgifter</h1>"
        in editor_client.get(edit).content.decode()
    )

    response = editor_client.post(edit, privacy_data(notice))

    page = url("privacy_for", world.federation)
    assert response.status_code == 302 and response["Location"] == page
    notice.refresh_from_db()
    assert notice.version == 2
    html = Client().get(page).content.decode()
    assert "Uppgifterna raderas 18 månader efter att ärendet har avslutats." in html
    assert "Dataskyddsombudet, dso@example.org" in html
    assert "Storgatan 1" in html
    assert "har ännu inte angett" not in html


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"reviewed_on": ""}, "Ange vilken dag den senaste granskningen gjordes."),
        ({"reviewed_on": "31/3/2025"}, "Skriv datumet som ÅÅÅÅ-MM-DD"),
        (
            {"reviewed_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
            "Granskningen kan inte ha gjorts i framtiden.",
        ),
        ({"review_method": "  "}, "Beskriv hur tjänsten har granskats."),
        ({"non_conformities": ""}, "Beskriv vad som inte är tillgängligt"),
        ({"conformance": "maybe"}, "Välj ett giltigt alternativ."),
        ({"contact": "x" * 10_001}, "Texten får vara högst 10000 tecken lång"),
    ],
)
def test_a_bad_accessibility_edit_changes_nothing(world, editor_client, changes, error):
    statement = services.accessibility_statement_of(world.federation)
    before = AccessibilityStatement.objects.values().get(pk=statement.pk)

    response = editor_client.post(
        url("accessibility_edit", world.federation), accessibility_data(statement, **changes)
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Formuläret innehåller fel" in html and error in html
    assert AccessibilityStatement.objects.values().get(pk=statement.pk) == before


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"legal_basis": ""}, "Beskriv den rättsliga grunden."),
        ({"retention": " "}, "Beskriv hur länge uppgifterna sparas."),
        ({"dpo_contact": "x" * 10_001}, "Texten får vara högst 10000 tecken lång"),
    ],
)
def test_a_bad_privacy_edit_changes_nothing(world, editor_client, changes, error):
    notice = services.privacy_notice_of(world.federation)
    before = PrivacyNotice.objects.values().get(pk=notice.pk)

    response = editor_client.post(
        url("privacy_edit", world.federation), privacy_data(notice, **changes)
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert PrivacyNotice.objects.values().get(pk=notice.pk) == before


def test_a_stale_edit_is_refused(world, editor_client):
    statement = services.accessibility_statement_of(world.federation)
    started_from = accessibility_data(statement)
    editor_client.post(url("accessibility_edit", world.federation), started_from)

    response = editor_client.post(
        url("accessibility_edit", world.federation), {**started_from, "contact": "Senare."}
    )

    assert response.status_code == 409 and STALE in response.content.decode()
    statement.refresh_from_db()
    assert statement.version == 2 and "Senare." not in statement.contact


@pytest.mark.parametrize("name", ["accessibility_edit", "privacy_edit"])
def test_anonymous_visitors_are_sent_to_sign_in(world, name):
    for method in ("get", "post"):
        response = getattr(Client(), method)(url(name, world.federation))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["accessibility_edit", "privacy_edit"])
@pytest.mark.parametrize("who", ["reader", "other_admin"])
def test_only_the_federations_administrators_edit(world, client_for, name, who):
    statement = services.accessibility_statement_of(world.federation)
    notice = services.privacy_notice_of(world.federation)
    data = accessibility_data(statement) if name == "accessibility_edit" else privacy_data(notice)

    assert_refused(
        client_for(getattr(world, who)), url(name, world.federation), data, str(NOT_ADMINISTRATOR)
    )

    statement.refresh_from_db()
    notice.refresh_from_db()
    assert statement.version == notice.version == 1


def test_an_administrator_edits_their_own_federation_only(world, client_for):
    other = world.other_federation
    assert client_for(world.other_admin).get(url("accessibility_edit", other)).status_code == 200
    assert client_for(world.other_admin).get(url("privacy_edit", other)).status_code == 200
    assert client_for(world.other_admin).get(url("reports", other)).status_code == 200
