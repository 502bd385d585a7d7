"""Scoring one clause's words for sentiment: the field's words, phrases and emoji first
(surveys/coding/sentiment.yaml, with the negation before them), then TextBlob's analyser on
the words left, and a bare negation of nothing we score ("nobody asked me").

TextBlob scores the words left through its analyser's assessments (what
`TextBlob(text).sentiment` wraps), on our own tokens: the same scores, without
re-tokenising. sentiment.py weighs these scores by clause and judges the whole answer.
"""

from __future__ import annotations

import functools
from itertools import repeat
from typing import NamedTuple

from textblob.en import sentiment as textblob_analyser

from voices.coding import text as words
from voices.coding.sentiment_lexicon import SentimentLexicon, emoji_key

Score = tuple[float, float]  # (polarity, weight)

_PLACEHOLDER = "xx"  # stands in for a word we scored ourselves; TextBlob resets at it
_NEGATION = "not"  # TextBlob only knows no, not, n't, never as negators


class Span(NamedTuple):
    first: int  # token index
    last: int
    polarity: float


class _Word(NamedTuple):
    """What one token is to the rules."""

    for_textblob: tuple[str, ...]  # the words TextBlob is given for it
    known: bool  # TextBlob scores one of them (and we do not ignore it)
    negates: bool
    polarity: float | None  # in our own single words


_BLANK = _Word((_PLACEHOLDER,), False, False, None)  # a word we scored, or an emoji


def score_words(
    tokens: list[words.Token], lexicon: SentimentLexicon
) -> tuple[list[Score], list[Score]]:
    """The (polarity, weight) scores of one clause's words: our words and phrases first,
    then TextBlob's of whatever is left; and apart, a bare negation's ("nobody asked me")."""
    settings = lexicon.settings
    found = find(tokens, lexicon)
    used = [False] * len(tokens)
    for span in found:
        used[span.first : span.last + 1] = [True] * (span.last + 1 - span.first)
    seen = [_word(t.norm, lexicon) for t in tokens]
    negators_used: set[int] = set()
    scores: list[Score] = []
    for first, _last, polarity in found:
        if polarity == 0.0:
            continue  # a phrase that only silences TextBlob ("best friend")
        negator = _negator_before(tokens, used, seen, first, settings.window)
        if negator is not None:
            negators_used.add(negator)
            polarity *= settings.negated_positive if polarity > 0 else settings.negated_negative
        scores.append((polarity, settings.field))
    if any(w.known for w in seen):  # else nothing TextBlob knows: skip it
        scores += _textblob(tokens, found, seen, negators_used, lexicon)
    return scores, _bare_negations(tokens, used, seen, negators_used, lexicon)


def _word(norm: str, lexicon: SentimentLexicon) -> _Word:
    negator = words.negates(norm)
    for_textblob = (_NEGATION,) if negator else tuple(norm.split())
    known = any(w in _textblob_words() and w not in lexicon.ignore for w in for_textblob)
    return _Word(for_textblob, known, negator, lexicon.words.get(norm))


def find(tokens: list[words.Token], lexicon: SentimentLexicon) -> list[Span]:
    """Field phrases (longest first, left to right), then single words, then emoji."""
    stems: list[str] = []
    owner: list[int] = []  # the token each stem belongs to
    for i, token in enumerate(tokens):
        if not token.is_emoji:
            for stem in token.stem.split():
                stems.append(stem)
                owner.append(i)
    found: list[Span] = []
    k = 0
    while k < len(stems):
        phrase = next(
            (
                p
                for p in lexicon.phrases.get(stems[k], ())
                if tuple(stems[k : k + len(p.stems)]) == p.stems
            ),
            None,
        )
        if phrase is None:
            k += 1
            continue
        found.append(Span(owner[k], owner[k + len(phrase.stems) - 1], phrase.polarity))
        k += len(phrase.stems)
    used = {i for span in found for i in range(span.first, span.last + 1)}
    for i, token in enumerate(tokens):
        if token.is_emoji:
            polarity = lexicon.emoji.get(emoji_key(token.text))
        else:
            polarity = lexicon.words.get(token.norm)
        if polarity is not None and i not in used:
            found.append(Span(i, i, polarity))
    return sorted(found)


def _negator_before(
    tokens: list[words.Token], used: list[bool], seen: list[_Word], index: int, window: int
) -> int | None:
    # Like text.negated, but a negator inside a matched phrase ("nothing else") is not one.
    scope = tokens[index].scope
    for i in range(index - 1, max(index - window, 0) - 1, -1):
        if tokens[i].scope != scope:
            return None
        if seen[i].negates and not used[i]:
            return i
    return None


def _textblob(
    tokens: list[words.Token],
    found: list[Span],
    seen: list[_Word],
    negators_used: set[int],
    lexicon: SentimentLexicon,
) -> list[Score]:
    # TextBlob sees each word we did not score, a negator as "not", others as a placeholder.
    blank = {i for span in found for i in range(span.first, span.last + 1)}
    blank |= {i for i, token in enumerate(tokens) if token.is_emoji}
    given = [_BLANK if i in blank else w for i, w in enumerate(seen)]
    if not any(w.known for w in given):
        return []  # nothing TextBlob knows is left: skip the call
    plain = [word for w in given for word in w.for_textblob]
    settings = lexicon.settings
    scores = []
    for chunk, polarity, _subjectivity, _label in textblob_analyser.assessments(
        zip(plain, repeat(None))
    ):
        head = next((w for w in reversed(chunk) if w != "!"), "")
        if head in lexicon.ignore:
            continue
        if chunk[0] == _NEGATION and polarity:
            # TextBlob reverses and halves; use our own factors, as for field words.
            before = polarity / -0.5
            factor = settings.negated_positive if before > 0 else settings.negated_negative
            polarity = before * factor
            negators_used.update(i for i, w in enumerate(given) if w.negates)
        scores.append((polarity, 1.0))
    return scores


@functools.cache
def _textblob_words() -> frozenset[str]:
    "good" in textblob_analyser  # noqa: B015 - loads TextBlob's lexicon
    return frozenset(dict.keys(textblob_analyser))


def _bare_negations(
    tokens: list[words.Token],
    used: list[bool],
    seen: list[_Word],
    negators_used: set[int],
    lexicon: SentimentLexicon,
) -> list[Score]:
    """ "nobody asked me", "never picks up", "cant go": a negation of nothing we score."""
    last = len(tokens) - 1
    for i, word in enumerate(seen):
        if not word.negates or used[i] or i in negators_used or i == last:
            continue  # i == last: "no", "nah not really": an answer, not a complaint
        token, after = tokens[i], tokens[i + 1]
        if after.scope != token.scope or after.is_emoji:
            continue
        if seen[i + 1].negates or after.norm in lexicon.not_complaints:
            continue
        return [(lexicon.settings.bare_negation, 1.0)]  # one is enough
    return []
