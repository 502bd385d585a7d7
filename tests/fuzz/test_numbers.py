"""Whole numbers from forms, query strings and paths (voices/numbers.py)."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from tests.fuzz.conftest import budget
from voices.numbers import MAX_ID, record_id, whole_number


def test_plain_digits_are_numbers():
    assert whole_number("42") == 42
    assert whole_number("007") == 7
    assert record_id(str(MAX_ID)) == MAX_ID


def test_anything_else_is_none():
    for text in ["", " 1", "1 ", "-1", "+1", "1.0", "²", "١٢", "1e3", "9" * 5000]:
        assert whole_number(text) is None, text
    assert whole_number("101", high=100) is None
    assert record_id(str(MAX_ID + 1)) is None


@budget(4)
@given(st.text(max_size=30))
@example("²")
@example("0" * 5000 + "1")
def test_never_raises_and_round_trips(text):
    value = whole_number(text)
    assert value is None or (0 <= value <= 10**15 and int(text.lstrip("0") or "0") == value)
