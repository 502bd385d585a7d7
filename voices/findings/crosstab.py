"""Sibling views read together: a table of groups (rows) by answers (columns).

"All" shows each answer's count (the columns' totals); each allowed breakdown option shows
its own view (a row, with its size as the row's total); whoever is in no shown group (the
small options, those who skipped the breakdown question) is a row nobody publishes but
anyone can work out by taking the shown rows away from "all". Hiding a cell in one view
is not enough when the same cell in "all" and in the other views gives it back.

So the check here reads all of them at once: a cell's possible values are those of some
whole table that fits every published number, every label and every total. Such tables
are flows (rows to columns), so one cell can take a value exactly when a flow with that
cell fixed exists: ``can_move`` looks for a cycle in the true table's residual graph, and
``feasible`` (a max-flow, used by the tests to check it) asks the same question from
scratch. Sums that must stay open: every hidden cell, every parent cell hidden in "all",
and every small count of any set of groups, the unpublished left-over included.
"""

from __future__ import annotations

from collections import deque
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
        queue = deque([source])
        while queue and sink not in parent:
            u = queue.popleft()
            row = capacity[u]
            for v in nodes:
                if row[v] > 0 and v not in parent:
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
    safe: set[tuple[frozenset[int], int]] | None = None,
) -> tuple[frozenset[int], int] | None:
    """The first watched (rows, column) whose sum can be nothing but its true value.

    ``safe`` collects those found open and skips them next time: hiding more cells only
    widens boxes, so an open sum stays open."""
    safe = set() if safe is None else safe
    for item in watch:
        if item in safe:
            continue
        group, c = item
        if not (
            can_move(cells, rows, cols, truth, group, c, 1)
            or can_move(cells, rows, cols, truth, group, c, -1)
        ):
            return item
        safe.add(item)
    return None


def can_move(cells, rows, cols, truth, group: frozenset[int], c: int, step: int) -> bool:
    """Whether the rows' sum in column ``c`` can be its true value + ``step`` (1 or -1).

    The true table is one feasible flow; another with that sum exists exactly when the
    residual graph has a cycle through the sum's arc (any difference of two flows splits
    into cycles that can each be added alone). So one search, no max-flow."""
    n_rows, n_cols = len(rows), len(cols)
    source, extra, sink = 0, 1 + n_rows + n_cols, 2 + n_rows + n_cols
    col = 1 + n_rows + c
    value = sum(truth[r][c] for r in group)
    if value + step < 0:
        return False
    arcs: list[tuple[int, int, Box, int]] = []
    for r, box in enumerate(rows):
        arcs.append((source, 1 + r, box, sum(truth[r])))
        for k in range(n_cols):
            into = extra if k == c and r in group else 1 + n_rows + k
            arcs.append((1 + r, into, cells[r][k], truth[r][k]))
    for k, box in enumerate(cols):
        arcs.append((1 + n_rows + k, sink, box, sum(row[k] for row in truth)))
    arcs.append((sink, source, (0, BIG), sum(map(sum, truth))))
    nxt: list[list[int]] = [[] for _ in range(sink + 1)]
    for u, v, (lo, hi), flow in arcs:
        if flow < hi:
            nxt[u].append(v)
        if flow > lo:
            nxt[v].append(u)
    start, goal = (col, extra) if step > 0 else (extra, col)
    return _reaches(nxt, start, goal)


def _reaches(nxt: list[list[int]], start: int, goal: int) -> bool:
    seen, queue = {start}, deque([start])
    while queue:
        u = queue.popleft()
        for v in nxt[u]:
            if v == goal:
                return True
            if v not in seen:
                seen.add(v)
                queue.append(v)
    return False


def boxes_for(labels: Mapping[str, str | None], values: Mapping[str, int], rule) -> list[Box]:
    """Each cell's box from its label (None: shown) as a reader of the view knows it."""
    out = []
    for key, value in values.items():
        why = labels.get(key)
        if why is None:
            out.append(rule.shown_range(value))
        elif why == "small":
            out.append(rule.small_range)
        elif why == "secondary":
            out.append((rule.threshold, BIG))
        else:
            out.append((0, BIG))
    return out
