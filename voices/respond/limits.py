"""Rate limits on the young person's journey: join, start, save an answer, submit.

Per address AND per code, counted where every app process sees them (voices.ratelimit).
A whole class shares one address, so the per-address numbers let 60 phones answer a
20-question survey together several times over (the sums are in docs/security.md).

Join codes: only WRONG codes count against an address. An address over its budget is
refused every lookup (a right guess would otherwise still tell), except by a child who
already holds a response of that survey (a classmate's typos must not stop them). The
block is remembered in each process until the window ends, so right codes cost no
database read. The count itself is shared: a process that has not yet seen the address go
over blocks it at its next wrong guess, which is counted and refused like every other.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlmodel import Session
from starlette.requests import Request

from voices.limits import RateLimited, address, key, limiter

WINDOW = timedelta(minutes=10)
JOIN_FAILURE_WINDOW = timedelta(minutes=15)
JOIN_FAILURES_PER_ADDRESS = 60  # wrong join codes, then every lookup waits out the window
JOIN_FAILURES_PER_DAY = 200  # a school's classes one after another mistype far fewer
DAY = timedelta(days=1)
STARTS_PER_ADDRESS = 400  # a class starting, restarting, and kiosk tablets in turn
STARTS_PER_CODE = 6000  # per consultation or live session: a survey window's rush
SAVES_PER_ADDRESS = 3000  # 60 phones x 20 questions x 2 (changes, skips, Back)
SAVES_PER_RESPONSE = 300  # one phone: far more than any survey's questions
SUBMITS_PER_ADDRESS = 400
SUBMITS_PER_RESPONSE = 20
BLOCKED_REMEMBERED = 10_000  # addresses this process remembers as over the join budget


class _Blocked:
    """Addresses (keyed hashes) over the wrong-code budget, until their window ends."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def remaining(self, address_key: str) -> float:
        until = self._until.get(address_key, 0.0)
        return max(0.0, until - time.monotonic())

    def block(self, address_key: str, seconds: float) -> None:
        with self._lock:
            if len(self._until) >= BLOCKED_REMEMBERED:
                now = time.monotonic()
                self._until = {k: u for k, u in self._until.items() if u > now}
            self._until[address_key] = time.monotonic() + seconds


def _blocked(request: Request) -> _Blocked:
    state = request.app.state
    if not hasattr(state, "join_blocked"):
        state.join_blocked = _Blocked()
    return state.join_blocked


def blocked_for(request: Request) -> RateLimited | None:
    """The refusal for an address that guessed too many wrong codes, or None. The caller
    raises it for every lookup except a child's own survey (voices.respond.pages.Visit)."""
    left = _blocked(request).remaining(key(request, "join-fail", address(request)))
    return RateLimited(timedelta(seconds=left)) if left > 0 else None


def wrong_code(request: Request, session: Session) -> None:
    """Count a wrong join code; over a budget, this and every later lookup is refused."""
    address_key = key(request, "join-fail", address(request))
    limits = limiter(request, session)
    budgets = (
        (address_key, JOIN_FAILURES_PER_ADDRESS, JOIN_FAILURE_WINDOW),
        (key(request, "join-fail-day", address(request)), JOIN_FAILURES_PER_DAY, DAY),
    )
    for counted, limit, window in budgets:
        if not limits.hit(counted, limit, window):
            _blocked(request).block(address_key, window.total_seconds())
            raise RateLimited(window)


def starting(request: Request, session: Session, code: str) -> None:
    _hit(
        request,
        session,
        {
            key(request, "start-addr", address(request)): STARTS_PER_ADDRESS,
            key(request, "start-code", code): STARTS_PER_CODE,
        },
    )


def saving(request: Request, session: Session, token: str | None) -> None:
    limits = {key(request, "save-addr", address(request)): SAVES_PER_ADDRESS}
    if token:
        limits[key(request, "save-resp", token)] = SAVES_PER_RESPONSE
    _hit(request, session, limits)


def submitting(request: Request, session: Session, token: str | None) -> None:
    limits = {key(request, "submit-addr", address(request)): SUBMITS_PER_ADDRESS}
    if token:
        limits[key(request, "submit-resp", token)] = SUBMITS_PER_RESPONSE
    _hit(request, session, limits)


def _hit(request: Request, session: Session, limits: dict[str, int]) -> None:
    if not limiter(request, session).hit_all(limits, WINDOW):
        raise RateLimited(WINDOW)
