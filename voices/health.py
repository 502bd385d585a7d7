"""GET /healthz: healthy only when a child's answers can actually be saved.

That means: the database answers, its schema is at the migrations' head, and it takes a
write (made in a transaction that is rolled back, so nothing is kept).
"""

from __future__ import annotations

from alembic.migration import MigrationContext
from sqlalchemy import insert
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
    return None
