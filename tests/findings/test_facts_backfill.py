"""Migration 0007 fills the fact tables for a database that already holds answers, codings,
reviews, group notes and alerts: the same facts as `rebuild_consultation` gives."""

from __future__ import annotations

import json
import os

from sqlalchemy import text
from sqlmodel import Session

from tests.findings.helpers import closed, mentions
from tests.test_cli import voices
from voices import db
from voices.findings import facts

T = "2026-01-01 10:00:00.000000"


def _rows(conn, table: str, rows: list[dict]) -> None:
    for row in rows:
        names = ", ".join(row)
        values = ", ".join(f":{name}" for name in row)
        conn.execute(text(f'INSERT INTO "{table}" ({names}) VALUES ({values})'), row)


def _answers(conn) -> None:
    answers = [
        (1, 1, "where-live", {"option": "other", "other": "With my nan"}, 0),
        (2, 1, "likes", {"options": ["sport", "music"]}, 0),
        (3, 1, "foster-ok", {"value": 4}, 0),
        (4, 1, "feel-safe", {"value": "yes"}, 0),
        (5, 1, "anything-else", {"text": "I miss my brother"}, 0),
        (6, 1, "older-only", None, 1),
        (7, 2, "where-live", {"option": "home"}, 0),
        (8, 2, "anything-else", {"text": "School is good"}, 0),
        (9, 3, "where-live", {"option": "foster"}, 0),  # in progress: never counted
        (10, 2, "likes", {"options": ["games"], "other": "he hurts me"}, 0),  # held
    ]
    _rows(
        conn,
        "answer",
        [
            {
                "id": i,
                "response_id": r,
                "question_id": q,
                "value": json.dumps(v),
                "skipped": bool(s),
                "updated_at": T,
            }
            for i, r, q, v, s in answers
        ],
    )


def _world(conn) -> None:
    _rows(
        conn,
        "organisation",
        [{"id": 1, "slug": "o", "name": "O", "help_contact": "", "created_at": T}],
    )
    _rows(
        conn,
        "user",
        [
            {
                "id": u,
                "email": f"u{u}@x.example",
                "display_name": "",
                "password_hash": "x",
                "active": True,
                "created_at": T,
            }
            for u in (1, 2)
        ],
    )
    _rows(
        conn,
        "consultation",
        [
            {
                "id": 1,
                "organisation_id": 1,
                "title": "t",
                "survey_id": "all-types",
                "join_code": "ACDEFG",
                "versions": "[]",
                "locales": "[]",
                "anonymous": True,
                "who_is_asking": "",
                "who_sees": "",
                "frameworks": '["shanarri"]',
                "opens_at": T,
                "created_at": T,
            }
        ],
    )
    _rows(
        conn,
        "response",
        [
            {
                "id": r,
                "consultation_id": 1,
                "start_key": f"k{r}",
                "token_hash": f"t{r}",
                "version": "12-17",
                "locale": "en",
                "status": s,
                "created_at": T,
                "updated_at": T,
            }
            for r, s in ((1, "submitted"), (2, "submitted"), (3, "in_progress"))
        ],
    )
    _answers(conn)
    _rows(
        conn,
        "group_note",
        [
            {
                "id": 1,
                "organisation_id": 1,
                "consultation_id": 1,
                "text": "More say in reviews",
                "participants": 6,
                "age_min": 12,
                "age_max": 15,
                "created_at": T,
                "updated_at": T,
            }
        ],
    )

    def coding(i, answer_id, note_id, themes, sentiment):
        return {
            "id": i,
            "consultation_id": 1,
            "answer_id": answer_id,
            "group_note_id": note_id,
            "suggestions": json.dumps({"shanarri": [{"theme": t, "score": 1.0} for t in themes]}),
            "sentiment": sentiment,
            "polarity": 0.0,
            "engine_version": "v",
            "coded_at": T,
        }

    _rows(
        conn,
        "answer_coding",
        [
            coding(1, 5, None, ["nurtured", "included"], "negative"),
            coding(2, 8, None, ["achieving"], "positive"),
            coding(3, None, 1, ["respected"], "neutral"),
            coding(4, 1, None, ["nurtured"], "neutral"),
            coding(5, 10, None, ["safe"], "negative"),
        ],
    )

    def review(i, answer_id, note_id, who, themes, blind, minute):
        return {
            "id": i,
            "consultation_id": 1,
            "answer_id": answer_id,
            "group_note_id": note_id,
            "reviewer_id": who,
            "themes": json.dumps({"shanarri": themes}),
            "blind": bool(blind),
            "created_at": f"2026-01-01 10:{minute:02d}:00.000000",
            "updated_at": T,
        }

    _rows(
        conn,
        "code_review",
        [
            review(1, 5, None, 2, ["healthy"], 1, 1),  # blind, first: not the agreed one
            review(2, 5, None, 1, ["nurtured"], 0, 2),  # the agreed review
            review(3, None, 1, 1, ["respected", "included"], 0, 3),
        ],
    )
    _rows(
        conn,
        "safeguarding_alert",
        [
            {
                "id": 1,
                "organisation_id": 1,
                "consultation_id": 1,
                "response_id": 2,
                "answer_id": 10,
                "question_id": "likes",
                "tier": "alert",
                "reasons": "[]",
                "engine_version": "v",
                "status": "open",
                "created_at": T,
                "action_taken": "",
            }
        ],
    )


def test_0007_backfills_the_same_facts_as_a_rebuild(tmp_path):
    url = f"sqlite:///{tmp_path / 'f.db'}"
    db.upgrade(url, "0006")
    engine = db.make_engine(url)
    with engine.begin() as conn:
        _world(conn)
    db.upgrade(url)
    with Session(engine) as session:
        backfilled = closed(session, 1), mentions(session, 1)
        facts.rebuild_consultation(session, 1)
        session.commit()
        rebuilt = closed(session, 1), mentions(session, 1)
    engine.dispose()
    assert backfilled == rebuilt
    assert backfilled[0] == {
        (1, "where-live", "other", None): 1,
        (1, "likes", "sport", None): 1,
        (1, "likes", "music", None): 1,
        (1, "foster-ok", "4", 4): 1,
        (1, "feel-safe", "yes", None): 1,
        (2, "where-live", "home", None): 1,
    }
    assert backfilled[1] == {
        (1, 5, None, "anything-else", "shanarri", "nurtured", True, "negative"): 1,
        (2, 8, None, "anything-else", "shanarri", "achieving", False, "positive"): 1,
        (None, None, 1, None, "shanarri", "respected", True, "neutral"): 1,
        (None, None, 1, None, "shanarri", "included", True, "neutral"): 1,
        (1, 1, None, "where-live", "shanarri", "nurtured", False, "neutral"): 1,
    }


def test_the_rebuild_command_restores_lost_facts(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    db.upgrade(url, "0006")
    engine = db.make_engine(url)
    with engine.begin() as conn:
        _world(conn)
    db.upgrade(url)
    with Session(engine) as session:
        expected = closed(session, 1), mentions(session, 1)
    with engine.begin() as conn:  # e.g. rows loaded by hand, or a table restored empty
        conn.execute(text("DELETE FROM closed_answer_fact"))
        conn.execute(text("DELETE FROM theme_mention"))
    env = {**os.environ, "VOICES_DATABASE_URL": url, "VOICES_SECRET_KEY": "k"}
    missing = voices("findings", "rebuild", "--consultation", "99", env=env)
    assert missing.returncode == 2 and "no consultation 99" in missing.stderr
    done = voices("findings", "rebuild", "--consultation", "1", env=env)
    assert done.returncode == 0, done.stderr
    assert "Consultation 1: 6 closed answers, 5 theme mentions." in done.stdout
    assert voices("findings", "rebuild", env=env).returncode == 0  # every consultation
    with Session(engine) as session:
        assert (closed(session, 1), mentions(session, 1)) == expected
    engine.dispose()
