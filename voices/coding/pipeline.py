"""One answer in, everything the reviewer needs out: themes with evidence, sentiment, safeguarding.

A Coder is built once per framework (and per set of reviewed examples) and then codes
any number of answers; all the indexing happens at construction.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from voices import paths
from voices.coding import safeguarding, sentiment, theme_model
from voices.coding.codebook import Framework, load_frameworks
from voices.coding.learning import ThemeClassifier
from voices.coding.matcher import Evidence, Suggestion, ThemeMatcher
from voices.coding.multilingual import screen_in
from voices.coding.safeguarding import Signal
from voices.coding.sentiment import Sentiment, analyse
from voices.coding.text import Token, default_tables, tokenize

# With examples, a theme's score is a blend of the lexicon's score and the classifier's
# probability (the lexicon's share is the classifier's `blend`); the threshold and the share
# for reviewers' examples were chosen by cross-validation on the development set.
LEARNED_THRESHOLD = 0.4
# A safeguarding alert in a category a theme is linked to (its `safeguarding` list)
# suggests the theme at least this strongly, with the alert's words as evidence. A check
# does not: checks are weak or past signals, and adding "safe" for each one cut that
# theme's precision on every set (docs/coding.md, "across sets").
SIGNAL_SCORE = 0.75

Examples = Iterable[tuple[str, Iterable[str]]]


@dataclass(frozen=True)
class Coding:
    themes: tuple[str, ...]
    scores: dict[str, float]
    evidence: dict[str, tuple[Evidence, ...]]
    sentiment: Sentiment
    safeguarding: Signal

    def to_json(self, id: Any) -> dict[str, Any]:
        return {
            "id": id,
            "themes": list(self.themes),
            "scores": dict(self.scores),
            "evidence": {
                theme: [[e.start, e.end, e.words] for e in found]
                for theme, found in self.evidence.items()
            },
            "sentiment": {"label": self.sentiment.label, "polarity": self.sentiment.polarity},
            "safeguarding": {
                "flag": self.safeguarding.flag,  # alert or check
                "alert": self.safeguarding.alert,
                "screened": self.safeguarding.screened,
                "reasons": [
                    {
                        "tier": r.tier,
                        "category": r.category,
                        "start": r.start,
                        "end": r.end,
                        "words": r.words,
                    }
                    for r in self.safeguarding.reasons
                ],
            },
        }


def combine(
    matcher: ThemeMatcher,
    classifier: ThemeClassifier | None,
    text: str,
    tokens: list[Token] | None = None,
) -> list[Suggestion]:
    """Themes for text: the lexicon's alone, or re-judged by the classifier when there is one."""
    tokens = tokenize(text) if tokens is None else tokens
    if classifier is None:
        return matcher.suggest(text, tokens)
    lexicon = matcher.all_scores(text, tokens)
    by_theme = {s.theme: s for s in lexicon}
    probabilities = classifier.probabilities(tokens, lexicon)
    scores = {
        theme: classifier.blend * (by_theme[theme].score if theme in by_theme else 0.0)
        + (1 - classifier.blend) * probability
        for theme, probability in probabilities.items()
    }
    kept = [
        t
        for t, s in scores.items()
        if s >= LEARNED_THRESHOLD and probabilities[t] >= classifier.veto
    ]
    if not kept and classifier.lone is not None and scores:
        # Nothing reached the threshold: the best theme alone may still be what it is about.
        best = max(scores, key=scores.__getitem__)
        if scores[best] >= classifier.lone and probabilities[best] >= classifier.veto:
            kept = [best]
    found = [
        Suggestion(theme, round(scores[theme], 4), _evidence(classifier, by_theme, tokens, theme))
        for theme in kept
    ]
    return sorted(found, key=lambda s: (-s.score, s.theme))


def _evidence(
    classifier: ThemeClassifier, by_theme: dict[str, Suggestion], tokens: list[Token], theme: str
) -> tuple[Evidence, ...]:
    evidence = by_theme[theme].evidence if theme in by_theme else ()
    if evidence:
        return evidence
    # The classifier's own reasons, so a reviewer still sees why.
    return tuple(Evidence(t.start, t.end, t.text) for t in classifier.reasons(tokens, theme))


def with_safeguarding(
    framework: Framework, suggestions: list[Suggestion], signal: Signal
) -> list[Suggestion]:
    """Add or strengthen the themes a framework links to the categories that alerted."""
    if not signal.alert:
        return suggestions
    by_theme = {s.theme: s for s in suggestions}
    for theme in framework.themes:
        reasons = [
            r for r in signal.reasons if r.tier == "alert" and r.category in theme.safeguarding
        ]
        if not reasons:
            continue
        evidence = tuple(Evidence(r.start, r.end, r.words) for r in reasons)
        found = by_theme.get(theme.id)
        if found is None:
            by_theme[theme.id] = Suggestion(theme.id, SIGNAL_SCORE, evidence)
        else:
            merged = tuple(
                sorted(set(found.evidence) | set(evidence), key=lambda e: (e.start, e.end))
            )
            by_theme[theme.id] = Suggestion(theme.id, max(found.score, SIGNAL_SCORE), merged)
    return sorted(by_theme.values(), key=lambda s: (-s.score, s.theme))


class Coder:
    """Codes answers against one framework, optionally helped by reviewed examples."""

    def __init__(
        self, framework: Framework, examples: Examples | None = None, *, learned: bool = True
    ) -> None:
        # Load and check every word list now, so a broken file stops a run before its first
        # answer, with the file, line and field, rather than part-way through.
        sentiment.default_lexicon()
        safeguarding.default_lexicon()
        self.framework = framework
        self.matcher = ThemeMatcher(framework)
        reviewed: Sequence[tuple[str, list[str]]] = [
            (text, list(themes)) for text, themes in examples or ()
        ]
        # Without reviewed examples, the shipped layer trained on the project's labelled sets
        # (None for a framework it was not trained on, or learned=False: the lexicon alone).
        self.classifier = (
            ThemeClassifier(self.matcher, reviewed)
            if reviewed
            else theme_model.shipped(self.matcher)
            if learned
            else None
        )

    def learned(self, examples: Examples) -> Coder:
        """This coder retrained on other examples, sharing its (slow to build) lexicon index:
        cross-validation trains one per fold."""
        coder = copy.copy(self)
        reviewed = [(text, list(themes)) for text, themes in examples]
        coder.classifier = ThemeClassifier(self.matcher, reviewed) if reviewed else None
        return coder

    def code(self, text: str, locale: str | None = None) -> Coding:
        """Themes, sentiment and safeguarding for one answer. The screen reads it in its own
        language (locale, the page's, is a hint); in a language with no lexicon it comes
        back screened=False. Themes and sentiment read English."""
        # Once, shared by themes and sentiment, and past tokenize's cache: no other
        # stage asks again, and tokens kept in a cache are more for the collector to visit.
        tokens = tokenize(text, default_tables())
        signal = screen_in(text, locale)
        suggestions = with_safeguarding(
            self.framework, combine(self.matcher, self.classifier, text, tokens), signal
        )
        return Coding(
            themes=tuple(s.theme for s in suggestions),
            scores={s.theme: s.score for s in suggestions},
            evidence={s.theme: s.evidence for s in suggestions},
            sentiment=analyse(text, tokens, signal=signal),
            safeguarding=signal,
        )


def coder_for(
    framework_id: str, frameworks_folder: Path | None = None, examples: Examples | None = None
) -> Coder:
    """A Coder for a framework by id; KeyError names the ids that do exist."""
    found = load_frameworks(frameworks_folder or paths.FRAMEWORKS).frameworks
    if framework_id not in found:
        known = ", ".join(sorted(found))
        raise KeyError(f"unknown framework '{framework_id}' (known: {known})")
    return Coder(found[framework_id], examples)
