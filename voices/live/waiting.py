"""A presenter-paced phone's waiting page, and the tiny endpoint it polls to move on.

The page polls every second with htmx (`hx-get`); the answer is 204 while the phone should
keep waiting, or an HX-Redirect to where it belongs now. Without JavaScript a meta refresh
every few seconds and a "Check again" link do the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from voices.http import db_session, redirect
from voices.live import kiosk, phone
from voices.respond.flow import Answers
from voices.respond.pages import Visit
from voices.web import NO_STORE, render

# What the waiting page says; the poll moves the page on when this changes too.
SHOWING = {"waiting_to_start": "start", "waiting_for_next": "next"}


@dataclass(frozen=True)
class Where:
    """Where the phone belongs now; `showing` and `back` are set only when it should wait."""

    url: str
    showing: str | None = None
    back: str | None = None  # the latest answered question, for the Back link


def _where(visit: Visit) -> Where:
    if not visit.is_open:
        return Where(visit.url("welcome"))  # the welcome page says it has closed
    row = visit.response_state()
    if row is None:
        return Where(visit.url("welcome"))
    if row.status == "submitted":
        return Where(visit.url("thanks"))
    if not visit.paced or visit.live_session is None:
        return Where(visit.url("resume_here"))  # self-paced, or the session has ended
    current = visit.live_session.current_question_id
    now = phone.step(visit.survey, row.version, row.answers, current)
    if not now.waiting:
        return Where(visit.step_url(row.version, row.answers))
    back = phone.last_answered(visit.survey, row.version, row.answers)
    return Where(visit.url("wait"), SHOWING[now.kind], back)


def wait(request: Request) -> Response:
    with db_session(request) as session:
        visit = Visit(request, session, request.path_params["code"])
        where = _where(visit)
        if where.showing is None:
            return redirect(where.url)
        return render(
            request,
            "respond/waiting.html",
            visit.context(
                showing=where.showing,
                back_url=visit.question_url(where.back) if where.back else None,
                poll_url=visit.url("wait_poll") + "?showing=" + where.showing,
                # The page refreshes itself every few seconds: no idle refresh on top.
                kiosk=kiosk.page_settings(visit, idle_refresh=False) if visit.kiosk else None,
            ),
        )


def poll(request: Request) -> Response:
    """204: keep waiting. Otherwise HX-Redirect to the page the phone belongs on now."""
    with db_session(request) as session:
        visit = Visit(request, session, request.path_params["code"])
        where = _where(visit)
        if where.showing is not None and where.showing == request.query_params.get("showing"):
            return Response(status_code=204, headers=NO_STORE)
        return Response(status_code=200, headers={**NO_STORE, "HX-Redirect": where.url})


# --- guards the question pages use ----------------------------------------------------------


def held_back(visit: Visit, version: str, answers: Answers, question_id: str) -> str | None:
    """In a presenter-paced session, where to go instead of a question ahead of the group."""
    if not visit.paced or visit.live_session is None:
        return None
    current = visit.live_session.current_question_id
    if phone.may_show(visit.survey, version, answers, current, question_id):
        return None
    return visit.step_url(version, answers)


def check_held_back(visit: Visit, version: str, answers: Answers) -> str | None:
    """Check your answers (and sending) open once the group has gone past the last question."""
    if not visit.paced or visit.live_session is None:
        return None
    if phone.may_check(visit.survey, visit.live_session.current_question_id):
        return None
    return visit.step_url(version, answers)
