"""The tier of one strong match: "alert" (emails a lead) or "check" (a worker reads it).

A match alerts only when every one of these holds; the first that fails makes it a check
and names the cause (soft.py reads the cause to decide whether the check is soft):

- "weak": it is a strong pattern of a category that alerts, not a weaker (`high`) one or
  one of the labelling guide's `checks` (young caring, hardship with a roof).
- "soft_context", then "firm_context": it is not inside a check context (lexicon
  `check_contexts`): the child's own temper ("I break things in my room"), others' taunts,
  harm to someone else (soft: the learned layer must back the check); low mood or illness
  told ("mum can't get out of bed"; firm, `soft: false`: the check stands alone).
- "hyperbole": thoughts of dying are not followed by a laugh ("im going to die lol").
- "jest": it is not a threat to kill laughed off on a condition ("carer says shell murder
  me if i leave my boots in the hall again 😂"; soft: the learned layer must back it),
  unless the sentence is about telling ("hed kill me if i told lol" alerts).
- "over" or "past": it is not told as past and over ("I used to be hurt but I'm safe now"),
  nor, where the lexicon says `past_told: check`, as past and not going on; unless its
  category's past still alerts (`past_alerts`). A safeguarding lead decides what a
  historic disclosure needs.
- "everyday": it is not told of everyday care ("my nan picks me up from school";
  `everyday`), in a category that checks for it (soft since session 18: the learned layer
  must back it).
- "play": its sentence is not about a game, sport or lesson ("gonna shoot me next round";
  `play`), unless the clause names someone who might do harm.
- "one_word": it is more than one word: one word ("homeless", "drugs") is a topic, not a
  telling, where the lexicon says `one_word: check`; except in categories that are never
  negated ("suicidal" and kin).

Last, over the whole answer (`doubted`, session 18): an alert the learned layer finds all
but unlike the answers people flagged (probability under DOUBT, in an answer of at least
DOUBT_WORDS words) is a check, in a category that allows it (lexicon `doubt`: not
self-harm, suicidal thoughts or sexual harm). A lead is emailed for the child's harm, not
for "we got battered 9-1" or "i owe him a lot".
"""

from __future__ import annotations

import functools
import re

from voices.coding.lexicon import Category, Lexicon
from voices.coding.patterns import Pattern

# A clause ends at punctuation or a turn ("but"); a sentence at . ! ? or a new line.
BREAK = re.compile(r"[.,;:!?\n]|\b(?:but|though|although|however)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\n]")
# A laugh after "going to die" makes it a "check": children joke in this register. Only
# there: "my brother kicks me lol" masks harm, so it still alerts.
_HYPERBOLE = frozenset({"suicidal"})
# A threat to kill, on a condition, with a laugh: "shed strangle me if i left my towels on the
# floor again lol" (session 21). Not about telling: "said hed kill me if i told anyone lol".
_KILLING = re.compile(r"\b(?:kill|killing|murder|strangle|throttle)", re.IGNORECASE)
_CONDITION = re.compile(r"\bif\b", re.IGNORECASE)
_TELLING = re.compile(r"\b(?:tell|tells|telling|told|snitch\w*|grass\w*)\b", re.IGNORECASE)
_LAUGH = re.compile(r"\b(?:lol+|lmao+|haha\w*|jk|joking|jokes)\b|😂|🤣", re.IGNORECASE)

Span = tuple[int, int]

# Held out from each author's answers, doubt made checks of 133 of 220 false alerts on the
# 21 real-register sets, and of 15 of 820 true ones (docs/coding.md, session 18).
DOUBT = 0.01
# The layer starts all but sure an answer is no concern (its bias) and needs words to be
# moved: under this many, its low score says "too few words", not "unlike" ("i get beaten
# at home" 0.005, "he wont let me leave the house, i cant get out" 0.007). Short answers
# keep their alerts.
DOUBT_WORDS = 12


def doubted(category: Category, probability: float, words: int) -> bool:
    """Whether an alert becomes a check: the learned layer finds its answer, of at least
    DOUBT_WORDS words, all but unlike flagged ones, and its category allows that doubt
    (lexicon `doubt`). The flag stands either way."""
    return category.doubt and words >= DOUBT_WORDS and probability < DOUBT


class Telling:
    """How one answer tells of its matches: now or over, in play, of care, in a context."""

    def __init__(self, text: str, lexicon: Lexicon, keys: frozenset[str]) -> None:
        self.text = text
        self.lexicon = lexicon
        self.keys = keys

    def tier(self, pattern: Pattern, words: str, start: int, end: int) -> tuple[str, str]:
        """ "alert" for a strong pattern told as now; "check" for anything weaker or over,
        with what made it a check."""
        category = self.lexicon.categories[pattern.category]
        if not (pattern.level == "standard" and pattern.alerts and category.alerts):
            return "check", "weak"
        if any(start < e and s < end for s, e in self._soft_contexts):
            return "check", "soft_context"  # "I break things in my room": the child's own act
        if any(start < e and s < end for s, e in self._firm_contexts):
            return "check", "firm_context"  # "mum can't get out of bed": a worker reads it
        if category.id in _HYPERBOLE and self._laughed_after(end):
            return "check", "hyperbole"  # "im going to die lol": a figure of speech, probably
        if category.doubt and self._jest(words, start, end):
            return "check", "jest"  # "shell murder me if i leave my boots out 😂"
        if not category.past_alerts:
            past = self._told_as_past(start, end)
            if past:
                return "check", past
        if category.everyday and self._everyday(start, end):
            return "check", "everyday"  # "my nan picks me up from school": care
        if self.in_play(category.id, start, end):
            return "check", "play"  # "gonna shoot me next round": a game, probably
        # Last, so a context above is named as the cause. One word alone ("homeless",
        # "drugs") is a topic, not a telling (lexicon one_word); except "suicidal" and kin.
        one_word = " " not in words.strip() and self.lexicon.one_word == "check"
        if one_word and category.negatable:
            return "check", "one_word"
        return "alert", ""

    def weak_cause(self, pattern: Pattern, start: int, end: int) -> str:
        """Why a weak match is a check: "over" when told as past and over (weak_over),
        "laugh" when a weaker (`high`) pattern sits in a sentence with a laugh ("i hate my
        life when the wifi goes down lmao"; a strong one is not laughed off: "he kicks me
        lol" still alerts), else "weak". soft.py makes the first two soft."""
        if self.weak_over(pattern.category, start, end):
            return "over"
        negatable = self.lexicon.categories[pattern.category].negatable
        laughed = pattern.level == "high" and negatable and self.laughed(start, end)
        return "laugh" if laughed else "weak"

    def weak_over(self, category: str, start: int, end: int) -> bool:
        """A weak match told as past and over ("when i was little we lived in a b and b ...
        now we have a house"): soft like a strong one, unless its category's past alerts."""
        past_alerts = self.lexicon.categories[category].past_alerts
        return not past_alerts and self._told_as_past(start, end) == "over"

    def in_play(self, category: str, start: int, end: int) -> bool:
        """The match's sentence is about a game, sport or lesson, and names no one to fear."""
        play = self.lexicon.categories[category].play
        if play is False:
            return False
        sentence = sentence_of(self.text, start, end)
        if not any(p.regex.search(sentence) for p in self.lexicon.play.candidates(self.keys)):
            return False
        # Not when the clause names someone who might do harm: "got hit in the face with a
        # ball in PE", not "my dad hits me at fifa" or "lads said theyll jump me after footy".
        # A category marked `play` is wary of outsiders only ("my friend ... shoot me").
        return not self._names_someone(start, end, outsiders_only=bool(play))

    def _clause(self, start: int, end: int) -> tuple[str, int]:
        """The match's clause, and where the match starts in it."""
        left = max((m.end() for m in BREAK.finditer(self.text, 0, start)), default=0)
        stop = BREAK.search(self.text, end)
        return self.text[left : stop.start() if stop else len(self.text)], start - left

    def _names_someone(self, start: int, end: int, outsiders_only: bool) -> bool:
        clause, at = self._clause(start, end)
        lexicon = self.lexicon
        named = lexicon.everyday_unless.candidates(self.keys)
        if not outsiders_only:
            named += lexicon.everyday_people.candidates(self.keys)
        # The match's own words ("got hit") name no one.
        stop = at + end - start
        return any(
            not (at <= m.start() and m.end() <= stop)
            for p in named
            for m in p.regex.finditer(clause)
        )

    def _everyday(self, start: int, end: int) -> bool:
        """The clause names a carer or family member before the match, and no outsider."""
        clause, at = self._clause(start, end)
        lexicon = self.lexicon
        if any(p.regex.search(clause) for p in lexicon.everyday_unless.candidates(self.keys)):
            return False
        people = lexicon.everyday_people.candidates(self.keys)
        return any(
            _not_possessive(clause, m.end())
            for p in people
            for m in p.regex.finditer(clause, 0, at)
        )

    def _jest(self, words: str, start: int, end: int) -> bool:
        """A threat to kill laughed off on a condition, in a sentence not about telling."""
        if not _KILLING.search(words):
            return False
        sentence = sentence_of(self.text, start, end)
        return bool(
            _CONDITION.search(sentence) and _LAUGH.search(sentence)
        ) and not _TELLING.search(sentence)

    def laughed(self, start: int, end: int) -> bool:
        """A laugh in the match's sentence ("i hate my life when the wifi goes down lmao")."""
        return bool(_LAUGH.search(sentence_of(self.text, start, end)))

    def _laughed_after(self, end: int) -> bool:
        return bool(_LAUGH.search(self.text, end, _sentence_end(self.text, end) + 60))

    def _told_as_past(self, start: int, end: int) -> str:
        """Told as past ("when I lived with my dad I got hit") and as over ("safe now"):
        "over"; or, where the lexicon says `past_told: check`, told as past and not as
        going on: "past" ("he used to hit me and he still does" alerts). Else ""."""
        if self.lexicon.past_told == "check" and _in_the_past(self.text, start, end, self._was):
            if self._goes_on(start):
                return ""
            return "over" if self._resolved(start, end) else "past"
        return "over" if self._resolved(start, end) else ""

    def _resolved(self, start: int, end: int) -> bool:
        if not self._over:
            return False
        then = self.lexicon.then.candidates(self.keys)
        return _resolved(self.text, start, end, self._was + then, self._over)

    def _goes_on(self, start: int) -> bool:
        left = max((m.end() for m in _SENTENCE_END.finditer(self.text, 0, start)), default=0)
        ongoing = self.lexicon.ongoing.candidates(self.keys)
        return any(p.regex.search(self.text, left) for p in ongoing)

    @functools.cached_property
    def _soft_contexts(self) -> list[Span]:
        return self._spans(self.lexicon.soft_contexts.candidates(self.keys))

    @functools.cached_property
    def _firm_contexts(self) -> list[Span]:
        return self._spans(self.lexicon.firm_contexts.candidates(self.keys))

    @functools.cached_property
    def _over(self) -> list[Pattern]:
        # An "over" phrase must be somewhere in the answer for anything to be over.
        return [p for p in self.lexicon.over.candidates(self.keys) if p.regex.search(self.text)]

    @functools.cached_property
    def _was(self) -> list[Pattern]:
        return self.lexicon.was.candidates(self.keys)

    def _spans(self, patterns: list[Pattern]) -> list[Span]:
        return [m.span() for p in patterns for m in p.regex.finditer(self.text)]


def _not_possessive(text: str, end: int) -> bool:
    """ "my nan" in "my nan picks me up", not in "my nan's lodger"."""
    return not re.match(r"['\u2019]?s\b", text[end : end + 3])


def _sentence_end(text: str, end: int) -> int:
    found = _SENTENCE_END.search(text, end)
    return found.start() if found else len(text)


def _resolved(text: str, start: int, end: int, was: list[Pattern], over: list[Pattern]) -> bool:
    """Told as past ("when I lived with my dad I got hit") and as over ("that's over now").

    The past is read in the trigger's whole sentence, since children tell a story in one
    run ("when I lived with mummy there wasn't food and I looked after my brother"); the
    "over" anywhere after the trigger.
    """
    if not _in_the_past(text, start, end, was):
        return False
    return any(p.regex.search(text, end) for p in over)


def _in_the_past(text: str, start: int, end: int, was: list[Pattern]) -> bool:
    """A past phrase ("used to", "when I was", "at my last home") in the trigger's sentence."""
    sentence = sentence_of(text, start, end)
    return any(p.regex.search(sentence) for p in was)


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end]: from the last . ! ? or new line before it to the
    next."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    return text[left : right.start() if right else len(text)]
