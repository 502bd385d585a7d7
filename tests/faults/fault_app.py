"""The real app for the fault tests' uvicorn servers, with one test-only hook.

FAULT_PAUSE_FILE: while that file exists, a worker about to COMMIT ("before" in the file) or
just after it committed ("after") writes its pid to FILE.paused and waits, so a test can
kill -9 it at exactly that point of a submission.
"""

from __future__ import annotations

import os
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
        event.listen(engine, "commit", lambda _conn: _hold(flag, "before"))
        event.listen(Session, "after_commit", lambda _session: _hold(flag, "after"))
    return app


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
