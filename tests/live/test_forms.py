"""The start form and the group-notes form, checked without HTTP."""

from __future__ import annotations

from voices.live.forms import NoteForm, read_note, read_session, validate_note


def test_session_choice():
    read = {"pace": "", "kiosk": ""}.get
    choice = read_session(lambda n: read(n, ""))
    assert choice is not None and choice.pace == "self" and not choice.kiosk
    choice = read_session(lambda n: {"pace": "presenter", "kiosk": "yes"}.get(n, ""))
    assert choice is not None and choice.pace == "presenter" and choice.kiosk
    assert read_session(lambda n: {"pace": "turbo"}.get(n, "")) is None


def test_note_read_normalises_newlines():
    form = read_note(lambda n: {"text": " a\r\nb ", "participants": " 4 "}.get(n, ""))
    assert form.text == "a\nb" and form.participants == "4"


def test_valid_note():
    form = NoteForm("Points", "12", "8", "11", "3")
    clean, errors = validate_note(form, {3})
    assert errors == {}
    assert clean is not None and clean.live_session_id == 3 and clean.participants == 12


def test_every_field_wrong_at_once():
    clean, errors = validate_note(NoteForm("", "abc", "30", "x", "7"), {3})
    assert clean is None
    assert set(errors) == {"text", "participants", "age_min", "age_max", "session"}


def test_min_above_max():
    _, errors = validate_note(NoteForm("t", "2", "14", "10"), set())
    assert errors == {"age_max": "The oldest age must be the same as or more than the youngest age"}
