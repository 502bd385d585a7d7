"""Spelling variants children write meet the plain word, in the tokenizer and in the
learned layers' features (docs/coding.md, "Session 19: ... (branch features19)")."""

from __future__ import annotations

import pytest

from voices.coding import similar
from voices.coding.safeguarding import screen
from voices.coding.text import tokenize


def norms(text: str) -> list[str]:
    return [t.norm for t in tokenize(text)]


@pytest.mark.parametrize(
    ("written", "meant"),
    [("goin", "going"), ("screamin", "screaming"), ("somethin", "something"), ("cryin", "crying")],
)
def test_a_dropped_g_is_restored(written: str, meant: str) -> None:
    assert norms(written) == [meant]


@pytest.mark.parametrize("word", ["begin", "cousin", "within", "cabin", "skin", "again", "in"])
def test_words_that_end_in_in_stay(word: str) -> None:
    assert norms(word) == [word]


def test_a_stretched_word_is_squeezed_to_the_word_it_makes() -> None:
    # Two letters kept inside a word unless only one makes a word.
    assert norms("pleeease gooood sooo") == ["please", "good", "so"]


def test_amounts_are_not_squeezed_like_stretched_letters() -> None:
    assert norms("it cost 2000 quid") == ["it", "cost", "2000", "pounds"]


def test_tokens_still_point_at_the_words_as_written() -> None:
    text = "im goin out wiv my mates, screamin"
    for token in tokenize(text):
        assert text[token.start : token.end] == token.text


def test_the_learned_layer_reads_variants_as_the_plain_word() -> None:
    assert similar.features("goin out wiv him") == similar.features("going out with him")
    assert {"with", "going", "so"} <= similar.features("goin wiv me sooo")


# Made-up flagged words beside a real one, so the test is about the mechanism.
EXAMPLES = [(f"the glimbo keeps following me {i}", True) for i in range(30)] + [
    (f"we went to the park on day {i}", False) for i in range(60)
]


def test_a_variant_weighs_as_its_word_and_the_reason_points_at_what_was_written(
    one_pattern_lexicon,
) -> None:
    model = similar.train(EXAMPLES)
    text = "the glimbo keeps followin me"
    assert model.probability(text) == pytest.approx(
        model.probability("the glimbo keeps following me")
    )
    signal = screen(text, one_pattern_lexicon, model=model)
    assert signal.flag
    assert "followin" in {r.words for r in signal.reasons}
    for reason in signal.reasons:
        assert text[reason.start : reason.end] == reason.words
