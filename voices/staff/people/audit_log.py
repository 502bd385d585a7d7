"""Reading the audit log for one organisation: its own events, and its members' sign-ins.

Events with no organisation (signing in and out, password changes) belong to a person, not an
organisation, so every organisation that person belongs to sees them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from voices.models import AuditEvent, Membership, User

PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    action: str = ""
    actor_id: int | None = None
    since: date | None = None
    until: date | None = None  # inclusive
    page: int = 1


@dataclass(frozen=True)
class Row:
    event: AuditEvent
    actor: User | None


def _scope(db: Session, organisation_id: int):
    member_ids = select(Membership.user_id).where(Membership.organisation_id == organisation_id)
    return or_(
        col(AuditEvent.organisation_id) == organisation_id,
        and_(col(AuditEvent.organisation_id).is_(None), col(AuditEvent.actor_id).in_(member_ids)),
    )


def events(db: Session, organisation_id: int, filters: Filters) -> tuple[list[Row], bool]:
    """One page of events, newest first, and whether there is a further page."""
    query = select(AuditEvent, User).outerjoin(User, col(User.id) == col(AuditEvent.actor_id))
    query = query.where(_scope(db, organisation_id))
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.actor_id is not None:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.since is not None:
        query = query.where(
            col(AuditEvent.at) >= datetime.combine(filters.since, time.min, tzinfo=UTC)
        )
    if filters.until is not None:
        end = datetime.combine(filters.until + timedelta(days=1), time.min, tzinfo=UTC)
        query = query.where(col(AuditEvent.at) < end)
    offset = (max(filters.page, 1) - 1) * PAGE_SIZE
    query = query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    rows = db.exec(query.offset(offset).limit(PAGE_SIZE + 1)).all()
    return [Row(event, actor) for event, actor in rows[:PAGE_SIZE]], len(rows) > PAGE_SIZE


def actions(db: Session, organisation_id: int) -> list[str]:
    query = select(AuditEvent.action).where(_scope(db, organisation_id)).distinct()
    return sorted(db.exec(query).all())


def people(db: Session, organisation_id: int) -> list[User]:
    """Everyone who appears as an actor in this organisation's log, or is a member now."""
    actor_ids = select(AuditEvent.actor_id).where(_scope(db, organisation_id))
    member_ids = select(Membership.user_id).where(Membership.organisation_id == organisation_id)
    query = select(User).where(or_(col(User.id).in_(actor_ids), col(User.id).in_(member_ids)))
    return list(db.exec(query.order_by(col(User.email))).all())
