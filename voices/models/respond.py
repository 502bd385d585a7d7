"""The respondent side's tables: organisations, consultations, responses, answers, rate limits."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Organisation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, max_length=80)
    name: str = Field(max_length=200)
    # Shown on the thank-you page under "where to get help now".
    help_contact: str = Field(default="", max_length=500)
    # Findings show a count of respondents below this as "fewer than N" (disclosure control).
    disclosure_threshold: int = 5
    # Retention (voices purge): an unfinished response and its resume code are deleted this
    # many days after it was last touched; a named response loses its name and reference
    # this many days after it was submitted, keeping its answers and reviewed codes.
    unfinished_retention_days: int = 30
    named_retention_days: int = 365
    created_at: datetime = Field(default_factory=utcnow)


class Consultation(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    title: str = Field(max_length=200)
    survey_id: str = Field(max_length=80)
    join_code: str = Field(unique=True, max_length=12)
    versions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    locales: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    anonymous: bool = True
    who_is_asking: str = Field(default="", max_length=500)
    who_sees: str = Field(default="", max_length=500)
    # Framework ids the free-text answers are coded against (surveys/frameworks/*.yaml).
    frameworks: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The earlier round this one repeats (made by "duplicate for the next round").
    previous_round_id: int | None = Field(default=None, foreign_key="consultation.id")
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    opens_at: datetime = Field(default_factory=utcnow)
    closes_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)


class Response(SQLModel, table=True):
    """One young person's answers to one consultation."""

    # Findings count submitted responses of a consultation, filtered by date and version.
    __table_args__ = (
        Index("ix_response_findings", "consultation_id", "status", "submitted_at", "version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    # The welcome form's one-time key: a double tap on "Start" finds this row again.
    start_key: str = Field(unique=True, max_length=64)
    token_hash: str = Field(unique=True, max_length=64)
    version: str = Field(max_length=40)
    locale: str = Field(max_length=10)
    respondent_name: str | None = Field(default=None, max_length=100)
    # In named mode, the reference a worker linked this response to (e.g. before a review).
    reference: str | None = Field(default=None, max_length=100)
    status: str = Field(default="in_progress", max_length=20, index=True)
    # Given on a phone (or the kiosk tablet) in a worker's live session.
    live_session_id: int | None = Field(default=None, foreign_key="live_session.id", index=True)
    resume_code_hash: str | None = Field(default=None, max_length=64, index=True)
    resume_expires_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None


class Answer(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: int | None = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", index=True)
    question_id: str = Field(max_length=80)
    value: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    skipped: bool = False
    updated_at: datetime = Field(default_factory=utcnow)


class RateLimitBucket(SQLModel, table=True):
    """Counts events per key in a fixed window, in the database so every server shares it."""

    __tablename__ = "rate_limit_bucket"

    key: str = Field(primary_key=True, max_length=100)
    window_start: datetime = Field(default_factory=utcnow)
    count: int = 0
