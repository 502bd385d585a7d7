"""Words with offsets: tokens, text-speak and emoji normalisation, stems, clauses, negation.

Every token keeps its character offsets into the original text, so evidence shown to a
reviewer points at exactly what the young person wrote. Text-speak, dialect and emoji
tables are data (surveys/coding/textspeak.yaml, dialect.yaml, emoji.yaml). Stemming is
nltk's Snowball stemmer, which needs no downloaded corpora.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from nltk.stem.snowball import SnowballStemmer

from voices import paths, yamlsource

CODING_DATA = paths.SURVEYS / "coding"


class Token(NamedTuple):
    # A named tuple, not a dataclass: tokens are made for every word of every answer, and
    # a tuple is made several times faster; fields are read the same way.
    text: str  # exactly as written: original[start:end]
    start: int
    end: int
    norm: str  # lower-case, apostrophes dropped, text-speak expanded, emoji as word(s)
    stem: str  # Snowball stem of each word of norm, joined by one space
    is_emoji: bool = False
    scope: int = 0  # negation scope: clause number, also bumped at commas


NEGATORS: frozenset[str] = frozenset(
    [
        "not",
        "no",
        "never",
        "dont",
        "cant",
        "cannot",
        "wont",
        "isnt",
        "arent",
        "doesnt",
        "didnt",
        "nobody",
        "noone",
        "nothing",
        "nowhere",
        "hardly",
        "barely",
        "scarcely",
        "without",
        "neither",
        "nor",
        "aint",
        "havent",
        "hasnt",
        "hadnt",
        "wasnt",
        "werent",
        "shouldnt",
        "couldnt",
        "wouldnt",
        "mustnt",
        "neednt",
        "nae",
        "naebody",
        "dinnae",
        "cannae",
        "disnae",
        "isnae",
        "wasnae",
        "willnae",
        "wouldnae",
        "couldnae",
    ]
) | {"no one"}

# Words that turn an answer ("good but far"): a clause starts at each, and so does a
# negation's scope.
_TURNING = ("even though", "although", "though", "but", "except", "however", "apart from")
# Concessions weigh what follows against what came before ("at least my nan turns up"):
# a clause starts at each, but a negation's scope does not end there (the theme and
# safeguarding layers read the scopes, and were tuned on them).
_CONCEDING = ("at least", "to be fair", "then again", "that said", "even so")
CONTRAST_WORDS = _TURNING + _CONCEDING

_QUOTE_MARKS = "'\u2019\u2018\u02bc`"  # apostrophes as phones and keyboards type them
_STEMMER = SnowballStemmer("english")

# Emoji we have no entry for still become tokens (norm is the emoji itself), so the
# sentiment and safeguarding code can see them.
_EMOJI_CHAR = "\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\u2190-\u21ff\u2300-\u23ff"
_EMOJI_TAIL = "\ufe0f\u200d\U0001f3fb-\U0001f3ff\u20e3"
_GENERIC_EMOJI = f"[{_EMOJI_CHAR}](?:[{_EMOJI_TAIL}]|(?<=\u200d)[{_EMOJI_CHAR}])*"
_WORD = r"[^\W_]+(?:['\u2019\u2018\u02bc][^\W_]+)*"
# Letters stretched for feeling; never digits ("£2000", "1000 times" are amounts).
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
_END_REPEAT = re.compile(r"([^\W\d_])\1{2,}$")
# A concession that ends a piece ("i do like it though.", "shes nice to be fair") turns the
# piece it ends: no clause starts at it, and the piece is the turn (sentiment.py).
_TRAILING = r"(?:though|tho|to\s+be\s+fair|tbf)\b(?=\s*(?:[,.!?;:)]|$))"
_TRAILING_CONCESSION = re.compile(r"\b" + _TRAILING)
# "at least once a week" counts, it does not concede.
_AT_LEAST_AMOUNT = r"at\s+least\s+(?:\d|once|twice|one|two|three|four|five|six|ten|a\b|an\b|half)"


def _ahead(contrast_words: tuple[str, ...], unless: str = "") -> str:
    """A pattern matching just before any of the words. The first-letter test lets the
    regex engine pass most positions without trying every word."""
    return (
        r"\b(?=[" + "".join(sorted({w[0] for w in contrast_words})) + "])"
        r"(?=(?:"
        + "|".join(w.replace(" ", r"\s+") for w in contrast_words)
        + r")\b)"
        + (f"(?!{unless})" if unless else "")
    )


_CLAUSE_BREAK = re.compile(
    r"[.!?;\n]+|" + _ahead(CONTRAST_WORDS, f"{_TRAILING}|{_AT_LEAST_AMOUNT}"), re.IGNORECASE
)
_SCOPE_BREAK = r"[,\u2013\u2014]|\s[-:]\s"
_ANY_BREAK = re.compile(f"{_SCOPE_BREAK}|" + r"[.!?;\n]+|" + _ahead(_TURNING), re.IGNORECASE)
# Most answers have no break at all. Both regexes above try every position, so first ask
# cheaply whether one could match: a break character (or a "-" or ":" of " - "), or one
# of the pieces of a contrast word in _may_break (none holds a letter whose case folding
# is special, such as the "k" that the Kelvin sign folds to).
_BREAK_CHARACTER = re.compile(r"[,\u2013\u2014\-:.!?;\n]")


@dataclass(frozen=True)
class Tables:
    """The text-speak, dialect and emoji tables, and the token pattern built from them once."""

    textspeak: dict[str, str]  # text-speak and dialect spellings: what tokens read
    emoji: dict[str, str]
    pattern: re.Pattern[str]
    dialect: dict[str, str] = field(default_factory=dict)  # dialect.yaml alone: the screen's
    _words: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False, repr=False)

    def normalise(self, written: str) -> tuple[str, str]:
        """(norm, stem) of a written word; remembered, as the same words come back often."""
        found = self._words.get(written)
        if found is None:
            if len(self._words) > 200_000:  # bound memory on huge, misspelt batches
                self._words.clear()
            norm = self._norm(_plain(written))
            found = self._words[written] = (norm, stem_words(norm))
        return found

    def _norm(self, plain: str) -> str:
        norm = self.textspeak.get(plain)
        if norm is None and _REPEATS.search(plain):
            # Children stretch words for feeling: "soooo" -> "so", "goood" -> "good".
            # A stretched last letter is usually single; inside a word, keep two.
            squeezed = _REPEATS.sub(r"\1\1", _END_REPEAT.sub(r"\1", plain))
            single = _REPEATS.sub(r"\1", plain)
            norm = self.textspeak.get(squeezed) or self.textspeak.get(single) or squeezed
        return norm or plain


def _load_mapping(path: Path, key: str, taken: dict[str, str] | None = None) -> dict[str, str]:
    """A file's mapping of written text to words; a key already in `taken` is an error."""
    source = yamlsource.load(path)
    data = source.data
    if not isinstance(data, dict) or not isinstance(data.get(key), dict):
        raise source.error((key,) if isinstance(data, dict) else (), f"needs a '{key}' mapping")
    table: dict[str, str] = {}
    for written, meaning in data[key].items():
        if not isinstance(written, str) or not isinstance(meaning, str) or not meaning.strip():
            raise source.error((key, written), "map written text to its words (both text)")
        if taken is not None and _plain(written) in taken:
            raise source.error((key, written), "also in textspeak.yaml: keep it in one file")
        table[written] = meaning.strip()
    return table


def load_tables(folder: Path = CODING_DATA) -> Tables:
    """Read textspeak.yaml, dialect.yaml and emoji.yaml; errors name file, line and field."""
    textspeak = {
        _plain(k): v.lower() for k, v in _load_mapping(folder / "textspeak.yaml", "words").items()
    }
    dialect = {
        _plain(k): v.lower()
        for k, v in _load_mapping(folder / "dialect.yaml", "words", textspeak).items()
    }
    emoji = {k.strip(): v.lower() for k, v in _load_mapping(folder / "emoji.yaml", "emoji").items()}
    # Picture emoji are found by character class and looked up afterwards (a regex
    # alternation of hundreds of emoji is slow); only text faces like ":)" are listed.
    faces = sorted((e for e in emoji if not re.match(_GENERIC_EMOJI, e)), key=len, reverse=True)
    alternatives = [re.escape(e) + r"(?![^\W_])" for e in faces]
    pattern = re.compile(
        "(?P<emoji>" + "|".join([_GENERIC_EMOJI, *alternatives]) + f")|(?P<word>{_WORD})"
    )
    emoji = {_emoji_key(k): v for k, v in emoji.items()}
    return Tables(textspeak | dialect, emoji, pattern, dialect)


@functools.cache
def default_tables() -> Tables:
    return load_tables()


def _emoji_key(written: str) -> str:
    # Skin tones and variation selectors do not change what an emoji means.
    return re.sub(f"[{_EMOJI_TAIL}]", "", written).lower() or written


def _plain(word: str) -> str:
    return without(word.lower(), _QUOTE_MARKS)


def without(word: str, marks: str) -> str:
    """word with every one of marks taken out (str.replace beats str.translate here)."""
    for mark in marks:
        if mark in word:
            word = word.replace(mark, "")
    return word


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if word.isdigit() and word.isascii():
        return word  # Snowball leaves a number as it is; skip its steps
    return _STEMMER.stem(word)


def stem_words(norm: str) -> str:
    return " ".join(stem(w) for w in norm.split())


def tokenize(text: str, tables: Tables | None = None) -> list[Token]:
    """Words and emoji with offsets into text; punctuation is dropped."""
    if tables is None:
        return list(_tokenize_default(text))
    return _tokenize(text, tables)


@functools.lru_cache(maxsize=64)
def _tokenize_default(text: str) -> tuple[Token, ...]:
    # The matcher, sentiment and safeguarding each tokenize the same answer: do it once.
    # Only the last few answers: tokens are objects the garbage collector must visit (a
    # named tuple is never untracked), so thousands kept alive slow every full collection.
    return tuple(_tokenize(text, default_tables()))


def _tokenize(text: str, tables: Tables) -> list[Token]:
    tokens: list[Token] = []
    breaks = _break_positions(text)
    scope = 0  # the number of breaks before the token
    for match in tables.pattern.finditer(text):
        start, end = match.span()
        while scope < len(breaks) and breaks[scope] <= start:
            scope += 1
        written = match.group()
        if match.lastgroup == "emoji":
            norm = tables.emoji.get(_emoji_key(written), written)
            stemmed, is_emoji = stem_words(norm), True
        else:
            norm, stemmed = tables.normalise(written)
            is_emoji = False
        tokens.append(Token(written, start, end, norm, stemmed, is_emoji, scope))
    return tokens


def _break_positions(text: str) -> list[int]:
    """Offsets where a negation scope ends: clause breaks and commas."""
    if not _may_break(text):
        return []
    return [m.start() for m in _ANY_BREAK.finditer(text)]


def _may_break(text: str) -> bool:
    if _BREAK_CHARACTER.search(text):
        return True
    lower = text.lower()  # each piece spelled out: any() over a tuple costs more
    return (
        "but" in lower
        or "though" in lower
        or "except" in lower
        or "however" in lower
        or "apart" in lower
        or "least" in lower
        or "to be fair" in lower
        or "then again" in lower
        or "that said" in lower
        or "even so" in lower
    )


def clause_spans(text: str) -> list[tuple[int, int]]:
    """Sentences and clauses, split at . ! ? ; newlines and before contrast words."""
    spans: list[tuple[int, int]] = []
    start = 0
    if not _may_break(text):
        _add_span(text, 0, len(text), spans)
        return spans
    for match in _CLAUSE_BREAK.finditer(text):
        _add_span(text, start, match.start(), spans)
        start = match.end()
    _add_span(text, start, len(text), spans)
    return spans


def turns(clause: str) -> bool:
    """Whether a clause turns the answer: it opens with a contrast word ("but its far"), or a
    concession ends a piece of it ("i do like the flat though")."""
    lowered = clause.lower()
    return lowered.startswith(CONTRAST_WORDS) or _TRAILING_CONCESSION.search(lowered) is not None


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        left = start + (len(piece) - len(piece.lstrip()))
        spans.append((left, left + len(stripped)))


def is_negator(token: Token) -> bool:
    return _negating(token.norm)


def negates(norm: str) -> bool:
    """Whether a normalised word (or one of the words text-speak expands it to) negates."""
    return norm in NEGATORS or not NEGATORS.isdisjoint(norm.split())


_negating = functools.lru_cache(maxsize=16384)(negates)


def negated(tokens: list[Token], index: int, window: int = 4) -> bool:
    """True when a negator comes within `window` tokens before tokens[index], in its clause."""
    scope = tokens[index].scope
    for i in range(index - 1, max(index - window, 0) - 1, -1):
        if tokens[i].scope != scope:
            return False
        if is_negator(tokens[i]):
            return True
    return False


# ---- words as written, for the safeguarding screens ------------------------------------
#
# The screens match patterns on the text as written, so they split it more simply than
# tokenize(): any run of letters, digits, underscores and apostrophes is a word, and a
# word's plain form is lower case without apostrophes ("Don't" -> "dont").

WRITTEN_WORD = re.compile(r"[\w'\u2018\u2019]+")
APOSTROPHES = "'\u2018\u2019"


class Word(NamedTuple):
    plain: str  # lower case, apostrophes dropped
    start: int
    end: int


def plain(word: str) -> str:
    return without(word.lower(), APOSTROPHES)


def written_words(text: str) -> list[Word]:
    """Each word of text as written, with its plain form and offsets."""
    return [Word(plain(m.group()), m.start(), m.end()) for m in WRITTEN_WORD.finditer(text)]
