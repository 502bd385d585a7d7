"""Admin pages for a named child's data rights: find, show everything held, erase.

Every step is a POST: the name or reference typed goes in the request body only, and the
pages after the search carry response ids, never the name. Audits say what was done and
how many, never the terms or whose.
"""

from __future__ import annotations

import json
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from voices.alerts.holds import held_answer_ids
from voices.http import db_session, form_value, redirect, render
from voices.i18n import RTL_LOCALES
from voices.i18n import gettext as _
from voices.models import utcnow
from voices.numbers import whole_number
from voices.review import coding
from voices.staff.access import Staff, staff_page
from voices.staff.rights import document, erase, forms, store


def _base(staff: Staff) -> str:
    return f"/staff/o/{staff.organisation.slug}/rights"


def _ctx(staff: Staff, **more) -> dict:
    return {"staff": staff, "user": staff.user, "base": _base(staff), **more}


def _search_page(request: Request, staff: Staff, status: int = 200, **more) -> Response:
    defaults = {"search": forms.Search(), "errors": {}, "matches": None}
    context = _ctx(staff, **{**defaults, **more})
    return render(request, "staff/rights/search.html", context, status)


@staff_page("admin")
async def search_page(request: Request, staff: Staff) -> Response:
    if request.method == "GET":
        erased = request.query_params.get("erased", "")
        return _search_page(request, staff, erased=whole_number(erased))
    data = await request.form()
    terms, errors = forms.read_search(form_value(data, "name"), form_value(data, "reference"))
    if errors:
        return _search_page(request, staff, 400, search=terms, errors=errors)
    return await run_in_threadpool(_search, request, staff, terms)


def _search(request: Request, staff: Staff, terms: forms.Search) -> Response:
    with db_session(request) as db:
        matches = store.search(db, staff.organisation.id, terms)
        detail = {"fields": terms.fields, "matched": len(matches)}
        staff.audit(db, "rights.search", "organisation", staff.organisation.id, detail)
        db.commit()
    return _search_page(request, staff, search=terms, matches=matches)


def _chosen(data: FormData) -> list[int]:
    return forms.chosen_ids(data.getlist("response"))


def _none_chosen(request: Request, staff: Staff) -> Response:
    errors = {"name": _("Choose at least one response, or search again")}
    return _search_page(request, staff, 400, errors=errors)


@staff_page("admin")
async def document_page(request: Request, staff: Staff) -> Response:
    ids = _chosen(await request.form())
    as_json = request.url.path.endswith(".json")
    return await run_in_threadpool(_document, request, staff, ids, as_json)


def _document(request: Request, staff: Staff, ids: list[int], as_json: bool) -> Response:
    catalog = request.app.state.catalog
    with db_session(request) as db:
        rows = store.responses_in(db, staff.organisation.id, ids)
        if not rows:
            return _none_chosen(request, staff)
        held = store.held_for(db, [r.id for r, _ in rows if r.id is not None])
        withheld: set[int] = set()
        if not staff.can("safeguarding"):  # held answers are for the safeguarding lead only
            for cid in {c.id for _, c in rows if c.id is not None}:
                withheld |= held_answer_ids(db, cid)
        doc = document.build(
            staff.organisation.name,
            rows,
            held,
            surveys=catalog.get,
            frameworks=coding.frameworks(),
            withheld=withheld,
            now=utcnow(),
        )
        detail = {
            "responses": len(rows),
            "consultations": doc["covers"]["consultations"],
            "format": "json" if as_json else "page",
        }
        staff.audit(db, "rights.access", "organisation", staff.organisation.id, detail)
        db.commit()
    if as_json:
        return _download(staff, doc)
    context = _ctx(staff, doc=doc, ids=[r.id for r, _ in rows], rtl=RTL_LOCALES)
    return render(request, "staff/rights/document.html", context)


def _download(staff: Staff, doc: dict) -> Response:
    slug = "".join(c for c in staff.organisation.slug if c.isascii() and (c.isalnum() or c == "-"))
    name = f"{slug}-subject-access-{date.today().isoformat()}.json"
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store",
    }
    body = json.dumps(doc, ensure_ascii=False, indent=2)
    return Response(body, media_type="application/json", headers=headers)


@staff_page("admin")
async def erase_page(request: Request, staff: Staff) -> Response:
    """The confirmation: what would go, and which responses are kept and why."""
    ids = _chosen(await request.form())
    return await run_in_threadpool(_confirm_page, request, staff, ids, {}, 200)


def _confirm_page(
    request: Request, staff: Staff, ids: list[int], errors: dict, status: int
) -> Response:
    with db_session(request) as db:
        rows = store.responses_in(db, staff.organisation.id, ids)
        if not rows:
            return _none_chosen(request, staff)
        whole = erase.plan(db, rows)
        refused = {r.response_id for r in whole.refusals}
        erasable = [(r, c) for r, c in rows if r.id not in refused]
        chosen = erase.plan(db, erasable)
    context = _ctx(staff, plan=chosen, refusals=whole.refusals, errors=errors)
    return render(request, "staff/rights/erase.html", context, status)


@staff_page("admin")
async def erase_confirm(request: Request, staff: Staff) -> Response:
    data = await request.form()
    ids = _chosen(data)
    if form_value(data, "confirm") != "yes":
        errors = {"confirm": _("Tick the box to confirm, or go back")}
        return await run_in_threadpool(_confirm_page, request, staff, ids, errors, 400)
    return await run_in_threadpool(_erase, request, staff, ids)


def _erase(request: Request, staff: Staff, ids: list[int]) -> Response:
    with db_session(request) as db:
        rows = store.responses_in(db, staff.organisation.id, ids)
        if not rows:
            return _none_chosen(request, staff)
        chosen = erase.plan(db, rows)
        if chosen.refusals:  # an alert was raised or reopened since the confirmation page
            detail = {"refused": len({r.response_id for r in chosen.refusals})}
            staff.audit(db, "rights.erase_refused", "organisation", staff.organisation.id, detail)
            db.commit()
            return _confirm_page(request, staff, ids, {}, 409)
        counts = erase.erase(db, staff.organisation.id, chosen)
        detail = {**counts, "consultations": chosen.consultation_ids}
        staff.audit(db, "rights.erase", "organisation", staff.organisation.id, detail)
        db.commit()
    erase.after_commit()
    return redirect(f"{_base(staff)}?erased={counts['responses']}")
