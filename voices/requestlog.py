"""One log line per request: method, route name, status and time.

Never the path (it holds join codes), the query string, the form body or a cookie: the
route's name says which page without saying whose.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("voices.requests")


def route_name(scope: Scope) -> str:
    """The name of the route that handled the request, or "-" when none matched."""
    endpoint = scope.get("endpoint")
    app = scope.get("app")
    if endpoint is None or app is None:
        return "-"
    return _names(app).get(id(endpoint), "-")


def _names(app: Any) -> dict[int, str]:
    names = getattr(app.state, "route_names", None)
    if names is None:
        # Keyed by the endpoint's identity: save and resume serve GET and POST under one name.
        names = {}
        for route in app.routes:
            endpoint = getattr(route, "endpoint", None) or getattr(route, "app", None)
            if endpoint is not None and getattr(route, "name", None):
                names.setdefault(id(endpoint), route.name)
        app.state.route_names = names
    return names


class RequestLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # if the app fails before it answers, the error page is a 500

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            log.info("%s %s %d %.1fms", scope["method"], route_name(scope), status, elapsed)
