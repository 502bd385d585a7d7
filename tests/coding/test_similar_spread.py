"""The learned layer below its threshold: an answer checks when its likeness is spread over
its sentences, none of them like flagged answers alone (session 19).

A concern told indirectly is carried by the story, not by one sentence: each part reads
as ordinary, the whole reads as like the answers people flagged. Made-up words and hand-set
weights, so the tests are about the mechanism, not about English or a trained model.
"""

from __future__ import annotations

import pytest

from voices.coding import similar
from voices.coding.learning import logistic
from voices.coding.safeguarding import screen

MODEL = similar.Model(bias=-2.0, weights={"wug": 0.35, "blorp": 0.35, "snib": 0.35})


def test_a_likeness_spread_over_sentences_checks(one_pattern_lexicon):
    text = "the wug came. the blorp came. the snib came."
    assert MODEL.probability(text) == pytest.approx(logistic(-0.95))
    assert similar.SPREAD <= MODEL.probability(text) < MODEL.threshold
    # No clause or sentence alone comes near: the concentrated reading stays silent.
    assert MODEL.concentrated(text) is None
    signal = screen(text, one_pattern_lexicon, model=MODEL)
    assert signal.flag and not signal.alert
    assert [r.words for r in signal.reasons] == ["wug", "blorp", "snib"]
    assert {r.category for r in signal.reasons} == {similar.CATEGORY}


def test_the_same_words_in_one_sentence_do_not_check(one_pattern_lexicon):
    # Near miss: as likely, but one sentence (commas part clauses, not sentences).
    text = "the wug came, the blorp came, the snib came"
    assert similar.SPREAD <= MODEL.probability(text) < MODEL.threshold
    assert MODEL.check(text) is None
    assert not screen(text, one_pattern_lexicon, model=MODEL).flag


def test_a_spread_answer_below_spread_does_not_check(one_pattern_lexicon):
    # Near miss: two sentences, each less alike than the whole, but the whole under SPREAD.
    text = "the wug came. the blorp came."
    assert similar.CONCENTRATED <= MODEL.probability(text) < similar.SPREAD
    assert not screen(text, one_pattern_lexicon, model=MODEL).flag


def test_a_sentence_as_alike_as_the_whole_is_not_spread():
    # Near miss: the second sentence adds nothing, so the first alone is as alike.
    model = similar.Model(bias=-1.0, weights={"wug": 0.0, "blorp": 0.0})
    text = "the wug came. the blorp came."
    assert not model.spread(text, model.probability(text))
