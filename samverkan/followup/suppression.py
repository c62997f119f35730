"""Small-number protection: the one rule that hides counts which could point to an individual.

Every figure about individuals that leaves a team — on a page, in a chart, a PDF, an Excel or
CSV file — passes through `protect` (or `protect_table`), so that there is one rule in the code
base:

* **Primary suppression.** A count from 1 to `threshold() - 1` (the setting
  `SMALL_NUMBER_THRESHOLD`, 5 unless set) is not shown; it reads "färre än 5". Zero is shown:
  nobody can be recognised from nobody — except under a small total, where every part reads
  "färre än 5", zeros included (were the zeros shown, four hidden parts of a total under five
  would each be one).
* **Complementary suppression.** A hidden count must not be computable from the figures that
  are shown: a row or column total minus the other cells (women + men + other = total), or the
  county minus the other municipalities. So more cells are hidden, marked "dolt" (not "färre än
  5", which would be untrue), until no hidden cell is determined by the published totals — and
  as few as that needs: the smallest count that breaks the equation is hidden, never a whole row.

The figures are given as cells (any hashable key) with their counts, and *lines*: a total and
the parts that add up to it. A hidden cell is *determined* when the lines, with everything
visible known and every hidden cell known to be either 1..threshold-1 (primary; 0..threshold-1
under a small total) or at least the threshold (complementary, the mark says which), leave it a
single possible positive value (a zero worked out tells of nobody). The bounds are
propagated along the lines until nothing changes (interval constraint propagation); the tests
check the result against linear programming over the same equations.
"""

import dataclasses
import math
from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext

DEFAULT_THRESHOLD = 5
# Bound propagation converges in a few passes on the tables the product publishes; the cap only
# guards against a pathological input looping for long.
MAX_PASSES = 200


def threshold():
    """The smallest count shown: counts from 1 to this minus one are hidden."""
    return int(getattr(settings, "SMALL_NUMBER_THRESHOLD", DEFAULT_THRESHOLD))


@dataclasses.dataclass(frozen=True)
class Suppressed:
    """A count that is not shown. `primary`: it is small itself; else it is hidden so that a
    small one cannot be worked out from it."""

    primary: bool
    threshold: int = DEFAULT_THRESHOLD

    def __str__(self):
        if self.primary:
            return gettext("färre än %(threshold)s") % {"threshold": self.threshold}
        return gettext("dolt")

    @property
    def explanation(self):
        """The longer text for a title attribute or a table's note."""
        if self.primary:
            return gettext("Antalet är mindre än %(threshold)s och visas inte.") % {
                "threshold": self.threshold
            }
        return gettext(
            "Antalet visas inte, eftersom ett litet antal annars skulle kunna räknas fram."
        )


def is_suppressed(value):
    return isinstance(value, Suppressed)


Line = tuple[Hashable, Sequence[Hashable]]


def protect(counts: Mapping[Hashable, int], lines: Sequence[Line], *, limit=None):
    """{key: count or Suppressed} for `counts`, with `lines` [(total_key, [part_keys])] the
    equations a reader can use. Keys in a line that are not in `counts` are ignored."""
    limit = threshold() if limit is None else limit
    lines = [
        (total, [part for part in parts if part in counts])
        for total, parts in lines
        if total in counts
    ]
    lines_of = {key: [] for key in counts}
    for index, (total, parts) in enumerate(lines):
        for key in (total, *parts):
            lines_of[key].append(index)

    primary = {key for key, count in counts.items() if 0 < count < limit}
    # Under a small total every part is small: all of them read "färre än 5", zeros too, or
    # the zeros shown would tell that the rest are ones.
    may_be_zero = {part for total, parts in lines if total in primary for part in parts}
    primary |= may_be_zero
    hidden = set(primary)
    while True:
        determined = _determined(counts, lines, hidden, primary, may_be_zero, limit)
        if not determined:
            break
        added = _complement(determined, counts, lines, lines_of, hidden)
        if added is None:
            break  # nothing left to hide: every cell of its lines is hidden or zero
        hidden.add(added)
    return {
        key: Suppressed(primary=key in primary, threshold=limit) if key in hidden else count
        for key, count in counts.items()
    }


def _bounds(counts, hidden, primary, may_be_zero, limit):
    bounds = {}
    for key, count in counts.items():
        if key not in hidden:
            bounds[key] = (count, count)
        elif key in primary:
            bounds[key] = (0 if key in may_be_zero else 1, limit - 1)
        else:
            bounds[key] = (limit, math.inf)
    return bounds


def _determined(counts, lines, hidden, primary, may_be_zero, limit):
    """The hidden cells whose value the visible figures and the lines fix, in a stable order."""
    if not hidden:
        return []
    bounds = _bounds(counts, hidden, primary, may_be_zero, limit)
    relevant = [line for line in lines if hidden.intersection((line[0], *line[1]))]
    for _pass in range(MAX_PASSES):
        changed = False
        for total, parts in relevant:
            low_sum = sum(bounds[part][0] for part in parts)
            high_sum = sum(bounds[part][1] for part in parts)
            if total in hidden:
                changed |= _narrow(bounds, total, low_sum, high_sum)
            total_low, total_high = bounds[total]
            for part in parts:
                if part not in hidden:
                    continue
                part_low, part_high = bounds[part]
                others_low = low_sum - part_low
                others_high = high_sum - part_high
                changed |= _narrow(bounds, part, total_low - others_high, total_high - others_low)
        if not changed:
            break
    # A cell worked out to be zero tells of nobody: only a positive one gives someone away.
    return [
        key
        for key in counts
        if key in hidden and bounds[key][0] == bounds[key][1] and bounds[key][1] > 0
    ]


def _narrow(bounds, key, low, high):
    old_low, old_high = bounds[key]
    new_low, new_high = max(old_low, low), min(old_high, high)
    if math.isnan(new_low) or math.isnan(new_high):  # inf - inf: nothing learnt
        return False
    if (new_low, new_high) == (old_low, old_high) or new_low > new_high:
        return False
    bounds[key] = (new_low, new_high)
    return True


def _complement(determined, counts, lines, lines_of, hidden):
    """The next cell to hide so that the first determined cell is no longer: in the line of that
    cell with fewest hidden cells, its smallest visible positive part, else its visible total."""
    for key in determined:
        ordered = sorted(
            lines_of[key],
            key=lambda index: sum(
                1 for cell in (lines[index][0], *lines[index][1]) if cell in hidden
            ),
        )
        for index in ordered:
            total, parts = lines[index]
            candidates = [part for part in parts if part not in hidden and counts[part] > 0]
            if candidates:
                return min(candidates, key=lambda part: counts[part])
            if total not in hidden and counts[total] > 0:
                return total
    return None


# --- Tables -----------------------------------------------------------------------------------


def protect_table(rows, *, row_totals=True, column_totals=True, limit=None):
    """A table of counts protected as one: `rows` is a list of equal-length lists of ints, the
    last column the row totals when `row_totals`, the last row the column totals when
    `column_totals`. Returns the same shape with Suppressed in place of hidden counts.

    Cells that are not ints (a dash for "not applicable") are passed through and take no part.
    """
    counts = {
        (r, c): value
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
        if isinstance(value, int) and not isinstance(value, bool)
    }
    height = len(rows)
    width = len(rows[0]) if rows else 0
    lines = table_lines(height, width, row_totals=row_totals, column_totals=column_totals)
    protected = protect(counts, lines, limit=limit)
    return [
        [protected.get((r, c), value) for c, value in enumerate(row)] for r, row in enumerate(rows)
    ]


def table_lines(height, width, *, row_totals=True, column_totals=True):
    """The equations of a table keyed (row, column) whose last column holds the row totals and
    last row the column totals: [(total_key, [part_keys])]."""
    lines = []
    interior_rows = range(height - 1 if column_totals else height)
    interior_columns = range(width - 1 if row_totals else width)
    if row_totals:
        lines += [((r, width - 1), [(r, c) for c in interior_columns]) for r in range(height)]
    if column_totals:
        lines += [((height - 1, c), [(r, c) for r in interior_rows]) for c in range(width)]
    return lines


def share(numerator, denominator, *, limit=None):
    """numerator / denominator as a Fraction, or None when it may not be shown: when either is
    hidden, the denominator is under the threshold, or the numerator or the rest (denominator
    minus numerator) is a small number — "38 of 40" tells that two did not."""
    limit = threshold() if limit is None else limit
    if is_suppressed(numerator) or is_suppressed(denominator):
        return None
    if denominator < limit or 0 < numerator < limit or 0 < denominator - numerator < limit:
        return None
    return Fraction(numerator, denominator)
