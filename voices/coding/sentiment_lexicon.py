"""surveys/coding/sentiment.yaml, read and checked: the field's words, phrases, emoji,
the lists that adjust TextBlob, and the typed settings the sentiment rules use.
Errors name the file, line and field."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from voices import paths, yamlsource
from voices.coding import text as words
from voices.yamlsource import Source

DEFAULT_PATH = paths.SURVEYS / "coding" / "sentiment.yaml"


@dataclass(frozen=True)
class Settings:
    # thresholds: a polarity above `positive` reads positive, below `negative` negative;
    # clauses this far apart either way read mixed; `strong` is a strongly felt polarity.
    positive: float = 0.1
    negative: float = -0.05
    mixed: float = 0.1
    strong: float = 0.45
    # negation: a negator up to `window` words before a scored word turns it.
    window: int = 4
    negated_positive: float = -0.8
    negated_negative: float = -0.3
    bare_negation: float = -0.3  # "nobody asked me": a negation of nothing we score
    # weights
    field: float = 1.5  # our own words and phrases, against TextBlob's 1.0
    after_contrast: float = 1.5  # a clause after "but" weighs more
    exclaim: float = 0.3
    question: float = 0.3  # a question's polarity is scaled down by this
    disclosure: float = -0.8  # what a safeguarding signal adds to its clause
    past: float = 0.4  # a clause told in the past, when the answer turns to "now"
    reported: float = 0.4  # scales the good words of someone else ("my sw said its great")
    relief: float = 0.3  # a hard past got through, in the present of a turn (sentiment_turn.py)


_SETTINGS = {
    "thresholds": ("positive", "negative", "mixed", "strong"),
    "negation": ("window", "negated_positive", "negated_negative", "bare_negation"),
    "weights": (
        "field",
        "after_contrast",
        "exclaim",
        "question",
        "disclosure",
        "past",
        "reported",
        "relief",
    ),
}
_LISTS = ("ignore", "not_complaints", "calm_categories")
_SECTIONS = (*_SETTINGS, *_LISTS, "words", "phrases", "emoji")
_EMOJI_TAIL = frozenset("\ufe0f\u200d\u20e3") | {chr(c) for c in range(0x1F3FB, 0x1F400)}


class Phrase(NamedTuple):
    stems: tuple[str, ...]
    polarity: float


@dataclass(frozen=True)
class SentimentLexicon:
    words: dict[str, float]  # exact word (after text-speak) -> polarity
    phrases: dict[str, list[Phrase]]  # first stem -> its phrases, longest first
    emoji: dict[str, float]
    ignore: frozenset[str]  # words whose TextBlob score is dropped
    not_complaints: frozenset[str] = frozenset()  # "no" before these is not a complaint
    settings: Settings = Settings()
    # Safeguarding categories whose signal says nothing of the writer's feeling.
    calm_categories: frozenset[str] = frozenset()


def emoji_key(written: str) -> str:
    # Skin tones and variation selectors do not change what an emoji means.
    return "".join(c for c in written if c not in _EMOJI_TAIL) or written


def load_lexicon(path: Path = DEFAULT_PATH) -> SentimentLexicon:
    """Read and check sentiment.yaml; errors name file, line and field."""
    return parse_lexicon(yamlsource.load(path))


@functools.cache
def default_lexicon() -> SentimentLexicon:
    return load_lexicon()


def parse_lexicon(source: Source) -> SentimentLexicon:
    data = source.data
    if not isinstance(data, dict):
        raise source.error((), "a sentiment file must be a mapping of sections")
    for key in data:
        if key not in _SECTIONS:
            raise source.error((key,), f"unknown section (expected one of {', '.join(_SECTIONS)})")
    lists = {name: _word_list(source, data, name) for name in _LISTS}
    single: dict[str, float] = {}
    for written, polarity in _polarities(source, data, "words").items():
        tokens = words.tokenize(written)
        if len(tokens) != 1:
            raise source.error(("words", written), "one word here; put phrases under 'phrases'")
        single[tokens[0].norm] = polarity
    phrases: dict[str, list[Phrase]] = {}
    for written, polarity in _polarities(source, data, "phrases").items():
        stems = tuple(w for t in words.tokenize(written) for w in t.stem.split())
        if not stems:
            raise source.error(("phrases", written), "has no words to match")
        phrases.setdefault(stems[0], []).append(Phrase(stems, polarity))
    for entries in phrases.values():
        entries.sort(key=lambda e: -len(e.stems))  # longest phrase first
    emoji = {emoji_key(k.strip()): v for k, v in _polarities(source, data, "emoji").items()}
    return SentimentLexicon(
        words=single,
        phrases=phrases,
        emoji=emoji,
        ignore=lists["ignore"],
        not_complaints=lists["not_complaints"],
        settings=_settings(source, data),
        calm_categories=lists["calm_categories"],
    )


def _settings(source: Source, data: dict) -> Settings:
    found: dict[str, float] = {}
    for section, names in _SETTINGS.items():
        values = data.get(section, {})
        if not isinstance(values, dict):
            raise source.error((section,), "must be a mapping")
        for key, value in values.items():
            if key not in names:
                raise source.error((section, key), f"unknown setting (expected {', '.join(names)})")
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise source.error((section, key), "must be a number")
            found[key] = value
    window = found.get("window", Settings.window)
    if window < 1 or not float(window).is_integer():
        raise source.error(("negation", "window"), "must be a whole number of words, 1 or more")
    return dataclasses.replace(Settings(), **{**found, "window": int(window)})


def _word_list(source: Source, data: dict, name: str) -> frozenset[str]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise source.error((name,), "must be a list of words")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise source.error((name, i), "must be a word")
    return frozenset(w.strip().lower() for w in value)


def _polarities(source: Source, data: dict, section: str) -> dict[str, float]:
    values = data.get(section, {})
    if not isinstance(values, dict):
        raise source.error((section,), "must be a mapping of text to polarity")
    for key, value in values.items():
        if not isinstance(key, str) or not key.strip():
            raise source.error((section, key), "must be text")
        if isinstance(value, bool) or not isinstance(value, int | float) or not -1 <= value <= 1:
            raise source.error((section, key), "polarity must be a number from -1 to 1")
    return {k if section == "emoji" else k.lower(): float(v) for k, v in values.items()}
