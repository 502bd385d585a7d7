"""Agreement between two reviewers: Cohen's kappa per theme, and the items they disagree on.

Pure: takes plain pairs of theme sets, returns plain results; no database, no HTTP.

Each item (an answer or a group note) that two reviewers both coded gives, for every theme of
a framework, two yes/no decisions: did reviewer A use the theme, did reviewer B? Cohen's kappa
for that theme compares how often they agreed with how often they would agree by chance:

    kappa = (p_o - p_e) / (1 - p_e)

p_o: share of items where both said yes or both said no; p_e: the chance agreement,
p_yes(A) * p_yes(B) + p_no(A) * p_no(B). When p_e is 1 (both reviewers used the theme on
every item, or on none) kappa is undefined: we report the observed agreement and why.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

# Why a kappa is missing (None): shown to the reviewer in words by the page.
NO_ITEMS = "no-items"
NEITHER_USED = "neither-used"  # both reviewers left the theme out of every item
BOTH_ALWAYS = "both-always"  # both reviewers used the theme on every item


@dataclass(frozen=True)
class Pair:
    """One item both reviewers coded in one framework: A's themes and B's themes."""

    item: Hashable
    a: frozenset[str]
    b: frozenset[str]


@dataclass(frozen=True)
class ThemeAgreement:
    theme: str
    items: int  # items both reviewers coded
    both_yes: int
    only_a: int
    only_b: int
    kappa: float | None
    observed: float | None  # share of items where they agreed; None with no items
    undefined_reason: str = ""  # set when kappa is None

    @property
    def both_no(self) -> int:
        return self.items - self.both_yes - self.only_a - self.only_b


@dataclass(frozen=True)
class Disagreement:
    item: Hashable
    theme: str
    a_says: bool  # reviewer A used the theme on this item
    b_says: bool


def kappa(both_yes: int, only_a: int, only_b: int, both_no: int) -> tuple[float | None, str]:
    """Cohen's kappa from a 2x2 table, and why it is None when it is (else "")."""
    n = both_yes + only_a + only_b + both_no
    if min(both_yes, only_a, only_b, both_no) < 0:
        raise ValueError("counts cannot be negative")
    if n == 0:
        return None, NO_ITEMS
    a_yes = (both_yes + only_a) / n
    b_yes = (both_yes + only_b) / n
    observed = (both_yes + both_no) / n
    expected = a_yes * b_yes + (1 - a_yes) * (1 - b_yes)
    # p_e == 1 only when each reviewer's answer is the same on every item and they match
    # (if they were constant but different, p_e would be 0). Compare counts, not floats.
    if both_no == n:
        return None, NEITHER_USED
    if both_yes == n:
        return None, BOTH_ALWAYS
    return (observed - expected) / (1 - expected), ""


def theme_agreement(theme: str, pairs: Sequence[Pair]) -> ThemeAgreement:
    both_yes = only_a = only_b = 0
    for pair in pairs:
        in_a, in_b = theme in pair.a, theme in pair.b
        both_yes += in_a and in_b
        only_a += in_a and not in_b
        only_b += in_b and not in_a
    n = len(pairs)
    both_no = n - both_yes - only_a - only_b
    value, reason = kappa(both_yes, only_a, only_b, both_no)
    observed = (both_yes + both_no) / n if n else None
    return ThemeAgreement(theme, n, both_yes, only_a, only_b, value, observed, reason)


def table(themes: Iterable[str], pairs: Sequence[Pair]) -> list[ThemeAgreement]:
    """One row per theme, in the order given (a framework's order)."""
    return [theme_agreement(theme, pairs) for theme in themes]


def overall(rows: Sequence[ThemeAgreement]) -> ThemeAgreement:
    """Every theme decision of the framework pooled into one 2x2 table (theme = "*").

    Pooling (rather than averaging the per-theme kappas) keeps themes with an undefined
    kappa in the figure and weights every yes/no decision the same.
    """
    both_yes = sum(r.both_yes for r in rows)
    only_a = sum(r.only_a for r in rows)
    only_b = sum(r.only_b for r in rows)
    decisions = sum(r.items for r in rows)
    both_no = decisions - both_yes - only_a - only_b
    value, reason = kappa(both_yes, only_a, only_b, both_no)
    observed = (both_yes + both_no) / decisions if decisions else None
    return ThemeAgreement("*", decisions, both_yes, only_a, only_b, value, observed, reason)


def disagreements(themes: Iterable[str], pairs: Sequence[Pair]) -> list[Disagreement]:
    """Every (item, theme) where one reviewer used the theme and the other did not."""
    found = []
    theme_list = list(themes)
    for pair in pairs:
        for theme in theme_list:
            in_a, in_b = theme in pair.a, theme in pair.b
            if in_a != in_b:
                found.append(Disagreement(pair.item, theme, in_a, in_b))
    return found


# Landis & Koch (1977) bands, upper bounds inclusive: a convention for reading kappa, not a
# test; the page says so.
BANDS: tuple[tuple[float, str], ...] = (
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
)


def band(value: float | None) -> str:
    """poor (< 0), slight (0-0.20), fair (to 0.40), moderate (to 0.60), substantial (to 0.80),
    almost-perfect (above 0.80); "" when kappa is undefined."""
    if value is None:
        return ""
    if value < 0:
        return "poor"
    for upper, name in BANDS:
        if value <= upper:
            return name
    return "almost-perfect"
