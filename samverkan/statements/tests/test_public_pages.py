"""Both statements are read without signing in, and every page's footer links to them."""

import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

from samverkan.statements import defaults
from samverkan.statements.models import AccessibilityStatement, PrivacyNotice
from tests.factories import make_federation, signed_in

ACCESSIBILITY = reverse("statements:accessibility")
PRIVACY = reverse("statements:privacy")
DIGG_REPORTING = '<a href="https://www.digg.se/tdosanmalan">'
IMY = '<a href="https://www.imy.se/">'


def accessibility_of(federation):
    return reverse("statements:accessibility_for", kwargs={"federation": federation.slug})


def privacy_of(federation):
    return reverse("statements:privacy_for", kwargs={"federation": federation.slug})


def test_anonymous_reads_the_accessibility_statement_of_the_only_federation(lone_federation):
    response = Client().get(ACCESSIBILITY)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Tillgänglighetsredogörelse</h1>" in html
    assert "Samordningsförbundet Ensamlän står bakom den här tjänsten" in html
    assert "lagen (2018:1937) om tillgänglighet till digital offentlig service" in html
    assert "Tjänsten är delvis förenlig med lagen" in html
    assert "EN 301 549" in html and "WCAG 2.1" in html
    # The honest default: what users upload is not checked.
    assert "Dokument som användare laddar upp" in html
    assert "axe-core" in html and "tangentbord" in html
    assert "Förbundet har ännu inte angett när den senaste granskningen gjordes." in html
    assert "Myndigheten för digital förvaltning (DIGG)" in html
    assert DIGG_REPORTING in html
    # The report form, sent to the förbund's own address.
    assert f'action="{accessibility_of(lone_federation)}#rapportera"' in html
    assert 'name="description"' in html and "Skicka rapporten" in html
    # Nothing from other hosts but links: no scripts, styles or images.
    assert 'src="http' not in html
    assert re.findall(r'href="(https?:[^"]*)"', html) == ["https://www.digg.se/tdosanmalan"]


def test_anonymous_reads_the_privacy_notice_of_the_only_federation(lone_federation):
    response = Client().get(PRIVACY)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Så behandlar vi personuppgifter i Samverkan</h1>" in html
    assert "personuppgiftsansvarig" in html
    # Each party for its own case records; the förbund for the shared data.
    for party in ("Försäkringskassan", "Arbetsförmedlingen", "Ettbys kommun"):
        assert f"<li>{party}</li>" in html
    assert "<strong>Samordningsförbundet Ensamlän</strong> är personuppgiftsansvarigt" in html
    assert "samtycke" in html and "ta tillbaka ditt samtycke" in html
    assert "artikel 6.1 e" in html
    months = settings.CASE_RETENTION_MONTHS
    assert f"raderas ur tjänsten {months} månader efter att ärendet har avslutats" in html
    assert "registerutdrag" in html and "Så begär du ett registerutdrag" in html
    assert "Uppgifter om dig som använder Samverkan" in html and "loggen" in html
    assert "Förbundet har ännu inte angett kontaktuppgifter till sitt dataskyddsombud här." in html
    assert "Integritetsskyddsmyndigheten (IMY)" in html and IMY in html


def test_the_statements_are_created_once_with_the_default_texts_in_swedish(lone_federation):
    english = Client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english.get(ACCESSIBILITY)
    english.get(PRIVACY)
    Client().get(accessibility_of(lone_federation))
    Client().get(privacy_of(lone_federation))

    statement = AccessibilityStatement.objects.get()
    notice = PrivacyNotice.objects.get()
    assert statement.federation == notice.federation == lone_federation
    assert statement.conformance == AccessibilityStatement.Conformance.PARTIAL
    assert statement.non_conformities.startswith("Dokument som användare laddar upp")
    assert statement.review_method == str(defaults.REVIEW_METHOD)
    assert statement.reviewed_on is None
    assert notice.legal_basis.startswith("Parterna och förbundet behandlar")
    assert notice.federation_contact == notice.dpo_contact == ""


def test_with_several_federations_the_bare_addresses_list_them(world):
    for bare, of in ((ACCESSIBILITY, accessibility_of), (PRIVACY, privacy_of)):
        html = Client().get(bare).content.decode()
        assert "Det finns flera samordningsförbund. Välj vilket förbund du vill se." in html
        for federation in (world.federation, world.other_federation):
            assert f'<a href="{of(federation)}">{federation.name}</a>' in html
    assert not AccessibilityStatement.objects.exists()


def test_each_federation_has_its_own_statement(world):
    html = Client().get(accessibility_of(world.other_federation)).content.decode()
    assert "Samordningsförbundet Annanlän står bakom den här tjänsten" in html
    html = Client().get(privacy_of(world.federation)).content.decode()
    assert "<li>Region Testlän</li>" in html and "Främmande" not in html
    assert AccessibilityStatement.objects.filter(federation=world.other_federation).exists()


def test_without_a_federation_the_bare_address_says_so(db):
    html = Client().get(ACCESSIBILITY).content.decode()
    assert "Det finns inget samordningsförbund i systemet ännu." in html
    assert "load_structure" not in html  # the operator's hint is for signed-in users


def test_an_unknown_federation_is_not_found(db):
    make_federation(slug="finns")
    for name in ("accessibility_for", "privacy_for", "report_sent"):
        url = reverse(f"statements:{name}", kwargs={"federation": "finns-inte"})
        assert Client().get(url).status_code == 404


def test_the_sign_in_page_links_to_both_statements(db):
    html = Client().get(reverse("login")).content.decode()

    footer = html[html.index('<footer class="site-footer">') :]
    assert '<nav aria-label="Om tjänsten">' in footer
    assert f'<a href="{ACCESSIBILITY}">Tillgänglighetsredogörelse</a>' in footer
    assert f'<a href="{PRIVACY}">Personuppgifter</a>' in footer


def test_a_signed_in_page_links_to_the_users_own_federations_statements(world):
    html = signed_in(world.reader).get(reverse("start")).content.decode()

    footer = html[html.index('<footer class="site-footer">') :]
    assert (
        f'<a href="{accessibility_of(world.federation)}">Tillgänglighetsredogörelse</a>' in footer
    )
    assert f'<a href="{privacy_of(world.federation)}">Personuppgifter</a>' in footer


def test_signed_in_users_read_the_public_pages_too(world):
    client = signed_in(world.reader)
    assert client.get(accessibility_of(world.federation)).status_code == 200
    assert client.get(privacy_of(world.federation)).status_code == 200


def test_only_the_federations_administrators_see_the_edit_links(world, client_for):
    edit = reverse("statements:accessibility_edit", kwargs={"federation": world.federation.slug})
    reports = reverse("statements:reports", kwargs={"federation": world.federation.slug})
    privacy_edit = reverse("statements:privacy_edit", kwargs={"federation": world.federation.slug})
    page, notice = accessibility_of(world.federation), privacy_of(world.federation)

    admin = client_for(world.admin)
    html = admin.get(page).content.decode()
    assert edit in html and reports in html and "Rapporter: 0 ohanterade" in html
    assert privacy_edit in admin.get(notice).content.decode()
    for client in (Client(), client_for(world.reader), client_for(world.other_admin)):
        html = client.get(page).content.decode()
        assert edit not in html and reports not in html
        assert privacy_edit not in client.get(notice).content.decode()
