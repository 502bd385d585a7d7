"""Sentiment of a child's answer: positive, negative, mixed or neutral, with a polarity.

Built on TextBlob's sentiment lexicon (PatternAnalyzer, which needs no downloaded corpora)
and corrected for what it misses in this field, from surveys/coding/sentiment.yaml
(sentiment_lexicon.py): field words and phrases ("moved again", "no one tells me",
"bullied"), negation ("dont like", and a bare "never" or "nobody", which is usually a
complaint), emoji and text-speak (through voices.coding.text), safeguarding signals (a
disclosure is never neutral), and clauses: an answer whose clauses clearly disagree, or
that turns on "but" from a feeling to something else ("my sw is nice but she never
calls"), is mixed. The learned layer (sentiment_model.py) then re-judges the label.

TextBlob scores each clause's remaining words through its analyser's assessments (what
`TextBlob(text).sentiment` wraps), on our own tokens: the same scores, without
re-tokenising.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from itertools import repeat
from typing import NamedTuple

from textblob.en import sentiment as textblob_analyser

from voices.coding import safeguarding, sentiment_model
from voices.coding import text as words
from voices.coding.sentiment_lexicon import (
    SentimentLexicon,
    Settings,
    default_lexicon,
    emoji_key,
    load_lexicon,
)
from voices.coding.sentiment_turn import NOW, PAST, around_but, split_at, turn

__all__ = ["Sentiment", "SentimentLexicon", "analyse", "default_lexicon", "load_lexicon"]

_PLACEHOLDER = "xx"  # stands in for a word we scored ourselves; TextBlob resets at it
_NEGATION = "not"  # TextBlob only knows no, not, n't, never as negators
_QUESTION_STARTS = ("can", "could", "what", "why", "when", "how", "is", "do", "will", "who")
# Someone else's words ("my sw said its fine") are not the child's own feeling.
_REPORTED = re.compile(r"\b(\w+)\s+(?:says|said|tells me|told me|reckons|promised)\b")
_OWN_VOICE = frozenset({"i", "i've", "ive", "id", "i'd", "we", "you"})


class Span(NamedTuple):
    first: int  # token index
    last: int
    polarity: float


@dataclass(frozen=True)
class Sentiment:
    label: str  # "positive" | "negative" | "mixed" | "neutral"
    polarity: float  # -1.0 .. 1.0
    clauses: tuple[tuple[int, int, float], ...] = ()  # (start, end, polarity) per clause
    got_through: bool = False  # a hard past, then a present that is not bad (_got_through)
    around_but: str = ""  # the feeling before and after the last "but" (sentiment_turn)


class _Word(NamedTuple):
    """What one token is to the rules."""

    for_textblob: tuple[str, ...]  # the words TextBlob is given for it
    known: bool  # TextBlob scores one of them (and we do not ignore it)
    negates: bool
    polarity: float | None  # in our own single words


_BLANK = _Word((_PLACEHOLDER,), False, False, None)  # a word we scored, or an emoji


@dataclass
class _Clause:
    start: int
    end: int
    contrast: bool  # starts with "but", "although"...
    tokens: list[words.Token]
    scores: list[tuple[float, float]] = field(default_factory=list)  # (polarity, weight)
    polarity: float = 0.0  # the scores' weighted mean, set by _judge
    weight: float = 1.0  # the clause's share in the answer's feeling
    muted: bool = False  # a past told before "now", or someone else's words: never mixed
    bare: bool = False  # holds a bare negation's score ("nobody asked me")
    present: bool = False  # at or after the answer's turn from a past to "now"


def analyse(
    text: str,
    tokens: list[words.Token] | None = None,
    lexicon: SentimentLexicon | None = None,
    learned: bool = True,
    signal: safeguarding.Signal | None = None,
) -> Sentiment:
    """Label and polarity of text; pass tokens, and the text's safeguarding signal, if you
    already have them (saves time).

    With the shipped lexicon (no lexicon given), the learned layer (sentiment_model.py)
    then re-judges the label, unless learned=False: that is the rules' reading alone.
    """
    model = sentiment_model.default_model() if lexicon is None and learned else None
    lexicon = lexicon or default_lexicon()
    settings = lexicon.settings
    tokens = words.tokenize(text) if tokens is None else tokens
    clauses = _clauses(text, tokens)
    for clause in clauses:
        _score(text, clause, lexicon)
    signal = safeguarding.screen(text) if signal is None else signal
    for reason in (*signal.reasons, *signal.unbacked):
        if reason.category in lexicon.calm_categories:
            continue  # a groomed child may sound pleased: the feeling is theirs
        # A disclosure is otherwise never neutral, whatever words it uses.
        clause = next((c for c in clauses if c.start <= reason.start < c.end), clauses[-1])
        clause.scores.append((settings.disclosure, settings.field))
    _time_and_voice(text, clauses, settings)
    turned = _got_through(clauses, settings)
    label, polarity = _judge(text, clauses, settings)
    shape = around_but([(c.contrast, [p for p, _ in c.scores]) for c in clauses])
    # The learned layer weighs words; an answer of emoji alone is read by the rules alone.
    if model is not None and any(not token.is_emoji for token in tokens):
        reading = sentiment_model.Reading(label, polarity, signal.flag, turned, shape)
        learned_label = model.label(text, reading)
        # The layer may move a label, not erase a strongly felt one.
        if learned_label != "neutral" or abs(polarity) < settings.strong:
            label = learned_label
    spans = tuple((c.start, c.end, round(c.polarity, 3)) for c in clauses)
    return Sentiment(label, polarity, spans, turned, shape)


def _clauses(text: str, tokens: list[words.Token]) -> list[_Clause]:
    clauses = []
    present = turn(text)
    for start, end in split_at(words.clause_spans(text) or [(0, len(text))], present):
        mine = [t for t in tokens if t.start < end and t.end > start]
        clause = _Clause(start, end, words.turns(text[start:end]), mine)
        clause.present = present is not None and start >= present
        clauses.append(clause)
    return clauses


def _got_through(clauses: list[_Clause], settings: Settings) -> bool:
    """A hard past, then a present that is not bad: the present decides the label, and
    getting through counts as good news ("it was horrible but now im settled")."""
    present = [c for c in clauses if c.present]
    if not present or len(present) == len(clauses):
        return False
    for clause in present:  # "i dont see him now": the past has stopped, no complaint
        if clause.bare:
            clause.scores.remove((settings.bare_negation, 1.0))
            clause.bare = False
    past = [s for c in clauses if not c.present for s in c.scores]
    now = [s for c in present for s in c.scores]
    if _mean(past) >= 0 or _mean(now) < 0:
        return False
    for clause in clauses:
        if not clause.present:
            clause.weight, clause.muted = 0.0, True
    present[0].scores.append((settings.relief, settings.field))
    return True


def _mean(scores: list[tuple[float, float]]) -> float:
    weight = sum(w for _, w in scores)
    return sum(p * w for p, w in scores) / weight if weight else 0.0


def _time_and_voice(text: str, clauses: list[_Clause], settings: Settings) -> None:
    """Weigh clauses by whose feeling they carry and when: the present one counts most."""
    told = [text[c.start : c.end].lower() for c in clauses]
    now = [bool(NOW.search(t)) for t in told]
    for index, (clause, words_) in enumerate(zip(clauses, told, strict=True)):
        if clause.contrast:
            clause.weight = settings.after_contrast
        if now[index] and any(PAST.search(t) for t in told[:index] + [words_]):
            clause.weight = max(clause.weight, settings.after_contrast)
        elif PAST.search(words_) and any(now[index + 1 :]):
            clause.weight *= settings.past
            clause.muted = True
        speaker = _REPORTED.search(words_)
        if speaker and speaker.group(1) not in _OWN_VOICE:
            # Reassurance reported ("she says its fine") is not the child's comfort; a
            # worry reported is usually theirs too, so only the good words weigh less.
            clause.scores = [(p * settings.reported if p > 0 else p, w) for p, w in clause.scores]
            clause.muted = True


# ---- scoring one clause --------------------------------------------------------------------


def _score(text: str, clause: _Clause, lexicon: SentimentLexicon) -> None:
    """Our words and phrases first; TextBlob scores whatever is left."""
    settings, tokens = lexicon.settings, clause.tokens
    found = find(tokens, lexicon)
    used = [False] * len(tokens)
    for span in found:
        used[span.first : span.last + 1] = [True] * (span.last + 1 - span.first)
    seen = [_word(t.norm, lexicon) for t in tokens]
    negators_used: set[int] = set()
    for first, _last, polarity in found:
        if polarity == 0.0:
            continue  # a phrase that only silences TextBlob ("best friend")
        negator = _negator_before(tokens, used, seen, first, settings.window)
        if negator is not None:
            negators_used.add(negator)
            polarity *= settings.negated_positive if polarity > 0 else settings.negated_negative
        clause.scores.append((polarity, settings.field))
    if any(w.known for w in seen):  # else nothing TextBlob knows: skip it
        clause.scores += _textblob(tokens, found, seen, negators_used, lexicon)
    bare = _bare_negations(tokens, used, seen, negators_used, lexicon)
    clause.scores += bare
    clause.bare = bool(bare)
    if "!" in text[clause.start : clause.end + 1] and not any(p < 0 for p, _ in clause.scores):
        clause.scores.append((settings.exclaim, 1.0))  # "we won!!": children shout for joy


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
) -> list[tuple[float, float]]:
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
) -> list[tuple[float, float]]:
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


# ---- judging the whole answer ---------------------------------------------------------------


def _judge(text: str, clauses: list[_Clause], settings: Settings) -> tuple[str, float]:
    """The rules' label and polarity; sets each clause's polarity on the way."""
    total = weighted = 0.0
    for clause in clauses:
        weight = clause.weight
        own = own_weighted = 0.0
        for p, w in clause.scores:  # summed score by score, in order
            own += w
            own_weighted += p * w
            total += weight * w
            weighted += weight * p * w
        clause.polarity = own_weighted / own if own else 0.0
    if not total:
        return "neutral", 0.0
    polarity = weighted / total
    if _question(text):
        polarity *= settings.question  # "can I have a say in who my next sw is?"
    polarity = round(max(-1.0, min(1.0, polarity)), 3)
    if _mixed(clauses, settings):
        return "mixed", polarity
    if polarity > settings.positive:
        return "positive", polarity
    if polarity < settings.negative:
        return "negative", polarity
    return "neutral", polarity


def _mixed(clauses: list[_Clause], settings: Settings) -> bool:
    clauses = [c for c in clauses if not c.muted] or clauses[-1:]
    for before, clause in zip([None, *clauses], clauses, strict=False):
        polarities = [p for p, _ in clause.scores]
        if (
            polarities
            and max(polarities) >= settings.strong
            and min(polarities) <= -settings.strong
        ):
            return True  # strongly felt both ways within one clause
        if clause.contrast and before is not None and _turns(before, clause, clauses, settings):
            return True
    return _disagree(clauses, settings)


def _question(text: str) -> bool:
    return text.rstrip().endswith("?") and text.strip().lower().startswith(_QUESTION_STARTS)


def _disagree(clauses: list[_Clause], settings: Settings) -> bool:
    # Clauses that clearly disagree: one felt well, another badly.
    if len(clauses) == 1 and settings.mixed > 0:
        return False  # one polarity cannot be both
    scored = [c.polarity for c in clauses if c.scores]
    return bool(scored) and max(scored) >= settings.mixed and min(scored) <= -settings.mixed


def _turns(before: _Clause, after: _Clause, clauses: list[_Clause], settings: Settings) -> bool:
    # "X is ok but ...": a feeling, then "but" and something that is not that feeling;
    # or "I got a flat but the heating doesnt work": something, then "but" and a complaint,
    # when that is the only bad news ("they hit me. staff know but nothing happens": told).
    if before.polarity > 0:
        return not after.scores or after.polarity <= 0
    if before.polarity < 0:
        return not after.scores or after.polarity > 0
    others = (c for c in clauses if c is not after)
    return after.polarity <= -settings.mixed and not any(c.polarity < 0 for c in others)
