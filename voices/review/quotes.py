"""'OK to quote': approving a redacted copy of an answer, and reading the approved quotes.

`approved_quotes` is the ONLY way anything outside the review screen (findings, reports,
exports) may get a child's words to quote. It returns redacted copies only, and checks
safeguarding holds when it is called, so an alert raised after the approval hides the quote
at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from voices.alerts.holds import held_answer_ids
from voices.models import Answer, Consultation, QuoteApproval, Response, utcnow
from voices.numbers import record_id
from voices.review import redaction
from voices.review.coding import coded_text

# Why an answer cannot be quoted (keys; the page says them in words).
HELD = "held"
NOT_SUBMITTED = "not-submitted"
NO_TEXT = "no-text"


@dataclass(frozen=True)
class Quote:
    answer_id: int
    response_id: int
    question_id: str
    text: str  # the redacted copy a reviewer approved; never the answer itself
    approved_by_id: int | None
    approved_at: datetime


def approved_quotes(db: Session, consultation_id: int) -> list[Quote]:
    """Approved, redacted quotes of one consultation, oldest approval first.

    The only function later findings and exports may use to get quotes. Leaves out answers
    held by a safeguarding alert that is not closed (checked now, not when approved) and
    answers whose response is no longer submitted.
    """
    held = held_answer_ids(db, consultation_id)
    rows = db.exec(
        select(QuoteApproval, Answer)
        .join(Answer, col(Answer.id) == QuoteApproval.answer_id)
        .join(Response, col(Response.id) == Answer.response_id)
        .where(QuoteApproval.consultation_id == consultation_id)
        .where(Response.consultation_id == consultation_id)
        .where(Response.status == "submitted")
        .order_by(col(QuoteApproval.approved_at), col(QuoteApproval.id))
    ).all()
    return [
        Quote(
            answer_id=answer.id,
            response_id=answer.response_id,
            question_id=answer.question_id,
            text=approval.redacted_text,
            approved_by_id=approval.approved_by_id,
            approved_at=approval.approved_at,
        )
        for approval, answer in rows
        if answer.id not in held and approval.redacted_text.strip()
    ]


def answer_in(db: Session, consultation_id: int, answer_id: str) -> tuple[Answer, Response] | None:
    """The answer only if it belongs to this consultation."""
    if (number := record_id(answer_id)) is None:
        return None
    answer = db.get(Answer, number)
    response = db.get(Response, answer.response_id) if answer is not None else None
    if answer is None or response is None or response.consultation_id != consultation_id:
        return None
    return answer, response


def refusal(db: Session, answer: Answer, response: Response) -> str | None:
    """Why this answer cannot be shown for quoting or approved now, or None."""
    if answer.id in held_answer_ids(db, response.consultation_id):
        return HELD
    if response.status != "submitted":
        return NOT_SUBMITTED
    if not coded_text(answer.value):
        return NO_TEXT
    return None


def approval_of(db: Session, answer_id: int) -> QuoteApproval | None:
    return db.exec(select(QuoteApproval).where(QuoteApproval.answer_id == answer_id)).first()


def approve(
    db: Session, consultation: Consultation, answer: Answer, redacted: str, user_id: int
) -> tuple[QuoteApproval | None, str | None]:
    """Save (or replace) the approved copy. Returns (approval, None) or (None, why not).
    Does not commit; the caller audits and commits."""
    problem = redaction.check(redacted)
    if problem is not None:
        return None, problem
    approval = approval_of(db, answer.id) or QuoteApproval(
        organisation_id=consultation.organisation_id,
        consultation_id=consultation.id,
        answer_id=answer.id,
        redacted_text="",
    )
    approval.redacted_text = redacted
    approval.approved_by_id = user_id
    approval.approved_at = utcnow()
    db.add(approval)
    return approval, None


def withdraw(db: Session, answer_id: int) -> bool:
    """Delete the approval if there is one (does not commit)."""
    approval = approval_of(db, answer_id)
    if approval is None:
        return False
    db.delete(approval)
    return True
