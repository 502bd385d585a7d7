"""The request guard, before any route runs: body size limits and CSRF refusal.

- Bodies: a declared Content-Length over the limit is refused at once with 413; a body
  sent in chunks is counted as it arrives and refused when it passes the limit. Children's
  routes take small bodies (an answer is at most 5,000 characters); staff routes take a
  codebook upload (voices.findings.refi.qdc_import.MAX_BYTES) with room to spare.
- CSRF: a state-changing request that says it comes from another site is refused. One that
  says nothing about where it comes from (no Origin, no Sec-Fetch-Site: an old browser or a
  script) must carry a token: HMAC(secret, this browser's `voices_csrf` cookie), in an
  `X-CSRF-Token` header or a `csrf_token` form field (`csrf_field()` in every POST form).
"""

from __future__ import annotations

import hmac
import re
import secrets
from typing import Any

import jinja2
from markupsafe import Markup
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from voices.i18n import gettext as _
from voices.numbers import whole_number
from voices.security import SAFE_METHODS, is_cross_site, keyed_hash, says_where_from
from voices.web import render

RESPONDENT_BODY_LIMIT = 128 * 1024  # 5,000 emoji URL-encoded are 60,000 bytes
STAFF_BODY_LIMIT = 4 * 1024 * 1024  # a 2 MB codebook in its multipart envelope, twice over
CSRF_COOKIE = "voices_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SCOPE_KEY = "voices.csrf"
_COOKIE_VALUE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class BodyTooLarge(Exception):
    pass


def body_limit(path: str) -> int:
    return STAFF_BODY_LIMIT if path.startswith("/staff") else RESPONDENT_BODY_LIMIT


def csrf_token(secret: str, cookie_value: str) -> str:
    return keyed_hash(secret, "csrf:" + cookie_value)


def token_matches(secret: str, cookie_value: str | None, token: str | None) -> bool:
    if not cookie_value or not token:
        return False
    return hmac.compare_digest(csrf_token(secret, cookie_value), token)


@jinja2.pass_context
def csrf_field(context: Any) -> Markup:
    """The hidden field for a POST form; the first one on a page issues the cookie."""
    request = context["request"]
    state = request.scope.get(SCOPE_KEY)
    if state is None:  # rendered outside the guard: nothing to bind a token to
        return Markup("")
    if state["value"] is None:
        state["value"], state["issue"] = secrets.token_urlsafe(24), True
    token = csrf_token(request.app.state.settings.secret_key, state["value"])
    # Markup.format escapes its arguments (the token is hex anyway).
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, token)


def _counting(receive: Receive, limit: int) -> Receive:
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge
        return message

    return counted


async def _read_body(receive: Receive) -> bytes:
    """The whole (size-limited) body, read now."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive that plays back a body already read, then waits on the real one."""
    played = False

    async def replay() -> Message:
        nonlocal played
        if played:
            return await receive()  # a disconnect, when the client goes
        played = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class RequestGuard:
    def __init__(self, app: ASGIApp, secret: str, secure_cookie: bool = False) -> None:
        self.app, self.secret = app, secret
        self.cookie_suffix = "; Secure" if secure_cookie else ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = body_limit(scope["path"])
        declared = headers.get("content-length", "")
        size = whole_number(declared, 2**63)
        if declared and (size is None or size > limit):  # too big, or not a size at all
            await self._refuse(scope, receive, send, 413)
            return
        if is_cross_site(scope["method"], headers):
            await self._refuse(scope, receive, send, 403)
            return
        cookie = Request(scope).cookies.get(CSRF_COOKIE)
        state = {"value": cookie if cookie and _COOKIE_VALUE.match(cookie) else None}
        state["issue"] = None
        scope[SCOPE_KEY] = state
        receive = _counting(receive, limit)
        started = False

        async def send_with_cookie(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                if state["issue"]:
                    cookie = f"{CSRF_COOKIE}={state['value']}; Path=/; HttpOnly; SameSite=Lax"
                    cookie += self.cookie_suffix
                    message.setdefault("headers", []).append((b"set-cookie", cookie.encode()))
            await send(message)

        try:
            if scope["method"] not in SAFE_METHODS and not says_where_from(headers):
                body = await _read_body(receive)
                checked = _replay(body, receive)
                if not await self._token_ok(scope, checked, headers, state["value"]):
                    await self._refuse(scope, _replay(body, receive), send, 403)
                    return
                receive = _replay(body, receive)
            await self.app(scope, receive, send_with_cookie)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send, 413)

    async def _token_ok(
        self, scope: Scope, receive: Receive, headers: Headers, cookie: str | None
    ) -> bool:
        """A request with no word of its origin: its token must match its cookie."""
        if token_matches(self.secret, cookie, headers.get(CSRF_HEADER)):
            return True
        kind = headers.get("content-type", "")
        if not kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            return False
        try:
            async with Request(scope, receive).form() as form:
                field = form.get(CSRF_FIELD)
                return token_matches(self.secret, cookie, field if isinstance(field, str) else None)
        except HTTPException:  # a body that is not a form (no boundary, too many fields)
            return False

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int) -> None:
        response = refusal(Request(scope, receive), status)
        await response(scope, receive, send)


def refusal(request: Request, status: int) -> Response:
    """The kind page for a refused request: nothing was saved, and what to do now."""
    if status == 413:
        title = _("That was too much to send at once")
        message = _("Nothing was saved. Go back, make your answer shorter and try again.")
    else:
        title, message = _("That did not work"), _("Go back and try again.")
    context = {"title": title, "message": message}
    return render(request, "errors/error.html", context, status, headers={"Connection": "close"})
