"""Queries for "you said, we did" actions. Every one is scoped by organisation and consultation."""

from __future__ import annotations

from sqlmodel import Session, col, select

from voices.models.findings import FindingAction
from voices.models.respond import utcnow
from voices.numbers import record_id
from voices.staff.actions.forms import ActionForm, Clean

STATUS_ORDER = {"in_progress": 0, "planned": 1, "done": 2, "not_doing": 3}


def actions_of(db: Session, consultation_id: int, public_only: bool = False) -> list[FindingAction]:
    """A consultation's actions: the whole consultation first, then by theme, oldest first."""
    query = select(FindingAction).where(FindingAction.consultation_id == consultation_id)
    if public_only:
        query = query.where(col(FindingAction.public).is_(True))
    rows = db.exec(query.order_by(col(FindingAction.created_at), col(FindingAction.id))).all()
    return list(rows)


def action_in(
    db: Session, organisation_id: int, consultation_id: int, act: str
) -> FindingAction | None:
    """The action only if it belongs to this consultation of this organisation."""
    if (number := record_id(act)) is None:
        return None
    found = db.get(FindingAction, number)
    if found is None or found.consultation_id != consultation_id:
        return None
    return found if found.organisation_id == organisation_id else None


def apply(row: FindingAction, clean: Clean) -> FindingAction:
    """Copies a checked form onto the row (a new one or an edited one)."""
    for name, value in vars(clean).items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    return row


def as_form(row: FindingAction, locales: list[str]) -> ActionForm:
    """The stored action as the form shows it for editing."""
    theme = f"{row.framework}:{row.theme}" if row.framework and row.theme else ""
    translations = {
        locale: {
            part: (row.translations.get(locale) or {}).get(part, "")
            for part in ("heard", "action", "progress")
        }
        for locale in locales
    }
    return ActionForm(
        theme=theme,
        heard=row.heard,
        action=row.action,
        owner=row.owner,
        due_on=row.due_on.isoformat() if row.due_on else "",
        status=row.status,
        progress=row.progress,
        public="yes" if row.public else "no",
        translations=translations,
    )
