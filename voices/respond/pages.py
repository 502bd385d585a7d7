"""Route handlers for the young person's journey. Thin: parse, call domain code, render."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from babel.dates import format_date
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from voices import codes, i18n
from voices.definitions import Survey
from voices.http import db_session, form_value, redirect
from voices.i18n import gettext as _
from voices.live import kiosk, phone
from voices.models import Consultation, utcnow
from voices.models import Response as SurveyResponse
from voices.respond import flow, limits, store
from voices.respond.directory import ConsultationDirectory
from voices.security import keyed_hash, new_token
from voices.web import path_for, render

COOKIE = "voices_response"


class Visit:
    """Everything one request about a consultation needs: who, what survey, which response."""

    def __init__(self, request: Request, session: Session, code: str) -> None:
        self.request, self.session = request, session
        normalised = codes.normalise_join_code(code)
        self.secret: str = request.app.state.settings.secret_key
        directory: ConsultationDirectory = request.app.state.consultations
        blocked = limits.blocked_for(request)  # this address guessed too many wrong codes
        found = directory.find(session, normalised) if normalised else None
        if found is None:
            if blocked:
                raise blocked
            if normalised:  # could have been a code: it counts towards guessing
                limits.wrong_code(request, session)
            raise HTTPException(404)
        consultation, self.organisation, self.live_session = found
        self.consultation: Consultation = consultation
        # A child already answering this survey goes on, whatever classmates on the same
        # school address mistyped; anyone else learns nothing, right code or wrong.
        if blocked and self.response() is None:
            raise blocked
        survey = request.app.state.catalog.get(consultation.survey_id)
        if survey is None:
            raise HTTPException(500, "the consultation's survey is not installed")
        self.survey: Survey = survey
        # A live session's code stays the address: every URL and the cookie are scoped to it.
        live = self.live_session
        self.code = live.join_code if live is not None else consultation.join_code

    @property
    def kiosk(self) -> bool:
        """One shared tablet: no resume, back to welcome after each "thank you"."""
        return self.live_session is not None and self.live_session.kiosk

    @property
    def paced(self) -> bool:
        """Presenter-paced while the session lasts; once it ends, phones go at their own pace."""
        live = self.live_session
        return live is not None and live.pace == "presenter" and live.is_live

    @property
    def session_finished(self) -> bool:
        return self.live_session is not None and not self.live_session.is_live

    def step_url(self, version: str, answers: flow.Answers) -> str:
        """Where a presenter-paced phone belongs now: the group's question, waiting, or check."""
        if self.live_session is None:
            raise ValueError("only a phone in a live session has a group's step")
        now = phone.step(self.survey, version, answers, self.live_session.current_question_id)
        if now.kind == "question" and now.question_id:
            return self.question_url(now.question_id)
        return self.url("check") if now.kind == "check" else self.url("wait")

    @property
    def is_open(self) -> bool:
        return self.consultation.is_open(utcnow())

    def closed_page(self) -> Response:
        not_yet = utcnow() < self.consultation.opens_at
        return render(
            self.request,
            "respond/closed.html",
            self.context(not_yet=not_yet, opens=self.date(self.consultation.opens_at)),
        )

    def date(self, when: Any) -> str:
        locale = i18n.current_locale()
        return format_date(when, "long", locale="en" if locale == i18n.PSEUDO_LOCALE else locale)

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "consultation": self.consultation,
            "organisation": self.organisation,
            "survey": self.survey,
            "code": self.code,
            "live_session": self.live_session,
            "kiosk": kiosk.page_settings(self) if self.kiosk else None,
            **extra,
        }

    def response(self) -> SurveyResponse | None:
        token = self.request.cookies.get(COOKIE)
        if not token:
            return None
        return store.response_by_token(
            self.session, self.consultation.id, keyed_hash(self.secret, token)
        )

    def response_state(self) -> store.ResponseState | None:
        """Read-only view of the response and its answers, for pages that only show."""
        token = self.request.cookies.get(COOKIE)
        if not token:
            return None
        return store.response_state(
            self.session, self.consultation.id, keyed_hash(self.secret, token)
        )

    def url(self, name: str, **params: str) -> str:
        return path_for(self.request, name, code=self.code, **params)

    def question_url(self, question_id: str) -> str:
        return self.url("question", question_id=question_id)

    def forget_response(self, response: Response) -> None:
        """This browser no longer holds the response (kiosk: after sending, or when idle)."""
        secure = self.request.app.state.settings.https
        response.delete_cookie(COOKIE, path=f"/c/{self.code}", secure=secure)

    def set_cookie(self, response: Response, token: str) -> None:
        # A shared tablet keeps the cookie only while the browser is open, never for days.
        days = self.request.app.state.settings.resume_days
        response.set_cookie(
            COOKIE,
            token,
            max_age=None if self.kiosk else 60 * 60 * 24 * days,
            path=f"/c/{self.code}",
            httponly=True,
            samesite="lax",
            secure=self.request.app.state.settings.https,
        )


# --- join ---------------------------------------------------------------------------------


def home(request: Request) -> Response:
    return render(request, "respond/join.html", {"typed": ""})


async def join(request: Request) -> Response:
    form = await request.form()
    # The database work runs in a worker thread, so waiting on the database never
    # holds up other children's pages.
    return await run_in_threadpool(_join, request, form)


def _join(request: Request, form: FormData) -> Response:
    typed = form_value(form, "code").strip()[:40]
    if not typed:
        return render(
            request,
            "respond/join.html",
            {"error": _("Enter the code you were given"), "typed": ""},
            422,
        )
    code = codes.normalise_join_code(typed)
    directory: ConsultationDirectory = request.app.state.consultations
    if blocked := limits.blocked_for(request):
        raise blocked
    with db_session(request) as session:
        found = directory.find(session, code) if code else None
        if found is None and code:  # could have been a code: it counts towards guessing
            limits.wrong_code(request, session)
    if found is None:
        return render(
            request,
            "respond/not_found.html",
            {"error": _("We could not find a survey with that code"), "typed": typed},
            404,
        )
    consultation, _organisation, live = found
    joined = live.join_code if live is not None else consultation.join_code
    return redirect(str(request.url_for("welcome", code=joined).path))


# --- welcome and start --------------------------------------------------------------------


def offered_versions(visit: Visit) -> list:
    """The survey's versions this consultation offers, youngest first as the survey lists them."""
    wanted = visit.consultation.versions
    return [v for v in visit.survey.versions if not wanted or v.id in wanted]


def _offered_languages(visit: Visit) -> list[tuple[str, str]]:
    wanted = visit.consultation.locales or list(visit.survey.locales)
    return [
        (c, i18n.NATIVE_NAMES[c]) for c in i18n.LOCALES if c in wanted and c in visit.survey.locales
    ]


def _welcome(visit: Visit, status: int = 200, **extra: Any) -> Response:
    # A shared tablet's welcome page is for the next person: never "carry on" with answers
    # someone else left (after "Leave this site quickly", say).
    existing = None if visit.kiosk else visit.response()
    carry_on = None
    if existing is not None and existing.status == "in_progress":
        carry_on = visit.url("resume_here")
    minutes = max(2, round(len(visit.survey.questions) * 0.5))
    return render(
        visit.request,
        "respond/welcome.html",
        visit.context(
            languages=_offered_languages(visit),
            versions=offered_versions(visit),
            start_key=new_token(),
            in_progress=carry_on,
            minutes=minutes,
            # A name box: never reloaded when idle without JavaScript (typed words kept).
            kiosk=kiosk.page_settings(visit, visit.consultation.anonymous) if visit.kiosk else None,
            **{"version_error": False, "name_error": False, "chosen_version": None, **extra},
        ),
        status,
    )


def welcome(request: Request) -> Response:
    code = request.path_params["code"]
    with db_session(request) as session:
        visit = Visit(request, session, code)
        if code != visit.code:  # typed in lower case or with spaces: show the canonical address
            return redirect(visit.url("welcome"))
        if not visit.is_open:
            return visit.closed_page()
        if visit.session_finished:
            return session_finished_page(visit)
        welcomed = _welcome(visit)
        if visit.kiosk:  # the next person: the last one's "thank you" is gone too
            kiosk.forget_thanks(welcomed, visit.code, request.app.state.settings.https)
        return welcomed


def session_finished_page(visit: Visit) -> Response:
    """A finished session takes no new answers; a phone part-way through may still send."""
    existing = None if visit.kiosk else visit.response()
    carry_on = existing is not None and existing.status == "in_progress"
    return render(
        visit.request,
        "respond/session_finished.html",
        visit.context(carry_on=visit.url("resume_here") if carry_on else None),
    )


async def start(request: Request) -> Response:
    form = await request.form()
    # The database work runs in a worker thread, so waiting on the database never
    # holds up other children's pages.
    return await run_in_threadpool(_start, request, form)


def _start(request: Request, form: FormData) -> Response:
    with db_session(request) as session:
        visit = Visit(request, session, request.path_params["code"])
        if not visit.is_open:
            return visit.closed_page()
        if visit.session_finished:
            return session_finished_page(visit)
        limits.starting(request, session, visit.code)
        start_key = form_value(form, "start_key")
        if not 16 <= len(start_key) <= 64:
            raise HTTPException(400, "missing or malformed start key")
        versions = offered_versions(visit)
        version = form_value(form, "version")
        name = form_value(form, "name").strip()
        if not version and len(versions) > 1:
            return _welcome(
                visit,
                422,
                error=_("Choose the one that fits you"),
                version_error=True,
                typed_name=name,
            )
        if version not in {v.id for v in versions}:
            raise HTTPException(400, "unknown version")
        if visit.consultation.anonymous:
            name = ""
        elif len(name) > 100:
            return _welcome(
                visit,
                422,
                error=_("Your name must be 100 characters or fewer"),
                name_error=True,
                chosen_version=version,
                typed_name=name,
            )
        existing = None if visit.kiosk else visit.response()  # a kiosk: the next person
        if existing is not None and existing.status == "in_progress":
            # Back to the welcome page and "Start now" again: carry on, never strand answers.
            carried = _carry_on(visit, existing)
            visit.set_cookie(carried, request.cookies[COOKIE])
            return carried
        return _begin(visit, session, start_key, version, name)


def _begin(visit: Visit, session: Session, start_key: str, version: str, name: str) -> Response:
    """A new response, and the child on to its first question with its cookie."""
    # The token is derived from the form's one-time key, so a double tap gets the same cookie.
    token = keyed_hash(visit.secret, "response:" + start_key)
    response_row = store.start_response(
        session,
        visit.consultation,
        start_key=start_key_hash(visit.secret, start_key),
        token_hash=keyed_hash(visit.secret, token),
        version=version,
        locale=i18n.current_locale(),
        respondent_name=name or None,
        live_session_id=visit.live_session.id if visit.live_session else None,
    )
    if not _fresh(response_row):
        # An old welcome form posted again: its key is spent, so it opens nothing.
        return redirect(visit.url("welcome"))
    moved_on = _carry_on(visit, response_row)
    visit.set_cookie(moved_on, token)
    return moved_on


# How long a welcome form's key finds the response it made: a double tap or a retried
# request on a slow connection, never a key found later in a browser's history.
START_KEY_REPLAY = timedelta(minutes=10)


def start_key_hash(secret: str, start_key: str) -> str:
    """Only this keyed hash of the welcome form's one-time key is stored."""
    return keyed_hash(secret, "start:" + start_key)


def _fresh(row: SurveyResponse) -> bool:
    return row.status == "in_progress" and utcnow() - row.created_at < START_KEY_REPLAY


def _carry_on(visit: Visit, row: SurveyResponse) -> Response:
    answers = store.load_answers(visit.session, row.id)
    if visit.paced:
        return redirect(visit.step_url(row.version, answers))
    first = flow.first_unanswered(visit.survey, row.version, answers)
    return redirect(visit.question_url(first.id) if first else visit.url("check"))


def resume_here(request: Request) -> Response:
    """Carry on from the first question not yet answered."""
    with db_session(request) as session:
        visit = Visit(request, session, request.path_params["code"])
        row = visit.response()
        if row is None or row.status == "discarded":
            return redirect(visit.url("welcome"))
        if row.status == "submitted":
            return redirect(visit.url("thanks"))
        return _carry_on(visit, row)


async def afresh(request: Request) -> Response:
    return await run_in_threadpool(_afresh, request)


def _afresh(request: Request) -> Response:
    """Start afresh: the earlier answers in progress are removed, not left behind."""
    with db_session(request) as session:
        visit = Visit(request, session, request.path_params["code"])
        row = visit.response()
        if row is not None and row.status == "in_progress":
            store.discard_response(session, row)
        moved_on = redirect(visit.url("welcome"))
        visit.forget_response(moved_on)
        return moved_on
