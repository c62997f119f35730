"""The targets of the förbund's goals beside the follow-up's figures.

A goal of an intervention (`funding.Goal`) that names a follow-up measure and a target value
is shown on that measure's panel for any period its intervention runs in: one query for every
measure of a dashboard.
"""

import dataclasses
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from samverkan.funding import exports
from samverkan.funding.models import Goal

PARTS = ("women", "men", "other", "total")


@dataclasses.dataclass
class Target:
    goal: Goal

    @property
    def heading(self):
        return _("Mål, %(intervention)s") % {"intervention": self.goal.intervention.name}

    def cells(self):
        """The target for women, men, other and total: whole-percent cells for a share, numbers
        for a count, None where the goal sets none."""
        values = []
        for part in PARTS:
            value = getattr(self.goal, f"target_{part}")
            if value is None or (part != "total" and not self.goal.by_gender):
                values.append(None)
            elif self.goal.unit == Goal.Unit.SHARE:
                values.append(exports.Percent(Fraction(value) / 100))
            else:
                values.append(int(value) if value == int(value) else value)
        return values


def targets(federation, period):
    """{measure key: [Target]} of the goals with a target whose intervention runs in `period`."""
    goals = (
        Goal.objects.filter(intervention__federation=federation)
        .exclude(measure="")
        .filter(intervention__starts_on__lte=period.end)
        .exclude(intervention__ends_on__lt=period.start)
        .select_related("intervention")
        .order_by("intervention__starts_on", "intervention__name", "order", "pk")
    )
    found = {}
    for goal in goals:
        target = Target(goal)
        if any(value is not None for value in target.cells()):
            found.setdefault(goal.measure, []).append(target)
    return found
