"""Money as Swedes read it: "1 103 306 kr", "+2,5 %"."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def kronor(value):
    """Whole kronor grouped by thousands with non-breaking spaces; "–" for none."""
    if value is None or value == "":
        return "–"
    return number_format(int(value), decimal_pos=0, use_l10n=True, force_grouping=True)


@register.filter
def percent(value, places=1):
    """A fraction (0.025) as a percentage with a sign ("+2,5"); "–" for none."""
    if value is None:
        return "–"
    shown = Decimal(value) * 100
    text = number_format(shown, decimal_pos=int(places), use_l10n=True)
    return f"+{text}" if shown > 0 else text
