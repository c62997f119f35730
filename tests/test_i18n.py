"""The English interface: chosen by the language menu or cookie, complete, Swedish by default."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from samverkan.core.models import User
from samverkan.structure.models import GroupKind, Party
from tests.factories import (
    make_federation,
    make_group,
    make_municipality,
    make_party,
    make_person,
    make_unit,
    make_user,
)

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
OVERVIEW = reverse("structure:overview")
COVERAGE = reverse("structure:coverage")
ENGLISH_NAV = ("Municipalities", "Groups", "Coverage", "Decisions", "Search")
SWEDISH_NAV = ("Kommuner", "Grupper", "Täckning", "Beslut", "Sök")


@pytest.fixture
def admin(db):
    """The administrator of a small förbund: one municipality with Mysam, a unit without Trisam."""
    federation = make_federation(name="Samordningsförbundet Testlän", slug="testlan")
    alby = make_municipality(federation, name="Alby", code="8101")
    region = make_party(federation, name="Region Testlän", code="region", kind=Party.Kind.REGION)
    make_unit(region, alby, name="Alby hälsocentral")
    make_group(federation, GroupKind.MYSAM, name="Mysam Alby", municipality=alby)
    person = make_person(federation, first_name="Ada", last_name="Administratör")
    return make_user(person, role=User.Role.FEDERATION_ADMIN)


def client_for(user, language=None):
    client = Client()
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_start_page_is_in_english_for_an_english_user(admin):
    html = client_for(admin, "en").get(OVERVIEW).content.decode()

    assert '<html lang="en">' in html
    for label in ENGLISH_NAV:
        assert f">{label}</a></li>" in html
    assert "<h1>Organisation</h1>" in html
    assert "The collaboration structure in Samordningsförbundet Testlän today." in html
    assert '<h2 id="org-chart-heading">Organisation chart</h2>' in html
    assert "Sign out" in html
    for label in SWEDISH_NAV:
        assert f">{label}</a></li>" not in html
    for swedish in ("Samverkansstrukturen", "Organisationsschema", "Logga ut", "Byt språk"):
        assert swedish not in html


def test_coverage_page_is_in_english_for_an_english_user(admin):
    html = client_for(admin, "en").get(COVERAGE).content.decode()

    assert '<html lang="en">' in html
    assert "<h1>Coverage</h1>" in html
    assert "<h2>Municipalities without a Mysam group</h2>" in html
    assert "1 of 1 municipalities have a Mysam group." in html
    assert "<h2>Care units without a Trisam team</h2>" in html
    assert "0 of 1 care units have a Trisam team." in html
    assert "<td>Health centre</td>" in html
    assert "Create Trisam team" in html
    for swedish in ("Täckning", "Kommuner utan Mysam-grupp", "Vårdenheter", "Hälsocentral"):
        assert swedish not in html


def test_pages_are_in_swedish_by_default(admin):
    client = client_for(admin)
    overview = client.get(OVERVIEW).content.decode()
    coverage = client.get(COVERAGE).content.decode()

    assert '<html lang="sv">' in overview
    for label in SWEDISH_NAV:
        assert f">{label}</a></li>" in overview
    for label in ENGLISH_NAV:
        assert f">{label}</a></li>" not in overview
    assert "Organisation chart" not in overview
    assert "<h1>Täckning</h1>" in coverage
    assert "<h2>Kommuner utan Mysam-grupp</h2>" in coverage
    assert "Coverage" not in coverage
    assert "Municipalities without a Mysam group" not in coverage


def test_language_menu_switches_to_english_and_back(admin):
    client = client_for(admin)

    response = client.post(reverse("set_language"), {"language": "en", "next": COVERAGE})
    assert response.status_code == 302
    assert response["Location"] == COVERAGE
    assert "<h1>Coverage</h1>" in client.get(COVERAGE).content.decode()

    client.post(reverse("set_language"), {"language": "sv", "next": COVERAGE})
    assert "<h1>Täckning</h1>" in client.get(COVERAGE).content.decode()


def test_model_validation_message_is_in_english_for_an_english_user(admin):
    data = {"name": "Cedby", "code": "12"}
    url = reverse("structure:municipality_create")

    english = client_for(admin, "en").post(url, data)
    swedish = client_for(admin).post(url, data)

    assert english.status_code == 200
    html = english.content.decode()
    assert "The form contains errors" in html
    assert "Municipality code: The municipality code must be four digits." in html
    assert "Kommunkoden ska vara fyra siffror." not in html
    assert "Kommunkoden ska vara fyra siffror." in swedish.content.decode()


def catalogue_entries():
    """(msgctxt or None, msgid, msgid_plural or None, [msgstr, ...], flags) for each .po entry."""
    entries = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        fields, current, flags = {}, None, ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += line
            elif line.startswith("msg"):
                current, _, value = line.partition(" ")
                fields[current] = ast.literal_eval(value)
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            translations = [value for key, value in fields.items() if key.startswith("msgstr")]
            entries.append(
                (
                    fields.get("msgctxt"),
                    fields["msgid"],
                    fields.get("msgid_plural"),
                    translations,
                    flags,
                )
            )
    return entries


def test_english_catalogue_is_complete_and_compiled():
    entries = catalogue_entries()
    assert entries

    with translation.override("en"):
        for context, msgid, plural, translations, flags in entries:
            assert "fuzzy" not in flags, msgid
            assert all(translations), f"untranslated: {msgid!r}"
            if plural is None and context is None:
                assert translation.gettext(msgid) == translations[0], msgid
            elif plural is None:
                assert translation.pgettext(context, msgid) == translations[0], msgid
            else:
                assert translation.ngettext(msgid, plural, 1) == translations[0], msgid
                assert translation.ngettext(msgid, plural, 2) == translations[1], msgid
