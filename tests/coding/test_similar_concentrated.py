"""The learned layer below its threshold: an answer checks when its likeness sits in one clause.

A long answer's ordinary words pull the whole answer's probability down; when the answer
still reaches similar.CONCENTRATED and one clause read alone does too, the layer asks a
worker to read it (session 18). Made-up words and hand-set weights, so the tests are about
the mechanism, not about English or a trained model.
"""

from __future__ import annotations

import pytest

from voices.coding import similar
from voices.coding.learning import logistic
from voices.coding.safeguarding import screen

MODEL = similar.Model(
    bias=-2.0,
    weights={"glimbo": 1.0, "wug": 0.35, "blorp": 0.35, "snib": 0.35, "park": -0.2, "chips": -0.3},
)


def test_one_clause_like_flagged_answers_checks_a_diluted_answer(one_pattern_lexicon):
    text = "the glimbo came, we went to the park"
    # The whole answer is between CONCENTRATED and the threshold; its first clause is not.
    assert MODEL.probability(text) == pytest.approx(logistic(-1.2))
    assert similar.CONCENTRATED <= MODEL.probability(text) < MODEL.threshold
    assert MODEL.probability("the glimbo came") >= similar.CONCENTRATED
    signal = screen(text, one_pattern_lexicon, model=MODEL)
    assert signal.flag and not signal.alert
    # The reason points into the clause that carried the likeness.
    assert [r.words for r in signal.reasons] == ["glimbo"]
    assert {r.category for r in signal.reasons} == {similar.CATEGORY}


def test_likeness_spread_thinly_over_clauses_does_not_check(one_pattern_lexicon):
    # Near miss: the whole answer is as likely, but no clause alone reaches CONCENTRATED.
    text = "the wug came, the blorp came, the snib came"
    assert similar.CONCENTRATED <= MODEL.probability(text) < MODEL.threshold
    assert all(MODEL.probability(c) < similar.CONCENTRATED for c in text.split(","))
    assert MODEL.check(text) is None
    assert not screen(text, one_pattern_lexicon, model=MODEL).flag


def test_a_strong_clause_in_an_answer_below_concentrated_does_not_check(one_pattern_lexicon):
    # Near miss: the clause is like flagged answers, but the whole answer is too unlike them.
    text = "the glimbo came, we went to the park for chips"
    assert MODEL.probability(text) < similar.CONCENTRATED
    assert not screen(text, one_pattern_lexicon, model=MODEL).flag


def test_a_clause_ends_at_a_turn_as_well_as_at_punctuation():
    text = "we went to the park but the glimbo came"
    start, end = MODEL.concentrated(text) or (0, 0)
    assert text[start:end].strip() == "the glimbo came"
