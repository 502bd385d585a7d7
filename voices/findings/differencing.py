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
- ``hide_sibling_differences(parent, siblings, rule)``: the same for every set of sibling
  views taken away from their parent.

Hidden cells from these go to ``protect_distribution(..., also_hide=...)`` so the view's own
total cannot give them back. Pure functions; ``Rule`` is duck-typed to avoid an import cycle.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from itertools import combinations
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from voices.findings.disclosure import Rule

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


def hide_sibling_differences(
    parent: Mapping[K, int], siblings: Mapping[G, Mapping[K, int]], rule: Rule
) -> dict[G, set[K]]:
    """For sibling views (the allowed options of one breakdown) and their parent view: the
    cells to hide in each sibling so that no parent cell minus any set of sibling cells
    is a small count that can be worked out. A sibling's own small cells already count as
    hidden; when a cell must go, it goes from the sibling with the smallest value there.
    """
    names = list(siblings)
    hide: dict[G, set[K]] = {g: set() for g in names}
    keys = list(dict.fromkeys([*parent, *(k for g in names for k in siblings[g])]))
    for key in keys:
        for size in range(1, len(names) + 1):
            for group in combinations(names, size):
                values = [siblings[g].get(key, 0) for g in group]
                if any(rule.small(v) or key in hide[g] for g, v in zip(group, values, strict=True)):
                    continue
                if _close(parent.get(key, 0) - sum(values), rule):
                    target = min(group, key=lambda g: (siblings[g].get(key, 0), names.index(g)))
                    hide[target].add(key)
    return hide
