"""Participants of individual-oriented interventions, counted from Trisam cases by gender.

Counts only, never who: the förbund's staff may not see individuals (Finsam 7 §). A case counts
in the year it was raised, within the intervention's period; cases registered in error do not
count. Anonymous cases (no consent, protected identity) count like any other.
"""

from django.db.models import Count, Q

from samverkan.cases.models import Case, Gender


def participants_by_gender(intervention, year, *, municipality_ids=None):
    """{"women", "men", "other", "total"} for `year`, or None if the intervention counts none."""
    if not intervention.counts_cases:
        return None
    cases = Case.objects.filter(
        team__federation=intervention.federation,
        raised_on__year=year,
        raised_on__gte=intervention.starts_on,
        raised_on__lte=intervention.ends_on,
    ).exclude(closure_reason=Case.ClosureReason.REGISTERED_IN_ERROR)
    if municipality_ids is not None:
        cases = cases.filter(team__municipality__in=municipality_ids)
    counts = cases.aggregate(
        women=Count("pk", filter=Q(gender=Gender.WOMAN)),
        men=Count("pk", filter=Q(gender=Gender.MAN)),
        other=Count("pk", filter=Q(gender=Gender.OTHER)),
        total=Count("pk"),
    )
    return counts
