"""Loading a förbund's reference structure from YAML, as an operator does with load_structure."""

import datetime
import decimal
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samverkan.core.models import User
from samverkan.structure.models import (
    Decision,
    Federation,
    Group,
    GroupRule,
    Municipality,
    Party,
    StandingItem,
    SubRegion,
    TimeBudget,
)
from samverkan.structure.rules import rules_in_force

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "gavleborg.yaml"
STRUCTURE_MODELS = (
    Federation,
    SubRegion,
    Municipality,
    Party,
    Group,
    Decision,
    GroupRule,
    StandingItem,
    TimeBudget,
)
DECISION_2016 = "Strukturen för Mysam i Gävleborgs län"
DECISION_2022 = "Organisationsförändring Mysam och Trisam-styrgrupp 2022"
STANDING_ITEMS_2016 = [
    "Erfarenheter från Trisam",
    "Erfarenheter från genomförda SIP:ar",
    "Arbetsintegrerande sociala företag (ASF)",
    "Lokal överenskommelse (LÖK)",
    "Förbundets nyheter",
]
# A table row of the summary: kind, then created, updated and unchanged counts.
SUMMARY_ROW = re.compile(r"^  (\S.*?)\s+(\d+)\s+(\d+)\s+(\d+)$", re.MULTILINE)


def load(*paths):
    out = io.StringIO()
    call_command("load_structure", *(str(path) for path in paths), stdout=out)
    return out.getvalue()


def gavleborg():
    return Federation.objects.get(slug="gavleborg")


def dump():
    """Every stored value of the structure, to compare before and after a load."""
    values = {
        model.__name__: list(model.objects.order_by("pk").values()) for model in STRUCTURE_MODELS
    }
    through = GroupRule.required_parties.through
    values["required_parties"] = list(through.objects.order_by("pk").values())
    return values


def summary_rows(output):
    return {kind: tuple(map(int, counts)) for kind, *counts in SUMMARY_ROW.findall(output)}


@pytest.mark.django_db
def test_the_reference_file_loads_the_gavleborg_structure():
    output = load(REFERENCE)

    federation = gavleborg()
    assert Federation.objects.count() == 1
    assert federation.name == "Samordningsförbund Gävleborg"
    assert federation.county == "Gävleborgs län"
    assert federation.founded_on == datetime.date(2014, 12, 1)
    assert {m.name: m.code for m in federation.municipalities.all()} == {
        "Gävle": "2180",
        "Sandviken": "2181",
        "Hofors": "2104",
        "Ockelbo": "2101",
        "Bollnäs": "2183",
        "Ovanåker": "2121",
        "Söderhamn": "2182",
        "Ljusdal": "2161",
        "Hudiksvall": "2184",
        "Nordanstig": "2132",
    }
    assert [
        (region.name, sorted(m.name for m in region.municipalities.all()))
        for region in federation.sub_regions.all()
    ] == [
        ("Gävle", ["Gävle"]),
        ("Västra Gästrikland", ["Hofors", "Ockelbo", "Sandviken"]),
        ("Södra Hälsingland", ["Bollnäs", "Ovanåker", "Söderhamn"]),
        ("Norra Hälsingland", ["Hudiksvall", "Ljusdal", "Nordanstig"]),
    ]
    parties = list(federation.parties.all())
    assert len(parties) == 13
    assert [(p.code, p.kind) for p in parties[:3]] == [
        ("fk", "state_agency"),
        ("af", "state_agency"),
        ("region", "region"),
    ]
    municipal = parties[3:]
    assert [p.code for p in municipal] == [
        "bollnas-kommun",
        "gavle-kommun",
        "hofors-kommun",
        "hudiksvalls-kommun",
        "ljusdals-kommun",
        "nordanstigs-kommun",
        "ockelbo-kommun",
        "ovanakers-kommun",
        "sandvikens-kommun",
        "soderhamns-kommun",
    ]
    assert all(p.kind == "municipality" and p.name.endswith(" kommun") for p in municipal)
    assert Party.objects.get(code="gavle-kommun").municipality.code == "2180"
    assert set(federation.groups.values_list("kind", "name")) == {
        ("federation_board", "Förbundsstyrelsen"),
        ("county_board", "Länsledning Välfärd"),
    }
    assert list(
        federation.decisions.order_by("effective_from").values_list("title", flat=True)
    ) == [
        DECISION_2016,
        DECISION_2022,
    ]
    decision_2022 = Decision.objects.get(title=DECISION_2022)
    assert decision_2022.decided_on is None
    assert decision_2022.follow_up_by == datetime.date(2023, 6, 30)
    assert "Inläst" in output
    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_rules_in_force_follow_the_decisions_from_2016_to_2022():
    load(REFERENCE)
    federation = gavleborg()

    def mysam(day):
        return rules_in_force(federation, "mysam", day)

    assert mysam(datetime.date(2016, 5, 22)).is_empty

    early = mysam(datetime.date(2016, 6, 1))
    assert early.meetings_per_year == 4
    assert (early.convener, early.chair, early.minute_taker) == ("party", "party", "party")
    assert early.responsible_party.code == "fk"
    assert early.meeting_minutes is None
    assert early.information_items_allowed is None
    assert early.federation_invited_as_guest and early.federation_news_slot
    assert early.requires_own_municipality is True
    assert [party.code for party in early.required_parties] == ["fk", "af", "region"]
    assert [item.title for item in early.standing_items] == STANDING_ITEMS_2016
    assert [item.kind for item in early.standing_items] == [
        "experiences",
        "experiences",
        "dialogue",
        "dialogue",
        "federation_news",
    ]
    assert early.time_budget_hours == {"state": 120, "municipal": 12}
    assert early.source_of("convener").decision.title == DECISION_2016
    assert early.source_of("time_budgets").decision.title == DECISION_2022

    assert mysam(datetime.date(2017, 6, 30)).responsible_party.code == "fk"
    chosen = mysam(datetime.date(2018, 1, 1))
    assert chosen.convener == chosen.chair == chosen.minute_taker == "group_chooses"
    assert chosen.responsible_party is None
    assert chosen.meetings_per_year == 4
    assert mysam(datetime.date(2021, 12, 31)).time_budget_hours == {"state": 120, "municipal": 12}

    reorganised = mysam(datetime.date(2022, 3, 1))
    assert reorganised.meetings_per_year == 4
    assert reorganised.meeting_minutes == 90
    assert reorganised.convener == reorganised.chair == reorganised.minute_taker == "coordinator"
    assert reorganised.information_items_allowed is False
    assert reorganised.pre_reads_required is True
    assert reorganised.steering_group_for_funded_work is True
    assert reorganised.federation_invited_as_guest is True
    assert [item.title for item in reorganised.standing_items] == STANDING_ITEMS_2016
    assert reorganised.source_of("standing_items").decision.title == DECISION_2016
    assert reorganised.time_budget_hours == {"state": 60, "municipal": 6}
    assert reorganised.source_of("meeting_minutes").decision.title == DECISION_2022

    trisam_2021 = rules_in_force(federation, "trisam", datetime.date(2021, 12, 31))
    assert trisam_2021.convener == "rehab_coordinator"
    assert [party.code for party in trisam_2021.required_parties] == ["fk", "af", "region"]
    assert trisam_2021.requires_own_municipality is True
    assert trisam_2021.preparation_factor is None
    trisam_2022 = rules_in_force(federation, "trisam", datetime.date(2022, 1, 1))
    assert trisam_2022.preparation_factor == decimal.Decimal(2)
    assert trisam_2022.convener == "rehab_coordinator"


@pytest.mark.django_db
def test_a_second_load_changes_nothing_and_says_so():
    load(REFERENCE)
    before = dump()

    output = load(REFERENCE)

    assert dump() == before
    rows = summary_rows(output)
    assert len(rows) == len(STRUCTURE_MODELS)
    assert all(
        created == updated == 0 and unchanged > 0 for created, updated, unchanged in rows.values()
    )
    assert rows["parter"] == (0, 0, 13)
    assert "Inga ändringar" in output


@pytest.mark.django_db
def test_an_edited_file_updates_only_what_was_edited(tmp_path):
    load(REFERENCE)
    text = REFERENCE.read_text(encoding="utf-8")
    edited = text.replace("två gånger per år (vår och höst)", "en gång per år")
    # The 2016 Trisam rule, the last place the three agencies are listed, no longer requires AF.
    agencies = "required_parties: [fk, af, region]"
    at = edited.rindex(agencies)
    edited = edited[:at] + "required_parties: [fk, region]" + edited[at + len(agencies) :]
    path = tmp_path / "gavleborg.yaml"
    path.write_text(edited, encoding="utf-8")

    rows = summary_rows(load(path))

    assert rows["strukturbeslut"] == (0, 1, 1)
    assert rows["regler"] == (0, 1, 6)
    assert rows["parter"] == (0, 0, 13)
    decision = Decision.objects.get(title=DECISION_2016)
    assert decision.review_rhythm.startswith("Avstämning i Länsledning Välfärd en gång per år")
    assert decision.version == 2
    trisam = rules_in_force(gavleborg(), "trisam", datetime.date(2020, 1, 1))
    assert [party.code for party in trisam.required_parties] == ["fk", "region"]


@pytest.mark.django_db
def test_rows_the_file_no_longer_has_are_kept_and_reported(tmp_path):
    load(REFERENCE)
    text = REFERENCE.read_text(encoding="utf-8")
    path = tmp_path / "gavleborg.yaml"
    path.write_text(
        text.replace("          - {title: Lokal överenskommelse (LÖK), kind: dialogue}\n", "")
    )

    output = load(path)

    assert (
        'Den stående punkten "Lokal överenskommelse (LÖK)" (Strukturen för Mysam i Gävleborgs '
        "län: Mysam) finns i databasen men inte i filen och lämnades orörd." in output
    )
    assert StandingItem.objects.filter(title="Lokal överenskommelse (LÖK)").exists()
    assert summary_rows(output)["stående punkter"] == (0, 1, 3)


def with_error_on_last(text, line, replacement):
    """`text` with the last line equal to `line` replaced; and that line's number."""
    lines = text.splitlines()
    index = max(i for i, candidate in enumerate(lines) if candidate == line)
    lines[index] = replacement
    return "\n".join(lines) + "\n", index + 1


@pytest.mark.django_db
def test_an_error_late_in_the_file_changes_nothing(tmp_path):
    text, line = with_error_on_last(
        REFERENCE.read_text(encoding="utf-8"),
        "        required_parties: [fk, af, region]",
        "        required_parties: [fk, fkk, region]",
    )
    path = tmp_path / "gavleborg.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError) as error:
        load(path)

    assert str(error.value).startswith(
        f'gavleborg.yaml, rad {line}: okänd part "fkk" i required_parties'
    )
    assert line > 100
    assert all(not model.objects.exists() for model in STRUCTURE_MODELS)


@pytest.mark.django_db
def test_a_failed_reload_keeps_what_was_loaded(tmp_path):
    load(REFERENCE)
    before = dump()
    text = REFERENCE.read_text(encoding="utf-8").replace(
        "name: Samordningsförbund Gävleborg", "name: Nytt namn"
    )
    text, line = with_error_on_last(
        text, "        preparation_factor: 2", "        preparation_factor: två"
    )
    path = tmp_path / "gavleborg.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError, match=f"gavleborg.yaml, rad {line}: ogiltigt värde"):
        load(path)

    assert dump() == before


@pytest.mark.django_db
def test_several_files_load_all_or_nothing(tmp_path):
    bad = tmp_path / "trasig.yaml"
    bad.write_text("federation: {name: Annat förbund, slug: annat}\nparties: [\n", encoding="utf-8")

    with pytest.raises(CommandError, match="trasig.yaml, rad 3: ogiltig YAML-syntax"):
        load(REFERENCE, bad)

    assert not Federation.objects.exists()


# Small files with one mistake each; the marker "# <-" shows the line the error must name.
BASE = """\
federation: {name: Testförbund, slug: test}
sub_regions:
  - name: Norr
municipalities:
  - {code: "2180", name: Gävle, sub_region: Norr}
parties:
  - {code: fk, name: Försäkringskassan, kind: state_agency}
"""
BAD_FILES = {
    "unknown party": (
        BASE
        + """\
decisions:
  - title: Beslut
    effective_from: 2020-01-01
    rules:
      - group_kind: mysam
        required_parties:
          - fk
          - fkk  # <-
""",
        'okänd part "fkk" i required_parties',
    ),
    "bad date": (
        BASE
        + """\
decisions:
  - title: Beslut
    effective_from: 2020-02-30  # <-
""",
        'ogiltigt datum "2020-02-30" i effective_from; skriv datum som ÅÅÅÅ-MM-DD',
    ),
    "unknown key": (
        BASE
        + """\
decisions:
  - title: Beslut
    effective_from: 2020-01-01
    efective_until: 2021-01-01  # <-
""",
        'okänd nyckel "efective_until"',
    ),
    "missing key": (
        BASE
        + """\
decisions:
  - title: Beslut  # <-
    decided_on: 2020-01-01
""",
        'nyckeln "effective_from" saknas',
    ),
    "yaml syntax": (
        BASE
        + """\
  - code: af
    name: Arbetsförmedlingen
     kind: state_agency  # <-
""",
        "ogiltig YAML-syntax: kolon på fel ställe",
    ),
    "invalid party kind": (
        BASE + "  - {code: af, name: Arbetsförmedlingen, kind: state}  # <-\n",
        'ogiltigt värde "state" i kind; tillåtna värden: state_agency, region, municipality',
    ),
    "invalid convener": (
        BASE
        + """\
decisions:
  - title: Beslut
    effective_from: 2020-01-01
    rules:
      - group_kind: mysam
        convener: ordförande  # <-
""",
        'ogiltigt värde "ordförande" i convener',
    ),
    "invalid representative kind": (
        BASE
        + """\
decisions:
  - title: Beslut
    effective_from: 2020-01-01
    rules:
      - group_kind: mysam
        time_budgets:
          state: 60
          county: 5  # <-
""",
        'okänd nyckel "county"',
    ),
    "unknown sub-region": (
        BASE.replace("sub_region: Norr}\n", "sub_region: Söder}  # <-\n"),
        'okänt delområde "Söder" i sub_region',
    ),
    "invalid municipality code": (
        BASE.replace('{code: "2180"', '{code: "218"').replace(
            "sub_region: Norr}\n", "sub_region: Norr}  # <-\n"
        ),
        "code: Kommunkoden ska vara fyra siffror.",
    ),
    "duplicate party code": (
        BASE + "  - {code: fk, name: Försäkringskassan igen, kind: state_agency}  # <-\n",
        'partkoden "fk" finns redan på rad 7',
    ),
    "party must name its municipality": (
        BASE + "  - {code: gavle-kommun, name: Gävle kommun, kind: municipality}  # <-\n",
        "municipality: En kommun som part måste kopplas till sin kommun.",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_input_names_the_file_the_line_and_the_problem(tmp_path, case):
    text, problem = BAD_FILES[case]
    line = next(number for number, content in enumerate(text.splitlines(), 1) if "# <-" in content)
    path = tmp_path / "struktur.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError) as error:
        load(path)

    assert str(error.value).startswith(f"struktur.yaml, rad {line}: {problem}")
    assert all(not model.objects.exists() for model in STRUCTURE_MODELS)


@pytest.mark.django_db
def test_a_missing_file_is_named():
    with pytest.raises(CommandError, match="finns-inte.yaml: filen finns inte"):
        load("finns-inte.yaml")
