"""The organisation's findings list (every consultation, for viewers too) and the admin's
disclosure threshold: counts below it show as "fewer than N" on staff findings pages."""

from __future__ import annotations

from sqlmodel import col, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from voices.http import db_session, form_value, redirect, render
from voices.i18n import gettext as _
from voices.models import Consultation, Organisation
from voices.numbers import whole_number
from voices.staff.access import Staff, staff_page

LOWEST, HIGHEST = 3, 50  # below 3 is no protection; above 50 hides nearly everything


@staff_page("viewer", "worker", "admin")
def list_page(request: Request, staff: Staff) -> Response:
    with db_session(request) as db:
        rows = db.exec(
            select(Consultation)
            .where(Consultation.organisation_id == staff.organisation.id)
            .order_by(col(Consultation.created_at).desc(), col(Consultation.id).desc())
        ).all()
    context = {"staff": staff, "user": staff.user, "rows": rows}
    return render(request, "findings/list.html", context)


def threshold_problem(text: str) -> tuple[int | None, str]:
    """The threshold typed, or why it cannot be used."""
    value = whole_number(text.strip())
    if value is None:
        return None, _("Enter a whole number, like 5")
    if not LOWEST <= value <= HIGHEST:
        return None, _("Enter a number from %(low)s to %(high)s") % {"low": LOWEST, "high": HIGHEST}
    return value, ""


@staff_page("admin")
async def settings_page(request: Request, staff: Staff) -> Response:
    if request.method == "GET":
        value = str(staff.organisation.disclosure_threshold)
        return _form(request, staff, value, {})
    form = await request.form()
    return await run_in_threadpool(_save, request, staff, form_value(form, "threshold"))


def _form(request: Request, staff: Staff, value: str, errors: dict, status: int = 200) -> Response:
    context = {"staff": staff, "user": staff.user, "value": value, "errors": errors}
    context.update(low=LOWEST, high=HIGHEST, saved=request.query_params.get("saved") == "1")
    return render(request, "findings/settings.html", context, status)


def _save(request: Request, staff: Staff, text: str) -> Response:
    value, problem = threshold_problem(text)
    if value is None:
        return _form(request, staff, text[:20], {"threshold": problem}, 400)
    with db_session(request) as db:
        org = db.get(Organisation, staff.organisation.id)
        before = org.disclosure_threshold
        org.disclosure_threshold = value
        db.add(org)
        detail = {"before": before, "after": value}
        staff.audit(db, "findings.threshold", "organisation", org.id, detail)
        db.commit()
    return redirect(f"/staff/o/{staff.organisation.slug}/findings/settings?saved=1")
