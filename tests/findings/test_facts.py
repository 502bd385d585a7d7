"""Closed-answer facts and theme mentions written where answers change: what one answer
gives (pure), a real submission over HTTP, discarding, and a failure part-way."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from sqlmodel import select

from tests.conftest import make_consultation
from tests.findings.helpers import closed, mentions
from tests.helpers import follow, question_id, start
from voices.findings import facts
from voices.models import AnswerCoding, Response, ThemeMention
from voices.respond import store
from voices.review import queue

CODE = "FCT47X"
WORDS = "I feel safe at home with my carers"  # the question takes 40 characters


@pytest.mark.parametrize(
    "value, expected",
    [
        ({"option": "foster"}, [("foster", None)]),
        ({"option": "other", "other": "With my nan"}, [("other", None)]),
        ({"options": ["sport", "other"], "other": "Drama"}, [("sport", None), ("other", None)]),
        ({"options": ["sport", "sport"]}, [("sport", None)]),
        ({"value": 4}, [("4", 4)]),
        ({"value": "not_sure"}, [("not_sure", None)]),
        ({"value": True}, []),
        ({"text": "I like my room"}, []),
        ({}, []),
        (None, []),
    ],
)
def test_closed_options_by_shape_never_free_text(value, expected):
    assert facts.closed_options(value) == expected


@dataclass
class Review:
    themes: dict[str, list[str]]
    blind: bool = False
    reviewer_id: int = 1
    settlements: list = field(default_factory=list)


def test_the_agreed_review_replaces_the_suggestions():
    suggestions = {"shanarri": [{"theme": "safe", "score": 0.9}, {"theme": "safe"}]}
    assert facts.item_themes(suggestions, []) == ({"shanarri": ["safe"]}, False)
    blind = Review({"shanarri": ["healthy"]}, blind=True)
    assert facts.item_themes(suggestions, [blind]) == ({"shanarri": ["safe"]}, False)
    agreed = Review({"shanarri": ["nurtured"]}, reviewer_id=2)
    later = Review({"shanarri": ["active"]}, reviewer_id=3)
    assert facts.item_themes(suggestions, [blind, agreed, later]) == (
        {"shanarri": ["nurtured"]},
        True,
    )
    assert queue.agreed([blind, agreed, later]) is agreed  # the same rule as the review screen


def _journey(client):
    page = follow(client, start(client, code=CODE, version="8-11"))
    page = follow(client, client.post(str(page.url.path), data={"action": "continue"}))
    assert question_id(page) == "where-live"
    page = follow(client, client.post(str(page.url.path), data={"answer": "foster"}))
    page = follow(client, client.post(str(page.url.path), data={"answer": "4"}))
    page = follow(client, client.post(str(page.url.path), data={"action": "skip"}))  # feel-safe
    page = follow(client, client.post(str(page.url.path), data={"answer": ["sport", "music"]}))
    assert question_id(page) == "anything-else"
    follow(client, client.post(str(page.url.path), data={"answer": WORDS}))


def test_a_submission_writes_its_facts_with_it(client, session):
    consultation = make_consultation(session, CODE, frameworks=["shanarri"])
    _journey(client)
    response = session.exec(select(Response)).one()
    assert closed(session, consultation.id) == {}, "nothing is counted before it is sent"
    assert client.post(f"/c/{CODE}/submit").status_code == 303
    assert closed(session, consultation.id) == {
        (response.id, "where-live", "foster", None): 1,
        (response.id, "foster-ok", "4", 4): 1,
        (response.id, "likes", "sport", None): 1,
        (response.id, "likes", "music", None): 1,
    }, "one row per option chosen; skipped and text questions give none"
    coding = session.exec(select(AnswerCoding)).one()
    suggested = {s["theme"] for s in coding.suggestions["shanarri"]}
    assert suggested, "the engine found themes in the words"
    found = mentions(session, consultation.id)
    assert {(row[4], row[5]) for row in found} == {("shanarri", t) for t in suggested}
    assert all(
        row[0] == response.id and row[1] == coding.answer_id and row[3] == "anything-else"
        for row in found
    )
    assert {(row[6], row[7]) for row in found} == {(False, coding.sentiment)}
    client.post(f"/c/{CODE}/submit")  # a replayed submit writes nothing twice
    assert sum(closed(session, consultation.id).values()) == 4


def test_facts_go_with_a_discarded_response(client, session):
    consultation = make_consultation(session, CODE, frameworks=["shanarri"])
    _journey(client)
    response = session.exec(select(Response)).one()
    store.submit(session, response, {"where-live", "foster-ok", "likes"})  # not yet coded
    assert sum(closed(session, consultation.id).values()) == 4
    store.discard_response(session, response)
    assert closed(session, consultation.id) == {} and mentions(session, consultation.id) == {}
    assert session.exec(select(Response)).first() is None


def test_an_in_progress_response_started_afresh_leaves_no_facts(client, session):
    consultation = make_consultation(session, CODE, frameworks=["shanarri"])
    _journey(client)
    response = session.exec(select(Response)).one()
    facts.record_closed_answers(session, response)  # not submitted: nothing to count
    assert closed(session, consultation.id) == {}
    assert client.post(f"/c/{CODE}/afresh").status_code == 303
    assert session.exec(select(Response)).first() is None


def test_a_failure_part_way_leaves_neither_the_submission_nor_its_facts(
    client, session, monkeypatch
):
    consultation = make_consultation(session, CODE, frameworks=["shanarri"])
    _journey(client)
    real = facts._insert_closed

    def breaks_after_writing(*args, **kwargs):
        assert real(*args, **kwargs) == 4  # the facts are written...
        raise RuntimeError("the database went away")  # ...then the transaction fails

    monkeypatch.setattr(facts, "_insert_closed", breaks_after_writing)
    with pytest.raises(RuntimeError):
        client.post(f"/c/{CODE}/submit")
    session.expire_all()
    assert session.exec(select(Response)).one().status == "in_progress"
    assert closed(session, consultation.id) == {}
    assert session.exec(select(ThemeMention)).first() is None
    monkeypatch.undo()
    assert client.post(f"/c/{CODE}/submit").status_code == 303  # sent once it works again
    assert sum(closed(session, consultation.id).values()) == 4
