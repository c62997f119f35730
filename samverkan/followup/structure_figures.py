"""The structure's part of the follow-up: Mysam meetings held against planned, pre-reads on time,
time against commitments, attendance per party, and the coverage of care units with a Trisam
team (goal: all) — for the dashboard's period and selection, beside the period before.

These are figures about groups and their members at work, not about individuals in cases, so
the small-number rule does not apply; who may read time accounts is the meetings policy's
answer. The meetings figures are `meetings.followup.period_figures` (a fixed number of
queries), the coverage counts `structure.coverage`.
"""

import dataclasses
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from samverkan.meetings.followup import percent, period_figures
from samverkan.structure.coverage import care_unit_coverage, mysam_coverage


@dataclasses.dataclass(frozen=True)
class Ratio:
    part: int | Decimal
    whole: int | Decimal

    @property
    def percent(self):
        return percent(Decimal(self.part) / Decimal(self.whole)) if self.whole else None

    def __str__(self):
        if not self.whole:
            return "–"
        texts = {
            "part": number_format(self.part, force_grouping=True),
            "whole": number_format(self.whole, force_grouping=True),
            "percent": self.percent,
        }
        return _("%(part)s av %(whole)s (%(percent)s %%)") % texts


@dataclasses.dataclass
class StructureFigures:
    meetings: Ratio  # Mysam meetings held of those planned
    pre_reads: Ratio  # pre-reads on time of those expected
    hours: Ratio | None  # time against commitments; None for readers without time accounts
    units: Ratio  # care units with a Trisam team of those expected to have one
    mysam: Ratio | None  # municipalities with a Mysam group; None for one municipality
    parties: list  # [(party, Ratio of held meetings where it was represented)]


def structure_figures(federation, period, *, today, municipality_id=None, with_hours=False):
    """The figures of `period` up to `today` (a meeting not yet held is not yet missed)."""
    # A period not yet begun has no meetings to count (an empty span of days).
    end = min(period.end, today)
    figures = period_figures(federation, period.start, end)
    if municipality_id is None:
        meetings = Ratio(figures.held, figures.planned)
        pre_reads = figures.pre_reads
        hours = Ratio(figures.hours, figures.commitment)
        parties = figures.parties
        mysam = Ratio(*mysam_coverage(federation, max(end, period.start)))
    else:
        row = figures.municipality(municipality_id)
        meetings = Ratio(row.held, row.planned) if row else Ratio(0, 0)
        pre_reads = row.pre_reads if row else None
        hours = Ratio(row.hours, row.commitment) if row else Ratio(0, 0)
        parties = row.parties if row else []
        mysam = None
    return StructureFigures(
        meetings=meetings,
        pre_reads=Ratio(pre_reads.on_time, pre_reads.expected) if pre_reads else Ratio(0, 0),
        hours=hours if with_hours else None,
        units=Ratio(
            *care_unit_coverage(federation, max(end, period.start), municipality_id=municipality_id)
        ),
        mysam=mysam,
        parties=[(entry.party, Ratio(entry.represented, entry.held)) for entry in parties],
    )
