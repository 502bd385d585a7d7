"""Safeguarding screen in Welsh, Polish and Arabic as well as English.

`screen_in(text, locale)` detects the answer's language (voices.coding.language, with the
page's locale as the hint for very short answers), screens it with that language's
lexicon (surveys/safeguarding/lexicon.<code>.yaml, same pattern language and categories as
the English one) and also with the English one, since children mix in English words. An
answer in a language with no lexicon comes back `screened=False` for a person to read.

Both the answer and the lexicon are "folded" the same way first, so a pattern written
with the proper letters matches an answer typed without them: Polish "zabije sie" finds
"zabiję się", Welsh "ty" finds "tŷ", Arabic "انا" finds "أنا" and "أَنَا". Folding one
letter into another keeps every offset; the Arabic vowel marks it removes are mapped back,
so each reason still points at the child's own words.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from voices import paths, yamlsource
from voices.coding import safeguarding
from voices.coding.language import detect
from voices.coding.lexicon import parse_lexicon
from voices.coding.safeguarding import Lexicon, Reason, Signal
from voices.coding.text import default_tables

FOLDER = paths.SURVEYS / "safeguarding"
LEXICON_LANGUAGES = ("cy", "pl", "ar")  # beside English, lexicon.yaml
NOT_SCREENED = Signal(False, (), screened=False)

# One letter for another: offsets are kept.
_LETTERS = {
    "pl": str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ"),
    "cy": str.maketrans("âêîôûŵŷäëïöüẅÿáéíóúẃýàèìòùẁỳ", "aeiouwyaeiouwyaeiouwyaeiouwy"),
    # Alef with hamza or madda, alef maqsura, ta marbuta: written either way by children.
    "ar": str.maketrans("أإآٱىة", "اااايه"),
}
# Arabic vowel marks, shadda, sukun, superscript alef and tatweel: removed.
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")


def fold(text: str, language: str) -> tuple[str, list[int]]:
    """The text as a lexicon of that language reads it, and for each of its positions
    (and its end) the position in the original text."""
    folded = text.translate(_LETTERS[language]) if language in _LETTERS else text
    if language != "ar" or not _ARABIC_MARKS.search(folded):
        return folded, list(range(len(text) + 1))
    kept = [i for i, c in enumerate(folded) if not _ARABIC_MARKS.fullmatch(c)]
    return "".join(folded[i] for i in kept), [*kept, len(text)]


@functools.cache
def lexicon_for(language: str) -> Lexicon | None:
    """The folded lexicon for a language, or None when there is none."""
    if language not in LEXICON_LANGUAGES:
        return None
    path = FOLDER / f"lexicon.{language}.yaml"
    source = yamlsource.load(path)
    parse_lexicon(source)  # checked as written: errors name file and line
    text = path.read_text(encoding="utf-8")  # folding keeps every line where it was
    return parse_lexicon(yamlsource.parse(fold(text, language)[0], source.file))


@functools.cache
def dialect_words() -> frozenset[str]:
    """English dialect and phonetic spellings (dialect.yaml): English, for detect()."""
    return frozenset(default_tables().dialect)


@functools.cache
def english_lexicon() -> Lexicon:
    return safeguarding.load_lexicon(FOLDER / "lexicon.yaml")


def screen_in(
    text: str, locale: str | None = None, sensitivity: str = safeguarding.DEFAULT_SENSITIVITY
) -> Signal:
    """Screen an answer in whatever language it is written; locale is the page's."""
    language = detect(text, hint=locale, dialect=dialect_words())
    if language is None:
        return NOT_SCREENED
    if language == "en":
        return safeguarding.screen(text, sensitivity=sensitivity)
    lexicon = lexicon_for(language)
    if lexicon is None:
        return NOT_SCREENED
    # English words mixed in ("mae e'n hitio fi"): the English lexicon's strong patterns
    # only; its weaker words, near rules and learned layer misread other languages'
    # words (Welsh "nos", night, is English slang for nitrous oxide).
    # English mixed in is read with its dialect spellings (Scots is often taken for Welsh:
    # "gonnae kill me"); the language's own lexicon reads its words as written, as English
    # dialect spellings may be its ordinary words (Polish "mam", I have).
    english = safeguarding.screen(text, english_lexicon(), "standard")
    folded, origin = fold(text, language)
    own = safeguarding.screen(folded, lexicon, sensitivity, dialect=False)
    reasons = {(r.category, r.start, r.end): r for r in english.reasons}
    for r in own.reasons:
        start, end = origin[r.start], origin[r.end]
        moved = dataclasses.replace(r, start=start, end=end, words=text[start:end])
        reasons.setdefault((r.category, start, end), moved)
    if not reasons:
        return Signal(False, ())
    ordered = sorted(reasons.values(), key=lambda r: (r.start, r.end, r.category))
    return Signal(True, tuple(ordered))


__all__ = ["NOT_SCREENED", "Reason", "fold", "lexicon_for", "screen_in"]
