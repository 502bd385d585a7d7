"""A NUL byte anywhere a child types never reaches the database (PostgreSQL refuses them).

Run with VOICES_TEST_DATABASE_URL set to PostgreSQL to prove no 500; on SQLite the tests
prove no NUL is stored.
"""

from __future__ import annotations

from sqlmodel import select

from tests.conftest import make_consultation
from tests.helpers import follow, question_id, soup, start
from voices.models import Answer, Response

NUL = "\x00"


def _walk_to(client, page, qid: str):
    while question_id(page) != qid:
        page = follow(client, client.post(str(page.url.path), data={"action": "skip"}))
    return page


def _stored(session, qid: str) -> dict:
    return session.exec(select(Answer).where(Answer.question_id == qid)).one().value


def test_name_and_start_key_with_nul(client, session):
    make_consultation(session, "KMWX47", anonymous=False)
    page = client.get("/c/KMWX47")
    key = soup(page).find("input", {"name": "start_key"})["value"]
    data = {"start_key": key + NUL, "version": "8-11" + NUL, "name": "Sa" + NUL + "m"}
    started = client.post("/c/KMWX47/start", data=data)
    assert started.status_code == 303
    row = session.exec(select(Response)).one()
    assert row.respondent_name == "Sam" and row.version == "8-11"


def test_answers_and_other_text_with_nul(client, session, consultation):
    page = follow(client, start(client))
    page = _walk_to(client, page, "where-live")
    data = {"answer": "other" + NUL, "other_text": "a bo" + NUL + "at"}
    page = follow(client, client.post(str(page.url.path), data=data))
    assert _stored(session, "where-live") == {"option": "other", "other": "a boat"}
    page = _walk_to(client, page, "likes")
    data = {"answer": ["music", "other"], "other_text": NUL + "chess"}
    page = follow(client, client.post(str(page.url.path), data=data))
    assert _stored(session, "likes") == {"options": ["music", "other"], "other": "chess"}
    page = _walk_to(client, page, "anything-else")
    saved = client.post(str(page.url.path), data={"answer": "hel" + NUL + "lo" + NUL})
    assert saved.status_code == 303
    assert _stored(session, "anything-else") == {"text": "hello"}
    only_nul = client.post(str(page.url.path), data={"answer": NUL * 3})
    assert only_nul.status_code == 422


def test_join_and_resume_codes_with_nul(client, consultation):
    joined = client.post("/join", data={"code": "TQ4" + NUL + "RTX"})
    assert joined.status_code == 303
    assert client.post("/join", data={"code": NUL}).status_code == 422
    follow(client, start(client))
    wrong = client.post("/c/TQ4RTX/resume", data={"resume_code": "123" + NUL + "456789"})
    assert wrong.status_code == 422
    assert client.get("/c/TQ4RTX" + "%00").status_code == 404
