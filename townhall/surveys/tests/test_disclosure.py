"""Small-cell suppression: no count in 1..min_cell is published, and none that is hidden can be
worked out from what is. The property tests check the second rule with their own auditor (a
linear program over the whole table with its margins), not with the module's."""

from __future__ import annotations

import math
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from townhall.surveys.disclosure import MIN_CELL_FLOOR, Protected, protect

# -- an independent auditor --------------------------------------------------------------------


def _full(cells: list[list[int]]) -> list[list[int]]:
    """The table with its margins as an (R+1) x (C+1) grid: last column the row totals, last
    row the column totals, corner the grand total."""
    rows = [[*row, sum(row)] for row in cells]
    rows.append([sum(row[j] for row in rows) for j in range(len(rows[0]))])
    return rows


def _shown(result: Protected) -> list[list[int | None]]:
    rows: list[list[int | None]] = [
        [*row, total] for row, total in zip(result.cells, result.row_totals, strict=True)
    ]
    rows.append([*result.col_totals, result.total])
    return rows


def _recoverable(
    cells: list[list[int]], result: Protected, min_cell: int
) -> list[tuple[int, int, int]]:
    """Hidden values in 1..min_cell that a reader can pin to one integer. Unknowns are all
    (R+1)(C+1) grid entries, >= 0; published ones are fixed by their bounds; every row of the
    grid sums to its last entry and every column likewise."""
    truth = _full(cells)
    shown = _shown(result)
    n_rows, n_cols = len(truth), len(truth[0])

    def var(i: int, j: int) -> int:
        return i * n_cols + j

    a_eq: list[list[float]] = []
    for i in range(n_rows):
        row = [0.0] * (n_rows * n_cols)
        for j in range(n_cols - 1):
            row[var(i, j)] = 1.0
        row[var(i, n_cols - 1)] = -1.0
        a_eq.append(row)
    for j in range(n_cols):
        col = [0.0] * (n_rows * n_cols)
        for i in range(n_rows - 1):
            col[var(i, j)] = 1.0
        col[var(n_rows - 1, j)] = -1.0
        a_eq.append(col)
    b_eq = [0.0] * len(a_eq)
    bounds: list[tuple[float, float | None]] = []
    for shown_row in shown:
        for published in shown_row:
            bounds.append((0.0, None) if published is None else (published, published))
    leaks: list[tuple[int, int, int]] = []
    for i in range(n_rows):
        for j in range(n_cols):
            value = truth[i][j]
            if shown[i][j] is not None or not 1 <= value <= min_cell:
                continue
            objective = [0.0] * (n_rows * n_cols)
            objective[var(i, j)] = -1.0
            high = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            assert high.status in (0, 3), high.message
            if high.status == 3 or -high.fun >= value + 1 - 1e-6:
                continue  # the true value and one more both fit
            objective[var(i, j)] = 1.0
            low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            assert low.status == 0, low.message
            if math.ceil(low.fun - 1e-6) >= math.floor(-high.fun + 1e-6):
                leaks.append((i, j, value))
    return leaks


def _check(cells: list[list[int]], result: Protected, min_cell: int) -> None:
    """Rules (a), (b) and (c): nothing small published, the published values true, and no
    hidden small value recoverable."""
    truth = _full(cells)
    shown = _shown(result)
    for true_row, shown_row in zip(truth, shown, strict=True):
        for value, published in zip(true_row, shown_row, strict=True):
            if published is not None:
                assert published == value
                assert not 1 <= published <= min_cell
    assert _recoverable(cells, result, min_cell) == []


def _one_column_pattern(cells: list[list[int]], min_cell: int) -> tuple[list[bool], bool]:
    """What the app does: protect the "everyone" column (the row sums) first, then hand its
    pattern to the cross-tab."""
    everyone = protect([[sum(row)] for row in cells], min_cell=min_cell)
    return [v is None for v in everyone.row_totals], everyone.total is None


# -- hand-made examples -------------------------------------------------------------------------


def test_single_small_cell_in_a_column_gets_a_complement() -> None:
    result = protect([[3], [50], [60]])
    assert result.cells[0] == (None,)
    assert sum(1 for row in result.cells if row[0] is None) == 2
    assert result.cells[1] == (None,)  # the smallest other count is the cheapest complement
    assert result.total == 113
    _check([[3], [50], [60]], result, 10)


def test_two_by_two_with_one_small_cell_hides_all_four_cells_but_keeps_the_margins() -> None:
    cells = [[3, 50], [40, 60]]
    result = protect(cells)
    assert result.cells == ((None, None), (None, None))
    assert result.row_totals == (53, 100)
    assert result.col_totals == (43, 110)
    assert result.total == 153
    _check(cells, result, 10)


def test_all_zero_row_is_published_because_zero_is_not_sensitive() -> None:
    cells = [[0, 0, 0], [30, 40, 50], [3, 60, 70]]
    result = protect(cells)
    assert result.cells[0] == (0, 0, 0)
    assert result.row_totals[0] == 0
    assert result.cells[2][0] is None
    _check(cells, result, 10)


def test_min_cell_12_hides_11_and_12_that_10_publishes() -> None:
    cells = [[11], [12], [100]]
    assert protect(cells).cells == ((11,), (12,), (100,))
    raised = protect(cells, min_cell=12)
    assert raised.cells == ((None,), (None,), (100,))
    assert raised.total == 123
    _check(cells, raised, 12)


def test_min_cell_below_the_floor_of_10_is_refused() -> None:
    assert MIN_CELL_FLOOR == 10
    with pytest.raises(ValueError, match="at least 10"):
        protect([[50]], min_cell=9)


@pytest.mark.parametrize(
    "cells",
    [[], [[]], [[1, 2], [3]], [[1, -1]], [[1.5]], "12", [[True]]],
    ids=["no rows", "no columns", "ragged", "negative", "float", "string", "bool"],
)
def test_malformed_table_is_refused(cells: object) -> None:
    with pytest.raises(ValueError):
        protect(cells)  # type: ignore[arg-type]


def test_table_with_every_value_above_min_cell_hides_nothing() -> None:
    cells = [[11, 200], [30, 45], [0, 12]]
    result = protect(cells)
    assert result.hidden_count == 0
    assert result.cells == ((11, 200), (30, 45), (0, 12))
    assert result.row_totals == (211, 75, 12)
    assert result.col_totals == (41, 257)
    assert result.total == 298


def test_small_grand_total_hides_every_positive_value() -> None:
    cells = [[2, 0], [3, 1]]
    result = protect(cells)
    assert result.total is None
    assert result.cells[0][1] == 0
    _check(cells, result, 10)


def test_one_column_table_shows_its_cells_as_its_row_totals() -> None:
    cells = [[4], [0], [90], [25], [7]]
    result = protect(cells)
    assert result.row_totals == tuple(row[0] for row in result.cells)
    assert result.cells == ((None,), (0,), (90,), (25,), (None,))
    assert result.col_totals == (result.total,) == (126,)
    _check(cells, result, 10)


def test_one_column_table_with_a_single_small_row_hides_the_next_smallest() -> None:
    cells = [[5], [30], [40]]
    result = protect(cells)
    assert result.cells == ((None,), (None,), (40,))
    _check(cells, result, 10)


def test_fixed_row_totals_and_total_are_kept_exactly() -> None:
    cells = [[1, 2], [60, 60], [40, 40], [0, 5]]
    hidden, total_hidden = _one_column_pattern(cells, 10)
    assert hidden == [True, False, False, True]
    result = protect(cells, fixed_row_totals=hidden, fixed_total=total_hidden)
    assert [v is None for v in result.row_totals] == hidden
    assert (result.total is None) == total_hidden
    _check(cells, result, 10)


def test_large_row_total_hidden_as_a_complement_keeps_a_cell_of_its_row_hidden() -> None:
    # The "everyone" column hides 3 and, as its complement, 50. Were row 1's cells all shown
    # in the cross-tab, they would add up to 50 and give 3 = 113 - 50 - 60 away.
    cells = [[1, 2], [20, 30], [30, 30]]
    hidden, total_hidden = _one_column_pattern(cells, 10)
    assert (hidden, total_hidden) == ([True, True, False], False)
    result = protect(cells, fixed_row_totals=hidden, fixed_total=total_hidden)
    assert result.row_totals == (None, None, 60)
    assert None in result.cells[1]
    _check(cells, result, 10)


def test_fixed_published_row_total_within_min_cell_is_refused() -> None:
    with pytest.raises(ValueError, match="fixed as published"):
        protect([[3, 4], [50, 60]], fixed_row_totals=[False, False])


def test_fixed_pattern_of_wrong_length_is_refused() -> None:
    with pytest.raises(ValueError, match="entries"):
        protect([[3, 4], [50, 60]], fixed_row_totals=[True])


def test_fixed_pattern_that_discloses_by_itself_is_refused() -> None:
    # r0 = 10 is hidden but equals the published total minus the published r1.
    with pytest.raises(ValueError, match="discloses"):
        protect([[5, 5], [50, 50]], fixed_row_totals=[True, False], fixed_total=False)


def test_percentages_are_hidden_with_their_cell() -> None:
    result = protect([[3, 50], [40, 60], [200, 300]])
    assert result.cells[0][0] is None
    assert result.percent(0, 0) is None
    assert result.percent(2, 0) == pytest.approx(200 / 243 * 100)
    assert result.row_percent_of_total(2) == pytest.approx(500 / 653 * 100)


def test_percentages_need_a_published_nonzero_base() -> None:
    table = Protected(
        cells=((0, 5), (0, None)),
        row_totals=(5, None),
        col_totals=(0, None),
        total=None,
    )
    assert table.percent(0, 0) is None  # a column of zeros has no percentages
    assert table.percent(0, 1) is None  # the base is hidden
    assert table.row_percent_of_total(0) is None
    assert table.hidden_count == 4


def test_output_is_deterministic() -> None:
    cells = [[3, 7, 0, 40], [12, 2, 80, 5], [33, 90, 1, 60]]
    assert protect(cells) == protect(cells)
    assert protect(cells) == protect(tuple(tuple(row) for row in cells))


def test_auditor_catches_primary_suppression_alone() -> None:
    """Keeps the auditor honest: hiding just the small cells leaves them recoverable."""
    cells = [[3, 50], [40, 60]]
    naive = Protected(
        cells=((None, 50), (40, 60)), row_totals=(53, 100), col_totals=(43, 110), total=153
    )
    assert _recoverable(cells, naive, 10) == [(0, 0, 3)]


def test_twelve_by_twelve_table_is_protected_quickly() -> None:
    rng = random.Random(12)
    cells = [
        [
            rng.choice([rng.randint(0, 15), rng.randint(0, 15), rng.randint(0, 200)])
            for _ in range(12)
        ]
        for _ in range(12)
    ]
    started = time.perf_counter()
    result = protect(cells)
    assert time.perf_counter() - started < 2
    _check(cells, result, 10)


# -- properties ---------------------------------------------------------------------------------

_count = st.one_of(st.just(0), st.integers(0, 15), st.integers(0, 15), st.integers(0, 200))


@st.composite
def _tables(draw: st.DrawFn) -> list[list[int]]:
    n_rows = draw(st.integers(1, 6))
    n_cols = draw(st.integers(1, 5))
    return [[draw(_count) for _ in range(n_cols)] for _ in range(n_rows)]


@settings(max_examples=200, deadline=None)
@given(cells=_tables(), min_cell=st.sampled_from([10, 11, 15]))
def test_no_small_count_is_published_or_recoverable(cells: list[list[int]], min_cell: int) -> None:
    _check(cells, protect(cells, min_cell=min_cell), min_cell)


@settings(max_examples=200, deadline=None)
@given(cells=_tables(), min_cell=st.sampled_from([10, 11, 15]))
def test_cross_tab_keeps_the_everyone_pattern_and_discloses_nothing(
    cells: list[list[int]], min_cell: int
) -> None:
    hidden, total_hidden = _one_column_pattern(cells, min_cell)
    result = protect(cells, min_cell=min_cell, fixed_row_totals=hidden, fixed_total=total_hidden)
    assert [v is None for v in result.row_totals] == hidden
    assert (result.total is None) == total_hidden
    _check(cells, result, min_cell)
