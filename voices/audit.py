"""The audit log: who did what to which record. Never a child's words, never a password.

Append-only: this module has `record` and nothing else that writes; there is no update or
delete function anywhere, and the ORM refuses to flush a changed or deleted AuditEvent (the
listeners below). Reading is in `voices.staff.people.audit_log`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
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


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


def _refuse(_mapper, _connection, target: AuditEvent) -> None:
    raise AppendOnlyError(f"audit event {target.id} cannot be changed or deleted")


event.listen(AuditEvent, "before_update", _refuse)
event.listen(AuditEvent, "before_delete", _refuse)
