"""Theme suggestions from a framework's keywords and phrases, with the evidence for each.

Everything is matched on Snowball stems, so "listened" finds "listen". Text-speak and
emoji are already words by the time we see them (voices.coding.text). A phrase may have
a small gap ("miss my little brother" finds "miss my brother"). A long word that is not
English and not in the keywords gets a fuzzy second chance ("bullyed", "lisening").
Negation does not remove a theme: "I don't feel safe" is about being safe.
"""

from __future__ import annotations

import difflib
import functools
import math
import operator
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import textblob

from voices.coding.codebook import Framework
from voices.coding.text import Token, stem_words, tokenize

_STEM = operator.itemgetter(0)  # of a (stem, token index) pair
PHRASE_WEIGHT = 1.5  # a phrase is stronger evidence than one word
REPEAT_WEIGHT = 0.25  # saying the same word again adds a little
# A long answer touches many words, so a lone keyword of some theme turns up by chance.
# Judged across sets written by different people (docs/coding.md, "across sets"): a theme
# is kept only if its score is at least RELATIVE of the best theme's (one keyword, 0.6, falls
# away beside a theme with two, 0.84), and at most MOST_THEMES themes are suggested.
RELATIVE = 0.75
MOST_THEMES = 2
MAX_GAP = 1  # words allowed between the words of a phrase
FUZZY_MIN_LENGTH = 6
FUZZY_CUTOFF = 0.84


# Evidence and suggestions are named tuples, not dataclasses: several are made for every
# answer, and a tuple is made several times faster; fields are read the same way.
class Evidence(NamedTuple):
    start: int
    end: int
    words: str  # the original text between start and end


class Suggestion(NamedTuple):
    theme: str
    score: float  # 0..1
    evidence: tuple[Evidence, ...]


# Slots: its fields are read for every keyword an answer holds. Identity for equality and
# hashing: each entry is one (theme, stems), made once (KeywordIndex.build drops repeats), and a
# field-by-field hash of a frozenset and a tuple cost a microsecond per hit in _weight.
@dataclass(frozen=True, slots=True, eq=False)
class _Entry:
    theme: int
    stems: tuple[str, ...]
    weight: float
    needs: frozenset[str] = frozenset()  # all its stems: a quick test before matching in order


class _Hit(NamedTuple):  # a tuple: made for every keyword found
    entry: _Entry
    first: int  # token indexes, inclusive
    last: int


_new_hit = tuple.__new__  # _Hit(...) without the keyword handling of its generated __new__


@dataclass
class KeywordIndex:
    """A framework's keywords and phrases, indexed by their first stem."""

    words: dict[str, list[_Entry]] = field(default_factory=dict)
    phrases: dict[str, list[_Entry]] = field(default_factory=dict)
    vocabulary: set[str] = field(default_factory=set)  # every stem in any entry
    spellings: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # by first letter
    # Per first stem, its (keywords, phrases): one lookup per word of an answer.
    starting: dict[str, tuple[list[_Entry], list[_Entry]]] = field(default_factory=dict)

    @classmethod
    def build(cls, framework: Framework) -> KeywordIndex:
        lexicon = cls()
        for index, theme in enumerate(framework.themes):
            seen: set[tuple[str, ...]] = set()
            for written in (*theme.keywords, *theme.phrases):
                tokens = tokenize(written)
                stems = tuple(s for t in tokens for s in t.stem.split())
                if not stems or stems in seen:
                    continue
                seen.add(stems)
                weight = PHRASE_WEIGHT if len(stems) > 1 else 1.0
                lexicon._add(_Entry(index, stems, weight, frozenset(stems)))
                lexicon._add_spellings(tokens)
        for stem in (*lexicon.words, *lexicon.phrases):
            lexicon.starting[stem] = (lexicon.words.get(stem, []), lexicon.phrases.get(stem, []))
        return lexicon

    def _add(self, entry: _Entry) -> None:
        table = self.phrases if len(entry.stems) > 1 else self.words
        table.setdefault(entry.stems[0], []).append(entry)
        self.vocabulary.update(entry.stems)

    def _add_spellings(self, tokens: list[Token]) -> None:
        for token in tokens:
            for norm in token.norm.split():
                if len(norm) >= FUZZY_MIN_LENGTH - 1:
                    pair = (norm, stem_words(norm))
                    bucket = self.spellings.setdefault(norm[0], [])
                    if pair not in bucket:
                        bucket.append(pair)


class ThemeMatcher:
    """Suggests a framework's themes for a text, best first, with evidence."""

    def __init__(self, framework: Framework, threshold: float = 0.5) -> None:
        self.framework = framework
        self.threshold = threshold
        self.lexicon = KeywordIndex.build(framework)
        self._corrections: dict[str, str | None] = {}
        self._stems: dict[str, tuple[str, ...]] = {}

    def suggest(self, text: str, tokens: list[Token] | None = None) -> list[Suggestion]:
        """The strongest themes whose score reaches the threshold; [] when nothing matches."""
        return calibrate(self._suggestions(text, tokens, self.threshold))

    def all_scores(self, text: str, tokens: list[Token] | None = None) -> list[Suggestion]:
        """Every theme with any evidence at all, best first (the classifier reads these)."""
        return self._suggestions(text, tokens, 0.0)

    def _suggestions(
        self, text: str, tokens: list[Token] | None, threshold: float
    ) -> list[Suggestion]:
        tokens = tokenize(text) if tokens is None else tokens
        by_theme: dict[int, list[_Hit]] = defaultdict(list)
        for hit in self._hits(tokens):
            by_theme[hit.entry.theme].append(hit)
        found = []
        for theme, hits in by_theme.items():
            hits = _drop_covered(hits)
            score = _squash(_weight(hits))
            if score >= threshold:  # evidence is only worth building for what is shown
                spans = _merge((tokens[h.first].start, tokens[h.last].end) for h in hits)
                evidence = tuple(Evidence(a, b, text[a:b]) for a, b in spans)
                found.append(Suggestion(self.framework.themes[theme].id, score, evidence))
        return sorted(found, key=lambda s: (-s.score, s.theme))

    def _stream(self, tokens: list[Token]) -> list[tuple[str, int]]:
        """(stem, token index) for every word: "sw" gives "social" and "worker"."""
        stream = []
        known = self._stems
        for index, token in enumerate(tokens):
            stems = known.get(token.norm) if not token.is_emoji else None
            if stems is None:
                stems = self._resolve(token)
            if len(stems) == 1:
                stream.append((stems[0], index))
            else:
                stream += [(stem, index) for stem in stems]
        return stream

    def _resolve(self, token: Token) -> tuple[str, ...]:
        """A token's stems, misspellings corrected; remembered, as words come back often."""
        stems = tuple(
            stem
            if stem in self.lexicon.vocabulary or token.is_emoji
            else self._correct(token.norm) or stem
            for stem in token.stem.split()
        )
        if not token.is_emoji:  # an emoji's norm may be the same as a word's
            if len(self._stems) > 100_000:  # bound memory on huge, misspelt batches
                self._stems.clear()
            self._stems[token.norm] = stems
        return stems

    def _correct(self, norm: str) -> str | None:
        """The keyword stem a misspelt long word was meant to be, if it is close to one."""
        if norm in self._corrections:
            return self._corrections[norm]
        found = None
        if len(norm) >= FUZZY_MIN_LENGTH and " " not in norm and norm not in english_words():
            candidates = self.lexicon.spellings.get(norm[0], [])
            near = [c for c, _ in candidates if abs(len(c) - len(norm)) <= 2]
            # No candidate, no call: difflib would still index the word's letters first.
            close = difflib.get_close_matches(norm, near, 1, FUZZY_CUTOFF) if near else []
            found = dict(candidates)[close[0]] if close else None
        if len(self._corrections) > 100_000:  # bound memory on huge, misspelt batches
            self._corrections.clear()
        self._corrections[norm] = found
        return found

    def _hits(self, tokens: list[Token]) -> list[_Hit]:
        stream = self._stream(tokens)
        present = set(map(_STEM, stream))
        hits: list[_Hit] = []
        starting = self.lexicon.starting
        for position, (stem, index) in enumerate(stream):
            begun = starting.get(stem)
            if begun is None:
                continue  # about half of all words start no keyword or phrase
            entries, phrases = begun
            for entry in entries:
                hits.append(_new_hit(_Hit, (entry, index, index)))
            for entry in phrases:
                if not entry.needs <= present:
                    continue
                last = _match_phrase(entry.stems, stream, position, tokens)
                if last is not None:
                    hits.append(_new_hit(_Hit, (entry, index, last)))
        return hits


def _match_phrase(
    stems: tuple[str, ...], stream: list[tuple[str, int]], position: int, tokens: list[Token]
) -> int | None:
    """Token index where the phrase ends, matching in order with small gaps in one clause."""
    scope = tokens[stream[position][1]].scope
    at = position
    for stem in stems[1:]:
        for step in range(1, MAX_GAP + 2):
            probe = at + step
            if probe >= len(stream) or tokens[stream[probe][1]].scope != scope:
                return None
            if stream[probe][0] == stem:
                at = probe
                break
        else:
            return None
    return stream[at][1]


def calibrate(found: list[Suggestion]) -> list[Suggestion]:
    """Keep what stands out: weak themes beside a strong one go, and no more than a few."""
    if not found:
        return found
    floor = RELATIVE * found[0].score  # found is best first
    return [s for s in found if s.score >= floor][:MOST_THEMES]


def _weight(hits: list[_Hit]) -> float:
    weight, counted = 0.0, set()
    for hit in hits:
        weight += hit.entry.weight * (REPEAT_WEIGHT if hit.entry in counted else 1.0)
        counted.add(hit.entry)
    return weight


def _drop_covered(hits: list[_Hit]) -> list[_Hit]:
    """A word inside a phrase of the same theme is not counted twice."""
    phrases = [h for h in hits if len(h.entry.stems) > 1]
    if not phrases:
        return hits
    return [
        h
        for h in hits
        if len(h.entry.stems) > 1
        or not any(p.first <= h.first and h.last <= p.last for p in phrases)
    ]


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _squash(weight: float) -> float:
    """Evidence weight to a 0..1 score: one keyword is about 0.6, more approaches 1."""
    return round(1.0 - math.exp(-weight), 4)


@functools.cache
def english_words() -> frozenset[str]:
    """Words TextBlob's spelling list knows: these are never "corrected" to a keyword."""
    path = Path(textblob.__file__).parent / "en" / "en-spelling.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(
        line.split()[0].lower() for line in lines if line.strip() and not line.startswith(";")
    )
