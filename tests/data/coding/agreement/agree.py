"""Agreement between two labellers of the same coding set.

Usage (from the repository root):

    python3 tests/data/coding/agreement/agree.py \
        tests/data/coding/real-d.jsonl tests/data/coding/agreement/real-d-second.jsonl

The first file is labeller 1, the second labeller 2; both must hold the same ids.
Prints figures only, never answer texts. Standard library only.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

SENTIMENTS = ("positive", "negative", "mixed", "neutral")
TIERS = ("alert", "check", "none")
FRAMEWORKS = {
    "shanarri": (
        "safe",
        "healthy",
        "achieving",
        "nurtured",
        "active",
        "respected",
        "responsible",
        "included",
    ),
    "promise": ("voice", "family", "care", "people", "scaffolding"),
}


@dataclass(frozen=True)
class Row:
    """One labeller's labels for one answer (the text is not kept)."""

    themes: frozenset[str]
    sentiment: str
    safeguarding: bool
    tier: str  # "alert", "check" or "none"


def load(path: Path) -> dict[str, Row]:
    """Read a JSON Lines file into a dict keyed by id."""
    rows: dict[str, Row] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            raw = json.loads(line)
            rows[raw["id"]] = Row(
                themes=frozenset(raw["themes"]),
                sentiment=raw["sentiment"],
                safeguarding=bool(raw["safeguarding"]),
                tier=raw.get("safeguarding_tier") or "none",
            )
    return rows


def kappa(first: Sequence[str], second: Sequence[str]) -> float:
    """Cohen's kappa of two equal-length label sequences (nan when undefined)."""
    total = len(first)
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / total
    counts_a, counts_b = Counter(first), Counter(second)
    expected = sum(counts_a[k] * counts_b[k] for k in counts_a) / (total * total)
    if expected == 1:
        return float("nan")
    return (observed - expected) / (1 - expected)


def agreement(first: Sequence[str], second: Sequence[str]) -> float:
    """Share of items on which both labellers gave the same label."""
    same = sum(a == b for a, b in zip(first, second, strict=True))
    return same / len(first)


def table(first: Sequence[str], second: Sequence[str], labels: Sequence[str]) -> str:
    """Confusion table: rows labeller 1, columns labeller 2."""
    cells = Counter(zip(first, second, strict=True))
    width = max(len(label) for label in labels) + 2
    lines = ["1 \\ 2".ljust(width) + "".join(lab.rjust(width) for lab in labels)]
    for row in labels:
        counts = "".join(str(cells[(row, col)]).rjust(width) for col in labels)
        lines.append(row.ljust(width) + counts)
    return "\n".join(lines)


def f1(gold: Sequence[bool], guess: Sequence[bool]) -> float:
    """F1 of guess scored against gold for one binary label (1.0 when both empty)."""
    pairs = list(zip(gold, guess, strict=True))
    hits = sum(g and p for g, p in pairs)
    wrong = sum(p and not g for g, p in pairs)
    missed = sum(g and not p for g, p in pairs)
    if hits + wrong + missed == 0:
        return 1.0
    return 2 * hits / (2 * hits + wrong + missed)


def precision(gold: Sequence[bool], guess: Sequence[bool]) -> float:
    """Share of guess's positives that gold also marks (nan when guess has none)."""
    pairs = list(zip(gold, guess, strict=True))
    marked = sum(p for _, p in pairs)
    if marked == 0:
        return float("nan")
    return sum(g and p for g, p in pairs) / marked


def theme_lines(ids: Sequence[str], one: dict[str, Row], two: dict[str, Row]) -> list[str]:
    """Per-theme counts, kappa and F1, and macro-F1 per framework."""
    lines: list[str] = []
    for framework, themes in FRAMEWORKS.items():
        lines.append(f"{framework}: theme  n1  n2  both  kappa  F1")
        scores: list[float] = []
        kappas: list[float] = []
        pooled_a: list[bool] = []
        pooled_b: list[bool] = []
        for theme in themes:
            code = f"{framework}:{theme}"
            a = [code in one[i].themes for i in ids]
            b = [code in two[i].themes for i in ids]
            k = kappa([str(x) for x in a], [str(x) for x in b])
            score = f1(a, b)
            pooled_a += a
            pooled_b += b
            scores.append(score)
            kappas.append(k)
            both = sum(x and y for x, y in zip(a, b, strict=True))
            lines.append(f"  {theme:<12}{sum(a):>4}{sum(b):>4}{both:>6}{k:>7.2f}{score:>6.2f}")
        lines.append(
            f"  macro-F1 (2 scored against 1) {sum(scores) / len(scores):.3f}; "
            f"micro-F1 {f1(pooled_a, pooled_b):.3f}; "
            f"mean kappa {sum(kappas) / len(kappas):.3f}"
        )
    return lines


def per_answer(ids: Sequence[str], rows: dict[str, Row], prefix: str) -> str:
    """Mean themes per answer in one framework (or all, prefix '') and empty answers."""
    counts = [sum(t.startswith(prefix) for t in rows[i].themes) for i in ids]
    empty = sum(c == 0 for c in counts)
    return f"mean {sum(counts) / len(counts):.2f}, none {empty}"


def report(one: dict[str, Row], two: dict[str, Row]) -> list[str]:
    """All figures as printable lines."""
    ids = sorted(one)
    if sorted(two) != ids:
        raise SystemExit("the two files do not hold the same ids")
    s1 = [one[i].sentiment for i in ids]
    s2 = [two[i].sentiment for i in ids]
    g1 = [str(one[i].safeguarding) for i in ids]
    g2 = [str(two[i].safeguarding) for i in ids]
    t1 = [one[i].tier for i in ids]
    t2 = [two[i].tier for i in ids]
    alerts1 = [t == "alert" for t in t1]
    alerts2 = [t == "alert" for t in t2]
    lines = [f"answers: {len(ids)}", ""]
    lines += [f"sentiment: agreement {agreement(s1, s2):.3f}, kappa {kappa(s1, s2):.3f}"]
    lines += [table(s1, s2, SENTIMENTS), ""]
    lines += [f"safeguarding: agreement {agreement(g1, g2):.3f}, kappa {kappa(g1, g2):.3f}"]
    lines += [table(g1, g2, ("True", "False")), ""]
    lines += [f"tier: agreement {agreement(t1, t2):.3f}, kappa {kappa(t1, t2):.3f}"]
    lines += [table(t1, t2, TIERS)]
    lines += [
        f"alert precision, 2 against 1: {precision(alerts1, alerts2):.3f}; "
        f"1 against 2: {precision(alerts2, alerts1):.3f}",
        f"alert F1 (either way): {f1(alerts1, alerts2):.3f}",
        "",
    ]
    lines += theme_lines(ids, one, two)
    lines.append("")
    for name, rows in (("labeller 1", one), ("labeller 2", two)):
        lines.append(
            f"{name} themes per answer: all {per_answer(ids, rows, '')}; "
            f"shanarri {per_answer(ids, rows, 'shanarri:')}; "
            f"promise {per_answer(ids, rows, 'promise:')}"
        )
    return lines


def main() -> None:
    """Parse the two paths and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path, help="labeller 1 (JSON Lines)")
    parser.add_argument("second", type=Path, help="labeller 2 (JSON Lines)")
    args = parser.parse_args()
    print("\n".join(report(load(args.first), load(args.second))))


if __name__ == "__main__":
    main()
