"""Small-cell suppression for published survey results (statistical disclosure control).

A survey's results are published as count tables: one row per answer option, one column per
demographic group (or a single "everyone" column), with row totals, column totals and a grand
total. A count between 1 and ``min_cell`` can point at a handful of identifiable residents (the
two respondents aged 18-24 in a small district who answered "no"), so it is hidden (primary
suppression). Hiding it alone is not enough: the reader could subtract the published values of
its row or column from the published total, so other values are hidden too (complementary
suppression) until no hidden small count can be worked out from what is published.

Zero is not sensitive ("nobody answered this") and may be published. The module is pure Python
(plus scipy for the linear-programming audit) so the rule can be tested on its own and the app
only has to call :func:`protect` and render the :class:`Protected` it returns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["MIN_CELL_FLOOR", "Protected", "protect"]

# The threshold may go up for a sensitive survey, never below 10: below that, published
# counts start to describe individuals rather than groups.
MIN_CELL_FLOOR = 10

# Tolerance for reading LP optima as integers (HiGHS returns floats).
_EPS = 1e-6


@dataclass(frozen=True)
class Protected:
    """A count table ready to publish: every value is either the true count or ``None``
    (suppressed). Percentages are derived here so that a template cannot show the percentage
    of a hidden cell, which would disclose the cell as surely as its count."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    col_totals: tuple[int | None, ...]
    total: int | None

    def percent(self, i: int, j: int) -> float | None:
        """Column percentage of cell (i, j), or None when the cell or its column total is hidden
        (or the column total is 0), because a percentage and its base give the count back."""
        cell = self.cells[i][j]
        base = self.col_totals[j]
        if cell is None or base is None or base == 0:
            return None
        return cell / base * 100

    def row_percent_of_total(self, i: int) -> float | None:
        """Row total i as a percentage of the grand total, or None when either is hidden (or
        the grand total is 0), for the same reason as :meth:`percent`."""
        row = self.row_totals[i]
        if row is None or self.total is None or self.total == 0:
            return None
        return row / self.total * 100

    @property
    def hidden_count(self) -> int:
        """How many values (cells and totals) are suppressed, so a page can say so."""
        values: list[int | None] = [v for row in self.cells for v in row]
        values += [*self.row_totals, *self.col_totals, self.total]
        return sum(1 for v in values if v is None)


def protect(
    cells: Sequence[Sequence[int]],
    *,
    min_cell: int = MIN_CELL_FLOOR,
    fixed_row_totals: Sequence[bool] | None = None,
    fixed_total: bool | None = None,
) -> Protected:
    """Suppress every count in 1..min_cell of the table ``cells`` (and of its totals) and enough
    other values that none of the hidden small counts can be recovered from the published ones.

    ``fixed_row_totals`` / ``fixed_total`` carry the suppression pattern of a table already
    published with the same row totals (the "everyone" column): True means hidden, False means
    published. A cross-tab must show the same pattern, otherwise the two tables together would
    give the hidden totals away; the protection then uses only interior cells and column
    totals. The output is deterministic, so a results page reads the same on every render.

    Raises ValueError for a malformed table, a threshold below :data:`MIN_CELL_FLOOR`, a fixed
    pattern of the wrong length, a total fixed as published that is in 1..min_cell, or a fixed
    pattern that discloses a small value whatever else is hidden (it cannot come from protect()).
    """
    grid = _validated(cells)
    if isinstance(min_cell, bool) or not isinstance(min_cell, int):
        raise ValueError("min_cell must be an integer.")
    if min_cell < MIN_CELL_FLOOR:
        raise ValueError(f"min_cell must be at least {MIN_CELL_FLOOR}, not {min_cell}.")
    table = _Table(grid, min_cell)
    table.fix(fixed_row_totals, fixed_total)
    table.suppress()
    return table.result()


def _validated(cells: Sequence[Sequence[int]]) -> list[list[int]]:
    """A copy of ``cells`` as a list of lists, refusing anything that is not a non-empty
    rectangle of non-negative integers (a negative count means a bug upstream, and publishing
    from a bug is worse than failing)."""
    if isinstance(cells, str | bytes) or not isinstance(cells, Sequence):
        raise ValueError("cells must be a sequence of rows.")
    rows: list[list[int]] = []
    for row in cells:
        if isinstance(row, str | bytes) or not isinstance(row, Sequence):
            raise ValueError("Each row of cells must be a sequence of counts.")
        rows.append(list(row))
    if not rows or not rows[0]:
        raise ValueError("A table needs at least one row and one column.")
    width = len(rows[0])
    for row in rows:
        if len(row) != width:
            raise ValueError("All rows must have the same number of columns.")
        for value in row:
            if isinstance(value, bool) or not isinstance(value, int | np.integer):
                raise ValueError("Counts must be integers.")
            if value < 0:
                raise ValueError("Counts cannot be negative.")
    return [[int(v) for v in row] for row in rows]


class _Table:
    """The table with its margins as one flat list of values, so cells and totals are handled
    alike. Index layout: cells row by row, then row totals, then column totals, then the grand
    total. A "line" is an additive relation a reader can use: each row (its cells sum to its
    row total), each column (its cells sum to its column total), the row totals (sum to the
    grand total) and the column totals (likewise). Every value lies on exactly two lines."""

    def __init__(self, grid: list[list[int]], min_cell: int) -> None:
        self.n_rows = len(grid)
        self.n_cols = len(grid[0])
        self.min_cell = min_cell
        row_sums = [sum(row) for row in grid]
        col_sums = [sum(grid[i][j] for i in range(self.n_rows)) for j in range(self.n_cols)]
        self.values: list[int] = [v for row in grid for v in row]
        self.values += [*row_sums, *col_sums, sum(row_sums)]
        size = len(self.values)
        self.n_cells = self.n_rows * self.n_cols
        self.may_hide = [True] * size
        self.must_hide = [False] * size
        self.hidden = [False] * size
        # Each line is a list of (value index, sign): sum(sign * value) == 0 holds for the true
        # table; the member with sign -1 is the line's total.
        self.lines: list[list[tuple[int, int]]] = []
        for i in range(self.n_rows):
            self.lines.append([(self.cell(i, j), 1) for j in range(self.n_cols)])
            self.lines[-1].append((self.row_total(i), -1))
        for j in range(self.n_cols):
            self.lines.append([(self.cell(i, j), 1) for i in range(self.n_rows)])
            self.lines[-1].append((self.col_total(j), -1))
        self.lines.append([(self.row_total(i), 1) for i in range(self.n_rows)])
        self.lines[-1].append((self.grand_total, -1))
        self.lines.append([(self.col_total(j), 1) for j in range(self.n_cols)])
        self.lines[-1].append((self.grand_total, -1))
        # The two lines of each value, in the order "its row, else its column" for cells.
        self.lines_of: list[list[int]] = [[] for _ in range(size)]
        for n, line in enumerate(self.lines):
            for k, _sign in line:
                self.lines_of[k].append(n)
        self.line_total = [next(k for k, s in line if s == -1) for line in self.lines]

    def cell(self, i: int, j: int) -> int:
        return i * self.n_cols + j

    def row_total(self, i: int) -> int:
        return self.n_cells + i

    def col_total(self, j: int) -> int:
        return self.n_cells + self.n_rows + j

    @property
    def grand_total(self) -> int:
        return self.n_cells + self.n_rows + self.n_cols

    def sensitive(self, k: int) -> bool:
        """A count a reader must not learn: 1..min_cell people (zero describes nobody)."""
        return 1 <= self.values[k] <= self.min_cell

    def fix(self, fixed_row_totals: Sequence[bool] | None, fixed_total: bool | None) -> None:
        """Pin the row totals and grand total to the pattern of the table already published
        with them; refuse a total fixed as published when it is itself a small count."""
        pins: list[tuple[int, bool]] = []
        if fixed_row_totals is not None:
            if len(fixed_row_totals) != self.n_rows:
                raise ValueError(
                    f"fixed_row_totals has {len(fixed_row_totals)} entries for {self.n_rows} rows."
                )
            pins += [(self.row_total(i), bool(h)) for i, h in enumerate(fixed_row_totals)]
        if fixed_total is not None:
            pins.append((self.grand_total, bool(fixed_total)))
        for k, hide in pins:
            self.may_hide[k] = hide
            self.must_hide[k] = hide
            if not hide and self.sensitive(k):
                raise ValueError(
                    f"A total fixed as published is {self.values[k]}, within 1..{self.min_cell}."
                )

    def suppress(self) -> None:
        """Primary suppression, then the line rule and the LP audit until nothing small can be
        recovered. Each audit round that finds a recovered value hides one more value, so the
        loop ends (at worst with everything that may be hidden hidden)."""
        for k in range(len(self.values)):
            self.hidden[k] = self.must_hide[k] or (self.may_hide[k] and self.sensitive(k))
        while True:
            self._line_rule()
            recovered = self._recovered()
            if not recovered:
                return
            extra = self._extra_for(recovered[0])
            if extra is None:
                raise ValueError(
                    "The fixed suppression pattern discloses a small count whatever else is "
                    "hidden; derive it with protect() on the one-column table."
                )
            self.hidden[extra] = True

    # -- complementary suppression ------------------------------------------------------------

    def _tier(self, k: int) -> int:
        """How good a complement value k is (lower is better): a positive cell, then a positive
        total, then a zero cell that could be non-zero as far as a reader knows (both its lines
        have a positive total), then anything else (a zero that protects nothing)."""
        if self.values[k] > 0:
            return 0 if k < self.n_cells else 1
        if k < self.n_cells and all(self.values[self.line_total[n]] > 0 for n in self.lines_of[k]):
            return 2
        return 3

    def _best(self, candidates: Sequence[int], tiers: Sequence[int]) -> int | None:
        """The smallest published value among ``candidates`` that may be hidden and whose tier
        is allowed: hiding the smallest costs readers the least information. Ties go to the
        lower index so the output is deterministic."""
        pool = [
            (self._tier(k), self.values[k], k)
            for k in candidates
            if not self.hidden[k] and self.may_hide[k] and self._tier(k) in tiers
        ]
        return min(pool)[2] if pool else None

    def _line_rule(self) -> None:
        """A line with exactly one hidden member gives it away by subtraction, so give every
        such line a second hidden member; repeat until no line has exactly one."""
        changed = True
        while changed:
            changed = False
            for line in self.lines:
                members = [k for k, _sign in line]
                if sum(1 for k in members if self.hidden[k]) != 1:
                    continue
                extra = self._best(members, (0, 1, 2))
                if extra is not None:
                    self.hidden[extra] = True
                    changed = True

    def _extra_for(self, k: int) -> int | None:
        """One more value to hide because value k can still be recovered: a positive cell in
        its row, else in its column (for a total: its own lines), else a total or a useful
        zero on those lines, else anything that may still be hidden."""
        for n in self.lines_of[k]:
            extra = self._best([m for m, _s in self.lines[n]], (0,))
            if extra is not None:
                return extra
        near = [m for n in self.lines_of[k] for m, _s in self.lines[n]]
        extra = self._best(near, (1, 2))
        if extra is not None:
            return extra
        return self._best(range(len(self.values)), (0, 1, 2, 3))

    # -- audit -------------------------------------------------------------------------------

    def _recovered(self) -> list[int]:
        """Hidden small counts that the published values pin to a single integer, through the
        line equations and non-negativity (a reader with a linear-programming solver can do no
        better). Most values are cleared in bulk: a solution maximising (or minimising) the sum
        of the unresolved values moves many of them by at least one at once; only the rest get
        their own minimise and maximise."""
        targets = [k for k in range(len(self.values)) if self.hidden[k] and self.sensitive(k)]
        if not targets:
            return []
        unknowns = [k for k in range(len(self.values)) if self.hidden[k]]
        column = {k: n for n, k in enumerate(unknowns)}
        a_rows: list[list[float]] = []
        b_eq: list[float] = []
        for line in self.lines:
            coefficients = [0.0] * len(unknowns)
            rhs = 0.0
            unknown_here = False
            for k, sign in line:
                if self.hidden[k]:
                    coefficients[column[k]] = float(sign)
                    unknown_here = True
                else:
                    rhs -= sign * self.values[k]
            if unknown_here:
                a_rows.append(coefficients)
                b_eq.append(rhs)
        audit = _Audit(
            np.array(a_rows, dtype=float),
            np.array(b_eq, dtype=float),
            np.array([self.values[k] for k in unknowns], dtype=float),
        )
        pinned = audit.pinned([column[k] for k in targets])
        return sorted(unknowns[n] for n in pinned)

    def result(self) -> Protected:
        """The published table: true values where shown, None where hidden."""
        shown: list[int | None] = [None if self.hidden[k] else v for k, v in enumerate(self.values)]
        cells = tuple(
            tuple(shown[self.cell(i, j)] for j in range(self.n_cols)) for i in range(self.n_rows)
        )
        return Protected(
            cells=cells,
            row_totals=tuple(shown[self.row_total(i)] for i in range(self.n_rows)),
            col_totals=tuple(shown[self.col_total(j)] for j in range(self.n_cols)),
            total=shown[self.grand_total],
        )


class _Audit:
    """The reader's view as a linear program: unknowns are the hidden values, ``a_eq x = b_eq``
    are the line equations with the published values substituted, and x >= 0. ``truth`` is the
    real table, which is always feasible."""

    def __init__(self, a_eq: np.ndarray[Any, Any], b_eq: np.ndarray[Any, Any], truth: Any) -> None:
        self.a_eq = a_eq
        self.b_eq = b_eq
        self.truth: np.ndarray[Any, Any] = truth
        size = len(truth)
        # A box for the bulk passes only, so that they always return a point; a point inside
        # the box is a point of the reader's unbounded region too, so this never hides a leak.
        self.box = [(0.0, 2.0 * float(truth.max(initial=0.0)) + 2.0)] * size
        self.open = [(0.0, None)] * size

    def _solve(self, objective: np.ndarray[Any, Any], bounded: bool) -> Any:
        # Imported here: a web process starts without scipy until a table needs checking.
        from scipy.optimize import linprog

        return linprog(
            objective,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=self.box if bounded else self.open,
            method="highs",
        )

    def _moved(self, x: Any, unresolved: set[int]) -> set[int]:
        """Unknowns that this feasible point moves a whole unit away from the truth: each then
        has at least two integers in its range (its true value and one more)."""
        return {n for n in unresolved if abs(float(x[n]) - self.truth[n]) >= 1 - _EPS}

    def pinned(self, targets: list[int]) -> list[int]:
        """Targets whose minimum and maximum over the feasible region leave room for one
        integer only: ceil(min - eps) >= floor(max + eps)."""
        unresolved = set(targets)
        for direction in (-1.0, 1.0):  # maximise the sum, then minimise it
            while unresolved:
                objective = np.zeros(len(self.truth))
                objective[sorted(unresolved)] = direction
                result = self._solve(objective, bounded=True)
                if result.status != 0:
                    break
                moved = self._moved(result.x, unresolved)
                if not moved:
                    break
                unresolved -= moved
        pinned: list[int] = []
        for n in sorted(unresolved):
            if n not in unresolved:
                continue
            objective = np.zeros(len(self.truth))
            objective[n] = -1.0
            high = self._solve(objective, bounded=False)
            if high.status == 3:  # unbounded above: certainly not pinned
                unresolved.discard(n)
                continue
            if high.status == 0:
                unresolved -= self._moved(high.x, unresolved)
                if n not in unresolved:
                    continue
            objective[n] = 1.0
            low = self._solve(objective, bounded=False)
            if low.status == 0:
                unresolved -= self._moved(low.x, unresolved)
                if n not in unresolved:
                    continue
            if high.status != 0 or low.status != 0:
                # The solver gave no answer: count the value as recovered and hide more, which
                # over-protects rather than risk a leak.
                pinned.append(n)
                continue
            if math.ceil(low.fun - _EPS) >= math.floor(-high.fun + _EPS):
                pinned.append(n)
        return pinned
