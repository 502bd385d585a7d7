"""Reads one consultation's answers for export, a batch of responses at a time.

Keyset paging on the response id (never OFFSET, never one huge result): each batch is
three indexed queries (responses, their answers with the engine's sentiment, their theme
mentions), so memory depends on the batch size, not on the consultation's size.
Submitted responses only; skipped questions and answers a safeguarding alert holds are
left out (a held answer is not even a blank row: that would say an alert exists).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from voices.alerts.holds import held_answer_ids
from voices.definitions.model import Survey
from voices.findings.exports.answers import (
    AnswerRecord,
    ExportRow,
    Mention,
    ResponseRecord,
    build_row,
    question_order,
)
from voices.findings.exports.cells import pseudonym
from voices.models import Answer, AnswerCoding, Response, ThemeMention

BATCH_RESPONSES = 500


@dataclass(frozen=True)
class Batch:
    responses: list[ResponseRecord]
    answers: list[AnswerRecord]
    mentions: list[Mention]


def _responses(db: Session, consultation_id: int, after: int, size: int) -> list[ResponseRecord]:
    rows = db.exec(
        select(
            Response.id,
            Response.version,
            Response.locale,
            Response.submitted_at,
            Response.live_session_id,
        )
        .where(Response.consultation_id == consultation_id, Response.status == "submitted")
        .where(col(Response.id) > after)
        .order_by(col(Response.id))
        .limit(size)
    ).all()
    return [ResponseRecord(r[0], r[1], r[2], r[3], r[4] is not None) for r in rows]


def _answers(db: Session, response_ids: list[int], held: set[int]) -> list[AnswerRecord]:
    rows = db.exec(
        select(
            Answer.id, Answer.response_id, Answer.question_id, Answer.value, AnswerCoding.sentiment
        )
        .outerjoin(AnswerCoding, col(AnswerCoding.answer_id) == Answer.id)
        .where(col(Answer.response_id).in_(response_ids), col(Answer.skipped).is_(False))
        .order_by(col(Answer.response_id), col(Answer.id))
    ).all()
    return [AnswerRecord(r[0], r[1], r[2], r[3], r[4] or "") for r in rows if r[0] not in held]


def _mentions(db: Session, consultation_id: int, response_ids: list[int]) -> list[Mention]:
    rows = db.exec(
        select(
            ThemeMention.answer_id,
            ThemeMention.framework,
            ThemeMention.theme,
            ThemeMention.reviewed,
        )
        .where(ThemeMention.consultation_id == consultation_id)
        .where(col(ThemeMention.response_id).in_(response_ids))
        .where(col(ThemeMention.answer_id).is_not(None))
    ).all()
    return [Mention(r[0], r[1], r[2], r[3]) for r in rows if r[0] is not None]


def batches(db: Session, consultation_id: int, size: int = BATCH_RESPONSES) -> Iterator[Batch]:
    """Every submitted response's answers, oldest response id first, in batches."""
    held = held_answer_ids(db, consultation_id)
    after = 0
    while True:
        responses = _responses(db, consultation_id, after, size)
        if not responses:
            return
        ids = [r.id for r in responses]
        yield Batch(responses, _answers(db, ids, held), _mentions(db, consultation_id, ids))
        after = ids[-1]
        db.expunge_all()  # nothing loaded stays in the session between batches


def count_rows(db: Session, consultation_id: int, survey: Survey | None) -> int:
    """How many rows the answers export holds (counted as it starts, for the audit log)."""
    pages = [q.id for q in survey.questions if not q.answerable] if survey is not None else []
    held = held_answer_ids(db, consultation_id)
    query = (
        select(func.count(col(Answer.id)))
        .join(Response, col(Response.id) == Answer.response_id)
        .where(Response.consultation_id == consultation_id, Response.status == "submitted")
        .where(col(Answer.skipped).is_(False))
    )
    if held:
        query = query.where(col(Answer.id).not_in(held))
    if pages:
        query = query.where(col(Answer.question_id).not_in(pages))
    return int(db.exec(query).one())


def answer_rows(
    db: Session, consultation_id: int, survey: Survey | None, secret: str
) -> Iterator[ExportRow]:
    """The answers export's rows: respondents in order, each one's answers in survey order."""
    order = question_order(survey)
    for batch in batches(db, consultation_id):
        by_response: dict[int, list[AnswerRecord]] = {}
        for answer in batch.answers:
            by_response.setdefault(answer.response_id, []).append(answer)
        by_answer: dict[int, list[Mention]] = {}
        for mention in batch.mentions:
            by_answer.setdefault(mention.answer_id, []).append(mention)
        for response in batch.responses:
            respondent = pseudonym(secret, consultation_id, response.id)
            answers = sorted(
                by_response.get(response.id, []),
                key=lambda a: (order.get(a.question_id, len(order)), a.id),
            )
            for answer in answers:
                if _answerable(survey, answer.question_id):
                    yield build_row(
                        survey, respondent, response, answer, by_answer.get(answer.id, [])
                    )


def _answerable(survey: Survey | None, question_id: str) -> bool:
    """False for an information page (nothing to answer); unknown questions are kept."""
    question = survey.question(question_id) if survey is not None else None
    return question is None or question.answerable
