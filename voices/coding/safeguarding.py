"""Safeguarding signals: does an answer suggest a child may be at risk? High recall first.

The words live in surveys/safeguarding/lexicon.yaml (read by lexicon.py; the pattern
language is in patterns.py). Code adds only what data cannot say:

- A trigger right after a negator ("nobody hits me", "I don't feel unsafe") is cancelled,
  unless a blocker sits between ("I can't stop cutting myself"), the category is never
  cancelled (self-harm, suicidal thoughts), or a word after it says it used to happen
  ("he doesn't hit me anymore" still tells of harm).
- A trigger inside an idiom or joke ("bored to death", "hit me up") is dropped.
- Past harm still flags; and a strong match is only a "check" when told as past and over,
  of everyday care, in a game or lesson, inside a check context, or when its pattern is
  one of the labelling guide's checks: tier.py decides, and says what decides it. An
  alert on an answer the learned layer finds all but unlike flagged ones is a check too
  (tier.doubted).

Two tiers (TIERS), carried by every reason: "alert" (a strong signal of current or ongoing
risk: it emails a lead) and "check" (weaker or past: queued for a worker to read). Only a
strong pattern, not told as past and over, alerts; weaker signals, the near rules and the
learned layer (similar.py) only ever raise "check".

A check that rests only on soft reasons (a context explains it: soft.py) is raised only
when the learned layer backs it. Without a learned model (sensitivity "standard"), it stands.

Two sensitivities (SENSITIVITIES). "standard" runs each category's strong patterns only;
"high", the product default because a miss costs far more than a false alarm, also runs
its weaker signals, the near rules and the learned layer. Each reason says which level
matched.

Matching runs on the text as written (case-insensitive), with dialect and phonetic
spellings read as the standard words (spelling.py: "ah wis feart" is screened as "i was
scared"); offsets always point at the child's own words. The lexicon's word index picks
the few patterns worth running on an answer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from voices.coding import dissent, similar, soft, spelling
from voices.coding.lexicon import Lexicon, default_lexicon, load_lexicon
from voices.coding.near import near_matches
from voices.coding.patterns import Pattern, compile_pattern, word_keys
from voices.coding.soft import CORROBORATE
from voices.coding.text import written_words
from voices.coding.tier import BREAK, Telling, doubted, sentence_of

TIERS = ("alert", "check")  # strongest first
SENSITIVITIES = ("standard", "high")  # each level also runs every level before it
DEFAULT_SENSITIVITY = "high"


__all__ = [
    "CORROBORATE",
    "DEFAULT_SENSITIVITY",
    "SENSITIVITIES",
    "TIERS",
    "Lexicon",
    "Reason",
    "Signal",
    "compile_pattern",
    "default_lexicon",
    "load_lexicon",
    "screen",
]


@dataclass(frozen=True)
class Reason:
    category: str
    start: int
    end: int
    words: str  # original[start:end]
    level: str = "standard"  # the weakest sensitivity at which this pattern flags
    tier: str = "check"  # "alert" (current or ongoing risk: emails a lead) or "check"


@dataclass(frozen=True)
class Signal:
    flag: bool  # alert or check
    reasons: tuple[Reason, ...]
    screened: bool = True  # False: written in a language the screen cannot read
    # Soft reasons the learned layer did not back: no flag, but the sentiment reader still
    # hears the hard words in them ("got smacked in the face with a ball at training").
    unbacked: tuple[Reason, ...] = ()

    @property
    def alert(self) -> bool:
        return any(r.tier == "alert" for r in self.reasons)


NO_SIGNAL = Signal(False, ())


def screen(
    text: str,
    lexicon: Lexicon | None = None,
    sensitivity: str = DEFAULT_SENSITIVITY,
    model: similar.Model | None = None,
    dialect: bool = True,
) -> Signal:
    """Flag and reasons (category, offsets, words, level) for one answer.

    sensitivity "standard" runs the strong patterns only; "high" (the default) adds the
    weaker signals, the near rules and the learned layer. With no lexicon, the shipped
    lexicon and learned model are used; with a lexicon, a model only if one is given.
    Raises ValueError for any other sensitivity. dialect=False screens the words as written
    only: for another language's text, where an English dialect word may be an ordinary
    word (Polish "mam", I have).
    """
    if sensitivity not in SENSITIVITIES:
        raise ValueError(
            f"unknown sensitivity {sensitivity!r} (expected {', '.join(SENSITIVITIES)})"
        )
    if lexicon is None:
        lexicon, model = default_lexicon(), similar.default_model()
    high = sensitivity == "high"
    # Dialect and phonetic spellings are screened as the standard words they stand for.
    written = spelling.standard(text) if dialect else spelling.Standard(text, text)
    signal = _Screen(written.text, lexicon).signal(high, model if high else None)
    return _to_original(signal, written) if written.spans else signal


def _to_original(signal: Signal, written: spelling.Standard) -> Signal:
    """The signal with each reason's offsets and words in the text the child wrote."""

    def back(reason: Reason) -> Reason:
        start, end = written.to_original(reason.start, reason.end)
        return replace(reason, start=start, end=end, words=written.original[start:end])

    return replace(
        signal,
        reasons=tuple(map(back, signal.reasons)),
        unbacked=tuple(map(back, signal.unbacked)),
    )


class _Screen:
    """One answer against one lexicon: its words, and the rules that set a match aside."""

    def __init__(self, text: str, lexicon: Lexicon) -> None:
        self.text = text
        self.lexicon = lexicon
        self.words = written_words(text)
        self.keys = word_keys([w.plain for w in self.words])
        self.safe: list[tuple[int, int]] = []  # spans of idioms and jokes
        self.telling = Telling(text, lexicon, self.keys)  # decides each match's tier
        # Whether the rules saw words and set them aside (a known harmless phrase, a
        # negated or past signal): then the learned layer stays silent.
        self.set_aside = False
        # Reasons a context explains: see soft.py.
        self.soft: set[tuple[str, int, int]] = set()
        # Matches of strong patterns, whatever their tier: only these may be dissented.
        self.strong: set[tuple[str, int, int]] = set()
        self.topics: set[tuple[str, int, int]] = set()  # those a check as one word alone
        self.weak_topics: set[tuple[str, int, int]] = set()  # a weaker pattern's one word
        self.model: similar.Model | None = None  # the learned layer, set by signal()
        self.probability: float | None = None  # its score for the whole text, once needed

    def signal(self, high: bool, model: similar.Model | None) -> Signal:
        lexicon, keys = self.lexicon, self.keys
        # Strong patterns first, so a span both levels match is reported as strong.
        triggers = lexicon.standard.candidates(keys)
        if high:
            triggers += lexicon.high.candidates(keys)
        near = high and bool(lexicon.near)
        if not triggers and not near and model is None:
            return NO_SIGNAL
        self.model = model
        self.safe = [
            m.span() for p in lexicon.safe.candidates(keys) for m in p.regex.finditer(self.text)
        ]
        self.set_aside = bool(self.safe)
        reasons = self._pattern_reasons(triggers)
        unbacked: tuple[Reason, ...] = ()
        if reasons and not self._backed(reasons):
            unbacked, reasons = tuple(reasons.values()), {}
        if near and not reasons:  # a near rule only speaks when no pattern has
            reasons = self._near_reasons([(r.category, r.start, r.end) for r in unbacked])
            if reasons and self._laughed_off(reasons):
                unbacked, reasons = unbacked + tuple(reasons.values()), {}
        if not reasons:
            reasons = self._learned_reasons()
        if not reasons:
            return Signal(False, (), unbacked=unbacked) if unbacked else NO_SIGNAL
        found = sorted(reasons.values(), key=lambda r: (r.start, r.end, r.category))
        if self._dissented(reasons):
            return Signal(False, (), unbacked=unbacked + tuple(found))
        return Signal(True, tuple(self._doubt(found)))

    def _probability(self) -> float:
        """The learned layer's score for the whole answer, computed once. Only asked for
        when there is a layer (callers check)."""
        if self.probability is None:
            if self.model is None:
                raise RuntimeError("no learned layer to score with")
            self.probability = self.model.probability(self.text)
        return self.probability

    def _backed(self, reasons: dict[soft.Key, Reason]) -> bool:
        """A check that rests only on soft reasons needs the learned layer to find the answer
        at least a little like flagged ones: "got battered 6-0 at football" and "we did a
        lesson on knife crime" are not. Without a layer, every check stands."""
        return self.model is None or soft.corroborated(reasons, self.soft, self._probability)

    def _laughed_off(self, reasons: dict[soft.Key, Reason]) -> bool:
        """Near matches laughed off, like a weak pattern ("me n my bro batter each other
        lol"): every one sits in a sentence with a laugh, is of a category that can be
        negated (not thoughts of dying or self-harm), and the layer does not back it."""
        categories = self.lexicon.categories
        laughed = all(
            categories[r.category].negatable and self.telling.laughed(r.start, r.end)
            for r in reasons.values()
        )
        return laughed and self.model is not None and self._probability() < CORROBORATE

    def _learned_reasons(self) -> dict[soft.Key, Reason]:
        """Last, when nothing written down spoke: the learned layer's check, unless the rules
        knowingly set words aside ("I don't feel unsafe") and the layer is not all but sure
        (similar.OVERRULE)."""
        model = self.model
        if model is None or self.set_aside and not similar.sure(model, self._unexplained()):
            return {}
        return {
            (similar.CATEGORY, start, end): Reason(
                similar.CATEGORY, start, end, words, "high", "check"
            )
            for start, end, words in model.check(self.text) or ()
        }

    def _dissented(self, reasons: dict[soft.Key, Reason]) -> bool:
        """Strong matches the learned layer overrules: the answer and each match's sentence
        score far under its starting point (dissent.py): "watched a thing on county lines in
        pshe, bare grim but good to know the signs"."""
        if self.model is None:
            return False
        model, text, categories = self.model, self.text, self.lexicon.categories

        def sentence(start: int, end: int) -> float:
            return model.probability(sentence_of(text, start, end))

        laughed = [k for k in self.strong if self.telling.laughed(k[1], k[2])]
        return dissent.dissented(
            reasons.keys(),
            self.strong,
            categories,
            self._probability,
            sentence,
            self.topics,
            laughed,
        ) or dissent.topic_dissented(
            reasons.keys(),
            self.weak_topics,
            categories,
            self._probability,
            sentence,
            len(self.words),
        )

    def _doubt(self, found: list[Reason]) -> list[Reason]:
        """Alerts on an answer the learned layer finds all but unlike flagged ones are checks
        (tier.doubted): "we got battered 9-1 last week lol". Never unflagged."""
        if self.model is None or not any(r.tier == "alert" for r in found):
            return found
        categories, probability = self.lexicon.categories, self._probability()
        return [
            replace(r, tier="check")
            if r.tier == "alert" and doubted(categories[r.category], probability, len(self.words))
            else r
            for r in found
        ]

    def _unexplained(self) -> str:
        """The answer without its idioms: the layer may overrule the rules only on words they
        did not explain ("I drink hot chocolate to calm me down" is not "I drink to calm me")."""
        # Each idiom's characters become a break, so no word pair spans the gap.
        return "".join(
            "." if any(s <= i < e for s, e in self.safe) else c for i, c in enumerate(self.text)
        )

    def _pattern_reasons(self, triggers: list[Pattern]) -> dict[tuple[str, int, int], Reason]:
        reasons: dict[tuple[str, int, int], Reason] = {}
        for pattern in triggers:
            for match in pattern.regex.finditer(self.text):
                start, end = match.span()
                # Inside an idiom or frame ("a book about a boy who runs away"), or an idiom's
                # own words and no more; not "got kicked out" + "of my flat", which says more.
                idiom = any(s < start < e or start < e and s < end <= e for s, e in self.safe)
                # A weak signal in a sentence about a game or a lesson ("a film where he
                # gets shot") is explained by it; a strong one is only made a check.
                played = pattern.level == "high" and self.telling.in_play(
                    pattern.category, start, end
                )
                if idiom or played or self._negated(pattern.category, start, end):
                    self.set_aside = True
                    continue
                key = (pattern.category, start, end)
                if key not in reasons:
                    words = self.text[start:end]
                    tier, why = self.telling.tier(pattern, words, start, end)
                    if why != "weak":  # a strong pattern, alerting or made a check
                        self.strong.add(key)
                    if why == "one_word":
                        self.topics.add(key)
                    if pattern.level == "high" and " " not in words.strip():
                        self.weak_topics.add(key)
                    if why == "weak":  # over, or laughed off: soft.py reads which
                        why = self.telling.weak_cause(pattern, start, end)
                    reasons[key] = Reason(*key, words, pattern.level, tier)
                    settled = why == "over" and soft.settled(self.text, self.lexicon, self.keys)
                    if tier == "check" and soft.explained(why, start, end, self.soft, settled):
                        self.soft.add(key)
        return reasons

    def _near_reasons(self, unbacked: list[soft.Key]) -> dict[tuple[str, int, int], Reason]:
        reasons: dict[tuple[str, int, int], Reason] = {}
        for match in near_matches(self.text, self.lexicon, self.words):
            if soft.overlaps(match.signal, unbacked):  # words a soft check just set aside
                continue
            # When the other half comes first, only words after it can negate: in "nobody
            # home most nights" or "haven't got any food" the negator is that half itself.
            # Judged at the signal word: "it was scary but im safe with my gran now" is over.
            signal, other = match.signal, match.other
            floor = other[1] if other[1] <= signal[0] else 0
            idiom = any(s < e2 and s2 < e for s, e in (signal, match.span) for s2, e2 in self.safe)
            if idiom or self._negated(match.rule.category, *signal, floor):
                self.set_aside = True
                continue
            key = (match.rule.category, *match.span)
            if key not in reasons:
                words = self.text[match.span[0] : match.span[1]]
                reasons[key] = Reason(*key, words, "high", "check")
        return reasons

    def _negated(self, category: str, start: int, end: int, floor: int = 0) -> bool:
        """A negator just before ("nobody hits me"), in a category that can be negated."""
        negatable = self.lexicon.categories[category].negatable
        return negatable and _negated(self.text, start, end, self.lexicon, floor)


def _negated(text: str, start: int, end: int, lexicon: Lexicon, floor: int = 0) -> bool:
    """A negator just before the trigger, in its clause, with nothing between that matters."""
    negation = lexicon.negation
    before = text[max(floor, start - 80) : start]
    cut = [m.end() for m in BREAK.finditer(before)]
    # Only the last `window` words and the one before them are ever looked at.
    clause = written_words(before[cut[-1] if cut else 0 :])[-negation.window - 1 :]
    words = [w.plain for w in clause]
    for i in range(len(words) - 1, max(len(words) - negation.window, 0) - 1, -1):
        if words[i] in negation.blockers:
            return False
        if words[i] in negation.negators or " ".join(words[i - 1 : i + 1]) in negation.negators:
            return not _told_as_past(text, end, lexicon)
    return False


def _told_as_past(text: str, end: int, lexicon: Lexicon) -> bool:
    # "doesn't hit me anymore": the negation says it happened before.
    after = text[end : end + 40]
    stop = BREAK.search(after)
    words = {w.plain for w in written_words(after[: stop.start() if stop else None])}
    return bool(words & lexicon.negation.past) or ("any" in words and "more" in words)
