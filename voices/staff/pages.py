"""Staff sign-in, sign-out, home, organisation dashboard, change password. Handlers stay thin."""

from __future__ import annotations

import asyncio

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from voices import audit, limits
from voices.http import db_session, form_value, redirect, render
from voices.i18n import gettext as _
from voices.models import User
from voices.staff import passwords, sessions, store, throttle
from voices.staff.access import Staff, organisations_of, signed_in_user, staff_page

# Verified when the email is unknown, so a missing account takes as long as a wrong password.
_DUMMY_HASH = passwords.hash_password("not a real password, only for timing")


def _safe_next(value: str) -> str:
    """Only our own staff pages: never another site, never a scheme-relative //host."""
    if value.startswith("/staff") and not value.startswith("//") and "\\" not in value:
        return value
    return "/staff"


async def sign_in(request: Request) -> Response:
    next_url = _safe_next(request.query_params.get("next", ""))
    if request.method == "GET":
        return _sign_in_again(request, "", next_url, None, 200)
    form = await request.form()
    email = store.normalise_email(form_value(form, "email"))
    password = form_value(form, "password")
    next_url = _safe_next(form_value(form, "next") or next_url)
    settings = request.app.state.settings
    keys = throttle.Keys.of(settings.secret_key, email, limits.address(request))
    with db_session(request) as db:
        counted = limits.limiter(request, db)
        if not throttle.attempt(counted, keys):
            error = _("Too many attempts. Wait 15 minutes, then try again.")
            retry = {"Retry-After": str(int(throttle.WINDOW.total_seconds()))}
            return _sign_in_again(request, email, next_url, error, 429, retry)
        if throttle.slowed(counted, keys):
            db.rollback()  # end the read: no pooled connection is held while we wait
            await asyncio.sleep(throttle.SLOW_SECONDS)
        user = store.user_by_email(db, email) if email else None
        stored = user.password_hash if user and user.active else _DUMMY_HASH
        ok = await run_in_threadpool(passwords.verify_password, stored, password)
        if not (ok and user and user.active):
            throttle.failed(counted, keys)
            audit.record(db, "sign_in_failed", actor_id=user.id if user else None)
            db.commit()
            error = _("Enter a correct email address and password.")
            return _sign_in_again(request, email, next_url, error, 400)
        throttle.succeeded(counted, keys)
        return _start_session(request, db, user, password, next_url)


def _start_session(request: Request, db, user: User, password: str, next_url: str) -> Response:
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        db.add(user)
    store_ = sessions.store_for(request, db)
    old = sessions.token_of(request)
    if old:  # rotation: whatever session this browser had ends; a new token starts
        store_.end(old)
    audit.record(db, "sign_in", actor_id=user.id, target_type="user", target_id=user.id)
    db.commit()  # the audit event and any rehash, whichever store holds the session
    token = store_.create(user.id)
    response = redirect(next_url)
    sessions.set_cookie(response, request, token)
    return response


def _sign_in_again(
    request: Request,
    email: str,
    next_url: str,
    error: str | None,
    status: int,
    headers: dict[str, str] | None = None,
) -> Response:
    context = {"staff": None, "user": None, "next": next_url, "email": email, "error": error}
    return render(request, "staff/sign_in.html", context, status, headers)


async def sign_out(request: Request) -> Response:
    token = sessions.token_of(request)
    if token:
        await run_in_threadpool(_end_session, request, token)
    response = redirect("/staff/sign-in")
    sessions.clear_cookie(response, request)
    return response


def _end_session(request: Request, token: str) -> None:
    with db_session(request) as db:
        store_ = sessions.store_for(request, db)
        user_id = store_.user_for(token)
        if user_id is not None:
            audit.record(db, "sign_out", actor_id=user_id, target_type="user", target_id=user_id)
            db.commit()
        store_.end(token)


def home(request: Request) -> Response:
    user = signed_in_user(request)
    if user is None:
        return redirect("/staff/sign-in")
    with db_session(request) as db:
        organisations = organisations_of(db, user.id)
    if len(organisations) == 1:
        return redirect(f"/staff/o/{organisations[0].slug}")
    context = {"staff": None, "user": user, "organisations": organisations}
    return render(request, "staff/home.html", context)


@staff_page()
def organisation(request: Request, staff: Staff) -> Response:
    from voices.staff.alerts.store import open_count

    with db_session(request) as db:
        count = open_count(db, staff.organisation.id) if staff.can("safeguarding") else 0
    context = {"staff": staff, "user": staff.user, "alerts_open": count}
    return render(request, "staff/org.html", context)


async def password(request: Request) -> Response:
    user = await run_in_threadpool(signed_in_user, request)
    if user is None:
        return redirect("/staff/sign-in?next=/staff/password")
    if request.method == "GET":
        return render(request, "staff/password.html", _password_context(user, {}))
    form = await request.form()
    return await run_in_threadpool(_change_password, request, user, form)


def _change_password(request: Request, user: User, form) -> Response:
    current, new = form_value(form, "current"), form_value(form, "new")
    errors: dict[str, str] = {}
    if not passwords.verify_password(user.password_hash, current):
        errors["current"] = _("Your current password is not right.")
    problem = passwords.password_problem(new)
    if problem:
        errors["new"] = problem
    elif new != form_value(form, "confirm"):
        errors["confirm"] = _("The two new passwords do not match.")
    if errors:
        return render(request, "staff/password.html", _password_context(user, errors), 400)
    with db_session(request) as db:
        fresh = db.get(User, user.id)
        store.set_password(db, fresh, new)
        audit.record(db, "password_change", actor_id=user.id, target_type="user", target_id=user.id)
        db.commit()
        # Someone who knew the old password may be signed in elsewhere: end every other session.
        sessions.store_for(request, db).end_all(user.id, except_token=sessions.token_of(request))
    return render(request, "staff/password.html", _password_context(user, {}, changed=True))


def _password_context(user: User, errors: dict[str, str], changed: bool = False) -> dict:
    return {"staff": None, "user": user, "errors": errors, "changed": changed}
