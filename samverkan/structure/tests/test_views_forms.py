"""The create, edit and end forms: who may use them, Swedish errors, history kept, stale edits."""

import datetime
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverkan.core.forms import VersionedModelForm
from samverkan.structure import models
from samverkan.structure.models import GroupKind, Membership
from tests.factories import YEAR_AGO, make_membership, make_user, signed_in

TODAY = timezone.localdate()
STALE = "Någon annan har ändrat uppgifterna medan du redigerade"
ALL_MODELS = (
    models.Federation,
    models.SubRegion,
    models.Municipality,
    models.Party,
    models.Unit,
    models.Person,
    models.Group,
    models.Membership,
    models.Decision,
    models.GroupRule,
    models.StandingItem,
    models.TimeBudget,
)


def snapshot():
    """Every structure row, to prove a refused request changed nothing."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in ALL_MODELS}


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def no_inline_rows():
    return {**management("standing_items"), **management("time_budgets")}


def a_membership(world):
    return Membership.objects.get(group=world.mysam, person=world.fk_manager)


def form_cases(w):
    """(URL, valid POST data) for every create, edit and end form, keyed by URL name."""
    membership = a_membership(w)
    return {
        "party_create": (
            reverse("structure:party_create"),
            {"name": "Ny myndighet", "code": "ny", "kind": "state_agency", "order": 5},
        ),
        "party_edit": (
            reverse("structure:party_edit", args=[w.fk.pk]),
            {"name": "FK ändrad", "code": "fk", "kind": "state_agency", "order": 1, "version": 1},
        ),
        "subregion_create": (reverse("structure:subregion_create"), {"name": "Mitt", "order": 3}),
        "subregion_edit": (
            reverse("structure:subregion_edit", args=[w.north.pk]),
            {"name": "Norr", "order": 1, "version": 1},
        ),
        "municipality_create": (
            reverse("structure:municipality_create"),
            {"name": "Cedby", "code": "8103", "sub_region": w.north.pk},
        ),
        "municipality_edit": (
            reverse("structure:municipality_edit", args=[w.alby.code]),
            {"name": "Alby ändrad", "code": "8101", "sub_region": w.north.pk, "version": 1},
        ),
        "unit_create": (
            reverse("structure:unit_create"),
            {
                "name": "Cedby hälsocentral",
                "kind": "health_centre",
                "party": w.region.pk,
                "municipality": w.bergby.pk,
                "operator": "private",
            },
        ),
        "unit_edit": (
            reverse("structure:unit_edit", args=[w.alby_hc.pk]),
            {
                "name": "Alby vårdcentral",
                "kind": "health_centre",
                "party": w.region.pk,
                "municipality": w.alby.pk,
                "operator": "public",
                "version": 1,
            },
        ),
        "person_create": (
            reverse("structure:person_create"),
            {"first_name": "Nina", "last_name": "Nyström", "party": w.af.pk},
        ),
        "person_edit": (
            reverse("structure:person_edit", args=[w.fk_manager.pk]),
            {"first_name": "Fredrik", "last_name": "Ändrad", "party": w.fk.pk, "version": 1},
        ),
        "group_create": (
            reverse("structure:group_create"),
            {"kind": "working_group", "name": "Arbetsgrupp ASF"},
        ),
        "group_edit": (
            reverse("structure:group_edit", args=[w.mysam.pk]),
            {"kind": "mysam", "name": "Mysam Alby ändrad", "municipality": w.alby.pk, "version": 1},
        ),
        "membership_create": (
            reverse("structure:membership_create", args=[w.mysam.pk]),
            {"person": w.rehab.pk, "role": "co_opted", "party": w.region.pk, "valid_from": TODAY},
        ),
        "membership_edit": (
            reverse("structure:membership_edit", args=[membership.pk]),
            {
                "person": w.fk_manager.pk,
                "role": "member",
                "party": w.fk.pk,
                "valid_from": membership.valid_from,
                "note": "Lokalt samverkansansvarig",
                "version": 1,
            },
        ),
        "membership_end": (
            reverse("structure:membership_end", args=[membership.pk]),
            {"valid_to": TODAY, "version": 1},
        ),
        "decision_create": (
            reverse("structure:decision_create"),
            {"title": "Omorganisation 2022", "effective_from": "2022-01-01"},
        ),
        "decision_edit": (
            reverse("structure:decision_edit", args=[w.decision.pk]),
            {"title": "Mysam 2016 (ändrad)", "effective_from": "2016-05-23", "version": 1},
        ),
        "rule_create": (
            reverse("structure:rule_create", args=[w.decision.pk]),
            {"group_kind": "trisam", "convener": "rehab_coordinator", **no_inline_rows()},
        ),
        "rule_edit": (
            reverse("structure:rule_edit", args=[w.mysam_rule.pk]),
            {"group_kind": "mysam", "meetings_per_year": 6, "version": 1, **no_inline_rows()},
        ),
    }


FORM_NAMES = [
    "party_create",
    "party_edit",
    "subregion_create",
    "subregion_edit",
    "municipality_create",
    "municipality_edit",
    "unit_create",
    "unit_edit",
    "person_create",
    "person_edit",
    "group_create",
    "group_edit",
    "membership_create",
    "membership_edit",
    "membership_end",
    "decision_create",
    "decision_edit",
    "rule_create",
    "rule_edit",
]
# Forms on a record of the test förbund; a plain create form opens the admin's own förbund.
OBJECT_FORM_NAMES = [name for name in FORM_NAMES if not name.endswith("_create")] + [
    "membership_create",
    "rule_create",
]


# --- who may use the forms -------------------------------------------------------------------


@pytest.mark.parametrize("name", FORM_NAMES)
def test_admin_saves_every_form_and_gets_a_swedish_message(world, editor_client, name):
    url, data = form_cases(world)[name]
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, data, follow=True)
    assert response.redirect_chain, response.content.decode()
    html = response.content.decode()
    assert 'class="message message--success"' in html
    assert "har " in html.split('class="message message--success"', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize("name", FORM_NAMES)
def test_anonymous_is_sent_to_sign_in_and_nothing_changes(world, name):
    url, data = form_cases(world)[name]
    before = snapshot()
    for response in (Client().get(url), Client().post(url, data)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert snapshot() == before


@pytest.mark.parametrize("name", FORM_NAMES)
def test_plain_user_is_refused_and_nothing_changes(world, reader_client, name):
    url, data = form_cases(world)[name]
    before = snapshot()
    get = reader_client.get(url)
    post = reader_client.post(url, data)
    assert get.status_code == 403
    assert post.status_code == 403
    assert "Åtkomst nekad" in post.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("name", OBJECT_FORM_NAMES)
def test_admin_of_another_federation_is_refused(world, other_admin_client, name):
    url, data = form_cases(world)[name]
    before = snapshot()
    assert other_admin_client.get(url).status_code == 403
    assert other_admin_client.post(url, data).status_code == 403
    assert snapshot() == before


def test_admin_of_another_federation_cannot_open_a_team_form_for_our_unit(
    world, other_admin_client
):
    url = f"{reverse('structure:group_create')}?kind=trisam&unit={world.bergby_hc.pk}"
    assert other_admin_client.get(url).status_code == 403
    assert other_admin_client.post(url, {"kind": "trisam", "name": "x"}).status_code == 403


def test_plain_create_form_opens_the_admins_own_federation(world, other_admin_client):
    response = other_admin_client.post(
        reverse("structure:subregion_create"), {"name": "Eget delområde", "order": 1}
    )
    assert response.status_code == 302
    created = models.SubRegion.objects.get(name="Eget delområde")
    assert created.federation == world.other_federation


def test_superuser_may_edit_any_federation(world):
    client = signed_in(make_user(is_superuser=True))
    url, data = form_cases(world)["unit_edit"]
    assert client.post(url, data).status_code == 302
    assert models.Unit.objects.get(pk=world.alby_hc.pk).name == "Alby vårdcentral"


def test_superuser_without_a_federation_chooses_one_before_creating(world):
    client = signed_in(make_user(is_superuser=True))
    url = reverse("structure:party_create")
    assert "Välj vilket förbund" in client.get(url).content.decode()
    response = client.post(
        f"{url}?federation={world.federation.slug}",
        {"name": "Ny myndighet", "code": "ny", "kind": "state_agency", "order": 5},
    )
    assert response.status_code == 302
    assert models.Party.objects.get(code="ny").federation == world.federation


def test_creating_a_federationless_object_is_refused_to_a_plain_user_without_federation(world):
    client = signed_in(make_user())
    assert client.get(reverse("structure:party_create")).status_code == 403


# --- what the forms save ---------------------------------------------------------------------


def test_created_records_belong_to_the_admins_federation(world, editor_client):
    for name in ("party_create", "person_create", "decision_create", "municipality_create"):
        url, data = form_cases(world)[name]
        assert editor_client.post(url, data).status_code == 302
    assert models.Party.objects.get(code="ny").federation == world.federation
    assert models.Person.objects.get(last_name="Nyström").federation == world.federation
    decision = models.Decision.objects.get(title="Omorganisation 2022")
    assert decision.federation == world.federation
    municipality = models.Municipality.objects.get(code="8103")
    assert municipality.federation == world.federation


def test_after_saving_the_user_lands_on_the_objects_page(world, editor_client):
    url, data = form_cases(world)["unit_edit"]
    response = editor_client.post(url, data)
    assert response["Location"] == world.alby_hc.get_absolute_url()
    page = editor_client.get(response["Location"]).content.decode()
    assert "Enheten Alby vårdcentral har sparats." in page
    assert models.Unit.objects.get(pk=world.alby_hc.pk).version == 2


def test_choices_are_limited_to_the_federation(world, editor_client):
    stranger = models.Person.objects.create(
        federation=world.other_federation, first_name="Främ", last_name="Ling"
    )
    url, data = form_cases(world)["membership_create"]
    html = editor_client.get(url).content.decode()
    assert "Främ Ling" not in html
    before = snapshot()
    response = editor_client.post(url, {**data, "person": stranger.pk})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert snapshot() == before


def test_group_form_is_prefilled_from_the_query_string(world, editor_client):
    url = f"{reverse('structure:group_create')}?kind=mysam&municipality={world.bergby.pk}"
    html = editor_client.get(url).content.decode()
    assert '<option value="mysam" selected>' in html
    assert f'<option value="{world.bergby.pk}" selected>' in html
    assert 'value="Mysam Bergby"' in html


def test_date_fields_are_date_inputs(world, editor_client):
    url, _ = form_cases(world)["membership_create"]
    html = editor_client.get(url).content.decode()
    assert 'type="date" name="valid_from"' in html
    assert 'type="date" name="valid_to"' in html


def test_trisam_team_created_at_a_care_unit_takes_its_municipality(world, editor_client):
    url = f"{reverse('structure:group_create')}?kind=trisam&unit={world.bergby_hc.pk}"
    response = editor_client.post(
        url, {"kind": "trisam", "name": "Trisam Bergby", "unit": world.bergby_hc.pk}
    )
    assert response.status_code == 302
    team = models.Group.objects.get(name="Trisam Bergby")
    assert team.municipality == world.bergby
    assert response["Location"] == team.get_absolute_url()


def test_rule_is_saved_with_standing_items_and_time_budgets(world, editor_client):
    url = reverse("structure:rule_create", args=[world.decision.pk])
    data = {
        "group_kind": "trisam",
        "meetings_per_year": 20,
        "convener": "rehab_coordinator",
        "information_items_allowed": "false",
        "pre_reads_required": "unknown",
        "required_parties": [world.fk.pk, world.af.pk],
        **management("standing_items", total=2),
        "standing_items-0-title": "Nya ärenden",
        "standing_items-0-kind": "other",
        "standing_items-0-order": "1",
        "standing_items-1-title": "",
        "standing_items-1-kind": "other",
        "standing_items-1-order": "0",
        **management("time_budgets", total=1),
        "time_budgets-0-representative_kind": "state",
        "time_budgets-0-hours_per_year": "40",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    rule = models.GroupRule.objects.get(decision=world.decision, group_kind="trisam")
    assert rule.information_items_allowed is False
    assert rule.pre_reads_required is None
    assert [item.title for item in rule.standing_items.all()] == ["Nya ärenden"]
    assert [(b.representative_kind, b.hours_per_year) for b in rule.time_budgets.all()] == [
        ("state", 40)
    ]
    assert set(rule.required_parties.all()) == {world.fk, world.af}
    assert response["Location"] == world.decision.get_absolute_url()


def test_rule_edit_removes_a_standing_item(world, editor_client):
    item = world.mysam_rule.standing_items.get()
    url = reverse("structure:rule_edit", args=[world.mysam_rule.pk])
    data = {
        "group_kind": "mysam",
        "version": 1,
        **management("standing_items", total=1, initial=1),
        "standing_items-0-id": item.pk,
        "standing_items-0-rule": world.mysam_rule.pk,
        "standing_items-0-title": item.title,
        "standing_items-0-kind": item.kind,
        "standing_items-0-order": item.order,
        "standing_items-0-DELETE": "on",
        **management("time_budgets"),
    }
    assert editor_client.post(url, data).status_code == 302
    assert not world.mysam_rule.standing_items.exists()


def test_duplicate_time_budgets_are_refused_and_nothing_saved(world, editor_client):
    url = reverse("structure:rule_create", args=[world.decision.pk])
    data = {
        "group_kind": "trisam",
        **management("standing_items"),
        **management("time_budgets", total=2),
        "time_budgets-0-representative_kind": "state",
        "time_budgets-0-hours_per_year": "40",
        "time_budgets-1-representative_kind": "state",
        "time_budgets-1-hours_per_year": "20",
    }
    before = snapshot()
    response = editor_client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Formuläret innehåller fel" in html
    assert "Varje slag av representanter kan bara ha ett tidsåtagande per regel." in html
    assert snapshot() == before


# --- Swedish errors, nothing saved -----------------------------------------------------------


def assert_refused_with(client, url, data, message):
    before = snapshot()
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Formuläret innehåller fel" in html
    assert message in html
    assert snapshot() == before
    return html


def test_membership_end_before_start_is_refused(world, editor_client):
    membership = a_membership(world)
    html = assert_refused_with(
        editor_client,
        reverse("structure:membership_end", args=[membership.pk]),
        {"valid_to": membership.valid_from - datetime.timedelta(days=1), "version": 1},
        "Slutdatum kan inte ligga före startdatum.",
    )
    assert 'class="field__error" id="id_valid_to_error"' in html


def test_membership_end_requires_a_date(world, editor_client):
    membership = a_membership(world)
    assert_refused_with(
        editor_client,
        reverse("structure:membership_end", args=[membership.pk]),
        {"valid_to": "", "version": 1},
        "Detta fält måste fyllas i.",
    )


def test_a_second_open_mysam_group_for_a_municipality_is_refused(world, editor_client):
    html = assert_refused_with(
        editor_client,
        reverse("structure:group_create"),
        {"kind": "mysam", "name": "Mysam Alby 2", "municipality": world.alby.pk},
        "Kommunen har redan en Mysam-grupp.",
    )
    assert 'id="id_municipality_error"' in html


def test_a_trisam_team_at_a_non_care_unit_is_refused(world, editor_client):
    assert_refused_with(
        editor_client,
        reverse("structure:group_create"),
        {"kind": "trisam", "name": "Trisam IFO", "unit": world.alby_ifo.pk},
        "Ett Trisam-team kan bara byggas vid en vårdenhet.",
    )


def test_a_trisam_team_needs_a_unit(world, editor_client):
    assert_refused_with(
        editor_client,
        reverse("structure:group_create"),
        {"kind": "trisam", "name": "Trisam utan enhet"},
        "Ett Trisam-team hör till en vårdenhet.",
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("123", "Kommunkoden ska vara fyra siffror."),
        ("12a4", "Kommunkoden ska vara fyra siffror."),
        ("12345", "Säkerställ att detta värde har som mest 4 tecken (den har 5)."),
    ],
)
def test_a_municipality_code_must_be_four_digits(world, editor_client, code, message):
    html = assert_refused_with(
        editor_client,
        reverse("structure:municipality_create"),
        {"name": "Felby", "code": code},
        message,
    )
    # One problem, one message: the error element is not repeated.
    assert html.count('id="id_code_error"') == 1


def test_an_empty_municipality_code_gets_one_message(world, editor_client):
    html = assert_refused_with(
        editor_client,
        reverse("structure:municipality_create"),
        {"name": "Felby", "code": ""},
        "Detta fält måste fyllas i.",
    )
    assert "Kommunkoden ska vara fyra siffror." not in html


def test_a_municipality_code_must_be_unique(world, editor_client):
    assert_refused_with(
        editor_client,
        reverse("structure:municipality_create"),
        {"name": "Kopia", "code": world.alby.code},
        "Det finns redan en kommun med den kommunkoden.",
    )


def test_a_party_code_must_be_unique_in_the_federation(world, editor_client):
    assert_refused_with(
        editor_client,
        reverse("structure:party_create"),
        {"name": "Kopia", "code": "fk", "kind": "state_agency", "order": 9},
        "Förbundet har redan en part med den koden.",
    )


def test_a_municipal_party_needs_its_municipality(world, editor_client):
    assert_refused_with(
        editor_client,
        reverse("structure:party_create"),
        {"name": "Bergby kommun", "code": "bergby", "kind": "municipality", "order": 9},
        "En kommun som part måste kopplas till sin kommun.",
    )


def test_a_person_unit_must_belong_to_the_employer(world, editor_client):
    assert_refused_with(
        editor_client,
        reverse("structure:person_create"),
        {"first_name": "Fel", "last_name": "Enhet", "party": world.fk.pk, "unit": world.alby_hc.pk},
        "Enheten hör inte till personens arbetsgivare.",
    )


def test_only_health_centres_are_private(world, editor_client):
    url, data = form_cases(world)["unit_create"]
    assert_refused_with(
        editor_client,
        url,
        {**data, "kind": "ifo", "party": world.alby_party.pk},
        "Endast hälsocentraler kan drivas privat inom Hälsoval.",
    )


def test_a_rule_naming_a_party_must_say_which(world, editor_client):
    assert_refused_with(
        editor_client,
        reverse("structure:rule_create", args=[world.decision.pk]),
        {"group_kind": "mysam", "convener": "party", **no_inline_rows()},
        "Ange vilken part som är utsedd.",
    )


def test_a_decision_cannot_end_before_it_starts(world, editor_client):
    assert_refused_with(
        editor_client,
        reverse("structure:decision_create"),
        {"title": "Baklänges", "effective_from": "2022-01-01", "effective_until": "2021-01-01"},
        "Slutdatum kan inte ligga före startdatum.",
    )


def test_the_same_role_twice_in_a_period_is_refused(world, editor_client):
    assert_refused_with(
        editor_client,
        reverse("structure:membership_create", args=[world.mysam.pk]),
        {
            "person": world.fk_manager.pk,
            "role": "member",
            "party": world.fk.pk,
            "valid_from": TODAY,
        },
        "Personen har redan samma roll i gruppen under en del av perioden.",
    )


def test_a_model_error_on_a_field_the_form_lacks_is_shown_not_a_crash(world, editor_client):
    # An overlapping seat loaded from data: ending one of them trips the overlap rule, which
    # the model reports on valid_from, a field the end form does not show.
    membership = a_membership(world)
    make_membership(
        world.fk_manager,
        world.mysam,
        valid_from=YEAR_AGO + datetime.timedelta(days=10),
        valid_to=YEAR_AGO + datetime.timedelta(days=20),
    )
    assert_refused_with(
        editor_client,
        reverse("structure:membership_end", args=[membership.pk]),
        {"valid_to": TODAY, "version": 1},
        "Personen har redan samma roll i gruppen under en del av perioden.",
    )


# --- ending keeps the history ----------------------------------------------------------------


def test_ending_a_membership_keeps_it_as_history(world, editor_client):
    membership = a_membership(world)
    count = Membership.objects.count()
    yesterday = TODAY - datetime.timedelta(days=1)
    url = reverse("structure:membership_end", args=[membership.pk])
    page = editor_client.get(url).content.decode()
    assert "<h1>Avsluta medlemskap</h1>" in page
    assert "Fredrik Kassasson" in page

    response = editor_client.post(url, {"valid_to": yesterday, "version": 1}, follow=True)
    assert response.redirect_chain[-1][0] == world.mysam.get_absolute_url()
    assert Membership.objects.count() == count
    membership.refresh_from_db()
    assert membership.valid_to == yesterday

    group_page = response.content.decode()
    assert "Medlemskapet har avslutats" in group_page
    former = group_page[group_page.index("<h2>Tidigare medlemmar</h2>") :]
    assert "Fredrik Kassasson" in former
    current = group_page[: group_page.index("<h2>Tidigare medlemmar</h2>")]
    assert "<caption>Försäkringskassan</caption>" not in current

    person_page = editor_client.get(world.fk_manager.get_absolute_url()).content.decode()
    past = person_page[person_page.index("<h2>Tidigare uppdrag</h2>") :]
    assert "Mysam Alby" in past
    assert yesterday.isoformat() in past


def test_membership_end_form_never_deletes(world, editor_client):
    membership = a_membership(world)
    url = reverse("structure:membership_end", args=[membership.pk])
    editor_client.post(url, {"valid_to": TODAY, "version": 1})
    assert Membership.objects.filter(pk=membership.pk).exists()


# --- stale edits -----------------------------------------------------------------------------


def test_a_stale_edit_is_refused_and_the_first_change_kept(world, editor_client):
    url = reverse("structure:group_edit", args=[world.mysam.pk])
    second_admin = signed_in(world.admin)
    first_form = editor_client.get(url).content.decode()
    second_form = second_admin.get(url).content.decode()
    assert 'name="version" value="1"' in first_form and 'name="version" value="1"' in second_form

    base = {"kind": "mysam", "municipality": world.alby.pk, "version": 1}
    assert editor_client.post(url, {**base, "name": "Först"}).status_code == 302
    response = second_admin.post(url, {**base, "name": "Sist"})

    assert response.status_code == 409
    assert STALE in response.content.decode()
    world.mysam.refresh_from_db()
    assert world.mysam.name == "Först"
    assert world.mysam.version == 2


def test_a_stale_edit_losing_the_race_at_save_is_refused_too(world, editor_client):
    # Both forms pass validation; the other save lands between validation and this save.
    url = reverse("structure:unit_edit", args=[world.alby_hc.pk])
    _, data = form_cases(world)["unit_edit"]
    models.Unit.objects.filter(pk=world.alby_hc.pk).update(version=2, name="Annan ändring")
    with mock.patch.object(VersionedModelForm, "_stored_version", return_value=1):
        response = editor_client.post(url, data)
    assert response.status_code == 409
    assert STALE in response.content.decode()
    assert models.Unit.objects.get(pk=world.alby_hc.pk).name == "Annan ändring"


def test_a_stale_rule_edit_saves_none_of_its_inline_rows(world, editor_client):
    models.GroupRule.objects.filter(pk=world.mysam_rule.pk).update(version=5)
    url = reverse("structure:rule_edit", args=[world.mysam_rule.pk])
    data = {
        "group_kind": "mysam",
        "version": 1,
        **management("standing_items", total=1),
        "standing_items-0-title": "Ny punkt",
        "standing_items-0-kind": "other",
        "standing_items-0-order": "2",
        **management("time_budgets"),
    }
    before = snapshot()
    response = editor_client.post(url, data)
    assert response.status_code == 409
    assert snapshot() == before


def test_group_kind_choices_are_swedish(world, editor_client):
    html = editor_client.get(reverse("structure:group_create")).content.decode()
    for kind in GroupKind:
        assert f'<option value="{kind.value}">{kind.label}</option>' in html
