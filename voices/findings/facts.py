"""Keeps the findings' fact tables (closed_answer_fact, theme_mention) in step with the
answers, codings, reviews and holds they are derived from.

Every function here writes in the caller's transaction and never commits: the caller
commits the change and its facts together, so a failure leaves neither.

What counts:
- ClosedAnswerFact: one row per option a SUBMITTED response chose on a closed question
  (choice, choices, scale, yes_no). Skipped answers, text and info questions give none,
  and no free text is ever copied (a "something else" choice is the option "other").
- ThemeMention: one row per theme a coded item speaks to: the themes of its agreed review
  (queue.agreed: the first review that was not blind; settlements are already applied to
  its themes) with reviewed=True, else the engine's suggestions with reviewed=False.
  Items: free-text answers of submitted responses, and group notes (response_id None).
- An answer a safeguarding alert holds (voices.alerts.holds) has no facts of either kind
  until the alert is closed, so no findings page can ever count it; closing or reopening
  an alert calls `record_answer`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, delete, select

from voices.alerts.holds import held_answer_ids
from voices.models import (
    Answer,
    AnswerCoding,
    ClosedAnswerFact,
    CodeReview,
    Consultation,
    GroupNote,
    Response,
    ThemeMention,
)
from voices.review import queue

SUBMITTED = "submitted"
CHUNK = 500  # ids per IN (...) list: well under every database's limit on parameters

# --- pure: what one answer or item gives --------------------------------------------------


def closed_options(value: Mapping[str, Any] | None) -> list[tuple[str, int | None]]:
    """(option, number) for each option a stored closed answer chose; [] for anything else.

    Shapes (voices.definitions.questions): choice {"option": id, "other"?: text}, choices
    {"options": [ids], "other"?: text}, scale {"value": int}, yes_no {"value": str}.
    """
    if not value:
        return []
    if isinstance(value.get("option"), str):
        return [(value["option"], None)]
    if isinstance(value.get("options"), list):
        chosen = [o for o in value["options"] if isinstance(o, str)]
        return [(o, None) for o in dict.fromkeys(chosen)]
    point = value.get("value")
    if isinstance(point, bool):
        return []
    if isinstance(point, int):
        return [(str(point), point)]
    if isinstance(point, str) and point:
        return [(point, None)]
    return []


def item_themes(
    suggestions: Mapping[str, Any] | None, reviews: Sequence[queue.ReviewLike]
) -> tuple[dict[str, list[str]], bool]:
    """An item's themes per framework and whether people reviewed them: its agreed review's
    when it has one (reviews oldest first), else the engine's suggestions."""
    review = queue.agreed(reviews)
    if review is not None:
        return {fw: list(dict.fromkeys(ids)) for fw, ids in review.themes.items()}, True
    found = queue.suggested(suggestions or {})
    return {fw: list(dict.fromkeys(ids)) for fw, ids in found.items()}, False


@dataclass(frozen=True)
class Rebuilt:
    closed: int
    mentions: int


# --- closed answers -------------------------------------------------------------------------


def record_closed_answers(db: Session, response: Response) -> int:
    """Replace one response's closed-answer facts (none unless it is submitted); how many."""
    if response.id is None:
        return 0
    forget_closed(db, [response.id])
    if response.status != SUBMITTED:
        return 0
    held = held_answer_ids(db, response.consultation_id)
    return _insert_closed(db, response.consultation_id, [response.id], held)


def _insert_closed(db: Session, consultation_id: int, response_ids: list[int], held) -> int:
    db.flush()  # plain rows on the session's connection (no ORM loading: a rebuild reads many)
    rows = (
        db.connection()
        .execute(
            sa_select(Answer.id, Answer.response_id, Answer.question_id, Answer.value)
            .where(col(Answer.response_id).in_(response_ids))
            .where(col(Answer.skipped).is_(False))
        )
        .all()
    )
    facts = [
        {
            "consultation_id": consultation_id,
            "response_id": response_id,
            "question_id": question_id,
            "option": option,
            "number": number,
        }
        for answer_id, response_id, question_id, value in rows
        if answer_id not in held
        for option, number in closed_options(value)
    ]
    if facts:
        db.connection().execute(insert(ClosedAnswerFact), facts)
    return len(facts)


def forget_closed(db: Session, response_ids: Sequence[int]) -> None:
    for ids in _chunks(response_ids):
        db.exec(delete(ClosedAnswerFact).where(col(ClosedAnswerFact.response_id).in_(ids)))


# --- theme mentions -------------------------------------------------------------------------


def record_item_themes(
    db: Session, *, answer_id: int | None = None, group_note_id: int | None = None
) -> int:
    """Replace one item's theme mentions (an answer's, or a group note's); how many."""
    return record_items(
        db,
        answer_ids=[answer_id] if answer_id is not None else [],
        note_ids=[group_note_id] if group_note_id is not None else [],
    )


def record_keys(db: Session, keys: Iterable[queue.ItemKey]) -> int:
    """record_items for review-screen keys ("answer", id) / ("note", id)."""
    keys = list(keys)
    return record_items(
        db,
        answer_ids=[i for kind, i in keys if kind == "answer"],
        note_ids=[i for kind, i in keys if kind == "note"],
    )


def record_items(
    db: Session, *, answer_ids: Sequence[int] = (), note_ids: Sequence[int] = ()
) -> int:
    """Replace the theme mentions of these answers and group notes; how many were written."""
    db.flush()  # pending codings and reviews first: some reads below are plain Core
    written = 0
    held_by: dict[int, set[int]] = {}
    for ids in _chunks(list(answer_ids)):
        forget_items(db, answer_ids=ids)
        written += _insert_answers(db, ids, held_by)
    for ids in _chunks(list(note_ids)):
        forget_items(db, note_ids=ids)
        written += _insert_notes(db, ids)
    return written


def _insert_answers(db: Session, ids: list[int], held_by: dict[int, set[int]]) -> int:
    answers = db.exec(
        select(Answer.id, Answer.response_id, Answer.question_id, Response.consultation_id)
        .join(Response, col(Response.id) == Answer.response_id)
        .where(col(Answer.id).in_(ids))
        .where(Response.status == SUBMITTED)
    ).all()
    codings = _codings(db, col(AnswerCoding.answer_id).in_(ids), "answer_id")
    reviews = _reviews(db, col(CodeReview.answer_id).in_(ids), "answer_id")
    rows: list[dict[str, Any]] = []
    for answer_id, response_id, question_id, consultation_id in answers:
        if consultation_id not in held_by:
            held_by[consultation_id] = held_answer_ids(db, consultation_id)
        if answer_id in held_by[consultation_id]:
            continue
        where = {"response_id": response_id, "answer_id": answer_id, "question_id": question_id}
        rows += _mentions(consultation_id, where, codings.get(answer_id), reviews.get(answer_id))
    return _insert_mentions(db, rows)


def _insert_notes(db: Session, ids: list[int]) -> int:
    notes = db.exec(
        select(GroupNote.id, GroupNote.consultation_id).where(col(GroupNote.id).in_(ids))
    ).all()
    codings = _codings(db, col(AnswerCoding.group_note_id).in_(ids), "group_note_id")
    reviews = _reviews(db, col(CodeReview.group_note_id).in_(ids), "group_note_id")
    rows: list[dict[str, Any]] = []
    for note_id, consultation_id in notes:
        where = {"response_id": None, "group_note_id": note_id, "question_id": None}
        rows += _mentions(consultation_id, where, codings.get(note_id), reviews.get(note_id))
    return _insert_mentions(db, rows)


def _codings(db: Session, where: Any, key: str) -> dict[int, Any]:
    """Each item's coding as a plain row (.suggestions, .sentiment), by answer or note id."""
    query = sa_select(
        AnswerCoding.answer_id,
        AnswerCoding.group_note_id,
        AnswerCoding.suggestions,
        AnswerCoding.sentiment,
    ).where(where)
    return {getattr(row, key): row for row in db.connection().execute(query)}


def _reviews(db: Session, where: Any, key: str) -> dict[int, list[Any]]:
    """Each item's reviews as plain rows (.themes, .blind, .reviewer_id), oldest first, as
    the review screen orders them (so queue.agreed picks the same one)."""
    query = (
        sa_select(
            CodeReview.answer_id,
            CodeReview.group_note_id,
            CodeReview.themes,
            CodeReview.blind,
            CodeReview.reviewer_id,
        )
        .where(where)
        .order_by(col(CodeReview.created_at), col(CodeReview.id))
    )
    found: dict[int, list[Any]] = {}
    for review in db.connection().execute(query):
        found.setdefault(getattr(review, key), []).append(review)
    return found


def _mentions(
    consultation_id: int,
    where: dict[str, Any],
    coding: Any,
    reviews: list[Any] | None,
) -> list[dict[str, Any]]:
    if coding is None and not reviews:
        return []  # not coded yet: code_missing codes it, and records it then
    themes, reviewed = item_themes(coding.suggestions if coding else {}, reviews or [])
    sentiment = coding.sentiment if coding else ""
    return [
        {
            "consultation_id": consultation_id,
            "answer_id": None,
            "group_note_id": None,
            **where,
            "framework": framework,
            "theme": theme,
            "reviewed": reviewed,
            "sentiment": sentiment,
        }
        for framework, ids in themes.items()
        for theme in ids
    ]


def _insert_mentions(db: Session, rows: list[dict[str, Any]]) -> int:
    if rows:
        db.connection().execute(insert(ThemeMention), rows)
    return len(rows)


def forget_items(
    db: Session, *, answer_ids: Sequence[int] = (), note_ids: Sequence[int] = ()
) -> None:
    for ids in _chunks(list(answer_ids)):
        db.exec(delete(ThemeMention).where(col(ThemeMention.answer_id).in_(ids)))
    for ids in _chunks(list(note_ids)):
        db.exec(delete(ThemeMention).where(col(ThemeMention.group_note_id).in_(ids)))


def forget_item(
    db: Session, *, answer_id: int | None = None, group_note_id: int | None = None
) -> None:
    """Before an item is deleted (a group note): its mentions go in the same transaction."""
    forget_items(
        db,
        answer_ids=[answer_id] if answer_id is not None else [],
        note_ids=[group_note_id] if group_note_id is not None else [],
    )


# --- whole responses, answers, consultations ------------------------------------------------


def forget_response(db: Session, response_id: int | None) -> None:
    """Before a response is deleted or leaves "submitted": every fact about it goes."""
    if response_id is None:
        return
    forget_closed(db, [response_id])
    db.exec(delete(ThemeMention).where(col(ThemeMention.response_id) == response_id))


def record_response(db: Session, response: Response) -> int:
    """Both kinds of facts for one response (after it is submitted and coded)."""
    if response.status != SUBMITTED:
        forget_response(db, response.id)
        return 0
    written = record_closed_answers(db, response)
    ids = db.exec(select(Answer.id).where(Answer.response_id == response.id)).all()
    return written + record_items(db, answer_ids=[i for i in ids if i is not None])


def record_answer(db: Session, answer_id: int | None) -> None:
    """After an alert on this answer is closed or reopened: its facts follow the hold."""
    if answer_id is None:
        return
    answer = db.get(Answer, answer_id)
    response = db.get(Response, answer.response_id) if answer else None
    if response is not None:
        record_closed_answers(db, response)
        record_item_themes(db, answer_id=answer_id)


def rebuild_consultation(db: Session, consultation_id: int) -> Rebuilt:
    """Both fact tables of one consultation, from scratch (idempotent). Does not commit."""
    db.exec(delete(ClosedAnswerFact).where(ClosedAnswerFact.consultation_id == consultation_id))
    db.exec(delete(ThemeMention).where(ThemeMention.consultation_id == consultation_id))
    held = held_answer_ids(db, consultation_id)
    responses = db.exec(
        select(Response.id)
        .where(Response.consultation_id == consultation_id)
        .where(Response.status == SUBMITTED)
        .order_by(col(Response.id))
    ).all()
    closed = sum(
        _insert_closed(db, consultation_id, ids, held)
        for ids in _chunks([r for r in responses if r is not None])
    )
    answers = _ids(db, AnswerCoding, consultation_id) | _ids(db, CodeReview, consultation_id)
    notes = db.exec(select(GroupNote.id).where(GroupNote.consultation_id == consultation_id)).all()
    mentions = record_items(
        db, answer_ids=sorted(answers), note_ids=[n for n in notes if n is not None]
    )
    return Rebuilt(closed, mentions)


def rebuild_all(db: Session) -> dict[int, Rebuilt]:
    """Every consultation's facts, from scratch. Does not commit."""
    ids = db.exec(select(Consultation.id).order_by(col(Consultation.id))).all()
    return {i: rebuild_consultation(db, i) for i in ids if i is not None}


def _ids(db: Session, table: Any, consultation_id: int) -> set[int]:
    """Answer ids a consultation's codings (or reviews) name."""
    rows = db.exec(
        select(table.answer_id)
        .where(table.consultation_id == consultation_id)
        .where(col(table.answer_id).is_not(None))
    ).all()
    return {r for r in rows if r is not None}


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
