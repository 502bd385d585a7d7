"""Findings' tables: the facts findings count in SQL, and what corporate parents will do.

The two fact tables are derived data, kept in step with the answers, codings and reviews
they come from (voices.findings.facts writes them), so that a findings page is a few
GROUP BY queries over indexed columns instead of reading every answer's JSON.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from voices.models.respond import utcnow

ACTION_STATUSES = ("planned", "in_progress", "done", "not_doing")


class ClosedAnswerFact(SQLModel, table=True):
    """One option a submitted response chose on one closed question.

    option: the option id (choice, choices: one row per option ticked; "other" for
    "something else"), "yes"/"no"/... for yes_no, the point "1".."5" for a scale.
    number: the scale point, so a mean is AVG(number); None for other types.
    Written when a response is submitted; deleted with the response.
    """

    __tablename__ = "closed_answer_fact"
    __table_args__ = (
        Index("ix_closed_fact_count", "consultation_id", "question_id", "option", "response_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id")
    response_id: int = Field(foreign_key="response.id", index=True)
    question_id: str = Field(max_length=80)
    option: str = Field(max_length=80)
    number: int | None = None


class ThemeMention(SQLModel, table=True):
    """One theme one free-text answer (or group note) speaks to, in one framework.

    reviewed: True when it comes from the item's agreed review (people decided); False
    when it is the engine's suggestion for an item nobody has reviewed yet. An item has
    rows of one kind only. response_id is None for a group note (it counts as one group).
    sentiment: the item's sentiment (positive, negative, mixed, neutral), copied for GROUP BY.
    """

    __tablename__ = "theme_mention"
    __table_args__ = (
        Index(
            "ix_theme_mention_count",
            "consultation_id",
            "framework",
            "theme",
            "reviewed",
            "response_id",
        ),
        # The sentiment balance per theme, read from the index alone (migration 0008).
        Index("ix_theme_mention_sentiment", "consultation_id", "framework", "theme", "sentiment"),
    )

    id: int | None = Field(default=None, primary_key=True)
    consultation_id: int = Field(foreign_key="consultation.id")
    response_id: int | None = Field(default=None, foreign_key="response.id", index=True)
    answer_id: int | None = Field(default=None, foreign_key="answer.id", index=True)
    group_note_id: int | None = Field(default=None, foreign_key="group_note.id", index=True)
    question_id: str | None = Field(default=None, max_length=80)
    framework: str = Field(max_length=80)
    theme: str = Field(max_length=80)
    reviewed: bool = False
    sentiment: str = Field(default="", max_length=20)


class FindingAction(SQLModel, table=True):
    """ "You said, we did": what corporate parents will do about a finding.

    framework/theme name the finding it answers (both None: the consultation as a whole).
    translations: {locale: {"heard": ..., "action": ..., "progress": ...}} for the survey's
    other languages; the public page falls back to these default-language words.
    public: shown on the consultation's public results page (a draft is not).
    """

    __tablename__ = "finding_action"

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    consultation_id: int = Field(foreign_key="consultation.id", index=True)
    framework: str | None = Field(default=None, max_length=80)
    theme: str | None = Field(default=None, max_length=80)
    heard: str = Field(sa_column=Column(Text, nullable=False))  # "You said"
    action: str = Field(sa_column=Column(Text, nullable=False))  # "We will" / "We did"
    owner: str = Field(default="", max_length=200)  # who will do it
    due_on: date | None = None
    status: str = Field(default="planned", max_length=20)  # ACTION_STATUSES
    # The latest news on it, in words for children ("We have started...").
    progress: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    translations: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    public: bool = True
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
