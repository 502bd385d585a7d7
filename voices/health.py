"""GET /healthz: healthy only when a child's answers can actually be saved.

That means: the database answers, its schema is at the migrations' head, it takes a
write (made in a transaction that is rolled back, so nothing is kept) and, for SQLite, its
file system has room: a rolled-back write never reaches the disk, so a full disk would
otherwise pass the probe while every real answer fails (docs/reliability.md).
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic.migration import MigrationContext
from sqlalchemy import insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse

from voices import db
from voices.models import RateLimitBucket, utcnow
from voices.security import new_token


def healthz(request: Request) -> JSONResponse:
    problem = _problem(request)
    if problem:
        return _answer(503, {"status": "error", "database": problem})
    return _answer(200, {"status": "ok", "database": "ok"})


def _answer(status: int, body: dict[str, str]) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def _problem(request: Request) -> str | None:
    """What stops answers being saved, or None when nothing does."""
    with request.app.state.session_factory() as session:
        try:
            connection = session.connection()
            current = set(MigrationContext.configure(connection).get_current_heads())
        except SQLAlchemyError:
            return "unreachable"
        if current != db.script_heads():
            return "not migrated"
        try:
            probe = {"key": "healthz:" + new_token(), "window_start": utcnow(), "count": 0}
            session.execute(insert(RateLimitBucket).values(**probe))
            session.flush()
        except SQLAlchemyError:
            return "not writable"
        finally:
            session.rollback()
        if _disk_full(connection):
            return "disk full"
    return None


# Room for a few answers' worth of WAL pages and a checkpoint; below it, writes soon fail.
DISK_MARGIN_BYTES = 1024 * 1024


def _disk_full(connection: Connection) -> bool:
    """True when a SQLite database's file system has less room than the margin."""
    if connection.dialect.name != "sqlite":
        return False  # PostgreSQL's disk is the server's: its own monitoring watches it
    name = connection.engine.url.database or ""
    name = name.removeprefix("file:").split("?", 1)[0]
    folder = Path(name).parent
    if not name or name == ":memory:" or not folder.is_dir():
        return False
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize < DISK_MARGIN_BYTES
