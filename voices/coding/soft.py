"""Soft checks: the checks a context explains, which the learned layer must back.

A check whose every reason is soft is raised only when the learned layer (similar.py) gives
the answer at least CORROBORATE; otherwise the screen's near rules get their turn, never on
the words just set aside. Soft are:

- a strong match made a check by a soft check context (the child's own temper: lexicon
  `check_contexts`, not marked `soft: false`), by a game, sport or lesson (`play`), or by
  everyday care (a carer named before it: "my keyworker is gonna kill me, lost my bus pass";
  session 18);
- a threat to kill laughed off on a condition ("shell murder me if i leave my boots out 😂";
  session 21);
- a past told as over and settled (no `resolved.unsettled` phrase in the answer: no first
  telling, no one still seen, nothing recent, no adult who did not act), for a weak match as
  for a strong one ("when i was little we lived in a b and b ... now we have a house");
- a weaker (`high`) pattern or a near rule in a sentence with a laugh, in a category that
  can be negated ("my cousin got arrested on saturday haha"; session 18);
- a weak match on a soft match's words.

Not soft: a firm check context ("mum can't get out of bed"); a laugh after thoughts of dying
("i want to die lol" may be played down, and "i hate my life lol" too); one weak word alone
(the layer missed real concerns told in one word); a past not said to be over; a strong
pattern with a laugh ("he kicks me lol": children laugh off real harm).
"""

from __future__ import annotations

from collections.abc import Callable

from voices.coding.lexicon import Lexicon

# Chosen across authors (docs/coding.md, session 13): 0.02-0.2 cut alike.
CORROBORATE = 0.05
_CAUSES = frozenset({"soft_context", "play", "laugh", "everyday", "jest"})  # tier.py names them

Key = tuple[str, int, int]  # category, start, end


def explained(why: str, start: int, end: int, soft: set[Key], settled: bool) -> bool:
    """Whether the cause `tier.Telling.tier` gave makes a check soft."""
    if why == "weak":  # on a soft strong match's words: "she used to hit" in "hit us"
        return any(s < end and start < e for _, s, e in soft)
    return why in _CAUSES or why == "over" and settled


def settled(text: str, lexicon: Lexicon, keys: frozenset[str]) -> bool:
    """No phrase that keeps a past told as over open ("never told anyone", "still see him")."""
    return not any(p.regex.search(text) for p in lexicon.unsettled.candidates(keys))


def corroborated(reasons: dict, soft: set[Key], score: Callable[[], float]) -> bool:
    """Whether the learned layer backs a check made only of soft reasons. `score` gives the
    layer's probability for the answer; it is only asked when every reason is soft."""
    return any(key not in soft for key in reasons) or score() >= CORROBORATE


def overlaps(span: tuple[int, int], keys: list[Key]) -> bool:
    return any(s < span[1] and span[0] < e for _, s, e in keys)
