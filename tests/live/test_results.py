"""The live tally: counts per option, the 3-answer rule, skips and free text left out."""

from __future__ import annotations

from tests.conftest import TEST_SURVEYS
from voices.definitions import load_catalog
from voices.live.results import (
    THRESHOLD,
    StoredAnswer,
    fingerprint,
    is_closed,
    option_keys,
    results,
    tally,
)

SURVEY = load_catalog(TEST_SURVEYS).get("all-types")


def q(question_id: str):
    return SURVEY.question(question_id)


def test_only_closed_questions_have_results():
    found = results(SURVEY.questions, [])
    assert [r.question.id for r in found] == [
        "where-live",
        "foster-ok",
        "feel-safe",
        "likes",
        "older-only",
    ]
    assert not is_closed(q("anything-else")) and not is_closed(q("welcome"))


def test_option_keys_in_the_order_offered():
    assert option_keys(q("where-live")) == ["foster", "kinship", "home", "other"]
    assert option_keys(q("foster-ok")) == ["1", "2", "3", "4", "5"]
    assert option_keys(q("feel-safe")) == ["yes", "no", "not_sure"]


def test_threshold_is_three_answers():
    assert THRESHOLD == 3
    two = [StoredAnswer("feel-safe", {"value": "yes"})] * 2
    assert not tally(q("feel-safe"), two).shown
    assert tally(q("feel-safe"), two).still_needed == 1
    three = [*two, StoredAnswer("feel-safe", {"value": "no"})]
    result = tally(q("feel-safe"), three)
    assert result.shown and result.answered == 3
    assert result.counts == (("yes", 2), ("no", 1), ("not_sure", 0))


def test_skips_and_empty_values_are_not_answers():
    answers = [
        StoredAnswer("feel-safe", {"value": "yes"}),
        StoredAnswer("feel-safe", {"value": "yes"}),
        StoredAnswer("feel-safe", None, skipped=True),
        StoredAnswer("feel-safe", {"value": "yes"}, skipped=True),  # skipped wins
        StoredAnswer("feel-safe", {}),
        StoredAnswer("feel-safe", {"value": "maybe"}),  # not an offered answer
    ]
    result = tally(q("feel-safe"), answers)
    assert result.answered == 2 and not result.shown


def test_choices_count_people_once_and_each_option():
    answers = [
        StoredAnswer("likes", {"options": ["sport", "music"]}),
        StoredAnswer("likes", {"options": ["music", "other"], "other": "secret words"}),
        StoredAnswer("likes", {"options": ["music"]}),
    ]
    result = tally(q("likes"), answers)
    assert result.answered == 3
    assert dict(result.counts) == {"sport": 1, "music": 3, "games": 0, "other": 1}
    assert "secret words" not in repr(result.counts)


def test_scale_counts():
    answers = [StoredAnswer("foster-ok", {"value": v}) for v in (4, 4, 5)]
    assert dict(tally(q("foster-ok"), answers).counts)["4"] == 2


def test_results_group_by_question():
    answers = [
        StoredAnswer("feel-safe", {"value": "yes"}),
        StoredAnswer("where-live", {"option": "home"}),
    ]
    found = {r.question.id: r for r in results(SURVEY.questions, answers)}
    assert found["feel-safe"].answered == 1 and found["where-live"].answered == 1


def test_fingerprint_changes_with_answers_but_not_hidden_counts():
    one = results(SURVEY.questions, [StoredAnswer("feel-safe", {"value": "yes"})])
    same = results(SURVEY.questions, [StoredAnswer("feel-safe", {"value": "yes"})])
    other = results(SURVEY.questions, [StoredAnswer("feel-safe", {"value": "no"})])
    more = results(SURVEY.questions, [StoredAnswer("feel-safe", {"value": "no"})] * 2)
    assert fingerprint(one) == fingerprint(same)
    assert fingerprint(one) == fingerprint(other)  # hidden: only how many answered shows
    assert fingerprint(one) != fingerprint(more)
