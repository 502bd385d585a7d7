"""Dialect and phonetic spellings read as standard words, for code that matches text as written.

Tokens read surveys/coding/dialect.yaml through text.py's tables. The safeguarding screen
matches its patterns on the text itself, so it screens a copy with each dialect word
written the standard way ("ah wis feart" -> "i was scared") and maps what it found back to
the child's own words: a reason's offsets always point into the original text.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from dataclasses import dataclass

from voices.coding.text import WRITTEN_WORD, default_tables, plain


@dataclass(frozen=True)
class Standard:
    """A text with its dialect words written the standard way, and where each came from."""

    original: str
    text: str
    # For each replaced word: (start, end) in text, then (start, end) in original.
    spans: tuple[tuple[int, int, int, int], ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original that text[start:end] was made from."""
        if not self.spans:
            return start, end
        return self._position(start, at_end=False), self._position(end, at_end=True)

    def _position(self, at: int, at_end: bool) -> int:
        # The last replaced word that starts before `at` (or at it, for a start).
        index = bisect_right([s[0] for s in self.spans], at - 1 if at_end else at) - 1
        if index < 0:
            return at
        start, end, old_start, old_end = self.spans[index]
        if at < end or (at_end and at == end):
            return old_end if at_end else old_start  # inside a replaced word: all of it
        return at - end + old_end


@functools.lru_cache(maxsize=64)
def standard(text: str) -> Standard:
    """text with every word of dialect.yaml replaced by its standard word(s)."""
    table = default_tables().dialect
    pieces: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    done = length = 0  # characters of text copied; characters of the new text
    for match in WRITTEN_WORD.finditer(text):
        meaning = table.get(plain(match.group()))
        if meaning is None:
            continue
        kept = text[done : match.start()]
        start = length + len(kept)
        pieces += [kept, meaning]
        length = start + len(meaning)
        spans.append((start, length, match.start(), match.end()))
        done = match.end()
    if not spans:
        return Standard(text, text)
    pieces.append(text[done:])
    return Standard(text, "".join(pieces), tuple(spans))


def standard_text(text: str) -> str:
    return standard(text).text
