"""The live-sessions and group-notes part of a consultation's page (queries for its template)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from voices.live import store
from voices.models import Consultation
from voices.staff.live.notes import notes_of


def context(db: Session, consultation: Consultation) -> dict[str, Any]:
    if consultation.id is None:
        raise ValueError("a consultation not yet saved has no live sessions")
    sessions = store.sessions_of(db, consultation.id)
    return {
        "live_sessions": sessions,
        "running": next((s for s in sessions if s.ended_at is None), None),
        "live_codes": {s.id: s.join_code for s in sessions},
        "live_counts": store.counts_by_session(db, consultation.id),
        "group_notes": notes_of(db, consultation.id),
    }
