"""The proposed plan: steps with a responsible party of the team, added and removed together."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from samverkan.cases.forms.steps import plan_fingerprint
from samverkan.cases.models import PlanStep
from samverkan.core.models import AccessLogEntry
from tests.factories import (
    CLOSED,
    NO_CONSENT,
    OUTSIDERS,
    STALE,
    assert_not_found,
    assert_refused,
    close,
    make_case,
)

TODAY = timezone.localdate()
START = (TODAY + datetime.timedelta(days=14)).isoformat()


def url(case):
    return reverse("cases:plan", args=[case.code])


def plan_data(case, rows, initial=0):
    """POST data for `rows` (dicts of a step's fields) in the order shown on the page."""
    data = {
        "plan_version": plan_fingerprint(case),
        "steps-TOTAL_FORMS": str(len(rows)),
        "steps-INITIAL_FORMS": str(initial),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"steps-{index}-{name}"] = value
    return data


def step(party, action="Arbetsträning på deltid", **fields):
    return {
        "responsible_party": str(getattr(party, "pk", party or "")),
        "action": action,
        "benefit": "",
        "planned_start": START,
        **fields,
    }


def blank():
    return {"responsible_party": "", "action": "", "benefit": "", "planned_start": ""}


def steps_of(case):
    return list(
        PlanStep.objects.filter(case=case).values_list("responsible_party", "action", "order")
    )


def test_the_motto_introduces_the_page_and_the_read_is_logged(team_world, client_for, case):
    response = client_for(team_world.af_user).get(url(case))
    assert response.status_code == 200
    assert "Rätt insats, rätt ersättning, från rätt aktör, vid rätt tidpunkt." in (
        response.content.decode()
    )
    assert AccessLogEntry.objects.filter(
        case_id=case.pk, user=team_world.af_user, action="read"
    ).exists()


def test_a_plan_is_saved_with_its_steps_in_order_and_logged(team_world, client_for, case):
    w = team_world
    rows = [
        step(w.af, "Kartläggning av arbetsförmåga", benefit="aktivitetsstöd"),
        step(w.fk, "Avstämningsmöte"),
        blank(),
    ]
    response = client_for(w.af_user).post(url(case), plan_data(case, rows))
    assert response.status_code == 302
    assert response.url == reverse("cases:case", args=[case.code])
    assert steps_of(case) == [
        (w.af.pk, "Kartläggning av arbetsförmåga", 1),
        (w.fk.pk, "Avstämningsmöte", 2),
    ]
    assert AccessLogEntry.objects.filter(case_id=case.pk, user=w.af_user, action="create").exists()


def test_steps_are_added_and_removed(team_world, client_for, case):
    w = team_world
    client = client_for(w.af_user)
    response = client.post(url(case), {**plan_data(case, [step(w.af), step(w.fk)]), "more": "1"})
    assert response.url == url(case)
    first, second = PlanStep.objects.filter(case=case).order_by("order")
    rows = [
        step(w.af, id=str(first.pk), DELETE="on"),
        step(w.fk, "Avstämningsmöte", id=str(second.pk)),
        step(w.alby_party, "Budget- och skuldrådgivning"),
    ]
    assert client.post(url(case), plan_data(case, rows, initial=2)).status_code == 302
    assert steps_of(case) == [
        (w.fk.pk, "Avstämningsmöte", 1),
        (w.alby_party.pk, "Budget- och skuldrådgivning", 2),
    ]
    assert AccessLogEntry.objects.filter(case_id=case.pk, user=w.af_user, action="change").exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (None, "Planeringen måste ha minst ett steg"),
        ({"responsible_party": ""}, "Ange ansvarig part"),
        ({"responsible_party": "999999"}, "Välj ett giltigt alternativ"),
        ({"responsible_party": "outside"}, "Välj ett giltigt alternativ"),
        ({"action": ""}, "Beskriv insatsen eller åtgärden"),
        ({"planned_start": ""}, "Ange planerad start"),
    ],
)
def test_bad_input_saves_nothing(team_world, client_for, case, row, message):
    w = team_world
    outside = type(w.fk).objects.create(federation=w.federation, name="Utomstående", code="ut")
    if row is None:
        rows = [blank(), blank()]
    else:
        if row.get("responsible_party") == "outside":
            row = {"responsible_party": str(outside.pk)}
        rows = [{**step(w.fk), **row}, blank()]
    response = client_for(w.af_user).post(url(case), plan_data(case, rows))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert steps_of(case) == []
    assert (
        not AccessLogEntry.objects.filter(case_id=case.pk, what="föreslagen planering")
        .exclude(action="read")
        .exists()
    )


def test_removing_every_step_is_refused(team_world, client_for, case):
    w = team_world
    only = PlanStep.objects.create(
        case=case, responsible_party=w.fk, action="Avstämningsmöte", planned_start=TODAY
    )
    rows = [step(w.fk, "Avstämningsmöte", id=str(only.pk), DELETE="on")]
    response = client_for(w.af_user).post(url(case), plan_data(case, rows, initial=1))
    assert response.status_code == 200
    assert "Planeringen måste ha minst ett steg" in response.content.decode()
    assert PlanStep.objects.filter(case=case).count() == 1


def test_a_stale_plan_is_refused_with_409(team_world, client_for, case):
    w = team_world
    only = PlanStep.objects.create(
        case=case, responsible_party=w.fk, action="Avstämningsmöte", planned_start=TODAY
    )
    data = plan_data(case, [step(w.fk, "Min ändring", id=str(only.pk))], initial=1)
    PlanStep.objects.filter(pk=only.pk).update(action="Kollegans ändring", version=2)
    response = client_for(w.af_user).post(url(case), data)
    assert response.status_code == 409
    assert STALE in response.content.decode()
    assert steps_of(case) == [(w.fk.pk, "Kollegans ändring", 0)]


def test_a_step_added_meanwhile_makes_the_plan_stale(team_world, client_for, case):
    w = team_world
    data = plan_data(case, [step(w.af)])
    PlanStep.objects.create(
        case=case, responsible_party=w.fk, action="Kollegans steg", planned_start=TODAY
    )
    assert client_for(w.af_user).post(url(case), data).status_code == 409
    assert steps_of(case) == [(w.fk.pk, "Kollegans steg", 0)]


def test_a_closed_case_is_refused(team_world, client_for, case):
    w = team_world
    close(case, w.rehab_user)
    assert_refused(client_for(w.rehab_user), url(case), plan_data(case, [step(w.af)]), CLOSED)
    assert steps_of(case) == []


def test_without_team_consent_the_raising_party_is_refused(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert_refused(client_for(w.rehab_user), url(case), plan_data(case, [step(w.af)]), NO_CONSENT)
    assert steps_of(case) == []


def test_other_party_before_consent_gets_404(team_world, client_for):
    w = team_world
    case = make_case(w.team, w.rehab)
    assert_not_found(client_for(w.af_user), url(case), plan_data(case, [step(w.af)]))
    assert steps_of(case) == []


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404(team_world, client_for, case, who):
    w = team_world
    assert_not_found(client_for(getattr(w, who)), url(case), plan_data(case, [step(w.af)]))
    assert steps_of(case) == []
