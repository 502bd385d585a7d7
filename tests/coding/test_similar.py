"""The learned safeguarding layer: trained on labelled answers, shipped as weights."""

from __future__ import annotations

import json

import pytest

from tests.coding.golden import MEASURING_ONLY
from tests.test_cli import voices
from voices import paths
from voices.coding import similar
from voices.coding.safeguarding import screen

DATA = paths.CODING_DATA
# The measuring sets: never trained on (docs/coding-dataset.md, "Files").
HELD_OUT = frozenset(MEASURING_ONLY)  # listed once, in golden.py

# Made-up words, so the test is about the mechanism, not about English.
EXAMPLES = [(f"the glimbo came round zorp night {i}", True) for i in range(30)] + [
    (f"we went to the park on day {i}", False) for i in range(60)
]


def test_an_answer_like_flagged_ones_flags_at_high_with_the_words_that_weighed(one_pattern_lexicon):
    model = similar.train(EXAMPLES)
    text = "last week the glimbo came round again"
    signal = screen(text, one_pattern_lexicon, model=model)
    assert signal.flag
    assert {r.category for r in signal.reasons} == {similar.CATEGORY}
    assert {r.level for r in signal.reasons} == {"high"}
    # The learned layer never emails a lead: it only asks a worker to read.
    assert {r.tier for r in signal.reasons} == {"check"} and not signal.alert
    assert "glimbo" in {r.words for r in signal.reasons}
    for reason in signal.reasons:
        assert text[reason.start : reason.end] == reason.words
    assert not screen(text, one_pattern_lexicon, sensitivity="standard", model=model).flag
    assert not screen(text, one_pattern_lexicon).flag  # no model given, no learned layer


def test_an_answer_unlike_flagged_ones_does_not_flag(one_pattern_lexicon):
    model = similar.train(EXAMPLES)
    assert model.probability("we went to the park") < model.threshold
    assert not screen("we went to the park", one_pattern_lexicon, model=model).flag


def test_a_pattern_speaks_before_the_learned_layer(one_pattern_lexicon):
    model = similar.train(EXAMPLES)
    reasons = screen("the glimbo hits me", one_pattern_lexicon, model=model).reasons
    assert [r.category for r in reasons] == ["abuse"]


def test_training_is_deterministic_and_survives_a_round_trip_through_json():
    first, second = similar.train(EXAMPLES), similar.train(EXAMPLES)
    assert first.to_json() == second.to_json()
    again = similar.from_json(json.loads(json.dumps(first.to_json())))
    for text in ("the glimbo came", "a day at the park"):
        assert again.probability(text) == pytest.approx(first.probability(text), abs=1e-4)


def test_the_shipped_model_is_the_one_the_labelled_files_give():
    shipped = json.loads((paths.SURVEYS / "safeguarding" / "model.json").read_text("utf-8"))
    files = shipped["trained_on"]
    assert not set(files) & HELD_OUT
    examples = [
        (row["text"], row["safeguarding"])
        for name in files
        for row in map(json.loads, (DATA / name).read_text("utf-8").splitlines())
    ]
    assert similar.train(examples, tuple(files)).to_json() == shipped, (
        "surveys/safeguarding/model.json is stale: run `make coding-models`"
    )


@pytest.mark.parametrize(
    "text", ["I feel safe", "i love my foster carers", "idk", "my brother beats me at fifa lol"]
)
def test_the_shipped_screen_leaves_ordinary_answers_alone(text: str) -> None:
    assert not screen(text).flag, screen(text)


def test_the_train_command_writes_a_model_and_refuses_one_sided_data(tmp_path):
    good = tmp_path / "labelled.jsonl"
    good.write_text("".join(json.dumps({"text": t, "safeguarding": f}) + "\n" for t, f in EXAMPLES))
    out = tmp_path / "model.json"
    result = voices("safeguarding", "train", str(good), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "90 answers (30 flagged)" in result.stdout
    assert similar.load(out).probability("the glimbo came round") > 0.5

    one_sided = tmp_path / "one-sided.jsonl"
    one_sided.write_text(json.dumps({"text": "hello", "safeguarding": False}) + "\n")
    result = voices("safeguarding", "train", str(one_sided), "--output", str(out))
    assert result.returncode == 2
    assert "needs answers labelled both true and false (found 0 true of 1)" in result.stderr
