"""Who is signed in, and what they may do in one organisation. Other staff packages use this.

    @staff_page("worker")
    def consultations(request: Request, staff: Staff) -> Response: ...

mounted under /staff/o/{org}/... ; the decorator signs in, scopes to the organisation and
checks the role. Roles never imply one another: an admin who also runs consultations holds
both "admin" and "worker" memberships (see docs/decisions.md).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from voices import audit
from voices.http import db_session, redirect, render
from voices.i18n import gettext as _
from voices.models import ROLES, Membership, Organisation, User
from voices.staff import sessions

Handler = Callable[[Request, "Staff"], Response | Awaitable[Response]]


@dataclass(frozen=True)
class Staff:
    user: User
    organisation: Organisation
    roles: frozenset[str]  # this user's roles in this organisation

    def can(self, *roles: str) -> bool:
        """True when the user holds any one of these roles here (no role implies another)."""
        unknown = set(roles) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles: {sorted(unknown)}")
        return bool(self.roles & set(roles))

    def audit(
        self,
        db: Session,
        action: str,
        target_type: str = "",
        target_id: str | int = "",
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Record in the audit log that this person did `action` in this organisation."""
        audit.record(
            db,
            action,
            actor_id=self.user.id,
            organisation_id=self.organisation.id,
            target_type=target_type,
            target_id=target_id,
            detail=detail,
        )


def user_for_request(request: Request, db: Session) -> User | None:
    """The active user whose session cookie came with this request (timeouts checked)."""
    token = sessions.token_of(request)
    if token is None:
        return None
    user_id = sessions.store_for(request, db).user_for(token)
    user = db.get(User, user_id) if user_id is not None else None
    return user if user is not None and user.active else None


def signed_in_user(request: Request) -> User | None:
    with db_session(request) as db:
        return user_for_request(request, db)


def roles_in(db: Session, user_id: int, organisation_id: int) -> frozenset[str]:
    rows = db.exec(
        select(Membership.role).where(
            Membership.user_id == user_id, Membership.organisation_id == organisation_id
        )
    ).all()
    return frozenset(rows)


def organisations_of(db: Session, user_id: int) -> list[Organisation]:
    query = (
        select(Organisation)
        .join(Membership, Membership.organisation_id == Organisation.id)
        .where(Membership.user_id == user_id)
        .distinct()
        .order_by(Organisation.name)
    )
    return list(db.exec(query).all())


def sign_in_url(request: Request) -> str:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/staff/sign-in?next=" + quote(here, safe="")


def _resolve(request: Request, needed: tuple[str, ...]) -> Staff | Response:
    with db_session(request) as db:
        user = user_for_request(request, db)
        if user is None:
            return redirect(sign_in_url(request))
        slug = request.path_params.get("org", "")
        org = db.exec(select(Organisation).where(Organisation.slug == slug)).first()
        roles = roles_in(db, user.id, org.id) if org is not None else frozenset()
        if org is None or not roles:  # the same answer whether or not the org exists
            return not_found(request, user)
        staff = Staff(user=user, organisation=org, roles=roles)
        if needed and not staff.can(*needed):
            return forbidden(request, staff)
        return staff


def staff_page(*roles: str) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """Decorate `handler(request, staff)`; with no roles, any membership in {org} will do."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")

    def decorate(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        is_async = inspect.iscoroutinefunction(handler)

        @functools.wraps(handler)
        async def endpoint(request: Request) -> Response:
            found = await run_in_threadpool(_resolve, request, roles)
            if isinstance(found, Response):
                return found
            request.state.staff = found
            if is_async:
                return await handler(request, found)  # type: ignore[misc]
            return await run_in_threadpool(handler, request, found)  # type: ignore[arg-type]

        # The roles this page needs, read by the all-routes permission test.
        endpoint.staff_roles = roles  # type: ignore[attr-defined]
        return endpoint

    return decorate


def not_found(request: Request, user: User) -> Response:
    context = {"staff": None, "user": user, "title": _("Page not found")}
    return render(request, "staff/not_found.html", context, 404)


def forbidden(request: Request, staff: Staff) -> Response:
    context = {"staff": staff, "user": staff.user, "title": _("You cannot see this page")}
    return render(request, "staff/forbidden.html", context, 403)
