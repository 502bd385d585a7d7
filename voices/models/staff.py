"""Staff tables: people, their roles in organisations, sessions, single-use links, the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from voices.models.respond import utcnow

# admin: people and settings; worker: consultations, answers, review; safeguarding: alerts;
# viewer: aggregated findings only, never one child's answers.
ROLES = ("admin", "worker", "safeguarding", "viewer")


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, max_length=254)  # stored lower-cased
    display_name: str = Field(default="", max_length=120)
    password_hash: str = Field(default="", max_length=255)  # argon2id; "" until an invite is used
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    password_changed_at: datetime | None = None


class Membership(SQLModel, table=True):
    """One role a person holds in one organisation (a person may hold several)."""

    __table_args__ = (UniqueConstraint("user_id", "organisation_id", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    organisation_id: int = Field(foreign_key="organisation.id", index=True)
    role: str = Field(max_length=20)
    created_at: datetime = Field(default_factory=utcnow)


class StaffSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random id; only its keyed hash is stored."""

    __tablename__ = "staff_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)


class StaffToken(SQLModel, table=True):
    """A single-use link: an invitation to join an organisation, or a password reset."""

    __tablename__ = "staff_token"

    token_hash: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=20)  # "invite" or "reset"
    email: str = Field(max_length=254)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    role: str | None = Field(default=None, max_length=20)
    created_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class AuditEvent(SQLModel, table=True):
    """Append-only: who did what to which record. Never a child's words."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id", index=True)
    actor_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    action: str = Field(max_length=60, index=True)  # e.g. "sign_in", "response.view"
    target_type: str = Field(default="", max_length=40)
    target_id: str = Field(default="", max_length=80)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
