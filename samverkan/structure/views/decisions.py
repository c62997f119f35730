"""Structure decisions and the rules they set: history, one decision, and their forms."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.editing import posted, save_form_or_render
from samverkan.structure import policy
from samverkan.structure.forms import (
    DecisionForm,
    GroupRuleForm,
    StandingItemFormSet,
    TimeBudgetFormSet,
)
from samverkan.structure.models import Decision, GroupKind, GroupRule
from samverkan.structure.rules import precedence
from samverkan.structure.views.common import (
    FORM_TEMPLATE,
    decision_for,
    decision_to_change,
    federation_for,
    federation_to_add_to,
    rule_to_change,
)
from samverkan.structure.views.rule_facts import facts_of_rule


def decisions(request):
    federation, chooser = federation_for(request, _("Beslut"))
    if chooser:
        return chooser
    day = timezone.localdate()
    found = list(Decision.objects.filter(federation=federation).prefetch_related("rules"))
    for decision in found:
        decision.is_in_force = decision.effective_from <= day and (
            decision.effective_until is None or decision.effective_until >= day
        )
        decision.is_upcoming = decision.effective_from > day
        kinds = {rule.group_kind for rule in decision.rules.all()}
        decision.kind_labels = [label for kind, label in GroupKind.choices if kind in kinds]
    in_force_by_kind = [
        (label, _decisions_in_force(found, kind, day)) for kind, label in GroupKind.choices
    ]
    context = {
        "federation": federation,
        "decisions": found,
        "in_force_by_kind": in_force_by_kind,
        "today": day,
        "can_edit": policy.can_edit_structure(request.user, federation),
    }
    return render(request, "structure/decision_list.html", context)


def _decisions_in_force(decisions, kind, day):
    """The decisions whose rules for `kind` apply on `day`, latest first (as rules_in_force)."""
    rules = [
        rule
        for decision in decisions
        for rule in decision.rules.all()
        if rule.group_kind == kind and rule.is_in_force_on(day)
    ]
    rules.sort(key=precedence, reverse=True)
    latest_first = []
    for rule in rules:
        if rule.decision not in latest_first:
            latest_first.append(rule.decision)
    return latest_first


def decision(request, pk):
    decision = decision_for(request, pk)
    rules = list(
        decision.rules.select_related("responsible_party").prefetch_related(
            "standing_items", "time_budgets", "required_parties"
        )
    )
    for rule in rules:
        rule.facts = facts_of_rule(rule)
    context = {
        "decision": decision,
        "rules": rules,
        "can_edit": policy.can_edit_structure(request.user, decision.federation),
    }
    return render(request, "structure/decision_detail.html", context)


def decision_create(request):
    title = _("Nytt strukturbeslut")
    federation, chooser = federation_to_add_to(request, title)
    if chooser:
        return chooser
    form = DecisionForm(posted(request), federation=federation)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Beslutet %(object)s har lagts till."),
        context={"title": title, "cancel_url": reverse("structure:decisions")},
    )


def decision_edit(request, pk):
    decision = decision_to_change(request, pk)
    form = DecisionForm(posted(request), instance=decision, federation=decision.federation)
    return save_form_or_render(
        request,
        form,
        template=FORM_TEMPLATE,
        success_message=_("Beslutet %(object)s har sparats."),
        context={
            "title": _("Ändra beslutet %(title)s") % {"title": decision.title},
            "cancel_url": decision.get_absolute_url(),
        },
    )


def rule_create(request, pk):
    decision = decision_to_change(request, pk)
    rule = GroupRule(decision=decision)
    return _rule_form(request, rule, title=_("Ny regel i %(title)s") % {"title": decision.title})


def rule_edit(request, pk):
    rule = rule_to_change(request, pk)
    title = _("Ändra regeln för %(kind)s i %(title)s") % {
        "kind": rule.get_group_kind_display(),
        "title": rule.decision.title,
    }
    return _rule_form(request, rule, title=title)


def _rule_form(request, rule, *, title):
    """The rule form with its standing items and time budgets, saved together."""
    decision = rule.decision
    data = posted(request)
    form = GroupRuleForm(data, instance=rule, federation=decision.federation)
    standing_items = StandingItemFormSet(data, instance=rule, prefix="standing_items")
    standing_items.legend = _("Stående punkter på dagordningen")
    time_budgets = TimeBudgetFormSet(data, instance=rule, prefix="time_budgets")
    time_budgets.legend = _("Tidsåtaganden per år")
    return save_form_or_render(
        request,
        form,
        formsets=[standing_items, time_budgets],
        template=FORM_TEMPLATE,
        success_message=_("Regeln %(object)s har sparats."),
        success_url=decision.get_absolute_url(),
        context={"title": title, "cancel_url": decision.get_absolute_url()},
    )
