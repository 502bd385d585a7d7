"""Question pages, check your answers, submit, thank you, save and resume."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from voices import i18n
from voices.definitions import AnswerError, Question, Tampered
from voices.definitions.questions import ChoiceQuestion, ChoicesQuestion, ScaleQuestion
from voices.http import db_session, form_value, redirect
from voices.live import kiosk, kiosk_pages, waiting
from voices.models import Response as SurveyResponse
from voices.respond import display, flow, limits, store
from voices.respond.pages import COOKIE, Visit
from voices.review import coding
from voices.web import render


def _current(visit: Visit) -> SurveyResponse | Response:
    """The visitor's response in progress, or the page to send them to instead."""
    if not visit.is_open:
        return visit.closed_page()
    row = visit.response()
    return _elsewhere(visit, row) or row


def _current_state(visit: Visit) -> store.ResponseState | Response:
    """The response in progress with its answers, in one read-only query; or where to go.

    Pages that save nothing to the response row itself (an answer is an upsert of its own
    row) need no ORM object, and no second query for the answers."""
    if not visit.is_open:
        return visit.closed_page()
    row = visit.response_state()
    return _elsewhere(visit, row) or row


def _elsewhere(visit: Visit, row: SurveyResponse | store.ResponseState | None) -> Response | None:
    """Where to send a visitor with no response yet, or one already sent; None to stay."""
    if row is None:
        return redirect(visit.url("welcome"))
    if row.status == "submitted":
        return redirect(visit.url("thanks"))
    return None


def _question_page(
    visit: Visit,
    row: SurveyResponse | store.ResponseState,
    question: Question,
    answers: flow.Answers,
    status: int = 200,
    error: str | None = None,
    kept: dict[str, Any] | None = None,
) -> Response:
    stored = answers.get(question.id)
    value: dict[str, Any] = dict(kept or (stored.value if stored and stored.value else {}))
    position, total = flow.progress(visit.survey, row.version, answers, question.id)
    return_to = "check" if visit.request.query_params.get("return") == "check" else ""
    chosen = value.get("option") or value.get("value")
    return render(
        visit.request,
        "respond/question.html",
        visit.context(
            q=question,
            text=question.text_for(row.version),
            position=position,
            total=total,
            back_url=_back_url(visit, row.version, answers, question, return_to),
            return_to=return_to,
            options=_options(question, row.version),
            chosen=str(chosen) if chosen is not None else "",
            chosen_set=set(value.get("options", [])),
            other_text=value.get("other", ""),
            typed=value.get("text", ""),
            scale_labels=display.scale_labels(question)
            if isinstance(question, ScaleQuestion)
            else [],
            error=error,
            error_target="answer",
            kiosk=kiosk_pages.question_settings(visit, question),
        ),
        status,
    )


def _back_url(
    visit: Visit, version: str, answers: flow.Answers, question: Question, return_to: str
) -> str:
    """Back to the check page when it sent the child here; else the question before."""
    if return_to:
        return visit.url("check")
    previous = flow.previous_question(visit.survey, version, answers, question.id)
    return visit.question_url(previous.id) if previous else visit.url("welcome")


def _options(question: Question, version: str) -> list[tuple[str, str, str]]:
    """(value, label, label's language) of each answer a choice or yes/no question offers."""
    if isinstance(question, ChoiceQuestion | ChoicesQuestion):
        worded = [(o.id, o.text_for(version)) for o in question.options if o.in_version(version)]
        options = [(oid, i18n.pick(text), visit_lang(text)) for oid, text in worded]
        if question.other:
            options.append(("other", i18n.pick(question.other), visit_lang(question.other)))
        return options
    if question.type_name == "yes_no":
        return [(v, label, "") for v, label in display.yes_no_labels()]
    return []


def visit_lang(text: Any) -> Any:
    from voices.web import lang_of

    return lang_of(text)


def load_visit(request: Request, session: Any) -> tuple[Visit, SurveyResponse | Response]:
    visit = Visit(request, session, request.path_params["code"])
    return visit, _current(visit)


async def question(request: Request) -> Response:
    # Async on purpose: two quick reads and a render cost less than a hop to a worker thread.
    with db_session(request) as session:
        visit = Visit(request, session, request.path_params["code"])
        if not visit.is_open:
            return visit.closed_page()
        row = visit.response_state()
        if row is None or row.status == "submitted":
            return _elsewhere(visit, row)
        answers = row.answers
        wanted = request.path_params["question_id"]
        shown = {q.id: q for q in flow.visible_questions(visit.survey, row.version, answers)}
        if visit.survey.question(wanted) is None:
            raise HTTPException(404)
        ahead = waiting.held_back(visit, row.version, answers, wanted)
        if ahead:  # presenter-paced: the group's question, or wait for it
            return redirect(ahead)
        if wanted not in shown:
            # Not for this person (another age version, or a follow-up that no longer applies).
            first = flow.first_unanswered(visit.survey, row.version, answers)
            return redirect(visit.question_url(first.id) if first else visit.url("check"))
        return _question_page(visit, row, shown[wanted], answers)


async def answer(request: Request) -> Response:
    form = await request.form()
    # The database work runs in a worker thread, so waiting on the database never
    # holds up other children's pages.
    return await run_in_threadpool(_answer, request, form)


def _answer(request: Request, form: FormData) -> Response:
    with db_session(request) as session:
        limits.saving(request, session, request.cookies.get(COOKIE))
        visit = Visit(request, session, request.path_params["code"])
        row = _current_state(visit)
        if isinstance(row, Response):
            return row
        answers = row.answers
        wanted = request.path_params["question_id"]
        shown = {q.id: q for q in flow.visible_questions(visit.survey, row.version, answers)}
        question_obj = shown.get(wanted)
        if question_obj is None:
            raise HTTPException(400, "that question is not part of this survey for you")
        ahead = waiting.held_back(visit, row.version, answers, wanted)
        if ahead:  # the group is not there yet: nothing is saved
            return redirect(ahead)
        skip = form_value(form, "action") == "skip" and question_obj.answerable
        try:
            value = None if skip else question_obj.parse(_form_lists(form))
        except AnswerError as problem:
            return _refused(visit, row, question_obj, answers, problem, form)
        except Tampered as exc:
            raise HTTPException(400, "that answer is not one of the choices") from exc
        store.save_answer(
            session,
            row,
            question_obj.id,
            value,
            skip,
            base_url=request.app.state.settings.base_url,
        )
        # What was just saved, as reading it back would give: no second read.
        answers = {**answers, question_obj.id: flow.Stored(value, skip)}
        return _onward(visit, row.version, answers, question_obj, form)


def _refused(
    visit: Visit,
    row: SurveyResponse | store.ResponseState,
    question: Question,
    answers: flow.Answers,
    problem: AnswerError,
    form: FormData,
) -> Response:
    """The question again (422), saying what was wrong and keeping what the child typed."""
    kept = {"text": problem.kept} if question.type_name == "text" else {}
    if problem.kept is not None and question.type_name != "text":
        kept = {"other": problem.kept, **_partial_choice(form)}
    error = display.error_text(problem.code, dict(problem.params))
    return _question_page(visit, row, question, answers, 422, error, kept)


def _onward(
    visit: Visit, version: str, answers: flow.Answers, question: Question, form: FormData
) -> Response:
    """Where to go after saving: the group's step, back to the check page, or the next."""
    if visit.paced:  # the group's question, or wait for it
        return redirect(visit.step_url(version, answers))
    if form_value(form, "return") == "check":
        pending = flow.first_unanswered(visit.survey, version, answers)
        return redirect(visit.question_url(pending.id) if pending else visit.url("check"))
    following = flow.next_question(visit.survey, version, answers, question.id)
    return redirect(visit.question_url(following.id) if following else visit.url("check"))


def _form_lists(form: Any) -> dict[str, list[str]]:
    """Every field's values as text; NUL bytes never reach the database (PostgreSQL refuses)."""
    return {key.replace("\x00", ""): _texts(form, key) for key in form}


def _texts(form: Any, key: str) -> list[str]:
    return [v.replace("\x00", "") for v in form.getlist(key) if isinstance(v, str)]


def _partial_choice(form: Any) -> dict[str, Any]:
    chosen = _texts(form, "answer")
    return {"options": chosen, "option": chosen[0] if chosen else None}


def check(request: Request) -> Response:
    with db_session(request) as session:
        visit = Visit(request, session, request.path_params["code"])
        row = _current_state(visit)
        if isinstance(row, Response):
            return row
        answers = row.answers
        held = waiting.check_held_back(visit, row.version, answers)
        if held:
            return redirect(held)
        questions = flow.visible_questions(visit.survey, row.version, answers)
        rows = []
        for q in questions:
            if not q.answerable:
                continue
            stored = answers.get(q.id)
            rows.append(
                {
                    "text": q.text_for(row.version),
                    "answer": None if stored is None else display.describe(q, stored, row.version),
                    "skipped": bool(stored and stored.skipped),
                    "change_url": visit.question_url(q.id) + "?return=check",
                }
            )
        last = questions[-1] if questions else None
        back = visit.question_url(last.id) if last else visit.url("welcome")
        return render(request, "respond/check.html", visit.context(rows=rows, back_url=back))


def submit(request: Request) -> Response:
    with db_session(request) as session:
        limits.submitting(request, session, request.cookies.get(COOKIE))
        visit = Visit(request, session, request.path_params["code"])
        row = visit.response()
        if row is None:
            return redirect(visit.url("welcome"))
        if row.status != "submitted":  # a replayed submit is harmless: straight to thank you
            if not visit.is_open:
                return visit.closed_page()
            answers = store.load_answers(session, row.id)
            held = waiting.check_held_back(visit, row.version, answers)
            if held:
                return redirect(held)
            shown = {q.id for q in flow.visible_questions(visit.survey, row.version, answers)}
            store.submit(session, row, shown)
            coding.code_submitted(session, visit.consultation, row)
        thanked = redirect(visit.url("thanks"))
        if visit.kiosk:  # the tablet forgets the response: Back and history reach nothing
            visit.forget_response(thanked)
            kiosk.remember_thanks(request, thanked, visit.code)
        return thanked


def thanks(request: Request) -> Response:
    with db_session(request) as session:
        visit = Visit(request, session, request.path_params["code"])
        if visit.kiosk:
            return kiosk_pages.thanks(visit)
        row = visit.response_state()
        if row is None or row.status != "submitted":  # "sent" only after a real submission
            return redirect(visit.url("resume_here" if row else "welcome"))
        return render(request, "respond/thanks.html", visit.context())
