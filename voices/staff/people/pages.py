"""The admin's People pages: members and roles, invitations, reset links, signing out everywhere.

Handlers read the form, call `members`/`tokens` and render; every change is audited in the
same transaction. Links are shown once, on the page that made them (only their hash is kept).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from voices.alerts.outbox import queue_email
from voices.http import db_session, form_value, redirect, render
from voices.i18n import gettext as _
from voices.models import ROLES, utcnow
from voices.settings import Settings
from voices.staff import sessions, store
from voices.staff.access import Staff, not_found, staff_page
from voices.staff.people import emails, members, tokens

ROLE_NAMES = {
    "admin": "admin",
    "worker": "worker",
    "safeguarding": "safeguarding lead",
    "viewer": "viewer",
}


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _people_url(staff: Staff) -> str:
    return f"/staff/o/{staff.organisation.slug}/people"


def _people_context(request: Request, staff: Staff, **extra) -> dict:
    with db_session(request) as db:
        context = {
            "staff": staff,
            "user": staff.user,
            "members": members.members(db, staff.organisation.id),
            "invites": tokens.pending_invites(db, staff.organisation.id),
            "roles": ROLES,
            "role_names": ROLE_NAMES,
            "errors": {},
            "form": {},
            "notice": _notice(db, staff, request.query_params),
            "invite_link": None,
            "invited": "",
            "emailed": False,
        }
    context.update(extra)
    return context


def _notice(db: Session, staff: Staff, query: Mapping[str, str]) -> str:
    """The message after a redirect: ?done=removed, or ?done=withdrawn&invite={hash}."""
    done = query.get("done", "")
    if done == "removed":
        return _("The person has been removed from this organisation.")
    if done == "withdrawn" and tokens.is_token_hash(query.get("invite", "")):
        row = tokens.invite_of(db, staff.organisation.id, query["invite"])
        if row is not None and row.used_at is None and row.expires_at <= utcnow():
            return _(
                "The invitation for %(email)s has been withdrawn: its link no longer works."
            ) % {"email": row.email}
    return ""


@staff_page("admin")
def people(request: Request, staff: Staff) -> Response:
    return render(request, "staff/people/people.html", _people_context(request, staff))


@staff_page("admin")
async def invite(request: Request, staff: Staff) -> Response:
    form = await request.form()
    email = store.normalise_email(form_value(form, "email"))
    role = form_value(form, "role")
    return await run_in_threadpool(_invite, request, staff, email, role)


def _invite(request: Request, staff: Staff, email: str, role: str) -> Response:
    errors = {}
    if "@" not in email or len(email) > 254 or " " in email:
        errors["email"] = _("Enter an email address like name@example.org.")
    if role not in ROLES:
        errors["role"] = _("Choose a role.")
    form = {"email": email, "role": role}
    if errors:
        context = _people_context(request, staff, errors=errors, form=form)
        return render(request, "staff/people/people.html", context, 400)
    settings = _settings(request)
    org = staff.organisation
    with db_session(request) as db:
        existing = store.user_by_email(db, email)
        if existing is not None:  # an account already: the role is given, no link is needed
            _user, added = store.add_member(db, org, role, email, actor_id=staff.user.id)
            db.commit()
            notice = _("%(email)s already has an account and now holds this role here.")
            if not added:
                notice = _("%(email)s already holds this role here.")
            context = _people_context(request, staff, notice=notice % {"email": email})
            return render(request, "staff/people/people.html", context)
        token = tokens.make(
            db,
            settings.secret_key,
            "invite",
            email,
            timedelta(hours=settings.invite_hours),
            organisation_id=org.id,
            role=role,
            created_by_id=staff.user.id,
        )
        link = f"{settings.base_url}/staff/invite/{token}"
        staff.audit(db, "invite.create", "email", email, {"role": role})
        if settings.smtp_host:
            inviter = staff.user.display_name or staff.user.email
            subject, body = emails.invite_email(
                org.name, inviter, ROLE_NAMES[role], link, settings.invite_hours
            )
            queue_email(db, email, subject, body, "invite")
        db.commit()
    context = _people_context(
        request, staff, invite_link=link, invited=email, emailed=bool(settings.smtp_host)
    )
    return render(request, "staff/people/people.html", context)


@staff_page("admin")
async def withdraw_invite(request: Request, staff: Staff) -> Response:
    form = await request.form()
    return await run_in_threadpool(_withdraw_invite, request, staff, form_value(form, "invite"))


def _withdraw_invite(request: Request, staff: Staff, hash_: str) -> Response:
    """One UPDATE makes the invitation stop working, audited in the same transaction. Pressing
    the button twice withdraws it once: the second press is told it no longer works."""
    if not tokens.is_token_hash(hash_):
        return _invitation_problem(request, staff, _("Choose an invitation to withdraw."), 400)
    with db_session(request) as db:
        state, row = tokens.withdraw(db, staff.organisation.id, hash_)
        if state is tokens.State.OK:
            staff.audit(db, "invite.withdraw", "email", row.email, {"role": row.role})
            db.commit()
            query = urlencode({"done": "withdrawn", "invite": hash_})
            return redirect(f"{_people_url(staff)}?{query}")
        db.rollback()
        email = row.email if row is not None else ""
    if state is tokens.State.USED:
        message = _(
            "%(email)s has already used this invitation and joined. To take away their access, "
            "remove them from this organisation."
        )
        return _invitation_problem(request, staff, message % {"email": email}, 400)
    if state is tokens.State.EXPIRED:
        message = _("The invitation for %(email)s had already expired or been withdrawn.")
        return _invitation_problem(request, staff, message % {"email": email}, 400)
    message = _("There is no such invitation in this organisation.")
    return _invitation_problem(request, staff, message, 404)


def _invitation_problem(request: Request, staff: Staff, message: str, status: int) -> Response:
    context = _people_context(request, staff, errors={"invitations": message})
    return render(request, "staff/people/people.html", context, status)


def _member_page(request: Request, staff: Staff, user_id: int, status: int = 200, **extra):
    with db_session(request) as db:
        found = members.member(db, staff.organisation.id, user_id)
    if found is None:
        return not_found(request, staff.user)
    context = {
        "staff": staff,
        "user": staff.user,
        "member": found,
        "roles": ROLES,
        "role_names": ROLE_NAMES,
        "errors": {},
        "notice": "",
        "reset_link": None,
    }
    context.update(extra)
    return render(request, "staff/people/member.html", context, status)


@staff_page("admin")
def member(request: Request, staff: Staff) -> Response:
    return _member_page(request, staff, request.path_params["user_id"])


@staff_page("admin")
async def member_roles(request: Request, staff: Staff) -> Response:
    form = await request.form()
    chosen = {r for r in form.getlist("roles") if isinstance(r, str) and r in ROLES}
    return await run_in_threadpool(_change_roles, request, staff, chosen, False)


@staff_page("admin")
def member_remove(request: Request, staff: Staff) -> Response:
    return _change_roles(request, staff, set(), True)


def _change_roles(request: Request, staff: Staff, chosen: set[str], removing: bool) -> Response:
    user_id = request.path_params["user_id"]
    org_id = staff.organisation.id
    with db_session(request) as db:
        target = members.member(db, org_id, user_id)
        if target is None:
            return not_found(request, staff.user)
        if members.leaves_no_admin(db, org_id, target, chosen):
            error = _(
                "This organisation needs at least one admin. Make someone else an admin first."
            )
            return _member_page(request, staff, user_id, 400, errors={"roles": error})
        if not chosen and not removing:
            error = _("Choose at least one role, or remove the person from this organisation.")
            return _member_page(request, staff, user_id, 400, errors={"roles": error})
        members.set_roles(db, org_id, target, chosen, staff.user.id)
        if removing:
            staff.audit(db, "member.remove", "user", user_id)
        db.commit()
    if removing:
        return redirect(_people_url(staff) + "?done=removed")
    return _member_page(request, staff, user_id, notice=_("Roles saved."))


@staff_page("admin")
def member_sign_out(request: Request, staff: Staff) -> Response:
    user_id = request.path_params["user_id"]
    with db_session(request) as db:
        if members.member(db, staff.organisation.id, user_id) is None:
            return not_found(request, staff.user)
        staff.audit(
            db,
            "sessions.revoke",
            target_type="user",
            target_id=user_id,
        )
        db.commit()
        sessions.store_for(request, db).end_all(user_id)
    if user_id == staff.user.id:  # they signed themselves out everywhere, this browser too
        return redirect("/staff/sign-in")
    notice = _("This person has been signed out everywhere.")
    return _member_page(request, staff, user_id, notice=notice)


@staff_page("admin")
def member_reset_link(request: Request, staff: Staff) -> Response:
    user_id = request.path_params["user_id"]
    settings = _settings(request)
    with db_session(request) as db:
        target = members.member(db, staff.organisation.id, user_id)
        if target is None:
            return not_found(request, staff.user)
        token = tokens.make(
            db,
            settings.secret_key,
            "reset",
            target.user.email,
            tokens.RESET_LIFETIME,
            user_id=user_id,
            organisation_id=staff.organisation.id,
            created_by_id=staff.user.id,
        )
        staff.audit(
            db,
            "reset.create",
            target_type="user",
            target_id=user_id,
        )
        db.commit()
    link = f"{settings.base_url}/staff/reset/{token}"
    return _member_page(request, staff, user_id, reset_link=link)
