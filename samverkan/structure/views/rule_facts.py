"""Rule values as readable facts, for a single rule (decision page) or merged rules (group page)."""

import dataclasses

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samverkan.structure.models import GroupRule, StandingItem, TimeBudget
from samverkan.structure.rules import COLLECTION_FIELDS, EMPTY_VALUES, SCALAR_FIELDS

RESPONSIBLE_FIELDS = ("convener", "chair", "minute_taker")
COLLECTION_LABELS = {
    "standing_items": StandingItem._meta.verbose_name_plural,
    "time_budgets": TimeBudget._meta.verbose_name_plural,
    "required_parties": GroupRule._meta.get_field("required_parties").verbose_name,
}


@dataclasses.dataclass
class RuleFact:
    name: str
    label: str
    text: str = ""
    items: list = dataclasses.field(default_factory=list)
    is_set: bool = True
    source: GroupRule | None = None  # the rule whose decision set the value


def rule_facts(value_of, source_of=None):
    """Every rule field as a fact: `value_of(name)` gives the value, `source_of(name)` its rule."""
    facts = []
    for name in SCALAR_FIELDS:
        label = capfirst(GroupRule._meta.get_field(name).verbose_name)
        value = value_of(name)
        fact = RuleFact(name=name, label=label, is_set=value not in EMPTY_VALUES)
        if fact.is_set:
            fact.text = _scalar_text(name, value)
        facts.append(fact)
    for name in COLLECTION_FIELDS:
        items = list(value_of(name) or [])
        fact = RuleFact(name=name, label=capfirst(COLLECTION_LABELS[name]), is_set=bool(items))
        fact.items = [_item_text(name, item) for item in items]
        facts.append(fact)
    if source_of is not None:
        for fact in facts:
            fact.source = source_of(fact.name)
    return facts


def facts_of_rule(rule):
    """All values one rule sets (its collections must be prefetched)."""

    def value_of(name):
        value = getattr(rule, name)
        return list(value.all()) if name in COLLECTION_FIELDS else value

    return rule_facts(value_of)


def facts_of_ruleset(ruleset):
    """The values in force, each with the rule (and so the decision) it came from."""
    return rule_facts(lambda name: getattr(ruleset, name), ruleset.source_of)


def _scalar_text(name, value):
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if name in RESPONSIBLE_FIELDS:
        return str(GroupRule.Responsible(value).label)
    if name == "meeting_minutes":
        return ngettext("%(count)d minut", "%(count)d minuter", value) % {"count": value}
    if name == "pre_read_working_days":
        return ngettext("%(count)d arbetsdag", "%(count)d arbetsdagar", value) % {"count": value}
    if name == "preparation_factor":
        return number_format(value.normalize())
    return str(value)


def _item_text(name, item):
    if name == "standing_items":
        return f"{item.title} ({item.get_kind_display()})"
    if name == "time_budgets":
        hours = ngettext(
            "%(count)d timme per år", "%(count)d timmar per år", item.hours_per_year
        ) % {"count": item.hours_per_year}
        return f"{capfirst(item.get_representative_kind_display())}: {hours}"
    return item.name
