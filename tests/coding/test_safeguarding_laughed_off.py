"""Session 18: two more kinds of soft check (soft.py), found on a fresh author's false flags.

- A weaker (`high`) pattern or a near rule in a sentence with a laugh is laughed off: it is
  raised only when the learned layer backs it. A strong pattern is not ("he kicks me lol"
  still alerts: children laugh off real harm), nor thoughts of dying or self-harm (never
  negated, never laughed off), nor a laugh in another sentence.
- A strong match made a check by everyday care (a carer or family member named before it,
  no outsider: "my keyworker is gonna kill me, lost my bus pass") is soft too.

Each is tested with a learned layer that backs nothing and one that backs everything, so the
rule, not the shipped model, is under test. Texts written for these tests.
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
        "my cousin got arrested on saturday haha",  # a weak pattern
        "me and my brother always batter each other lol",  # a near rule
        "my sister always slaps my arm when we watch telly 😂",
    ],
)
def test_a_weak_signal_laughed_off_needs_the_learned_layer(text: str) -> None:
    assert not flags(text, UNLIKE)
    assert flags(text, LIKE)


@pytest.mark.parametrize(
    "text",
    [
        # The near miss: the same words with no laugh, or the laugh in another sentence.
        "my cousin got arrested on saturday",
        "my cousin got arrested on saturday. lol",
        "me and my brother always batter each other",
        # Thoughts of dying are never laughed off; a strong pattern is not either.
        "i hate my life lol",
        "he kicks me lol",
        "my big sister pushed me in the pool lol",
    ],
)
def test_a_strong_signal_or_no_laugh_stands_alone(text: str) -> None:
    assert flags(text, UNLIKE), text


def test_a_strong_signal_laughed_off_still_alerts() -> None:
    assert screen("he kicks me lol", default_lexicon(), "high", UNLIKE).alert


@pytest.mark.parametrize(
    "text",
    [
        "my keyworker is gonna kill me, lost my bus pass again",
        "my nan is going to kill me, i lost my new coat",
    ],
)
def test_everyday_care_is_a_soft_check(text: str) -> None:
    assert not flags(text, UNLIKE)
    signal = screen(text, default_lexicon(), "high", LIKE)
    assert signal.flag and not signal.alert


def test_an_outsider_is_not_everyday_care() -> None:
    # The near miss: an outsider named, not a carer: an alert, backed or not.
    assert screen("a man said hes going to kill me, i lost his bag", default_lexicon()).alert
    assert screen("a man said hes going to kill me", default_lexicon(), "high", UNLIKE).alert
