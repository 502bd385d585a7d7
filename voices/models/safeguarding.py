"""Safeguarding tables: alerts raised by answers, and the email outbox a mailer drains."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from voices.models.respond import utcnow

# alert: a strong signal, emailed at once; check: weaker or past, queued without email;
# unscreened: written in a language the engine cannot screen, so a person must read it.
TIERS = ("alert", "check", "unscreened")


class SafeguardingAlert(SQLModel, table=True):
    """Written in the same transaction as the answer that raised it."""

    __tablename__ = "safeguarding_alert"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    answer_id: int | None = Field(default=None, foreign_key="answer.id", index=True)
    question_id: str = Field(max_length=80)
    tier: str = Field(max_length=20, index=True)
    # Categories and character offsets into the answer, never the words themselves.
    reasons: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    engine_version: str = Field(default="", max_length=40)
    status: str = Field(default="open", max_length=20, index=True)  # open, acknowledged, closed
    created_at: datetime = Field(default_factory=utcnow, index=True)
    acknowledged_at: datetime | None = None
    acknowledged_by_id: int | None = Field(default=None, foreign_key="user.id")
    escalated_at: datetime | None = None
    closed_at: datetime | None = None
    closed_by_id: int | None = Field(default=None, foreign_key="user.id")
    outcome: str | None = Field(default=None, max_length=20)  # "concern" or "false_alarm"
    action_taken: str = Field(default="", max_length=4000)


class OutboxEmail(SQLModel, table=True):
    """An email waiting to be sent; the mailer retries until it goes. No child's words."""

    __tablename__ = "outbox_email"

    id: int | None = Field(default=None, primary_key=True)
    to_address: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str = Field(max_length=8000)
    kind: str = Field(max_length=40)  # "alert", "escalation", "invite", "reset"
    alert_id: int | None = Field(default=None, foreign_key="safeguarding_alert.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    sent_at: datetime | None = Field(default=None, index=True)
    last_error: str = Field(default="", max_length=300)
