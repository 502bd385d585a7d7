"""Presenter pace: the order of questions and moving through it, ends included."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_SURVEYS
from voices.definitions import load_catalog
from voices.live.pace import END, position, presenter_sequence, step

SURVEY = load_catalog(TEST_SURVEYS).get("all-types")
IDS = [q.id for q in SURVEY.questions]


def test_sequence_is_every_question_in_order_info_included():
    assert [q.id for q in presenter_sequence(SURVEY)] == IDS
    assert IDS[0] == "welcome" and "older-only" in IDS  # every version's questions


def test_start_next_previous_and_ends():
    seq = presenter_sequence(SURVEY)
    assert step(seq, None, "start") == IDS[0]
    assert step(seq, None, "next") == IDS[0]
    assert step(seq, None, "previous") is None
    assert step(seq, IDS[0], "previous") == IDS[0]
    assert step(seq, IDS[0], "next") == IDS[1]
    assert step(seq, IDS[3], "previous") == IDS[2]
    assert step(seq, IDS[-1], "next") == END  # phones go to "Check your answers"
    assert step(seq, END, "next") == END
    assert step(seq, END, "previous") == IDS[-1]
    assert step(seq, END, "start") == IDS[0]
    assert step(seq, IDS[4], "start") == IDS[0]
    assert step(seq, "gone-from-survey", "next") == IDS[0]
    assert step([], None, "start") is None


def test_unknown_move_is_an_error():
    with pytest.raises(ValueError):
        step(presenter_sequence(SURVEY), None, "sideways")


def test_position():
    seq = presenter_sequence(SURVEY)
    assert position(seq, None) is None
    assert position(seq, IDS[2]) == 3
