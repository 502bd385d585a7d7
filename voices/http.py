"""Helpers every web package needs: the request's database session, form values, redirects.

Both the young person's journey (`voices.respond`) and the staff side (`voices.staff`) use
these; neither imports the other's private names.
"""

from __future__ import annotations

from sqlmodel import Session
from starlette.convertors import Convertor, register_url_convertor
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse

from voices.numbers import record_id
from voices.web import render

__all__ = ["ID", "db_session", "form_value", "redirect", "render"]


class RecordIdConvertor(Convertor[int]):
    """{name:id} in a route: digits that can be a database id. Starlette's {name:int} ran
    int() on 5,000 digits (a 500) and passed ids the database cannot hold; those read as 0,
    which no row has, so the page says 404."""

    regex = "[0-9]+"

    def convert(self, value: str) -> int:
        return record_id(value) or 0

    def to_string(self, value: int) -> str:
        return str(value)


ID = "id"  # the convertor's name, for route modules to import (it registers on import)
register_url_convertor(ID, RecordIdConvertor())


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
