"""A small world for retention tests: every kind of row purge must remove or keep."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel, func, select

from voices.findings import facts
from voices.models import (
    Answer,
    AnswerCoding,
    ClosedAnswerFact,
    CodeReview,
    Consultation,
    Organisation,
    OutboxEmail,
    RateLimitBucket,
    Response,
    SafeguardingAlert,
    StaffSession,
    StaffToken,
    ThemeMention,
    User,
    utcnow,
)

_keys = itertools.count(1)


@dataclass
class World:
    organisation: Organisation
    consultation: Consultation
    now: datetime
    ids: dict[str, int] = field(default_factory=dict)  # response name -> id


def _response(db: Session, w: World, name: str, status: str, touched_days: float, **extra):
    n = next(_keys)
    touched = w.now - timedelta(days=touched_days)
    row = Response(
        consultation_id=w.consultation.id,
        start_key=f"retention-sk-{n}",
        token_hash=f"retention-th-{n}",
        version="8-11",
        locale="en",
        status=status,
        created_at=touched - timedelta(minutes=30),
        updated_at=touched,
        submitted_at=touched if status == "submitted" else None,
        **extra,
    )
    db.add(row)
    db.flush()
    w.ids[name] = row.id
    closed = Answer(response_id=row.id, question_id="home-feel", value={"value": 4})
    words = Answer(response_id=row.id, question_id="say", value={"text": "my words here"})
    db.add_all([closed, words])
    db.flush()
    db.add(
        AnswerCoding(
            consultation_id=w.consultation.id,
            answer_id=words.id,
            suggestions={"shanarri": [{"theme": "safe", "score": 1.0, "evidence": []}]},
        )
    )
    return row, words


def _alert(
    db: Session, w: World, response: Response, answer: Answer, status: str, outcome=None
) -> None:
    alert = SafeguardingAlert(
        organisation_id=w.organisation.id,
        consultation_id=w.consultation.id,
        response_id=response.id,
        answer_id=answer.id,
        question_id=answer.question_id,
        tier="alert",
        status=status,
        outcome=outcome,
    )
    db.add(alert)
    db.flush()
    sent = w.now - timedelta(days=40)
    db.add(
        OutboxEmail(
            to_address="lead@example.org",
            subject="Alert",
            body="A link",
            kind="alert",
            alert_id=alert.id,
            sent_at=sent if status == "closed" else None,
        )
    )


def build(db: Session, slug: str = "retention-council") -> World:
    """Responses named by what purge must do with them, with answers, codings and alerts."""
    org = Organisation(slug=slug, name="Retention Council")
    db.add(org)
    db.flush()
    c = Consultation(
        organisation_id=org.id,
        title="Retention",
        survey_id="all-types",
        join_code=f"R{next(_keys):05d}",
        versions=["8-11"],
        locales=["en"],
        frameworks=["shanarri"],
        anonymous=False,
    )
    db.add(c)
    db.flush()
    w = World(org, c, utcnow())
    reviewer = User(email=f"reviewer-{next(_keys)}@example.org")
    db.add(reviewer)
    db.flush()
    expired = {
        "resume_code_hash": f"rc{next(_keys)}",
        "resume_expires_at": w.now - timedelta(days=1),
    }
    _response(db, w, "old_unfinished", "in_progress", 40, **expired)
    _response(
        db,
        w,
        "old_unfinished_live_code",
        "in_progress",
        40,
        resume_code_hash=f"rc{next(_keys)}",
        resume_expires_at=w.now + timedelta(days=1),
    )
    _response(
        db,
        w,
        "fresh_unfinished",
        "in_progress",
        5,
        resume_code_hash=f"rc{next(_keys)}",
        resume_expires_at=w.now + timedelta(days=2),
    )
    _response(
        db,
        w,
        "fresh_expired_code",
        "in_progress",
        5,
        **{**expired, "resume_code_hash": f"rc{next(_keys)}"},
    )
    for status, outcome in (("open", None), ("acknowledged", None), ("closed", "false_alarm")):
        row, words = _response(db, w, f"old_unfinished_{status}_alert", "in_progress", 40)
        _alert(db, w, row, words, status, outcome)
    # A concern is a safeguarding record: its response stays, as erasure keeps it too.
    row, words = _response(db, w, "old_unfinished_concern_alert", "in_progress", 40)
    _alert(db, w, row, words, "closed", "concern")
    row, words = _response(db, w, "old_discarded_closed_alert", "discarded", 40)
    _alert(db, w, row, words, "closed", "false_alarm")
    named = {"respondent_name": "Sam", "reference": "REF-1"}
    for name, days in (("old_named", 400), ("recent_named", 10)):
        row, words = _response(db, w, name, "submitted", days, **named)
        db.add(
            CodeReview(
                consultation_id=c.id,
                answer_id=words.id,
                reviewer_id=reviewer.id,
                themes={"shanarri": ["safe"]},
            )
        )
    for status in ("open", "acknowledged", "closed"):
        row, words = _response(db, w, f"old_named_{status}_alert", "submitted", 400, **named)
        _alert(db, w, row, words, status, "concern" if status == "closed" else None)
    db.flush()
    for response in db.exec(select(Response).where(Response.consultation_id == c.id)).all():
        facts.record_response(db, response)
    return w


def housekeeping_rows(db: Session, now: datetime) -> None:
    """One dead and one live row of each housekeeping kind."""
    user = User(email=f"staff-{next(_keys)}@example.org")
    db.add(user)
    db.flush()
    old, recent = now - timedelta(days=40), now - timedelta(seconds=30)
    db.add(
        StaffSession(
            token_hash=f"s-old-{next(_keys)}", user_id=user.id, created_at=old, last_seen_at=old
        )
    )
    db.add(
        StaffSession(
            token_hash=f"s-new-{next(_keys)}",
            user_id=user.id,
            created_at=recent,
            last_seen_at=recent,
        )
    )
    db.add(
        StaffToken(
            token_hash=f"t-old-{next(_keys)}", kind="invite", email="a@example.org", expires_at=old
        )
    )
    db.add(
        StaffToken(
            token_hash=f"t-new-{next(_keys)}",
            kind="invite",
            email="b@example.org",
            expires_at=now + timedelta(days=1),
        )
    )
    db.add(RateLimitBucket(key=f"old-{next(_keys)}", window_start=old, count=3))
    db.add(RateLimitBucket(key=f"new-{next(_keys)}", window_start=recent, count=3))
    for sent in (old, recent, None):
        db.add(
            OutboxEmail(
                to_address="x@example.org",
                subject="Invite",
                body="link",
                kind="invite",
                sent_at=sent,
            )
        )
    db.flush()


def snapshot(conn: Connection) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order: to compare two databases row for row."""
    found = {}
    for table in SQLModel.metadata.sorted_tables:
        order = list(table.primary_key.columns)
        rows = conn.execute(sa_select(table).order_by(*order)).all()
        found[table.name] = [tuple(row) for row in rows]
    return found


def fact_counts(db: Session, consultation_id: int) -> tuple[int, int]:
    closed = db.exec(
        select(func.count())
        .select_from(ClosedAnswerFact)
        .where(ClosedAnswerFact.consultation_id == consultation_id)
    ).one()
    mentions = db.exec(
        select(func.count())
        .select_from(ThemeMention)
        .where(ThemeMention.consultation_id == consultation_id)
    ).one()
    return closed, mentions
