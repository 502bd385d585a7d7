"""Queries and conditional updates for the alert pages, always scoped to one organisation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, func
from sqlmodel import Session, col, select, update

from voices.models import SafeguardingAlert, User, utcnow

MAX_ACTION_TEXT = 4000


def queue(db: Session, organisation_id: int, status: str = "", tier: str = ""):
    """Alerts for the queue: active first, strongest tier first, oldest first."""
    query = select(SafeguardingAlert).where(SafeguardingAlert.organisation_id == organisation_id)
    if status in ("open", "acknowledged", "closed"):
        query = query.where(SafeguardingAlert.status == status)
    elif status != "all":
        query = query.where(col(SafeguardingAlert.status).in_(["open", "acknowledged"]))
    if tier in ("alert", "unscreened", "check"):
        query = query.where(SafeguardingAlert.tier == tier)
    active = case((col(SafeguardingAlert.status) == "closed", 1), else_=0)
    rank = case(
        (col(SafeguardingAlert.tier) == "alert", 0),
        (col(SafeguardingAlert.tier) == "unscreened", 1),
        else_=2,
    )
    query = query.order_by(
        active, rank, col(SafeguardingAlert.created_at), col(SafeguardingAlert.id)
    )
    return list(db.exec(query.limit(500)).all())


def open_count(db: Session, organisation_id: int) -> int:
    return db.exec(
        select(func.count()).where(
            SafeguardingAlert.organisation_id == organisation_id,
            SafeguardingAlert.status == "open",
        )
    ).one()


def alert_in(db: Session, organisation_id: int, alert_id: int) -> SafeguardingAlert | None:
    alert = db.get(SafeguardingAlert, alert_id, populate_existing=True)
    return alert if alert is not None and alert.organisation_id == organisation_id else None


def entry(user: User, note: str, now: datetime) -> str:
    """One line of the history: appended, never overwritten."""
    return f"{now:%Y-%m-%d %H:%M} UTC, {user.display_name or user.email}: {note.strip()}\n"


def _update(db: Session, alert_id: int, where: list, values: dict) -> bool:
    result = db.exec(
        update(SafeguardingAlert)
        .where(col(SafeguardingAlert.id) == alert_id, *where)
        .values(**values)
    )
    return result.rowcount == 1


def _appended(text: str):
    # Appended in SQL, so two leads writing at once both keep their note.
    return {"action_taken": col(SafeguardingAlert.action_taken) + text}


def _fits(text: str):
    return func.length(col(SafeguardingAlert.action_taken)) + len(text) <= MAX_ACTION_TEXT


def acknowledge(db: Session, alert_id: int, user: User) -> bool:
    now = utcnow()
    return _update(
        db,
        alert_id,
        [col(SafeguardingAlert.status) == "open"],
        {"status": "acknowledged", "acknowledged_at": now, "acknowledged_by_id": user.id},
    )


def add_note(db: Session, alert_id: int, user: User, note: str) -> bool:
    text = entry(user, note, utcnow())
    return _update(db, alert_id, [_fits(text)], _appended(text))


def close(db: Session, alert_id: int, user: User, outcome: str, note: str) -> bool:
    now = utcnow()
    label = "Closed: real concern" if outcome == "concern" else "Closed: false alarm"
    text = entry(user, f"{label}. {note}", now)
    values = {"status": "closed", "closed_at": now, "closed_by_id": user.id, "outcome": outcome}
    where = [col(SafeguardingAlert.status) != "closed", _fits(text)]
    return _update(db, alert_id, where, values | _appended(text))


def reopen(db: Session, alert_id: int, user: User) -> bool:
    text = entry(user, "Reopened.", utcnow())
    values = {"status": "acknowledged", "closed_at": None, "closed_by_id": None, "outcome": None}
    where = [col(SafeguardingAlert.status) == "closed", _fits(text)]
    return _update(db, alert_id, where, values | _appended(text))
