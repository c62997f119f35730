"""The care units that took part in a case's team meeting (for the coverage goal): chosen among
the care units of the team's municipality, the team's own unit ticked at first, shown on the
case page and in the register extract."""

import json
import re

from django.urls import reverse
from django.utils import timezone

from samverkan.cases.models import Case
from samverkan.cases.tests.test_views_meeting import held_meeting
from samverkan.structure.models import Unit
from tests.factories import make_unit

TODAY = timezone.localdate()


def url(case):
    return reverse("cases:meeting", args=[case.code])


def checked(page):
    """The care units ticked in the form on `page`."""
    return {
        int(value)
        for value in re.findall(
            r'<input type="checkbox" name="care_units_at_meeting" value="(\d+)"[^>]*\bchecked', page
        )
    }


def offered(response):
    return {unit.pk for unit in response.context["form"].fields["care_units_at_meeting"].queryset}


def test_the_care_units_of_the_teams_municipality_are_offered(team_world, client_for, case):
    w = team_world
    psychiatry = make_unit(w.region, w.alby, name="Alby psykiatri", kind=Unit.Kind.ADULT_PSYCHIATRY)
    closed = make_unit(w.region, w.alby, name="Alby gamla vårdcentral", closed_on=TODAY)
    response = client_for(w.fk_user).get(url(case))
    # Care units in Alby, open today: not the IFO, not Bergby's units, not the closed one.
    assert offered(response) == {w.alby_hc.pk, psychiatry.pk}
    assert closed.pk not in offered(response)
    page = response.content.decode()
    assert "Vårdenheter som deltog i mötet" in page
    # The team's own health centre is ticked until something is saved.
    assert checked(page) == {w.alby_hc.pk}


def test_two_care_units_are_saved_and_shown(team_world, client_for, case):
    w = team_world
    psychiatry = make_unit(w.region, w.alby, name="Alby psykiatri", kind=Unit.Kind.ADULT_PSYCHIATRY)
    data = held_meeting(care_units_at_meeting=[w.alby_hc.pk, psychiatry.pk])
    assert client_for(w.af_user).post(url(case), data).status_code == 302
    assert set(case.care_units_at_meeting.values_list("pk", flat=True)) == {
        w.alby_hc.pk,
        psychiatry.pk,
    }
    page = client_for(w.af_user).get(reverse("cases:case", args=[case.code])).content.decode()
    assert "<dt>Vårdenheter på mötet</dt><dd>Alby hälsocentral, Alby psykiatri</dd>" in page
    assert checked(client_for(w.af_user).get(url(case)).content.decode()) == {
        w.alby_hc.pk,
        psychiatry.pk,
    }


def test_once_saved_without_units_none_is_ticked_again(team_world, client_for, case):
    assert client_for(team_world.af_user).post(url(case), held_meeting()).status_code == 302
    assert checked(client_for(team_world.af_user).get(url(case)).content.decode()) == set()


def test_no_care_unit_is_allowed(team_world, client_for, case):
    assert client_for(team_world.af_user).post(url(case), held_meeting()).status_code == 302
    assert not case.care_units_at_meeting.exists()
    page = client_for(team_world.af_user).get(reverse("cases:case", args=[case.code]))
    assert "<dt>Vårdenheter på mötet</dt><dd>–</dd>" in page.content.decode()


def test_a_unit_outside_the_list_is_refused_and_nothing_is_saved(team_world, client_for, case):
    w = team_world
    for unit in (w.bergby_hc, w.alby_ifo):
        response = client_for(w.af_user).post(
            url(case), held_meeting(care_units_at_meeting=[unit.pk])
        )
        assert response.status_code == 200
        assert "Välj bland vårdenheterna i listan" in response.content.decode()
    stored = Case.objects.get(pk=case.pk)
    assert stored.meeting_on is None and stored.version == case.version
    assert not stored.care_units_at_meeting.exists()


def test_the_extract_lists_the_care_units(team_world, client_for, case):
    w = team_world
    data = held_meeting(care_units_at_meeting=[w.alby_hc.pk])
    assert client_for(w.af_user).post(url(case), data).status_code == 302
    response = client_for(w.rehab_user).get(reverse("cases:extract_json", args=[case.code]))
    extract = json.loads(response.content)
    mine = next(c for c in extract["cases"] if c["code"] == case.code)
    assert mine["meeting"]["care_units"] == ["Alby hälsocentral"]
