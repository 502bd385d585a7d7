"""Which answers are held: an answer with an unresolved safeguarding alert is shown to the
safeguarding lead only, never in answer lists, findings, exports or quotes, until it is closed."""

from __future__ import annotations

from sqlmodel import Session, col, select

from voices.models import SafeguardingAlert


def held_answer_ids(db: Session, consultation_id: int) -> set[int]:
    """Ids of this consultation's answers that an alert not yet closed holds back."""
    rows = db.exec(
        select(SafeguardingAlert.answer_id).where(
            SafeguardingAlert.consultation_id == consultation_id,
            SafeguardingAlert.status != "closed",
            col(SafeguardingAlert.answer_id).is_not(None),
        )
    )
    return {answer_id for answer_id in rows if answer_id is not None}


def held_response_ids(db: Session, consultation_id: int) -> set[int]:
    """Responses with at least one held answer."""
    rows = db.exec(
        select(SafeguardingAlert.response_id).where(
            SafeguardingAlert.consultation_id == consultation_id,
            SafeguardingAlert.status != "closed",
        )
    )
    return set(rows)
