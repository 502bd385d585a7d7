"""Where an answer turns from a past told as a story to how things are now.

Real answers are often stories: a hard past, then a present that is good ("i was moved 6
times and it was horrible but now im settled"). People label them by the present, the
writer's stance now. This module only finds the turn; sentiment.py decides what it does
to the label (a past hardship got through does not make the answer negative). It also
tells the learned layer how the feeling falls around the last "but" (`around_but`).

The turn is the first "now" (or "these days", "any more", "since"...) that has something
told in the past before it; the present starts at the beginning of the piece of the sentence
holding that word: after the nearest comma, "and", "but", "so", "then" or "cos" before it.
"""

from __future__ import annotations

import re

# Told about how things are now, after a past ("havent had any trouble since").
NOW = re.compile(r"\b(?:now|nowadays|these days|any ?more|in the end|since)\b")
# Told about the past.
PAST = re.compile(
    r"\b(?:used to|was|were|when i (?:first|was)|at first|before|last (?:year|week|month)|"
    r"(?:old|last|previous) (?:placement|home|house|school|carers?))\b"
)
# Where a piece of a sentence starts: the present begins after the last of these before "now".
_PIECE_START = re.compile(r"[,;:]|\b(?:and|but|so|then|cos|coz|cus|because)\b")


def turn(text: str) -> int | None:
    """The offset in text where the present begins, or None when the answer has no turn
    (no "now" after a past, or the past is inside the present's own piece)."""
    lowered = text.lower()
    for now in NOW.finditer(lowered):
        if not PAST.search(lowered, 0, now.start()):
            continue
        sentence = max(lowered.rfind(c, 0, now.start()) for c in ".!?\n;") + 1
        start = sentence
        for piece in _PIECE_START.finditer(lowered, sentence, now.start()):
            start = piece.end()
        while start < len(text) and text[start].isspace():
            start += 1
        if PAST.search(lowered, 0, start):
            return start
    return None


def split_at(spans: list[tuple[int, int]], at: int | None) -> list[tuple[int, int]]:
    """Clause spans with the one holding `at` cut there: the present of a turn is a clause
    of its own ("i got moved and | now its different")."""
    if at is None:
        return spans
    found: list[tuple[int, int]] = []
    for start, end in spans:
        found += [(start, at), (at, end)] if start < at < end else [(start, end)]
    return found


def around_but(clauses: list[tuple[bool, list[float]]]) -> str:
    """The feeling told before the last "but" ("although"...) and after it, from each
    clause's (starts with a contrast, its scores): each side "+", "-", "+-" (both) or "0"
    (none), so "nice but she never calls" is "+|-". With no contrast word, the same around
    the last sentence, marked: "great. horrible" is ".+|-". "" for a single clause.
    Words differ from author to author; where the feeling falls around a turn does not."""
    last = max((i for i, (contrast, _) in enumerate(clauses) if contrast), default=0)
    if last:
        return _signs(clauses[:last]) + "|" + _signs(clauses[last:])
    if len(clauses) > 1:
        # No contrast word: the feeling may still turn between sentences ("the food is
        # great. my room is horrible"); the same shape, before and at the last one, marked.
        return "." + _signs(clauses[:-1]) + "|" + _signs(clauses[-1:])
    return ""


def _signs(clauses: list[tuple[bool, list[float]]]) -> str:
    scores = [p for _, ps in clauses for p in ps]
    good = "+" if any(p > 0 for p in scores) else ""
    bad = "-" if any(p < 0 for p in scores) else ""
    return good + bad or "0"
