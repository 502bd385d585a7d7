"""What reviewed examples change, measured honestly: cross-validation over reviewed items.

Pure functions (no database, no HTTP): `voices.review.learn` gathers an organisation's
reviewed items and calls `cross_validate`. The figures are the ones a reviewer feels:
of the themes the engine suggested, how many did people keep (precision, "suggestions
accepted"); of the themes people kept, how many had the engine suggested (recall).

BEFORE is the shipped engine (lexicon only) on every reviewed item. AFTER is, for each
fold, a coder trained on the other folds' items and judged on the held-out fold only, so
no item is ever scored by a model that learned from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from voices.coding.evaluation import f1
from voices.coding.pipeline import Coder

FOLDS = 5
# Below this many items every fold would hold out a fifth of very little, and a model
# trained on 80% of 20 answers is much weaker than the one finally stored (trained on all):
# leave-one-out trains on n - 1, the nearest to that model. It is cheap at this size.
LEAVE_ONE_OUT_BELOW = 40


@dataclass(frozen=True)
class Example:
    """One reviewed item: the agreed review's id, the text, the themes people kept."""

    review_id: int
    text: str
    themes: frozenset[str]


@dataclass(frozen=True)
class Agreement:
    """The engine's suggestions beside people's themes, summed over items."""

    items: int
    suggested: int  # themes the engine suggested
    accepted: int  # of those, themes people kept
    reviewed: int  # themes people kept (suggested or added)

    @property
    def precision(self) -> float:
        return self.accepted / self.suggested if self.suggested else 0.0

    @property
    def recall(self) -> float:
        return self.accepted / self.reviewed if self.reviewed else 0.0

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def as_json(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "suggested": self.suggested,
            "accepted": self.accepted,
            "reviewed": self.reviewed,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def agreement(truth: Sequence[frozenset[str]], predicted: Sequence[frozenset[str]]) -> Agreement:
    pairs = list(zip(truth, predicted, strict=True))
    return Agreement(
        items=len(pairs),
        suggested=sum(len(p) for _, p in pairs),
        accepted=sum(len(t & p) for t, p in pairs),
        reviewed=sum(len(t) for t, _ in pairs),
    )


def folds(count: int, k: int = FOLDS) -> list[list[int]]:
    """Held-out indexes per fold: item i goes to fold i % k (items come ordered by review id,
    so each fold mixes early and late reviews, and the same items give the same folds)."""
    if count < 2:
        raise ValueError("cross-validation needs at least 2 items")
    k = count if count < LEAVE_ONE_OUT_BELOW else min(k, count)
    return [[i for i in range(count) if i % k == fold] for fold in range(k)]


def _themes(coder: Coder, text: str) -> frozenset[str]:
    return frozenset(coder.code(text).themes)


def cross_validate(base: Coder, examples: Sequence[Example]) -> tuple[Agreement, Agreement, int]:
    """(before, after, number of folds) for these reviewed examples."""
    truth = [e.themes for e in examples]
    before = agreement(truth, [_themes(base, e.text) for e in examples])
    predicted: list[frozenset[str]] = [frozenset()] * len(examples)
    held_out = folds(len(examples))
    for fold in held_out:
        out = set(fold)
        trained = base.learned(
            [(e.text, sorted(e.themes)) for i, e in enumerate(examples) if i not in out]
        )
        for i in fold:
            predicted[i] = _themes(trained, examples[i].text)
    return before, agreement(truth, predicted), len(held_out)


def measures(before: Agreement, after: Agreement, fold_count: int) -> dict[str, Any]:
    """What a LearnedModel stores and every screen shows."""
    return {
        "items": before.items,
        "folds": fold_count,
        "method": "leave-one-out" if fold_count == before.items else f"{fold_count}-fold",
        "before": before.as_json(),
        "after": after.as_json(),
    }


def format_measures(measures: dict[str, Any], framework_id: str) -> str:
    """The before/after table for a terminal."""
    before, after = measures["before"], measures["after"]
    lines = [
        f"Framework {framework_id}: {measures['items']} reviewed items, "
        f"cross-validated {measures['method']}",
        f"{'':<36}{'before':>10}{'after':>10}",
        f"{'suggestions made':<36}{before['suggested']:>10}{after['suggested']:>10}",
        f"{'themes reviewers kept':<36}{before['reviewed']:>10}{after['reviewed']:>10}",
        f"{'suggestions accepted':<36}{before['accepted']:>10}{after['accepted']:>10}",
        f"{'share accepted (precision)':<36}{before['precision']:>10.2f}{after['precision']:>10.2f}",
        f"{'reviewed themes found (recall)':<36}{before['recall']:>10.2f}{after['recall']:>10.2f}",
        f"{'micro F1':<36}{before['f1']:>10.2f}{after['f1']:>10.2f}",
    ]
    return "\n".join(lines)
