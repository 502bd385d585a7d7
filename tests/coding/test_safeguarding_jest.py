"""Session 21: a threat to kill laughed off on a condition is a soft check (tier.py "jest").

"carer says shell murder me if i leave my boots in the hall again 😂" is raised only when the
learned layer backs it. Not without the condition or the laugh, not about telling ("he said
hed kill me if i told anyone lol" still alerts), not a plain threat ("he kicks me lol"), not
thoughts of dying. Each is tested with a learned layer that backs nothing and one that backs
everything, so the rule, not the shipped model, is under test. Texts written for these tests.
"""

from __future__ import annotations

import pytest

from voices.coding import similar
from voices.coding.safeguarding import default_lexicon, screen

# At its usual starting point (about 0.0015): backs nothing, and rules nothing out (over
# dissent.LAUGH_DISSENT since session 22: a layer far under it clears a laugh).
UNLIKE = similar.Model(bias=-6.5, weights={})
LIKE = similar.Model(bias=0.0, weights={})  # probability 0.5 for every answer


def flags(text: str, model: similar.Model) -> bool:
    return screen(text, default_lexicon(), "high", model).flag


@pytest.mark.parametrize(
    "text",
    [
        "a boy in my class said hes going to kill me if i sit in his seat again 😂",
        "im gonna kill my sister if she eats my crisps again lol",
    ],
)
def test_a_threat_to_kill_laughed_off_on_a_condition_needs_the_learned_layer(text: str) -> None:
    assert not flags(text, UNLIKE), text
    signal = screen(text, default_lexicon(), "high", LIKE)
    assert signal.flag and not signal.alert, text


@pytest.mark.parametrize(
    "text",
    [
        # The near misses: no condition, no laugh, or the laugh in another sentence.
        "a boy in my class said hes going to kill me lol",
        "a boy in my class said hes going to kill me if i sit in his seat again",
        "a boy in my class said hes going to kill me if i sit in his seat again. lol",
        # About telling: a threat that keeps a child quiet.
        "he said hed kill me if i told anyone lol",
        # Not a threat to kill, or thoughts of dying.
        "he kicks me if i lose lol",
        "ill kill myself if i fail my exams lol",
    ],
)
def test_otherwise_it_stands_alone(text: str) -> None:
    assert flags(text, UNLIKE), text
