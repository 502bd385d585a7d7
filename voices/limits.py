"""What every rate-limited route shares: the request's limiter, its address, the 429 page.

The numbers for each route are in voices/respond/limits.py (children), voices/staff/throttle.py
(sign-in) and voices/staff/people/links.py (forgotten passwords); docs/security.md has the table.
"""

from __future__ import annotations

import math
from datetime import timedelta

from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response

from voices import ratelimit
from voices.i18n import gettext as _
from voices.security import client_address
from voices.web import render


class RateLimited(Exception):
    """Over a limit: answered with the kind 429 page and a Retry-After."""

    def __init__(self, retry_after: timedelta) -> None:
        super().__init__("rate limited")
        self.retry_after = max(1, math.ceil(retry_after.total_seconds()))


def limiter(request: Request, session: Session) -> ratelimit.Limiter:
    return ratelimit.limiter_for(request.app.state.settings, session)


def address(request: Request) -> str:
    """The client's address, believing X-Forwarded-For only from VOICES_TRUSTED_PROXIES."""
    return client_address(request.scope, request.app.state.settings.trusted_proxies)


def key(request: Request, kind: str, *parts: object) -> str:
    return ratelimit.key(request.app.state.settings.secret_key, kind, *parts)


def too_many(request: Request, exc: Exception) -> Response:
    """The page a child sees over a limit: nothing is wrong with them, wait and try again."""
    if not isinstance(exc, RateLimited):  # registered for RateLimited only
        raise exc
    minutes = max(1, math.ceil(exc.retry_after / 60))
    title = _("Lots of people are using this just now")
    if minutes > 1:
        message = _("Nothing was saved just now. Please wait a few minutes, then try again.")
    else:
        message = _("Nothing was saved just now. Please wait a minute, then try again.")
    headers = {"Retry-After": str(exc.retry_after)}
    return render(request, "errors/error.html", {"title": title, "message": message}, 429, headers)
