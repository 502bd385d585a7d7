"""bench/sentiment_errors.py: the sentiment layer's held-out errors, to read them."""

from __future__ import annotations

import pytest

from bench import folds, sentiment_errors
from voices.coding import sentiment_model
from voices.coding.sentiment_model import Reading

# Made-up words, so the test is about the report, not about English.
EXAMPLES = [
    *((f"the flurb was wibbly {i}", Reading("neutral", 0.0, False), "neutral") for i in range(20)),
    *((f"i hate the rain {i}", Reading("negative", -0.8, False), "negative") for i in range(20)),
]


def test_measuring_only_sets_are_refused_before_they_are_read(monkeypatch):
    # Which sets are measuring-only changes each session (none, between spending and
    # merging): name two, so the refusal is tested whatever golden.py lists.
    monkeypatch.setattr(folds, "MEASURING_ONLY", ("real-ak.jsonl", "probe-an.jsonl"))
    with pytest.raises(SystemExit, match="measuring-only"):
        sentiment_errors.main(["real-ak", "--totals"])
    with pytest.raises(SystemExit, match="measuring-only"):
        sentiment_errors.main(["real-af", "--without", "probe-an"])


def test_the_report_gives_the_confusion_and_each_error_with_the_rules_reading(capsys):
    model = sentiment_model.train(EXAMPLES)
    rows = [
        ("the flurb was wibbly", Reading("neutral", 0.0, False), "neutral"),
        ("i hate the rain", Reading("negative", -0.8, False), "positive"),  # an error
    ]
    sentiment_errors.report("made-up", rows, model, show=True)
    out = capsys.readouterr().out
    assert "made-up: accuracy 0.500 on 2" in out
    assert "[pos->neg rules=neg -0.80 ] i hate the rain" in out
    sentiment_errors.report("made-up", rows, model, show=False)
    assert "i hate the rain" not in capsys.readouterr().out  # --totals: counts only
