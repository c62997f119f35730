"""The register extract for a data-subject request, as PDF and as JSON."""

import datetime
import json
from unittest import mock

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from samverkan.cases import extract
from samverkan.cases.models import (
    Case,
    FollowUp,
    IncomeSupportSource,
    Mapping,
    PlanStep,
    Preparation,
    SurveyResponse,
)
from samverkan.cases.services import close_case, erase_case
from samverkan.core.models import AccessLogEntry
from samverkan.core.pdf import local_only_fetcher
from tests.factories import give_consent, identity_number, make_case, request_as
from tests.pdf_checks import tagged_pdf

TODAY = timezone.localdate()
NUMBER = identity_number("19850314", 123)
NAME = "Elin Exempelsson"


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def fill_in_every_step(w, case, *, meeting_on, followed_up_on):
    """Record meeting, preparation, mapping, plan, survey and follow-up on `case` directly."""
    case.meeting_on = meeting_on
    case.individual_invited = True
    case.participation = Case.Participation.TOOK_PART
    case.participation_mode = Case.ParticipationMode.DIGITAL
    case.save()
    Preparation.objects.create(
        case=case, party=w.region, author=w.rehab, note="Sjukskriven sedan i våras, rygg."
    )
    Mapping.objects.create(
        case=case,
        health="Ryggbesvär och sömnproblem.",
        work="Vill tillbaka till lagerarbete.",
        social_insurance="Sjukpenning på halvtid.",
        social_situation="Bor ensam, skulder.",
        sip_needed=False,
        joint_mapping_needed=True,
        joint_mapping_actor=w.fk,
        recorded_by=w.rehab,
    )
    PlanStep.objects.create(
        case=case,
        order=1,
        responsible_party=w.af,
        action="Arbetsträning på lager, fyra timmar om dagen.",
        benefit="Aktivitetsstöd",
        planned_start=meeting_on + datetime.timedelta(days=14),
    )
    SurveyResponse.objects.create(
        case=case,
        took_part_in_planning=4,
        felt_involved=3,
        plan_fits=2,
        answered_on=meeting_on + datetime.timedelta(days=1),
        source=SurveyResponse.Source.PAPER,
        entered_by=w.rehab,
    )
    follow_up = FollowUp.objects.create(
        case=case,
        followed_up_on=followed_up_on,
        plan_started=FollowUp.PlanStarted.PARTLY,
        note="Arbetstränar tre dagar i veckan.",
        recorded_by=w.rehab,
    )
    follow_up.income_support.set(IncomeSupportSource.objects.filter(code="aktivitetsstod"))
    return case


@pytest.fixture
def cases(team_world):
    """The individual's open case with every step, an earlier closed case, and others."""
    w = team_world
    w.case = make_case(w.team, w.rehab, raised_on=days_ago(200), personal_number=NUMBER, name=NAME)
    give_consent(w.case, [w.region, w.fk, w.af], w.rehab)
    fill_in_every_step(w, w.case, meeting_on=days_ago(190), followed_up_on=days_ago(5))
    # Earlier case of the same person in the same team, consent for the region and AF only.
    w.earlier = make_case(
        w.team, w.rehab, raised_on=days_ago(300), personal_number=NUMBER, name=NAME
    )
    give_consent(w.earlier, [w.region, w.af], w.rehab)
    close_case(
        request_as(w.rehab_user),
        w.earlier,
        Case.ClosureReason.NO_LONGER_RELEVANT,
        days_ago(250),
        note="Fick arbete.",
    )
    # The same person in another team, and someone else in this team: neither belongs here.
    w.elsewhere = make_case(w.other_team, w.other_team_officer, personal_number=NUMBER, name=NAME)
    w.someone_else = make_case(w.team, w.rehab, name="Annan Person")
    return w


def get_json(client, case):
    response = client.get(f"/arenden/{case.code}/utdrag.json")
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_json_extract_holds_everything_about_the_individual(cases, client_for):
    w = cases
    response, data = get_json(client_for(w.rehab_user), w.case)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="registerutdrag-{w.case.code}.json"'
    assert NUMBER not in disposition
    assert "no-store" in response["Cache-Control"]

    assert data["format"] == "samverkan-registerutdrag" and data["version"] == 1
    assert data["produced_by"]["username"] == "rehab"
    assert data["subject"]["personal_number"] == NUMBER
    assert data["subject"]["name"] == NAME
    assert [c["code"] for c in data["cases"]] == [w.case.code, w.earlier.code]

    case = data["cases"][0]
    assert case["raised_on"] == days_ago(200).isoformat()
    assert case["raising_party"] == "Region Testlän"
    assert case["question"].startswith("Vilket stöd")
    assert case["gender"] == {"code": "woman", "label": "kvinna"}
    assert case["income_support_at_raising"] == [
        IncomeSupportSource.objects.get(code="sjukpenning").name
    ]
    [consent] = case["consents"]
    assert consent["kind"]["code"] == "team"
    assert set(consent["parties"]) == {"Region Testlän", "Försäkringskassan", "Arbetsförmedlingen"}
    assert consent["information"].startswith("Uppgifter om hälsa")
    assert consent["withdrawn_on"] is None
    assert case["meeting"]["meeting_on"] == days_ago(190).isoformat()
    assert case["meeting"]["participation"]["label"] == "deltog"
    assert case["preparations"][0]["note"] == "Sjukskriven sedan i våras, rygg."
    assert case["mapping"]["social_situation"] == "Bor ensam, skulder."
    assert case["mapping"]["joint_mapping_actor"] == "Försäkringskassan"
    assert case["plan_steps"][0]["action"].startswith("Arbetsträning")
    assert [a["answer"]["code"] for a in case["survey"]["answers"]] == [4, 3, 2]
    assert case["survey"]["answers"][0]["statement"].startswith("Jag var delaktig")
    assert case["follow_up"]["plan_started"]["code"] == "partly"
    assert case["follow_up"]["income_support"] == [
        IncomeSupportSource.objects.get(code="aktivitetsstod").name
    ]
    assert case["closure"] is None

    earlier = data["cases"][1]
    assert earlier["closure"]["closed_on"] == days_ago(250).isoformat()
    assert earlier["closure"]["reason"]["code"] == "no_longer_relevant"
    assert earlier["closure"]["note"] == "Fick arbete."
    assert earlier["closure"]["exception_reason"] == ""  # only for a planned closure
    assert earlier["mapping"] is None and earlier["survey"] is None


def test_json_extract_holds_the_access_log_of_each_case(cases, client_for):
    w = cases
    _, data = get_json(client_for(w.rehab_user), w.case)
    log = data["cases"][0]["access_log"]
    assert log[0]["action"]["code"] == "export"
    assert log[0]["what"] == "registerutdrag som JSON"
    assert log[0]["username"] == "rehab"
    assert log[0]["page"] == f"/arenden/{w.case.code}/utdrag.json"
    assert datetime.datetime.fromisoformat(log[0]["at"]).tzinfo is not None
    assert {e["action"]["code"] for e in log} >= {"export", "create"}
    assert [e["at"] for e in log] == sorted((e["at"] for e in log), reverse=True)
    # Only this case's entries.
    logged_codes = set(
        AccessLogEntry.objects.filter(case_id=w.case.pk).values_list("case_code", flat=True)
    )
    assert logged_codes == {w.case.code}
    assert len(log) == AccessLogEntry.objects.filter(case_id=w.case.pk).count()


def test_each_extract_writes_an_export_entry_per_included_case(cases, client_for):
    w = cases
    client = client_for(w.rehab_user)
    get_json(client, w.case)
    assert client.get(f"/arenden/{w.case.code}/utdrag.pdf").status_code == 200
    exports = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT)
    assert sorted(exports.values_list("case_code", "what")) == sorted(
        [
            (w.case.code, "registerutdrag som JSON"),
            (w.earlier.code, "registerutdrag som JSON"),
            (w.case.code, "registerutdrag som PDF"),
            (w.earlier.code, "registerutdrag som PDF"),
        ]
    )
    assert set(exports.values_list("username", flat=True)) == {"rehab"}
    assert not any(NUMBER in e.what + e.page for e in AccessLogEntry.objects.all())


def test_only_cases_whose_identity_the_user_sees_are_included(cases, client_for):
    """FK is named in the consent of the open case but not of the earlier one."""
    w = cases
    _, data = get_json(client_for(w.fk_user), w.case)
    assert [c["code"] for c in data["cases"]] == [w.case.code]
    assert (
        AccessLogEntry.objects.filter(
            action=AccessLogEntry.Action.EXPORT, case_code=w.earlier.code
        ).count()
        == 0
    )


def test_a_protected_identity_gives_just_that_case(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab, protected_identity=True, name="", birth_year=1990)
    make_case(w.team, w.rehab, protected_identity=True, name="", birth_year=1990)
    _, data = get_json(client_for(w.rehab_user), case)
    assert [c["code"] for c in data["cases"]] == [case.code]
    assert data["subject"]["protected_identity"] is True
    assert data["subject"]["personal_number"] == "" and data["subject"]["name"] == ""
    assert data["subject"]["birth_year"] == 1990


def test_pdf_extract_is_a_pdf_attachment_named_by_the_code(cases, client_for):
    w = cases
    response = client_for(w.rehab_user).get(f"/arenden/{w.case.code}/utdrag.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Disposition"] == (
        f'attachment; filename="registerutdrag-{w.case.code}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    document = tagged_pdf(response.content)
    assert document.title == f"Registerutdrag, ärende {w.case.code}"
    assert document.language == "sv"
    assert {"H1", "H2", "Table", "TH", "TD"} <= document.structure_types


def test_pdf_document_has_swedish_headings_and_tables(cases):
    w = cases
    request = request_as(w.rehab_user, f"/arenden/{w.case.code}/utdrag.pdf")
    data = extract.build_extract(request, w.case, "pdf")
    html = render_to_string("cases/extract_pdf.html", {"extract": data, "case": w.case})
    assert '<html lang="sv">' in html
    assert html.count("<h1>") == 1 and "Registerutdrag" in html
    for heading in (
        "Personen",
        f"Ärende {w.case.code}",
        f"Ärende {w.earlier.code}",
        "Samtycken",
        "Förberedelser",
        "Kartläggning",
        "Planering",
        "Deltagarenkät",
        "Uppföljning",
        "Avslut",
        "Åtkomstlogg",
    ):
        assert heading in html, heading
    for text in (NAME, NUMBER, "Bor ensam, skulder.", "Arbetsträning på lager", "Fick arbete."):
        assert text in html, text
    assert '<th scope="col">' in html and "<caption" in html
    assert "http://" not in html and "https://" not in html


def test_a_failed_document_leaves_no_export_entry(cases, client_for):
    w = cases
    client = client_for(w.rehab_user)
    client.raise_request_exception = False
    with mock.patch("samverkan.cases.views.extract.render_pdf", side_effect=RuntimeError):
        response = client.get(f"/arenden/{w.case.code}/utdrag.pdf")
    assert response.status_code == 500
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).exists()


@pytest.mark.parametrize(
    "who",
    [
        "social_user",  # another party in the team, not named in the consent
        "other_team_user",
        "former_user",
        "kansli",
        "process_leader_user",
        "log_reviewer",
        "mysam_coordinator",
    ],
)
def test_who_may_not_see_the_identity_gets_404(cases, client_for, who):
    w = cases
    client = client_for(getattr(w, who))
    for suffix in ("utdrag.json", "utdrag.pdf"):
        response = client.get(f"/arenden/{w.case.code}/{suffix}")
        assert response.status_code == 404
        assert NUMBER not in response.content.decode(errors="replace")
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).exists()


def test_another_party_before_consent_gets_404_and_after_consent_the_extract(
    team_world, client_for
):
    w = team_world
    case = make_case(w.team, w.rehab)
    client = client_for(w.fk_user)
    assert client.get(f"/arenden/{case.code}/utdrag.json").status_code == 404
    give_consent(case, [w.region, w.fk], w.rehab)
    assert client.get(f"/arenden/{case.code}/utdrag.json").status_code == 200


def test_anonymous_is_sent_to_sign_in(cases):
    response = Client().get(f"/arenden/{cases.case.code}/utdrag.json")
    assert response.status_code == 302


def test_only_get(cases, client_for):
    client = client_for(cases.rehab_user)
    assert client.post(f"/arenden/{cases.case.code}/utdrag.json").status_code == 405
    assert not AccessLogEntry.objects.filter(action=AccessLogEntry.Action.EXPORT).exists()


def test_an_erased_case_has_no_extract(cases, client_for):
    w = cases
    erase_case(w.earlier)
    assert client_for(w.rehab_user).get(f"/arenden/{w.earlier.code}/utdrag.json").status_code == 404
    _, data = get_json(client_for(w.rehab_user), w.case)
    assert [c["code"] for c in data["cases"]] == [w.case.code]


def test_unknown_code_is_404(cases, client_for):
    assert client_for(cases.rehab_user).get("/arenden/T1999-99999/utdrag.json").status_code == 404


# --- The PDF helper's resource fetcher ---------------------------------------------------------


def test_the_pdf_fetcher_serves_our_static_files_only():
    fetcher = local_only_fetcher("http://testserver/static/")
    css = fetcher.fetch("http://testserver/static/core/samverkan.css")
    assert css.read()
    for url in (
        "https://example.org/font.woff",
        "http://testserver/arenden/",
        "http://testserver/static/../settings.py",
        "file:///etc/passwd",
        "http://testserver.example.org/static/core/samverkan.css",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hej").read() == b"hej"
