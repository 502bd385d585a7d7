"""Helpers every web package needs: the request's database session, form values, redirects.

Both the young person's journey (`voices.respond`) and the staff side (`voices.staff`) use
these; neither imports the other's private names.
"""

from __future__ import annotations

from sqlmodel import Session
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse

from voices.web import render

__all__ = ["db_session", "form_value", "redirect", "render"]


def db_session(request: Request) -> Session:
    """A new database session for this request; use it in a `with` block."""
    return request.app.state.session_factory()


def form_value(form: FormData, name: str) -> str:
    """A form field as text ("" when missing or a file); NUL bytes never reach the database."""
    value = form.get(name)
    return value.replace("\x00", "") if isinstance(value, str) else ""


def redirect(url: str) -> RedirectResponse:
    """See Other: after a POST the browser GETs the next page, so Back never re-posts."""
    return RedirectResponse(url, status_code=303)
