"""The access interface other staff pages build on: staff_page and Staff.can."""

from __future__ import annotations

import pytest
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.staff.conftest import make_staff, signed_in
from voices.models import ROLES
from voices.staff.access import Staff, staff_page


@staff_page("admin")
def admin_only(request: Request, staff: Staff) -> Response:
    return PlainTextResponse(f"admin of {staff.organisation.slug}")


@staff_page("worker", "safeguarding")
async def worker_or_lead(request: Request, staff: Staff) -> Response:
    return PlainTextResponse(",".join(sorted(staff.roles)))


@pytest.fixture
def routed_client(app, client):
    app.router.routes.append(Route("/staff/o/{org}/admin-only", admin_only))
    app.router.routes.append(Route("/staff/o/{org}/work", worker_or_lead))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_roles_are_checked_per_organisation(routed_client, session, organisation, role):
    signed_in(routed_client, make_staff(session, organisation, role))
    admin = routed_client.get("/staff/o/test-council/admin-only")
    assert admin.status_code == (200 if role == "admin" else 403)
    work = routed_client.get("/staff/o/test-council/work")
    assert work.status_code == (200 if role in {"worker", "safeguarding"} else 403)
    if role != "admin":
        assert "You cannot see this page" in admin.text


def test_a_role_elsewhere_gives_nothing_here(
    routed_client, session, organisation, other_organisation
):
    user = make_staff(session, other_organisation, "admin", email="a@example.org")
    make_staff(session, organisation, "viewer", email="a@example.org")
    signed_in(routed_client, user)
    assert routed_client.get("/staff/o/other-council/admin-only").status_code == 200
    assert routed_client.get("/staff/o/test-council/admin-only").status_code == 403
    home = routed_client.get("/staff")
    assert home.status_code == 200 and "Other Council" in home.text and "Test Council" in home.text


def test_can_rejects_unknown_roles(session, organisation):
    user = make_staff(session, organisation, "worker")
    staff = Staff(user=user, organisation=organisation, roles=frozenset({"worker"}))
    assert staff.can("worker") and staff.can("admin", "worker") and not staff.can("admin")
    with pytest.raises(ValueError):
        staff.can("superuser")
    with pytest.raises(ValueError):
        staff_page("superuser")
