"""An admin sets the organisation's retention: days an unfinished response (and its resume
code) is kept after it was last touched, and days a submitted response keeps the child's name
and reference. `voices purge` applies them (voices.retention)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from voices.http import db_session, form_value, redirect, render
from voices.i18n import gettext as _
from voices.models import Organisation
from voices.numbers import whole_number
from voices.retention.policy import NAMED_DAYS, UNFINISHED_DAYS
from voices.retention.purge import last_purge
from voices.staff.access import Staff, staff_page

FIELDS = {"unfinished_days": UNFINISHED_DAYS, "named_days": NAMED_DAYS}


def days_problem(text: str, bounds: tuple[int, int]) -> tuple[int | None, str]:
    """The number of days typed, or why it cannot be used."""
    low, high = bounds
    value = whole_number(text.strip())
    if value is None:
        return None, _("Enter a whole number of days from %(low)s to %(high)s") % {
            "low": low,
            "high": high,
        }
    if not low <= value <= high:
        return None, _("Enter a number of days from %(low)s to %(high)s, not %(value)s") % {
            "low": low,
            "high": high,
            "value": value,
        }
    return value, ""


@staff_page("admin")
async def retention_page(request: Request, staff: Staff) -> Response:
    if request.method == "GET":
        org = staff.organisation
        values = {
            "unfinished_days": str(org.unfinished_retention_days),
            "named_days": str(org.named_retention_days),
        }
        return await run_in_threadpool(_form, request, staff, values, {})
    form = await request.form()
    typed = {name: form_value(form, name) for name in FIELDS}
    return await run_in_threadpool(_save, request, staff, typed)


def _form(
    request: Request, staff: Staff, values: dict, errors: dict, status: int = 200
) -> Response:
    context = {"staff": staff, "user": staff.user, "values": values, "errors": errors}
    context.update(unfinished=UNFINISHED_DAYS, named=NAMED_DAYS)
    with db_session(request) as db:
        context["last"] = last_purge(db, staff.organisation.id)
    context["saved"] = request.query_params.get("saved") == "1"
    return render(request, "staff/retention.html", context, status)


def _save(request: Request, staff: Staff, typed: dict[str, str]) -> Response:
    checked = {name: days_problem(typed[name], bounds) for name, bounds in FIELDS.items()}
    errors = {name: problem for name, (_value, problem) in checked.items() if problem}
    if errors:
        shown = {name: text[:20] for name, text in typed.items()}
        return _form(request, staff, shown, errors, 400)
    unfinished, named = checked["unfinished_days"][0], checked["named_days"][0]
    with db_session(request) as db:
        org = db.get(Organisation, staff.organisation.id)
        before = {
            "unfinished_days": org.unfinished_retention_days,
            "named_days": org.named_retention_days,
        }
        org.unfinished_retention_days, org.named_retention_days = unfinished, named
        db.add(org)
        after = {"unfinished_days": unfinished, "named_days": named}
        staff.audit(
            db, "retention.settings", "organisation", org.id, {"before": before, "after": after}
        )
        db.commit()
    return redirect(f"/staff/o/{staff.organisation.slug}/retention?saved=1")
