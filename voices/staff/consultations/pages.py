"""Worker pages for consultations. Handlers stay thin: forms.py checks, store.py queries."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from voices import paths
from voices.alerts.holds import held_answer_ids
from voices.coding.codebook import load_frameworks
from voices.http import db_session, form_value, redirect, render
from voices.i18n import gettext as _
from voices.models import Consultation
from voices.models.respond import utcnow
from voices.numbers import whole_number
from voices.respond.display import describe
from voices.respond.flow import Stored
from voices.staff.access import Staff, not_found, staff_page
from voices.staff.consultations import forms, poster, store
from voices.staff.live import panel as live_panel

PER_PAGE = 25


def _base(staff: Staff) -> str:
    return f"/staff/o/{staff.organisation.slug}/consultations"


def _ctx(staff: Staff, **more) -> dict:
    return {"staff": staff, "user": staff.user, "base": _base(staff), "now": utcnow(), **more}


def _frameworks() -> list[tuple[str, str]]:
    found = load_frameworks(paths.FRAMEWORKS).frameworks
    return [(f.id, f.title) for f in found.values()]


@staff_page("worker")
def list_page(request: Request, staff: Staff) -> Response:
    with db_session(request) as db:
        rows = store.list_with_counts(db, staff.organisation.id)
    return render(request, "staff/consultations/list.html", _ctx(staff, rows=rows))


def _choices(request: Request, survey_id: str) -> forms.Choices | None:
    survey = request.app.state.catalog.get(survey_id)
    if survey is None:
        return None
    frameworks = [fid for fid, _title in _frameworks()]
    return forms.Choices([v.id for v in survey.versions], list(survey.locales), frameworks)


def _form_page(
    request: Request, staff: Staff, form, errors: dict, status: int = 200, action: str = ""
) -> Response:
    catalog = request.app.state.catalog
    context = _ctx(
        staff,
        form=form,
        errors=errors,
        surveys=sorted(catalog.surveys.values(), key=lambda s: s.id),
        survey=catalog.get(form.survey_id),
        frameworks=_frameworks(),
        action=action or f"{_base(staff)}/new",
    )
    return render(request, "staff/consultations/new.html", context, status)


@staff_page("worker")
async def new_page(request: Request, staff: Staff) -> Response:
    if request.method == "GET":
        survey_id = request.query_params.get("survey", "").replace("\x00", "")
        form = forms.ConsultationForm(survey_id=survey_id)
        choices = _choices(request, survey_id)
        if choices:  # every version and language offered unless the worker unticks some
            form.versions, form.locales = list(choices.versions), list(choices.locales)
        return _form_page(request, staff, form, {})
    data = await request.form()
    form = forms.read_form(
        lambda name: form_value(data, name),
        lambda name: [v for v in data.getlist(name) if isinstance(v, str)],
    )
    choices = _choices(request, form.survey_id)
    if choices is None:
        return _form_page(request, staff, form, {"survey": _("Choose a survey")}, 400)
    clean, errors = forms.validate(form, choices)
    if clean is None:
        return _form_page(request, staff, form, errors, 400)
    consultation_id = await run_in_threadpool(_create, request, staff, form.survey_id, clean)
    return redirect(f"{_base(staff)}/{consultation_id}")


def _create(request: Request, staff: Staff, survey_id: str, clean: forms.Clean) -> int:
    with db_session(request) as db:
        consultation = Consultation(
            organisation_id=staff.organisation.id,
            survey_id=survey_id,
            created_by_id=staff.user.id,
            join_code="",
            **vars(clean),
        )
        store.insert_with_code(db, consultation)
        _audit(db, staff, "consultation.create", consultation)
        db.commit()
        return consultation.id


def _audit(db, staff: Staff, action: str, consultation: Consultation, **detail) -> None:
    staff.audit(db, action, "consultation", consultation.id, detail or None)


def _found(request: Request, staff: Staff, db) -> Consultation | None:
    return store.consultation_in(db, staff.organisation.id, request.path_params["cid"])


@staff_page("worker")
def detail_page(request: Request, staff: Staff) -> Response:
    with db_session(request) as db:
        consultation = _found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        counts = store.counts_for(db, consultation.id)
        versions = store.by_version(db, consultation.id)
        days = store.by_day(db, consultation.id)
        live = live_panel.context(db, consultation)
    settings = request.app.state.settings
    context = _ctx(
        staff,
        c=consultation,
        counts=counts,
        by_version=versions,
        by_day=days,
        share_link=f"{settings.base_url}/c/{consultation.join_code}",
        **live,
    )
    return render(request, "staff/consultations/detail.html", context)


@staff_page("worker")
def poster_page(request: Request, staff: Staff) -> Response:
    with db_session(request) as db:
        consultation = _found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
    link = f"{request.app.state.settings.base_url}/c/{consultation.join_code}"
    context = _ctx(staff, c=consultation, share_link=link, qr=poster.qr_svg(link))
    return render(request, "staff/consultations/poster.html", context)


@staff_page("worker")
async def close_page(request: Request, staff: Staff) -> Response:
    return await run_in_threadpool(
        _open_or_close, request, staff, request.url.path.endswith("close")
    )


def _open_or_close(request: Request, staff: Staff, close: bool) -> Response:
    with db_session(request) as db:
        consultation = _found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        if close:
            store.close_now(consultation)
        else:
            consultation.closes_at = None
        db.add(consultation)
        _audit(db, staff, "consultation.close" if close else "consultation.reopen", consultation)
        db.commit()
        # This server's cache forgets at once; other servers within the cache's few seconds.
        request.app.state.consultations.forget(consultation.join_code)
        return redirect(f"{_base(staff)}/{consultation.id}")


@staff_page("worker")
def table_page(request: Request, staff: Staff) -> Response:
    page = request.query_params.get("page", "1")
    page_no = whole_number(page, 1_000_000) or 1
    with db_session(request) as db:
        consultation = _found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        responses, total = store.responses_page(db, consultation.id, page_no, PER_PAGE)
        answers = store.answers_of(db, [r.id for r in responses])
        held = held_answer_ids(db, consultation.id)
        _audit(db, staff, "responses.table_view", consultation, page=page_no)
        db.commit()
    survey = request.app.state.catalog.get(consultation.survey_id)
    questions = list(survey.questions) if survey else []
    cells: dict[tuple[int, str], str | None] = {}
    for answer in answers:
        cells[(answer.response_id, answer.question_id)] = _words(survey, answer, held, responses)
    context = _ctx(
        staff,
        c=consultation,
        responses=responses,
        questions=questions,
        cells=cells,
        page=page_no,
        pages=max(1, -(-total // PER_PAGE)),
        total=total,
    )
    return render(request, "staff/consultations/table.html", context)


def _words(survey, answer, held: set[int], responses) -> str:
    if answer.id in held:
        return _("Held for the safeguarding lead")
    if answer.skipped:
        return _("Skipped")
    question = survey.question(answer.question_id) if survey else None
    if question is None:
        return ""
    version = next((r.version for r in responses if r.id == answer.response_id), "")
    return describe(question, Stored(answer.value), version)


@staff_page("worker")
async def response_page(request: Request, staff: Staff) -> Response:
    reference_error = None
    if request.method == "POST":
        data = await request.form()
        value, reference_error = forms.check_reference(form_value(data, "reference"))
        if reference_error is None:
            return await run_in_threadpool(_set_reference, request, staff, value)
    return await run_in_threadpool(_show_response, request, staff, reference_error)


def _show_response(request: Request, staff: Staff, reference_error: str | None) -> Response:
    with db_session(request) as db:
        consultation = _found(request, staff, db)
        row = consultation and store.response_in(db, consultation.id, request.path_params["rid"])
        if consultation is None or row is None:
            return not_found(request, staff.user)
        answers = store.answers_of(db, [row.id])
        held = held_answer_ids(db, consultation.id)
        staff.audit(
            db,
            "response.view",
            target_type="response",
            target_id=row.id,
        )
        db.commit()
    survey = request.app.state.catalog.get(consultation.survey_id)
    by_question = {a.question_id: a for a in answers}
    items = []
    for question in survey.questions_for(row.version) if survey else []:
        answer = by_question.get(question.id)
        if answer is not None:
            items.append((question, _words(survey, answer, held, [row])))
    context = _ctx(staff, c=consultation, r=row, items=items, reference_error=reference_error)
    status = 400 if reference_error else 200
    return render(request, "staff/consultations/response.html", context, status)


def _set_reference(request: Request, staff: Staff, value: str | None) -> Response:
    with db_session(request) as db:
        consultation = _found(request, staff, db)
        row = consultation and store.response_in(db, consultation.id, request.path_params["rid"])
        if consultation is None or row is None:
            return not_found(request, staff.user)
        row.reference = value
        db.add(row)
        staff.audit(
            db,
            "response.reference",
            target_type="response",
            target_id=row.id,
        )
        db.commit()
        return redirect(f"{_base(staff)}/{consultation.id}/responses/{row.id}")
