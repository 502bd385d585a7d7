"""The learned safeguarding layer: is this answer like the answers people flagged?

Patterns and near rules catch the wordings someone wrote down; a child's own wording is
often new. This layer is a small logistic regression over the answer's words and word
pairs, trained on answers people labelled (flagged or not), and shipped as a weights file
(surveys/safeguarding/model.json) built by `voices safeguarding train`. It runs in the
safeguarding screen at sensitivity "high", only when no pattern or near rule has spoken,
and its reason points at the words that weighed most, so a reviewer sees why.

Features are the words as written (lower case, apostrophes dropped) and adjacent pairs:
no stemming, so a screen stays cheap. Training is deterministic (fixed order, no
randomness), so the same files always give the same weights.
"""

from __future__ import annotations

import functools
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from voices import paths
from voices.coding.learning import _train, logistic, read_weights
from voices.coding.text import APOSTROPHES, Word, without, written_words
from voices.coding.tier import BREAK

DEFAULT_PATH = paths.SURVEYS / "safeguarding" / "model.json"
CATEGORY = "similar"  # the category its reasons carry; frameworks may link themes to it
LABEL = "Like answers that people flagged"
THRESHOLD = 0.3  # chosen for recall: a flag costs a reader a minute, a miss far more
# The probability at which the layer speaks even where the rules set a word aside (a
# negation, an idiom): both can misread ("if i dont give her money", older boys who'll
# "batter me if i go" to the park). Chosen across authors (docs/coding.md, session 14).
OVERRULE = 0.9
# Below the threshold, an answer still checks when it reaches CONCENTRATED and so does one of
# its clauses read alone: the likeness sits in some words, not spread thinly over a long
# answer's ordinary ones. Chosen across authors (docs/coding.md, session 18).
CONCENTRATED = 0.2
# Or it reaches SPREAD, has two sentences or more, and no sentence alone is as like flagged
# answers as the whole: the concern is in the telling, not in any one sentence (a story told
# indirectly, each part ordinary). Chosen across authors (docs/coding.md, session 19).
SPREAD = 0.25
MIN_COUNT = 2  # a word seen once in training is noise, not a feature
MAX_REASONS = 3

_PLAIN_WORD = re.compile(r"\w+")  # _WORD once apostrophes are gone: a cheaper match
_BREAK = re.compile(r"[.!?\n]")


def words(text: str) -> list[Word]:
    """(plain word, start, end) for each word of text."""
    return written_words(text)


@functools.lru_cache(maxsize=64)
def features(text: str) -> frozenset[str]:
    """Words and adjacent word pairs within a sentence (commas do not part a pair).

    Cached: the screen and the sentiment reader both ask, answer after answer.
    """
    result: list[str] = []
    for sentence in _BREAK.split(without(text.lower(), APOSTROPHES)):
        found = _PLAIN_WORD.findall(sentence)
        result += found
        result += map(" ".join, pairwise(found))
    return frozenset(result)


@dataclass(frozen=True)
class Model:
    bias: float
    weights: dict[str, float]
    threshold: float = THRESHOLD
    trained_on: tuple[str, ...] = ()  # the labelled files, for the record
    examples: int = 0

    def probability(self, text: str) -> float:
        z = self.bias + sum(filter(None, map(self.weights.get, features(text))))
        return logistic(z)

    def check(self, text: str) -> list[tuple[int, int, str]] | None:
        """None if the answer is unlike flagged answers; else the words that weighed most.

        Like flagged answers: at the threshold; at CONCENTRATED when one clause alone
        also reaches CONCENTRATED (then the reasons point into that clause); or at SPREAD
        when the likeness is spread over its sentences.
        """
        probability = self.probability(text)
        if probability >= self.threshold:
            return self._reasons(text, 0, len(text))
        if probability < min(CONCENTRATED, self.threshold):
            return None
        clause = self.concentrated(text)
        if clause is not None:
            return self._reasons(text, *clause)
        if probability >= SPREAD and self.spread(text, probability):
            return self._reasons(text, 0, len(text))
        return None

    def spread(self, text: str, probability: float) -> bool:
        """Whether the answer (read at `probability`) has two sentences or more and each one
        alone is less like flagged answers than the whole: a likeness no sentence carries."""
        sentences = [s for s in _BREAK.split(text) if s.strip()]
        return len(sentences) > 1 and all(self.probability(s) < probability for s in sentences)

    def concentrated(self, text: str) -> tuple[int, int] | None:
        """The span of the clause most like flagged answers, if it reaches CONCENTRATED."""
        best, span = 0.0, None
        left = 0
        for cut in [*BREAK.finditer(text), None]:  # clauses end where the screen's do
            right = cut.start() if cut else len(text)
            if text[left:right].strip():
                probability = self.probability(text[left:right])
                if probability > best:
                    best, span = probability, (left, right)
            left = cut.end() if cut else left
        return span if best >= CONCENTRATED else None

    def _reasons(self, text: str, left: int, right: int) -> list[tuple[int, int, str]]:
        """The words between left and right that weighed most."""
        pulls = sorted(
            (
                (self.weights.get(w, 0.0), start, end)
                for w, start, end in words(text)
                if left <= start and end <= right
            ),
            key=lambda p: -p[0],
        )
        strongest = [(start, end) for weight, start, end in pulls[:MAX_REASONS] if weight > 0]
        return [(start, end, text[start:end]) for start, end in sorted(strongest)]

    def to_json(self) -> dict:
        return {
            "about": "Learned safeguarding layer; rebuild with `voices safeguarding train`.",
            "trained_on": list(self.trained_on),
            "examples": self.examples,
            "threshold": self.threshold,
            "bias": round(self.bias, 6),
            "weights": {f: round(w, 6) for f, w in sorted(self.weights.items()) if round(w, 6)},
        }


def sure(model: Model, text: str) -> bool:
    """Whether the model is sure enough to speak where the rules set a word aside."""
    return model.probability(text) >= OVERRULE


def train(examples: Iterable[tuple[str, bool]], trained_on: tuple[str, ...] = ()) -> Model:
    """A model from (answer, flagged by a person) pairs."""
    rows = [(features(text), flagged) for text, flagged in examples]
    counts = Counter(f for found, _ in rows for f in found)
    vocabulary = {f for f, n in counts.items() if n >= MIN_COUNT}
    fitted = _train(
        [({f: 1.0 for f in sorted(found) if f in vocabulary}, flagged) for found, flagged in rows]
    )
    return Model(fitted.bias, fitted.weights, THRESHOLD, trained_on, len(rows))


def from_json(data: dict) -> Model:
    return Model(
        bias=float(data["bias"]),
        # Interned: the sentiment layer looks up the same words, so both tables share key
        # objects, and a word compared once is still in the cache for the second table.
        weights={sys.intern(str(k)): float(v) for k, v in data["weights"].items()},
        threshold=float(data.get("threshold", THRESHOLD)),
        trained_on=tuple(data.get("trained_on", ())),
        examples=int(data.get("examples", 0)),
    )


def load(path: Path = DEFAULT_PATH) -> Model | None:
    """The shipped model, or None when there is no file (the layer is then off)."""
    data = read_weights(path)
    return None if data is None else from_json(data)


@functools.cache
def default_model() -> Model | None:
    return load()
