"""The attendance report and the time accounts pages, with their CSV export.

Data: Gävleborg's real rules (see test_accounts). In 2023 Mysam Gävle held four 90-minute
meetings: FK always present, AF represented by FK's substitute once and absent once, the
municipality present at all four, the coordinator at the first; one Trisam team meeting of
60 minutes counts twice.
"""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from samverkan.core.models import User
from samverkan.meetings import series
from samverkan.meetings.tests.fixtures import (
    ABSENT,
    PRESENT,
    SEATED_FROM,
    SUBSTITUTE,
    held_meeting,
)
from samverkan.structure.models import Group, GroupKind, Membership
from tests.factories import at, make_membership, make_person, make_user, signed_in

D = datetime.date
REPORT_URL = reverse("meetings:attendance_report")
ACCOUNTS_URL = reverse("meetings:time_accounts")


@pytest.fixture
def year_2023(reorganised):
    g = reorganised
    rows = [
        [
            (g.fk_member, PRESENT, None),
            (g.af_member, PRESENT, None),
            (g.coordinator, PRESENT, None),
        ],
        [(g.fk_member, PRESENT, None), (g.af_member, SUBSTITUTE, g.fk_substitute)],
        [(g.fk_member, PRESENT, None), (g.af_member, ABSENT, None)],
        [(g.fk_member, PRESENT, None), (g.af_member, PRESENT, None)],
    ]
    g.meetings = [
        held_meeting(g.mysam, D(2023, month, 13), row + [(g.municipal_member, PRESENT, None)])
        for month, row in zip((2, 3, 9, 11), rows, strict=True)
    ]
    # Planned, never held: in the planned count, not in the table.
    series.create_meeting(g.mysam, at(D(2023, 12, 11)))
    held_meeting(g.trisam, D(2023, 3, 9), [(g.case_officer, PRESENT, None)], minutes=60)
    g.admin = make_user(
        make_person(g.federation, first_name="Ada", last_name="Kansli"),
        role=User.Role.FEDERATION_ADMIN,
    )
    g.coordinator_user = make_user(g.coordinator)
    g.fk_user = make_user(g.fk_member)
    g.case_officer_user = make_user(g.case_officer)
    return g


# --- Attendance ----------------------------------------------------------------------------------


def test_without_a_group_the_report_lists_the_users_groups(year_2023):
    g = year_2023
    response = signed_in(g.fk_user).get(REPORT_URL)

    assert response.status_code == 200
    assert list(response.context["groups"]) == [g.mysam]
    page = response.content.decode()
    assert f"?group={g.mysam.pk}&amp;year=" in page
    assert "Trisam Gävle hälsocentral" not in page


def test_attendance_per_meeting_person_and_party(year_2023):
    g = year_2023
    response = signed_in(g.fk_user).get(REPORT_URL, {"group": g.mysam.pk, "year": 2023})

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.planned, report.held) == (5, 4)
    people = {entry.person: entry for entry in report.people}
    assert (people[g.fk_member].attended, people[g.fk_member].held_while_seated) == (4, 4)
    af = people[g.af_member]
    assert (af.attended, af.held_while_seated, af.substituted, af.absent) == (2, 4, 1, 1)
    # The substitute has no seat but attended once, for AF.
    substitute = people[g.fk_substitute]
    assert (substitute.attended, substitute.held_while_seated, substitute.party) == (1, 0, g.af)
    # The förbund's coordinator sits for no party: present once, not recorded three times.
    coordinator = people[g.coordinator]
    assert (coordinator.attended, coordinator.held_while_seated, coordinator.party) == (1, 4, None)
    coordinator_column = report.people.index(coordinator)
    assert [row.cells[coordinator_column].status for row in report.meetings] == [
        "present",
        "not_recorded",
        "not_recorded",
        "not_recorded",
    ]
    parties = {entry.party: entry for entry in report.parties}
    assert None not in parties
    assert (parties[g.af].represented, parties[g.af].held, parties[g.af].percent) == (3, 4, 75)
    assert parties[g.gavle_party].percent == 100
    march = report.meetings[1]
    assert march.meeting == g.meetings[1]
    assert g.af in march.parties_represented
    page = response.content.decode()
    assert "Ersatt av Sixten Ersättare" in page
    assert "Ersättare för Arne Förmedlare" in page
    assert "Frånvarande" in page
    assert "Under 2023 hölls 4 av gruppens 5 planerade möten" in page


def test_attendance_of_another_year(year_2023):
    g = year_2023
    response = signed_in(g.fk_user).get(REPORT_URL, {"group": g.mysam.pk, "year": 2022})

    assert response.context["report"].held == 0
    assert "Inga möten med registrerad närvaro det året." in response.content.decode()


def test_a_bad_year_is_refused_in_swedish(year_2023):
    g = year_2023
    response = signed_in(g.fk_user).get(REPORT_URL, {"group": g.mysam.pk, "year": "tjugo"})

    assert response.status_code == 200
    assert response.context["report"] is None
    message = "Ange ett år mellan 2000 och 2100, till exempel 2023."
    assert response.context["form"].errors["year"] == [message]
    assert message in response.content.decode()


def test_groups_the_user_may_not_read_are_not_found(year_2023):
    g = year_2023
    officer = signed_in(g.case_officer_user)

    assert officer.get(REPORT_URL, {"group": g.mysam.pk, "year": 2023}).status_code == 404
    assert officer.get(REPORT_URL, {"group": "abc"}).status_code == 404
    assert officer.get(REPORT_URL, {"group": 987654}).status_code == 404
    assert officer.get(REPORT_URL, {"group": g.trisam.pk, "year": 2023}).status_code == 200
    admin = signed_in(g.admin)
    assert admin.get(REPORT_URL, {"group": g.mysam.pk, "year": 2023}).status_code == 200


# --- Time accounts -------------------------------------------------------------------------------


def people_in(response):
    return {(row["person"], row["group"]) for row in response.context["tables"]["people"]}


def test_administrators_see_every_group_with_swedish_decimals(year_2023):
    g = year_2023
    response = signed_in(g.admin).get(ACCOUNTS_URL, {"year": 2023})

    assert response.status_code == 200
    assert response.context["scope"].kind == "all"
    assert people_in(response) >= {
        (g.fk_member, g.mysam),
        (g.af_member, g.mysam),
        (g.fk_substitute, g.mysam),
        (g.case_officer, g.trisam),
    }
    rows = {row["person"]: row for row in response.context["tables"]["people"]}
    assert (rows[g.fk_member]["hours"], rows[g.fk_member]["commitment"]) == ("6,0", "60,0")
    assert rows[g.fk_member]["balance"] == "-54,0"
    assert rows[g.fk_member]["percent"] == 10
    assert rows[g.case_officer]["hours"] == "2,0"
    parties = {row["party"]: row for row in response.context["tables"]["parties"]}
    # FK: its member's 6 h and the case officer's 2 h. AF: its member's two meetings and the
    # substitute who came in the member's place, whoever employs the substitute.
    assert parties[g.fk]["hours"] == "8,0"
    assert parties[g.af]["hours"] == "4,5"
    page = response.content.decode()
    assert "Du ser alla gruppers tid i Samordningsförbund Gävleborg." in page
    assert "6,0" in page and "4,5" in page and "-54,0" in page


def test_a_kind_of_group_narrows_the_accounts(year_2023):
    g = year_2023
    response = signed_in(g.admin).get(ACCOUNTS_URL, {"year": 2023, "kind": "trisam"})

    assert people_in(response) == {(g.case_officer, g.trisam)}
    assert response.context["tables"]["total"]["hours"] == "2,0"


def test_a_convener_sees_their_groups_only(year_2023):
    g = year_2023
    response = signed_in(g.coordinator_user).get(ACCOUNTS_URL, {"year": 2023})

    assert response.context["scope"].kind == "groups"
    assert {group for _person, group in people_in(response)} == {g.mysam}
    assert (g.case_officer, g.trisam) not in people_in(response)
    assert "Du ser tiden i grupperna där du är sammankallande: Mysam Gävle." in (
        response.content.decode()
    )


def test_a_member_sees_only_their_own_time(year_2023):
    g = year_2023
    response = signed_in(g.fk_user).get(ACCOUNTS_URL, {"year": 2023})

    assert response.context["scope"].kind == "own"
    assert people_in(response) == {(g.fk_member, g.mysam)}
    assert response.context["tables"]["parties"] == []
    page = response.content.decode()
    assert "Du ser bara din egen tid." in page
    assert "Arne Förmedlare" not in page and "Hanna Handläggare" not in page
    assert response.context["tables"]["total"]["hours"] == "6,0"


def test_county_board_members_see_everyone(year_2023):
    g = year_2023
    board = Group.objects.get(federation=g.federation, kind=GroupKind.COUNTY_BOARD)
    member = make_person(g.federation, g.gavle_party, first_name="Lis", last_name="Ledning")
    make_membership(member, board, valid_from=SEATED_FROM)

    response = signed_in(make_user(member)).get(ACCOUNTS_URL, {"year": 2023})

    assert response.context["scope"].kind == "all"
    assert (g.case_officer, g.trisam) in people_in(response)


def test_a_user_without_a_person_sees_no_time(year_2023):
    response = signed_in(make_user()).get(ACCOUNTS_URL, {"year": 2023})

    assert response.status_code == 200
    assert response.context["tables"]["people"] == []
    assert "inte kopplad till någon person" in response.content.decode()


@pytest.mark.parametrize(
    "query, field, message",
    [
        ({"year": "1999"}, "year", "Ange ett år mellan 2000 och 2100, till exempel 2023."),
        ({"year": "2023", "kind": "okand"}, "kind", "Välj en av grupptyperna i listan."),
    ],
)
def test_bad_choices_are_refused_in_swedish(year_2023, query, field, message):
    client = signed_in(year_2023.admin)
    response = client.get(ACCOUNTS_URL, query)

    assert response.status_code == 200
    assert response.context["tables"] is None
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    export = client.get(ACCOUNTS_URL, {**query, "format": "csv"})
    assert export.status_code == 400
    assert "Valen innehåller fel" in export.content.decode()


def csv_rows(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_the_csv_export_holds_the_figures_of_the_page(year_2023):
    g = year_2023
    prankster = make_person(g.federation, g.af, first_name="=SUMMA(A1)", last_name="Test")
    make_membership(prankster, g.mysam, valid_from=D(2023, 7, 1))
    client = signed_in(g.admin)
    page = client.get(ACCOUNTS_URL, {"year": 2023})
    export = client.get(ACCOUNTS_URL, {"year": 2023, "format": "csv"})

    assert export.status_code == 200
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="tidsredovisning-2023.csv"' in export["Content-Disposition"]
    rows = csv_rows(export)
    assert rows[0] == [
        "Nivå",
        "Grupp",
        "Part",
        "Person",
        "Närvarotillfällen",
        "Timmar",
        "Åtagande",
        "Saldo",
        "Andel av åtagandet (%)",
    ]
    tables = page.context["tables"]

    def figures(row):
        percent = "" if row["percent"] is None else str(row["percent"])
        return [str(row["meetings"]), row["hours"], row["commitment"], row["balance"], percent]

    expected = [["Part", "", row["party"].name, "", *figures(row)] for row in tables["parties"]]
    expected += [
        [
            "Person",
            row["group"].name,
            row["party"].name if row["party"] else "",
            "'" + row["person"].full_name
            if row["person"] == prankster
            else row["person"].full_name,
            *figures(row),
        ]
        for row in tables["people"]
    ]
    expected.append(["Totalt", "", "", "", *figures(tables["total"])])
    assert rows[1:] == expected
    fk_row = next(row for row in rows if row[3] == "Frida Kassa")
    assert fk_row[4:] == ["4", "6,0", "60,0", "-54,0", "10"]
    # Half a year's seat: 184 of 365 days of 60 hours.
    prankster_row = next(row for row in rows if row[3].startswith("'="))
    assert prankster_row[6] == "30,2"


def test_a_members_export_holds_only_their_own_row(year_2023):
    g = year_2023
    export = signed_in(g.fk_user).get(ACCOUNTS_URL, {"year": 2023, "format": "csv"})

    rows = csv_rows(export)
    assert [row[3] for row in rows[1:]] == ["Frida Kassa", ""]
    assert rows[-1][0] == "Totalt"


def test_an_ended_convening_seat_gives_no_view_of_the_group(year_2023):
    g = year_2023
    make_membership(
        g.case_officer,
        g.mysam,
        role=Membership.Role.CONVENER,
        party=None,
        valid_from=SEATED_FROM,
        valid_to=D(2022, 12, 31),
    )

    response = signed_in(g.case_officer_user).get(ACCOUNTS_URL, {"year": 2023})

    assert response.context["scope"].kind == "own"
    assert people_in(response) == {(g.case_officer, g.trisam)}
