"""The learned layer of sentiment: the rules' reading, corrected by labelled answers."""

from __future__ import annotations

import json

import pytest

from tests.coding.test_similar import DATA, HELD_OUT
from tests.test_cli import voices
from voices import paths
from voices.coding import sentiment_model
from voices.coding.safeguarding import screen
from voices.coding.sentiment import analyse
from voices.coding.sentiment_model import Reading

# Made-up words, so the test is about the mechanism, not about English.
EXAMPLES = [
    *(
        (f"the flurb was wibbly {i}", Reading("negative", -0.3, False), "neutral")
        for i in range(30)
    ),
    *((f"i hate the rain {i}", Reading("negative", -0.8, False), "negative") for i in range(30)),
    *((f"i love the sun {i}", Reading("positive", 0.8, False), "positive") for i in range(30)),
    *((f"sun good but rain bad {i}", Reading("mixed", 0.0, False), "mixed") for i in range(30)),
]


def test_the_layer_learns_what_people_call_neutral_and_keeps_what_the_rules_get_right():
    model = sentiment_model.train(EXAMPLES)
    assert model.label("the flurb was wibbly", Reading("negative", -0.3, False)) == "neutral"
    assert model.label("i hate the rain", Reading("negative", -0.8, False)) == "negative"
    assert model.label("sun good but rain bad", Reading("mixed", 0.0, False)) == "mixed"
    again = sentiment_model.from_json(json.loads(json.dumps(model.to_json())))
    assert again.label("the flurb was wibbly", Reading("negative", -0.3, False)) == "neutral"


def test_the_four_labels_are_one_regression_trained_the_same_way_every_time():
    model = sentiment_model.train(EXAMPLES)
    assert sentiment_model.train(list(EXAMPLES)).to_json() == model.to_json()  # fixed seed
    # Softmax: the labels share each feature's pull (its four weights sum to zero), where
    # four one-against-the-rest regressions would each fit it alone.
    assert model.weights
    assert all(abs(sum(row)) < 1e-9 for row in model.weights.values())


def test_the_shipped_model_is_the_one_the_labelled_files_give():
    shipped = json.loads((paths.SURVEYS / "coding" / "sentiment-model.json").read_text("utf-8"))
    files = shipped["trained_on"]
    assert not set(files) & HELD_OUT
    examples = []
    for name in files:
        for row in map(json.loads, (DATA / name).read_text("utf-8").splitlines()):
            rules = analyse(row["text"], learned=False)
            flagged = screen(row["text"]).flag
            reading = Reading(
                rules.label, rules.polarity, flagged, rules.got_through, rules.around_but
            )
            examples.append((row["text"], reading, row["sentiment"]))
    assert sentiment_model.train(examples, tuple(files)).to_json() == shipped, (
        "surveys/coding/sentiment-model.json is stale: run `make coding-models`"
    )


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I am not safe", "negative"),  # a strong feeling the layer may not erase
        ("I don't feel safe", "negative"),
        ("i love my carers", "positive"),
        ("school is ok but i get bullied", "mixed"),
        ("ok", "neutral"),
    ],
)
def test_the_shipped_reader_still_reads_plain_feelings(text: str, label: str) -> None:
    assert analyse(text).label == label


def test_the_train_command_needs_every_label(tmp_path):
    path = tmp_path / "labelled.jsonl"
    path.write_text(json.dumps({"text": "i love it", "sentiment": "positive"}) + "\n")
    result = voices("sentiment", "train", str(path), "--output", str(tmp_path / "m.json"))
    assert result.returncode == 2
    assert "needs answers of every label (none are mixed, negative, neutral)" in result.stderr


def _plain_label(model: sentiment_model.Model, text: str, reading: Reading) -> str:
    """The layer as defined: each label's bias plus its weights over features(text, reading)."""
    found = sentiment_model.features(text, reading)
    scores = [
        bias + sum(model.weights.get(f, (0.0,) * 4)[i] * value for f, value in found.items())
        for i, bias in enumerate(model.bias)
    ]
    return sentiment_model.LABELS[max(range(len(scores)), key=scores.__getitem__)]


def test_label_gives_the_labels_the_plain_definition_gives():
    # label() sums weight x value over features(text, reading) in its own loop; it must give
    # what the definition written out above gives, should it be made faster again. Every
    # labelled answer, with the reading the rules give it.
    model = sentiment_model.default_model()
    assert model is not None
    checked = 0
    for path in sorted(DATA.glob("*.jsonl")):
        if path.name in HELD_OUT:
            continue  # measuring only: the coordinator alone runs them
        for line in path.read_text("utf-8").splitlines():
            text = json.loads(line)["text"]
            rules = analyse(text, learned=False)
            reading = Reading(
                rules.label, rules.polarity, screen(text).flag, rules.got_through, rules.around_but
            )
            assert model.label(text, reading) == _plain_label(model, text, reading), text
            checked += 1
    assert checked > 2000


@pytest.mark.parametrize("flagged", [False, True])
@pytest.mark.parametrize("text", ["i got flagged by the school", "he hits me", "flagged"])
def test_label_scores_exactly_the_features_it_was_trained_on(text: str, flagged: bool) -> None:
    # The answer's word "flagged" and the screen's flag are one feature, counted once.
    model = sentiment_model.default_model()
    assert model is not None
    for label in sentiment_model.LABELS:
        for polarity in (-0.6, -0.1, 0.0, 0.3, 0.6):
            reading = Reading(label, polarity, flagged)
            found = sentiment_model.features(text, reading)
            scores = [
                bias + sum(model.weights.get(f, (0.0,) * 4)[i] * v for f, v in found.items())
                for i, bias in enumerate(model.bias)
            ]
            best = sentiment_model.LABELS[scores.index(max(scores))]
            assert model.label(text, reading) == best
