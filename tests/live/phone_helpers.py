"""Live sessions for the phone tests: rows made directly, as the facilitator screen would."""

from __future__ import annotations

from sqlmodel import Session

from voices.models import Consultation, utcnow
from voices.models.live import LiveSession

ROOM_CODE = "PHN3XY"  # a room of phones
KIOSK_CODE = "KQ4TAD"  # one tablet passed round


def make_live(
    session: Session, consultation: Consultation, code: str = ROOM_CODE, **fields
) -> LiveSession:
    live = LiveSession(
        organisation_id=consultation.organisation_id,
        consultation_id=consultation.id,
        join_code=code,
        **fields,
    )
    session.add(live)
    session.commit()
    return live


def move_to(session: Session, live: LiveSession, question_id: str | None) -> None:
    """The facilitator moves the group on (what the facilitator screen writes)."""
    live.current_question_id = question_id
    session.add(live)
    session.commit()


def end(session: Session, live: LiveSession) -> None:
    live.ended_at = utcnow()
    session.add(live)
    session.commit()
