"""The screen's shortcuts give exactly what the plain way gives."""

from __future__ import annotations

import re

from voices.coding.safeguarding import (
    _WORD,
    _lowered,
    _spans,
    _split,
    _tokens,
    default_lexicon,
)


def _sample(written: str) -> str:
    """A phrase a pattern should match: each choice's first option, optional words kept."""
    words = []
    for part in _split(written.strip()):
        if part == "...":
            words.append("really")
        elif part.startswith(("(", "[")):
            words.append(_sample(_split(part[1:-1], "|")[0]))
        else:
            words.append(part.rstrip("*") + ("ing" if part.endswith("*") else ""))
    return " ".join(words)


def _texts() -> list[str]:
    lexicon = default_lexicon()
    phrases = [_sample(p.written) for p in (*lexicon.triggers, *lexicon.safe)]
    variants = [
        *phrases,
        *(p.upper() for p in phrases),
        *(p.replace("'", "\u2019") for p in phrases),
        *(f"\u2018{p}\u2019" for p in phrases),
        *(f"'{p}'" for p in phrases),
        *(f"x{p}" for p in phrases),
    ]
    joins = [" ", ", ", " and ", "-", "'", "\u2019", ". "]
    return [
        joins[i % len(joins)].join(variants[i : i + 60]) + (" \u017fo" if i % 10 == 9 else "")
        for i in range(0, len(variants), 60)
    ]


def test_spans_are_finditer_spans() -> None:
    lexicon = default_lexicon()
    patterns = (*lexicon.triggers, *lexicon.safe)
    assert sum(p.starts is not None for p in patterns) > len(patterns) * 0.9
    for text in _texts():
        lowered = _lowered(text)
        for pattern in patterns:
            plain = [m.span() for m in pattern.regex.finditer(text)]
            assert _spans(pattern, text, lowered) == plain, (pattern.written, text)


def test_lowered_only_when_offsets_and_letters_hold() -> None:
    assert _lowered("I Don\u2019t KNOW") == "i don\u2019t know"
    assert _lowered("\u017ftop") is None  # long s: IGNORECASE matches it to "s"
    assert _lowered("\u212aick") is None  # Kelvin sign: "k"
    assert _lowered("\u0130t") is None  # lower() makes two characters of it
    assert re.match("s", "\u017f", re.IGNORECASE)


def test_tokens_sit_where_the_word_regex_finds_them() -> None:
    lexicon = default_lexicon()
    texts = [
        *_texts(),
        "",
        "  'hi' \u2018there\u2019 -- it's...ok!!\n\ndon't  stop, x'x'x ''' \u2019\u2019 a_b 12 12",
        "caf\u00e9 na\u00efve \u017fo \u212aelvin \u0130stanbul \U0001f600me me",
    ]
    for text in texts:
        _, _, words, scanned, _ = lexicon.scan(text)
        spans = [(start, end) for _, start, end in _tokens(text, words, scanned)]
        assert spans == [m.span() for m in _WORD.finditer(text)], text
