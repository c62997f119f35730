"""Units: the filtered list and one unit with its Trisam team or the notice that it has none."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.structure.models import Unit
from tests.factories import make_unit

LIST_URL = reverse("structure:units")


def create_team_url(unit):
    return f"{reverse('structure:group_create')}?kind=trisam&amp;unit={unit.pk}"


def test_anonymous_is_sent_to_sign_in(world):
    for url in (LIST_URL, world.alby_hc.get_absolute_url()):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_unit_page_shows_facts_staff_and_its_team(world, reader_client):
    response = reader_client.get(world.alby_hc.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Alby hälsocentral</h1>" in html
    assert "Hälsocentral" in html
    assert "Region Testlän" in html
    assert "Trisam Alby hälsocentral" in html
    assert "Sammankallande:" in html and "Rebecka Rehabsson" in html
    assert "Rut Regionsdotter" in html  # staff at the unit
    assert "Skapa Trisam-team" not in html


def test_care_unit_without_team_shows_notice_and_create_link_for_admins(
    world, reader_client, editor_client
):
    url = world.bergby_hc.get_absolute_url()
    reader_html = reader_client.get(url).content.decode()
    assert "Enheten har inget Trisam-team." in reader_html
    assert "Skapa Trisam-team" not in reader_html

    editor_html = editor_client.get(url).content.decode()
    assert "Skapa Trisam-team" in editor_html
    assert create_team_url(world.bergby_hc) in editor_html


def test_create_link_leads_to_a_prefilled_group_form(world, editor_client):
    url = f"{reverse('structure:group_create')}?kind=trisam&unit={world.bergby_psych.pk}"
    html = editor_client.get(url).content.decode()
    assert '<option value="trisam" selected>' in html
    assert f'<option value="{world.bergby_psych.pk}" selected>' in html
    assert 'value="Trisam Bergby vuxenpsykiatri"' in html


def test_non_care_unit_has_no_trisam_section(world, editor_client):
    html = editor_client.get(world.alby_ifo.get_absolute_url()).content.decode()
    assert "Trisam-team" not in html.split("<main", 1)[1]


def test_list_filters_by_kind_and_municipality(world, reader_client):
    html = reader_client.get(LIST_URL).content.decode()
    assert "<h1>Enheter</h1>" in html
    for name in ("Alby hälsocentral", "Bergby hälsocentral", "Alby IFO"):
        assert name in html

    html = reader_client.get(LIST_URL, {"kind": Unit.Kind.HEALTH_CENTRE}).content.decode()
    assert "Alby hälsocentral" in html and "Bergby hälsocentral" in html
    assert "Alby IFO" not in html and "Bergby vuxenpsykiatri" not in html

    html = reader_client.get(
        LIST_URL, {"kind": Unit.Kind.HEALTH_CENTRE, "municipality": world.bergby.pk}
    ).content.decode()
    assert "Bergby hälsocentral" in html
    assert "Alby hälsocentral" not in html


def test_list_shows_only_the_users_federation(world, reader_client):
    other_municipality = world.other_federation.municipalities.create(name="Främby", code="8201")
    other_party = world.other_federation.parties.create(
        name="Främby kommun", code="kommun", kind="municipality", municipality=other_municipality
    )
    make_unit(other_party, other_municipality, name="Främmande enhet", kind=Unit.Kind.IFO)
    assert "Främmande enhet" not in reader_client.get(LIST_URL).content.decode()


def test_a_unit_closing_later_still_expects_a_team_and_a_closed_one_does_not(world, editor_client):
    today = timezone.localdate()
    unit = world.bergby_hc

    unit.closed_on = today + datetime.timedelta(days=30)
    unit.save()
    assert "Skapa Trisam-team" in editor_client.get(unit.get_absolute_url()).content.decode()

    unit.closed_on = today
    unit.save()
    assert "Skapa Trisam-team" not in editor_client.get(unit.get_absolute_url()).content.decode()
