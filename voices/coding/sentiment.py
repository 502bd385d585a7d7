"""Sentiment of a child's answer: positive, negative, mixed or neutral, with a polarity.

Built on TextBlob's sentiment lexicon (PatternAnalyzer, which needs no downloaded corpora)
and corrected for what it misses in this field, from surveys/coding/sentiment.yaml:
field words and phrases ("moved again", "no one tells me", "bullied"), negation
("dont like", and a bare "never" or "nobody", which is usually a complaint), emoji and
text-speak (through voices.coding.text), safeguarding signals (a disclosure is never
neutral), and clauses: an answer whose clauses clearly disagree, or that turns on "but"
from a feeling to something else ("my sw is nice but she never calls"), is mixed.

TextBlob is called once per clause that has a word it knows, on our own tokens, through
the assessments of the analyser (textblob.en.sentiment) that `TextBlob(text).sentiment`
wraps: the same scores, without re-tokenising or building a TextBlob object for every
clause.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path

from textblob.en import sentiment as _pattern

from voices import paths, yamlsource
from voices.coding import safeguarding, sentiment_model
from voices.coding import text as words
from voices.yamlsource import Source

DEFAULT_PATH = paths.SURVEYS / "coding" / "sentiment.yaml"

_PLACEHOLDER = "xx"  # stands in for a word we scored ourselves; TextBlob resets at it
_NEGATION = "not"  # TextBlob only knows no, not, n't, never as negators
_QUESTION_STARTS = ("can", "could", "what", "why", "when", "how", "is", "do", "will", "who")
_CONTRAST_CHARS = max(map(len, words.CONTRAST_WORDS))  # enough of a clause to spot one

# Token fields and word-memo parts, read by C-level map() rather than Python loops.
_NORM, _STEM, _IS_EMOJI = itemgetter(3), itemgetter(4), itemgetter(5)
_PLAIN, _KNOWN, _NEGATES, _SINGLE = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)

Span = tuple[int, int, float]  # first token, last token, polarity


@dataclass(frozen=True)
class Sentiment:
    label: str  # "positive" | "negative" | "mixed" | "neutral"
    polarity: float  # -1.0 .. 1.0
    clauses: tuple[tuple[int, int, float], ...] = ()  # (start, end, polarity) per clause


@dataclass(frozen=True)
class SentimentLexicon:
    """sentiment.yaml, checked and indexed for fast matching."""

    words: dict[str, float]  # exact word (after text-speak) -> polarity
    phrases: dict[str, list[tuple[tuple[str, ...], float]]]  # first stem -> (stems, polarity)
    emoji: dict[str, float]
    ignore: frozenset[str]
    not_complaints: frozenset[str] = frozenset()
    settings: dict[str, float] = field(default_factory=dict)
    # Safeguarding categories whose signal says nothing of the writer's feeling.
    calm_categories: frozenset[str] = frozenset()
    # Derived in __post_init__, for speed: phrases' first two stems (or one, for a
    # one-stem phrase), and what each word gives TextBlob.
    _starts: dict[tuple[str, ...], list[tuple[tuple[str, ...], float]]] = field(
        init=False, repr=False, compare=False
    )
    _ones: dict[str, float] = field(init=False, repr=False, compare=False)
    _words: _WordMemo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every setting as a plain attribute, so reading one costs no __getattr__ call.
        for name in _DEFAULTS:
            object.__setattr__(self, name, self.settings.get(name, _DEFAULTS[name]))
        starts: dict[tuple[str, ...], list[tuple[tuple[str, ...], float]]] = {}
        ones: dict[str, float] = {}
        for entries in self.phrases.values():
            for phrase, polarity in entries:  # longest first
                if len(phrase) > 1:
                    starts.setdefault(phrase[:2], []).append((phrase, polarity))
                else:
                    ones.setdefault(phrase[0], polarity)
        object.__setattr__(self, "_starts", starts)
        object.__setattr__(self, "_ones", ones)
        object.__setattr__(self, "_words", _WordMemo(self.ignore, self.words))

    def __getattr__(self, name: str) -> float:
        try:
            return self.settings[name] if name in self.settings else _DEFAULTS[name]
        except KeyError:
            raise AttributeError(name) from None

    def find(self, tokens: list[words.Token], entries: list[_Entry] | None = None) -> list[Span]:
        """Field phrases (longest first), then single words, then emoji.

        entries: the tokens' word-memo entries, if already looked up (saves time)."""
        if entries is None:
            entries = list(map(self._words.__getitem__, map(_NORM, tokens)))
        has_emoji = any(map(_IS_EMOJI, tokens))
        if has_emoji:
            stems = tuple(" ".join([t.stem for t in tokens if not t.is_emoji]).split())
        else:
            stems = tuple(" ".join(map(_STEM, tokens)).split())
        # Most clauses hold no phrase's first two stems: then no phrase can match.
        starts, ones = self._starts.keys(), self._ones
        if starts.isdisjoint(zip(stems, stems[1:], strict=False)) and (
            not ones or ones.keys().isdisjoint(stems)
        ):
            found: list[Span] = []
        else:
            found = self._phrase_spans(tokens, stems)
        if has_emoji:
            emoji = self.emoji
            polarities = [
                emoji.get(_emoji_key(t.text)) if t.is_emoji else entry[3]
                for t, entry in zip(tokens, entries, strict=True)
            ]
        else:
            polarities = list(map(_SINGLE, entries))
            if polarities.count(None) == len(polarities):
                return found  # no single word of ours: the phrases, already in order
        used = {i for first, last, _ in found for i in range(first, last + 1)}
        for i, polarity in enumerate(polarities):
            if polarity is not None and i not in used:
                found.append((i, i, polarity))
        return sorted(found)

    def _phrase_spans(self, tokens: list[words.Token], stems: tuple[str, ...]) -> list[Span]:
        # Left to right, a matched phrase's stems start no other phrase.
        starts = self._starts
        candidates = [
            k for k, pair in enumerate(zip(stems, stems[1:], strict=False)) if pair in starts
        ]
        if self._ones:
            candidates = sorted({*candidates, *(k for k, w in enumerate(stems) if w in self._ones)})
        found: list[Span] = []
        owner: list[int] = []  # token of each stem, once a phrase matches
        free = 0  # the first stem not inside a matched phrase
        for k in candidates:
            if k < free:
                continue
            match = self._longest(stems, k)
            if match is not None:
                owner = owner or [
                    i for i, t in enumerate(tokens) if not t.is_emoji for _ in t.stem.split()
                ]
                length, polarity = match
                found.append((owner[k], owner[k + length - 1], polarity))
                free = k + length
        return found

    def _longest(self, stems: tuple[str, ...], k: int) -> tuple[int, float] | None:
        # Only phrases that start with these two stems, then any of this one stem alone,
        # keep the longest-first order of phrases[stems[k]].
        for phrase, polarity in self._starts.get(stems[k : k + 2], ()):
            if stems[k : k + len(phrase)] == phrase:
                return len(phrase), polarity
        if stems[k] in self._ones:
            return 1, self._ones[stems[k]]
        return None


# A word's memo entry: the words TextBlob is given for it, whether TextBlob scores any of
# them, whether it is a negator, and its polarity in our single words (or None).
_Entry = tuple[tuple[str, ...], bool, bool, float | None]


class _WordMemo(dict[str, _Entry]):
    """norm -> its _Entry; a word's answer never changes, and words come back often."""

    def __init__(self, ignore: frozenset[str], single: dict[str, float]) -> None:
        super().__init__()
        self.ignore = ignore
        self.single = single
        self.scored: frozenset[str] | None = None  # TextBlob's words less ours to ignore

    def __missing__(self, norm: str) -> _Entry:
        if len(self) > 100_000:  # bound memory on huge, misspelt batches
            self.clear()
        if self.scored is None:  # read TextBlob's lexicon only once it is needed
            self.scored = _known() - self.ignore
        # Uncached: this memo already keeps each word's answer.
        negator = words.negates(norm)
        plain = (_NEGATION,) if negator else tuple(norm.split())
        polarity = self.single.get(norm)
        entry = self[norm] = (plain, not self.scored.isdisjoint(plain), negator, polarity)
        return entry


# A word we scored ourselves, or an emoji: TextBlob sees only the placeholder, which it
# does not know, and which is no negator.
_BLANK: _Entry = ((_PLACEHOLDER,), False, False, None)


class _Clause:
    # A plain class with slots: one is made for every clause of every answer.
    __slots__ = ("start", "end", "contrast", "tokens", "scores", "polarity")

    def __init__(self, start: int, end: int, contrast: bool, tokens: list[words.Token]) -> None:
        self.start = start
        self.end = end
        self.contrast = contrast  # starts with "but", "although"...
        self.tokens = tokens
        self.scores: list[tuple[float, float]] = []  # (polarity, weight)
        self.polarity = 0.0  # the scores' weighted mean, set by _judge once all are in


def analyse(
    text: str,
    tokens: list[words.Token] | None = None,
    lexicon: SentimentLexicon | None = None,
    learned: bool = True,
    signal: safeguarding.Signal | None = None,
) -> Sentiment:
    """Label and polarity of text; pass tokens, and the text's safeguarding signal, if you
    already have them (saves time).

    With the shipped lexicon (no lexicon given), the learned layer (sentiment_model.py)
    then re-judges the label, unless learned=False: that is the rules' reading alone.
    """
    model = sentiment_model.default_model() if lexicon is None and learned else None
    lexicon = lexicon or default_lexicon()
    tokens = words.tokenize(text) if tokens is None else tokens
    clauses = _clauses(text, tokens)
    for clause in clauses:
        _score(text, clause, lexicon)
    signal = safeguarding.screen(text) if signal is None else signal
    for reason in signal.reasons:
        if reason.category in lexicon.calm_categories:
            continue  # a groomed child may sound pleased: the feeling is theirs
        # A disclosure is otherwise never neutral, whatever words it uses.
        clause = next((c for c in clauses if c.start <= reason.start < c.end), clauses[-1])
        clause.scores.append((lexicon.disclosure, lexicon.field))
    # The rules' reading as plain values: one Sentiment is made, once the label is settled.
    label, polarity, spans = _judge(text, clauses, lexicon)
    if model is not None:
        learned_label = model.label(text, sentiment_model.Reading(label, polarity, signal.flag))
        # The layer may move a label, not erase a strongly felt one.
        if learned_label != "neutral" or abs(polarity) < lexicon.strong:
            label = learned_label
    return Sentiment(label, polarity, spans)


def _clauses(text: str, tokens: list[words.Token]) -> list[_Clause]:
    spans = words.clause_spans(text) or [(0, len(text))]
    if len(spans) == 1:  # most answers: one clause, holding every token
        start, end = spans[0]
        contrast = _contrast(text, start, end)
        return [_Clause(start, end, contrast, list(tokens))]
    clauses, i = [], 0
    for start, end in spans:
        mine: list[words.Token] = []
        while i < len(tokens) and tokens[i].start < end:
            if tokens[i].end > start:
                mine.append(tokens[i])
            i += 1
        contrast = _contrast(text, start, end)
        clauses.append(_Clause(start, end, contrast, mine))
    return clauses


def _contrast(text: str, start: int, end: int) -> bool:
    # Lower-casing never shortens text, so the clause's first few characters suffice.
    head = text[start : min(end, start + _CONTRAST_CHARS)]
    return head.lower().startswith(words.CONTRAST_WORDS)


def _score(text: str, clause: _Clause, lexicon: SentimentLexicon) -> None:
    """Our words and phrases first; TextBlob scores whatever is left."""
    tokens = clause.tokens
    scores = clause.scores
    entries = list(map(lexicon._words.__getitem__, map(_NORM, tokens)))
    negates = list(map(_NEGATES, entries))
    has_negator = True in negates
    used = [False] * len(tokens)
    found = lexicon.find(tokens, entries)
    for first, last, _ in found:
        used[first : last + 1] = [True] * (last + 1 - first)
    negators_used: set[int] = set()
    for first, _last, polarity in found:
        if polarity == 0.0:
            continue  # a phrase that only silences TextBlob ("best friend")
        negator = (
            _negator_before(tokens, used, negates, first, lexicon.window) if has_negator else None
        )
        if negator is not None:
            negators_used.add(negator)
            polarity *= lexicon.negated_positive if polarity > 0 else lexicon.negated_negative
        scores.append((polarity, lexicon.field))
    if any(map(_KNOWN, entries)):  # else nothing TextBlob knows: skip it
        scores.extend(_textblob(tokens, found, entries, negators_used, lexicon))
    if has_negator:
        scores.extend(_bare_negations(tokens, used, negates, negators_used, lexicon))
    if text.find("!", clause.start, clause.end + 1) >= 0 and not any(p < 0 for p, _ in scores):
        scores.append((lexicon.exclaim, 1.0))  # "we won!!": children shout for joy


def _negator_before(
    tokens: list[words.Token], used: list[bool], negates: list[bool], index: int, window: int
) -> int | None:
    # Like text.negated, but a negator inside a matched phrase ("nothing else") is not one.
    scope = tokens[index].scope
    for i in range(index - 1, max(index - window, 0) - 1, -1):
        if tokens[i].scope != scope:
            return None
        if negates[i] and not used[i]:
            return i
    return None


def _textblob(
    tokens: list[words.Token],
    found: list[Span],
    entries: list[_Entry],
    negators_used: set[int],
    lexicon: SentimentLexicon,
) -> list[tuple[float, float]]:
    # TextBlob sees each word we did not score, a negator as "not", others as a placeholder.
    if found or any(map(_IS_EMOJI, tokens)):
        entries = entries.copy()
        for first, last, _ in found:
            entries[first : last + 1] = [_BLANK] * (last + 1 - first)
        for i, token in enumerate(tokens):
            if token.is_emoji:
                entries[i] = _BLANK
        if not any(map(_KNOWN, entries)):
            return []  # nothing TextBlob knows is left: skip the call
    plain = list(chain.from_iterable(map(_PLAIN, entries)))
    scores = []
    # The analyser's own assessments, as its __call__ gives them for a list of words.
    for chunk, polarity, _subjectivity, _label in _analyser().assessments(zip(plain, repeat(None))):
        head = next((w for w in reversed(chunk) if w != "!"), "")
        if head in lexicon.ignore:
            continue
        if chunk[0] == _NEGATION and polarity:
            # TextBlob reverses and halves; use our own factors, as for field words.
            before = polarity / -0.5
            factor = lexicon.negated_positive if before > 0 else lexicon.negated_negative
            polarity = before * factor
            negators_used.update(i for i, entry in enumerate(entries) if entry[2])
        scores.append((polarity, 1.0))
    return scores


class _Analyser(dict[str, dict]):
    """TextBlob's sentiment lexicon, loaded, as a plain dict, scored by TextBlob's own
    assessments(): the same scores, but each word lookup is a C dict lookup rather than
    a Python call through TextBlob's lazily loading dict."""

    assessments = type(_pattern).assessments

    def __init__(self) -> None:
        "good" in _pattern  # noqa: B015 - loads the lexicon
        super().__init__(dict.items(_pattern))
        # All else assessments() reads of the analyser.
        self.negations, self.modifiers = _pattern.negations, _pattern.modifiers
        self.modifier, self.labeler = _pattern.modifier, _pattern.labeler


@functools.cache
def _analyser() -> _Analyser:
    return _Analyser()


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(_analyser())


def _bare_negations(
    tokens: list[words.Token],
    used: list[bool],
    negates: list[bool],
    negators_used: set[int],
    lexicon: SentimentLexicon,
) -> list[tuple[float, float]]:
    """ "nobody asked me", "never picks up", "cant go": a negation of nothing we score."""
    last = len(tokens) - 1
    for i, negator in enumerate(negates):
        if not negator or used[i] or i in negators_used or i == last:
            continue  # i == last: "no", "nah not really": an answer, not a complaint
        token, after = tokens[i], tokens[i + 1]
        if after.scope != token.scope or after.is_emoji:
            continue
        if negates[i + 1] or after.norm in lexicon.not_complaints:
            continue
        return [(lexicon.bare_negation, 1.0)]  # one is enough
    return []


def _judge(
    text: str, clauses: list[_Clause], lexicon: SentimentLexicon
) -> tuple[str, float, tuple[Span, ...]]:
    """The rules' label, polarity and clause spans (a Sentiment's fields).

    One pass: each clause's polarity, the answer's weighted sums, and whether it is mixed.
    """
    after_contrast, strong = lexicon.after_contrast, lexicon.strong
    total = weighted = 0.0
    mixed = False
    before: _Clause | None = None
    for clause in clauses:
        scores = clause.scores
        if scores:
            own = own_weighted = 0.0
            cw = after_contrast if clause.contrast else 1.0
            for p, w in scores:
                own += w
                own_weighted += p * w
                total += cw * w
                weighted += cw * p * w
            clause.polarity = own_weighted / own if own else 0.0
            if not mixed:  # strongly felt both ways within one clause
                # (polarity, weight) pairs: the greatest and least pairs hold the
                # greatest and least polarities.
                mixed = max(scores)[0] >= strong and min(scores)[0] <= -strong
        if clause.contrast and before is not None and not mixed:
            mixed = _turns(before, clause, lexicon)
        before = clause
    spans = tuple([(c.start, c.end, round(c.polarity, 3)) for c in clauses])
    if not total:
        return "neutral", 0.0, spans
    polarity = weighted / total
    if _question(text):
        polarity *= lexicon.question  # "can I have a say in who my next sw is?"
    polarity = round(max(-1.0, min(1.0, polarity)), 3)
    if mixed or _disagree(clauses, lexicon):
        label = "mixed"
    elif polarity > lexicon.positive:
        label = "positive"
    elif polarity < lexicon.negative:
        label = "negative"
    else:
        label = "neutral"
    return label, polarity, spans


def _question(text: str) -> bool:
    # Most answers end with no "?": then nothing needs lower-casing.
    if not text.rstrip().endswith("?"):
        return False
    return text.strip().lower().startswith(_QUESTION_STARTS)


def _disagree(clauses: list[_Clause], lexicon: SentimentLexicon) -> bool:
    # Clauses that clearly disagree: one felt well, another badly.
    if len(clauses) == 1 and lexicon.mixed > 0:
        return False  # one polarity cannot be both
    scored = [c.polarity for c in clauses if c.scores]
    return bool(scored) and max(scored) >= lexicon.mixed and min(scored) <= -lexicon.mixed


def _turns(before: _Clause, after: _Clause, lexicon: SentimentLexicon) -> bool:
    # "X is ok but ...": a feeling, then "but" and something that is not that feeling;
    # or "I got a flat but the heating doesnt work": something, then "but" and a complaint.
    if before.polarity > 0:
        return not after.scores or after.polarity <= 0
    if before.polarity < 0:
        return not after.scores or after.polarity > 0
    return after.polarity <= -lexicon.mixed


# ---- loading and checking sentiment.yaml ---------------------------------------------

_DEFAULTS: dict[str, float] = {
    "positive": 0.1,
    "negative": -0.05,
    "mixed": 0.1,
    "strong": 0.45,
    "window": 4,
    "negated_positive": -0.8,
    "negated_negative": -0.3,
    "bare_negation": -0.3,
    "field": 1.5,
    "after_contrast": 1.5,
    "exclaim": 0.3,
    "question": 0.3,
    "disclosure": -0.8,
}
_SETTINGS = {
    "thresholds": ("positive", "negative", "mixed", "strong"),
    "negation": ("window", "negated_positive", "negated_negative", "bare_negation"),
    "weights": ("field", "after_contrast", "exclaim", "question", "disclosure"),
}
_LISTS = ("ignore", "not_complaints", "calm_categories")
_SECTIONS = (*_SETTINGS, *_LISTS, "words", "phrases", "emoji")
_EMOJI_TAIL = frozenset("\ufe0f\u200d\u20e3") | {chr(c) for c in range(0x1F3FB, 0x1F400)}


def _emoji_key(written: str) -> str:
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
    phrases: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    for written, polarity in _polarities(source, data, "phrases").items():
        stems = tuple(w for t in words.tokenize(written) for w in t.stem.split())
        if not stems:
            raise source.error(("phrases", written), "has no words to match")
        phrases.setdefault(stems[0], []).append((stems, polarity))
    for entries in phrases.values():
        entries.sort(key=lambda e: -len(e[0]))  # longest phrase first
    emoji = {_emoji_key(k.strip()): v for k, v in _polarities(source, data, "emoji").items()}
    return SentimentLexicon(
        single,
        phrases,
        emoji,
        lists["ignore"],
        lists["not_complaints"],
        _settings(source, data),
        lists["calm_categories"],
    )


def _settings(source: Source, data: dict) -> dict[str, float]:
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
    window = found.get("window", 4)
    if window < 1 or not float(window).is_integer():
        raise source.error(("negation", "window"), "must be a whole number of words, 1 or more")
    found["window"] = int(window)
    return found


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
