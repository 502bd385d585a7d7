"""Friendly error pages. Nothing from the request body is ever logged or shown back."""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from voices.i18n import gettext as _
from voices.web import render

log = logging.getLogger("voices")


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return render(request, "respond/not_found.html", {"typed": ""}, 404)
    titles = {
        400: (
            _("Something went wrong with that answer"),
            _("Nothing was saved. Go back and try again."),
        ),
        403: (_("That did not work"), _("Go back and try again.")),
        405: (_("That did not work"), _("Go back and try again.")),
    }
    title, message = titles.get(
        exc.status_code, (_("Sorry, something went wrong"), _("Please try again in a few minutes."))
    )
    return render(
        request, "errors/error.html", {"title": title, "message": message}, exc.status_code
    )


def _server_error(request: Request, exc: Exception) -> Response:
    # Log the kind of failure and where, never the form body (it may hold a child's words).
    log.error("server error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
    title, message = (
        _("Sorry, something went wrong"),
        _("Your answers so far are saved. Please try again in a few minutes."),
    )
    return render(request, "errors/error.html", {"title": title, "message": message}, 500)


def exception_handlers() -> dict:
    return {HTTPException: _http_error, 500: _server_error}
