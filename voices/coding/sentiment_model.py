"""The learned layer of sentiment: the rules' reading, corrected by labelled answers.

The rules (sentiment.py) read feeling from words; people label with judgement the rules
cannot write down: a flat disclosure is neutral, "fair enough really" is not negative,
"good but" with nothing after the "but" is not mixed. This layer is a small logistic
regression over four labels (a weight per label for each feature) over the answer's words
and word pairs plus the rules' own label and polarity, trained on labelled answers and
shipped as weights (surveys/coding/sentiment-model.json, built by `voices sentiment train`).
The label with the highest score wins; the polarity stays the rules' (a number people can
check against the words).

The four labels are fitted together, as one multinomial (softmax) regression, with a small
learning rate and a strong L2: so the labels compete for each answer, and no word learned
from one author's way of writing weighs much on another's (chosen on cross-author folds,
docs/coding.md, "Session 13").
"""

from __future__ import annotations

import functools
import math
import random
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from voices import paths
from voices.coding import similar
from voices.coding.learning import read_weights

DEFAULT_PATH = paths.SURVEYS / "coding" / "sentiment-model.json"
LABELS = ("positive", "negative", "mixed", "neutral")
MIN_COUNT = 2
RULES_WEIGHT = 0.5  # the rules' label: one feature among the words, its weight learned
EPOCHS = 30
LEARNING_RATE = 0.05
L2 = 0.06  # strong: words weigh little on their own, so an author's habits carry less
_POLARITY_STEPS = (-0.5, -0.2, -0.05, 0.05, 0.2, 0.5)
_POLARITY_KEYS = tuple((step, f"polarity>{step}") for step in _POLARITY_STEPS)


class Reading(NamedTuple):
    """What the rules said about an answer: the layer's extra features."""

    label: str
    polarity: float
    flagged: bool
    got_through: bool = False  # a hard past, then a present that is not bad
    around_but: str = ""  # the feeling before and after the last "but": "+|-" (see sentiment.py)


def features(text: str, reading: Reading) -> dict[str, float]:
    found = dict.fromkeys(similar.features(text), 1.0)
    found.update(_reading_features(reading))
    return found


def _reading_features(reading: Reading) -> dict[str, float]:
    found = {"rules:" + reading.label: RULES_WEIGHT}
    for step, key in _POLARITY_KEYS:
        if reading.polarity > step:
            found[key] = 1.0
    if reading.flagged:
        found["flagged"] = 1.0
    if reading.got_through:
        found["got_through"] = 1.0
    if reading.around_but:
        found["but:" + reading.around_but] = 1.0
    return found


@dataclass(frozen=True)
class Model:
    bias: tuple[float, ...]  # per label, in LABELS order
    weights: dict[str, tuple[float, ...]]  # feature -> per-label weights
    trained_on: tuple[str, ...] = ()
    examples: int = 0

    def label(self, text: str, reading: Reading) -> str:
        """The label whose score is highest (the first on a tie),
        over exactly the features the model was trained on."""
        scores = list(self.bias)
        for feature, value in features(text, reading).items():
            for i, weight in enumerate(self.weights.get(feature, ())):
                scores[i] += weight * value
        return LABELS[scores.index(max(scores))]

    def to_json(self) -> dict:
        return {
            "about": "Learned layer of sentiment; rebuild with `voices sentiment train`.",
            "labels": list(LABELS),
            "trained_on": list(self.trained_on),
            "examples": self.examples,
            "bias": [round(b, 6) for b in self.bias],
            "weights": {
                f: [round(w, 6) for w in row]
                for f, row in sorted(self.weights.items())
                if any(round(w, 6) for w in row)
            },
        }


def train(examples: Iterable[tuple[str, Reading, str]], trained_on: tuple[str, ...] = ()) -> Model:
    """A model from (answer, the rules' reading, the label a person gave)."""
    rows = [(features(text, reading), label) for text, reading, label in examples]
    counts = Counter(f for found, _ in rows for f in found)
    vocabulary = {f for f, n in counts.items() if n >= MIN_COUNT}
    rows = [({f: found[f] for f in sorted(found) if f in vocabulary}, y) for found, y in rows]
    bias, weights = _softmax([(found, LABELS.index(y)) for found, y in rows])
    return Model(tuple(bias), {f: tuple(w) for f, w in weights.items()}, trained_on, len(rows))


def _softmax(rows: list[tuple[dict[str, float], int]]) -> tuple[list[float], dict[str, list]]:
    """Stochastic gradient descent on the multinomial log loss, with L2 on the features an
    answer has; the order is shuffled with a fixed seed, so the same files give the same model."""
    order = list(range(len(rows)))
    random.Random(0).shuffle(order)  # nosec B311  # a fixed training order, not a secret
    shares = Counter(y for _, y in rows)
    bias = [math.log(max(1, shares[i]) / len(rows)) for i in range(len(LABELS))]
    weights: dict[str, list[float]] = {}
    for epoch in range(EPOCHS):
        rate = LEARNING_RATE / (1.0 + epoch * 0.1)
        for index in order:
            found, y = rows[index]
            rows_of = [weights.setdefault(f, [0.0] * len(LABELS)) for f in found]
            scores = list(bias)
            for row, value in zip(rows_of, found.values(), strict=True):
                scores = [s + w * value for s, w in zip(scores, row, strict=True)]
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
            total = sum(exps)
            # The gradient: 1 - p for the person's label, -p for the others.
            errors = [(i == y) - e / total for i, e in enumerate(exps)]
            bias = [b + rate * e for b, e in zip(bias, errors, strict=True)]
            for row, value in zip(rows_of, found.values(), strict=True):
                for i, error in enumerate(errors):
                    row[i] += rate * (error * value - L2 * row[i])
    return bias, weights


def from_json(data: dict) -> Model:
    if list(data.get("labels", LABELS)) != list(LABELS):
        raise ValueError(f"the model's labels must be {', '.join(LABELS)}")
    return Model(
        bias=tuple(float(b) for b in data["bias"]),
        weights={
            sys.intern(str(f)): tuple(float(w) for w in row) for f, row in data["weights"].items()
        },  # interned: see similar.from_json
        trained_on=tuple(data.get("trained_on", ())),
        examples=int(data.get("examples", 0)),
    )


def load(path: Path = DEFAULT_PATH) -> Model | None:
    """The shipped model, or None when there is no file (the rules alone then label)."""
    data = read_weights(path)
    return None if data is None else from_json(data)


@functools.cache
def default_model() -> Model | None:
    return load()
