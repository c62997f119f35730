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
single possible positive value (a zero worked out tells of nobody).

Every table the product publishes is a table of row and column sums (`protect_table`); there
the test is exact: a hidden cell is free when another table consistent with what is published
differs from the true one there, and such a table exists exactly when a cycle of hidden cells
through it, alternately along its row and its column, can move by one (`_TableProtection`).
That is what linear programming over the same equations finds, and the tests check the two
against each other. For lines of any other shape (`protect`) the bounds are narrowed along the
lines until nothing changes (interval constraint propagation): what it finds determined is
determined, but a cell fixed only by combining several lines may escape it, so nothing the
product publishes goes that way.

Complements are added in rounds: every determined cell that shares no line with a cell hidden
earlier in the round gets one, chosen in the line of it with fewest hidden cells: the smallest
visible positive part, else the line's total.

Where a row's "other" is from 1 to 4 and its women, men and total are shown, "other" follows
from them; one more cell of the row must go, and the rule takes the smallest, which is mostly
the men. So in a quarter, or a municipality, men often read "dolt": the count lies between the
total minus the women minus 4 and the total minus the women minus 1 (docs/followup.md).
"""

import collections
import dataclasses
import functools
import logging
import math
from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 5
# Protected tables kept per process (each function's latest): the same counts give the same
# answer, and the county's dashboard and every municipality's protect the same tables.
CACHED_TABLES = 512
# Bound propagation converges in a few looks at each line on the tables the product publishes;
# the cap (looks per line) only guards against a pathological input looping for long.
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


class CannotProtect(Exception):  # noqa: N818 (a verdict, not an error of the caller's)
    """The table cannot be protected without hiding a cell it was told to keep shown."""


def is_suppressed(value):
    return isinstance(value, Suppressed)


Line = tuple[Hashable, Sequence[Hashable]]


def protect(counts: Mapping[Hashable, int], lines: Sequence[Line], *, limit=None):
    """{key: count or Suppressed} for `counts`, with `lines` [(total_key, [part_keys])] the
    equations a reader can use. Keys in a line that are not in `counts` are ignored."""
    limit = threshold() if limit is None else limit
    return _Protection(counts, lines, limit).run()


class _Protection:
    """One run of the rule over a set of counts and lines, on flat lists indexed by cell.

    The bounds are narrowed with a work list: a line is looked at again only when a bound of
    one of its cells has changed. Complements are added in rounds: in each, every determined
    cell that shares no line with a cell hidden earlier in the round gets one (a cell next to a
    new complement may no longer be determined, so it waits for the next round). Hiding a cell
    widens its bounds, so after a round the bounds are worked out afresh — but only over the
    hidden cells connected to the new complements through lines; elsewhere nothing can change.
    """

    def __init__(self, counts, lines, limit, hidden=(), keep=()):
        self.limit = limit
        self.keys = list(counts)
        index = {key: position for position, key in enumerate(self.keys)}
        self.values = [counts[key] for key in self.keys]
        self.lines = [
            (index[total], [index[part] for part in parts if part in index])
            for total, parts in lines
            if total in index
        ]
        self.lines_of = [[] for _key in self.keys]
        for number, (total, parts) in enumerate(self.lines):
            for cell in (total, *parts):
                self.lines_of[cell].append(number)
        values = self.values
        self.primary = {cell for cell, count in enumerate(values) if 0 < count < limit}
        # Under a small total every part is small: all of them read "färre än 5", zeros too,
        # or the zeros shown would tell that the rest are ones.
        self.may_be_zero = {
            part for total, parts in self.lines if total in self.primary for part in parts
        }
        self.primary |= self.may_be_zero
        # Cells the caller hides from the start (large counts: complementary marks).
        self.hidden = set(self.primary) | {index[key] for key in hidden if key in index}
        # Cells shown elsewhere, so never hidden here as complements.
        self.keep = {index[key] for key in keep if key in index}
        self.low = list(values)
        self.high = list(values)

    def run(self):
        self._start()
        while True:
            determined = self._determined()
            if not determined:
                break
            added = _complements(
                [(self, cell) for cell in determined], self.lines_of, _own_complement
            )
            if not added:
                if self.keep:
                    raise CannotProtect
                # Every cell of their lines is hidden or zero: nothing left to hide. Not met on
                # the product's tables; said in the log, so that it is seen if it ever is.
                logger.warning("small-number rule: %d cells stay determined", len(determined))
                break
            self._after_round(added)
        if self.keep & self.hidden:
            raise CannotProtect  # small itself, or told to be hidden
        return self.marks()

    def bounds(self, cell):
        """What a reader knows of a hidden cell from its mark: (lowest, highest)."""
        if cell in self.primary:
            return (0 if cell in self.may_be_zero else 1), self.limit - 1
        return self.limit, math.inf

    def _start(self):
        self._propagate(self.hidden)

    def _after_round(self, added):
        self._propagate(self._connected(added))

    def _connected(self, cells):
        """The hidden cells reached from `cells` through lines with hidden cells in them."""
        hidden, lines = self.hidden, self.lines
        reached, todo, seen_lines = set(cells), list(cells), set()
        while todo:
            cell = todo.pop()
            for number in self.lines_of[cell]:
                if number in seen_lines:
                    continue
                seen_lines.add(number)
                total, parts = lines[number]
                for other in (total, *parts):
                    if other in hidden and other not in reached:
                        reached.add(other)
                        todo.append(other)
        return reached

    def _propagate(self, cells):
        """Reset the bounds of the hidden `cells` to what their marks say, then narrow them
        along the lines until nothing changes."""
        low, high, limit = self.low, self.high, self.limit
        for cell in cells:
            if cell in self.primary:
                low[cell], high[cell] = (0 if cell in self.may_be_zero else 1), limit - 1
            else:
                low[cell], high[cell] = limit, math.inf
        hidden, lines, lines_of = self.hidden, self.lines, self.lines_of
        queue = collections.deque(sorted({number for cell in cells for number in lines_of[cell]}))
        queued = set(queue)
        budget = MAX_PASSES * max(len(lines), 1)
        while queue and budget:
            budget -= 1
            number = queue.popleft()
            queued.discard(number)
            total, parts = lines[number]
            changed = []
            # The parts' sum, its infinite highs counted apart so that one part's own
            # infinity can be taken out of it.
            low_sum = 0
            high_sum = 0
            infinite = 0
            for part in parts:
                low_sum += low[part]
                if high[part] == math.inf:
                    infinite += 1
                else:
                    high_sum += high[part]
            parts_high = math.inf if infinite else high_sum
            if total in hidden and _narrow(low, high, total, low_sum, parts_high):
                changed.append(total)
            total_low, total_high = low[total], high[total]
            for part in parts:
                if part not in hidden:
                    continue
                part_low, part_high = low[part], high[part]
                if part_high == math.inf:
                    others_high = math.inf if infinite > 1 else high_sum
                else:
                    others_high = math.inf if infinite else high_sum - part_high
                others_low = low_sum - part_low
                if _narrow(low, high, part, total_low - others_high, total_high - others_low):
                    changed.append(part)
            for cell in changed:
                for other in lines_of[cell]:
                    if other != number and other not in queued:
                        queue.append(other)
                        queued.add(other)

    def _determined(self):
        """The hidden cells whose value the visible figures and the lines fix, in the order of
        the counts. A cell worked out to be zero tells of nobody: only a positive one gives
        someone away."""
        low, high = self.low, self.high
        return [cell for cell in sorted(self.hidden) if low[cell] == high[cell] and high[cell] > 0]

    def marks(self):
        """{key: count or Suppressed}, as the table is published."""
        return {
            key: Suppressed(primary=cell in self.primary, threshold=self.limit)
            if cell in self.hidden
            else self.values[cell]
            for cell, key in enumerate(self.keys)
        }

    def _complement(self, cell):
        """The cell to hide so that `cell` is no longer determined: in the line of it with
        fewest hidden cells, the smallest visible positive part, else the line's visible total."""
        hidden, lines, values, keep = self.hidden, self.lines, self.values, self.keep
        ordered = sorted(
            self.lines_of[cell],
            key=lambda number: sum(
                1 for other in (lines[number][0], *lines[number][1]) if other in hidden
            ),
        )
        for number in ordered:
            total, parts = lines[number]
            candidates = [
                part
                for part in parts
                if part not in hidden and part not in keep and values[part] > 0
            ]
            if candidates:
                return min(candidates, key=lambda part: values[part])
            if total not in hidden and total not in keep and values[total] > 0:
                return total
        return None


def _complements(determined, lines_of, choose):
    """One round of complements for `determined` [(table, cell)]: `choose(table, cell)` gives
    (table, cell) to hide, or None. A cell that shares a line with a complement of this round
    waits for the next (it may no longer be determined). Returns the cells hidden."""
    added, near = [], set()
    for table, cell in determined:
        if near.intersection(lines_of[cell]):
            continue
        chosen = choose(table, cell)
        if chosen is not None:
            into, complement = chosen
            into.hidden.add(complement)
            added.append(complement)
            near.update(lines_of[complement])
    return added


def _own_complement(table, cell):
    complement = table._complement(cell)
    return None if complement is None else (table, complement)


def _narrow(low, high, cell, new_low, new_high):
    """Narrow the cell's bounds to [new_low, new_high]; True if they changed. Bounds that would
    cross are left as they are (the counts are consistent, so only rounding at infinity can
    make them)."""
    old_low, old_high = low[cell], high[cell]
    new_low, new_high = max(old_low, new_low), min(old_high, new_high)
    if (new_low, new_high) == (old_low, old_high) or new_low > new_high:
        return False
    low[cell], high[cell] = new_low, new_high
    return True


@dataclasses.dataclass(frozen=True)
class _Grid:
    height: int
    width: int
    row_totals: bool
    column_totals: bool


class _TableProtection(_Protection):
    """The rule over a table of row and column sums, with an exact test of what is determined.

    A hidden cell is given away when every table consistent with what is published has the
    same value there. It is not when another consistent table exists: one that differs from the
    true counts by +1 and -1 around a cycle of hidden cells, alternately along a row and a
    column, each cell staying within what its mark says. With the totals' signs turned (the
    last column and last row count negatively), the rows and the columns each sum to zero, and
    a cycle is a cycle in the bipartite graph of rows and columns: a hidden cell that may go up
    by one is an arrow from its row to its column, one that may go down an arrow back. The
    equations are totally unimodular, so any other consistent table is made of such cycles: a
    cell is determined exactly when no cycle passes through it. This is what linear programming
    over the same equations finds (the tests check that), in time linear in the hidden cells.
    Without a totals row the columns are not tied, so they are one node; without a totals
    column the same for the rows.
    """

    def __init__(self, counts, lines, limit, grid, hidden=(), keep=()):
        super().__init__(counts, lines, limit, hidden, keep)
        self.graph = _CycleGraph(grid)

    def _start(self):
        self._after_round(sorted(self.hidden))

    def _after_round(self, added):
        for cell in added:
            low, high = self.bounds(cell)
            value = self.values[cell]
            self.graph.add(cell, self.keys[cell], value + 1 <= high, value - 1 >= low)

    def _determined(self):
        return [
            cell
            for cell in sorted(self.hidden)
            if self.values[cell] > 0 and not self.graph.free(cell)
        ]


class _CycleGraph:
    """The bipartite graph of a table's rows and columns with a hidden cell's moves as arrows
    (`_TableProtection`): a cell that may go up by one is an arrow from its row to its column
    (its column to its row when its sign is turned), one that may go down an arrow back."""

    def __init__(self, grid):
        self.grid = grid
        self.out = collections.defaultdict(list)  # node -> [(node, cell)]
        self.into = collections.defaultdict(list)  # node -> [(node, cell)]
        self.ends = {}
        # Hiding more only adds arrows, so a cell once on a cycle stays on one.
        self.known_free = set()

    def add(self, cell, position, up, down):
        """Add the arrows of `cell` at (row, column) `position`: whether it may go up, down."""
        grid = self.grid
        r, c = position
        if not (grid.row_totals or grid.column_totals):
            # No equation at all: only a cell that cannot move is given away.
            self.ends[cell] = None if up or down else (None, None, False, False)
            return
        sign = -1 if grid.row_totals and c == grid.width - 1 else 1
        sign *= -1 if grid.column_totals and r == grid.height - 1 else 1
        row = ("r", r if grid.row_totals else 0)
        column = ("c", c if grid.column_totals else 0)
        forward, backward = (up, down) if sign == 1 else (down, up)
        if forward:
            self.out[row].append((column, cell))
            self.into[column].append((row, cell))
        if backward:
            self.out[column].append((row, cell))
            self.into[row].append((column, cell))
        self.ends[cell] = (row, column, forward, backward)

    def free(self, cell):
        """Whether a cycle of moves passes through `cell` (False for a cell without arrows)."""
        if cell in self.known_free:
            return True
        if cell not in self.ends:
            return False
        ends = self.ends[cell]
        if ends is None:
            self.known_free.add(cell)
            return True  # free to move
        row, column, forward, backward = ends
        for present, start, goal in ((forward, column, row), (backward, row, column)):
            if present and _reaches(self.out, self.into, start, goal, avoiding=cell):
                self.known_free.add(cell)
                return True
        return False


class _ShareProtection:
    """A share's numerators and denominators, protected together.

    Both tables are published, and so is, as their difference, the count of those in the
    denominator whom the numerator does not count (the *rest*, 0 or more). A cell hidden in one
    table is hidden in the other too (where its count is not zero), and a numerator whose rest
    is 1 to 4 is hidden from the start. Another table consistent with everything published may
    move, around a cycle of hidden cells, (A) the numerator and the denominator together, (B)
    the denominator and the rest, or (C) the numerator against the rest, the denominator staying
    put — each move within the marks and the rest never below zero. A numerator is free when
    move A or C can change it, a denominator when A or B can, a small rest when B or C can;
    anything else is determined and gets a complement in its table. The three moves do not
    cover every other consistent pair of tables (two moves at once can), so this may hide more
    than it must, never less; the leak test checks it against linear programming.
    """

    def __init__(self, numerators, denominators, lines, limit, grid, hidden, keep):
        self.limit = limit
        hidden_numerators, hidden_denominators = hidden
        self.num = _Protection(numerators, lines, limit, hidden_numerators, keep)
        self.den = _Protection(denominators, lines, limit, hidden_denominators, keep)
        if self.num.keys != self.den.keys:
            raise ValueError("a share's numerators and denominators must have the same cells")
        self.graphs = {move: _CycleGraph(grid) for move in "ABC"}
        self.in_graph = {move: set() for move in "ABC"}

    def run(self):
        num, den = self.num, self.den
        while True:
            self._mirror()
            self._arrows()
            determined = self._determined()
            if not determined:
                break
            added = _complements(determined, num.lines_of, self._complement)
            if not added:
                if num.keep or den.keep:
                    raise CannotProtect
                break  # nothing left to hide
        if (num.keep & num.hidden) or (den.keep & den.hidden):
            raise CannotProtect  # small itself, or hidden with the other table
        return num.marks(), den.marks()

    def _complement(self, table, cell):
        """(table, cell) to hide: in the cell's own table, else in the other one."""
        for chosen in (table, self.den if table is self.num else self.num):
            complement = chosen._complement(cell)
            if complement is not None:
                return chosen, complement
        return None

    def _mirror(self):
        """Hide in each table what the other hides, where the count is not zero."""
        num, den = self.num, self.den
        for cell in num.hidden - den.hidden:
            if den.values[cell] > 0:
                den.hidden.add(cell)
        for cell in den.hidden - num.hidden:
            if num.values[cell] > 0:
                num.hidden.add(cell)

    def _arrows(self):
        num, den = self.num, self.den
        eligible = {
            "A": num.hidden & den.hidden,
            "B": den.hidden,
            "C": num.hidden,
        }
        for move, cells in eligible.items():
            for cell in sorted(cells - self.in_graph[move]):
                self.in_graph[move].add(cell)
                n, d = num.values[cell], den.values[cell]
                rest = d - n
                n_low, n_high = num.bounds(cell) if cell in num.hidden else (n, n)
                d_low, d_high = den.bounds(cell) if cell in den.hidden else (d, d)
                if move == "A":
                    up = n + 1 <= n_high and d + 1 <= d_high
                    down = n - 1 >= n_low and d - 1 >= d_low
                elif move == "B":
                    up, down = d + 1 <= d_high, d - 1 >= d_low and rest >= 1
                else:
                    up, down = n + 1 <= n_high and rest >= 1, n - 1 >= n_low
                self.graphs[move].add(cell, num.keys[cell], up, down)

    def _determined(self):
        """[(table, cell)] to give a complement, in the order of the cells."""
        num, den, graphs = self.num, self.den, self.graphs
        determined = []
        for cell in sorted(num.hidden | den.hidden):
            n, d = num.values[cell], den.values[cell]
            free = {move: graph.free(cell) for move, graph in graphs.items()}
            if cell in num.hidden and n > 0 and not (free["A"] or free["C"]):
                determined.append((num, cell))
            elif cell in den.hidden and d > 0 and not (free["A"] or free["B"]):
                determined.append((den, cell))
            elif 0 < d - n < self.limit and not (free["B"] or free["C"]):
                determined.append((den if cell in den.hidden else num, cell))
        return determined


def protect_shares(
    numerators,
    denominators,
    *,
    row_totals=True,
    column_totals=True,
    limit=None,
    hidden=(),
    hidden_numerators=(),
    keep=(),
):
    """A share's tables of numerators and denominators (as for `protect_table`) protected
    together (`_ShareProtection`). `hidden` names denominator cells to hide from the start (those
    hidden where the same denominators stand beside another numerator), `hidden_numerators`
    numerator cells; `keep` cells shown elsewhere in both tables, never to be hidden here
    (CannotProtect when that leaves a count given away). Returns (numerators, denominators)."""
    limit = threshold() if limit is None else limit
    key = (
        tuple(tuple(row) for row in numerators),
        tuple(tuple(row) for row in denominators),
        row_totals,
        column_totals,
        limit,
        (frozenset(hidden_numerators), frozenset(hidden)),
        frozenset(keep),
    )
    num, den = _protect_shares_cached(*key)
    return [list(row) for row in num], [list(row) for row in den]


@functools.lru_cache(maxsize=CACHED_TABLES)
def _protect_shares_cached(
    numerators, denominators, row_totals, column_totals, limit, hidden, keep
):
    height = len(numerators)
    width = len(numerators[0]) if numerators else 0
    lines = table_lines(height, width, row_totals=row_totals, column_totals=column_totals)
    grid = _Grid(height, width, row_totals=row_totals, column_totals=column_totals)

    def counts(rows):
        return {(r, c): value for r, row in enumerate(rows) for c, value in enumerate(row)}

    close = {
        (r, c)
        for r, (row, of) in enumerate(zip(numerators, denominators, strict=True))
        for c, (count, whole) in enumerate(zip(row, of, strict=True))
        if count >= limit and 0 < whole - count < limit
    }
    hidden_numerators, hidden_denominators = hidden
    num, den = _ShareProtection(
        counts(numerators),
        counts(denominators),
        lines,
        limit,
        grid,
        (close | hidden_numerators, hidden_denominators),
        keep,
    ).run()
    return (
        tuple(tuple(num[(r, c)] for c in range(width)) for r in range(height)),
        tuple(tuple(den[(r, c)] for c in range(width)) for r in range(height)),
    )


def _reaches(out, into, start, goal, *, avoiding):
    """Whether `goal` can be reached from `start` along arrows not of the cell `avoiding`.
    `into` holds the arrows into each node, (from, cell): the search stops at a node with an
    arrow into the goal."""
    sources = {source for source, cell in into.get(goal, ()) if cell != avoiding}
    if not sources:
        return False
    if start in sources:
        return True
    # Depth first, one arrow at a time: a cycle is mostly found a few arrows away.
    seen, stack = {start}, [iter(out.get(start, ()))]
    while stack:
        for target, cell in stack[-1]:
            if cell == avoiding or target in seen:
                continue
            if target in sources:
                return True
            seen.add(target)
            stack.append(iter(out.get(target, ())))
            break
        else:
            stack.pop()
    return False


# --- Tables -----------------------------------------------------------------------------------


def protect_table(rows, *, row_totals=True, column_totals=True, limit=None, hidden=(), keep=()):
    """A table of counts protected as one: `rows` is a list of equal-length lists of ints, the
    last column the row totals when `row_totals`, the last row the column totals when
    `column_totals`. Returns the same shape with Suppressed in place of hidden counts.

    Cells that are not ints (a dash for "not applicable") are passed through and take no part.
    `hidden` names cells (row, column) to hide from the start, whatever their count: a count a
    reader could take from another figure. `keep` names cells shown in another table, never to
    be hidden here: CannotProtect when that leaves a count given away.
    The same table gives the same answer, so the answers are kept (per process, the latest
    `CACHED_TABLES`): the county's dashboard and each municipality's protect the same tables.
    """
    limit = threshold() if limit is None else limit
    # Each cell with its type, so that True is not taken for 1 nor 1.0 for 1.
    key = tuple(tuple((type(value), value) for value in row) for row in rows)
    hidden, keep = frozenset(hidden), frozenset(keep)
    try:
        hash(key)
    except TypeError:  # a cell that cannot be a key: worked out each time
        return _protect_table(rows, row_totals, column_totals, limit, hidden, keep)
    protected = _protect_table_cached(key, row_totals, column_totals, limit, hidden, keep)
    return [list(row) for row in protected]


@functools.lru_cache(maxsize=CACHED_TABLES)
def _protect_table_cached(key, row_totals, column_totals, limit, hidden, keep):
    rows = [[value for _type, value in row] for row in key]
    protected = _protect_table(rows, row_totals, column_totals, limit, hidden, keep)
    return tuple(tuple(row) for row in protected)


def _protect_table(rows, row_totals, column_totals, limit, hidden, keep):
    counts = {
        (r, c): value
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
        if isinstance(value, int) and not isinstance(value, bool)
    }
    height = len(rows)
    width = len(rows[0]) if rows else 0
    lines = table_lines(height, width, row_totals=row_totals, column_totals=column_totals)
    grid = _Grid(height, width, row_totals=row_totals, column_totals=column_totals)
    protected = _TableProtection(counts, lines, limit, grid, hidden, keep).run()
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
