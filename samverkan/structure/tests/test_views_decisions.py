"""Structure decisions: the history, what is in force today per group kind, one decision."""

import datetime

from django.test import Client
from django.urls import reverse

from samverkan.structure.models import GroupKind
from tests.factories import make_decision, make_rule

LIST_URL = reverse("structure:decisions")


def test_anonymous_is_sent_to_sign_in(world):
    for url in (LIST_URL, world.decision.get_absolute_url()):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_history_lists_every_decision_newest_first_with_periods(world, reader_client):
    old = make_decision(
        world.federation,
        title="Pilot 2014",
        effective_from=datetime.date(2014, 8, 1),
        effective_until=datetime.date(2016, 5, 22),
    )
    make_rule(old, GroupKind.TRISAM, meetings_per_year=10)
    html = reader_client.get(LIST_URL).content.decode()
    assert "<h1>Beslut</h1>" in html
    history = html[html.index("<h2>Alla beslut</h2>") :]
    assert history.index("Mysam-strukturen 2016") < history.index("Pilot 2014")
    assert "från 2016-05-23, tills vidare" in history
    assert "2014-08-01 – 2016-05-22" in history
    assert "Gäller i dag" in history
    assert "Har upphört" in history


def test_in_force_today_per_group_kind(world, reader_client):
    later = make_decision(
        world.federation, title="Omorganisation 2022", effective_from=datetime.date(2022, 1, 1)
    )
    make_rule(later, GroupKind.MYSAM, meetings_per_year=4)
    html = reader_client.get(LIST_URL).content.decode()
    in_force = html[html.index("<h2>Gäller i dag per grupptyp</h2>") : html.index("Alla beslut")]
    mysam_row = in_force[in_force.index('<th scope="row">Mysam</th>') :]
    mysam_row = mysam_row[: mysam_row.index("</tr>")]
    assert mysam_row.index("Omorganisation 2022") < mysam_row.index("Mysam-strukturen 2016")
    trisam_row = in_force[in_force.index("Trisam-team") :]
    assert "Inget beslut anger regler" in trisam_row[: trisam_row.index("</tr>")]


def test_decision_page_shows_all_rule_values(world, reader_client):
    response = reader_client.get(world.decision.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Mysam-strukturen 2016</h1>" in html
    assert "<h2>Regler för Mysam</h2>" in html
    assert "Möten per år" in html and "<dd>4</dd>" in html
    assert "90 minuter" in html
    assert "Erfarenheter från Trisam" in html
    assert "Kommunens representanter: 6 timmar per år" in html
    assert "Arbetsförmedlingen" in html
    assert "Anges inte i beslutet" in html  # e.g. who chairs is not stated


def test_edit_links_for_admins_only(world, reader_client, editor_client):
    urls = (
        reverse("structure:decision_edit", args=[world.decision.pk]),
        reverse("structure:rule_create", args=[world.decision.pk]),
        reverse("structure:rule_edit", args=[world.mysam_rule.pk]),
    )
    reader_html = reader_client.get(world.decision.get_absolute_url()).content.decode()
    editor_html = editor_client.get(world.decision.get_absolute_url()).content.decode()
    for url in urls:
        assert url not in reader_html
        assert url in editor_html


def test_decision_pages_query_counts(world, reader_client, django_assert_max_num_queries):
    for year in range(2000, 2010):
        decision = make_decision(world.federation, effective_from=datetime.date(year, 1, 1))
        for kind in (GroupKind.MYSAM, GroupKind.TRISAM):
            make_rule(decision, kind, meetings_per_year=year - 1990)
    # The main menu's entries ask up to two of these: money, and the follow-up.
    with django_assert_max_num_queries(9):
        assert reader_client.get(LIST_URL).status_code == 200
    with django_assert_max_num_queries(12):
        assert reader_client.get(decision.get_absolute_url()).status_code == 200
