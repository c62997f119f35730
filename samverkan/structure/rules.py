"""The rules in force for a kind of group on a given day.

Decisions build on each other: a later decision overrides what it states and leaves the rest as
earlier decisions set it. The 2022 reorganisation, for instance, sets four 90-minute Mysam
meetings a year but says nothing about standing agenda items, so the 2016 items still apply.
Each value keeps the rule it came from, so every figure can be traced to its decision.
"""

import dataclasses
import datetime

from django.db.models import Q

from samverkan.structure.models import GroupRule

# Who convenes, chairs and writes the minutes, and the party named for it, are one statement: a
# rule that says any of it replaces all of it, so "the group chooses" cannot keep an earlier
# rule's named party.
RESPONSIBILITY_FIELDS = ("convener", "chair", "minute_taker", "responsible_party")
# Scalar rule fields, merged field by field: the latest rule that sets a value wins.
SCALAR_FIELDS = (
    "meetings_per_year",
    "meeting_minutes",
    *RESPONSIBILITY_FIELDS,
    "information_items_allowed",
    "pre_reads_required",
    "pre_read_working_days",
    "steering_group_for_funded_work",
    "federation_invited_as_guest",
    "federation_news_slot",
    "preparation_factor",
    "requires_own_municipality",
)
# Related collections, replaced as a whole by the latest rule that has any.
COLLECTION_FIELDS = ("standing_items", "time_budgets", "required_parties")
EMPTY_VALUES = (None, "")


@dataclasses.dataclass
class RuleSet:
    """The merged rules for one group kind on one day, with where each value came from."""

    group_kind: str
    day: datetime.date
    values: dict = dataclasses.field(default_factory=dict)
    sources: dict = dataclasses.field(default_factory=dict)
    rules: list = dataclasses.field(default_factory=list)

    def __getattr__(self, name):
        if name in SCALAR_FIELDS:
            return self.values.get(name)
        if name in COLLECTION_FIELDS:
            return self.values.get(name, [])
        raise AttributeError(name)

    def source_of(self, name):
        """The rule whose decision set this value, or None if no decision did."""
        return self.sources.get(name)

    @property
    def is_empty(self):
        return not self.rules

    @property
    def time_budget_hours(self):
        """Hours per year by representative kind, e.g. {"state": 60, "municipal": 6}."""
        return {budget.representative_kind: budget.hours_per_year for budget in self.time_budgets}

    @property
    def decisions(self):
        """The decisions behind these rules, latest first."""
        seen = {}
        for rule in reversed(self.rules):
            seen.setdefault(rule.decision_id, rule.decision)
        return list(seen.values())


def precedence(rule):
    """Sort key, weakest first: a later decision beats an earlier one whatever its rules' dates;
    within one decision, the rule that starts later is the more specific one."""
    return (rule.decision.effective_from, rule.decision_id, rule.starts, rule.pk)


def rules_in_force(federation, group_kind, day):
    """Merge every rule for `group_kind` in force on `day` into one `RuleSet`."""
    candidates = (
        GroupRule.objects.filter(decision__federation=federation, group_kind=group_kind)
        .filter(
            Q(valid_from__lte=day) | Q(valid_from__isnull=True, decision__effective_from__lte=day)
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .filter(Q(decision__effective_until__isnull=True) | Q(decision__effective_until__gte=day))
        .select_related("decision", "responsible_party")
        .prefetch_related("standing_items", "time_budgets", "required_parties")
    )
    # Weakest first, so stronger rules overwrite weaker ones as they are applied.
    ordered = sorted(candidates, key=precedence)
    ruleset = RuleSet(group_kind=group_kind, day=day, rules=ordered)
    for rule in ordered:
        states_responsibility = any(
            getattr(rule, name) not in EMPTY_VALUES for name in RESPONSIBILITY_FIELDS
        )
        for name in SCALAR_FIELDS:
            value = getattr(rule, name)
            if value not in EMPTY_VALUES or (
                states_responsibility and name in RESPONSIBILITY_FIELDS
            ):
                ruleset.values[name] = value if value not in EMPTY_VALUES else None
                ruleset.sources[name] = rule
        for name in COLLECTION_FIELDS:
            items = list(getattr(rule, name).all())
            if items:
                ruleset.values[name] = items
                ruleset.sources[name] = rule
    return ruleset
