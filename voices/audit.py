"""The audit log: who did what to which record. Never a child's words, never a password."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from voices.models import AuditEvent


def record(
    session: Session,
    action: str,
    *,
    actor_id: int | None = None,
    organisation_id: int | None = None,
    target_type: str = "",
    target_id: str | int = "",
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one event to the session; the caller commits it with the change it describes."""
    event = AuditEvent(
        action=action,
        actor_id=actor_id,
        organisation_id=organisation_id,
        target_type=target_type,
        target_id=str(target_id),
        detail=detail or {},
    )
    session.add(event)
    return event
