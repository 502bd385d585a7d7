"""Disclosure control: what a findings table may show without giving one child away.

Pure functions, no database, no HTTP. Every number a findings page, a public page or a
viewer's export shows goes through here first.

- ``Rule``: the threshold (``Rule.staff(org.disclosure_threshold)``, or ``Rule.public()``:
  nothing below 10, every count rounded to the nearest 5). ``describe(rule)`` says it in words.
- ``protect_distribution(counts, rule, total)``: cells of one total that exclude one another
  (a single-choice or yes/no question, scale points, the sentiment balance, "reviewed" and
  "suggested" beside the implicit "did not speak to it"...). Small cells are hidden ("fewer
  than 5"), then more cells (smallest first) until no hidden cell can be worked out from the
  total, the other cells and what the labels say. A total larger than the cells' sum has a
  remainder (skipped, did not mention) that is protected like a cell (``Table.rest``).
- ``protect_share(count, base, rule)``: k of n (respondents who chose an option of a
  multiple-choice question); n - k is protected too.
- ``protect_mean(table, counts, rule)``: a mean is shown only when none of its cells is hidden.
- ``protect_change(before, after)``: the change since the previous round, only when both show.

Which call for which number (for the view builder): completion is
``protect_share(submitted, started)``; "spoke to a theme" with reviewed and suggested apart
is ``protect_distribution({"reviewed": r, "suggested": s}, rule, total=respondents)``
(each respondent in one of them at most; the rest did not speak to it); sentiment balance is
``protect_distribution`` over the mentions; a single-choice, yes/no or scale question is
``protect_distribution(..., total=respondents)`` (the rest skipped it), with ``protect_mean``;
each option of a tick-all question is ``protect_share``. A cross-walk theme (a roll-up of
others) is a superset of each theme that rolls up into it: hide its cells that
``hide_differences(rollup_cells, part_cells, rule)`` names, for each part.
- Filtered views (differencing): ``group_allowed``, ``allowed_groups``, ``hide_differences``
  and ``protect_siblings`` live in ``voices.findings.differencing`` (re-exported here).

Zeros: the staff rule shows 0 (so "fewer than 5" means 1 to 4); the public rule hides it
("fewer than 10" means 0 to 9). See docs/findings.md and docs/decisions.md.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

REST = "_rest"
"""Internal key of the remainder up to a known total (never a real option id)."""

INF = math.inf


@dataclass(frozen=True)
class Rule:
    """How strict a page is: counts below ``threshold`` hidden, shown counts rounded."""

    threshold: int
    rounding: int = 1
    show_zero: bool = True

    def __post_init__(self) -> None:
        if self.threshold < 1 or self.rounding < 1:
            raise ValueError("threshold and rounding must be at least 1")
        # A label must never name one value: "fewer than 2" with 0 shown would mean 1.
        if self.small_range[0] == self.small_range[1]:
            raise ValueError("this rule's 'fewer than' label would give the value away")

    @classmethod
    def staff(cls, threshold: int = 5) -> Rule:
        """Signed-in staff: the organisation's threshold, exact counts, zeros shown.

        A threshold below 1 is read as 1 (nothing hidden)."""
        threshold = max(int(threshold), 1)
        return cls(threshold, 1, show_zero=threshold != 2)

    @classmethod
    def public(cls) -> Rule:
        """Pages without sign-in: nothing below 10, everything rounded to the nearest 5."""
        return cls(10, 5, show_zero=False)

    @property
    def small_range(self) -> tuple[int, int]:
        """What a "fewer than N" label means: the values it may stand for."""
        return (1 if self.show_zero else 0, self.threshold - 1)

    def small(self, value: int) -> bool:
        """True when ``value`` must not be shown on its own."""
        if value == 0:
            return not self.show_zero and self.threshold > 0
        return value < self.threshold

    def round(self, value: int) -> int:
        """The nearest multiple of ``rounding`` (halves up)."""
        step = self.rounding
        return (value + step // 2) // step * step

    def rounded_range(self, shown: int) -> tuple[int, int]:
        """The true values a shown count may stand for: within the rounding of it, and
        never small (else it would not be shown)."""
        low = shown - self.rounding // 2
        high = low + self.rounding - 1
        if shown == 0 and self.show_zero:
            return (0, 0)
        return (max(low, self.threshold, 0), high)

    def shown_range(self, value: int) -> tuple[int, int]:
        """What a reader knows of a count shown by this rule."""
        return self.rounded_range(self.round(value))


@dataclass(frozen=True)
class Shown:
    """One published number: ``value`` None means hidden, and ``reason`` says why.

    reason: "" exact; "rounded" (public rule); "small" (below the threshold: show
    "fewer than {under}"); "secondary" (hidden so that another hidden number cannot be
    worked out); "difference" (hidden because another view's same cell is close to it);
    "table" (the whole table is hidden); "group" (the filtered group is too
    small or too close to another view); "change" (one side of a change is hidden).
    """

    value: int | None
    percent: float | None = None
    reason: str = ""
    under: int | None = None

    @property
    def hidden(self) -> bool:
        return self.value is None

    @property
    def small(self) -> bool:
        return self.reason == "small"

    def text(self) -> str:
        """English text for logs and tests; pages translate from ``reason`` and ``under``."""
        if self.value is not None:
            return str(self.value)
        if self.reason == "small":
            return f"fewer than {self.under}"
        return "hidden"


@dataclass(frozen=True)
class Table:
    """A protected distribution: its cells (in the order given), total and remainder."""

    cells: dict[str, Shown]
    total: Shown
    rest: Shown | None = None
    hidden_keys: frozenset[str] = field(default_factory=frozenset)

    @property
    def any_hidden(self) -> bool:
        return bool(self.hidden_keys)


def _percent(value: int, total: int, rule: Rule) -> float | None:
    if total <= 0:
        return None
    if rule.rounding > 1:
        return float(round(100 * value / total))
    return round(100 * value / total, 1)


def _box(key: str, value: int, hidden: Mapping[str, str], rule: Rule, cap: float):
    """What someone reading the table knows about one cell's true value."""
    reason = hidden.get(key)
    if reason is None:
        return rule.shown_range(value)
    if reason == "small":
        return rule.small_range
    if reason == "secondary":
        return (rule.threshold, cap)
    return (0, INF)


def _feasible(boxes: Mapping[str, tuple[float, float]], total: tuple[float, float]):
    """Each cell's possible values, given every cell's box and the boxes' sum in ``total``.

    One sum over boxes: a cell can take exactly the values between these two bounds.
    """
    out = {}
    for key, (lo, hi) in boxes.items():
        others_lo = sum(b[0] for k, b in boxes.items() if k != key)
        others_hi = sum(b[1] for k, b in boxes.items() if k != key)
        out[key] = (max(lo, total[0] - others_hi), min(hi, total[1] - others_lo))
    return out


def pinned(
    values: Mapping[str, int], hidden: Mapping[str, str], total_box: tuple[float, float], rule: Rule
) -> list[str]:
    """Hidden cells whose value can be worked out (only one value is possible).

    ``hidden`` maps a hidden key to its reason. Complementary cells are chosen smallest
    first, so a reader who knows that also knows they are at most the smallest shown cell.
    """
    shown = [v for k, v in values.items() if k not in hidden and v >= rule.threshold]
    cap = min(shown, default=INF)
    boxes = {k: _box(k, v, hidden, rule, cap) for k, v in values.items()}
    feasible = _feasible(boxes, total_box)
    return [k for k in hidden if feasible[k][0] >= feasible[k][1]]


def protect_distribution(
    counts: Mapping[str, int],
    rule: Rule,
    total: int | None = None,
    *,
    also_hide: Collection[str] = (),
) -> Table:
    """Protect cells of one total that exclude one another (see the module docstring).

    ``total`` (e.g. everyone in the group) is taken as published; with it, the remainder
    ``total - sum(counts)`` is a cell too (``Table.rest``). ``also_hide``: keys to hide
    whatever their size (from ``hide_differences``); they are protected like the others.
    """
    values = {k: int(v) for k, v in counts.items()}
    if any(v < 0 for v in values.values()):
        raise ValueError("counts cannot be negative")
    whole = sum(values.values()) if total is None else int(total)
    if total is not None:
        if whole < sum(values.values()):
            raise ValueError("total is smaller than the cells' sum")
        values[REST] = whole - sum(values.values())
    if rule.small(whole):
        return _all_small(values, rule)
    if len(values) == 1 or whole == 0:
        also_hide = ()  # every cell can be read off the total: hiding one would be a pretence
    hidden = _choose_hidden(values, whole, rule, set(also_hide))
    return _table(values, whole, hidden, rule)


def _choose_hidden(values: dict[str, int], whole: int, rule: Rule, extra: set[str]):
    hidden = {k: "small" for k, v in values.items() if rule.small(v)}
    # Hidden for differencing: may be 0 as well as large, so the label says nothing of size.
    hidden.update({k: "difference" for k in extra if k in values and k not in hidden})
    total_box = _total_box(whole, rule)
    order = list(values)
    while pinned(values, hidden, total_box, rule):
        candidates = [k for k in order if k not in hidden and values[k] >= rule.threshold]
        if not candidates:
            return dict.fromkeys(values, "table")
        smallest = min(candidates, key=lambda k: (values[k], order.index(k)))
        hidden[smallest] = "secondary"
    return hidden


def _total_box(whole: int, rule: Rule) -> tuple[int, int]:
    return rule.shown_range(whole)


def _all_small(values: Mapping[str, int], rule: Rule) -> Table:
    """The whole group is below the threshold: its total reads "fewer than N" and every
    cell is hidden, zeros too (a shown 0 would say the other cells are at least 1)."""
    hidden = Shown(None, None, "table")
    cells = dict.fromkeys(values, hidden)
    rest = cells.pop(REST, None)
    return Table(cells, Shown(None, None, "small", rule.threshold), rest, frozenset(values))


def _table(values: Mapping[str, int], whole: int, hidden: Mapping[str, str], rule: Rule) -> Table:
    shown_total = rule.round(whole)
    reason = "rounded" if rule.rounding > 1 else ""
    cells = {}
    for key, value in values.items():
        why = hidden.get(key)
        if why is not None:
            cells[key] = Shown(None, None, why, rule.threshold if why == "small" else None)
            continue
        shown = rule.round(value)
        cells[key] = Shown(shown, _percent(shown, shown_total, rule), reason)
    rest = cells.pop(REST, None)
    return Table(cells, Shown(shown_total, None, reason), rest, frozenset(hidden))


def protect_share(count: int, base: int, rule: Rule) -> Shown:
    """k of n, e.g. respondents who chose one option of a multiple-choice question.

    Hidden when k is small, and when n - k is (or when either could be worked out).
    """
    return protect_distribution({"share": count}, rule, total=base).cells["share"]


def protect_mean(table: Table, counts: Mapping[str, int], rule: Rule) -> float | None:
    """The mean of a scale question ("1".."5" -> count), shown only if no cell is hidden.

    A mean is a second sum over the same cells: with it, two hidden cells could be solved.
    Under a rounding rule it is worked out from the shown (rounded) counts.
    """
    if table.any_hidden or table.total.hidden:
        return None
    if rule.rounding > 1:
        counts = {k: table.cells[k].value or 0 for k in counts}
    n = sum(counts.values())
    if n == 0:
        return None
    return round(sum(int(k) * v for k, v in counts.items()) / n, 1)


def protect_change(before: Shown, after: Shown) -> Shown:
    """The change since the previous round: shown only when both sides are shown.

    ``value`` is the change in the count, ``percent`` the change in percentage points.
    """
    if before.value is None or after.value is None:
        return Shown(None, None, "change")
    points = None
    if before.percent is not None and after.percent is not None:
        points = round(after.percent - before.percent, 1)
    reason = "rounded" if "rounded" in (before.reason, after.reason) else ""
    return Shown(after.value - before.value, points, reason)


def describe(rule: Rule) -> str:
    """The rule in plain English, for the page that uses it (pages translate their own)."""
    words = [f"Numbers below {rule.threshold} are not shown."]
    if rule.rounding > 1:
        words.append(f"Every number shown is rounded to the nearest {rule.rounding}.")
    else:
        words.append(f'They appear as "fewer than {rule.threshold}", and so do their percentages.')
    words.append(
        "Some other numbers are hidden too, so that nobody can work out a hidden one "
        "by adding up or taking away."
    )
    return " ".join(words)


from voices.findings.differencing import (  # noqa: E402  (re-exported below)
    allowed_groups,
    group_allowed,
    hide_differences,
    protect_siblings,
)

__all__ = [
    "REST",
    "Rule",
    "Shown",
    "Table",
    "allowed_groups",
    "describe",
    "group_allowed",
    "hide_differences",
    "pinned",
    "protect_change",
    "protect_distribution",
    "protect_mean",
    "protect_share",
    "protect_siblings",
]
