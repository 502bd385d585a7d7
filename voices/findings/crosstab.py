"""Sibling views read together: a table of groups (rows) by answers (columns).

"All" shows each answer's count (the columns' totals); each allowed breakdown option shows
its own view (a row, with its size as the row's total); whoever is in no shown group (the
small options, those who skipped the breakdown question) is a row nobody publishes but
anyone can work out by taking the shown rows away from "all". Hiding a cell in one view
is not enough when the same cell in "all" and in the other views gives it back.

So the check here reads all of them at once: a cell's possible values are those of some
whole table that fits every published number, every label and every total. Such tables
are flows (rows to columns), so one cell can take a value exactly when a flow with that
cell fixed exists; we test that with a small max-flow. Cells that must stay open: every
hidden cell, and every small cell of the unpublished row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

BIG = 10**9

Box = tuple[int, int]


Fix = tuple[frozenset[int], int, int]
"""(rows, column, value): the rows' cells in that column add up to value."""


def feasible(
    cells: Sequence[Sequence[Box]], rows: Sequence[Box], cols: Sequence[Box], fix: Fix | None = None
) -> bool:
    """Whether whole numbers within every cell's box can add up to row and column totals
    within their boxes, and to ``fix`` if given (a circulation with lower bounds).

    ``fix`` routes the chosen rows' arcs into that column through one extra node whose
    single arc carries exactly ``value``."""
    n_rows, n_cols = len(rows), len(cols)
    source, extra, sink = 0, 1 + n_rows + n_cols, 2 + n_rows + n_cols
    edges: list[tuple[int, int, int, int]] = []
    for r, box in enumerate(rows):
        edges.append((source, 1 + r, *box))
        for c in range(n_cols):
            into = 1 + n_rows + c
            if fix is not None and c == fix[1] and r in fix[0]:
                into = extra
            edges.append((1 + r, into, *cells[r][c]))
    if fix is not None:
        edges.append((extra, 1 + n_rows + fix[1], fix[2], fix[2]))
    for c, box in enumerate(cols):
        edges.append((1 + n_rows + c, sink, *box))
    edges.append((sink, source, 0, BIG))
    return _circulation(sink + 1, edges)


def _circulation(size: int, edges: list[tuple[int, int, int, int]]) -> bool:
    top, bottom = size, size + 1
    capacity = [[0] * (size + 2) for _ in range(size + 2)]
    excess = [0] * size
    for u, v, lo, hi in edges:
        if lo > hi:
            return False
        capacity[u][v] += hi - lo
        excess[v] += lo
        excess[u] -= lo
    need = 0
    for node, amount in enumerate(excess):
        if amount > 0:
            capacity[top][node] += amount
            need += amount
        elif amount < 0:
            capacity[node][bottom] -= amount
    return _max_flow(capacity, top, bottom) == need


def _max_flow(capacity: list[list[int]], source: int, sink: int) -> int:
    """Edmonds-Karp on a small dense graph (a few dozen nodes at most)."""
    total = 0
    nodes = range(len(capacity))
    while True:
        parent = {source: source}
        queue = [source]
        while queue and sink not in parent:
            u = queue.pop(0)
            for v in nodes:
                if v not in parent and capacity[u][v] > 0:
                    parent[v] = u
                    queue.append(v)
        if sink not in parent:
            return total
        push, v = BIG * 4, sink
        while v != source:
            push = min(push, capacity[parent[v]][v])
            v = parent[v]
        v = sink
        while v != source:
            capacity[parent[v]][v] -= push
            capacity[v][parent[v]] += push
            v = parent[v]
        total += push


def pinned_sum(
    cells: Sequence[Sequence[Box]],
    rows: Sequence[Box],
    cols: Sequence[Box],
    truth: Sequence[Sequence[int]],
    watch: Sequence[tuple[frozenset[int], int]],
) -> tuple[frozenset[int], int] | None:
    """The first watched (rows, column) whose sum can be nothing but its true value."""
    for group, c in watch:
        value = sum(truth[r][c] for r in group)
        if not any(
            value + step >= 0 and feasible(cells, rows, cols, (group, c, value + step))
            for step in (-1, 1)
        ):
            return (group, c)
    return None


def boxes_for(labels: Mapping[str, str | None], values: Mapping[str, int], rule) -> list[Box]:
    """Each cell's box from its label (None: shown) as a reader of the view knows it."""
    out = []
    for key, value in values.items():
        why = labels.get(key)
        if why is None:
            out.append(
                rule.rounded_range(rule.round(value)) if rule.rounding > 1 else (value, value)
            )
        elif why == "small":
            out.append(rule.small_range)
        elif why == "secondary":
            out.append((rule.threshold, BIG))
        else:
            out.append((0, BIG))
    return out
