"""Save and come back later: a resume code for this device's answers, and taking them up
again on another device (rate limited so that guessing stays hopeless)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from voices import codes, ratelimit
from voices.http import db_session, form_value, redirect
from voices.i18n import gettext as _
from voices.live import kiosk_pages
from voices.models import utcnow
from voices.respond import limits, store
from voices.respond.answering import load_visit
from voices.respond.pages import Visit
from voices.security import client_address, keyed_hash, new_token
from voices.web import render


def save(request: Request) -> Response:
    with db_session(request) as session:
        visit, row = load_visit(request, session)
        if visit.kiosk:
            return kiosk_pages.no_saving(visit)
        if isinstance(row, Response):
            return row
        back = visit.url("resume_here")
        if request.method == "GET":
            return render(
                request, "respond/save.html", visit.context(back_url=back, resume_code=None)
            )
        resume_code = codes.generate_resume_code()
        expires = utcnow() + timedelta(days=request.app.state.settings.resume_days)
        digits = codes.normalise_resume_code(resume_code) or ""
        store.set_resume_code(session, row, _resume_hash(visit, digits), expires)
        return render(
            request,
            "respond/save.html",
            visit.context(back_url=back, resume_code=resume_code, expires=visit.date(expires)),
        )


# Resume codes: a correct code is never refused because of wrong ones typed before it, and
# guessing stays hopeless (the maths is in docs/decisions.md). Per address and consultation,
# 20 wrong codes in 15 minutes are checked at once; after that, codes from that address
# take turns, one check every 10 seconds, each held (without a thread) until its turn.
# Codes that cannot be codes (not 9 digits) are counted apart and never use up that budget.
# Per consultation (from every address together), 60 codes an hour are checked at once;
# after that, one a minute. Each code checked is counted before it is checked (one
# atomic step) and a right code is given back, so only wrong codes use up either budget.
RESUME_FAILURES_ALLOWED = 20
RESUME_WINDOW = timedelta(minutes=15)
RESUME_SPACING = timedelta(seconds=10)
RESUME_MAX_WAIT = timedelta(seconds=30)
RESUME_PER_CODE = 60
RESUME_CODE_WINDOW = timedelta(hours=1)
RESUME_CODE_SPACING = timedelta(seconds=60)
MALFORMED_ALLOWED = 100


def _resume_limiter_key(visit: Visit, request: Request, kind: str = "resume") -> str:
    settings = request.app.state.settings
    address = client_address(request.scope, settings.trusted_proxies)
    # Keyed hash: the database never holds a plain IP address.
    return f"{kind}:" + keyed_hash(visit.secret, f"{visit.consultation.id}:{address}")[:40]


def _resume_code_key(visit: Visit, kind: str = "resume-code") -> str:
    return f"{kind}:" + keyed_hash(visit.secret, f"{kind}:{visit.consultation.id}")[:40]


def _resume_hash(visit: Visit, digits: str) -> str:
    return keyed_hash(visit.secret, f"resume:{visit.consultation.id}:{digits}")


async def resume(request: Request) -> Response:
    if request.method == "GET":
        return await run_in_threadpool(_resume_step, request, None, None)
    form = await request.form()
    typed = form_value(form, "resume_code").strip()[:40]
    turn = await run_in_threadpool(_resume_step, request, typed, None)
    if isinstance(turn, Response):
        return turn
    if turn > 0:
        await hold(turn)  # asyncio's sleep: a held code costs no worker thread
    return await run_in_threadpool(_resume_step, request, typed, turn)


async def hold(seconds: float) -> None:
    await asyncio.sleep(seconds)


def _resume_step(request: Request, typed: str | None, turn: float | None) -> Response | float:
    """The resume page (typed None), a code's turn to be checked (turn None), or its check."""
    with db_session(request) as session:
        visit = Visit(request, session, request.path_params["code"])
        if not visit.is_open:
            return visit.closed_page()
        if visit.kiosk:
            return kiosk_pages.no_saving(visit)
        if typed is None:
            return render(request, "respond/resume.html", visit.context(typed=""))
        digits = codes.normalise_resume_code(typed)
        if digits is None:
            return _malformed(visit, typed)
        if turn is None:
            return _resume_turn(visit, typed)
        found = store.response_by_resume_code(
            session, visit.consultation.id, _resume_hash(visit, digits), utcnow()
        )
        if found is None:  # counted already, before its turn
            message = _(
                "We could not find answers saved with that code. Check the numbers, or start again."
            )
            return _resume_error(visit, typed, message, 422)
        counted = limits.limiter(request, session)  # a right code uses up no budget
        counted.refund(_resume_limiter_key(visit, request))
        counted.refund(_resume_code_key(visit))
        # A new token for this device; the old device's cookie stops working.
        token = new_token()
        store.replace_token(session, found, keyed_hash(visit.secret, token))
        moved_on = redirect(visit.url("resume_here"))
        visit.set_cookie(moved_on, token)
        return moved_on


def _resume_turn(visit: Visit, typed: str) -> Response | float:
    """Count this code, then the seconds until it may be checked, or the page saying wait."""
    counted = limits.limiter(visit.request, visit.session)
    address_ok = counted.hit(
        _resume_limiter_key(visit, visit.request), RESUME_FAILURES_ALLOWED, RESUME_WINDOW
    )
    code_ok = counted.hit(_resume_code_key(visit), RESUME_PER_CODE, RESUME_CODE_WINDOW)
    waits = []
    if not address_ok:
        turn_key = _resume_limiter_key(visit, visit.request, "resume-turn")
        waits.append(
            ratelimit.reserve_turn(visit.session, turn_key, RESUME_SPACING, RESUME_MAX_WAIT)
        )
    if not code_ok:
        turn_key = _resume_code_key(visit, "resume-code-turn")
        waits.append(
            ratelimit.reserve_turn(visit.session, turn_key, RESUME_CODE_SPACING, RESUME_MAX_WAIT)
        )
    if None in waits:  # only a script keeps this many codes waiting at once
        message = _(
            "Lots of codes are being tried from this network just now. "
            "Please wait a minute and try again."
        )
        return _resume_error(visit, typed, message, 429, RESUME_MAX_WAIT)
    return max([w for w in waits if w is not None], default=0.0)


def _malformed(visit: Visit, typed: str) -> Response:
    key = _resume_limiter_key(visit, visit.request, "resume-malformed")
    counted = limits.limiter(visit.request, visit.session)
    if not counted.hit(key, MALFORMED_ALLOWED, RESUME_WINDOW):
        message = _("Too many codes were tried. Please wait 15 minutes and try again.")
        return _resume_error(visit, typed, message, 429, RESUME_WINDOW)
    return _resume_error(visit, typed, _("Your code should have 9 numbers, like 123 456 789"), 422)


def _resume_error(
    visit: Visit, typed: str, message: str, status: int, retry: timedelta | None = None
) -> Response:
    context = visit.context(typed=typed, error=message)
    headers = {"Retry-After": str(int(retry.total_seconds()))} if retry else None
    return render(visit.request, "respond/resume.html", context, status, headers)
