"""Kiosk mode: one tablet passed round a meeting. Its timings (in one place), the settings a
kiosk page hands to static/js/kiosk.js, and the short-lived mark that lets the tablet show
"thank you" once the response cookie is gone.

Tests shorten the timings by setting `app.state.kiosk_timings`.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response

from voices.security import keyed_hash, new_token

if TYPE_CHECKING:
    from voices.respond.pages import Visit

THANKS_COOKIE = "voices_kiosk_thanks"


@dataclass(frozen=True)
class KioskTimings:
    idle_seconds: int = 180  # no touch or key for this long: "Are you still there?"
    warning_seconds: int = 60  # then this long to say "Yes, carry on" before the tablet clears
    thanks_seconds: int = 20  # "thank you" goes back to the welcome page for the next person
    thanks_mark_seconds: int = 600  # how long the tablet may show "thank you" after sending


DEFAULT_TIMINGS = KioskTimings()


def timings(app: Any) -> KioskTimings:
    return getattr(app.state, "kiosk_timings", DEFAULT_TIMINGS)


@dataclass(frozen=True)
class KioskPage:
    """What a kiosk page needs: the timings and where clearing goes."""

    idle_seconds: int
    warning_seconds: int
    thanks_seconds: int
    clear_url: str
    still_there_url: str
    # Without JavaScript the page reloads to "Are you still there?" when idle; never on a
    # page with a text box, where a reload would lose words typed but not yet sent.
    refresh_without_js: bool


def page_settings(visit: Visit, idle_refresh: bool = True) -> KioskPage:
    """idle_refresh=False on pages that must not reload themselves: a text box (typed words
    would be lost), or a page with a refresh of its own."""
    chosen = timings(visit.request.app)
    return KioskPage(
        idle_seconds=chosen.idle_seconds,
        warning_seconds=chosen.warning_seconds,
        thanks_seconds=chosen.thanks_seconds,
        clear_url=visit.url("kiosk_clear"),
        still_there_url=visit.url("kiosk_still_there"),
        refresh_without_js=idle_refresh,
    )


def _signed(secret: str, code: str, nonce: str) -> str:
    return keyed_hash(secret, f"kiosk-thanks:{code}:{nonce}")[:32]


def remember_thanks(request: Request, response: Response, code: str) -> None:
    """A signed mark (holding nothing of the child) that this tablet has just sent answers."""
    settings = request.app.state.settings
    nonce = new_token()
    response.set_cookie(
        THANKS_COOKIE,
        f"{nonce}.{_signed(settings.secret_key, code, nonce)}",
        max_age=timings(request.app).thanks_mark_seconds,
        path=f"/c/{code}",
        httponly=True,
        samesite="lax",
        secure=settings.https,
    )


def thanked(request: Request, code: str) -> bool:
    nonce, _, signature = request.cookies.get(THANKS_COOKIE, "").partition(".")
    secret = request.app.state.settings.secret_key
    return bool(nonce) and hmac.compare_digest(signature, _signed(secret, code, nonce))


def forget_thanks(response: Response, code: str, secure: bool = False) -> None:
    response.delete_cookie(THANKS_COOKIE, path=f"/c/{code}", secure=secure)
