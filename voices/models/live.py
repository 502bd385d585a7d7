"""Live group sessions run by a worker in a room, and the notes a worker types up from one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from voices.models.respond import utcnow

PACES = ("self", "presenter")  # self-paced (the default) or following the facilitator


class LiveSession(SQLModel, table=True):
    """A worker's live session for one consultation. Phones join with its own code, so the
    responses given in the room are told apart from those given alone."""

    __tablename__ = "live_session"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    join_code: str = Field(unique=True, max_length=12)
    pace: str = Field(default="self", max_length=20)
    # One shared tablet passed round: back to welcome after each "thank you", no resume.
    kiosk: bool = False
    # Presenter-paced: the question the facilitator is on (None: not started yet).
    current_question_id: str | None = Field(default=None, max_length=80)
    started_by_id: int | None = Field(default=None, foreign_key="user.id")
    started_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None

    @property
    def is_live(self) -> bool:
        return self.ended_at is None


class GroupNote(SQLModel, table=True):
    """Points a worker typed up from a discussion: coded like an answer, counted as one group."""

    __tablename__ = "group_note"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    live_session_id: int | None = Field(default=None, foreign_key="live_session.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    participants: int
    age_min: int
    age_max: int
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
