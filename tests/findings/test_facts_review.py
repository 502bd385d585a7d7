"""Theme mentions follow the staff's work: suggestions until a review is saved, the agreed
review after (a blind one changes nothing), settlements, accept-all, group notes (counted
with no response), safeguarding holds, learned re-coding, and a rebuild that agrees."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from tests.findings.helpers import closed, mentions, themes_of
from tests.review.agree_world import build
from tests.staff.conftest import make_staff, signed_in
from tests.worlds import add_answer
from voices.findings import facts
from voices.models import (
    AnswerCoding,
    Consultation,
    GroupNote,
    Organisation,
)
from voices.review import learn

MISS = "I never see my brother and I miss him so much"
NOTES = "We talked about pocket money and feeling safe at school. Most felt listened to."
NOTE = {"text": NOTES, "participants": "7", "age_min": "12", "age_max": "15", "session": ""}


@pytest.fixture
def consultation(session: Session, org: Organisation) -> Consultation:
    row = Consultation(
        organisation_id=org.id,
        title="Facts",
        survey_id="all-types",
        join_code="FCT46X",
        frameworks=["shanarri", "promise"],
    )
    session.add(row)
    session.commit()
    return row


def review_url(org: Organisation, consultation: Consultation, tail: str = "") -> str:
    return f"/staff/o/{org.slug}/consultations/{consultation.id}/review{tail}"


def suggested(session: Session, **where) -> set[tuple[str, str, bool]]:
    session.expire_all()
    query = select(AnswerCoding)
    for name, value in where.items():
        query = query.where(getattr(AnswerCoding, name) == value)
    coding = session.exec(query).one()
    return {(fw, s["theme"], False) for fw, found in coding.suggestions.items() for s in found}


def test_a_saved_review_replaces_the_suggestions_and_a_blind_one_does_not(
    client, session, org, consultation, worker
):
    answer = add_answer(session, consultation, MISS)
    in_progress = add_answer(session, consultation, MISS, status="in_progress")
    client.get(review_url(org, consultation))  # opening the screen codes what is missing
    before = themes_of(session, consultation.id, answer_id=answer.id)
    assert before and before == suggested(session, answer_id=answer.id)
    assert themes_of(session, consultation.id, answer_id=in_progress.id) == set()
    data = {"item": f"answer:{answer.id}", "action": "save", "themes": ["shanarri:safe"]}
    assert client.post(review_url(org, consultation, "/save"), data=data).status_code == 303
    assert themes_of(session, consultation.id, answer_id=answer.id) == {("shanarri", "safe", True)}
    second = make_staff(session, org, "worker", email="second@test-council.example")
    signed_in(client, second)
    blind = {**data, "themes": ["promise:family"], "mode": "blind"}
    assert client.post(review_url(org, consultation, "/save"), data=blind).status_code == 303
    assert themes_of(session, consultation.id, answer_id=answer.id) == {("shanarri", "safe", True)}


def test_accept_all_makes_every_suggestion_reviewed(client, session, org, consultation, worker):
    answers = [add_answer(session, consultation, MISS) for _ in range(2)]
    client.get(review_url(org, consultation))
    items = [f"answer:{a.id}" for a in answers]
    done = client.post(
        review_url(org, consultation, "/accept-all"), data={"item": items, "count": "2"}
    )
    assert done.status_code == 303
    for answer in answers:
        expected = {(fw, t, True) for fw, t, _ in suggested(session, answer_id=answer.id)}
        assert themes_of(session, consultation.id, answer_id=answer.id) == expected


def test_group_notes_count_with_no_response_and_go_when_deleted(
    client, session, org, consultation, worker
):
    base = f"/staff/o/{org.slug}/consultations/{consultation.id}"
    assert client.post(base + "/notes/new", data=NOTE).status_code == 303
    note = session.exec(select(GroupNote)).one()
    found = mentions(session, consultation.id)
    assert found and all(row[0] is None and row[2] == note.id for row in found)
    assert themes_of(session, consultation.id, group_note_id=note.id) == suggested(
        session, group_note_id=note.id
    )
    data = {"item": f"note:{note.id}", "action": "save", "themes": ["promise:voice"]}
    assert client.post(review_url(org, consultation, "/save"), data=data).status_code == 303
    assert themes_of(session, consultation.id, group_note_id=note.id) == {
        ("promise", "voice", True)
    }
    changed = {**NOTE, "text": "Bullying at school came up a lot."}
    assert client.post(base + f"/notes/{note.id}/edit", data=changed).status_code == 303
    assert themes_of(session, consultation.id, group_note_id=note.id) == {
        ("promise", "voice", True)
    }, "an edited note keeps its agreed review"
    assert client.post(base + f"/notes/{note.id}/delete").status_code == 303
    assert mentions(session, consultation.id) == {}


def test_settling_changes_the_mentions_and_holds_keep_an_answer_out(client, session):
    world = build(session)
    cid = world.consultation.id
    facts.rebuild_consultation(session, cid)
    session.commit()
    sarah, held = world.answers["sarah"].id, world.answers["held"].id
    assert themes_of(session, cid, answer_id=sarah) == {("shanarri", "respected", True)}
    assert themes_of(session, cid, answer_id=held) == set(), "held by an open alert"
    signed_in(client, world.first)
    form = {"item": f"answer-{sarah}", "framework": "shanarri", "theme": "included", "use": "yes"}
    assert client.post(world.base + "/agreement", data=form).status_code == 303
    assert themes_of(session, cid, answer_id=sarah) == {
        ("shanarri", "respected", True),
        ("shanarri", "included", True),
    }
    lead = make_staff(session, world.organisation, "safeguarding", email="lead@test.example")
    signed_in(client, lead)
    alerts = f"/staff/o/{world.organisation.slug}/alerts/{world.alert.id}"
    closing = {"outcome": "false_alarm", "note": "Talked to the young person."}
    assert client.post(alerts + "/close", data=closing).status_code == 303
    assert themes_of(session, cid, answer_id=held) == {("shanarri", "safe", True)}
    assert client.post(alerts + "/reopen").status_code == 303
    assert themes_of(session, cid, answer_id=held) == set()


def test_learned_recoding_replaces_only_unreviewed_suggestions(session, consultation):
    answer = add_answer(session, consultation, MISS)
    reviewed = add_answer(session, consultation, "School is good and my teacher helps me")
    from voices.review import coding

    coding.code_missing(session, consultation)
    row = session.exec(select(AnswerCoding).where(AnswerCoding.answer_id == answer.id)).one()
    row.suggestions = {"shanarri": [{"theme": "active", "score": 1.0, "evidence": []}]}
    session.add(row)
    facts.record_item_themes(session, answer_id=answer.id)
    session.commit()
    assert themes_of(session, consultation.id, answer_id=answer.id) == {
        ("shanarri", "active", False)
    }
    before_reviewed = themes_of(session, consultation.id, answer_id=reviewed.id)
    learn.recode_unreviewed(session, [consultation])
    session.commit()
    assert themes_of(session, consultation.id, answer_id=answer.id) == suggested(
        session, answer_id=answer.id
    ), "the fresh suggestions, not the stale ones"
    assert ("shanarri", "active", False) not in themes_of(
        session, consultation.id, answer_id=answer.id
    )
    assert themes_of(session, consultation.id, answer_id=reviewed.id) == before_reviewed


def test_rebuild_agrees_with_the_facts_written_along_the_way_and_is_idempotent(
    client, session, org, consultation, worker
):
    answers = [add_answer(session, consultation, MISS) for _ in range(3)]
    client.get(review_url(org, consultation))
    data = {"item": f"answer:{answers[0].id}", "action": "save", "themes": ["promise:family"]}
    client.post(review_url(org, consultation, "/save"), data=data)
    base = f"/staff/o/{org.slug}/consultations/{consultation.id}"
    client.post(base + "/notes/new", data=NOTE)
    along_the_way = (closed(session, consultation.id), mentions(session, consultation.id))
    assert along_the_way[1]
    for _ in range(2):
        facts.rebuild_consultation(session, consultation.id)
        session.commit()
        assert (closed(session, consultation.id), mentions(session, consultation.id)) == (
            along_the_way
        )
