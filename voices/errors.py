"""Friendly error pages. Nothing from the request body is ever logged or shown back."""

from __future__ import annotations

import logging

from redis.exceptions import RedisError
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from voices.i18n import gettext as _
from voices.requestlog import route_name
from voices.web import render

log = logging.getLogger("voices")

RETRY_AFTER_SECONDS = 10
# A failed POST's page to return to: the form it came from (never a URL holding its words).
_BACK_TO = {"answer": "question", "submit": "check", "start": "welcome", "afresh": "welcome"}


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
    _log_failure(request, exc)
    if _is_database_failure(exc):
        return _try_again(request)
    title = _("Sorry, something went wrong")
    # Every answer is committed before the next page, so the earlier ones are kept.
    message = _("Your answers so far are saved. Please try again in a few minutes.")
    return render(request, "errors/error.html", {"title": title, "message": message}, 500)


def _database_error(request: Request, exc: Exception) -> Response:
    """The database failed (down, locked, disk full): a kind page, and a way back."""
    _log_failure(request, exc)
    return _try_again(request)


def _log_failure(request: Request, exc: Exception) -> None:
    # Log the kind of failure, where and its traceback, never the form body (it may hold a
    # child's words); the engine hides SQL parameters, so a failed write's text holds none.
    log.error(
        "server error on %s %s: %s",
        request.method,
        route_name(request.scope),
        type(exc).__name__,
        exc_info=exc,
    )


def _try_again(request: Request) -> Response:
    """503: nothing is claimed saved (a write may or may not have happened), and a link
    leads back to the page the child was on; the same POST again is always safe to send."""
    return render(
        request,
        "errors/try_again.html",
        {"back_url": way_back(request)},
        503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def way_back(request: Request) -> str:
    """Where "Try again" leads: the question or check page for a failed answer or submit,
    the same page for a failed GET, and the start for anything else."""
    name = route_name(request.scope)
    params = request.path_params
    try:
        if name in _BACK_TO:
            return str(request.url_for(_BACK_TO[name], **params).path)
        if request.method in ("GET", "HEAD"):
            return request.url.path
        if "code" in params:
            return str(request.url_for("welcome", code=params["code"]).path)
    except Exception:  # a route without those parameters: the start is always safe
        log.warning("no way back from route %s", name)
    return str(request.url_for("home").path)


def _is_database_failure(exc: BaseException | None) -> bool:
    """True when the failure, or anything that led to it, came from the database (or from
    Redis, which holds the rate limits and staff sessions when it is set up)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, SQLAlchemyError | DBAPIError | RedisError):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def exception_handlers() -> dict:
    # Database errors are handled inside the middleware (so the page has the child's
    # language and the security headers); one raised outside it reaches _server_error.
    return {
        HTTPException: _http_error,
        SQLAlchemyError: _database_error,
        RedisError: _database_error,
        500: _server_error,
    }
