"""Shared by the live-session HTTP tests: a consultation, a session, phones that answered."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import Session

from tests.worlds import add_response
from voices.models import Consultation, LiveSession, Organisation, Response, utcnow


def make_open_consultation(
    session: Session, org: Organisation, code: str = "LVQ3TX"
) -> Consultation:
    consultation = Consultation(
        organisation_id=org.id,
        title="Live test",
        survey_id="all-types",
        join_code=code,
        versions=["8-11", "12-17"],
        locales=["en"],
        frameworks=["shanarri"],
        opens_at=utcnow() - timedelta(days=1),
    )
    session.add(consultation)
    session.commit()
    return consultation


def make_session(
    session: Session, consultation: Consultation, code: str = "MQ4WRT", pace: str = "self"
) -> LiveSession:
    live = LiveSession(
        organisation_id=consultation.organisation_id,
        consultation_id=consultation.id,
        join_code=code,
        pace=pace,
    )
    session.add(live)
    session.commit()
    return live


def phone(
    session: Session,
    consultation: Consultation,
    live: LiveSession | None,
    answers: dict[str, Any],
    status: str = "in_progress",
) -> Response:
    """A phone's response with answers: {question id: value dict, or None for a skip}."""
    live_session_id = live.id if live else None
    response, _ = add_response(
        session, consultation, answers, status=status, live_session_id=live_session_id
    )
    session.commit()
    return response
