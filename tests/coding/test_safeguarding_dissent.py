"""A strong pattern's match the learned layer all but rules out does not flag (dissent.py).

The layer must score both the whole answer and the match's sentence under
dissent.DISSENT, far below its starting point; weaker patterns of several words (one word
alone: test_safeguarding_weak_topic.py), near rules and the categories the layer may not
doubt (self-harm, suicidal thoughts, sexual harm) are never dissented. Texts written for
these tests, not copied from any labelled set.
"""

from __future__ import annotations

import pytest

from tests.coding.screen_fixtures import layer
from voices.coding import dissent
from voices.coding.lexicon import Category
from voices.coding.safeguarding import default_lexicon, screen

LESSON = "watched a thing about county lines in pshe, proper grim"
SOFA = "i used to sofa surf when i left care"


@pytest.mark.parametrize("text", [LESSON, SOFA, "my mate got homeless"])
def test_a_strong_match_the_layer_rules_out_does_not_flag(text: str) -> None:
    lexicon = default_lexicon()
    assert screen(text, lexicon, "high").flag  # the rules alone flag
    signal = screen(text, lexicon, "high", layer(dissent.DISSENT / 2))
    assert not signal.flag and not signal.reasons
    assert signal.unbacked  # the sentiment reader still hears the words


@pytest.mark.parametrize("text", [LESSON, SOFA])
def test_near_miss_a_layer_just_over_dissent_leaves_the_flag(text: str) -> None:
    assert screen(text, default_lexicon(), "high", layer(dissent.DISSENT * 2)).flag


def test_the_matchs_own_sentence_must_be_ruled_out_too() -> None:
    # "football" pulls any text it is in far down; the answer scores under DISSENT.
    model = layer(1e-3, {"football": -6.0})
    lexicon = default_lexicon()
    assert not screen(SOFA + ", football was my escape", lexicon, "high", model).flag
    # Near miss: "football" in another sentence does not speak for the match's own.
    assert screen(SOFA + ". football was my escape", lexicon, "high", model).flag


@pytest.mark.parametrize(
    "text",
    [
        "we have no money at home",  # a weaker (`high`) pattern of two words
        "some nights i want to kill myself",  # a category the layer may not doubt
    ],
)
def test_weak_patterns_and_undoubted_categories_are_never_dissented(text: str) -> None:
    assert screen(text, default_lexicon(), "high", layer(1e-9)).flag, text


def test_without_a_layer_nothing_is_dissented() -> None:
    assert screen(LESSON, default_lexicon(), "standard").flag


DRUGS = "my mum was on drugs years ago, shes clean now"  # strong "on drugs", weak "drugs"


def test_a_weak_match_on_the_strong_matchs_own_words_falls_with_it() -> None:
    lexicon = default_lexicon()
    reasons = screen(DRUGS, lexicon, "high").reasons
    assert any(r.level == "high" for r in reasons)  # the weak "drugs" is there
    assert not screen(DRUGS, lexicon, "high", layer(dissent.DISSENT / 2)).flag


def test_near_miss_a_weak_match_on_other_words_keeps_the_flag() -> None:
    text = DRUGS + " and i feel scared at night"  # weak "scared", on no strong match
    assert screen(text, default_lexicon(), "high", layer(dissent.DISSENT / 2)).flag


def _categories(doubt: bool) -> dict[str, Category]:
    return {
        "strong": Category("strong", "Strong", negatable=True),
        "weak": Category("weak", "Weak", negatable=True, doubt=doubt),
    }


@pytest.mark.parametrize(
    ("weak", "expected"),
    [
        (("weak", 3, 8), True),  # inside the strong match's words
        (("weak", 8, 12), True),  # overlapping its last word
        (("weak", 10, 14), False),  # near miss: right after it, on words of its own
    ],
)
def test_a_weak_match_falls_only_when_it_lies_on_the_strong_words(
    weak: dissent.Key, expected: bool
) -> None:
    strong = ("strong", 0, 10)
    result = dissent.dissented(
        [strong, weak], {strong}, _categories(True), lambda: 0.0, lambda s, e: 0.0
    )
    assert result is expected


def test_a_weak_match_the_layer_may_not_doubt_never_falls() -> None:
    strong = ("strong", 0, 10)
    keys = [strong, ("weak", 3, 8)]
    assert not dissent.dissented(keys, {strong}, _categories(False), lambda: 0.0, lambda s, e: 0.0)


TOPIC = "my mum is an addict"  # "addict": a strong pattern's one word alone, a topic


def test_a_topic_the_layer_all_but_rules_out_does_not_flag() -> None:
    between = layer((dissent.DISSENT + dissent.TOPIC_DISSENT) / 2)
    assert not screen(TOPIC, default_lexicon(), "high", between).flag


def test_near_miss_a_topic_just_over_topic_dissent_keeps_the_flag() -> None:
    assert screen(TOPIC, default_lexicon(), "high", layer(dissent.TOPIC_DISSENT * 2)).flag


def test_near_miss_a_telling_of_more_words_needs_the_lower_cut() -> None:
    between = layer((dissent.DISSENT + dissent.TOPIC_DISSENT) / 2)
    assert screen(SOFA, default_lexicon(), "high", between).flag  # "sofa surf": not a topic
