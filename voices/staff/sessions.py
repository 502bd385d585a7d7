"""Server-held staff sessions. The cookie carries a random token; the store keeps its keyed hash.

`SessionStore` is the small interface both stores implement: `DatabaseSessions` (the
`staff_session` table, the default) and `RedisSessions` (voices/staff/redis_sessions.py, when
VOICES_REDIS_URL is set).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlmodel import Session, delete, select
from starlette.requests import Request
from starlette.responses import Response

from voices.models import StaffSession, utcnow
from voices.security import keyed_hash, new_token
from voices.settings import Settings

COOKIE = "voices_staff"
COOKIE_PATH = "/staff"
# Touching last_seen_at on every request would write on every page; a minute is precise enough.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Timeouts:
    idle: timedelta
    absolute: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> Timeouts:
        return cls(
            idle=timedelta(minutes=settings.staff_idle_minutes),
            absolute=timedelta(hours=settings.staff_max_hours),
        )

    def expired(self, created_at: datetime, last_seen_at: datetime, now: datetime) -> bool:
        return now - last_seen_at >= self.idle or now - created_at >= self.absolute


class SessionStore(Protocol):
    def create(self, user_id: int) -> str: ...  # returns the token for the cookie
    def user_for(self, token: str) -> int | None: ...  # checks timeouts, refreshes idle
    def end(self, token: str) -> None: ...
    def end_all(self, user_id: int, except_token: str | None = None) -> None: ...


class DatabaseSessions:
    """Sessions in the staff_session table; each call commits its own small change."""

    def __init__(self, db: Session, secret: str, timeouts: Timeouts) -> None:
        self.db, self.secret, self.timeouts = db, secret, timeouts

    def _hash(self, token: str) -> str:
        return keyed_hash(self.secret, "staff-session:" + token)

    def create(self, user_id: int) -> str:
        token = new_token()
        self.db.add(StaffSession(token_hash=self._hash(token), user_id=user_id))
        self.db.commit()
        return token

    def user_for(self, token: str) -> int | None:
        row = self.db.get(StaffSession, self._hash(token))
        if row is None:
            return None
        now = utcnow()
        if self.timeouts.expired(row.created_at, row.last_seen_at, now):
            self.db.delete(row)
            self.db.commit()
            return None
        if now - row.last_seen_at >= TOUCH_EVERY:
            row.last_seen_at = now
            self.db.commit()
        return row.user_id

    def end(self, token: str) -> None:
        self.db.exec(delete(StaffSession).where(StaffSession.token_hash == self._hash(token)))
        self.db.commit()

    def end_all(self, user_id: int, except_token: str | None = None) -> None:
        query = delete(StaffSession).where(StaffSession.user_id == user_id)
        if except_token is not None:
            query = query.where(StaffSession.token_hash != self._hash(except_token))
        self.db.exec(query)
        self.db.commit()

    def count(self, user_id: int) -> int:
        return len(self.db.exec(select(StaffSession).where(StaffSession.user_id == user_id)).all())


def store_for(request: Request, db: Session) -> SessionStore:
    """The store the settings choose. Callers commit their own database changes first: the
    Redis store does not commit the database session."""
    settings: Settings = request.app.state.settings
    timeouts = Timeouts.from_settings(settings)
    if settings.redis_url:
        from voices.staff.redis_sessions import RedisSessions, client_for

        return RedisSessions(client_for(settings.redis_url), settings.secret_key, timeouts)
    return DatabaseSessions(db, settings.secret_key, timeouts)


def token_of(request: Request) -> str | None:
    return request.cookies.get(COOKIE) or None


def set_cookie(response: Response, request: Request, token: str) -> None:
    settings: Settings = request.app.state.settings
    response.set_cookie(
        COOKIE,
        token,
        max_age=settings.staff_max_hours * 3600,
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=settings.https,
    )


def clear_cookie(response: Response, request: Request) -> None:
    settings: Settings = request.app.state.settings
    response.delete_cookie(
        COOKIE, path=COOKIE_PATH, httponly=True, samesite="lax", secure=settings.https
    )
