"""Operations that change the förbund's money, each in one transaction.

Views call these after checking access with `funding.policy`; nothing here checks who asks.
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samverkan.funding.models import (
    Application,
    ApplicationAmount,
    FundingDecision,
    Grant,
    HourlyRate,
    Intervention,
    Spending,
)


@dataclasses.dataclass(frozen=True)
class Line:
    """An amount for one party and year: what is applied for, granted or used."""

    party: object
    year: int
    amount: int


def check_amount(value):
    """Whole, non-negative kronor, or a Swedish ValidationError saying what is wrong."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(_("Beloppet ska vara ett helt antal kronor."))
    if value < 0:
        raise ValidationError(_("Beloppet kan inte vara negativt."))
    return value


@transaction.atomic
def register_application(application, amounts, *, by):
    """Save a new application with its amounts per party and year."""
    application.registered_by = by
    application.full_clean()
    application.save()
    _save_amounts(application, amounts)
    return application


def _save_amounts(application, amounts):
    years = set(application.years)
    rows = []
    for line in amounts:
        check_amount(line.amount)
        if line.year not in years:
            raise ValidationError(
                _("%(year)s ligger utanför ansökans period.") % {"year": line.year}
            )
        if line.party.federation_id != application.federation_id:
            raise ValidationError(_("Parten hör till ett annat förbund."))
        rows.append(
            ApplicationAmount(
                application=application, party=line.party, year=line.year, amount=line.amount
            )
        )
    ApplicationAmount.objects.bulk_create(rows)


def intervention_from_application(application):
    """A new intervention carrying the application's name, orientation, period and purpose."""
    base = _slug(application.title)
    code = base
    taken = set(
        Intervention.objects.filter(
            federation=application.federation, code__startswith=base
        ).values_list("code", flat=True)
    )
    number = 2
    while code in taken:
        code = f"{base}-{number}"
        number += 1
    intervention = Intervention(
        federation=application.federation,
        code=code,
        name=application.title,
        orientation=application.orientation,
        starts_on=application.starts_on,
        ends_on=application.ends_on,
        purpose=application.purpose,
        target_group=application.target_group,
        steering_group=application.applicant_group,
        owner=application.applicant_party,
        steered_by_mysam=False,
    )
    intervention.full_clean()
    intervention.save()
    return intervention


def _slug(title):
    return (slugify(title) or "insats")[:50]


# `decide(seen_current=...)` default: supersede whatever is in force (loaders and scripts).
ANY_DECISION = object()


def _pk(decision):
    return decision.pk if decision is not None else None


@transaction.atomic
def decide(
    application,
    *,
    outcome,
    decided_on,
    reference="",
    decided_by="",
    motivation="",
    grants=None,
    seen_current=ANY_DECISION,
    by,
):
    """Record the förbund's decision on an application and turn it into grants.

    Granted: the amounts applied for. Partly granted: `grants` (Lines), each no more than
    applied for. Refused: no grants. A decision already in force is superseded, never changed.
    `seen_current` is the decision in force (or None) when the user opened the form; if another
    has been registered since, nothing is saved, so a double submit or a colleague's decision
    is never superseded unseen.
    """
    application = Application.objects.select_for_update().get(pk=application.pk)
    previous = application.current_decision()
    if seen_current is not ANY_DECISION and _pk(previous) != _pk(seen_current):
        raise ValidationError(
            _(
                "Ett annat beslut har registrerats sedan sidan öppnades. Läs beslutet som "
                "gäller nu och bekräfta igen."
            ),
            code="stale",
        )
    applied = {(a.party_id, a.year): a for a in application.amounts.select_related("party")}
    if outcome == FundingDecision.Outcome.GRANTED:
        lines = [Line(a.party, a.year, a.amount) for a in applied.values()]
    elif outcome == FundingDecision.Outcome.PARTLY_GRANTED:
        lines = list(grants or [])
        if not lines:
            raise ValidationError(_("Ange de beviljade beloppen för ett delvis beviljat beslut."))
        for line in lines:
            check_amount(line.amount)
            asked = applied.get((line.party.pk, line.year))
            if asked is None:
                raise ValidationError(
                    _("%(party)s har inte sökt medel för %(year)s.")
                    % {"party": line.party, "year": line.year}
                )
            if line.amount > asked.amount:
                raise ValidationError(
                    _("%(party)s %(year)s: beviljat belopp är större än det sökta.")
                    % {"party": line.party, "year": line.year}
                )
    elif outcome == FundingDecision.Outcome.REFUSED:
        lines = []
    else:
        raise ValidationError(_("Okänt beslut."))

    intervention = application.intervention
    if intervention is None and lines:
        intervention = intervention_from_application(application)
        application.intervention = intervention
        application.save(update_fields=["intervention"])
    decision = FundingDecision(
        federation=application.federation,
        intervention=intervention,
        application=application,
        title=application.title,
        outcome=outcome,
        decided_on=decided_on,
        reference=reference,
        decided_by=decided_by,
        motivation=motivation,
        supersedes=previous,
        registered_by=by,
    )
    decision.full_clean(exclude=["supersedes"])
    decision.save()
    _save_grants(decision, lines)
    return decision


def _save_grants(decision, lines):
    rows = []
    for line in lines:
        check_amount(line.amount)
        grant = Grant(
            decision=decision,
            intervention=decision.intervention,
            party=line.party,
            year=line.year,
            amount=line.amount,
        )
        grant.full_clean(exclude=["decision", "intervention"], validate_unique=False)
        rows.append(grant)
    Grant.objects.bulk_create(rows)


@transaction.atomic
def record_spending(intervention, party, year, month, amount, *, by, note="", source_import=None):
    """Set what `party` used in one month of `intervention`; a second entry replaces the first.

    Returns (spending, previous amount or None).
    """
    check_amount(amount)
    spending = (
        Spending.objects.select_for_update()
        .filter(intervention=intervention, party=party, year=year, month=month)
        .first()
    )
    previous = spending.amount if spending else None
    if spending is None:
        spending = Spending(intervention=intervention, party=party, year=year, month=month)
    else:
        spending.version += 1
    spending.amount = amount
    spending.note = note
    spending.entered_by = by
    spending.entered_at = timezone.now()
    spending.source_import = source_import
    spending.full_clean(validate_unique=False)
    spending.save()
    return spending, previous


@transaction.atomic
def save_hourly_rates(new_rates, year, stored):
    """Write the changed rates of `year`; an emptied field removes the rate.

    `new_rates` is {party: Decimal or None}, `stored` the year's rates by party pk as the form
    showed them. Returns how many rates changed.
    """
    changed = 0
    for party, value in new_rates.items():
        current = stored.get(party.pk)
        if value is None:
            if current is not None:
                current.delete()
                changed += 1
        elif current is None:
            HourlyRate.objects.create(party=party, year=year, rate=value)
            changed += 1
        elif current.rate != value:
            current.rate = value
            current.version += 1
            current.save(update_fields=["rate", "version"])
            changed += 1
    return changed
