"""Friendly error pages. Nothing from the request body is ever logged or shown back."""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from voices.i18n import gettext as _
from voices.requestlog import route_name
from voices.web import render

log = logging.getLogger("voices")


def _http_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, HTTPException):  # only registered for HTTPException
        raise exc
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
    # Log the kind of failure, where and its traceback, never the form body (it may hold a
    # child's words); the engine hides SQL parameters, so a failed write's text holds none.
    log.error(
        "server error on %s %s: %s",
        request.method,
        route_name(request.scope),
        type(exc).__name__,
        exc_info=exc,
    )
    title = _("Sorry, something went wrong")
    if _is_database_failure(exc):  # we cannot promise a write that may not have happened
        message = _("Your last answer may not have been saved. Please try again in a few minutes.")
    else:  # every answer is committed before the next page, so the earlier ones are kept
        message = _("Your answers so far are saved. Please try again in a few minutes.")
    return render(request, "errors/error.html", {"title": title, "message": message}, 500)


def _is_database_failure(exc: BaseException | None) -> bool:
    """True when the failure, or anything that led to it, came from the database."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, SQLAlchemyError | DBAPIError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def exception_handlers() -> dict:
    return {HTTPException: _http_error, 500: _server_error}
