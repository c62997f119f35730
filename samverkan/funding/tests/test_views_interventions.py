"""The intervention pages: overview, one intervention, and the forms that keep them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samverkan.funding import policy
from samverkan.funding.models import Goal, Intervention, Orientation, ParticipantPlan
from samverkan.home.context_processors import navigation
from samverkan.structure import policy as structure_policy
from samverkan.structure.models import GroupKind
from tests.factories import LAST_YEAR, THIS_YEAR, make_group, make_municipality

NBSP = "\xa0"


def kr(amount):
    """An amount as the pages show it: 3 893 085 with non-breaking spaces."""
    return f"{amount:,}".replace(",", NBSP)


def page(response):
    return response.content.decode()


def overview_url():
    return reverse("funding:overview")


def intervention_url(code):
    return reverse("funding:intervention", args=[code])


def new_intervention_data(**overrides):
    data = {
        "name": "Samverkan för unga",
        "code": "samverkan-unga",
        "orientation": Orientation.INDIVIDUAL,
        "starts_on": f"{THIS_YEAR}-01-01",
        "ends_on": f"{THIS_YEAR + 1}-12-31",
        "purpose": "Stöd till unga vuxna.",
        "target_group": "Unga vuxna 18–29 år.",
        "steering_group": "",
        "owner": "",
        "compensation": Intervention.Compensation.AMOUNT,
        "compensation_note": "",
        "source": "",
    }
    data.update(overrides)
    return data


def edit_data(intervention, **overrides):
    data = new_intervention_data(
        name=intervention.name,
        code=intervention.code,
        starts_on=intervention.starts_on.isoformat(),
        ends_on=intervention.ends_on.isoformat(),
        purpose=intervention.purpose,
        target_group=intervention.target_group,
        steering_group=intervention.steering_group_id or "",
        owner=intervention.owner_id or "",
        compensation=intervention.compensation,
        compensation_note=intervention.compensation_note,
        version=intervention.version,
    )
    del data["orientation"]
    if intervention.steered_by_mysam:
        data["steered_by_mysam"] = "on"
    if intervention.counts_cases:
        data["counts_cases"] = "on"
    data.update(overrides)
    return data


# --- Overview -------------------------------------------------------------------------------------


def test_overview_lists_interventions_with_granted_in_force_and_used(money_world, client_for):
    w = money_world
    response = client_for(w.admin).get(overview_url())
    assert response.status_code == 200
    html = page(response)
    current, completed = html.split('id="avslutade"')
    assert "Trisam timmar, handläggare" in current
    assert "Arbetsträning Alby" in current
    assert "Kartläggning av samverkan" in completed
    assert "Annat förbunds insats" not in html
    # Granted in force: the superseded decision's million does not count.
    assert kr(3_893_085) in current and kr(3_982_812) in current
    assert kr(4_893_085) not in html
    # Used so far: the spending entered in January.
    assert kr(15_000) in current and kr(285_000) in current
    assert "Individinriktad" in current and "Strukturövergripande" in completed
    assert "Mysam Alby" in current
    assert reverse("funding:intervention_create") in html
    assert reverse("funding:team_hours", args=["trisam-timmar"]) in html
    for name in ("applications", "report", "contributions", "rates", "import"):
        assert reverse(f"funding:{name}") in html
    assert reverse("followup:finsam") in html  # the money menu's tab for the follow-up page


def test_overview_for_board_member_reads_all_without_manager_links(money_world, client_for):
    w = money_world
    html = page(client_for(w.board_user).get(overview_url()))
    assert kr(3_893_085) in html and "Kartläggning av samverkan" in html
    assert reverse("funding:intervention_create") not in html
    assert reverse("funding:rates") not in html
    assert reverse("funding:report") in html


def test_overview_for_mysam_member_shows_their_municipality_part(money_world, client_for):
    w = money_world
    response = client_for(w.mysam_user).get(overview_url())
    assert response.status_code == 200
    html = page(response)
    assert "Du ser bara raderna för din kommuns part" in html
    # Trisam: only Alby kommun's row; the intervention Mysam Alby steers: whole.
    assert kr(893_085) in html and kr(915_412) in html
    assert kr(3_893_085) not in html
    assert kr(300_000) in html
    # Not their municipality's and not steered by their group.
    assert "Kartläggning av samverkan" not in html
    assert reverse("funding:intervention_create") not in html


def test_overview_refuses_outsiders(money_world, client_for):
    w = money_world
    response = client_for(w.outsider).get(overview_url())
    assert response.status_code == 403
    assert "Ekonomin läses av förbundets kansli" in page(response)
    anonymous = client_for(w.admin).__class__().get(overview_url())
    assert anonymous.status_code == 302


def test_other_federation_admin_sees_only_their_own(money_world, client_for):
    w = money_world
    html = page(client_for(w.other_admin).get(overview_url()))
    assert "Annat förbunds insats" in html
    assert "Trisam timmar" not in html
    response = client_for(w.other_admin).get(intervention_url("trisam-timmar"))
    assert response.status_code == 404


def test_main_navigation_links_money_for_readers_only(money_world, client_for):
    w = money_world
    link = f'href="{overview_url()}"'
    assert link in page(client_for(w.mysam_user).get(reverse("start")))
    assert link in page(client_for(w.board_user).get(reverse("start")))
    assert link not in page(client_for(w.outsider).get(reverse("start")))


def test_overview_queries_do_not_grow_with_interventions(
    money_world, client_for, django_assert_max_num_queries
):
    w = money_world
    client = client_for(w.admin)
    with django_assert_max_num_queries(32):
        assert client.get(overview_url()).status_code == 200
    for n in range(6):
        Intervention.objects.create(
            federation=w.federation,
            code=f"extra-{n}",
            name=f"Extra {n}",
            orientation=Orientation.STRUCTURAL,
            starts_on=datetime.date(THIS_YEAR, 1, 1),
            ends_on=datetime.date(THIS_YEAR, 12, 31),
            steering_group=w.mysam,
        )
    with django_assert_max_num_queries(32):
        assert client.get(overview_url()).status_code == 200


# --- One intervention -----------------------------------------------------------------------------


def test_intervention_page_shows_description_goals_plans(money_world, client_for):
    w = money_world
    html = page(client_for(w.admin).get(intervention_url("trisam-timmar")))
    assert html.count("<h1") == 1
    assert "Upprätthålla kontinuitet" in html
    assert "Mysam-gruppen i varje kommun för sin del" in html
    assert "Tid i Trisam-team × 2, värderad med partens timpris." in html
    assert "Andel som deltar i sitt eget Trisam-möte" in html
    goal_row = html.split("Andel som deltar i sitt eget Trisam-möte")[1].split("</tr>")[0]
    for value in ("40", "35", "38", "60", "55", "50", "58"):
        assert f'<td class="num">{value}</td>' in goal_row
    assert "delas inte upp" in html
    assert f'<th scope="row">{LAST_YEAR}</th><td class="num">800</td>' in html
    assert reverse("funding:team_hours", args=["trisam-timmar"]) in html
    assert reverse("funding:goal_edit", args=["trisam-timmar", w.trisam_goal_share.pk]) in html
    assert reverse("funding:plans", args=["trisam-timmar"]) in html


def test_intervention_page_warns_of_the_one_krona_difference(money_world, client_for):
    w = money_world
    html = page(client_for(w.admin).get(intervention_url("trisam-timmar")))
    assert (
        f"Raderna summerar till {kr(3_893_085)} kr men angiven summa är {kr(3_893_084)} kr "
        "(skillnad 1 kr)"
    ) in html
    assert f"{kr(3_982_812)} kr men angiven summa är {kr(3_982_811)} kr" in html


def test_grant_table_follows_the_document_order(money_world, client_for):
    w = money_world
    html = page(client_for(w.board_user).get(intervention_url("trisam-timmar")))
    current = html.split("Trisam timmar, första beslutet")[0]
    table = current.split('class="grant-table"')[1]
    names = ["Region Testlän", "Albys kommun", "Försäkringskassan", "Arbetsförmedlingen"]
    positions = [table.index(f'<th scope="row">{name}</th>') for name in names]
    assert positions == sorted(positions)
    # Change first → last year: Region 1 200 000 → 1 230 000 is +2,5 %.
    region_row = table.split("Region Testlän")[1].split("</tr>")[0]
    assert "+2,5" in region_row


def test_superseded_decision_is_marked_and_still_readable(money_world, client_for):
    w = money_world
    html = page(client_for(w.admin).get(intervention_url("trisam-timmar")))
    current_at = html.index(f'<h3 id="beslut-{w.trisam_decision.pk}">')
    old_at = html.index(f'<h3 id="beslut-{w.trisam_old_decision.pk}">')
    assert current_at < old_at
    old = html[old_at:]
    assert "Ersatt av Trisam timmar, handläggare" in old
    assert kr(1_000_000) in old


def test_used_against_granted_per_party_and_year(money_world, client_for):
    w = money_world
    html = page(client_for(w.admin).get(intervention_url("arbetstraning-alby")))
    usage = html.split('id="anvant"')[1]
    alby_row = usage.split("Albys kommun")[1].split("</tr>")[0]
    assert kr(200_000) in alby_row and kr(15_000) in alby_row and kr(185_000) in alby_row
    assert reverse("funding:team_hours", args=["arbetstraning-alby"]) not in html


def test_mysam_member_sees_only_their_municipality_rows(money_world, client_for):
    w = money_world
    response = client_for(w.mysam_user).get(intervention_url("trisam-timmar"))
    assert response.status_code == 200
    html = page(response)
    assert "Du ser bara raderna för din kommuns part" in html
    assert "Albys kommun" in html
    for other in ("Försäkringskassan", "Arbetsförmedlingen", "Bergbys kommun", "Region Testlän"):
        assert other not in html
    assert kr(3_893_085) not in html and "Raderna summerar" not in html
    assert reverse("funding:intervention_edit", args=["trisam-timmar"]) not in html


def test_mysam_member_sees_the_intervention_their_group_steers_whole(money_world, client_for):
    w = money_world
    html = page(client_for(w.mysam_user).get(intervention_url("arbetstraning-alby")))
    assert "Arbetsförmedlingen" in html and "Albys kommun" in html
    assert "Du ser bara raderna" not in html


def test_intervention_page_access(money_world, client_for):
    w = money_world
    assert client_for(w.outsider).get(intervention_url("trisam-timmar")).status_code == 403
    assert client_for(w.mysam_user).get(intervention_url("kartlaggning-2019")).status_code == 404
    assert client_for(w.board_user).get(intervention_url("kartlaggning-2019")).status_code == 200
    assert client_for(w.admin).get(intervention_url("annan-insats")).status_code == 404
    assert client_for(w.admin).get(intervention_url("finns-inte")).status_code == 404


def test_intervention_page_queries_are_bounded(
    money_world, client_for, django_assert_max_num_queries
):
    client = client_for(money_world.board_user)
    with django_assert_max_num_queries(42):
        assert client.get(intervention_url("trisam-timmar")).status_code == 200
    with django_assert_max_num_queries(24):
        assert client.get(intervention_url("arbetstraning-alby")).status_code == 200


# --- Create and edit ------------------------------------------------------------------------------


def test_admin_creates_an_intervention(money_world, client_for):
    w = money_world
    data = new_intervention_data(steering_group=w.mysam.pk, owner=w.af.pk)
    response = client_for(w.admin).post(reverse("funding:intervention_create"), data)
    assert response.status_code == 302
    created = Intervention.objects.get(federation=w.federation, code="samverkan-unga")
    assert response["Location"] == intervention_url("samverkan-unga")
    assert created.orientation == Orientation.INDIVIDUAL
    assert created.steering_group == w.mysam and created.owner == w.af


def test_create_form_offers_the_federations_mysam_groups(money_world, client_for):
    w = money_world
    html = page(client_for(w.admin).get(reverse("funding:intervention_create")))
    assert html.count("<h1") == 1
    html = html.split('name="steering_group"')[1].split("</select>")[0]
    assert f'<option value="{w.mysam.pk}">Mysam Alby</option>' in html
    assert f'value="{w.county_board.pk}"' not in html
    assert f'value="{w.trisam.pk}"' not in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"starts_on": f"{THIS_YEAR}-06-01", "ends_on": f"{THIS_YEAR}-05-31"},
            "Slutdatumet kan inte ligga före startdatumet.",
        ),
        ({"steering_group": "trisam"}, "Välj en av förbundets Mysam-grupper som styrgrupp."),
        ({"code": "trisam-timmar"}, "Förbundet har redan en insats med den koden."),
        (
            {"orientation": Orientation.STRUCTURAL, "compensation": "team_hours"},
            "Tid i Trisam-team ersätts i individinriktade insatser",
        ),
        ({"name": ""}, "Detta fält måste fyllas i."),
        # A period from year 1 to 9999 gave pages with a column and a field for every year.
        ({"starts_on": "0001-01-01"}, "Ange ett datum mellan år 2000 och 2100."),
        ({"ends_on": "9999-12-31"}, "Ange ett datum mellan år 2000 och 2100."),
    ],
)
def test_create_refuses_bad_input(money_world, client_for, overrides, message):
    w = money_world
    if overrides.get("steering_group") == "trisam":
        overrides = {**overrides, "steering_group": w.trisam.pk}
    before = Intervention.objects.count()
    response = client_for(w.admin).post(
        reverse("funding:intervention_create"), new_intervention_data(**overrides)
    )
    assert response.status_code == 200
    assert message in page(response)
    assert Intervention.objects.count() == before


def test_create_refuses_another_federations_group(money_world, client_for):
    w = money_world
    elsewhere = make_municipality(w.other_federation, name="Annanstad")
    foreign = make_group(
        w.other_federation, GroupKind.MYSAM, name="Mysam Annanstad", municipality=elsewhere
    )
    response = client_for(w.admin).post(
        reverse("funding:intervention_create"), new_intervention_data(steering_group=foreign.pk)
    )
    assert "Välj en av förbundets Mysam-grupper som styrgrupp." in page(response)
    assert not Intervention.objects.filter(code="samverkan-unga").exists()


def test_admin_edits_an_intervention_with_orientation_shown_read_only(money_world, client_for):
    w = money_world
    client = client_for(w.admin)
    url = reverse("funding:intervention_edit", args=["arbetstraning-alby"])
    html = page(client.get(url))
    assert 'name="orientation"' not in html
    assert "kan inte ändras när insatsen är skapad" in html
    response = client.post(url, edit_data(w.mysam_intervention, name="Arbetsträning Alby 2.0"))
    assert response.status_code == 302
    w.mysam_intervention.refresh_from_db()
    assert w.mysam_intervention.name == "Arbetsträning Alby 2.0"
    assert w.mysam_intervention.version == 2


def test_forged_orientation_change_is_refused(money_world, client_for):
    w = money_world
    intervention = w.mysam_intervention
    data = edit_data(intervention, name="Nytt namn", orientation=Orientation.STRUCTURAL)
    response = client_for(w.admin).post(
        reverse("funding:intervention_edit", args=[intervention.code]), data
    )
    assert response.status_code == 200
    assert "Inriktningen kan inte ändras när insatsen är skapad" in page(response)
    intervention.refresh_from_db()
    assert intervention.orientation == Orientation.INDIVIDUAL
    assert intervention.name == "Arbetsträning Alby"


def test_model_refuses_orientation_change(money_world):
    intervention = money_world.mysam_intervention
    intervention.orientation = Orientation.STRUCTURAL
    with pytest.raises(ValidationError) as refused:
        intervention.full_clean()
    assert "orientation" in refused.value.message_dict


def test_compensation_cannot_change_once_outcome_is_recorded(money_world, client_for):
    w = money_world
    data = edit_data(w.mysam_intervention, compensation=Intervention.Compensation.TEAM_HOURS)
    response = client_for(w.admin).post(
        reverse("funding:intervention_edit", args=["arbetstraning-alby"]), data
    )
    assert response.status_code == 200
    assert "Ersättningsformen kan inte ändras när utfall finns registrerat" in page(response)
    w.mysam_intervention.refresh_from_db()
    assert w.mysam_intervention.compensation == Intervention.Compensation.AMOUNT


def test_the_period_cannot_be_cut_so_grants_fall_outside_it(money_world, client_for):
    w = money_world
    # Granted for this year and next: ending this year would strand next year's grants.
    data = edit_data(w.mysam_intervention, ends_on=f"{THIS_YEAR}-12-31")
    response = client_for(w.admin).post(
        reverse("funding:intervention_edit", args=["arbetstraning-alby"]), data
    )
    assert response.status_code == 200
    assert f"hamnar utanför den ({THIS_YEAR + 1})" in page(response)
    w.mysam_intervention.refresh_from_db()
    assert w.mysam_intervention.ends_on == datetime.date(THIS_YEAR + 1, 12, 31)


def test_stale_intervention_edit_is_refused(money_world, client_for):
    w = money_world
    data = edit_data(w.mysam_intervention, name="Gammalt försök")
    Intervention.objects.filter(pk=w.mysam_intervention.pk).update(version=5)
    response = client_for(w.admin).post(
        reverse("funding:intervention_edit", args=["arbetstraning-alby"]), data
    )
    assert response.status_code == 409
    assert "Någon annan har ändrat uppgifterna" in page(response)
    w.mysam_intervention.refresh_from_db()
    assert w.mysam_intervention.name == "Arbetsträning Alby"


MANAGER_PAGES = [
    ("funding:intervention_create", []),
    ("funding:intervention_edit", ["arbetstraning-alby"]),
    ("funding:goal_create", ["arbetstraning-alby"]),
    ("funding:plans", ["arbetstraning-alby"]),
]


@pytest.mark.parametrize(("name", "args"), MANAGER_PAGES)
def test_manager_pages_refuse_readers(money_world, client_for, name, args):
    w = money_world
    url = reverse(name, args=args)
    for user in (w.mysam_user, w.board_user, w.outsider):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url, new_intervention_data()).status_code == 403
    assert client_for(w.admin).get(url).status_code == 200
    assert Intervention.objects.filter(code="samverkan-unga").count() == 0
    assert Goal.objects.filter(intervention=w.mysam_intervention).count() == 0


def test_manager_pages_of_another_federation_are_not_found(money_world, client_for):
    w = money_world
    client = client_for(w.other_admin)
    for name in ("funding:intervention_edit", "funding:goal_create", "funding:plans"):
        assert client.get(reverse(name, args=["trisam-timmar"])).status_code == 404
    goal_url = reverse("funding:goal_edit", args=["trisam-timmar", w.trisam_goal_share.pk])
    assert client.get(goal_url).status_code == 404
    assert client_for(w.mysam_user).get(goal_url).status_code == 403


# --- Goals ----------------------------------------------------------------------------------------


def goal_data(**overrides):
    data = {
        "aim": "Fler i arbete",
        "indicator": "Andel i arbete efter sex månader",
        "direction": Goal.Direction.INCREASE,
        "unit": Goal.Unit.SHARE,
        "by_gender": "on",
        "baseline_women": "20",
        "baseline_men": "25",
        "baseline_other": "",
        "baseline_total": "22,5",
        "target_women": "30",
        "target_men": "35",
        "target_other": "",
        "target_total": "32",
        "order": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_admin_adds_and_edits_a_goal(money_world, client_for):
    w = money_world
    client = client_for(w.admin)
    response = client.post(reverse("funding:goal_create", args=["arbetstraning-alby"]), goal_data())
    assert response.status_code == 302
    goal = Goal.objects.get(intervention=w.mysam_intervention)
    assert str(goal.baseline_total) == "22.5" and goal.target_women == 30
    html = page(client.get(intervention_url("arbetstraning-alby")))
    assert "Andel i arbete efter sex månader" in html and "22,5" in html
    url = reverse("funding:goal_edit", args=["arbetstraning-alby", goal.pk])
    response = client.post(url, goal_data(target_total="40", version=goal.version))
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.target_total == 40


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"baseline_women": "-5"}, "Värdet kan inte vara negativt."),
        ({"target_total": "120"}, "En andel ligger mellan 0 och 100 procent."),
        ({"by_gender": None}, "Målet delas inte upp på kön; ange bara totalvärdet."),
        ({"indicator": ""}, "Detta fält måste fyllas i."),
        ({"measure": "nothing-such"}, "Välj ett av uppföljningens mått."),
    ],
)
def test_goal_refuses_bad_input(money_world, client_for, overrides, message):
    w = money_world
    response = client_for(w.admin).post(
        reverse("funding:goal_create", args=["arbetstraning-alby"]), goal_data(**overrides)
    )
    assert response.status_code == 200
    assert message in page(response)
    assert not Goal.objects.filter(intervention=w.mysam_intervention).exists()


def test_a_goal_names_the_follow_up_measure_that_shows_it(money_world, client_for):
    w = money_world
    client = client_for(w.admin)
    form = page(client.get(reverse("funding:goal_create", args=["arbetstraning-alby"])))
    assert '<option value="participation">Deltog i sitt eget Trisam-möte</option>' in form
    response = client.post(
        reverse("funding:goal_create", args=["arbetstraning-alby"]),
        goal_data(measure="participation"),
    )
    assert response.status_code == 302
    assert Goal.objects.get(intervention=w.mysam_intervention).measure == "participation"
    html = page(client.get(intervention_url("arbetstraning-alby")))
    assert "Följs upp som: Deltog i sitt eget Trisam-möte" in html


def test_goal_of_another_intervention_is_not_found(money_world, client_for):
    w = money_world
    url = reverse("funding:goal_edit", args=["arbetstraning-alby", w.trisam_goal_share.pk])
    assert client_for(w.admin).get(url).status_code == 404


# --- Planned participants -------------------------------------------------------------------------


def plans_data(intervention, **years):
    plans = {plan.year: plan for plan in intervention.participant_plans.all()}
    data = {"stamp": ",".join(f"{y}:{p.version}" for y, p in sorted(plans.items()))}
    for year, value in years.items():
        data[year] = value
    return data


def test_admin_sets_planned_participants(money_world, client_for):
    w = money_world
    client = client_for(w.admin)
    url = reverse("funding:plans", args=["trisam-timmar"])
    html = page(client.get(url))
    assert f'name="year_{LAST_YEAR}"' in html and 'value="800"' in html
    data = plans_data(
        w.trisam_intervention, **{f"year_{LAST_YEAR}": "750", f"year_{THIS_YEAR}": ""}
    )
    response = client.post(url, data)
    assert response.status_code == 302
    plans = dict(w.trisam_intervention.participant_plans.values_list("year", "planned"))
    assert plans == {LAST_YEAR: 750}
    html = page(client.get(intervention_url("trisam-timmar")))
    assert f'<th scope="row">{LAST_YEAR}</th><td class="num">750</td>' in html


def test_negative_participants_are_refused(money_world, client_for):
    w = money_world
    url = reverse("funding:plans", args=["trisam-timmar"])
    data = plans_data(w.trisam_intervention, **{f"year_{LAST_YEAR}": "-3"})
    response = client_for(w.admin).post(url, data)
    assert response.status_code == 200
    assert "Antalet deltagare kan inte vara negativt." in page(response)
    assert set(ParticipantPlan.objects.values_list("planned", flat=True)) == {800}


def test_an_overlong_participant_count_is_refused_not_a_crash(money_world, client_for):
    w = money_world
    url = reverse("funding:plans", args=["trisam-timmar"])
    data = plans_data(w.trisam_intervention, **{f"year_{LAST_YEAR}": "9" * 25})
    response = client_for(w.admin).post(url, data)
    assert response.status_code == 200
    assert "Antalet deltagare är orimligt stort." in page(response)
    assert set(ParticipantPlan.objects.values_list("planned", flat=True)) == {800}


def test_stale_plans_are_refused(money_world, client_for):
    w = money_world
    url = reverse("funding:plans", args=["trisam-timmar"])
    data = plans_data(w.trisam_intervention, **{f"year_{LAST_YEAR}": "10"})
    ParticipantPlan.objects.filter(year=THIS_YEAR).update(version=3)
    response = client_for(w.admin).post(url, data)
    assert response.status_code == 409
    assert set(ParticipantPlan.objects.values_list("planned", flat=True)) == {800}


def test_navigation_flag_agrees_with_the_policy(money_world, rf):
    w = money_world
    for user in (w.admin, w.mysam_user, w.board_user, w.outsider, w.other_admin, w.reader):
        request = rf.get("/")
        request.user = user
        expected = policy.can_view_funding(user, structure_policy.federation_of(user))
        assert bool(navigation(request)["nav_funding"]) is expected, user
