"""Security middleware: response headers and a same-origin check on every unsafe request."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# No inline scripts or styles anywhere, so the policy can forbid them.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# Browsers remember for a year to use HTTPS only, for this host and every subdomain.
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


def is_cross_site(method: str, headers: Headers) -> bool:
    """True when a state-changing request says it comes from another site.

    Browsers send Sec-Fetch-Site; older ones send Origin. A request with neither is not
    cross-site by this test: voices.guard asks it for a CSRF token instead.
    """
    if method in SAFE_METHODS:
        return False
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in {"same-origin", "none"}
    origin = headers.get("origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc != headers.get("host", "")


def says_where_from(headers: Headers) -> bool:
    """True when the browser named the request's origin (Origin or Sec-Fetch-Site)."""
    return "origin" in headers or "sec-fetch-site" in headers


class SecurityMiddleware:
    """Adds the security headers to every response, error pages included.

    It wraps the whole app, outside Starlette's own error handling (voices.app), so the
    500 page, a 404, the guard's 403 and 413 and every 429 carry the same headers.
    """

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.headers = SECURITY_HEADERS + ([HSTS] if hsts else [])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    header for header in self.headers if header[0] not in existing
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def client_address(scope: Scope, trusted: Sequence[IPv4Network | IPv6Network]) -> str:
    """The address a request came from, believing X-Forwarded-For only from trusted proxies.

    Walk the chain from the nearest hop back: every hop that is a trusted proxy may name
    the one before it; the first hop that is not trusted is the client. Anyone else can
    write anything in that header, so without trusted proxies it is ignored.
    """
    client = scope.get("client")
    address = client[0] if client else "unknown"
    if not trusted or not _is_trusted(address, trusted):
        return address
    forwarded = [
        hop.strip()
        for value in Headers(scope=scope).getlist("x-forwarded-for")
        for hop in value.split(",")
    ]
    for hop in reversed([h for h in forwarded if h]):
        try:
            ip_address(hop)
        except ValueError:
            return address  # a garbled chain: the last trusted proxy is all we know
        if not _is_trusted(hop, trusted):
            return hop
        address = hop
    return address


def _is_trusted(address: str, trusted: Sequence[IPv4Network | IPv6Network]) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


TOKEN_BYTES = 24  # 192 random bits: every bearer token and named link


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def keyed_hash(secret: str, value: str) -> str:
    """A keyed hash for lookups of secrets we must not store (tokens, resume codes)."""
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()
