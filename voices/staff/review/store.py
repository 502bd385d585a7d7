"""Queries for the review screen. Every item is a submitted answer (never a held one) or a
group note of one consultation; callers have already scoped the consultation to the org."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from voices.alerts.holds import held_answer_ids
from voices.findings import facts
from voices.models import (
    Answer,
    AnswerCoding,
    CodeReview,
    GroupNote,
    Response,
    User,
    utcnow,
)
from voices.review import coding, queue
from voices.review.queue import Item, ItemKey


@dataclass(frozen=True)
class Detail:
    """What a page shows of one item beyond its codes: the words, and a note's group."""

    text: str
    version: str = ""  # the survey version the child answered (for the question's wording)
    note: GroupNote | None = None


def _reviews(db: Session, consultation_id: int) -> dict[ItemKey, list[CodeReview]]:
    rows = db.exec(
        select(CodeReview)
        .where(CodeReview.consultation_id == consultation_id)
        .order_by(col(CodeReview.created_at), col(CodeReview.id))
    ).all()
    found: dict[ItemKey, list[CodeReview]] = {}
    for row in rows:
        found.setdefault(_key_of(row), []).append(row)
    return found


def _key_of(row: CodeReview | AnswerCoding) -> ItemKey:
    if row.answer_id is not None:
        return ("answer", row.answer_id)
    return ("note", row.group_note_id or 0)


def load_items(db: Session, consultation_id: int) -> list[Item]:
    """Every reviewable item, answers (oldest submission first) then notes, with its reviews.

    Submitted responses only (never in progress or discarded), and never an answer an open
    safeguarding alert holds."""
    held = held_answer_ids(db, consultation_id)
    answers = db.exec(
        select(AnswerCoding, Answer.question_id)
        .join(Answer, col(Answer.id) == AnswerCoding.answer_id)
        .join(Response, col(Response.id) == Answer.response_id)
        .where(AnswerCoding.consultation_id == consultation_id)
        .where(Response.consultation_id == consultation_id)
        .where(Response.status == "submitted")
        .order_by(col(Response.submitted_at), col(Answer.id))
    ).all()
    notes = db.exec(
        select(AnswerCoding)
        .join(GroupNote, col(GroupNote.id) == AnswerCoding.group_note_id)
        .where(AnswerCoding.consultation_id == consultation_id)
        .where(GroupNote.consultation_id == consultation_id)
        .order_by(col(GroupNote.id))
    ).all()
    reviews = _reviews(db, consultation_id)
    items = [
        Item(_key_of(c), qid, c.sentiment, c.suggestions, reviews.get(_key_of(c), []))
        for c, qid in answers
        if c.answer_id not in held
    ]
    items += [
        Item(_key_of(c), "", c.sentiment, c.suggestions, reviews.get(_key_of(c), [])) for c in notes
    ]
    return items


def details(db: Session, keys: Iterable[ItemKey]) -> dict[ItemKey, Detail]:
    """The words of the items on one page (loaded for that page only)."""
    keys = list(keys)
    answer_ids = [i for kind, i in keys if kind == "answer"]
    note_ids = [i for kind, i in keys if kind == "note"]
    found: dict[ItemKey, Detail] = {}
    if answer_ids:
        rows = db.exec(
            select(Answer, Response.version)
            .join(Response, col(Response.id) == Answer.response_id)
            .where(col(Answer.id).in_(answer_ids))
        ).all()
        for answer, version in rows:
            found[("answer", answer.id)] = Detail(coding.coded_text(answer.value), version)
    if note_ids:
        for note in db.exec(select(GroupNote).where(col(GroupNote.id).in_(note_ids))).all():
            found[("note", note.id)] = Detail(note.text, note=note)
    return found


def reviewer_names(db: Session, reviews: Iterable[CodeReview]) -> dict[int, str]:
    ids = {r.reviewer_id for r in reviews}
    if not ids:
        return {}
    users = db.exec(select(User).where(col(User.id).in_(ids))).all()
    return {u.id: u.display_name or u.email for u in users if u.id is not None}


def save(
    db: Session,
    consultation_id: int,
    item: Item,
    reviewer_id: int,
    themes: dict[str, list[str]],
    blind: bool,
) -> str:
    """Upsert this reviewer's review of one item; "" when saved, else why not:
    "open_first" (blind coding after an open review) or "blind_first" (the reverse).
    Does not commit; the item's findings facts change with it."""
    refused = _upsert(db, consultation_id, item, reviewer_id, themes, blind)
    if not refused:
        facts.record_keys(db, [item.key])
    return refused


def _upsert(
    db: Session,
    consultation_id: int,
    item: Item,
    reviewer_id: int,
    themes: dict[str, list[str]],
    blind: bool,
) -> str:
    mine = item.mine(reviewer_id)
    if mine is not None and mine.blind != blind:
        return "open_first" if blind else "blind_first"
    if mine is None:
        kind, item_id = item.key
        mine = CodeReview(
            consultation_id=consultation_id,
            answer_id=item_id if kind == "answer" else None,
            group_note_id=item_id if kind == "note" else None,
            reviewer_id=reviewer_id,
            blind=blind,
        )
    mine.themes = themes
    mine.updated_at = utcnow()
    db.add(mine)
    return ""


def accept_all(
    db: Session,
    consultation_id: int,
    items: Sequence[Item],
    reviewer_id: int,
    allowed: dict[str, list[str]],
) -> tuple[int, int]:
    """The engine's suggestions as this reviewer's open review of every item they have not
    reviewed yet; (made, left as they were). Never changes a review. Does not commit."""
    made: list[ItemKey] = []
    for item in items:
        if item.mine(reviewer_id) is None:
            accepted = queue.accepted(item.suggestions, allowed)
            _upsert(db, consultation_id, item, reviewer_id, accepted, False)
            made.append(item.key)
    facts.record_keys(db, made)
    return len(made), len(items) - len(made)


def agreed_themes(db: Session, consultation_id: int) -> dict[ItemKey, dict[str, list[str]]]:
    """Each reviewed item's agreed themes (its first review that was not blind), keyed
    ("answer", id) or ("note", id). Held answers are left out, as everywhere outside the
    lead's pages; so are answers of responses no longer submitted."""
    found: dict[ItemKey, dict[str, list[str]]] = {}
    for item in load_items(db, consultation_id):
        review = queue.agreed(item.reviews)
        if review is not None:
            found[item.key] = {fw: list(ids) for fw, ids in review.themes.items()}
    return found
