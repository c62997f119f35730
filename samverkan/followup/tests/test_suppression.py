"""The one small-number rule: what it hides, that it hides as little as it must, and that what
it publishes never gives a hidden count away (checked by linear programming, tests.disclosure).
"""

from fractions import Fraction

from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.followup.suppression import (
    Suppressed,
    protect,
    protect_shares,
    protect_table,
    share,
    table_lines,
    threshold,
)
from tests.disclosure import UNPUBLISHED, as_cells, determined

FEW = Suppressed(primary=True)
HIDDEN = Suppressed(primary=False)


def leaks(published_rows, **shape):
    height, width = len(published_rows), len(published_rows[0])
    return determined(as_cells(published_rows), table_lines(height, width, **shape))


def test_one_person_of_another_gender_hides_one_more_cell_not_the_row():
    # women, men, other, total: the old rule hid the 40 women too.
    assert protect_table([[40, 38, 1, 79]], column_totals=False) == [[40, HIDDEN, FEW, 79]]
    assert not leaks([[40, HIDDEN, FEW, 79]], column_totals=False)


def test_zero_and_large_counts_are_shown_and_nothing_is_hidden_without_need():
    assert protect_table([[5, 7, 0, 12]], column_totals=False) == [[5, 7, 0, 12]]
    assert protect_table([[0, 0, 0, 0]], column_totals=False) == [[0, 0, 0, 0]]


def test_under_a_small_total_every_part_is_hidden_zeros_too():
    # Were the zeros shown, [1, 1, 1, 1 | 4] would give itself away: four parts of at least one.
    assert protect_table([[3, 0, 0, 3]], column_totals=False) == [[FEW, FEW, FEW, FEW]]
    assert protect_table([[1, 1, 1, 1, 4]], column_totals=False) == [[FEW] * 5]
    assert not leaks([[FEW] * 5], column_totals=False)


def test_two_small_counts_protect_each_other_when_the_total_is_large():
    # 3 + 2 = 5 is shown; each of the two could be 1 to 4.
    assert protect_table([[3, 2, 0, 5]], column_totals=False) == [[FEW, FEW, 0, 5]]
    assert not leaks([[FEW, FEW, 0, 5]], column_totals=False)


def test_a_complement_too_close_to_the_total_is_not_enough():
    # 1 + 5 = 6: hiding the 5 as "dolt" (at least 5) would leave the 1 as the only answer.
    published = protect_table([[1, 5, 30, 36]], column_totals=False)
    assert published == [[FEW, HIDDEN, HIDDEN, 36]]
    assert not leaks(published, column_totals=False)


def test_municipalities_by_gender_with_county_totals():
    # Two municipalities and the county: one small count hides four cells, no more.
    rows = [
        [12, 10, 0, 22],
        [3, 9, 0, 12],
        [15, 19, 0, 34],
    ]
    published = protect_table(rows)
    assert published == [
        [HIDDEN, HIDDEN, 0, 22],
        [FEW, HIDDEN, 0, 12],
        [15, 19, 0, 34],
    ]
    assert not leaks(published)


def test_a_count_fixed_only_by_combining_rows_and_columns_is_protected():
    # Found by the property test below: no single row or column fixes a hidden count here, but
    # rows and columns together did (the 5 men of the third row), before the exact test.
    rows = [
        [0, 0, 0, 0, 0],
        [0, 0, 4, 0, 4],
        [0, 5, 1, 0, 6],
        [0, 1, 0, 4, 5],
        [0, 6, 5, 4, 15],
    ]
    assert not leaks(protect_table(rows))


def test_a_table_of_many_municipalities_is_protected_as_one():
    # 40 municipalities with one or two of another gender here and there, and the county.
    interior = [[10 + r % 7, 8 + r % 5, r % 3 if r % 4 else 0] for r in range(40)]
    rows = [[*row, sum(row)] for row in interior]
    rows.append([sum(column) for column in zip(*rows, strict=True)])
    published = protect_table(rows)
    assert not leaks(published)
    # The county's total and women stand; every small count is hidden.
    assert published[-1][3] == rows[-1][3] and published[-1][0] == rows[-1][0]
    assert all(
        isinstance(shown, Suppressed)
        for row, published_row in zip(rows, published, strict=True)
        for value, shown in zip(row, published_row, strict=True)
        if 0 < value < 5
    )


def test_protect_works_on_any_lines_a_reader_knows():
    # The county and three municipalities, each split by gender: one equation per level.
    counts = {"county": 30, "a": 20, "b": 8, "c": 2}
    published = protect(counts, [("county", ["a", "b", "c"])])
    assert published == {"county": 30, "a": 20, "b": HIDDEN, "c": FEW}


def test_the_marks_read_in_swedish():
    assert str(FEW) == "färre än 5"
    assert str(HIDDEN) == "dolt"


@override_settings(SMALL_NUMBER_THRESHOLD=3)
def test_the_threshold_is_a_setting():
    assert threshold() == 3
    published = protect_table([[4, 2, 0, 6]], column_totals=False)
    assert published == [[Suppressed(False, 3), Suppressed(True, 3), 0, 6]]
    assert str(published[0][1]) == "färre än 3"


def test_shares_need_enough_people_on_both_sides():
    assert share(10, 40) == Fraction(1, 4)
    assert share(0, 40) == 0
    assert share(40, 40) == 1
    assert share(3, 40) is None  # three people
    assert share(38, 40) is None  # two did not
    assert share(4, 4) is None  # too few to compare
    assert share(0, 0) is None
    assert share(FEW, 40) is None and share(10, HIDDEN) is None


# --- No table the rule publishes gives a hidden count away ----------------------------------

# Counts the way the product meets them: many zeros and small numbers, some large ones.
counts = st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 9), st.integers(10, 60))


@st.composite
def tables(draw):
    """Interior counts of 1–6 rows by 1–4 columns, with row totals and a totals row."""
    height = draw(st.integers(1, 6))
    width = draw(st.integers(1, 4))
    interior = [[draw(counts) for _c in range(width)] for _r in range(height)]
    rows = [[*row, sum(row)] for row in interior]
    rows.append([sum(column) for column in zip(*rows, strict=True)])
    return rows


@settings(max_examples=200, deadline=None, derandomize=True)
@given(tables())
def test_no_published_table_determines_a_hidden_count(rows):
    published = protect_table(rows)
    assert not leaks(published)
    for original_row, published_row in zip(rows, published, strict=True):
        for original, shown in zip(original_row, published_row, strict=True):
            if isinstance(shown, Suppressed):
                # Primary: small, or a zero under a small total; complementary: large.
                assert shown.primary == (original < 5)
            else:
                assert shown == original
                assert not 0 < shown < 5


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(counts, min_size=1, max_size=8))
def test_no_published_line_determines_a_hidden_count(parts):
    rows = [[*parts, sum(parts)]]
    published = protect_table(rows, column_totals=False)
    assert not leaks(published, column_totals=False)


# --- A share's numerators and denominators, protected together ------------------------------


def share_leaks(numerators, denominators):
    """What a reader works out from both published tables and the rest between them."""
    height, width = len(numerators), len(numerators[0])
    published, lines = {}, []
    for name, rows in (("n", numerators), ("d", denominators)):
        published.update({(name, *key): value for key, value in as_cells(rows).items()})
        lines += [
            ((name, *total), [(name, *part) for part in parts])
            for total, parts in table_lines(height, width)
        ]
    for r in range(height):
        for c in range(width):
            published[("rest", r, c)] = UNPUBLISHED
            lines.append((("d", r, c), [("n", r, c), ("rest", r, c)]))
    return determined(published, lines)


def with_totals(interior):
    rows = [[*row, sum(row)] for row in interior]
    return [*rows, [sum(column) for column in zip(*rows, strict=True)]]


def test_thirty_eight_of_forty_does_not_tell_that_two_did_not():
    numerators = with_totals([[38, 20], [12, 30]])
    denominators = with_totals([[40, 30], [20, 40]])
    shown, of = protect_shares(numerators, denominators)
    assert isinstance(shown[0][0], Suppressed)  # 38 of 40: hidden from the start
    # The rest of the rectangle goes with it, in both tables; the totals stand.
    assert shown[2] == [50, 50, 100] and of[2] == [60, 70, 130]
    assert [row[2] for row in shown] == [58, 42, 100] and [row[2] for row in of] == [70, 60, 130]
    assert not share_leaks(shown, of)
    # Protected apart, both tables would show the 38 and the 40.
    assert protect_table(numerators)[0][0] == 38 and protect_table(denominators)[0][0] == 40


@st.composite
def share_tables(draw):
    height = draw(st.integers(1, 4))
    width = draw(st.integers(1, 3))
    numerators = [[draw(counts) for _c in range(width)] for _r in range(height)]
    rests = [[draw(counts) for _c in range(width)] for _r in range(height)]
    denominators = [
        [n + rest for n, rest in zip(row, rest_row, strict=True)]
        for row, rest_row in zip(numerators, rests, strict=True)
    ]
    return with_totals(numerators), with_totals(denominators)


@settings(max_examples=120, deadline=None, derandomize=True)
@given(share_tables())
def test_no_published_share_gives_a_count_or_a_small_rest_away(tables):
    numerators, denominators = tables
    shown, of = protect_shares(numerators, denominators)
    assert not share_leaks(shown, of)
    for table, published in ((numerators, shown), (denominators, of)):
        for row, published_row in zip(table, published, strict=True):
            for value, mark in zip(row, published_row, strict=True):
                assert mark == value or isinstance(mark, Suppressed)
