"""Reading and writing responses and answers. Every write commits before the page moves on."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from voices.alerts import outbox, screening
from voices.findings import facts
from voices.models import (
    Answer,
    Consultation,
    Organisation,
    Response,
    SafeguardingAlert,
    utcnow,
)
from voices.models.live import LiveSession
from voices.respond.flow import Stored


def consultation_by_code(session: Session, code: str) -> Consultation | None:
    return session.exec(select(Consultation).where(Consultation.join_code == code)).first()


def consultation_with_organisation(
    session: Session, code: str
) -> tuple[Consultation, Organisation] | None:
    """Both in one round trip: every respondent page needs them."""
    row = session.exec(
        select(Consultation, Organisation)
        .join(Organisation, col(Organisation.id) == col(Consultation.organisation_id))
        .where(Consultation.join_code == code)
    ).first()
    return (row[0], row[1]) if row else None


def live_session_code(session: Session, code: str) -> tuple[int, str] | None:
    """A live session's id and its consultation's join code, for a session's join code."""
    row = session.exec(
        select(LiveSession.id, Consultation.join_code)
        .join(Consultation, col(Consultation.id) == col(LiveSession.consultation_id))
        .where(LiveSession.join_code == code)
    ).first()
    return (row[0], row[1]) if row and row[0] is not None else None


def start_response(session: Session, consultation: Consultation, **fields: Any) -> Response:
    """Create the response for a welcome form's start key, or return the one a double tap made.

    `start_key` is the keyed hash of the form's key: the plain key is never stored.
    """
    existing = session.exec(
        select(Response).where(Response.start_key == fields["start_key"])
    ).first()
    if existing is not None:
        return existing
    response = Response(consultation_id=consultation.id, **fields)
    session.add(response)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        found = session.exec(
            select(Response).where(Response.start_key == fields["start_key"])
        ).one()
        return found
    return response


def discard_response(session: Session, response: Response) -> None:
    """Remove a response in progress and its answers, in one transaction ("start afresh").

    An answer that raised a safeguarding alert is kept with its alert, so the lead still
    sees it; its response is then marked "discarded" and no device can reach it again. Its
    name (named mode) is kept for the lead; other staff pages never list a discarded one.
    """
    alerted = list(
        session.exec(
            select(SafeguardingAlert.answer_id).where(SafeguardingAlert.response_id == response.id)
        )
    )
    keep_row = bool(alerted)
    flagged = {answer_id for answer_id in alerted if answer_id is not None}
    dropped = delete(Answer).where(col(Answer.response_id) == response.id)
    if flagged:
        dropped = dropped.where(col(Answer.id).not_in(flagged))
    facts.forget_response(session, response.id)  # none unless it was ever submitted
    session.exec(dropped)
    if keep_row:
        response.status, response.resume_code_hash = "discarded", None
        response.token_hash = "discarded:" + secrets.token_hex(16)
        # The name stays: in named mode it is how the lead finds the child to follow up.
        session.add(response)
    else:
        session.delete(response)
    session.commit()


def response_by_token(session: Session, consultation_id: int, token_hash: str) -> Response | None:
    return session.exec(
        select(Response).where(
            Response.consultation_id == consultation_id, Response.token_hash == token_hash
        )
    ).first()


@dataclass(frozen=True)
class ResponseState:
    """A response and its answers, read-only: what a page needs to show a question."""

    id: int
    consultation_id: int
    version: str
    status: str
    locale: str
    answers: dict[str, Stored]


# Built once: the question page runs this on every view, and plain Core rows are the cheapest.
_RESPONSE_STATE = (
    sa_select(
        Response.id,
        Response.consultation_id,
        Response.version,
        Response.status,
        Response.locale,
        Answer.question_id,
        Answer.value,
        Answer.skipped,
    )
    .outerjoin(Answer, col(Answer.response_id) == col(Response.id))
    .where(
        col(Response.consultation_id) == bindparam("consultation"),
        col(Response.token_hash) == bindparam("token"),
    )
)


def response_state(session: Session, consultation_id: int, token_hash: str) -> ResponseState | None:
    """The visitor's response and all its answers in one query."""
    rows = (
        session.connection()
        .execute(_RESPONSE_STATE, {"consultation": consultation_id, "token": token_hash})
        .all()
    )
    if not rows:
        return None
    answers = {r.question_id: Stored(r.value, r.skipped) for r in rows if r.question_id}
    first = rows[0]
    return ResponseState(
        first.id, first.consultation_id, first.version, first.status, first.locale, answers
    )


def load_answers(session: Session, response_id: int) -> dict[str, Stored]:
    # Plain columns, not ORM objects: this runs on every page and the objects are never changed.
    rows = session.exec(
        select(Answer.question_id, Answer.value, Answer.skipped).where(
            Answer.response_id == response_id
        )
    )
    return {question_id: Stored(value, skipped) for question_id, value, skipped in rows}


def save_answer(
    session: Session,
    response: Response | ResponseState,
    question_id: str,
    value: dict | None,
    skipped: bool,
    *,
    base_url: str,
) -> None:
    """Insert or replace one answer; a replayed or doubled request leaves exactly one row.

    One upsert statement (the database settles a double tap on its unique key, so there is
    nothing to read first and no retry), then the response's "last touched" time. Free text
    is screened first (outside the transaction; it never raises). An alert it raises, and
    the emails to the leads, commit with the answer or not at all (an outbox). base_url
    makes the link in those emails.
    """
    finding = None if skipped else screening.screen_answer(value, response.locale)
    now = utcnow()
    try:
        upsert = _upsert(session, response.id, question_id, value, skipped, now)
        answer_id = session.exec(upsert).scalar_one()
        session.exec(update(Response).where(col(Response.id) == response.id).values(updated_at=now))
        if finding is not None:
            # The alert names the answer; only its ids are needed, not the row read back.
            saved = Answer(id=answer_id, response_id=response.id, question_id=question_id)
            outbox.raise_alert(session, response, saved, finding, base_url)
        session.commit()
    except Exception:
        # Neither the answer nor its alert: the error page does not claim it was saved.
        session.rollback()
        raise


def _upsert(
    session: Session,
    response_id: int,
    question_id: str,
    value: dict | None,
    skipped: bool,
    now: datetime,
) -> Any:
    """INSERT ... ON CONFLICT (response_id, question_id) DO UPDATE ... RETURNING id."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    fresh = insert(Answer).values(
        response_id=response_id,
        question_id=question_id,
        value=value,
        skipped=skipped,
        updated_at=now,
    )
    changed = {name: fresh.excluded[name] for name in ("value", "skipped", "updated_at")}
    return fresh.on_conflict_do_update(
        index_elements=["response_id", "question_id"], set_=changed
    ).returning(col(Answer.id))


def set_resume_code(
    session: Session, response: Response, code_hash: str, expires: datetime
) -> None:
    response.resume_code_hash, response.resume_expires_at = code_hash, expires
    session.add(response)
    session.commit()


def response_by_resume_code(
    session: Session, consultation_id: int, code_hash: str, now: datetime
) -> Response | None:
    return session.exec(
        select(Response).where(
            Response.consultation_id == consultation_id,
            Response.resume_code_hash == code_hash,
            Response.status == "in_progress",
            col(Response.resume_expires_at) > now,
        )
    ).first()


def replace_token(session: Session, response: Response, token_hash: str) -> None:
    response.token_hash = token_hash
    session.add(response)
    session.commit()


def submit(session: Session, response: Response, visible_ids: set[str]) -> None:
    """Mark the response submitted (once) and drop answers to questions no longer shown.

    An answer that raised a safeguarding alert is kept, so the lead can still read it.
    """
    if response.status == "submitted":
        return
    alerted = select(SafeguardingAlert.answer_id).where(
        SafeguardingAlert.response_id == response.id,
        col(SafeguardingAlert.answer_id).is_not(None),
    )
    session.exec(
        delete(Answer).where(
            col(Answer.response_id) == response.id,
            col(Answer.question_id).not_in(visible_ids),
            col(Answer.id).not_in(alerted),
        )
    )
    response.status, response.submitted_at = "submitted", utcnow()
    response.resume_code_hash = None
    session.add(response)
    facts.record_closed_answers(session, response)  # free text: when coded (code_missing)
    session.commit()
