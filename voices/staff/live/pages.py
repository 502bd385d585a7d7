"""Worker pages for live sessions: start, the facilitator screen (and its polled fragment),
presenter-paced moves, end. Handlers stay thin: voices.live holds the rules and queries."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from voices.http import db_session, form_value, redirect, render
from voices.i18n import gettext as _
from voices.live import forms, pace, store
from voices.models import Consultation, LiveSession, utcnow
from voices.staff.access import Staff, not_found, staff_page
from voices.staff.consultations import poster
from voices.staff.consultations import store as consultations
from voices.staff.live import screen

POLL_SECONDS = 1


def consultation_url(staff: Staff, consultation: Consultation) -> str:
    return f"/staff/o/{staff.organisation.slug}/consultations/{consultation.id}"


def session_url(staff: Staff, consultation: Consultation, session: LiveSession) -> str:
    return f"{consultation_url(staff, consultation)}/sessions/{session.id}"


def _found(request: Request, staff: Staff, db) -> tuple[Consultation | None, LiveSession | None]:
    consultation = consultations.consultation_in(
        db, staff.organisation.id, request.path_params["cid"]
    )
    if consultation is None:
        return None, None
    return consultation, store.session_in(db, consultation, request.path_params["sid"])


@staff_page("worker")
async def start_page(request: Request, staff: Staff) -> Response:
    data = await request.form()
    choice = forms.read_session(lambda name: form_value(data, name))
    return await run_in_threadpool(_start, request, staff, choice)


def _start(request: Request, staff: Staff, choice: forms.SessionChoice | None) -> Response:
    with db_session(request) as db:
        consultation = consultations.consultation_in(
            db, staff.organisation.id, request.path_params["cid"]
        )
        if consultation is None:
            return not_found(request, staff.user)
        running = store.live_session_of(db, consultation.id)
        if running is not None:  # one at a time: a second press (or a second tab) joins it
            return redirect(session_url(staff, consultation, running))
        problem = _cannot_start(consultation, choice)
        if problem:
            return _problem(request, staff, consultation, problem)
        if choice is None:  # _cannot_start refuses a form it could not read
            raise ValueError("a live session needs a pace")
        session = store.start(db, consultation, choice.pace, choice.kiosk, staff.user.id)
        detail = {"pace": session.pace, "kiosk": session.kiosk}
        staff.audit(db, "live_session.start", "live_session", session.id, detail)
        db.commit()
        return redirect(session_url(staff, consultation, session))


def _cannot_start(consultation: Consultation, choice: forms.SessionChoice | None) -> str:
    if choice is None:
        return _("Choose self-paced or presenter-paced")
    if not consultation.is_open(utcnow()):
        return _("This consultation is not open. Reopen it (or wait until it opens) first.")
    return ""


def _problem(request: Request, staff: Staff, consultation: Consultation, problem: str) -> Response:
    """A precise message and a way back; nothing was changed."""
    context = {"staff": staff, "user": staff.user, "c": consultation, "error": True}
    context.update(problem=problem, back=consultation_url(staff, consultation))
    return render(request, "staff/live/problem.html", context, 400)


@staff_page("worker")
def screen_page(request: Request, staff: Staff) -> Response:
    with db_session(request) as db:
        consultation, session = _found(request, staff, db)
        if consultation is None or session is None:
            return not_found(request, staff.user)
        survey = request.app.state.catalog.get(consultation.survey_id)
        state = screen.state(db, consultation, session, survey)
    link = f"{request.app.state.settings.base_url}/c/{session.join_code}"
    context = _context(staff, consultation, session, state)
    context.update(
        join_link=link,
        qr=poster.qr_svg(link),
        pace=screen.pace_view(survey, session),
        back=consultation_url(staff, consultation),
    )
    return render(request, "staff/live/screen.html", context)


def _context(staff: Staff, consultation, session, state: screen.ScreenState) -> dict:
    here = session_url(staff, consultation, session)
    return {
        "staff": staff,
        "user": staff.user,
        "c": consultation,
        "s": session,
        "state": state,
        "here": here,
        "poll_url": f"{here}/results?v={state.version}&n={state.counts_key}",
        "poll_seconds": POLL_SECONDS,
    }


@staff_page("worker")
def results_fragment(request: Request, staff: Staff) -> Response:
    """The results region for htmx polling. 204 when nothing changed since the page's
    version (htmx then swaps nothing, so the screen and screen readers stay calm); the
    counts, in the polite live region, are sent out of band only when they changed."""
    with db_session(request) as db:
        consultation, session = _found(request, staff, db)
        if consultation is None or session is None:
            return not_found(request, staff.user)
        survey = request.app.state.catalog.get(consultation.survey_id)
        state = screen.state(db, consultation, session, survey)
    seen_counts = request.query_params.get("n", "")
    if request.query_params.get("v") == state.version and seen_counts == state.counts_key:
        return Response(status_code=204, headers={"Cache-Control": "no-store"})
    context = _context(staff, consultation, session, state)
    context["counts_changed"] = seen_counts != state.counts_key
    return render(request, "staff/live/_results.html", context)


@staff_page("worker")
async def pace_page(request: Request, staff: Staff) -> Response:
    data = await request.form()
    move = form_value(data, "move")
    return await run_in_threadpool(_move, request, staff, move)


def _move(request: Request, staff: Staff, move: str) -> Response:
    with db_session(request) as db:
        consultation, session = _found(request, staff, db)
        if consultation is None or session is None:
            return not_found(request, staff.user)
        problem = _cannot_move(session, move)
        if problem:
            return _problem(request, staff, consultation, problem)
        survey = request.app.state.catalog.get(consultation.survey_id)
        sequence = pace.presenter_sequence(survey) if survey else []
        session.current_question_id = pace.step(sequence, session.current_question_id, move)
        db.add(session)
        detail = {"move": move, "question": session.current_question_id}
        staff.audit(db, "live_session.pace", "live_session", session.id, detail)
        db.commit()
        return redirect(session_url(staff, consultation, session) + "#pace")


def _cannot_move(session: LiveSession, move: str) -> str:
    if session.pace != "presenter":
        return _("This session is self-paced: each phone moves on by itself.")
    if not session.is_live:
        return _("This session has ended.")
    if move not in pace.MOVES:
        return _("Choose Start, Next question or Previous question.")
    return ""


@staff_page("worker")
async def end_page(request: Request, staff: Staff) -> Response:
    return await run_in_threadpool(_end, request, staff)


def _end(request: Request, staff: Staff) -> Response:
    with db_session(request) as db:
        consultation, session = _found(request, staff, db)
        if consultation is None or session is None:
            return not_found(request, staff.user)
        if session.is_live:  # ending twice changes nothing
            store.end(db, session)
            staff.audit(db, "live_session.end", "live_session", session.id)
            db.commit()
        return redirect(session_url(staff, consultation, session))
