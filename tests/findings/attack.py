"""An attacker for the disclosure tests: every set of true values a published table allows.

Written apart from voices/findings/disclosure.py (which reasons with intervals): here we
list values and add sets, so the tests do not check the code against itself.

What the attacker knows about a cell from its label:
- shown exactly (staff): that value; shown rounded (public): the values that round to it,
  and at least the threshold (a shown count always is, except a staff 0);
- "fewer than N": the rule's small values (staff 1..N-1, public 0..N-1);
- "secondary": hidden but not small, so N or more; "table": anything.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import product

from voices.findings.disclosure import REST, Rule, Shown, Table


def label_values(shown: Shown, rule: Rule, cap: int) -> set[int]:
    """Every true value the published ``shown`` may stand for (up to ``cap``)."""
    if shown.value is not None:
        if rule.rounding == 1:
            return {shown.value}
        low = shown.value - rule.rounding // 2
        values = range(max(low, 0), low + rule.rounding)
        return {v for v in values if v >= rule.threshold or (v == 0 and rule.show_zero)}
    if shown.reason == "small":
        low = 1 if rule.show_zero else 0
        return set(range(low, rule.threshold))
    if shown.reason == "secondary":
        return set(range(rule.threshold, cap + 1))
    return set(range(0, cap + 1))


def cells_of(table: Table) -> dict[str, Shown]:
    cells = dict(table.cells)
    if table.rest is not None:
        cells[REST] = table.rest
    return cells


def assignments(table: Table, rule: Rule) -> Iterator[dict[str, int]]:
    """Every full set of true cell values consistent with ``table`` (cells sum to its total).

    Only for tables whose total is shown (no cell can be more than it)."""
    cells = cells_of(table)
    assert table.total.value is not None or table.total.reason == "small"
    cap = table.total.value + rule.rounding if table.total.value is not None else rule.threshold
    totals = label_values(table.total, rule, cap)
    keys = list(cells)
    choices = [sorted(label_values(cells[k], rule, cap)) for k in keys]
    for values in product(*choices):
        if sum(values) in totals:
            yield dict(zip(keys, values, strict=True))


def possible(table: Table, rule: Rule, cap: int) -> dict[str, set[int]]:
    """For each cell (and "total"), the values it can take in some consistent assignment.

    Sums of sets rather than listing every assignment, so wider tables stay quick.
    """
    cells = cells_of(table)
    sets = {k: label_values(s, rule, cap) for k, s in cells.items()}
    totals = label_values(table.total, rule, cap)
    out: dict[str, set[int]] = {}
    for key, values in sets.items():
        others = _sumset([v for k, v in sets.items() if k != key], cap)
        out[key] = {v for v in values if any(t - v in others for t in totals)}
    everything = _sumset(list(sets.values()), cap)
    out["total"] = totals & everything
    return out


def _sumset(sets: list[set[int]], cap: int) -> set[int]:
    sums = {0}
    for values in sets:
        sums = {a + b for a in sums for b in values if a + b <= cap}
    return sums


def true_cells(counts: Mapping[str, int], total: int | None) -> dict[str, int]:
    values = dict(counts)
    if total is not None:
        values[REST] = total - sum(counts.values())
    return values
