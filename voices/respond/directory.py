"""A short memory of consultations by join code, so that every page a child opens does not
look the same consultation up again.

Entries live for a few seconds (`ttl`), so a change made by staff (closing a consultation)
reaches every page within that time. The directory keeps its own copies, attached to no
session: they are shared between requests and only read.

A live session's code leads to its consultation too (`find`). Only which consultation a
session code belongs to is remembered (that never changes); the session itself is read
afresh on every page, so its end and the facilitator's moves reach phones at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlmodel import Session

from voices.models import Consultation, Organisation
from voices.models.live import LiveSession
from voices.respond import store

Found = tuple[Consultation, Organisation]
Joined = tuple[Consultation, Organisation, LiveSession | None]


class ConsultationDirectory:
    def __init__(self, ttl: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self._clock = ttl, clock
        self._entries: dict[str, tuple[float, Found]] = {}
        # A live session's code: (its id, its consultation's code).
        self._sessions: dict[str, tuple[int, str]] = {}
        self._lock = threading.Lock()

    def lookup(self, session: Session, code: str) -> Found | None:
        now = self._clock()
        hit = self._entries.get(code)
        if hit and hit[0] > now:
            return hit[1]
        found = store.consultation_with_organisation(session, code)
        if found is None:  # unknown codes are not remembered: a new consultation shows at once
            return None
        consultation, organisation = found
        copies = (
            Consultation(**consultation.model_dump()),
            Organisation(**organisation.model_dump()),
        )
        with self._lock:
            self._entries[code] = (now + self.ttl, copies)
        return copies

    def find(self, session: Session, code: str) -> Joined | None:
        """A consultation by its own code or by a live session's code (with that session)."""
        known = self._sessions.get(code)
        if known is None:
            found = self.lookup(session, code)
            if found is not None:
                return (*found, None)
            known = store.live_session_code(session, code)
            if known is None:
                return None
            with self._lock:
                self._sessions[code] = known
        live = session.get(LiveSession, known[0])
        consultation = self.lookup(session, known[1])
        if live is None or consultation is None:
            return None
        return (*consultation, live)

    def forget(self, code: str | None = None) -> None:
        """Drop one code (or all): for staff screens that change a consultation."""
        with self._lock:
            if code is None:
                self._entries.clear()
                self._sessions.clear()
            else:
                self._entries.pop(code, None)
