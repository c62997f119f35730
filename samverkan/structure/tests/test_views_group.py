"""The group list with its kind filter, and one group: facts, rules, members and history."""

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.structure.models import GroupKind, Membership
from tests.factories import YEAR_AGO, grow, make_decision, make_membership, make_rule

LIST_URL = reverse("structure:groups")
TODAY = timezone.localdate()


def test_anonymous_is_sent_to_sign_in(world):
    for url in (LIST_URL, world.mysam.get_absolute_url()):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_list_shows_every_group_with_member_counts(world, reader_client):
    html = reader_client.get(LIST_URL).content.decode()
    assert "<h1>Grupper</h1>" in html
    for name in ("Länsledning Välfärd", "Mysam Alby", "Trisam Alby hälsocentral"):
        assert name in html
    assert '<td class="num">6</td>' in html  # six people sit in Mysam Alby today


def test_list_filters_by_kind(world, reader_client):
    html = reader_client.get(LIST_URL, {"kind": "trisam"}).content.decode()
    assert "Trisam Alby hälsocentral" in html
    assert "Mysam Alby" not in html
    assert "Grupper av typen Trisam-team" in html
    assert '<option value="trisam" selected>' in html


def test_list_with_an_unknown_kind_shows_a_swedish_error_and_every_group(world, reader_client):
    html = reader_client.get(LIST_URL, {"kind": "nonsense"}).content.decode()
    assert "Välj ett giltigt alternativ" in html
    assert "Mysam Alby" in html


def test_detail_shows_facts_and_current_members_by_party(world, reader_client):
    response = reader_client.get(world.mysam.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Mysam Alby</h1>" in html
    assert "<caption>Försäkringskassan</caption>" in html
    assert "<caption>Albys kommun</caption>" in html
    assert "Fredrik Kassasson" in html
    assert "ej ordinarie ledamot" in html  # the co-opted school head


def test_detail_shows_the_rules_in_force_with_their_decision(world, reader_client):
    html = reader_client.get(world.mysam.get_absolute_url()).content.decode()
    assert "Regler för Mysam i dag" in html
    assert "90 minuter" in html
    assert "Erfarenheter från Trisam" in html
    assert "Statens representanter: 60 timmar per år" in html
    assert "koordinatorn" in html
    assert f'href="{world.decision.get_absolute_url()}">Mysam-strukturen 2016' in html


def test_a_later_decision_overrides_only_what_it_states(world, reader_client):
    later = make_decision(
        world.federation, title="Omorganisation 2022", effective_from=datetime.date(2022, 1, 1)
    )
    make_rule(later, GroupKind.MYSAM, meeting_minutes=60)
    html = reader_client.get(world.mysam.get_absolute_url()).content.decode()
    minutes_row = html[html.index("Mötestid i minuter") :]
    assert minutes_row.index("60 minuter") < minutes_row.index("Omorganisation 2022")
    meetings_row = html[html.index("Möten per år") :]
    assert meetings_row.index("Mysam-strukturen 2016") < meetings_row.index("Mötestid")


def test_detail_lists_missing_required_parties(world, reader_client):
    html = reader_client.get(world.mysam.get_absolute_url()).content.decode()
    assert "Alla parter som reglerna kräver är representerade." in html

    Membership.objects.filter(group=world.mysam, person=world.af_manager).update(
        valid_to=TODAY - datetime.timedelta(days=1)
    )
    html = reader_client.get(world.mysam.get_absolute_url()).content.decode()
    missing = html[html.index("<h2>Parter som saknas</h2>") : html.index("<h2>Regler")]
    assert "Arbetsförmedlingen" in missing


def test_ended_memberships_stay_visible_as_former_members(world, reader_client):
    make_membership(
        world.af_manager,
        world.mysam,
        role=Membership.Role.CONVENER,
        valid_from=YEAR_AGO,
        valid_to=TODAY - datetime.timedelta(days=10),
    )
    html = reader_client.get(world.mysam.get_absolute_url()).content.decode()
    former = html[html.index("<h2>Tidigare medlemmar</h2>") :]
    assert "<caption>Tidigare medlemmar</caption>" in former
    assert "Anna Arbetsson" in former
    assert "Sammankallande/koordinator" in former


def test_admin_actions_shown_to_admins_only(world, reader_client, editor_client):
    edit = reverse("structure:group_edit", args=[world.mysam.pk])
    add = reverse("structure:membership_create", args=[world.mysam.pk])
    membership = Membership.objects.filter(group=world.mysam).first()
    end = reverse("structure:membership_end", args=[membership.pk])
    reader_html = reader_client.get(world.mysam.get_absolute_url()).content.decode()
    editor_html = editor_client.get(world.mysam.get_absolute_url()).content.decode()
    for url in (edit, add, end):
        assert url not in reader_html
        assert url in editor_html


def test_group_page_query_count_is_bounded(world, reader_client, django_assert_max_num_queries):
    grow(world, municipalities=3)
    for n in range(20):
        make_membership(
            world.fk_manager,
            world.mysam,
            role=Membership.Role.GUEST,
            valid_from=datetime.date(2000 + n, 1, 1),
            valid_to=datetime.date(2000 + n, 6, 30),
        )
    # The main menu's entries ask up to two of these: money, and the follow-up.
    with django_assert_max_num_queries(14):
        response = reader_client.get(world.mysam.get_absolute_url())
    assert response.content.decode().count("2019-06-30") == 1
    with django_assert_max_num_queries(9):
        assert reader_client.get(LIST_URL).status_code == 200
