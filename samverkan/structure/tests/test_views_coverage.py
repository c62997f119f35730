"""The coverage report page: its four sections, counts, empty states and the date choice."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.structure.models import GroupKind, Membership
from tests.factories import grow, make_group

URL = reverse("structure:coverage")
SECTIONS = (
    "Kommuner utan Mysam-grupp",
    "Vårdenheter utan Trisam-team",
    "Grupper som saknar en part",
    "Grupper utan sammankallande",
)


def section(html, heading):
    start = html.index(f"<h2>{heading}</h2>")
    following = [html.find(f"<h2>{other}</h2>", start + 1) for other in SECTIONS]
    ends = [pos for pos in following if pos > start]
    return html[start : min(ends) if ends else len(html)]


def test_anonymous_is_sent_to_sign_in(world):
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_report_has_the_four_sections_with_items_as_links(world, reader_client):
    response = reader_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Täckning</h1>" in html
    for heading in SECTIONS:
        assert f"<h2>{heading}</h2>" in html

    mysam = section(html, "Kommuner utan Mysam-grupp")
    assert "1 av 2 kommuner har en Mysam-grupp." in mysam
    assert f'href="{world.bergby.get_absolute_url()}">Bergby</a>' in mysam

    trisam = section(html, "Vårdenheter utan Trisam-team")
    assert "1 av 3 vårdenheter har ett Trisam-team." in trisam
    assert f'href="{world.bergby_hc.get_absolute_url()}">Bergby hälsocentral</a>' in trisam
    assert "Bergby vuxenpsykiatri" in trisam

    assert "Alla grupper har ledamöter" in section(html, "Grupper som saknar en part")
    assert "Alla grupper har en sammankallande." in section(html, "Grupper utan sammankallande")


def test_adding_a_trisam_team_changes_the_report(world, reader_client):
    make_group(world.federation, GroupKind.TRISAM, name="Trisam Bergby", unit=world.bergby_hc)
    trisam = section(reader_client.get(URL).content.decode(), "Vårdenheter utan Trisam-team")
    assert "2 av 3 vårdenheter har ett Trisam-team." in trisam
    assert "Bergby hälsocentral" not in trisam
    assert "Bergby vuxenpsykiatri" in trisam


def test_missing_party_and_convener_are_reported(world, reader_client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Membership.objects.filter(group=world.mysam, person=world.af_manager).update(valid_to=yesterday)
    Membership.objects.filter(group=world.mysam, role=Membership.Role.CONVENER).update(
        valid_to=yesterday
    )
    html = reader_client.get(URL).content.decode()
    parties = section(html, "Grupper som saknar en part")
    assert f'href="{world.mysam.get_absolute_url()}">Mysam Alby</a>' in parties
    assert "Arbetsförmedlingen" in parties
    conveners = section(html, "Grupper utan sammankallande")
    assert "Mysam Alby" in conveners
    assert "Karin Koordinator" in conveners
    assert yesterday.isoformat() in conveners


def test_another_day_can_be_chosen(world, reader_client):
    before = (
        world.mysam.memberships.order_by("valid_from").first().valid_from
    ) - datetime.timedelta(days=1)
    make_group(
        world.federation,
        GroupKind.MYSAM,
        name="Mysam Bergby",
        municipality=world.bergby,
        started_on=timezone.localdate(),
    )
    html = reader_client.get(URL, {"date": before.isoformat()}).content.decode()
    assert f'value="{before.isoformat()}"' in html
    assert "Mysam Bergby" not in html
    assert "Grupper som saknar en part" in html
    # Before the members joined, the Mysam group lacked both the parties and a convener.
    assert "Mysam Alby" in section(html, "Grupper utan sammankallande")


def test_a_bad_date_gives_a_swedish_error_and_todays_report(world, reader_client):
    response = reader_client.get(URL, {"date": "31/12/2024"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Datumet kunde inte tolkas" in html
    assert 'aria-invalid="true"' in html
    assert "1 av 2 kommuner har en Mysam-grupp." in html


def test_create_links_for_admins_only(world, reader_client, editor_client):
    create = f"{reverse('structure:group_create')}?kind=trisam&amp;unit={world.bergby_hc.pk}"
    assert create not in reader_client.get(URL).content.decode()
    assert create in editor_client.get(URL).content.decode()


def test_coverage_query_count_is_bounded(world, reader_client, django_assert_max_num_queries):
    grow(world, municipalities=8)
    with django_assert_max_num_queries(20):
        response = reader_client.get(URL)
    assert response.status_code == 200
