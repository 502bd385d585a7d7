"""Queries for live sessions. Every staff query is scoped by consultation (and so by
organisation); the phone side may use `session_by_code` and `new_join_code` too."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from voices.codes import generate_join_code
from voices.live.results import StoredAnswer
from voices.models import Answer, Consultation, LiveSession, Response, utcnow
from voices.numbers import record_id

CODE_TRIES = 20


@dataclass(frozen=True)
class PhoneCounts:
    joined: int = 0
    finished: int = 0


def code_taken(db: Session, code: str) -> bool:
    """True when a consultation or a live session already has this join code."""
    consultation = db.exec(select(Consultation.id).where(Consultation.join_code == code)).first()
    session = db.exec(select(LiveSession.id).where(LiveSession.join_code == code)).first()
    return consultation is not None or session is not None


def new_join_code(db: Session) -> str:
    """A join code no consultation and no live session has: the two share /c/{code}."""
    for _attempt in range(CODE_TRIES):
        code = generate_join_code()
        if not code_taken(db, code):
            return code
    raise RuntimeError("no free join code after several tries")


def live_session_of(db: Session, consultation_id: int) -> LiveSession | None:
    """The consultation's session that has not ended (at most one at a time)."""
    return db.exec(
        select(LiveSession)
        .where(LiveSession.consultation_id == consultation_id)
        .where(col(LiveSession.ended_at).is_(None))
        .order_by(col(LiveSession.id).desc())
    ).first()


def sessions_of(db: Session, consultation_id: int) -> list[LiveSession]:
    return list(
        db.exec(
            select(LiveSession)
            .where(LiveSession.consultation_id == consultation_id)
            .order_by(col(LiveSession.started_at).desc(), col(LiveSession.id).desc())
        ).all()
    )


def session_in(db: Session, consultation: Consultation, session_id: str) -> LiveSession | None:
    """The session only if it belongs to this consultation (another's id: None)."""
    if (number := record_id(session_id)) is None:
        return None
    found = db.get(LiveSession, number)
    return found if found is not None and found.consultation_id == consultation.id else None


def session_by_code(db: Session, code: str) -> LiveSession | None:
    return db.exec(select(LiveSession).where(LiveSession.join_code == code)).first()


def start(
    db: Session, consultation: Consultation, pace: str, kiosk: bool, user_id: int | None
) -> LiveSession:
    """A new session with its own join code (flushed, not committed)."""
    session = LiveSession(
        organisation_id=consultation.organisation_id,
        consultation_id=consultation.id,
        join_code=new_join_code(db),
        pace=pace,
        kiosk=kiosk,
        started_by_id=user_id,
    )
    db.add(session)
    db.flush()
    return session


def end(db: Session, session: LiveSession) -> None:
    session.ended_at = utcnow()
    db.add(session)


def phone_counts(db: Session, session_id: int) -> PhoneCounts:
    finished = func.sum(case((Response.status == "submitted", 1), else_=0))
    row = db.exec(
        select(func.count(), finished).where(Response.live_session_id == session_id)
    ).one()
    return PhoneCounts(joined=int(row[0] or 0), finished=int(row[1] or 0))


def counts_by_session(db: Session, consultation_id: int) -> dict[int, PhoneCounts]:
    finished = func.sum(case((Response.status == "submitted", 1), else_=0))
    rows = db.exec(
        select(Response.live_session_id, func.count(), finished)
        .where(Response.consultation_id == consultation_id)
        .where(col(Response.live_session_id).is_not(None))
        .group_by(Response.live_session_id)
    ).all()
    return {sid: PhoneCounts(n, int(done or 0)) for sid, n, done in rows if sid is not None}


def stored_answers(
    db: Session, session_id: int, question_ids: list[str], held: set[int]
) -> list[StoredAnswer]:
    """The session's answers to these questions, leaving out any a safeguarding alert holds."""
    if not question_ids:
        return []
    rows = db.exec(
        select(Answer.id, Answer.question_id, Answer.value, Answer.skipped)
        .join(Response, col(Response.id) == Answer.response_id)
        .where(Response.live_session_id == session_id)
        .where(col(Answer.question_id).in_(question_ids))
    ).all()
    return [
        StoredAnswer(qid, value, skipped) for aid, qid, value, skipped in rows if aid not in held
    ]
