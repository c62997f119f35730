"""Load a förbund's reference funding (interventions, goals, granted tables) from a YAML file.

`data/gavleborg.yaml` shows the format. Idempotent and all or nothing, like the structure
loader whose line-aware reading it shares: an intervention is found by its code, a goal by its
place in the list, a decision by its intervention and title. Decisions are never changed: when
the file's table for a decision differs from the one loaded, a new decision supersedes it.
"""

import re
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.funding import measures
from samverkan.funding.models import (
    FundingDecision,
    Goal,
    Grant,
    Intervention,
    ParticipantPlan,
    StatedTotal,
)
from samverkan.structure.loader import (
    CREATED,
    UNCHANGED,
    UPDATED,
    LoadSummary,
    StructureFileError,
    _Loader,
    _Mapping,
    _scalar_text,
    _Source,
)
from samverkan.structure.models import Federation

TOP_KEYS = ("federation", "interventions", "decisions")
INTERVENTION_KEYS = (
    "code",
    "name",
    "orientation",
    "starts_on",
    "ends_on",
    "purpose",
    "target_group",
    "steered_by_mysam",
    "compensation",
    "compensation_note",
    "counts_cases",
    "source",
    "planned_participants",
    "goals",
)
GOAL_VALUE_KEYS = tuple(
    f"{prefix}_{part}"
    for prefix in ("baseline", "target")
    for part in ("women", "men", "other", "total")
)
GOAL_KEYS = ("aim", "indicator", "direction", "unit", "by_gender", "measure", *GOAL_VALUE_KEYS)
DECISION_KEYS = (
    "intervention",
    "title",
    "outcome",
    "decided_on",
    "reference",
    "decided_by",
    "source",
    "grants",
    "stated_totals",
)
# Kronor as written in documents: digits, optionally grouped by spaces ("1 103 306").
KRONOR_PATTERN = re.compile(r"[0-9]{1,3}(?:[ \u00a0][0-9]{3})*|[0-9]+")
YEAR_PATTERN = re.compile(r"[0-9]{4}")
SUMMARY_MODELS = (Intervention, Goal, ParticipantPlan, FundingDecision, Grant, StatedTotal)


def load_funding_file(path):
    """Load the funding described in the YAML file at `path` in one transaction.

    Returns a summary; raises `StructureFileError` and changes nothing on bad input.
    """
    path = Path(path)
    source = _Source(path.name)
    document = source.compose(path)
    with transaction.atomic():
        return _FundingLoader(source, document).load()


class _FundingLoader(_Loader):
    def __init__(self, source, document):
        self.source = source
        self.document = document
        self.summary = LoadSummary(file_name=source.file_name, models=SUMMARY_MODELS)
        self.seen = {}

    def load(self):
        top = _Mapping(self.source, self.document, TOP_KEYS, required=("federation",))
        slug = top.scalar("federation")
        federation = Federation.objects.filter(slug=slug).first()
        if federation is None:
            raise self.source.error(
                top.node_of("federation"),
                _('förbundet "%(slug)s" finns inte; läs in strukturen först') % {"slug": slug},
            )
        self.parties = {party.code: party for party in federation.parties.all()}
        self.interventions = {
            intervention.code: intervention for intervention in federation.interventions.all()
        }
        for node in top.sequence("interventions"):
            self._intervention(federation, node)
        for node in top.sequence("decisions"):
            self._decision(federation, node)
        return self.summary

    def _intervention(self, federation, node):
        mapping = _Mapping(
            self.source,
            node,
            INTERVENTION_KEYS,
            required=("code", "name", "orientation", "starts_on", "ends_on"),
        )
        code = mapping.scalar("code")
        self._once(
            mapping, ("intervention", code), _('insatsen "%(key)s" finns redan på rad %(line)d')
        )
        values = {
            "name": mapping.text("name"),
            "orientation": mapping.choice(
                "orientation", Intervention._meta.get_field("orientation").choices
            ),
            "starts_on": mapping.date("starts_on"),
            "ends_on": mapping.date("ends_on"),
            "purpose": mapping.text("purpose"),
            "target_group": mapping.text("target_group"),
            "steered_by_mysam": bool(mapping.boolean("steered_by_mysam")),
            "compensation": mapping.choice("compensation", Intervention.Compensation.choices)
            or Intervention.Compensation.AMOUNT,
            "compensation_note": mapping.text("compensation_note"),
            "counts_cases": bool(mapping.boolean("counts_cases")),
            "source": mapping.text("source"),
        }
        intervention = self._save(
            mapping, Intervention, {"federation": federation, "code": code}, values
        )
        self.interventions[code] = intervention
        for order, goal_node in enumerate(mapping.sequence("goals"), start=1):
            self._goal(intervention, order, goal_node)
        if mapping.has("planned_participants"):
            plans = mapping.values["planned_participants"]
            for year, count, _node in self._by_year(plans, "planned_participants"):
                self._save(
                    mapping,
                    ParticipantPlan,
                    {"intervention": intervention, "year": year},
                    {"planned": count},
                )

    def _goal(self, intervention, order, node):
        mapping = _Mapping(self.source, node, GOAL_KEYS, required=("aim", "indicator", "direction"))
        by_gender = mapping.boolean("by_gender")
        values = {
            "aim": mapping.text("aim"),
            "indicator": mapping.text("indicator"),
            "direction": mapping.choice("direction", Goal.Direction.choices),
            "unit": mapping.choice("unit", Goal.Unit.choices) or Goal.Unit.SHARE,
            "by_gender": True if by_gender is None else by_gender,
            # A key of the follow-up's measures, checked when the follow-up has registered them.
            "measure": mapping.choice("measure", measures.choices())
            if measures.MEASURES
            else mapping.text("measure"),
        }
        for key in GOAL_VALUE_KEYS:
            values[key] = mapping.decimal(key)
        self._save(mapping, Goal, {"intervention": intervention, "order": order}, values)

    def _decision(self, federation, node):
        mapping = _Mapping(
            self.source,
            node,
            DECISION_KEYS,
            required=("intervention", "title", "outcome", "grants"),
        )
        intervention = self._reference(
            mapping,
            "intervention",
            self.interventions,
            _('okänd insats "%(value)s" i %(key)s'),
        )
        title = mapping.text("title")
        self._once(
            mapping,
            ("decision", intervention.code, title),
            _('beslutet "%(key)s" finns redan på rad %(line)d'),
        )
        rows = []
        seen_parties = {}
        for position, row_node in enumerate(mapping.sequence("grants"), start=1):
            row = self._grant_row(row_node)
            party, amounts = row
            if party.code in seen_parties:
                raise self.source.error(
                    row_node,
                    _("parten %(party)s finns redan på rad %(line)d")
                    % {"party": party.code, "line": seen_parties[party.code]},
                )
            seen_parties[party.code] = row_node.start_mark.line + 1
            for year, amount, year_node in amounts:
                if year not in intervention.years:
                    raise self.source.error(
                        year_node,
                        _("%(year)s ligger utanför insatsens period (%(first)s–%(last)s)")
                        % {
                            "year": year,
                            "first": intervention.starts_on.year,
                            "last": intervention.ends_on.year,
                        },
                    )
                rows.append((position, party, year, amount))
        stated = []
        if mapping.has("stated_totals"):
            stated = [
                (year, amount)
                for year, amount, _node in self._by_year(
                    mapping.values["stated_totals"], "stated_totals"
                )
            ]
        values = {
            "outcome": mapping.choice("outcome", FundingDecision.Outcome.choices),
            "decided_on": mapping.date("decided_on"),
            "reference": mapping.text("reference"),
            "decided_by": mapping.text("decided_by"),
            "source": mapping.text("source"),
        }
        current = (
            FundingDecision.objects.filter(
                federation=federation,
                intervention=intervention,
                title=title,
                superseded_by__isnull=True,
            )
            .prefetch_related("grants", "stated_totals")
            .first()
        )
        wanted_grants = {
            (party.pk, year, amount, position) for position, party, year, amount in rows
        }
        if current is not None:
            have_grants = {
                (grant.party_id, grant.year, grant.amount, grant.row)
                for grant in current.grants.all()
            }
            have_stated = {(total.year, total.amount) for total in current.stated_totals.all()}
            same = all(getattr(current, name) == value for name, value in values.items())
            if same and have_grants == wanted_grants and have_stated == set(stated):
                for model in (FundingDecision, Grant, StatedTotal):
                    self.summary.add(model, UNCHANGED)
                return
        decision = FundingDecision(
            federation=federation,
            intervention=intervention,
            title=title,
            supersedes=current,
            **values,
        )
        self._validate(mapping, decision)
        decision.save()
        self.summary.add(FundingDecision, UPDATED if current else CREATED)
        Grant.objects.bulk_create(
            Grant(
                decision=decision,
                intervention=intervention,
                party=party,
                year=year,
                amount=amount,
                row=position,
            )
            for position, party, year, amount in rows
        )
        StatedTotal.objects.bulk_create(
            StatedTotal(decision=decision, year=year, amount=amount) for year, amount in stated
        )
        for _row in rows:
            self.summary.add(Grant, CREATED)
        for _total in stated:
            self.summary.add(StatedTotal, CREATED)

    def _grant_row(self, node):
        """(party, [(year, amount, node)]) from `{party: fk, 2022: 1 103 306, …}`."""
        if not isinstance(node, yaml.MappingNode):
            raise self.source.error(node, _("här väntades nycklar med värden (nyckel: värde)"))
        party = None
        amounts = []
        for key_node, value_node in node.value:
            key = _scalar_text(self.source, key_node, "grants")
            if key == "party":
                code = _scalar_text(self.source, value_node, "party")
                if code not in self.parties:
                    raise self.source.error(
                        value_node, _('okänd part "%(value)s" i party') % {"value": code}
                    )
                party = self.parties[code]
            elif YEAR_PATTERN.fullmatch(key):
                amounts.append((int(key), self._kronor(value_node, key), value_node))
            else:
                raise self.source.error(
                    key_node,
                    _('okänd nyckel "%(key)s"; här väntades party och årtal, t.ex. 2022')
                    % {"key": key},
                )
        if party is None:
            raise self.source.error(node, _('nyckeln "party" saknas'))
        return party, amounts

    def _by_year(self, node, key):
        if not isinstance(node, yaml.MappingNode):
            raise self.source.error(
                node, _("%(key)s ska ange ett värde per år, t.ex. {2022: 800}") % {"key": key}
            )
        for key_node, value_node in node.value:
            year = _scalar_text(self.source, key_node, key)
            if not YEAR_PATTERN.fullmatch(year):
                raise self.source.error(
                    key_node,
                    _('"%(value)s" i %(key)s är inget årtal') % {"value": year, "key": key},
                )
            yield int(year), self._kronor(value_node, year), value_node

    def _kronor(self, node, key):
        value = _scalar_text(self.source, node, key)
        if not KRONOR_PATTERN.fullmatch(value):
            raise self.source.error(
                node,
                _(
                    'ogiltigt belopp "%(value)s" för %(key)s; '
                    "här väntades hela kronor, t.ex. 1 103 306"
                )
                % {"value": value, "key": key},
            )
        return int(value.replace(" ", "").replace("\u00a0", ""))


__all__ = ["StructureFileError", "load_funding_file"]
