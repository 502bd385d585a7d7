"""Session 22: a strong match laughed off in its own sentence, which the learned layer finds
far unlike flagged answers, does not flag (dissent.LAUGH_DISSENT).

The layer must score the answer and the match's sentence under LAUGH_DISSENT (a seventh of
its bias); without a laugh in that sentence the bar stays dissent.DISSENT. A layer at its
usual bias for a short answer (about 0.0014) never clears a laughed-off match, and the
categories the layer may not doubt (self-harm, suicidal thoughts, sexual harm) are never
dissented. Texts written for these tests, not copied from any labelled set.
"""

from __future__ import annotations

import pytest

from tests.coding.screen_fixtures import layer
from voices.coding import dissent
from voices.coding.safeguarding import default_lexicon, screen

FIGHT = "a lad from my street battered me again lol"


def flags(text: str, probability: float) -> bool:
    return screen(text, default_lexicon(), "high", layer(probability)).flag


FAR = dissent.LAUGH_DISSENT / 2  # far unlike, but over dissent.DISSENT


def test_a_laughed_off_match_the_layer_finds_far_unlike_does_not_flag() -> None:
    assert FAR > dissent.DISSENT
    assert screen(FIGHT, default_lexicon(), "high").flag  # the rules alone flag
    assert not flags(FIGHT, FAR)


@pytest.mark.parametrize(
    "text",
    [
        "a lad from my street battered me again",  # no laugh
        "a lad from my street battered me again. lol",  # the laugh in another sentence
    ],
)
def test_near_miss_without_a_laugh_in_its_sentence_it_flags(text: str) -> None:
    assert flags(text, FAR), text


def test_near_miss_a_layer_at_its_bias_leaves_the_flag() -> None:
    assert flags(FIGHT, 0.0014)
    assert flags(FIGHT, dissent.LAUGH_DISSENT * 1.5)


def test_near_miss_categories_the_layer_may_not_doubt_keep_their_flag() -> None:
    assert flags("i cut myself again last night lol", FAR)
