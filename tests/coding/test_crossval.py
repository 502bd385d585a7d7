"""Cross-validation of reviewed examples: deterministic folds and honest before/after figures."""

from __future__ import annotations

import pytest

from tests.review.reviewed import school_text, zorbs_text
from voices.coding.crossval import (
    LEAVE_ONE_OUT_BELOW,
    Agreement,
    Example,
    agreement,
    cross_validate,
    folds,
    format_measures,
    measures,
)
from voices.review.coding import shipped_coder


def test_folds_hold_every_item_out_exactly_once_and_are_deterministic():
    held = folds(50)
    assert len(held) == 5
    assert sorted(i for fold in held for i in fold) == list(range(50))
    assert held == folds(50)
    assert held[0][:3] == [0, 5, 10]  # item i in fold i % 5: early and late reviews mixed


def test_few_items_are_left_out_one_at_a_time():
    held = folds(LEAVE_ONE_OUT_BELOW - 1)
    assert held == [[i] for i in range(LEAVE_ONE_OUT_BELOW - 1)]
    with pytest.raises(ValueError):
        folds(1)


def test_agreement_counts_suggestions_accepted_and_themes_found():
    truth = [frozenset({"a"}), frozenset({"a", "b"}), frozenset()]
    predicted = [frozenset({"a", "c"}), frozenset({"b"}), frozenset({"c"})]
    found = agreement(truth, predicted)
    assert found == Agreement(items=3, suggested=4, accepted=2, reviewed=3)
    assert found.precision == 0.5 and found.recall == pytest.approx(2 / 3)
    assert found.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert Agreement(0, 0, 0, 0).as_json()["precision"] == 0.0


def _examples(count: int) -> list[Example]:
    return [
        Example(i + 1, zorbs_text(i), frozenset({"active"}))
        if i % 2 == 0
        else Example(i + 1, school_text(i), frozenset({"achieving"}))
        for i in range(count)
    ]


@pytest.mark.parametrize("count", [24, 50])
def test_learning_a_word_the_lexicon_does_not_know_shows_in_the_after_figures(count):
    base, _ = shipped_coder("shanarri")
    before, after, fold_count = cross_validate(base, _examples(count))
    assert fold_count == (count if count < LEAVE_ONE_OUT_BELOW else 5)
    assert before.recall == pytest.approx(0.5)  # the lexicon finds school, not zorbs
    assert after.recall == 1.0 and after.precision == 1.0
    figures = measures(before, after, fold_count)
    assert figures["items"] == count and figures["after"]["accepted"] == count
    table = format_measures(figures, "shanarri")
    assert "suggestions accepted" in table and "reviewed themes found (recall)" in table


def test_a_held_out_item_is_never_scored_by_a_model_that_learned_it():
    # One zorbs answer alone: no other fold teaches the word, so it stays unfound after.
    examples = _examples(24)
    examples = [e for e in examples if "zorbs" not in e.text][:20] + examples[:1]
    base, _ = shipped_coder("shanarri")
    _, after, _ = cross_validate(base, examples)
    assert after.reviewed - after.accepted == 1
