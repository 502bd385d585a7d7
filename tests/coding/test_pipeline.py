"""The whole coding of one answer, in the shape `voices code` writes."""

from __future__ import annotations

import json

import pytest

from voices.coding.pipeline import Coder, coder_for


@pytest.fixture(scope="module")
def coder() -> Coder:
    return coder_for("promise")


def test_coding_has_themes_evidence_sentiment_and_safeguarding(coder):
    coding = coder.code("my sw keeps changing and nobody tells me anything")
    assert "people" in coding.themes
    assert set(coding.scores) == set(coding.themes) == set(coding.evidence)
    assert coding.sentiment.label in {"positive", "negative", "mixed", "neutral"}
    assert coding.safeguarding.flag is False


def test_to_json_matches_the_agreed_shape(coder):
    text = "I don't feel safe at home, he hits me"
    data = coder.code(text).to_json("a-1")
    assert set(data) == {"id", "themes", "scores", "evidence", "sentiment", "safeguarding"}
    assert data["id"] == "a-1"
    assert set(data["sentiment"]) == {"label", "polarity"}
    assert data["safeguarding"]["flag"] is True
    for spans in data["evidence"].values():
        for start, end, words in spans:
            assert text[start:end] == words
    json.dumps(data)  # plain JSON all the way down


def test_no_theme_means_empty_lists(coder):
    data = coder.code("idk").to_json(7)
    assert data["themes"] == [] and data["scores"] == {} and data["evidence"] == {}


def test_unknown_framework_names_the_known_ones():
    with pytest.raises(KeyError) as caught:
        coder_for("nope")
    assert "unknown framework 'nope'" in str(caught.value)
    assert "shanarri" in str(caught.value)


def test_examples_are_theme_ids_without_prefix():
    coder = coder_for("shanarri", examples=[("i love rugby", ["active"])] * 3)
    assert coder.classifier is not None
    assert coder.framework.id == "shanarri"
    assert "active" in coder.code("rugby on sundays").themes


def test_the_screen_reads_the_answer_in_its_own_language_or_says_it_cannot() -> None:
    coder = coder_for("shanarri")
    polish = coder.code("Ojczym mnie bije", "pl").to_json(1)["safeguarding"]
    assert polish["screened"] and polish["alert"] and polish["flag"]
    assert polish["reasons"][0]["tier"] == "alert"
    russian = coder.code("Отчим бьёт меня каждый день").to_json(2)["safeguarding"]
    assert russian == {"flag": False, "alert": False, "screened": False, "reasons": []}


def test_a_past_story_told_as_over_is_a_check_in_the_output() -> None:
    # Still open (a first telling): settled, it is a check only if the learned layer backs it.
    text = "when i lived with my dad i got hit but thats over now, i never told anyone that"
    guard = coder_for("shanarri").code(text).to_json(1)["safeguarding"]
    assert guard["flag"] and not guard["alert"]
    assert {r["tier"] for r in guard["reasons"]} == {"check"}
