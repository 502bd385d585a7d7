"""The safeguarding pattern language, compiled to regular expressions.

    hit* me            "*" = any ending: hit, hits, hitting
    (mum|dad|step dad) one of these (each may be several words)
    [really|always]    optional words
    don't ... safe     "..." = up to three other words in between (not across "but")
    don't              an apostrophe is optional: matches "dont", "don't", "don’t"

Words are separated by spaces, quotes or dashes, never by a sentence or clause break.
Between two words one intensifier may sit ("don't really care": FILLERS), and a word of six
letters or more ending in "ing" also matches without its g ("livin", "endin": spellings).
Besides its regex, a pattern knows its required parts: for each word or choice a match
cannot do without, the words that can fill it ("hit*" for a word start). An answer that
lacks a word of some required part cannot match, so the screen runs only the regexes of
patterns whose every part has a word in the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from voices.coding.text import plain

# Between two words: spaces, quotes, dashes; never a sentence or clause break.
_SEP = r"[^\w.,;:!?\n]+"
_GAP_WORD = r"(?!(?:but|though|although|except)\b)[\w'\u2019]+"
# Between two required words, one intensifier a child may slip in ("i dont really care what
# happens to me", "whats even the point of me"): it adds stress, never meaning.
FILLERS = ("really", "even", "actually", "honestly", "literally", "rly", "srsly")
_FILL = r"(?:" + _SEP + r"(?:" + "|".join(FILLERS) + r"))?" + _SEP
_WORD_SHAPE = re.compile(r"[\w'\u2019-]+\*?")
# Common words make poor index keys: a pattern indexed on one would be tried too often.
_STOP = frozenset(
    ["i", "me", "my", "a", "an", "the", "to", "in", "on", "of", "at", "it", "is", "be", "was"]
    + ["im", "and", "or", "he", "she", "they", "you", "your", "us", "him", "her", "them"]
)


class Anchor(NamedTuple):
    """A word a match needs: plain form, and whether any ending may follow ("hit*")."""

    word: str
    prefix: bool

    @property
    def key(self) -> str:
        """How the word index names it: "hit" for the word, "hit*" for a word start."""
        return self.word + "*" if self.prefix else self.word


Part = tuple[Anchor, ...]  # one required part: any one of these words fills it


@dataclass(frozen=True)
class Pattern:
    category: str  # "" for a safe context or a past/over phrase
    written: str
    regex: re.Pattern[str]
    level: str = "standard"  # "high": a weaker signal, run only at sensitivity high
    alerts: bool = True  # False: a strong pattern that only ever raises a "check"
    required: tuple[frozenset[str], ...] = ()  # per required part, its words' keys
    index_keys: frozenset[str] = frozenset()  # the keys of the part the index uses

    def possible(self, keys: frozenset[str]) -> bool:
        """Whether an answer with these word keys has a word for every required part."""
        return all(not part.isdisjoint(keys) for part in self.required)


def compile_pattern(written: str) -> tuple[str, Part]:
    """(regex source, index part) for one pattern; raises ValueError when malformed."""
    body, parts = _phrase(written.strip())
    return r"(?<![\w'])" + body + r"(?![\w])", _index_part(parts)


def make_pattern(
    category: str, written: str, level: str = "standard", alerts: bool = True
) -> Pattern:
    """A compiled pattern; raises ValueError (or re.error) when malformed.

    Only a strong pattern lets a filler in: a weak one is short ("what's the point"), and
    "whats even the point of working" is a complaint."""
    body, parts = _phrase(written.strip(), _FILL if level == "standard" else _SEP)
    regex = re.compile(r"(?<![\w'])" + body + r"(?![\w])", re.IGNORECASE)
    required = tuple(frozenset(a.key for a in part) for part in parts)
    index = frozenset(a.key for a in _index_part(parts))
    return Pattern(category, written, regex, level, alerts, required, index)


def word_keys(words: list[str]) -> frozenset[str]:
    """Every key an answer's plain words offer: each word, and each start of 3+ letters
    as "hit*" (a word start in a pattern needs at least three letters)."""
    keys = set(words)
    for word in words:
        keys.update(word[:k] + "*" for k in range(3, len(word) + 1))
    return frozenset(keys)


def _index_part(parts: list[Part]) -> Part:
    # Few stop words, few choices, long words: a part that rarely wakes its pattern.
    def cost(part: Part) -> tuple[int, int, int]:
        return (sum(a.word in _STOP for a in part), len(part), -min(len(a.word) for a in part))

    return min(parts, key=cost)


def _phrase(written: str, between: str = _FILL) -> tuple[str, list[Part]]:
    """Regex source and required parts of words separated by spaces."""
    pieces = split(written)
    if not pieces:
        raise ValueError("is empty")
    out, lead, parts = "", "", []
    for i, piece in enumerate(pieces):
        if piece == "...":
            if not out or i == len(pieces) - 1:
                raise ValueError("'...' must sit between two words")
            out += rf"(?:{_SEP}{_GAP_WORD}){{0,3}}"
        elif piece.startswith("["):
            if not piece.endswith("]"):
                raise ValueError(f"unclosed '[' in {piece!r}")
            inner = _choice(piece[1:-1], between)[0]
            if out:
                out += rf"(?:{_SEP}{inner})?"
            else:
                lead += rf"(?:{inner}{_SEP})?"  # optional words before the first required one
        else:
            regex, part = _choice(piece[1:-1], between) if piece.startswith("(") else _word(piece)
            out += (between + regex) if out else (lead + regex)
            parts.append(part)
    if not parts:
        raise ValueError("needs at least one required word")
    return out, parts


def _choice(inner: str, between: str = _FILL) -> tuple[str, Part]:
    """ "a|b c": the regex of either, and as its part one word of each option."""
    options = split(inner, "|")
    if not options or any(not o.strip() for o in options):
        raise ValueError(f"empty choice in ({inner})")
    compiled = [_phrase(o.strip(), between) for o in options]
    part = tuple(a for _, parts in compiled for a in _index_part(parts))
    return "(?:" + "|".join(regex for regex, _ in compiled) + ")", part


def _word(word: str) -> tuple[str, Part]:
    if not _WORD_SHAPE.fullmatch(word):
        raise ValueError(f"{word!r} is not a word (letters, digits, apostrophes, a final *)")
    prefix = word.endswith("*")
    stem = word.rstrip("*")
    regex = "".join("['\u2018\u2019]?" if c in "'\u2019" else re.escape(c) for c in stem)
    if prefix:
        regex += r"[\w'\u2019]*"
    if prefix and len(plain(stem)) < 3:
        raise ValueError(f"{word!r}: a word ending in * needs at least 3 letters before it")
    others = () if prefix else spellings(plain(stem))
    if others:
        regex = "(?:" + "|".join([regex, *map(re.escape, others)]) + ")"
    return regex, (Anchor(plain(stem), prefix), *(Anchor(o, False) for o in others))


def spellings(word: str) -> tuple[str, ...]:
    """Other ways children write a pattern word: a dropped final g ("livin in my car",
    "endin it"), for words of six letters or more (shorter ones: "thin" for "thing")."""
    return (word[:-1],) if len(word) >= 6 and word.endswith("ing") else ()


def split(written: str, on: str = " ") -> list[str]:
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
