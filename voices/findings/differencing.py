"""Filtered views without differencing: comparing views must not isolate one child.

A filter (an age version, a breakdown option such as "where I live: residential") shows a
group. Someone can also take one view away from another: "all" minus "foster care" is
everyone else, and "all" minus every shown option is the few left over. So:

- ``group_allowed(size, neighbour_sizes, rule)``: a filtered group is shown only when it is
  at or above the threshold and differs from every neighbouring view ("all", each filter
  dropped in turn) by 0 or by at least the threshold.
- ``allowed_groups(sizes, total, rule)``: the options of one breakdown question (within the
  other filters) that may be shown: their sizes survive ``protect_distribution`` and what is
  left over when every allowed group is taken away is 0 or at least the threshold.
- ``hide_differences(cells, neighbour_cells, rule)``: cells of a view to hide because the same
  cell of a neighbour differs by 1 to threshold - 1 (the difference would be a small count).
- ``protect_siblings(parent, siblings, rule)``: the tables of the allowed options' views,
  protected together with "all" (``voices.findings.crosstab``): what a page filtered on one
  breakdown option should show. Prefer it to ``hide_differences``, which looks at one pair.

How a page filtered on several things uses this (the view builder): for each filter in
turn, take the view without it as the parent; the filter's options within that parent are
the siblings. The view is shown only if its option is in ``allowed_groups`` for every
filter; each table of the view comes from ``protect_siblings`` against the parent whose
filter is the breakdown (or against "all" when that is the only filter). Date ranges are
not a breakdown: two ranges a day apart differ by that day's respondents, so the page
should offer whole months or rounds, and check a range with ``group_allowed`` against the
ranges one step wider at each end.

Hidden cells from ``hide_differences`` go to ``protect_distribution(..., also_hide=...)`` so
the view's own total cannot give them back. Pure functions.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from voices.findings.disclosure import Rule, Table

K = TypeVar("K", bound=Hashable)
G = TypeVar("G", bound=Hashable)


def _close(difference: int, rule: Rule) -> bool:
    """A difference of 1 to threshold - 1 would be a small count of someone."""
    return 0 < abs(difference) < rule.threshold


def group_allowed(size: int, neighbour_sizes: Iterable[int], rule: Rule) -> bool:
    """Whether a filtered group may be shown next to its neighbouring views."""
    if size <= 0 or size < rule.threshold:
        return False
    return not any(_close(other - size, rule) for other in neighbour_sizes)


def allowed_groups(sizes: Mapping[str, int], total: int, rule: Rule) -> set[str]:
    """The options of one breakdown question whose filtered view may be shown.

    ``sizes``: respondents who chose each option (within the other filters); ``total``:
    everyone in that view, including those who did not answer the breakdown question.
    """
    from voices.findings.disclosure import protect_distribution

    table = protect_distribution(sizes, rule, total=total)
    allowed = [k for k, shown in table.cells.items() if not shown.hidden and sizes[k] > 0]
    allowed = [k for k in allowed if group_allowed(sizes[k], [total], rule)]
    order = list(sizes)
    while allowed and _close(total - sum(sizes[k] for k in allowed), rule):
        smallest = min(allowed, key=lambda k: (sizes[k], order.index(k)))
        allowed.remove(smallest)
    return set(allowed)


def hide_differences(
    cells: Mapping[K, int], neighbour_cells: Mapping[K, int], rule: Rule
) -> set[K]:
    """Cells of this view to hide: the neighbour's same cell differs by 1..threshold-1."""
    keys = list(dict.fromkeys([*cells, *neighbour_cells]))
    return {
        k for k in keys if k in cells and _close(neighbour_cells.get(k, 0) - cells.get(k, 0), rule)
    }


def protect_siblings(
    parent: Mapping[str, int],
    siblings: Mapping[G, Mapping[str, int]],
    rule: Rule,
    totals: Mapping[G, int] | None = None,
    parent_total: int | None = None,
) -> dict[G, Table]:
    """Protected tables for sibling views (the allowed options of one breakdown question,
    see ``allowed_groups``) of one distribution whose ``parent`` view ("all", or the view
    without this filter) is shown as ``protect_distribution(parent, rule, parent_total)``.

    The views and "all" are read together (``voices.findings.crosstab``): no hidden cell,
    and no small count of those in no shown group, can be worked out from all of them.
    Pass EVERY allowed option's cells, not only the one on screen: another request shows
    the others, and a view is the same whichever of them was asked for.
    ``totals``: each group's size when the cells may not add up to it (with
    ``parent_total``); the remainder (skipped) is then protected too.
    """
    from voices.findings.disclosure import REST, _all_small, _table

    keys = list(dict.fromkeys([*parent, *(k for g in siblings for k in siblings[g])]))
    top = {k: parent.get(k, 0) for k in keys}
    rows = {g: {k: siblings[g].get(k, 0) for k in keys} for g in siblings}
    if totals is not None:
        top[REST] = int(parent_total or 0) - sum(top.values())
        for g, row in rows.items():
            row[REST] = totals[g] - sum(row.values())
    if any(top[k] < sum(row[k] for row in rows.values()) for k in top):
        raise ValueError("the sibling views hold more than their parent")
    labels = _joint_labels(top, rows, rule)
    return {
        g: _all_small(row, rule)
        if rule.small(sum(row.values()))  # not an allowed group: shows nothing
        else _table(row, sum(row.values()), labels[g], rule)
        for g, row in rows.items()
    }


def _joint_labels(top: dict[str, int], rows: dict[G, dict[str, int]], rule: Rule):
    from voices.findings import crosstab
    from voices.findings.disclosure import REST, protect_distribution

    keys, names = list(top), list(rows)
    cells = {k: v for k, v in top.items() if k != REST}
    parent_table = protect_distribution(cells, rule, sum(top.values()) if REST in top else None)
    published = dict(parent_table.cells) | ({REST: parent_table.rest} if REST in top else {})
    col_labels = {k: None if not s.hidden else s.reason for k, s in published.items()}
    col_boxes = crosstab.boxes_for(col_labels, top, rule)
    left = [top[k] - sum(rows[g][k] for g in names) for k in keys]
    sizes = [_size_box(sum(rows[g].values()), rule) for g in names]
    grand = _size_box(sum(top.values()), rule)
    left_box = (max(0, grand[0] - sum(b[1] for b in sizes)), grand[1] - sum(b[0] for b in sizes))
    row_boxes = [*sizes, left_box]
    truth = [[rows[g][k] for k in keys] for g in names] + [left]
    labels = {g: {k: "small" for k, v in rows[g].items() if rule.small(v)} for g in names}
    watch_fixed = _small_unions(truth, rule) + [
        (frozenset(range(len(truth))), c) for c, k in enumerate(keys) if col_labels[k]
    ]
    safe: set[tuple[frozenset[int], int]] = set()
    while True:
        boxes = [crosstab.boxes_for(labels[g], rows[g], rule) for g in names]
        boxes.append([(0, crosstab.BIG)] * len(keys))
        watch = [(frozenset([r]), keys.index(k)) for r, g in enumerate(names) for k in labels[g]]
        hit = crosstab.pinned_sum(boxes, row_boxes, col_boxes, truth, watch + watch_fixed, safe)
        if hit is None:
            return labels
        if not _hide_one_more(hit, names, keys, rows, labels, rule):
            if all(set(labels[g].values()) == {"table"} for g in names):
                return labels
            labels = {g: dict.fromkeys(keys, "table") for g in names}


def _small_unions(truth: list[list[int]], rule: Rule) -> list[tuple[frozenset[int], int]]:
    """(rows, column) of every group of views, left-over included, whose count is small."""
    n = len(truth)
    out = []
    for mask in range(1, 2**n - 1):
        group = frozenset(r for r in range(n) if mask >> r & 1)
        if not sum(sum(truth[r]) for r in group):
            continue
        for c in range(len(truth[0])):
            if rule.small(sum(truth[r][c] for r in group)):
                out.append((group, c))
    return out


def _size_box(size: int, rule: Rule) -> tuple[int, int]:
    return rule.small_range if rule.small(size) else rule.shown_range(size)


def _hide_one_more(hit, names, keys, rows, labels, rule) -> bool:
    """Hide the smallest shown cell (not small, not zero) in the pinned sum's column, else
    in its row when it is one view's cell. False when there is none."""
    group, c = hit
    lines = [[(g, keys[c]) for g in names]]
    if len(group) == 1 and min(group) < len(names):
        lines.append([(names[min(group)], k) for k in keys])
    for line in lines:
        open_ = [(g, k) for g, k in line if k not in labels[g] and rows[g][k] >= rule.threshold]
        if open_:
            g, k = min(
                open_, key=lambda gk: (rows[gk[0]][gk[1]], names.index(gk[0]), keys.index(gk[1]))
            )
            labels[g][k] = "secondary"
            return True
    return False
