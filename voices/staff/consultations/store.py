"""Queries for the consultation screens. Every one is scoped by organisation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from voices.codes import generate_join_code
from voices.live.store import code_taken
from voices.models import Answer, Consultation, Response
from voices.models.respond import utcnow
from voices.numbers import record_id

CODE_TRIES = 10


@dataclass(frozen=True)
class Counts:
    started: int = 0
    completed: int = 0


def consultation_in(db: Session, organisation_id: int, consultation_id: str) -> Consultation | None:
    """The consultation only if it belongs to this organisation (another org's id: None)."""
    if (number := record_id(consultation_id)) is None:
        return None
    found = db.get(Consultation, number)
    return found if found is not None and found.organisation_id == organisation_id else None


def list_with_counts(db: Session, organisation_id: int) -> list[tuple[Consultation, Counts]]:
    consultations = db.exec(
        select(Consultation)
        .where(Consultation.organisation_id == organisation_id)
        .order_by(col(Consultation.opens_at).desc(), col(Consultation.id).desc())
    ).all()
    counts = _counts(db, [c.id for c in consultations if c.id is not None])
    return [(c, counts.get(c.id or 0, Counts())) for c in consultations]


def _counts(db: Session, ids: list[int]) -> dict[int, Counts]:
    if not ids:
        return {}
    completed = func.sum(case((Response.status == "submitted", 1), else_=0))
    rows = db.exec(
        select(Response.consultation_id, func.count(), completed)
        .where(col(Response.consultation_id).in_(ids))
        .group_by(Response.consultation_id)
    ).all()
    return {cid: Counts(started=n, completed=int(done or 0)) for cid, n, done in rows}


def counts_for(db: Session, consultation_id: int) -> Counts:
    return _counts(db, [consultation_id]).get(consultation_id, Counts())


def by_version(db: Session, consultation_id: int) -> list[tuple[str, int, int]]:
    completed = func.sum(case((Response.status == "submitted", 1), else_=0))
    rows = db.exec(
        select(Response.version, func.count(), completed)
        .where(Response.consultation_id == consultation_id)
        .group_by(Response.version)
        .order_by(Response.version)
    ).all()
    return [(version, n, int(done or 0)) for version, n, done in rows]


def by_day(db: Session, consultation_id: int) -> list[tuple[str, int]]:
    """Responses started per UTC day (timestamps are stored in UTC)."""
    day = func.substr(func.cast(Response.created_at, _text()), 1, 10)
    rows = db.exec(
        select(day, func.count())
        .where(Response.consultation_id == consultation_id)
        .group_by(day)
        .order_by(day)
    ).all()
    return [(str(d), n) for d, n in rows]


def _text():
    from sqlalchemy import String

    return String()


def insert_with_code(db: Session, consultation: Consultation) -> Consultation:
    """Adds and commits with a fresh join code, trying again if the code is taken."""
    for _attempt in range(CODE_TRIES):
        consultation.join_code = generate_join_code()
        if code_taken(db, consultation.join_code):  # a live session's code: /c/ is shared
            continue
        db.add(consultation)
        try:
            db.flush()
            return consultation
        except IntegrityError:
            db.rollback()
    raise RuntimeError("no free join code after several tries")


def close_now(consultation: Consultation, now: datetime | None = None) -> None:
    now = now or utcnow()
    consultation.closes_at = now
    if consultation.opens_at > now:
        consultation.opens_at = now


# A response the child deleted ("start again") that an alert kept: the lead's pages only.
DISCARDED = "discarded"


def responses_page(
    db: Session, consultation_id: int, page: int, per_page: int
) -> tuple[list[Response], int]:
    total = db.exec(
        select(func.count())
        .select_from(Response)
        .where(Response.consultation_id == consultation_id, Response.status != DISCARDED)
    ).one()
    rows = db.exec(
        select(Response)
        .where(Response.consultation_id == consultation_id, Response.status != DISCARDED)
        .order_by(col(Response.created_at), col(Response.id))
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return list(rows), int(total)


def answers_of(db: Session, response_ids: list[int]) -> list[Answer]:
    if not response_ids:
        return []
    return list(db.exec(select(Answer).where(col(Answer.response_id).in_(response_ids))).all())


def response_in(db: Session, consultation_id: int, response_id: str) -> Response | None:
    if (number := record_id(response_id)) is None:
        return None
    found = db.get(Response, number)
    if found is None or found.status == DISCARDED:  # the child asked for it to go
        return None
    return found if found.consultation_id == consultation_id else None
