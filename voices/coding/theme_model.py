"""The shipped learned layer of themes: the theme classifier of `learning.py`, trained once on
the project's labelled sets and kept as a weights file per framework.

Why: the lexicon alone suggests a theme for every keyword it meets, and on answers written by
people who did not write the keywords (docs/coding.md, "across sets") it suggests too many.
The classifier weighs each word by how often people chose the theme when it appeared, and
trained on one author's sets it gained 0.05-0.06 macro-F1 on another author's. Without
reviewed examples a Coder uses this layer; with them, it trains its own (`learning.py`).

A framework has a layer only when labelled answers name its themes (`surveys/coding/themes/
<framework id>.json`, rebuilt with `voices themes train`); a framework whose themes are not
exactly the ones the layer was trained on (a council's edited copy) is coded by its lexicon.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from voices import paths
from voices.coding.learning import LEXICON, LogisticModel, ThemeClassifier, read_weights
from voices.coding.matcher import ThemeMatcher

FOLDER = paths.SURVEYS / "coding" / "themes"
DIGITS = 6  # weights are rounded so that a retrained file diffs only where it changed
# A keyword alone (lexicon score 0.6-0.95) outweighs a layer sure the theme is absent in the
# blend. Trained on thousands of answers, the layer is right there more often than the
# keyword: "i want", "money", "trouble" told as part of something else. Trained on author
# A, it raised macro-F1 on author B's real quotes (docs/coding.md, "Session 12").
VETO = 0.05
# The lexicon's share in the blend with the layer's probability (0.5 for reviewers' examples).
# Trained on thousands of real answers, the layer earns more say: at 0.4 it overrules a lone
# keyword it finds unlikely (p < 0.25), and carries a theme no keyword names when p >= 0.67.
# Chosen across authors: in each of three folds of five held-out real-register authors,
# SHANARRI and Promise macro-F1 rose (docs/coding.md, "Session 16: themes").
SHIPPED_BLEND = 0.4
# The shipped layer is trained on thousands of answers by a few authors, and codes answers by
# others: a stronger pull of each weight towards zero than for reviewers' examples (L2) keeps
# it from leaning on words one author favours. Chosen across authors: trained without two
# real-register authors and measured on them, in each of four such folds (docs/coding.md,
# "Session 13").
SHIPPED_L2 = 0.002
# Passes over the training answers for the shipped layer (30 for reviewers' examples). The
# learning rate decays each pass, so on thousands of answers 30 passes stop short of the fit
# the L2 above aims at; 60 come closer. Measured across authors (three folds of six held-out
# real-register authors): Promise macro-F1 rose in each fold, SHANARRI held (docs/coding.md,
# "Session 17: the theme layer's training").
SHIPPED_EPOCHS = 60
# An answer whose themes all fall under the threshold keeps its best one from this blended
# score: plain words (no keyword, a layer near 0.5) name a theme the writer clearly spoke to.
# SHANARRI only: nearly every answer about care life has a SHANARRI theme, while the labelling
# guide leaves Promise empty for school, health and hobby answers (rule 3). Across authors it
# raised SHANARRI macro-F1 in each of three folds of ten held-out authors; on Promise it was
# level (docs/coding.md, "Session 21: themes across authors").
LONE = {"shanarri": 0.3}


def path_for(framework_id: str, folder: Path = FOLDER) -> Path:
    return folder / f"{framework_id}.json"


def train(
    matcher: ThemeMatcher,
    examples: Sequence[tuple[str, Iterable[str]]],
    trained_on: tuple[str, ...] = (),
) -> dict:
    """The weights file's content: a classifier trained on (answer, theme ids) examples."""
    classifier = ThemeClassifier(matcher, examples, l2=SHIPPED_L2, epochs=SHIPPED_EPOCHS)
    return to_json(classifier, trained_on, len(examples))


def to_json(classifier: ThemeClassifier, trained_on: tuple[str, ...], examples: int) -> dict:
    themes = classifier.matcher.framework.theme_ids
    models = [classifier.models[t] for t in themes]
    names = sorted({f for model in models for f in model.weights})
    weights = {}
    for name in names:
        row = [round(model.weights.get(name, 0.0), DIGITS) for model in models]
        if any(row):
            weights[name] = row
    return {
        "about": "Learned layer of themes; rebuild with `voices themes train`.",
        "framework": classifier.matcher.framework.id,
        "themes": list(themes),
        "trained_on": list(trained_on),
        "examples": examples,
        "bias": [round(m.bias, DIGITS) for m in models],
        "weights": weights,
    }


def from_json(matcher: ThemeMatcher, data: dict) -> ThemeClassifier | None:
    """The classifier the file describes, or None when its themes are not the framework's."""
    themes = list(matcher.framework.theme_ids)
    if list(data.get("themes", ())) != themes or data.get("framework") != matcher.framework.id:
        return None
    rows = {sys.intern(str(f)): [float(w) for w in row] for f, row in data["weights"].items()}
    models = {
        theme: LogisticModel(
            float(data["bias"][i]), {f: row[i] for f, row in rows.items() if row[i]}
        )
        for i, theme in enumerate(themes)
    }
    vocabulary = set(rows) | {LEXICON + theme for theme in themes}
    lone = LONE.get(matcher.framework.id)
    return ThemeClassifier.from_models(matcher, vocabulary, models, VETO, SHIPPED_BLEND, lone)


def shipped(matcher: ThemeMatcher, folder: Path = FOLDER) -> ThemeClassifier | None:
    """The shipped layer for the matcher's framework, or None (the lexicon alone then codes)."""
    data = _read(path_for(matcher.framework.id, folder))
    return None if data is None else from_json(matcher, data)


@functools.lru_cache(maxsize=16)
def _read(path: Path) -> dict | None:
    # Read once per process: a Coder is built per framework and per set of reviewed examples.
    return read_weights(path)
