"""Pages for outcome: a month entered by hand, and the import with its preview."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from samverkan.funding.models import Spending, SpendingImport
from tests.factories import THIS_YEAR, make_party

NEXT_YEAR = THIS_YEAR + 1


def entry_url(code="arbetstraning-alby"):
    return reverse("funding:spending", args=[code])


def spending_state():
    return sorted(
        Spending.objects.values_list("intervention", "party", "year", "month", "amount", "version")
    )


@pytest.fixture
def admin(money_world, client_for):
    return client_for(money_world.admin)


# --- Entering a month ---------------------------------------------------------------------------


def test_the_entry_page_lists_what_is_recorded(money_world, admin):
    response = admin.get(entry_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Utfall för Arbetsträning Alby" in page
    assert "<caption>Registrerat utfall per månad och part, Arbetsträning Alby</caption>" in page
    assert "Alby" in page and "15\u00a0000" in page
    assert response.context["total"] == 15_000
    assert response.context["years"] == [(THIS_YEAR, 15_000), (NEXT_YEAR, 0)]


def test_a_month_is_recorded(money_world, admin):
    w = money_world
    response = admin.post(
        entry_url(),
        {"party": w.af.pk, "year": THIS_YEAR, "month": 3, "amount": "1 103 306", "note": "Mars"},
        follow=True,
    )
    spending = Spending.objects.get(intervention=w.mysam_intervention, party=w.af)
    assert (spending.year, spending.month, spending.amount) == (THIS_YEAR, 3, 1_103_306)
    assert spending.note == "Mars"
    assert spending.entered_by == w.admin
    assert spending.source_import is None
    page = response.content.decode()
    assert (
        f"Utfallet för Arbetsförmedlingen mars {THIS_YEAR} sparades: 1\u00a0103\u00a0306 kr."
        in (page)
    )


def test_a_second_entry_for_the_month_replaces_the_first_and_says_from_what(money_world, admin):
    w = money_world
    response = admin.post(
        entry_url(),
        {"party": w.alby_party.pk, "year": THIS_YEAR, "month": 1, "amount": "16500"},
        follow=True,
    )
    assert Spending.objects.filter(intervention=w.mysam_intervention).count() == 1
    w.mysam_spending.refresh_from_db()
    assert w.mysam_spending.amount == 16_500
    assert "ändrat från 15\u00a0000 kr" in response.content.decode()


def test_the_change_links_of_the_list_name_party_year_and_month(money_world, admin):
    w = money_world
    page = admin.get(entry_url()).content.decode()
    assert f'href="?party={w.alby_party.pk}&amp;year={THIS_YEAR}&amp;month=1#id_amount"' in page


def test_the_change_link_prefills_the_form(money_world, admin):
    w = money_world
    response = admin.get(entry_url(), {"party": w.af.pk, "year": NEXT_YEAR, "month": 4})
    form = response.context["form"]
    assert (form["party"].value(), form["year"].value(), form["month"].value()) == (
        w.af.pk,
        NEXT_YEAR,
        4,
    )


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"amount": "-100"}, "amount", "Beloppet kan inte vara negativt."),
        ({"amount": "12,5"}, "amount", "Beloppet ska vara hela kronor, utan ören."),
        (
            {"amount": "mycket"},
            "amount",
            "Beloppet ska vara ett tal i hela kronor, t.ex. 1 103 306.",
        ),
        ({"amount": ""}, "amount", "Ange beloppet i hela kronor."),
        (
            {"year": THIS_YEAR - 1},
            "year",
            f"Välj ett av insatsens år ({THIS_YEAR}–{NEXT_YEAR}).",
        ),
        ({"month": 13}, "month", "Välj en månad från januari till december."),
        ({"party": 999_999}, "party", "Välj en av förbundets parter."),
        ({"party": "fk"}, "party", "Välj en av förbundets parter."),
    ],
    ids=["negative", "fraction", "text", "empty", "year", "month", "unknown-party", "not-id"],
)
def test_bad_input_is_refused_and_nothing_saved(money_world, admin, changes, field, message):
    w = money_world
    before = spending_state()
    data = {"party": w.af.pk, "year": THIS_YEAR, "month": 3, "amount": "1000", **changes}
    response = admin.post(entry_url(), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert spending_state() == before


def test_a_party_of_another_forbund_is_refused(money_world, admin):
    w = money_world
    stranger = make_party(w.other_federation, code="fk")
    before = spending_state()
    data = {"party": stranger.pk, "year": THIS_YEAR, "month": 3, "amount": "1000"}
    response = admin.post(entry_url(), data)
    assert response.context["form"].errors["party"] == ["Välj en av förbundets parter."]
    assert spending_state() == before


def test_a_month_outside_a_period_that_starts_mid_year_is_refused(money_world, admin):
    w = money_world
    w.completed_intervention.starts_on = w.completed_intervention.starts_on.replace(month=10)
    w.completed_intervention.save()
    before = spending_state()
    data = {"party": w.region.pk, "year": 2019, "month": 9, "amount": "1000"}
    response = admin.post(entry_url("kartlaggning-2019"), data)
    assert response.context["form"].errors["month"] == [
        "2019-09 ligger utanför insatsens period (2019-10-01 – 2020-12-31)."
    ]
    assert spending_state() == before
    data["month"] = 10
    admin.post(entry_url("kartlaggning-2019"), data)
    assert Spending.objects.filter(intervention=w.completed_intervention, month=10).exists()


def test_team_hours_interventions_explain_and_refuse_manual_entry(money_world, admin):
    w = money_world
    response = admin.get(entry_url("trisam-timmar"))
    page = response.content.decode()
    assert "Utfallet räknas fram från tiden i Trisam-team" in page
    assert '<form method="post" novalidate' not in page
    assert reverse("funding:team_hours", args=["trisam-timmar"]) in page

    data = {"party": w.fk.pk, "year": THIS_YEAR, "month": 1, "amount": "1000"}
    response = admin.post(entry_url("trisam-timmar"), data)
    assert response.status_code == 400
    assert not Spending.objects.filter(intervention=w.trisam_intervention).exists()


def test_another_forbunds_intervention_is_not_found(money_world, admin):
    assert admin.get(entry_url("annan-insats")).status_code == 404
    assert admin.get(entry_url("finns-inte")).status_code == 404


# --- Access -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["mysam_user", "board_user", "outsider", "reader"])
def test_only_the_forbunds_administrators_change_outcome(money_world, client_for, who):
    w = money_world
    client = client_for(getattr(w, who))
    before = spending_state()
    data = {"party": w.alby_party.pk, "year": THIS_YEAR, "month": 2, "amount": "1000"}
    assert client.get(entry_url()).status_code == 403
    assert client.post(entry_url(), data).status_code == 403
    assert client.get(reverse("funding:import")).status_code == 403
    upload = SimpleUploadedFile(
        "utfall.csv",
        f"insats;part;år;månad;belopp\narbetstraning-alby;af;{THIS_YEAR};2;1000\n".encode(),
    )
    assert client.post(reverse("funding:import"), {"file": upload}).status_code == 403
    spending_import = SpendingImport.objects.create(
        federation=w.federation,
        file_name="utfall.csv",
        rows=[
            {
                "row": 2,
                "intervention": w.mysam_intervention.pk,
                "party": w.af.pk,
                "year": THIS_YEAR,
                "month": 2,
                "amount": 1000,
                "note": "",
                "previous": None,
            }
        ],
        uploaded_by=w.admin,
    )
    url = reverse("funding:import_preview", args=[spending_import.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "apply"}).status_code == 403
    assert client.post(url, {"action": "discard"}).status_code == 403
    spending_import.refresh_from_db()
    assert spending_import.status == SpendingImport.Status.PREVIEWED
    assert spending_state() == before


def test_signed_out_visitors_are_sent_to_sign_in_or_refused(money_world, client):
    response = client.get(entry_url())
    assert response.status_code in (302, 403)
    assert not Spending.objects.exclude(pk=money_world.mysam_spending.pk).exists()


# --- Import pages -------------------------------------------------------------------------------


def upload(client, text, name="utfall.csv"):
    return client.post(
        reverse("funding:import"), {"file": SimpleUploadedFile(name, text.encode("utf-8"))}
    )


def test_the_upload_page_describes_the_file(money_world, admin):
    response = admin.get(reverse("funding:import"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert "<caption>Kolumner i importfilen</caption>" in page
    assert 'enctype="multipart/form-data"' in page
    assert '<label for="id_file"' in page


def test_a_file_with_errors_lists_them_all_and_stores_nothing(money_world, admin):
    before = spending_state()
    response = upload(
        admin,
        "insats;part;år;månad;belopp\n"
        f"arbetstraning-alby;af;{THIS_YEAR};1;1000\n"
        f"arbetstraning-alby;af;{THIS_YEAR};2;12,5\n"
        f"arbetstraning-alby;nagon;{THIS_YEAR};3;-4\n",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Filen utfall.csv har 3 fel. Ingenting importerades." in page
    assert "Rad 3, kolumn belopp: Beloppet ska vara hela kronor, utan ören." in page
    assert "Rad 4, kolumn part: Det finns ingen part i förbundet med koden ”nagon”." in page
    assert "Rad 4, kolumn belopp: Beloppet kan inte vara negativt." in page
    assert not SpendingImport.objects.exists()
    assert spending_state() == before


def test_no_file_is_asked_for(money_world, admin):
    response = admin.post(reverse("funding:import"), {})
    assert response.context["form"].errors["file"] == ["Välj en fil att ladda upp."]
    assert not SpendingImport.objects.exists()


GOOD_FILE = (
    "insats;part;år;månad;belopp;anteckning\n"
    f"arbetstraning-alby;kommun-8101;{THIS_YEAR};1;16 500;Rättad\n"
    f"arbetstraning-alby;kommun-8101;{THIS_YEAR};2;9000;\n"
    f"arbetstraning-alby;af;{THIS_YEAR};2;7000;\n"
)


def test_upload_preview_and_apply(money_world, admin):
    w = money_world
    response = upload(admin, GOOD_FILE)
    spending_import = SpendingImport.objects.get()
    preview_url = reverse("funding:import_preview", args=[spending_import.pk])
    assert response.status_code == 302
    assert response.url == preview_url

    response = admin.get(preview_url)
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "Import av utfall.csv" in page
    assert [row.kind for row in response.context["rows"]] == ["changed", "new", "new"]
    assert "Ändras från 15\u00a0000 till 16\u00a0500 kr" in page
    summary = response.context["summary"]
    assert summary == {
        "new": 2,
        "changed": 1,
        "unchanged": 0,
        "total": 32_500,
        "previous_total": 15_000,
        "difference": 17_500,
    }
    assert "Genomför import" in page and "Avbryt" in page
    assert Spending.objects.count() == 1  # nothing applied yet

    response = admin.post(preview_url, {"action": "apply"}, follow=True)
    assert "Importen är genomförd: 3 rader med utfall sparades." in response.content.decode()
    spending_import.refresh_from_db()
    assert spending_import.status == SpendingImport.Status.APPLIED
    assert sorted(
        Spending.objects.filter(source_import=spending_import).values_list(
            "party", "month", "amount"
        )
    ) == sorted([(w.alby_party.pk, 1, 16_500), (w.alby_party.pk, 2, 9000), (w.af.pk, 2, 7000)])
    assert "Genomför import" not in response.content.decode()

    # Applying twice changes nothing more.
    before = spending_state()
    response = admin.post(preview_url, {"action": "apply"})
    assert response.status_code == 409
    assert "Importen är redan genomförd och kan inte genomföras." in response.content.decode()
    assert spending_state() == before


def test_an_unchanged_row_is_shown_as_unchanged(money_world, admin):
    upload(
        admin,
        f"insats;part;år;månad;belopp\narbetstraning-alby;kommun-8101;{THIS_YEAR};1;15000\n",
    )
    response = admin.get(reverse("funding:import_preview", args=[SpendingImport.objects.get().pk]))
    assert [row.kind for row in response.context["rows"]] == ["unchanged"]
    assert "Oförändrad" in response.content.decode()


def test_applying_after_the_outcome_changed_is_refused(money_world, admin):
    w = money_world
    upload(admin, GOOD_FILE)
    spending_import = SpendingImport.objects.get()
    admin.post(entry_url(), {"party": w.af.pk, "year": THIS_YEAR, "month": 2, "amount": "1"})
    before = spending_state()
    url = reverse("funding:import_preview", args=[spending_import.pk])
    response = admin.post(url, {"action": "apply"})
    assert response.status_code == 409
    assert (
        "Utfallet har ändrats sedan förhandsgranskningen; ladda upp filen igen."
        in response.content.decode()
    )
    assert spending_state() == before
    spending_import.refresh_from_db()
    assert spending_import.status == SpendingImport.Status.PREVIEWED


def test_one_imported_row_is_one_rad_and_a_second_apply_changes_nothing(money_world, admin):
    w = money_world
    upload(
        admin,
        f"insats;part;år;månad;belopp\narbetstraning-alby;{w.af.code};{THIS_YEAR};3;4711\n",
    )
    spending_import = SpendingImport.objects.get()
    url = reverse("funding:import_preview", args=[spending_import.pk])
    response = admin.post(url, {"action": "apply"}, follow=True)
    assert "Importen är genomförd: 1 rad med utfall sparades." in response.content.decode()
    before = spending_state()
    # A double submit of "Genomför import": refused, nothing recorded twice.
    response = admin.post(url, {"action": "apply"})
    assert response.status_code == 409
    assert "Importen är redan genomförd" in response.content.decode()
    assert spending_state() == before


def test_discarding_changes_nothing(money_world, admin):
    upload(admin, GOOD_FILE)
    spending_import = SpendingImport.objects.get()
    before = spending_state()
    url = reverse("funding:import_preview", args=[spending_import.pk])
    response = admin.post(url, {"action": "discard"}, follow=True)
    assert "Importen är avbruten; inget utfall ändrades." in response.content.decode()
    spending_import.refresh_from_db()
    assert spending_import.status == SpendingImport.Status.DISCARDED
    assert spending_state() == before
    assert admin.post(url, {"action": "apply"}).status_code == 409
    assert spending_state() == before


def test_an_unknown_action_changes_nothing(money_world, admin):
    upload(admin, GOOD_FILE)
    spending_import = SpendingImport.objects.get()
    url = reverse("funding:import_preview", args=[spending_import.pk])
    response = admin.post(url, {"action": "radera"})
    assert response.status_code == 409
    spending_import.refresh_from_db()
    assert spending_import.status == SpendingImport.Status.PREVIEWED


def test_another_forbunds_import_is_not_found(money_world, client_for):
    w = money_world
    spending_import = SpendingImport.objects.create(federation=w.federation, file_name="a.csv")
    client = client_for(w.other_admin)
    url = reverse("funding:import_preview", args=[spending_import.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "discard"}).status_code == 404
    spending_import.refresh_from_db()
    assert spending_import.status == SpendingImport.Status.PREVIEWED


def test_the_preview_page_runs_a_fixed_number_of_queries(
    money_world, admin, django_assert_max_num_queries
):
    lines = "".join(
        f"arbetstraning-alby;{party};{year};{month};{month * 1000}\n"
        for party in ("af", "kommun-8101", "fk", "region")
        for year in (THIS_YEAR, NEXT_YEAR)
        for month in range(1, 13)
    )
    upload(admin, "insats;part;år;månad;belopp\n" + lines)
    spending_import = SpendingImport.objects.get()
    assert len(spending_import.rows) == 96
    with django_assert_max_num_queries(12):
        admin.get(reverse("funding:import_preview", args=[spending_import.pk]))
