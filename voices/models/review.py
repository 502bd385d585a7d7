"""What the engine suggested for each free-text answer (or group note), what people decided,
which quotes may be used, and the models an organisation's reviewed codes trained."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from voices.models.respond import utcnow


class AnswerCoding(SQLModel, table=True):
    """The engine's suggestions for one answer or one group note, stored when it was coded.

    suggestions: {framework_id: [{"theme": id, "score": float,
                                  "evidence": [[start, end, words], ...]}, ...]}
    Offsets index the coded text (voices.review.coding.coded_text of the answer's value).
    """

    __tablename__ = "answer_coding"

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    answer_id: int | None = Field(default=None, foreign_key="answer.id", unique=True)
    group_note_id: int | None = Field(default=None, foreign_key="group_note.id", unique=True)
    suggestions: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    sentiment: str = Field(default="", max_length=20)  # positive, negative, mixed, neutral
    polarity: float = 0.0
    engine_version: str = Field(default="", max_length=80)
    coded_at: datetime = Field(default_factory=utcnow)


class CodeReview(SQLModel, table=True):
    """One reviewer's themes for one answer or note: {framework_id: [theme ids]}.

    Accepted = suggested and kept; rejected = suggested and left out; added = kept but not
    suggested. A blind review was made without seeing anyone else's; the first (not blind)
    review of an item is the agreed one.
    """

    __tablename__ = "code_review"
    __table_args__ = (
        UniqueConstraint("answer_id", "reviewer_id"),
        UniqueConstraint("group_note_id", "reviewer_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    answer_id: int | None = Field(default=None, foreign_key="answer.id", index=True)
    group_note_id: int | None = Field(default=None, foreign_key="group_note.id", index=True)
    reviewer_id: int = Field(foreign_key="user.id", index=True)
    themes: dict[str, list[str]] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    blind: bool = False
    # Disagreements settled on this (agreed) review, oldest first: [{"framework", "theme",
    # "before": bool, "use": bool, "by": user id, "at": iso time}]. "before" keeps what the
    # review said as first made, so agreement figures stay those of the two first codings.
    settlements: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class QuoteApproval(SQLModel, table=True):
    """A reviewer's "OK to quote": only this redacted copy may ever leave the review screen."""

    __tablename__ = "quote_approval"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    answer_id: int = Field(foreign_key="answer.id", unique=True)
    redacted_text: str = Field(sa_column=Column(Text, nullable=False))
    approved_by_id: int | None = Field(default=None, foreign_key="user.id")
    approved_at: datetime = Field(default_factory=utcnow)


class LearnedModel(SQLModel, table=True):
    """A framework's coder retrained from one organisation's reviewed codes.

    examples: the CodeReview ids it learned from (the texts are read from the answers, so
    erasing an answer erases it from the next model too). measures: suggestions accepted
    before and after, e.g. {"items": 120, "before": {...}, "after": {...}}.
    """

    __tablename__ = "learned_model"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    framework: str = Field(max_length=80)
    examples: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    measures: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
