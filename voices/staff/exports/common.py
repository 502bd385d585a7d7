"""What every export response shares: its file name and its streaming download."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from starlette.responses import StreamingResponse

from voices.models import Consultation
from voices.staff.access import Staff

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def filename(staff: Staff, consultation: Consultation, kind: str, fmt: str) -> str:
    """e.g. test-council-consultation-12-answers-2026-12-06.csv: never a title or a child's
    words, only the organisation's slug (letters, digits and dashes), ids and the date."""
    slug = "".join(c for c in staff.organisation.slug if c.isascii() and (c.isalnum() or c == "-"))
    return f"{slug}-consultation-{consultation.id}-{kind}-{date.today().isoformat()}.{fmt}"


def download(body: Iterator[bytes], name: str, fmt: str) -> StreamingResponse:
    headers = {
        "content-disposition": f'attachment; filename="{name}"',
        "cache-control": "no-store",
    }
    return StreamingResponse(body, media_type=MEDIA_TYPES[fmt], headers=headers)
