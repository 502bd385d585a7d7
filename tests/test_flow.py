"""Which question comes next: show_if, versions, progress. Pure functions, no web."""

from tests.conftest import TEST_SURVEYS
from voices.definitions import load_catalog
from voices.respond.flow import (
    Stored,
    first_unanswered,
    next_question,
    previous_question,
    progress,
    visible_questions,
)

SURVEY = load_catalog(TEST_SURVEYS).get("all-types")


def ids(questions):
    return [q.id for q in questions]


def test_versions_pick_their_questions():
    assert "older-only" not in ids(visible_questions(SURVEY, "8-11", {}))
    assert "older-only" in ids(visible_questions(SURVEY, "12-17", {}))


def test_show_if_follows_the_earlier_answer():
    assert "foster-ok" not in ids(visible_questions(SURVEY, "8-11", {}))
    foster = {"where-live": Stored({"option": "foster"})}
    assert "foster-ok" in ids(visible_questions(SURVEY, "8-11", foster))
    skipped = {"where-live": Stored(None, skipped=True)}
    assert "foster-ok" not in ids(visible_questions(SURVEY, "8-11", skipped))


def test_next_previous_and_progress():
    answers = {"welcome": Stored({}), "where-live": Stored({"option": "foster"})}
    assert next_question(SURVEY, "8-11", answers, "where-live").id == "foster-ok"
    assert previous_question(SURVEY, "8-11", answers, "foster-ok").id == "where-live"
    assert previous_question(SURVEY, "8-11", answers, "welcome") is None
    assert progress(SURVEY, "8-11", answers, "foster-ok") == (3, 6)
    assert first_unanswered(SURVEY, "8-11", answers).id == "foster-ok"
    assert next_question(SURVEY, "8-11", answers, "anything-else") is None
