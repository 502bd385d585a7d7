"""Staff pages for "you said, we did": list, add and update what will be done about a finding.

Admins and workers write actions; a viewer reads the list (actions are what the council
says it will do, not what any child said, so a Champions Board member may hold it to them).
"""

from __future__ import annotations

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from voices import i18n, paths
from voices.coding.codebook import load_frameworks
from voices.http import db_session, form_value, redirect, render
from voices.models import Consultation
from voices.models.findings import ACTION_STATUSES, FindingAction
from voices.staff.access import Staff, not_found, staff_page
from voices.staff.actions import forms, store
from voices.staff.consultations.poster import qr_svg
from voices.staff.consultations.store import consultation_in


def _base(staff: Staff, consultation: Consultation) -> str:
    return f"/staff/o/{staff.organisation.slug}/consultations/{consultation.id}/actions"


def theme_choices(consultation: Consultation) -> list[tuple[str, str]]:
    """("framework:theme", "Framework title: Theme") for the consultation's frameworks (every
    shipped framework when it chose none)."""
    found = load_frameworks(paths.FRAMEWORKS).frameworks
    chosen = consultation.frameworks or list(found)
    return [
        (f"{fid}:{theme.id}", f"{found[fid].title}: {theme.label}")
        for fid in chosen
        if fid in found
        for theme in found[fid].themes
    ]


def other_locales(request: Request, consultation: Consultation) -> list[str]:
    """The survey's languages other than the default one the action is written in."""
    survey = request.app.state.catalog.get(consultation.survey_id)
    offered = consultation.locales or (list(survey.locales) if survey else [])
    return [code for code in i18n.LOCALES if code in offered and code != i18n.DEFAULT_LOCALE]


def _found(request: Request, staff: Staff, db: Session) -> Consultation | None:
    return consultation_in(db, staff.organisation.id, request.path_params["cid"])


def _ctx(request: Request, staff: Staff, consultation: Consultation, **more) -> dict:
    return {
        "staff": staff,
        "user": staff.user,
        "c": consultation,
        "base": _base(staff, consultation),
        "consultation_url": f"/staff/o/{staff.organisation.slug}/consultations/{consultation.id}",
        "statuses": ACTION_STATUSES,
        "status_label": forms.status_label,
        **more,
    }


@staff_page("worker", "admin", "viewer")
def list_page(request: Request, staff: Staff) -> Response:
    with db_session(request) as db:
        consultation = _found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        rows = store.actions_of(db, consultation.id)
    link = f"{request.app.state.settings.base_url}/results/{consultation.join_code}"
    labels = dict(theme_choices(consultation))
    context = _ctx(
        request,
        staff,
        consultation,
        rows=rows,
        labels=labels,
        results_link=link,
        qr=qr_svg(link),
        can_edit=staff.can("worker", "admin"),
    )
    return render(request, "staff/actions/list.html", context)


def _form_page(
    request: Request,
    staff: Staff,
    consultation: Consultation,
    form: forms.ActionForm,
    errors: dict[str, str],
    action_url: str,
    status: int = 200,
) -> Response:
    context = _ctx(
        request,
        staff,
        consultation,
        form=form,
        errors=errors,
        themes=theme_choices(consultation),
        locales=[(code, i18n.NATIVE_NAMES[code]) for code in other_locales(request, consultation)],
        action_url=action_url,
        editing=not action_url.endswith("/new"),
    )
    return render(request, "staff/actions/form.html", context, status)


@staff_page("worker", "admin")
async def new_page(request: Request, staff: Staff) -> Response:
    data = await request.form() if request.method == "POST" else None
    return await run_in_threadpool(_new, request, staff, data)


def _new(request: Request, staff: Staff, data: FormData | None) -> Response:
    with db_session(request) as db:
        consultation = _found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        url = _base(staff, consultation) + "/new"
        locales = other_locales(request, consultation)
        if data is None:
            empty = forms.ActionForm(translations={code: {} for code in locales})
            return _form_page(request, staff, consultation, empty, {}, url)
        form = forms.read_form(lambda name: form_value(data, name), locales)
        clean, errors = forms.validate(form, [v for v, _label in theme_choices(consultation)])
        if clean is None:
            return _form_page(request, staff, consultation, form, errors, url, 400)
        row = FindingAction(
            organisation_id=staff.organisation.id,
            consultation_id=consultation.id,
            created_by_id=staff.user.id,
            heard="",
            action="",
        )
        store.apply(row, clean)
        db.add(row)
        db.flush()
        _audit(db, staff, "action.create", row)
        db.commit()
        return redirect(_base(staff, consultation))


@staff_page("worker", "admin")
async def edit_page(request: Request, staff: Staff) -> Response:
    data = await request.form() if request.method == "POST" else None
    return await run_in_threadpool(_edit, request, staff, data)


def _edit(request: Request, staff: Staff, data: FormData | None) -> Response:
    with db_session(request) as db:
        consultation = _found(request, staff, db)
        row = consultation and store.action_in(
            db, staff.organisation.id, consultation.id, request.path_params["act"]
        )
        if consultation is None or not row:
            return not_found(request, staff.user)
        url = f"{_base(staff, consultation)}/{row.id}/edit"
        locales = other_locales(request, consultation)
        if data is None:
            form = store.as_form(row, locales)
            return _form_page(request, staff, consultation, form, {}, url)
        form = forms.read_form(lambda name: form_value(data, name), locales)
        clean, errors = forms.validate(form, [v for v, _label in theme_choices(consultation)])
        if clean is None:
            return _form_page(request, staff, consultation, form, errors, url, 400)
        changed = sorted(k for k, v in vars(clean).items() if getattr(row, k) != v)
        store.apply(row, clean)
        db.add(row)
        _audit(db, staff, "action.edit", row, changed=changed)
        db.commit()
        return redirect(_base(staff, consultation))


def _audit(db: Session, staff: Staff, what: str, row: FindingAction, **more) -> None:
    """Which action, its state and what changed; never its words."""
    detail = {"consultation": row.consultation_id, "status": row.status, "public": row.public}
    staff.audit(db, what, "finding_action", row.id or "", {**detail, **more})
