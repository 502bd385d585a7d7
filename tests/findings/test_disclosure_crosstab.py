"""The joint check of sibling views: the quick residual-cycle test agrees with a max-flow
asked from scratch, on random tables and boxes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from voices.findings.crosstab import BIG, can_move, feasible


@st.composite
def boxed_tables(draw):
    n_rows, n_cols = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    truth = [[draw(st.integers(0, 6)) for _ in range(n_cols)] for _ in range(n_rows)]

    def box(value):
        kind = draw(st.sampled_from(["exact", "around", "open", "at least"]))
        if kind == "exact":
            return (value, value)
        if kind == "around":
            return (max(0, value - draw(st.integers(0, 2))), value + draw(st.integers(0, 2)))
        return (0, BIG) if kind == "open" else (min(value, 3), BIG)

    cells = [[box(v) for v in row] for row in truth]
    rows = [box(sum(row)) for row in truth]
    cols = [box(sum(row[c] for row in truth)) for c in range(n_cols)]
    group = frozenset(draw(st.sets(st.integers(0, n_rows - 1), min_size=1)))
    return truth, cells, rows, cols, group, draw(st.integers(0, n_cols - 1))


@settings(max_examples=200, deadline=None)
@given(boxed_tables(), st.sampled_from([1, -1]))
def test_residual_cycle_agrees_with_max_flow(case, step):
    truth, cells, rows, cols, group, c = case
    assert feasible(cells, rows, cols)  # the truth is a solution
    value = sum(truth[r][c] for r in group) + step
    expected = value >= 0 and feasible(cells, rows, cols, (group, c, value))
    assert can_move(cells, rows, cols, truth, group, c, step) == expected


def test_worked_example_pinned_then_open():
    # Group 0 (4 people): yes hidden as "at least 3", no "fewer than 3". Group 1 shows
    # 0 yes and 4 no. "All" shows 3 yes and 5 no: group 0's yes can only be 3.
    truth = [[3, 1], [0, 4]]
    cells = [[(3, BIG), (1, 2)], [(0, 0), (4, 4)]]
    rows, cols = [(4, 4), (4, 4)], [(3, 3), (5, 5)]
    group = frozenset([0])
    assert not can_move(cells, rows, cols, truth, group, 0, 1)
    assert not can_move(cells, rows, cols, truth, group, 0, -1)
    # Hide all of group 0 and 1 ("table": anything): now 3 yes can be split 2 + 1.
    cells = [[(0, BIG), (0, BIG)], [(0, BIG), (0, BIG)]]
    assert can_move(cells, rows, cols, truth, group, 0, -1)
