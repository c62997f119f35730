"""What a reader can work out from published figures: the attacker of the leak tests.

Given every published cell (a count, or a Suppressed mark) and the equations a reader knows
hold between them (a total and its parts), `determined` solves the system as linear programmes:
for each hidden cell, its smallest and largest value consistent with everything visible, with a
primary-suppressed cell known to lie in 1..threshold-1 (0..threshold-1 when it is a part of a
total that is itself primary-suppressed: the rule hides zeros there) and a complementary one at
the threshold or above. A hidden cell whose smallest and largest value agree is given away.
For tables whose equations are row and column sums the constraint matrix is totally
unimodular, so the linear bounds are the integer bounds and the answer is exact. A cell worked
out to be zero is no leak: it tells of nobody.
"""

from scipy.optimize import linprog

from samverkan.followup.suppression import Suppressed

TOLERANCE = 1e-6


class Unpublished:
    """A count nobody publishes but a reader can take as a difference, such as those who did
    not take part (the denominator minus the numerator): 0 or more, given away only when it
    is worked out to be a small number."""


UNPUBLISHED = Unpublished()


def determined(published, lines, *, small=5):
    """{key: value} of the hidden cells in `published` that `lines` [(total, [parts])] fix,
    and of the UNPUBLISHED ones fixed at 1 to `small` - 1.

    Cells that are neither a count nor a Suppressed mark (a dash, None) take no part."""
    hidden = [
        key for key, value in published.items() if isinstance(value, Suppressed | Unpublished)
    ]
    if not hidden:
        return {}
    index = {key: position for position, key in enumerate(hidden)}
    equations, right = [], []
    for total, parts in lines:
        row = [0.0] * len(hidden)
        constant = 0.0
        for key, sign in ((total, 1.0), *((part, -1.0) for part in parts)):
            if not isinstance(published.get(key), int | Suppressed | Unpublished):
                continue  # absent, or a dash for "not applicable": no part of the sum
            if key in index:
                row[index[key]] += sign
            else:
                constant += sign * published[key]
        if any(row):
            equations.append(row)
            right.append(-constant)
    under_small_total = {
        part
        for total, parts in lines
        if isinstance(published.get(total), Suppressed) and published[total].primary
        for part in parts
    }
    bounds = []
    for key in hidden:
        mark = published[key]
        if isinstance(mark, Unpublished):
            bounds.append((0, None))
        elif mark.primary:
            bounds.append((0 if key in under_small_total else 1, mark.threshold - 1))
        else:
            bounds.append((mark.threshold, None))
    given_away = {}
    for key in hidden:
        objective = [0.0] * len(hidden)
        objective[index[key]] = 1.0
        extremes = []
        for sign in (1.0, -1.0):
            result = linprog(
                [sign * weight for weight in objective],
                A_eq=equations or None,
                b_eq=right or None,
                bounds=bounds,
                method="highs",
            )
            if result.status == 3:  # unbounded: the cell can be arbitrarily large
                extremes.append(None)
                continue
            assert result.status == 0, f"the published figures are inconsistent: {result.message}"
            extremes.append(sign * result.fun)
        low, high = extremes
        # Working out that a hidden cell is zero tells of nobody; a positive value does.
        if low is not None and high is not None and high - low < TOLERANCE and high > TOLERANCE:
            if isinstance(published[key], Unpublished) and round(low) >= small:
                continue  # a large difference tells of nobody in particular
            given_away[key] = round(low)
    return given_away


def as_cells(rows):
    return {(r, c): value for r, row in enumerate(rows) for c, value in enumerate(row)}
