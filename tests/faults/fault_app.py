"""The real app for the fault tests' uvicorn servers, with one test-only hook.

FAULT_PAUSE_FILE: while that file exists, a worker about to COMMIT ("before" in the file) or
just after it committed ("after") writes its pid to FILE.paused and waits, so a test can
kill -9 it at exactly that point of a submission. Only a commit that wrote something other
than a rate-limit counter is held: the limits commit their own count first, and the fault
tests are about the answer and the submission.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from sqlalchemy import event
from sqlmodel import Session
from starlette.applications import Starlette

from voices.app import create_app as create_voices_app


def create_app() -> Starlette:
    app = create_voices_app()
    engine = app.state.engine
    pause = os.environ.get("FAULT_PAUSE_FILE")
    if pause:
        flag = Path(pause)
        event.listen(engine, "before_cursor_execute", _note_write)
        event.listen(engine, "rollback", lambda conn: conn.info.pop(WROTE, None))
        event.listen(engine, "commit", lambda conn: _before_commit(flag, conn))
        event.listen(Session, "after_commit", lambda _session: _after_commit(flag))
    return app


WROTE = "fault_app_wrote"
_thread = threading.local()  # a request's commit and its after_commit run in one thread


def _note_write(conn, _cursor, statement: str, *_args) -> None:
    verb = statement.lstrip()[:6].upper()
    if verb in ("INSERT", "UPDATE", "DELETE") and "rate_limit_bucket" not in statement:
        conn.info[WROTE] = True


def _before_commit(flag: Path, conn) -> None:
    _thread.wrote = conn.info.pop(WROTE, False)
    if _thread.wrote:
        _hold(flag, "before")


def _after_commit(flag: Path) -> None:
    if getattr(_thread, "wrote", False):
        _thread.wrote = False
        _hold(flag, "after")


def _hold(flag: Path, moment: str) -> None:
    try:
        wanted = flag.read_text().strip()
    except FileNotFoundError:
        return
    if wanted != moment:
        return
    flag.with_suffix(".paused").write_text(str(os.getpid()))
    while flag.exists():  # the test kills us here, or removes the flag to let us go on
        time.sleep(0.02)
