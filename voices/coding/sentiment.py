"""Sentiment of a child's answer: positive, negative, mixed or neutral, with a polarity.

Built on TextBlob's sentiment lexicon (PatternAnalyzer, which needs no downloaded corpora)
and corrected for what it misses in this field, from surveys/coding/sentiment.yaml
(sentiment_lexicon.py): field words and phrases ("moved again", "no one tells me",
"bullied"), negation ("dont like", and a bare "never" or "nobody", which is usually a
complaint), emoji and text-speak (through voices.coding.text), safeguarding signals (a
disclosure is never neutral), and clauses: an answer whose clauses clearly disagree, or
that turns on "but" from a feeling to something else ("my sw is nice but she never
calls"), is mixed. The learned layer (sentiment_model.py) then re-judges the label.

Each clause's words are scored in sentiment_words.py; here the clauses are weighed (by time
and voice) and the whole answer judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from voices.coding import safeguarding, sentiment_model
from voices.coding import text as words
from voices.coding.sentiment_lexicon import (
    SentimentLexicon,
    Settings,
    default_lexicon,
    load_lexicon,
)
from voices.coding.sentiment_turn import NOW, PAST, around_but, split_at, turn
from voices.coding.sentiment_words import Score, score_words

__all__ = ["Sentiment", "SentimentLexicon", "analyse", "default_lexicon", "load_lexicon"]

_QUESTION_STARTS = ("can", "could", "what", "why", "when", "how", "is", "do", "will", "who")
# Someone else's words ("my sw said its fine") are not the child's own feeling.
_REPORTED = re.compile(r"\b(\w+)\s+(?:says|said|tells me|told me|reckons|promised)\b")
_OWN_VOICE = frozenset({"i", "i've", "ive", "id", "i'd", "we", "you"})


@dataclass(frozen=True)
class Sentiment:
    label: str  # "positive" | "negative" | "mixed" | "neutral"
    polarity: float  # -1.0 .. 1.0
    clauses: tuple[tuple[int, int, float], ...] = ()  # (start, end, polarity) per clause
    got_through: bool = False  # a hard past, then a present that is not bad (_got_through)
    around_but: str = ""  # the feeling before and after the last "but" (sentiment_turn)


@dataclass
class _Clause:
    start: int
    end: int
    contrast: bool  # starts with "but", "although"...
    tokens: list[words.Token]
    scores: list[Score] = field(default_factory=list)  # (polarity, weight)
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


def _mean(scores: list[Score]) -> float:
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
    """Our words and phrases first; TextBlob scores whatever is left (sentiment_words.py)."""
    scores, bare = score_words(clause.tokens, lexicon)
    clause.scores += scores
    clause.scores += bare
    clause.bare = bool(bare)
    if "!" in text[clause.start : clause.end + 1] and not any(p < 0 for p, _ in clause.scores):
        clause.scores.append((lexicon.settings.exclaim, 1.0))  # "we won!!": children shout for joy


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
