"""Learning from people: a classifier trained on answers reviewers have coded.

One small logistic regression per theme, written here so it needs no corpora and no
extra packages. Its features are the answer's word stems and stem pairs, plus what the
lexicon already says about every theme; so with few examples it mostly trusts the
lexicon, and as reviewers accept and reject suggestions it learns where the lexicon is
wrong for this council's children. Examples are (text, accepted theme ids): every theme
not accepted counts as "not this theme", which is what a rejected suggestion means.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from voices.coding.matcher import Suggestion, ThemeMatcher
from voices.coding.text import Token, tokenize

EPOCHS = 30
LEARNING_RATE = 0.5
L2 = 0.0005
LEXICON_SCALE = 3.0  # lexicon scores are few and strong: let them outweigh single words
MIN_COUNT = 2  # a word seen once in training is noise, not a feature
LEXICON = "lex:"  # prefix of the lexicon's score features
# The lexicon's share in the blend for reviewers' examples (pipeline.combine), chosen by
# cross-validation on the development set; the shipped layer has its own (theme_model).
REVIEWED_BLEND = 0.5
# Words too common to show a reviewer as the reason for a theme (they stay features).
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "so",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "am",
        "i",
        "me",
        "my",
        "you",
        "your",
        "he",
        "she",
        "it",
        "we",
        "they",
        "them",
        "his",
        "her",
        "our",
        "their",
        "this",
        "that",
        "there",
        "here",
        "it's",
        "its",
    ]
)


def features(tokens: list[Token], lexicon: Iterable[Suggestion]) -> dict[str, float]:
    """Stems, stem pairs (within a clause) and lexicon scores of one answer."""
    stems = [(s, t.scope) for t in tokens for s in t.stem.split()]
    found: dict[str, float] = {stem: 1.0 for stem, _ in stems}
    for (a, scope_a), (b, scope_b) in zip(stems, stems[1:], strict=False):
        if scope_a == scope_b:
            found[f"{a} {b}"] = 1.0
    for suggestion in lexicon:
        found[LEXICON + suggestion.theme] = suggestion.score * LEXICON_SCALE
    return found


def logistic(z: float) -> float:
    """A weighted sum as a probability; z is clipped so exp cannot overflow."""
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class LogisticModel:
    """One logistic regression over sparse features: the unit both learned layers train."""

    bias: float
    weights: dict[str, float]

    def probability(self, found: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) * v for f, v in found.items())
        return logistic(z)


class ThemeClassifier:
    """Per-theme probabilities for an answer, learned from reviewed examples."""

    # Below this probability the classifier overrules the lexicon (`pipeline.combine`). Off
    # for reviewers' examples: a classifier trained on a few dozen is not sure enough.
    veto = 0.0
    # The lexicon's share when `pipeline.combine` blends its score with the probability.
    blend = REVIEWED_BLEND
    # When no theme reaches the threshold, the best theme still counts from this blended score
    # (`pipeline.combine`). Off (None) for reviewers' examples: measured on the shipped layer.
    lone: float | None = None

    def __init__(
        self,
        matcher: ThemeMatcher,
        examples: Sequence[tuple[str, Iterable[str]]],
        l2: float = L2,
        epochs: int = EPOCHS,
    ) -> None:
        self.matcher = matcher
        theme_ids = matcher.framework.theme_ids
        rows = [(self._features(text), set(themes)) for text, themes in examples]
        counts = Counter(f for found, _ in rows for f in found)
        self.vocabulary = {f for f, n in counts.items() if n >= MIN_COUNT or f.startswith(LEXICON)}
        rows = [
            ({f: v for f, v in found.items() if f in self.vocabulary}, ts) for found, ts in rows
        ]
        self.models = {
            t: train_logistic([(found, t in ts) for found, ts in rows], l2, epochs)
            for t in theme_ids
        }

    @classmethod
    def from_models(
        cls,
        matcher: ThemeMatcher,
        vocabulary: set[str],
        models: dict[str, LogisticModel],
        veto: float = 0.0,
        blend: float = REVIEWED_BLEND,
        lone: float | None = None,
    ) -> ThemeClassifier:
        """A classifier already trained (the shipped layer, `theme_model.py`)."""
        classifier = cls(matcher, ())
        classifier.vocabulary, classifier.models = vocabulary, models
        classifier.veto, classifier.blend, classifier.lone = veto, blend, lone
        return classifier

    def _features(self, text: str) -> dict[str, float]:
        return features(tokenize(text), self.matcher.all_scores(text))

    def probabilities(self, tokens: list[Token], lexicon: list[Suggestion]) -> dict[str, float]:
        found = {f: v for f, v in features(tokens, lexicon).items() if f in self.vocabulary}
        return {theme: model.probability(found) for theme, model in self.models.items()}

    def reasons(self, tokens: list[Token], theme: str) -> list[Token]:
        """The words that pushed the classifier most towards theme: evidence for a reviewer."""
        weights = self.models[theme].weights
        pull = {
            i: max(weights.get(s, 0.0) for s in t.stem.split())
            for i, t in enumerate(tokens)
            if t.norm not in FUNCTION_WORDS and t.stem
        }
        strongest = max(pull.values(), default=0.0)
        return [tokens[i] for i, w in pull.items() if w > 0.5 and w >= strongest / 2]


def train_logistic(
    rows: list[tuple[dict[str, float], bool]], l2: float = L2, epochs: int = EPOCHS
) -> LogisticModel:
    """Plain stochastic gradient descent on the log loss, with L2; rows are small and sparse."""
    model = LogisticModel(0.0, {})
    positives = sum(1 for _, y in rows if y)
    if positives == 0:
        return LogisticModel(-5.0, {})
    model.bias = math.log(positives / max(1, len(rows) - positives))
    for epoch in range(epochs):
        rate = LEARNING_RATE / (1.0 + epoch * 0.1)
        for found, label in rows:
            error = (1.0 if label else 0.0) - model.probability(found)
            model.bias += rate * error
            for feature, value in found.items():
                old = model.weights.get(feature, 0.0)
                model.weights[feature] = old + rate * (error * value - l2 * old)
    return model


def read_weights(path: Path) -> dict | None:
    """A learned layer's weights file as JSON, or None when there is none (the layer is off)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return json.loads(text)
