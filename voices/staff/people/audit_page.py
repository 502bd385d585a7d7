"""The admin's audit page: filter by action, person and dates; fifty events a page."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from voices.http import db_session, render
from voices.i18n import gettext as _
from voices.numbers import whole_number
from voices.staff.access import Staff, staff_page
from voices.staff.people import audit_log


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


def _int(value: str) -> int | None:
    return whole_number(value.strip(), 10**9)


def filters_from(query: dict[str, str]) -> tuple[audit_log.Filters, dict[str, str]]:
    """The filters asked for, and an error per field that could not be read."""
    errors = {}
    since, until = _date(query.get("from", "")), _date(query.get("to", ""))
    if query.get("from", "").strip() and since is None:
        errors["from"] = _("Enter the date as year-month-day, like 2026-01-31.")
    if query.get("to", "").strip() and until is None:
        errors["to"] = _("Enter the date as year-month-day, like 2026-01-31.")
    filters = audit_log.Filters(
        action=query.get("action", "").strip()[:60],
        actor_id=_int(query.get("person", "")),
        since=since,
        until=until,
        page=_int(query.get("page", "")) or 1,
    )
    return filters, errors


@staff_page("admin")
def audit(request: Request, staff: Staff) -> Response:
    query = dict(request.query_params)
    filters, errors = filters_from(query)
    org_id = staff.organisation.id
    with db_session(request) as db:
        rows, more = audit_log.events(db, org_id, filters)
        actions = audit_log.actions(db, org_id)
        people = audit_log.people(db, org_id)
    kept = {k: v for k, v in query.items() if k in {"action", "person", "from", "to"} and v}
    context = {
        "staff": staff,
        "user": staff.user,
        "rows": rows,
        "actions": actions,
        "people": people,
        "query": kept,
        "errors": errors,
        "page": filters.page,
        "previous_url": _page_url(kept, filters.page - 1) if filters.page > 1 else None,
        "next_url": _page_url(kept, filters.page + 1) if more else None,
        "error": bool(errors),
    }
    return render(request, "staff/people/audit.html", context, 400 if errors else 200)


def _page_url(kept: dict[str, str], page: int) -> str:
    return "?" + urlencode({**kept, "page": page})
