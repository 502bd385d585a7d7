"""The findings tables export (filled in once voices.findings.view lands)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from voices.staff.access import Staff


def export(request: Request, staff: Staff, fmt: str) -> Response:
    return PlainTextResponse("Not yet", status_code=501)
