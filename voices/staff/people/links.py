"""Pages reached by a single-use link, and the "Forgot your password?" form (signed out).

- /staff/invite/{token}: a new colleague sets their name and password and is signed in.
- /staff/forgot-password: always the same answer, whether or not the address has an account.
- /staff/reset/{token}: a new password; every session of that person ends.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from voices import audit, ratelimit
from voices.alerts.outbox import queue_email
from voices.http import db_session, form_value, redirect, render
from voices.i18n import gettext as _
from voices.models import Organisation, User
from voices.security import client_address, keyed_hash
from voices.staff import passwords, sessions, store
from voices.staff.people import emails, tokens

FORGOT_WINDOW = timedelta(hours=1)
FORGOT_PER_EMAIL = 3  # reset emails to one address an hour
FORGOT_PER_ADDRESS = 20  # requests from one client address an hour


def _link_problem(request: Request, state: tokens.State, status: int = 410) -> Response:
    messages = {
        tokens.State.UNKNOWN: _("This link does not work. Check you copied all of it."),
        tokens.State.USED: _("This link has already been used. Each link works only once."),
        tokens.State.EXPIRED: _("This link has expired."),
    }
    context = {"staff": None, "user": None, "message": messages[state]}
    code = 404 if state is tokens.State.UNKNOWN else status
    return render(request, "staff/people/link_problem.html", context, code)


def _claim_failed(request: Request, db: Session, secret: str, kind: str, token: str) -> Response:
    """The link stopped working between the check and the press: used in another tab, run
    out, or an invitation withdrawn by an admin. Say which."""
    db.rollback()
    state, _row = tokens.check(db, secret, kind, token)
    return _link_problem(request, tokens.State.USED if state is tokens.State.OK else state)


def _password_errors(form: FormData) -> dict[str, str]:
    errors = {}
    new = form_value(form, "new")
    problem = passwords.password_problem(new)
    if problem:
        errors["new"] = problem
    elif new != form_value(form, "confirm"):
        errors["confirm"] = _("The two passwords do not match.")
    return errors


# --- invitations ----------------------------------------------------------------------------


async def accept_invite(request: Request) -> Response:
    token = request.path_params["token"]
    form = await request.form() if request.method == "POST" else None
    return await run_in_threadpool(_accept_invite, request, token, form)


def _accept_invite(request: Request, token: str, form: FormData | None) -> Response:
    secret = request.app.state.settings.secret_key
    with db_session(request) as db:
        state, row = tokens.check(db, secret, "invite", token)
        if state is not tokens.State.OK:
            return _link_problem(request, state)
        org = db.get(Organisation, row.organisation_id)
        context = {"staff": None, "user": None, "invite": row, "organisation": org}
        if form is None:
            return render(
                request, "staff/people/accept.html", {**context, "errors": {}, "name": ""}
            )
        name = form_value(form, "name").strip()
        errors = _password_errors(form)
        if not name or len(name) > 120:
            errors = {"name": _("Enter your name, up to 120 characters."), **errors}
        if errors:
            context.update(errors=errors, name=name)
            return render(request, "staff/people/accept.html", context, 400)
        if store.user_by_email(db, row.email) is not None:
            return _link_problem(request, tokens.State.USED)
        if not tokens.claim(db, row):
            return _claim_failed(request, db, secret, "invite", token)
        user, _added = store.add_member(
            db,
            org,
            row.role,
            row.email,
            password=form_value(form, "new"),
            name=name,
            actor_id=row.created_by_id,
        )
        audit.record(
            db,
            "invite.accept",
            actor_id=user.id,
            organisation_id=org.id,
            target_type="user",
            target_id=user.id,
            detail={"role": row.role},
        )
        return _sign_in(request, db, user, f"/staff/o/{org.slug}")


def _sign_in(request: Request, db: Session, user: User, next_url: str) -> Response:
    store_ = sessions.store_for(request, db)
    old = sessions.token_of(request)
    if old:
        store_.end(old)
    audit.record(db, "sign_in", actor_id=user.id, target_type="user", target_id=user.id)
    db.commit()
    response = redirect(next_url)
    sessions.set_cookie(response, request, store_.create(user.id))
    return response


# --- forgotten passwords --------------------------------------------------------------------


async def forgot_password(request: Request) -> Response:
    if request.method == "GET":
        context = {"staff": None, "user": None, "sent": False, "error": None, "email": ""}
        return render(request, "staff/people/forgot.html", context)
    form = await request.form()
    email = store.normalise_email(form_value(form, "email"))
    if "@" not in email or len(email) > 254:
        error = _("Enter an email address like name@example.org.")
        context = {"staff": None, "user": None, "sent": False, "error": error, "email": email}
        return render(request, "staff/people/forgot.html", context, 400)
    await run_in_threadpool(_send_reset, request, email)
    # The same answer whether or not the address has an account, or was throttled.
    context = {"staff": None, "user": None, "sent": True, "error": None, "email": email}
    return render(request, "staff/people/forgot.html", context)


def _send_reset(request: Request, email: str) -> None:
    settings = request.app.state.settings
    address = client_address(request.scope, settings.trusted_proxies)
    by_email = "reset-email:" + keyed_hash(settings.secret_key, email)[:40]
    by_address = "reset-addr:" + keyed_hash(settings.secret_key, address)[:40]
    with db_session(request) as db:
        counted = ratelimit.limiter_for(settings, db)  # each check counts in one step
        if not counted.hit(by_address, FORGOT_PER_ADDRESS, FORGOT_WINDOW):
            return
        if not counted.hit(by_email, FORGOT_PER_EMAIL, FORGOT_WINDOW):
            return
        user = store.user_by_email(db, email)
        if user is None or not user.active:
            return
        token = tokens.make(
            db, settings.secret_key, "reset", user.email, tokens.RESET_LIFETIME, user_id=user.id
        )
        subject, body = emails.reset_email(f"{settings.base_url}/staff/reset/{token}")
        queue_email(db, user.email, subject, body, "reset")
        audit.record(db, "reset.request", actor_id=user.id, target_type="user", target_id=user.id)
        db.commit()


async def reset_password(request: Request) -> Response:
    token = request.path_params["token"]
    form = await request.form() if request.method == "POST" else None
    return await run_in_threadpool(_reset_password, request, token, form)


def _reset_password(request: Request, token: str, form: FormData | None) -> Response:
    secret = request.app.state.settings.secret_key
    with db_session(request) as db:
        state, row = tokens.check(db, secret, "reset", token)
        user = db.get(User, row.user_id) if row is not None and row.user_id else None
        if state is tokens.State.OK and (user is None or not user.active):
            state = tokens.State.UNKNOWN
        if state is not tokens.State.OK:
            return _link_problem(request, state)
        context = {"staff": None, "user": None, "errors": {}, "done": False}
        if form is None:
            return render(request, "staff/people/reset.html", context)
        errors = _password_errors(form)
        if errors:
            return render(request, "staff/people/reset.html", {**context, "errors": errors}, 400)
        if not tokens.claim(db, row):
            return _claim_failed(request, db, secret, "reset", token)
        store.set_password(db, user, form_value(form, "new"))
        audit.record(
            db,
            "password.reset",
            actor_id=user.id,
            organisation_id=row.organisation_id,
            target_type="user",
            target_id=user.id,
        )
        db.commit()
        sessions.store_for(request, db).end_all(user.id)
    response = render(request, "staff/people/reset.html", {**context, "done": True})
    sessions.clear_cookie(response, request)
    return response
