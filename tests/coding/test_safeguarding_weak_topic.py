"""Session 22: a flag made only of weaker patterns' single words, in a short answer the learned
layer finds far unlike flagged ones, does not flag (dissent.topic_dissented).

One weak word alone ("scared") is a topic like a strong one-word match: when the layer scores
the answer and the word's sentence under dissent.TOPIC_DISSENT, in an answer of at most
dissent.TOPIC_WORDS words, the flag falls. Not a weak match of several words, not a longer
answer, not a layer at its usual bias, never a category the layer may not doubt (thoughts of
dying). Texts written for these tests, not copied from any labelled set.
"""

from __future__ import annotations

import pytest

from tests.coding.screen_fixtures import layer
from voices.coding import dissent
from voices.coding.safeguarding import default_lexicon, screen

SCARED = "i felt scared at night"
FAR = dissent.TOPIC_DISSENT / 2


def flags(text: str, probability: float) -> bool:
    return screen(text, default_lexicon(), "high", layer(probability)).flag


def test_a_weak_word_alone_the_layer_finds_far_unlike_does_not_flag() -> None:
    assert screen(SCARED, default_lexicon(), "high").flag  # the rules alone flag
    signal = screen(SCARED, default_lexicon(), "high", layer(FAR))
    assert not signal.flag and signal.unbacked  # the sentiment reader still hears it


def test_near_miss_a_layer_over_the_cut_leaves_the_flag() -> None:
    assert flags(SCARED, dissent.TOPIC_DISSENT * 2)


def test_near_miss_a_weak_match_of_several_words_stands() -> None:
    assert flags("we have no money", FAR)


def test_near_miss_a_longer_answer_stands() -> None:
    filler = " and then we went to the shop" * 6
    text = SCARED + filler
    assert len(text.split()) > dissent.TOPIC_WORDS
    assert flags(text, FAR)


@pytest.mark.parametrize("text", ["sometimes i feel like disappearing"])
def test_near_miss_a_category_the_layer_may_not_doubt_stands(text: str) -> None:
    assert flags(text, FAR), text
