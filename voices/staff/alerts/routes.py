"""The lead's alert pages. Every route needs the "safeguarding" role; other orgs' alerts 404."""

from __future__ import annotations

from sqlmodel import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from voices.alerts.messages import TIER_WORDS
from voices.findings import facts
from voices.http import db_session, form_value, redirect, render
from voices.models import Answer, Consultation, User
from voices.models import Response as ChildResponse
from voices.numbers import whole_number
from voices.respond.display import describe
from voices.respond.flow import Stored
from voices.staff.access import Staff, not_found, staff_page
from voices.staff.alerts import store, view


def _base(staff: Staff) -> str:
    return f"/staff/o/{staff.organisation.slug}/alerts"


@staff_page("safeguarding")
def queue(request: Request, staff: Staff) -> Response:
    status, tier = request.query_params.get("status", ""), request.query_params.get("tier", "")
    with db_session(request) as db:
        alerts = store.queue(db, staff.organisation.id, status, tier)
        consultations = {
            c.id: c
            for c in db.exec(
                select(Consultation).where(Consultation.organisation_id == staff.organisation.id)
            )
        }
    titles = {cid: c.title for cid, c in consultations.items()}
    questions = {
        (a.consultation_id, a.question_id): _question_text(
            request, consultations[a.consultation_id], a.question_id, ""
        )
        for a in alerts
        if a.consultation_id in consultations
    }
    context = {
        "staff": staff,
        "user": staff.user,
        "alerts": alerts,
        "titles": titles,
        "questions": questions,
        "tier_words": TIER_WORDS,
        "status": status,
        "tier": tier,
        "base": _base(staff),
    }
    return render(request, "staff/alerts/queue.html", context)


def _question_text(request: Request, consultation: Consultation, qid: str, version: str) -> str:
    survey = request.app.state.catalog.get(consultation.survey_id)
    question = survey.question(qid) if survey is not None else None
    if question is None:
        return qid
    words = question.text_for(version)
    return words.get("en") or next(iter(words.values()), qid)


def _other_answers(
    request: Request,
    consultation: Consultation,
    version: str,
    answers: list[Answer],
    alert_answer_id: int | None,
) -> list[tuple[str, str | None]]:
    """(question wording, the answer in words or None when skipped), in the survey's order."""
    survey = request.app.state.catalog.get(consultation.survey_id)
    order = {q.id: i for i, q in enumerate(survey.questions)} if survey else {}
    shown = []
    for a in sorted(answers, key=lambda a: order.get(a.question_id, len(order))):
        if a.id == alert_answer_id:
            continue
        question = survey.question(a.question_id) if survey else None
        words = (
            None
            if a.skipped
            else describe(question, Stored(a.value, a.skipped), version)
            if question
            else str(a.value or "")
        )
        shown.append((_question_text(request, consultation, a.question_id, version), words))
    return shown


@staff_page("safeguarding")
def alert_page(request: Request, staff: Staff) -> Response:
    with db_session(request) as db:
        alert = store.alert_in(db, staff.organisation.id, _alert_id(request))
        if alert is None:
            return not_found(request, staff.user)
        consultation = db.get(Consultation, alert.consultation_id)
        child = db.get(ChildResponse, alert.response_id)
        answers = list(db.exec(select(Answer).where(Answer.response_id == alert.response_id)))
        answer = next((a for a in answers if a.id == alert.answer_id), None)
        worker = db.get(User, consultation.created_by_id) if consultation.created_by_id else None
        staff.audit(
            db,
            "alert.view",
            target_type="alert",
            target_id=alert.id,
        )
        db.commit()
    changed = answer is not None and answer.updated_at > alert.created_at
    fields = []
    if answer is not None and answer.value:
        for name in ("text", "other"):
            text = answer.value.get(name)
            if isinstance(text, str) and text:
                marks = [] if changed else alert.reasons
                fields.append(view.segments(text, marks, name))
    others = _other_answers(request, consultation, child.version, answers, alert.answer_id)
    context = {
        "staff": staff,
        "user": staff.user,
        "alert": alert,
        "consultation": consultation,
        "child": child,
        "worker": worker,
        "changed": changed,
        "fields": fields,
        "question": _question_text(request, consultation, alert.question_id, child.version),
        "others": others,
        "tier_words": TIER_WORDS,
        "base": _base(staff),
        "error": request.query_params.get("error", ""),
    }
    return render(request, "staff/alerts/alert.html", context)


def _alert_id(request: Request) -> int:
    raw = request.path_params.get("alert_id", "")
    return whole_number(raw, 10**11) or 0


@staff_page("safeguarding")
async def act(request: Request, staff: Staff) -> Response:
    form = await request.form()
    return await run_in_threadpool(_act, request, staff, form)


def _act(request: Request, staff: Staff, form) -> Response:
    action, note = request.path_params["action"], form_value(form, "note").strip()
    outcome = form_value(form, "outcome")
    if action not in ("acknowledge", "note", "close", "reopen"):
        return not_found(request, staff.user)
    with db_session(request) as db:
        alert = store.alert_in(db, staff.organisation.id, _alert_id(request))
        if alert is None:
            return not_found(request, staff.user)
        here = f"{_base(staff)}/{alert.id}"
        if action == "close" and (outcome not in ("concern", "false_alarm") or not note):
            return redirect(f"{here}?error=close#close")
        if action == "note" and not note:
            return redirect(f"{here}?error=note#note")
        done = {
            "acknowledge": lambda: store.acknowledge(db, alert.id, staff.user),
            "note": lambda: store.add_note(db, alert.id, staff.user, note),
            "close": lambda: store.close(db, alert.id, staff.user, outcome, note),
            "reopen": lambda: store.reopen(db, alert.id, staff.user),
        }[action]()
        if done:
            detail = {"outcome": outcome} if action == "close" else None
            staff.audit(db, f"alert.{action}", "alert", alert.id, detail)
        if done and action in ("close", "reopen"):  # the answer's hold ends or starts again
            facts.record_answer(db, alert.answer_id)
        db.commit()
    return redirect(here)


routes = [
    Route("/staff/o/{org}/alerts", queue, name="staff_alerts"),
    Route("/staff/o/{org}/alerts/{alert_id}", alert_page, name="staff_alert"),
    Route(
        "/staff/o/{org}/alerts/{alert_id}/{action:str}",
        act,
        methods=["POST"],
        name="staff_alert_act",
    ),
]
