"""The team-hours page: time in Trisam teams × 2, valued at each party's hourly rate, against
the grant; and its CSV export, which holds the same figures."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from samverkan.funding.models import HourlyRate
from samverkan.meetings import series, services
from samverkan.meetings.models import Attendance, Meeting
from samverkan.structure.models import GroupKind, Membership
from tests.factories import LAST_YEAR, THIS_YEAR, at, make_membership, make_person, make_rule

NBSP = "\xa0"
PRESENT = Attendance.Status.PRESENT
MEMBER = Attendance.Capacity.MEMBER


def kr(amount):
    return f"{amount:,}".replace(",", NBSP)


def held_meeting(group, day, people, minutes=90):
    """A Trisam meeting on `day` that `people` attended, recorded as held."""
    meeting = series.create_meeting(group, at(day), duration_minutes=minutes)
    services.record_attendance(
        meeting, [(person, PRESENT, None, MEMBER) for person in people], by=None
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    return meeting


@pytest.fixture
def hours_world(money_world):
    """Case officers for FK, AF and Alby and a rehab coordinator for the Region in Trisam Alby,
    seated since 2020; the team's time counts twice; rates for all parties but the Region.

    Two 90-minute meetings LAST_YEAR with all four present: 1,5 h × 2 × 2 = 6 h per party.
    """
    w = money_world
    make_rule(w.decision, GroupKind.TRISAM, preparation_factor=Decimal(2))
    w.officers = []
    for party in (w.fk, w.af, w.alby_party, w.region):
        person = make_person(w.federation, party, last_name=f"Handläggare {party.code}")
        role = (
            Membership.Role.REHAB_COORDINATOR if party == w.region else Membership.Role.CASE_OFFICER
        )
        make_membership(person, w.trisam, role=role)
        w.officers.append(person)
    for party, rate in ((w.fk, "500"), (w.af, "400"), (w.alby_party, "450.50")):
        HourlyRate.objects.create(party=party, year=LAST_YEAR, rate=Decimal(rate))
    held_meeting(w.trisam, datetime.date(LAST_YEAR, 3, 3), w.officers)
    held_meeting(w.trisam, datetime.date(LAST_YEAR, 10, 6), w.officers)
    return w


def hours_url(code="trisam-timmar", year=None):
    url = reverse("funding:team_hours", args=[code])
    return f"{url}?year={year}" if year is not None else url


def csv_url(year, code="trisam-timmar"):
    return reverse("funding:team_hours_csv", args=[code]) + f"?year={year}"


def row_of(html, name):
    return html.split(f'<th scope="row">{name}</th>')[1].split("</tr>")[0]


def test_hours_against_grant_for_a_past_year(hours_world, client_for):
    w = hours_world
    response = client_for(w.admin).get(hours_url(year=LAST_YEAR))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    fk = row_of(html, "Försäkringskassan")
    # 6 h × 500 kr = 3 000 kr of 900 000; a past year forecasts what was used.
    for cell in (kr(900_000), "6,0", "500,00", kr(3_000), kr(897_000)):
        assert f'<td class="num">{cell}</td>' in fk
    assert fk.count(f'<td class="num">{kr(3_000)}</td>') == 2
    alby = row_of(html, "Albys kommun")
    assert f'<td class="num">{kr(2_703)}</td>' in alby  # 6 h × 450,50 kr
    totals = html.split("<tfoot>")[1]
    assert f'<td class="num">{kr(3_893_085)}</td>' in totals
    assert '<td class="num">24,0</td>' in totals
    assert f'<td class="num">{kr(3_000 + 2_400 + 2_703)}</td>' in totals


def test_parties_without_a_rate_are_not_valued(hours_world, client_for):
    w = hours_world
    html = client_for(w.admin).get(hours_url(year=LAST_YEAR)).content.decode()
    region = row_of(html, "Region Testlän")
    assert '<td class="num">6,0</td>' in region
    assert region.count('<td class="num">–</td>') == 4  # rate, used, remaining, forecast
    assert "tid i Trisam-team × 2" in html
    assert "Utan timpris kan tiden inte värderas: Region Testlän" in html
    assert reverse("funding:rates") in html
    board_html = client_for(w.board_user).get(hours_url(year=LAST_YEAR)).content.decode()
    assert "Utan timpris kan tiden inte värderas" in board_html
    assert f'href="{reverse("funding:rates")}">Ange timpriser' not in board_html


def test_forecast_keeps_the_pace_so_far(money_world, client_for):
    w = money_world
    with time_machine.travel(at(datetime.date(THIS_YEAR, 7, 1), 12), tick=False):
        make_rule(w.decision, GroupKind.TRISAM, preparation_factor=Decimal(2))
        officer = make_person(w.federation, w.fk, last_name="Handläggare")
        make_membership(officer, w.trisam, role=Membership.Role.CASE_OFFICER)
        HourlyRate.objects.create(party=w.fk, year=THIS_YEAR, rate=Decimal(1000))
        held_meeting(w.trisam, datetime.date(THIS_YEAR, 2, 2), [officer], minutes=60)
        html = client_for(w.admin).get(hours_url()).content.decode()
    fk = row_of(html, "Försäkringskassan")
    used = 2_000  # 1 h × 2 × 1 000 kr
    elapsed = (datetime.date(THIS_YEAR, 7, 1) - datetime.date(THIS_YEAR, 1, 1)).days + 1
    days = (datetime.date(THIS_YEAR, 12, 31) - datetime.date(THIS_YEAR, 1, 1)).days + 1
    forecast = int((Decimal(used) * days / elapsed).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    assert f'<td class="num">{kr(used)}</td>' in fk
    assert f'<td class="num">{kr(forecast)}</td>' in fk
    assert f'<option value="{THIS_YEAR}" selected>' in html


def test_csv_holds_the_same_figures(hours_world, client_for):
    w = hours_world
    response = client_for(w.admin).get(csv_url(LAST_YEAR))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"trisam-timmar-timmar-{LAST_YEAR}.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Part" and rows[0][4] == "Använt (kr)"
    by_party = {row[0]: row for row in rows[1:]}
    assert by_party["Försäkringskassan"][1:] == [
        "900000",
        "6,0",
        "500,00",
        "3000",
        "897000",
        "3000",
    ]
    assert by_party["Region Testlän"][3:] == ["", "", "", ""]
    assert by_party["Totalt"][4] == str(3_000 + 2_400 + 2_703)


def test_mysam_member_sees_only_their_municipality(hours_world, client_for):
    w = hours_world
    html = client_for(w.mysam_user).get(hours_url(year=LAST_YEAR)).content.decode()
    assert "Albys kommun" in html
    assert "Försäkringskassan" not in html and "Region Testlän" not in html
    assert "Du ser bara raderna för din kommuns part" in html
    rows = client_for(w.mysam_user).get(csv_url(LAST_YEAR)).content.decode("utf-8-sig")
    assert "Albys kommun" in rows and "Försäkringskassan" not in rows


@pytest.mark.parametrize("year", ["1999", "abc", str(THIS_YEAR + 5)])
def test_a_year_outside_the_period_is_refused(money_world, client_for, year):
    w = money_world
    response = client_for(w.admin).get(hours_url(year=year))
    assert response.status_code == 400
    message = f"Välj ett år inom insatsens period ({LAST_YEAR}–{THIS_YEAR})."
    assert message in response.content.decode()
    export = client_for(w.admin).get(csv_url(year))
    assert export.status_code == 400
    assert message in export.content.decode()


def test_access(money_world, client_for):
    w = money_world
    for client in (client_for(w.outsider),):
        assert client.get(hours_url()).status_code == 403
        assert client.get(csv_url(THIS_YEAR)).status_code == 403
    other = client_for(w.other_admin)
    assert other.get(hours_url()).status_code == 404
    assert other.get(csv_url(THIS_YEAR)).status_code == 404
    # Not compensated as team time, or not visible to a Mysam member of Alby.
    assert client_for(w.admin).get(hours_url("arbetstraning-alby")).status_code == 404
    assert client_for(w.mysam_user).get(hours_url("kartlaggning-2019")).status_code == 404
    for user in (w.admin, w.board_user, w.mysam_user):
        assert client_for(user).get(hours_url()).status_code == 200
