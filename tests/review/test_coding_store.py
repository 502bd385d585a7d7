"""The engine's suggestions are stored for each free-text answer when a response is submitted."""

from __future__ import annotations

from sqlmodel import select

from tests.conftest import make_consultation
from tests.helpers import follow
from tests.test_respond import answer, walk_to
from voices.models import AnswerCoding, Consultation, GroupNote
from voices.review import coding

WORDS = "I never see my brother, I miss him"


def test_submitting_stores_suggestions_with_evidence_and_engine_version(client, session):
    make_consultation(session, frameworks=["shanarri", "promise"])
    page = walk_to(client, "anything-else")
    follow(client, answer(client, page, {"answer": WORDS}))
    assert session.exec(select(AnswerCoding)).first() is None  # not before submission
    follow(client, client.post("/c/TQ4RTX/submit"))
    row = session.exec(select(AnswerCoding)).one()
    assert set(row.suggestions) == {"shanarri", "promise"}
    themes = {s["theme"]: s for s in row.suggestions["shanarri"]}
    assert "nurtured" in themes
    start, end, words = themes["nurtured"]["evidence"][0]
    assert WORDS[start:end] == words
    assert row.sentiment == "negative" and row.engine_version.startswith("voices-")


def test_a_coding_failure_never_loses_the_submission_and_is_coded_later(
    client, session, monkeypatch
):
    consultation = make_consultation(session, frameworks=["shanarri"])
    page = walk_to(client, "anything-else")
    follow(client, answer(client, page, {"answer": WORDS}))

    def broken(*args, **kwargs):
        raise RuntimeError("engine down")

    monkeypatch.setattr(coding, "code_text", broken)
    thanks = follow(client, client.post("/c/TQ4RTX/submit"))
    assert thanks.status_code == 200 and session.exec(select(AnswerCoding)).first() is None
    monkeypatch.undo()
    assert coding.code_missing(session, consultation) == 1
    assert coding.code_missing(session, consultation) == 0  # once only


def test_a_group_note_is_coded_and_recoded_when_edited(session):
    consultation: Consultation = make_consultation(session, frameworks=["shanarri"])
    note = GroupNote(
        organisation_id=consultation.organisation_id,
        consultation_id=consultation.id,
        text="They said school is good but they want more say in their reviews",
        participants=8,
        age_min=12,
        age_max=16,
    )
    session.add(note)
    session.commit()
    coding.code_note(session, consultation, note)
    note.text = "They want to see their brothers and sisters more"
    coding.code_note(session, consultation, note)
    rows = session.exec(select(AnswerCoding).where(AnswerCoding.group_note_id == note.id)).all()
    assert len(rows) == 1
    assert "nurtured" in {s["theme"] for s in rows[0].suggestions["shanarri"]}
