"""Shared by the live-session HTTP tests: a consultation, a session, phones that answered."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from sqlmodel import Session

from voices.models import Answer, Consultation, LiveSession, Organisation, Response, utcnow

_serial = itertools.count()


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
    n = next(_serial)
    response = Response(
        consultation_id=consultation.id,
        start_key=f"live-start-{n}",
        token_hash=f"live-token-{n}",
        version="12-17",
        locale="en",
        status=status,
        live_session_id=live.id if live else None,
    )
    session.add(response)
    session.flush()
    for question_id, value in answers.items():
        session.add(
            Answer(
                response_id=response.id,
                question_id=question_id,
                value=value,
                skipped=value is None,
            )
        )
    session.commit()
    return response
