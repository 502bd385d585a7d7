"""Safeguarding signals: does an answer suggest a child may be at risk? High recall first.

The words live in surveys/safeguarding/lexicon.yaml (categories of patterns in children's
own words, idioms that must not flag, negation). Code adds only what data cannot say:

- A trigger right after a negator ("nobody hits me", "I don't feel unsafe") is cancelled,
  unless a blocker sits between ("I can't stop cutting myself"), the category is never
  cancelled (self-harm, suicidal thoughts), or a word after it says it used to happen
  ("he doesn't hit me anymore" still tells of harm).
- A trigger inside an idiom or joke ("bored to death", "hit me up") is dropped.
- Past harm still flags unless the child says it is over and they are safe now ("I used
  to be hurt but that stopped and I'm safe now"): a safeguarding lead decides what a
  historic disclosure needs, not the machine.

Two sensitivities (SENSITIVITIES). "standard" runs each category's strong patterns only;
"high", the product default because a miss costs far more than a false alarm, also runs
its weaker signals (the `high` list: "scared", "hate going home", "older friend"...). Each
reason says which level matched, so a reviewer can sort the strong ones first.

Matching runs on the text as written (case-insensitive), so offsets point at the child's
own words. Patterns are compiled once at load; a word index picks the few worth running.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import textblob

from voices import paths, yamlsource
from voices.coding import similar
from voices.coding.text import without
from voices.yamlsource import Source

DEFAULT_PATH = paths.SURVEYS / "safeguarding" / "lexicon.yaml"
SENSITIVITIES = ("standard", "high")  # each level also runs every level before it
DEFAULT_SENSITIVITY = "high"
_RANK = {level: i for i, level in enumerate(SENSITIVITIES)}
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# Between two words: spaces, quotes, dashes; never a sentence or clause break.
_SEP = r"[^\w.,;:!?\n]+"
_GAP_WORD = r"(?!(?:but|though|although|except)\b)[\w'\u2019]+"
_WORD = re.compile(r"[\w'\u2018\u2019]+")
_BREAK = re.compile(r"[.,;:!?\n]|\b(?:but|though|although|however)\b", re.IGNORECASE)
_APOSTROPHE_MARKS = "'\u2018\u2019"
_STOP = frozenset(
    ["i", "me", "my", "a", "an", "the", "to", "in", "on", "of", "at", "it", "is", "be", "was"]
    + ["im", "and", "or", "he", "she", "they", "you", "your", "us", "him", "her", "them"]
)


@dataclass(frozen=True)
class Reason:
    category: str
    start: int
    end: int
    words: str  # original[start:end]
    level: str = "standard"  # the weakest sensitivity at which this pattern flags

    @property
    def tier(self) -> str:
        """ "alert" (strong: emails a lead) or "check" (weaker or past: queued for a reader)."""
        return (
            "alert" if self.level == "standard" and self.category != similar.CATEGORY else "check"
        )


@dataclass(frozen=True)
class Signal:
    flag: bool  # alert or check
    reasons: tuple[Reason, ...]
    screened: bool = True  # False: written in a language the screen cannot read

    @property
    def alert(self) -> bool:
        return any(r.tier == "alert" for r in self.reasons)


_NO_SIGNAL = Signal(False, ())  # immutable: one serves every answer that flags nothing


@dataclass(frozen=True)
class Pattern:
    category: str  # "" for a safe context (idiom, joke)
    written: str
    regex: re.Pattern[str]
    anchors: tuple[tuple[str, bool], ...]  # (word, is_prefix): a match needs one of these
    level: str = "standard"  # "high": a weaker signal, run only at sensitivity high
    # Every required part's words: the regex runs only when each part has one in the text.
    needs: tuple[tuple[tuple[str, bool], ...], ...] = ()
    # What every match begins with, lower-case (see _starts); None: it may begin anywhere.
    starts: tuple[str, ...] | None = None


# A near-rule word: the words in a row, each (plain word, is a word start "hit*").
NearWords = tuple[tuple[str, bool], ...]
_Token = tuple[str, int, int]  # (plain word, start, end)
# A word as the screen sees it: the numbers of the patterns indexed on it (as bits of an
# int), the keys it offers to their checks besides its plain form (word starts such as
# "hit*"), its plain form, the near-rule words that may start at it, and the numbers of
# the patterns whose first check it passes (or indexed on it, unchecked; bits again). Most
# words offer nothing: 0, and one shared empty tuple of starts.
_Near = tuple[tuple[str, NearWords], ...]  # (group name, near-rule word) starting at a word
_Scanned = tuple[int, Collection[str], str, _Near, int]


@dataclass(frozen=True)
class WordGroup:
    """Words that mean one thing ("a person at home", "a harm word"), for near rules."""

    name: str
    entries: tuple[NearWords, ...]


@dataclass(frozen=True)
class NearRule:
    """Two groups' words within `within` words of each other in one sentence: a weak signal.

    The second group carries the signal ("hit*", "scared"), so negation is judged there.
    """

    category: str
    first: WordGroup
    second: WordGroup
    within: int


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    negatable: bool


@dataclass
class Lexicon:
    categories: dict[str, Category]
    triggers: list[Pattern]
    safe: list[Pattern]
    negators: frozenset[str]
    blockers: frozenset[str]
    past: frozenset[str]
    window: int
    was: list[Pattern] = field(default_factory=list)  # "used to", "when I lived with..."
    over: list[Pattern] = field(default_factory=list)  # "that's over now", "I'm safe now"
    near: list[NearRule] = field(default_factory=list)  # run at sensitivity "high" only
    # Near-rule words by their first word (exact, or a word start of 3+ letters).
    _near_exact: dict[str, list[tuple[str, NearWords]]] = field(default_factory=dict)
    _near_prefix: dict[str, list[tuple[str, NearWords]]] = field(default_factory=dict)
    _scanned: dict[str, _Scanned] = field(default_factory=dict)
    # Triggers and safe contexts are indexed by number: strong triggers, then weaker ones,
    # then safe contexts, so a text's candidates sorted by number come strong first and
    # split into triggers and safe contexts at _ends.
    _numbered: tuple[Pattern, ...] = ()
    _ends: tuple[int, ...] = ()  # per sensitivity, the first number past its triggers
    _exact: dict[str, list[int]] = field(default_factory=dict)
    _prefix: dict[str, list[int]] = field(default_factory=dict)
    _shortest: int = 99
    # A pattern's required parts but the one it is indexed on are checked per text: the
    # first through _first_checks (per key, the patterns whose first check it passes),
    # the rest through _part_checks (per pattern number).
    _first_checks: dict[str, list[int]] = field(default_factory=dict)
    _part_checks: list[tuple[frozenset[str], ...]] = field(default_factory=list)
    _unchecked: frozenset[int] = frozenset()  # numbers of patterns with no part to check
    # Per "was" or "over" pattern (by id): every required part.
    _checks: dict[int, tuple[frozenset[str], ...]] = field(default_factory=dict)
    # Per list (by id: was, over): the keys of its patterns' rarest parts, all together.
    _rarest: dict[int, frozenset[str]] = field(default_factory=dict)
    _begun: frozenset[str] = frozenset()
    _beginnings: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        by_level = [[p for p in self.triggers if p.level == level] for level in SENSITIVITIES]
        self._numbered = (*(p for ps in by_level for p in ps), *self.safe)
        self._ends = tuple(sum(map(len, by_level[: i + 1])) for i in range(len(by_level)))
        # Index each pattern on its rarest required part (every part must be present, so
        # any one will do); the rest, and the anchor if it is not a required part, are
        # checked per text. A rare index word leaves few patterns to check.
        frequency = _frequencies()
        unchecked = []
        for number, pattern in enumerate(self._numbered):
            key, *rest = _parts(pattern, frequency)
            for word, is_prefix in key:
                index = self._prefix if is_prefix else self._exact
                index.setdefault(word, []).append(number)
            checks = tuple(map(_part_keys, rest))
            if not checks:
                unchecked.append(number)
            for word in checks[0] if checks else ():
                self._first_checks.setdefault(word, []).append(number)
            self._part_checks.append(checks[1:])
        self._unchecked = frozenset(unchecked)
        # "Was" and "over" patterns are searched in the text, not indexed: check all parts.
        for pattern in (*self.was, *self.over):
            self._checks[id(pattern)] = tuple(map(_part_keys, _parts(pattern, frequency)))
        for patterns in (self.was, self.over):
            firsts = (self._checks[id(p)][0] for p in patterns)
            self._rarest[id(patterns)] = frozenset().union(*firsts)
        keys = [*self._first_checks]
        keys += (w for n in (*self._part_checks, *self._checks.values()) for g in n for w in g)
        self._begun = frozenset(w[:-1] for w in keys if w.endswith("*"))
        self._shortest = min((len(w) for w in self._prefix), default=99)
        groups = {g.name: g for rule in self.near for g in (rule.first, rule.second)}
        for group in groups.values():
            for entry in group.entries:
                word, is_prefix = entry[0]
                index = self._near_prefix if is_prefix else self._near_exact
                index.setdefault(word, []).append((group.name, entry))
        # The first three letters of every listed word start (all have three or more).
        starts = (*self._prefix, *self._begun, *self._near_prefix)
        self._beginnings = frozenset(w[:3] for w in starts)

    def possible(self, patterns: list[Pattern], present: set[str]) -> list[Pattern]:
        """The "was" or "over" patterns whose required words are all in a scanned text."""
        rarest = self._rarest.get(id(patterns))
        if rarest is not None and present.isdisjoint(rarest):
            return []  # no pattern has a word of its rarest part here: the usual answer
        checks = self._checks
        return [p for p in patterns if not any(map(present.isdisjoint, checks[id(p)]))]

    def scan(
        self, text: str, sensitivity: str = DEFAULT_SENSITIVITY
    ) -> tuple[list[Pattern], list[Pattern], list[str], list[_Scanned], set[str]]:
        """One pass over the words: the triggers (strong first) at this sensitivity and
        the safe contexts that could match (each has a word of every required part here),
        the words as written, what each is to the near rules (its plain form, the rule
        words that may start there), and the keys the text offers to pattern checks (for
        possible())."""
        words = _WORD.findall(text)
        scanned = list(map(self._scanned.get, words))  # known words looked up in C
        while None in scanned:  # mostly one new word (a number, a name): find it in C
            i = scanned.index(None)
            scanned[i] = self._scan_word(words[i])
        # Merged by C set unions, not word by word.
        present: set[str] = set(map(_PLAIN, scanned))
        present.update(*map(_STARTS, scanned))
        # Indexed on a word here and its first check passed by a word here: most
        # candidates fail that check, and this way they fail it in C. Pattern numbers are
        # bits of one int per word: a few machine words to OR, where a set of dozens of
        # numbers spreads over a kilobyte of memory.
        found = functools.reduce(operator.or_, map(_NUMBERS, scanned), 0)
        if not found:
            return [], [], words, scanned, present
        found &= functools.reduce(operator.or_, map(_PASSED, scanned), 0)
        if not found:
            return [], [], words, scanned, present
        checks, numbered = self._part_checks, self._numbered
        end, safe_from = self._ends[_RANK[sensitivity]], self._ends[-1]
        triggers, safe = [], []
        for n in _bits(found):  # lowest first: strong triggers, weaker, safe contexts
            for need in checks[n]:  # the rest of its parts: each needs a word here
                if need.isdisjoint(present):
                    break
            else:
                if n < end:
                    triggers.append(numbered[n])
                elif n >= safe_from:
                    safe.append(numbered[n])
        return triggers, safe, words, scanned, present

    def _scan_word(self, written: str) -> _Scanned:
        # The same words come back in answer after answer: remember, per word as written,
        # the patterns indexed on it, the word starts it offers their checks (such as
        # "hit*" of "hitting", when some pattern waits for one), its plain form (a key
        # too) and the near-rule words that may start at it.
        if len(self._scanned) > 100_000:
            self._scanned.clear()
        word = _plain(written)
        if (
            word not in self._exact
            and word not in self._near_exact
            and word not in self._first_checks
            and word[:3] not in self._beginnings
        ):  # a word that starts nothing (most new words): what the steps below would give
            entry = (0, _EMPTY, word, (), 0)
            self._scanned[written] = entry
            return entry
        hits = set(self._exact.get(word, ()))
        near = list(self._near_exact.get(word, ()))
        keys = []
        if word[:3] in self._beginnings:  # else no word start of 3+ letters is listed
            for k in range(3, len(word) + 1):
                start = word[:k]
                if k >= self._shortest:
                    hits.update(self._prefix.get(start, ()))
                near += self._near_prefix.get(start, ())
                if start in self._begun:
                    keys.append(start + "*")
        # A pattern without checks passes at its index word.
        passed = {n for k in (word, *keys) for n in self._first_checks.get(k, ())}
        passed.update(n for n in hits if n in self._unchecked)
        entry = (_mask(hits), _shared(keys), word, tuple(near), _mask(passed))
        self._scanned[written] = entry
        return entry


# No word starts: the empty tuple, not an empty frozenset, because a tuple of plain values
# (and an int) drops out of the garbage collector's sight, and so does the entry of every
# new word that starts nothing (a name, a number).
_EMPTY: tuple[()] = ()
_NUMBERS = operator.itemgetter(0)  # of a _Scanned word
_STARTS = operator.itemgetter(1)
_PLAIN = operator.itemgetter(2)
_NEAR = operator.itemgetter(3)
_PASSED = operator.itemgetter(4)


def _mask(numbers: set[int]) -> int:
    """Pattern numbers as the bits of one int."""
    mask = 0
    for n in numbers:
        mask |= 1 << n
    return mask


def _bits(mask: int) -> list[int]:
    """The numbers of mask's set bits, lowest first."""
    found = []
    while mask:
        lowest = mask & -mask
        found.append(lowest.bit_length() - 1)
        mask ^= lowest
    return found


def _shared(items: set | list) -> frozenset | tuple[()]:
    return frozenset(items) if items else _EMPTY  # one empty value serves every word


def _plain(word: str) -> str:
    return without(word.lower(), _APOSTROPHE_MARKS)


_Part = tuple[tuple[str, bool], ...]  # one required part of a pattern: its words


def _parts(pattern: Pattern, frequency: _Frequencies) -> list[_Part]:
    """Every part a match needs (its required words and its anchor), rarest first, so a
    text without one of them fails a check soonest."""
    groups = list(pattern.needs)
    if pattern.anchors not in groups:  # a match needs an anchor word too
        groups.append(pattern.anchors)
    return sorted(groups, key=lambda g: _rarity(g, frequency))


def _part_keys(part: _Part) -> frozenset[str]:
    # Whole words as themselves and word starts as "hit*" (a text's words never hold "*"),
    # so one set test per part answers "is one of its words here?".
    return frozenset(w + "*" if pre else w for w, pre in part)


_Frequencies = tuple[dict[str, int], list[str], list[int]]


def _rarity(group: tuple[tuple[str, bool], ...], frequency: _Frequencies) -> tuple[int, int]:
    # How often English text holds one of a part's words (a prefix counts every word it
    # starts); a word the list lacks counts as rare. Only the index choice depends on this.
    counts, ordered, running = frequency
    total = 0
    for word, is_prefix in group:
        if is_prefix:
            low = bisect.bisect_left(ordered, word)
            high = bisect.bisect_left(ordered, word + "\U0010ffff")
            total += running[high] - running[low]
        else:
            total += counts.get(word, 0)
    return (total, len(group))


@functools.cache
def _frequencies() -> _Frequencies:
    """Word counts from TextBlob's spelling list (empty if it cannot be read)."""
    path = Path(textblob.__file__).parent / "en" / "en-spelling.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    counts: dict[str, int] = {}
    for line in lines:
        parts = line.split()
        if len(parts) == 2 and not line.startswith(";") and parts[1].isdigit():
            counts[parts[0].lower()] = counts.get(parts[0].lower(), 0) + int(parts[1])
    ordered = sorted(counts)
    running = [0]
    for word in ordered:
        running.append(running[-1] + counts[word])
    return counts, ordered, running


def screen(
    text: str,
    lexicon: Lexicon | None = None,
    sensitivity: str = DEFAULT_SENSITIVITY,
    model: similar.Model | None = None,
) -> Signal:
    """Flag and reasons (category, offsets, words, level) for one answer.

    sensitivity "standard" runs the strong patterns only; "high" (the default) adds the
    weaker signals, the near rules and the learned layer. With no lexicon, the shipped
    lexicon and learned model are used; with a lexicon, a model only if one is given.
    Raises ValueError for any other sensitivity.
    """
    if sensitivity not in _RANK:
        raise ValueError(
            f"unknown sensitivity {sensitivity!r} (expected {', '.join(SENSITIVITIES)})"
        )
    if lexicon is None:
        return _screen_default(text, sensitivity)
    return _screen(text, lexicon, sensitivity, model)


@functools.lru_cache(maxsize=64)
def _screen_default(text: str, sensitivity: str) -> Signal:
    # sentiment.analyse screens too; the pipeline's own call then costs nothing.
    return _screen(text, default_lexicon(), sensitivity, similar.default_model())


def _screen(
    text: str,
    lexicon: Lexicon,
    sensitivity: str = DEFAULT_SENSITIVITY,
    model: similar.Model | None = None,
) -> Signal:
    triggers, safe, words, scanned, present = lexicon.scan(text, sensitivity)
    rank = _RANK[sensitivity]
    near = rank >= _RANK["high"] and bool(lexicon.near)
    learned = model if rank >= _RANK["high"] else None
    if not triggers and not near and learned is None:
        return _NO_SIGNAL
    masked = [m.span() for p in safe for m in p.regex.finditer(text)] if safe else []
    reasons: dict[tuple[str, int, int], Reason] = {}
    # Words the rules saw and set aside: a known harmless phrase, a negated or past signal.
    set_aside = bool(masked)
    # No "over" pattern anywhere in the text means none after any trigger either (a
    # search from a later position only finds matches a search from 0 would also allow):
    # then nothing is resolved, and the per-trigger "past" searches can be skipped. Only
    # patterns whose words are all in the text are searched at all.
    resolving: list[tuple[list[Pattern], list[Pattern]]] = []  # (was, over): on first need
    # Per (start, end, floor): a strong and a weaker pattern often match the same words.
    cancelled: dict[tuple[int, int, int], bool] = {}

    def negated_or_over(category: str, start: int, end: int, floor: int = 0) -> bool:
        if lexicon.categories[category].negatable:
            key = (start, end, floor)
            if key not in cancelled:
                cancelled[key] = _cancelled(text, start, end, lexicon, floor)
            if cancelled[key]:
                return True
        if not resolving:
            over = [p for p in lexicon.possible(lexicon.over, present) if p.regex.search(text)]
            resolving.append((lexicon.possible(lexicon.was, present) if over else [], over))
        was, over = resolving[0]
        return bool(over) and _resolved(text, start, end, was, over)

    # Strong patterns first (scan's order), so a span both levels match is reported as strong.
    lowered = _lowered(text)
    for pattern in triggers:
        for start, end in _spans(pattern, text, lowered):
            # An idiom ("will murder me if I lose her charger"), a negation, or harm over.
            if (masked and any(start < e and s < end <= e for s, e in masked)) or negated_or_over(
                pattern.category, start, end
            ):
                set_aside = True
                continue
            key = (pattern.category, start, end)
            if key not in reasons:  # a frozen dataclass costs to build: only when new
                reasons[key] = Reason(pattern.category, start, end, text[start:end], pattern.level)
    if near and not reasons:  # a near rule only speaks when no pattern has
        for rule, start, end, signal, other in _near_matches(text, lexicon, words, scanned):
            # When the other half comes first, only words after it can negate: in "nobody
            # home most nights" or "haven't got any food" the negator is that half itself.
            # Judged at the signal word: "it was scary but im safe with my gran now" is over.
            floor = other[1] if other[1] <= signal[0] else 0
            in_idiom = any(
                s < e2 and s2 < e for s, e in (signal, (start, end)) for s2, e2 in masked
            )
            if in_idiom or negated_or_over(rule.category, signal[0], signal[1], floor):
                set_aside = True
                continue
            reasons.setdefault(
                (rule.category, start, end),
                Reason(rule.category, start, end, text[start:end], "high"),
            )
    # Last, and only when nothing written down spoke or was knowingly set aside: the
    # rules know "I don't feel unsafe" and "my older brother takes me out"; a word
    # counter does not.
    if learned is not None and not reasons and not set_aside:
        for start, end, words in learned.check(text) or ():
            reasons[(similar.CATEGORY, start, end)] = Reason(
                similar.CATEGORY, start, end, words, "high"
            )
    if not reasons:
        return _NO_SIGNAL
    found = tuple(sorted(reasons.values(), key=lambda r: (r.start, r.end, r.category)))
    return Signal(True, found)


def _lowered(text: str) -> str | None:
    """text in lower case when that keeps every offset and a pattern's letters can only
    match the same letters in either case: no non-ASCII character but curly quotes (under
    IGNORECASE "s" also matches "\u017f" and "k" the Kelvin sign)."""
    if text.isascii() or without(text, "\u2018\u2019").isascii():
        return text.lower()
    return None


def _spans(pattern: Pattern, text: str, lowered: str | None) -> list[tuple[int, int]]:
    """The spans of pattern.regex.finditer(text), the regex tried only where one of the
    pattern's starts is written: the lookbehind it opens with would make a search try
    every position of the text."""
    if lowered is None or pattern.starts is None:
        return [match.span() for match in pattern.regex.finditer(text)]
    find = lowered.find
    candidates = []  # no two starts begin at one place: none begins another
    for start in pattern.starts:
        at = find(start)
        while at >= 0:
            candidates.append(at)
            at = find(start, at + 1)
    if len(pattern.starts) > 1:
        candidates.sort()
    spans: list[tuple[int, int]] = []
    end = 0  # as finditer: the next match starts where the last one ended, or later
    match_at = pattern.regex.match  # lookbehind still reads the text before the position
    for at in candidates:
        if at >= end and (match := match_at(text, at)):
            spans.append(match.span())
            end = match.end()
    return spans


_SENTENCE_END = re.compile(r"[.!?\n]")
_JOIN_BREAK = re.compile(r"[.,;:!?\n]")  # the words of one near-rule word are joined by none


def _near_matches(
    text: str, lexicon: Lexicon, words: list[str], scanned: list[_Scanned]
) -> list[tuple[NearRule, int, int, tuple[int, int], tuple[int, int]]]:
    """(rule, start, end, signal span, other half's span) for each close pair in a sentence.

    One pass over the words finds every group's words (no regex per group); then each
    rule pairs its two groups' finds by word distance.
    """
    tokens: list[_Token] = []  # (plain word, start, end), made only when needed

    def positions() -> list[_Token]:
        if not tokens:
            tokens.extend(_tokens(text, words, scanned))
        return tokens

    found: dict[str, list[tuple[int, int]]] = {}  # group -> [(first token, last token)]
    # Only the few words where some near-rule word may start, picked out in C.
    for i in itertools.compress(range(len(scanned)), map(_NEAR, scanned)):
        for name, near in scanned[i][3]:
            if len(near) > 1 and not _next_word_fits(scanned, i, near[1]):
                continue  # most multi-word entries ("my dad") fail at their second word
            last = i if len(near) == 1 else _near_entry_end(text, positions(), i, near)
            if last is not None:
                found.setdefault(name, []).append((i, last))
    matches: list[tuple[NearRule, int, int, tuple[int, int], tuple[int, int]]] = []
    if len(found) < 2:
        return matches  # every rule needs words of two groups
    tokens = positions()
    for rule in lexicon.near:
        firsts, seconds = found.get(rule.first.name), found.get(rule.second.name)
        if not firsts or not seconds:
            continue
        for a in firsts:
            for b in seconds:
                if a[0] <= b[1] and b[0] <= a[1]:
                    continue  # one word cannot be both halves
                left, right = (a, b) if a[0] < b[0] else (b, a)
                if right[0] - left[1] - 1 > rule.within:
                    continue
                if _SENTENCE_END.search(text, tokens[left[1]][2], tokens[right[0]][1]):
                    continue
                span_a = (tokens[a[0]][1], tokens[a[1]][2])
                span_b = (tokens[b[0]][1], tokens[b[1]][2])
                start, end = tokens[left[0]][1], tokens[right[1]][2]
                matches.append((rule, start, end, span_b, span_a))
    return matches


def _tokens(text: str, words: list[str], scanned: list[_Scanned]) -> list[_Token]:
    """(plain word, start, end) of each of scan's words, where _WORD.finditer finds them."""
    # Between two of the words lie only characters no word holds, so a search for the
    # next word from the end of the last lands where the regex found it.
    tokens = []
    find, end = text.find, 0
    for entry, written in zip(scanned, words, strict=True):
        start = find(written, end)
        end = start + len(written)
        tokens.append((entry[2], start, end))
    return tokens


def _next_word_fits(scanned: list[_Scanned], i: int, word: tuple[str, bool]) -> bool:
    if i + 1 >= len(scanned):
        return False
    written, is_prefix = word
    plain = scanned[i + 1][2]
    return plain.startswith(written) if is_prefix else plain == written


def _near_entry_end(
    text: str, tokens: list[tuple[str, int, int]], i: int, entry: NearWords
) -> int | None:
    """The last token of entry when it starts at token i, or None if it is not there."""
    if len(entry) > len(tokens) - i:
        return None
    for k, (word, is_prefix) in enumerate(entry):
        token, start, _ = tokens[i + k]
        if not (token.startswith(word) if is_prefix else token == word):
            return None
        if k and _JOIN_BREAK.search(text, tokens[i + k - 1][2], start):
            return None
    return i + len(entry) - 1


def _cancelled(text: str, start: int, end: int, lexicon: Lexicon, floor: int = 0) -> bool:
    """A negator just before the trigger, in its clause, with nothing between that matters."""
    before = text[max(floor, start - 80) : start]
    cut = [m.end() for m in _BREAK.finditer(before)]
    # Only the last `window` words and the one before them are ever looked at.
    clause = _WORD.findall(before[cut[-1] if cut else 0 :])[-lexicon.window - 1 :]
    words = [_plain(w) for w in clause]
    for i in range(len(words) - 1, max(len(words) - lexicon.window, 0) - 1, -1):
        if words[i] in lexicon.blockers:
            return False
        if words[i] in lexicon.negators or " ".join(words[i - 1 : i + 1]) in lexicon.negators:
            return not _told_as_past(text, end, lexicon)
    return False


def _resolved(text: str, start: int, end: int, was: list[Pattern], over: list[Pattern]) -> bool:
    """Told as past ("when I lived with my dad I got hit") and as over ("that's over now").

    was and over: the lexicon's patterns that can match somewhere in text.
    """
    left = max((m.end() for m in _BREAK.finditer(text, 0, start)), default=0)
    right = _BREAK.search(text, end)
    clause = text[left : right.start() if right else len(text)]
    if not any(p.regex.search(clause) for p in was):
        return False
    return any(p.regex.search(text, end) for p in over)


def _told_as_past(text: str, end: int, lexicon: Lexicon) -> bool:
    # "doesn't hit me anymore": the negation says it happened before.
    after = text[end : end + 40]
    stop = _BREAK.search(after)
    words = {_plain(w) for w in _WORD.findall(after[: stop.start() if stop else None])}
    return bool(words & lexicon.past) or ("any" in words and "more" in words)


# ---- loading and checking lexicon.yaml -----------------------------------------------

_SECTIONS = ("negation", "resolved", "safe_contexts", "near", "categories")
# patterns: strong signals (every sensitivity); high: weaker ones (sensitivity high only);
# near: "group + group" rules over the near section's word groups (high only).
_CATEGORY_KEYS = ("id", "label", "description", "negatable", "patterns", "high", "near")


def load_lexicon(path: Path = DEFAULT_PATH) -> Lexicon:
    """Read and check a safeguarding lexicon; errors name file, line and field."""
    return parse_lexicon(yamlsource.load(path))


@functools.cache
def default_lexicon() -> Lexicon:
    return load_lexicon()


def parse_lexicon(source: Source) -> Lexicon:
    data = source.data
    if not isinstance(data, dict):
        raise source.error(
            (), "a safeguarding lexicon must be a mapping with " + ", ".join(_SECTIONS)
        )
    for key in data:
        if key not in _SECTIONS:
            raise source.error((key,), f"unknown section (expected {', '.join(_SECTIONS)})")
    negation = data.get("negation", {})
    if not isinstance(negation, dict):
        raise source.error(("negation",), "must be a mapping")
    for key in negation:
        if key not in ("window", "negators", "blockers", "past"):
            raise source.error(
                ("negation", key), "unknown setting (expected window, negators, blockers, past)"
            )
    window = negation.get("window", 3)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise source.error(("negation", "window"), "must be a whole number of words, 1 or more")
    within, groups = _near_section(source, data)
    categories, triggers, near = _categories(source, data, groups, within)
    resolved = data.get("resolved", {})
    if not isinstance(resolved, dict):
        raise source.error(("resolved",), "must be a mapping with past and over")
    for key in resolved:
        if key not in ("past", "over"):
            raise source.error(("resolved", key), "unknown list (expected past, over)")
    was, over = (
        [
            _pattern(source, ("resolved", key, i), key, w)
            for i, w in enumerate(_texts(source, resolved, ("resolved", key)))
        ]
        for key in ("past", "over")
    )
    safe = [
        _pattern(source, ("safe_contexts", i), "", w)
        for i, w in enumerate(_texts(source, data, ("safe_contexts",)))
    ]
    return Lexicon(
        categories=categories,
        triggers=triggers,
        safe=safe,
        negators=_words(source, negation, ("negation", "negators")),
        blockers=_words(source, negation, ("negation", "blockers")),
        past=_words(source, negation, ("negation", "past")),
        window=window,
        was=was,
        over=over,
        near=near,
    )


def _near_section(source: Source, data: dict) -> tuple[int, dict[str, WordGroup]]:
    section = data.get("near", {})
    if not isinstance(section, dict):
        raise source.error(("near",), "must be a mapping with within and words")
    for key in section:
        if key not in ("within", "words"):
            raise source.error(("near", key), "unknown setting (expected within, words)")
    within = section.get("within", 6)
    if isinstance(within, bool) or not isinstance(within, int) or within < 0:
        raise source.error(("near", "within"), "must be a whole number of words, 0 or more")
    words = section.get("words", {})
    if not isinstance(words, dict):
        raise source.error(("near", "words"), "must map a group name to a list of words")
    groups: dict[str, WordGroup] = {}
    for name in words:
        path: yamlsource.PathKey = ("near", "words", name)
        if not isinstance(name, str) or not ID_PATTERN.match(name):
            raise source.error(path, "a group name is lower-case letters, digits and hyphens")
        items = _texts(source, words, path)
        if not items:
            raise source.error(path, "needs at least one word")
        entries = []
        for j, item in enumerate(items):
            try:
                entries.append(_near_words(item))
            except ValueError as exc:
                raise source.error((*path, j), f"bad word {item!r}: {exc}") from exc
        groups[name] = WordGroup(name, tuple(entries))
    return within, groups


def _near_words(written: str) -> NearWords:
    """'step dad' -> (("step", False), ("dad", False)); 'hit*' -> (("hit", True),)."""
    # The answer's words split at hyphens too, so "step-dad" is two words here.
    return tuple(_word(part)[1][0] for part in re.split(r"[\s-]+", written.strip()))


_NEAR_RULE = re.compile(
    r"\s*(?P<first>[\w-]+)\s*\+\s*(?P<second>[\w-]+)(?:\s+within\s+(?P<within>\d+))?\s*"
)


def _near_rules(
    source: Source,
    item: dict,
    path: yamlsource.PathKey,
    category: str,
    groups: dict[str, WordGroup],
    within: int,
) -> list[NearRule]:
    rules = []
    for j, written in enumerate(_texts(source, item, path)):
        rule = _NEAR_RULE.fullmatch(written)
        if not rule:
            raise source.error(
                (*path, j), f"{written!r}: write two group names, 'a + b' or 'a + b within 3'"
            )
        names = [rule["first"], rule["second"]]
        for name in names:
            if name not in groups:
                known = ", ".join(sorted(groups)) or "none"
                raise source.error(
                    (*path, j), f"unknown word group {name!r} (near.words has: {known})"
                )
        close = int(rule["within"]) if rule["within"] else within
        rules.append(NearRule(category, groups[names[0]], groups[names[1]], close))
    return rules


def _categories(
    source: Source, data: dict, groups: dict[str, WordGroup], within: int
) -> tuple[dict[str, Category], list[Pattern], list[NearRule]]:
    items = data.get("categories")
    if not isinstance(items, list) or not items:
        raise source.error(("categories",), "must be a non-empty list of categories")
    categories: dict[str, Category] = {}
    triggers: list[Pattern] = []
    near: list[NearRule] = []
    for i, item in enumerate(items):
        path: yamlsource.PathKey = ("categories", i)
        if not isinstance(item, dict):
            raise source.error(path, "each category must be a mapping with id, label, patterns")
        for key in item:
            if key not in _CATEGORY_KEYS:
                raise source.error(
                    (*path, key), f"unknown field (expected {', '.join(_CATEGORY_KEYS)})"
                )
        category_id, label = item.get("id"), item.get("label")
        if not isinstance(category_id, str) or not ID_PATTERN.match(category_id):
            raise source.error((*path, "id"), "required: lower-case letters, digits and hyphens")
        if category_id in categories:
            raise source.error((*path, "id"), f"duplicate category id '{category_id}'")
        if not isinstance(label, str) or not label.strip():
            raise source.error((*path, "label"), "required text")
        negatable = item.get("negatable", True)
        if not isinstance(negatable, bool):
            raise source.error((*path, "negatable"), "must be true or false")
        categories[category_id] = Category(category_id, label, negatable)
        written = _texts(source, item, (*path, "patterns"))
        weaker = _texts(source, item, (*path, "high"))
        near += _near_rules(source, item, (*path, "near"), category_id, groups, within)
        if not written and not weaker:
            raise source.error((*path, "patterns"), "needs at least one pattern")
        triggers += [
            _pattern(source, (*path, "patterns", j), category_id, w) for j, w in enumerate(written)
        ]
        triggers += [
            _pattern(source, (*path, "high", j), category_id, w, level="high")
            for j, w in enumerate(weaker)
        ]
    return categories, triggers, near


def _pattern(
    source: Source,
    path: yamlsource.PathKey,
    category: str,
    written: str,
    level: str = "standard",
) -> Pattern:
    try:
        regex, anchors = compile_pattern(written)
        compiled = re.compile(regex, re.IGNORECASE)
        starts = _starts(written)
        return Pattern(category, written, compiled, anchors, level, _needs(written), starts)
    except (ValueError, re.error) as exc:
        raise source.error(path, f"bad pattern {written!r}: {exc}") from exc


def _texts(source: Source, data: dict, path: yamlsource.PathKey) -> list[str]:
    value = data.get(path[-1], [])
    if not isinstance(value, list):
        raise source.error(path, "must be a list of text")
    for j, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise source.error((*path, j), "must be non-empty text")
    return value


def _words(source: Source, data: dict, path: yamlsource.PathKey) -> frozenset[str]:
    return frozenset(_plain(w) for w in _texts(source, data, path))


# ---- the pattern language -------------------------------------------------------------
#
# words separated by spaces; "word*" any ending; "(a|b c)" one of; "[a|b]" optional;
# "..." up to three other words; an apostrophe is optional ("don't" matches "dont").


def compile_pattern(written: str) -> tuple[str, tuple[tuple[str, bool], ...]]:
    """(regex source, anchors) for one pattern; raises ValueError when malformed."""
    body, anchors = _phrase(written.strip())
    if not anchors:
        raise ValueError("needs at least one required word")
    return r"(?<![\w'])" + body + r"(?![\w])", anchors


def _phrase(written: str) -> tuple[str, tuple[tuple[str, bool], ...]]:
    parts = _split(written)
    if not parts:
        raise ValueError("is empty")
    out, lead, best = "", "", None
    for i, part in enumerate(parts):
        if part == "...":
            if not out or i == len(parts) - 1:
                raise ValueError("'...' must sit between two words")
            out += rf"(?:{_SEP}{_GAP_WORD}){{0,3}}"
        elif part.startswith("["):
            if not part.endswith("]"):
                raise ValueError(f"unclosed '[' in {part!r}")
            inner = _alternatives(part[1:-1])[0]
            if out:
                out += rf"(?:{_SEP}{inner})?"
            else:
                lead += rf"(?:{inner}{_SEP})?"  # optional words before the first required one
        else:
            regex, anchors = _alternatives(part[1:-1]) if part.startswith("(") else _word(part)
            out += (_SEP + regex) if out else (lead + regex)
            if best is None or _rank(anchors) < _rank(best):
                best = anchors
    if best is None:
        raise ValueError("needs at least one required word")
    return out, best


def _needs(written: str) -> tuple[tuple[tuple[str, bool], ...], ...]:
    """The word groups a text must hold for the pattern to have a chance (a cheap filter)."""
    groups = []
    for part in _split(written.strip()):
        if part == "..." or part.startswith("["):
            continue
        _, anchors = _alternatives(part[1:-1]) if part.startswith("(") else _word(part)
        # Words the tokenizer splits ("step-dad") cannot be looked up: no filter for them.
        if not any("-" in w for w, _ in anchors):
            groups.append(anchors)
    return tuple(groups)


def _starts(written: str) -> tuple[str, ...] | None:
    """The texts a match must begin with, lower-case: the letters before the first
    apostrophe (an optional one in the regex) of each word a match can open with (leading
    optional words or the first required part); a start that another one begins is left
    out. None when some word opens with an apostrophe or a non-ASCII letter."""
    found = _opening_words(written.strip())
    if found is None:
        return None
    starts = set()
    for word in found:
        start = re.split("['\u2019]", word.rstrip("*"), maxsplit=1)[0].lower()
        if not start or not start.isascii():
            return None
        starts.add(start)
    return tuple(sorted(w for w in starts if not any(w.startswith(o) and w != o for o in starts)))


def _opening_words(written: str) -> set[str] | None:
    # As _phrase builds the regex: optional parts first, then the first required part; a
    # choice "(a b|[c] d)" opens with what any of its phrases opens with.
    words: set[str] = set()
    for part in _split(written):
        if part == "...":
            return None  # _phrase refuses this before a required word
        if part.startswith(("(", "[")):
            if not part.endswith((")", "]")):
                return None
            for option in _split(part[1:-1], "|"):
                inner = _opening_words(option.strip())
                if inner is None:
                    return None
                words |= inner
        else:
            words.add(part)
        if not part.startswith("["):
            return words
    return None


def _rank(anchors: tuple[tuple[str, bool], ...]) -> tuple[int, int, int]:
    # Prefer rare words: not stop words, few alternatives, then the rarest in English
    # ("hit" rather than "got" in "got hit"), so the index rarely wakes the pattern.
    stop = sum(w in _STOP for w, _ in anchors)
    return (stop, len(anchors), _rarity(anchors, _frequencies())[0])


def _alternatives(inner: str) -> tuple[str, tuple[tuple[str, bool], ...]]:
    options = _split(inner, "|")
    if not options or any(not o.strip() for o in options):
        raise ValueError(f"empty choice in ({inner})")
    compiled = [_phrase(o.strip()) for o in options]
    anchors = tuple(a for _, group in compiled for a in group)
    return "(?:" + "|".join(r for r, _ in compiled) + ")", anchors


def _word(word: str) -> tuple[str, tuple[tuple[str, bool], ...]]:
    if not re.fullmatch(r"[\w'\u2019-]+\*?", word):
        raise ValueError(f"{word!r} is not a word (letters, digits, apostrophes, a final *)")
    prefix = word.endswith("*")
    stem = word.rstrip("*")
    regex = "".join("['\u2018\u2019]?" if c in "'\u2019" else re.escape(c) for c in stem) + (
        r"[\w'\u2019]*" if prefix else ""
    )
    plain = _plain(stem)
    if prefix and len(plain) < 3:
        raise ValueError(f"{word!r}: a word ending in * needs at least 3 letters before it")
    return regex, ((plain, prefix),)


def _split(written: str, on: str = " ") -> list[str]:
    """Split at `on` outside brackets."""
    parts, depth, current = [], 0, ""
    for c in written:
        depth += c in "(["
        depth -= c in ")]"
        if depth < 0:
            raise ValueError("a ')' or ']' without its opening bracket")
        if c == on and depth == 0:
            if current.strip():
                parts.append(current.strip())
            current = ""
        else:
            current += c
    if depth:
        raise ValueError("an unclosed '(' or '['")
    if current.strip():
        parts.append(current.strip())
    return parts
