"""Kiosk pages: "Are you still there?", clearing an idle tablet, and saving turned off."""

from __future__ import annotations

from sqlmodel import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from voices.definitions import Question
from voices.http import db_session, redirect
from voices.live import kiosk
from voices.respond.pages import Visit
from voices.web import render


def _kiosk_visit(request: Request, session: Session) -> Visit:
    visit = Visit(request, session, request.path_params["code"])
    if not visit.kiosk:
        raise HTTPException(404)
    return visit


def still_there(request: Request) -> Response:
    """The warning without JavaScript; it clears the tablet if nobody answers in time."""
    with db_session(request) as session:
        visit = _kiosk_visit(request, session)
        page = kiosk.page_settings(visit, idle_refresh=False)  # it has its own
        return render(
            request,
            "respond/kiosk_still_there.html",
            visit.context(carry_on=visit.url("resume_here"), kiosk=page),
        )


def clear(request: Request) -> Response:
    """An idle tablet forgets its response and goes back to the welcome page.

    The answers stay in the database, in progress and never sent: nobody on this tablet can
    reach them again, and nothing a child said is thrown away by a timer. A GET, so that the
    warning page can reach it by refresh without JavaScript; it changes no data, only makes
    this browser forget a cookie, and only on a kiosk session.
    """
    with db_session(request) as session:
        visit = _kiosk_visit(request, session)
        cleared = redirect(visit.url("welcome"))
        visit.forget_response(cleared)
        kiosk.forget_thanks(cleared, visit.code, visit.request.app.state.settings.https)
        return cleared


def no_saving(visit: Visit) -> Response:
    """Save and resume are off on a shared tablet: said kindly, with the way back."""
    back = visit.url("resume_here") if visit.response() is not None else visit.url("welcome")
    return render(visit.request, "respond/kiosk_no_saving.html", visit.context(back_url=back), 403)


def question_settings(visit: Visit, question: Question) -> kiosk.KioskPage | None:
    """A page with a text box never reloads itself when idle without JavaScript."""
    typing = question.type_name == "text" or bool(getattr(question, "other", None))
    return kiosk.page_settings(visit, idle_refresh=not typing) if visit.kiosk else None


def thanks(visit: Visit) -> Response:
    """Shown only just after this tablet sent answers; then back to welcome for the next
    person, unless the child asks for more time to read ("more" holds no text)."""
    if not kiosk.thanked(visit.request, visit.code):
        return redirect(visit.url("welcome"))
    more = visit.request.query_params.get("more") == "1"
    return render(
        visit.request,
        "respond/thanks.html",
        visit.context(
            next_person=visit.url("welcome"),
            more_time=more,
            kiosk=kiosk.page_settings(visit, idle_refresh=more),  # else it has its own refresh
        ),
    )
