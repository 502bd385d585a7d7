"""Edit a consultation and duplicate it for the next round (handlers stay thin)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from voices.http import db_session, form_value, redirect
from voices.models import Consultation
from voices.staff.access import Staff, not_found, staff_page
from voices.staff.consultations import forms, store
from voices.staff.consultations.pages import _audit, _base, _choices, _form_page, _found


def _as_form(c: Consultation) -> forms.ConsultationForm:
    return forms.ConsultationForm(
        survey_id=c.survey_id,
        title=c.title,
        who_is_asking=c.who_is_asking,
        who_sees=c.who_sees,
        anonymous="yes" if c.anonymous else "no",
        opens=c.opens_at.date().isoformat(),
        closes=c.closes_at.date().isoformat() if c.closes_at else "",
        versions=list(c.versions),
        locales=list(c.locales),
        frameworks=list(c.frameworks),
    )


@staff_page("worker")
async def edit_page(request: Request, staff: Staff) -> Response:
    data = await request.form() if request.method == "POST" else None
    return await run_in_threadpool(_edit, request, staff, data)


def _edit(request: Request, staff: Staff, data) -> Response:
    with db_session(request) as db:
        consultation = _found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        action = f"{_base(staff)}/{consultation.id}/edit"
        if data is None:
            return _form_page(request, staff, _as_form(consultation), {}, action=action)
        form = forms.read_form(
            lambda name: form_value(data, name),
            lambda name: [v for v in data.getlist(name) if isinstance(v, str)],
        )
        form.survey_id = consultation.survey_id  # the survey itself never changes
        clean, errors = forms.validate(form, _choices(request, consultation.survey_id))
        if clean is None:
            return _form_page(request, staff, form, errors, 400, action=action)
        for name, value in vars(clean).items():
            setattr(consultation, name, value)
        db.add(consultation)
        _audit(db, staff, "consultation.edit", consultation)
        db.commit()
        request.app.state.consultations.forget(consultation.join_code)
        return redirect(f"{_base(staff)}/{consultation.id}")


@staff_page("worker")
async def duplicate_page(request: Request, staff: Staff) -> Response:
    return await run_in_threadpool(_duplicate, request, staff)


def _duplicate(request: Request, staff: Staff) -> Response:
    with db_session(request) as db:
        old = _found(request, staff, db)
        if old is None:
            return not_found(request, staff.user)
        fields = old.model_dump(exclude={"id", "join_code", "created_at", "closes_at"})
        fields.update(previous_round_id=old.id, created_by_id=staff.user.id, join_code="")
        fields["opens_at"] = store.utcnow()
        new = store.insert_with_code(db, Consultation(**fields))
        _audit(db, staff, "consultation.duplicate", new, previous=old.id)
        db.commit()
        return redirect(f"{_base(staff)}/{new.id}/edit")
