"""Staff fixtures other staff tests reuse: organisations, people with roles, signing in.

from tests.staff.conftest import make_staff, signed_in, make_organisation, PASSWORD
"""

from __future__ import annotations

import pytest
from sqlmodel import Session
from starlette.testclient import TestClient

from voices.models import Organisation, User
from voices.staff import store

PASSWORD = "violet tram ticket 42"


def make_organisation(session: Session, slug: str = "test-council", name: str = "") -> Organisation:
    organisation = store.organisation_by_slug(session, slug)
    if organisation is None:
        organisation = Organisation(slug=slug, name=name or slug.replace("-", " ").title())
        session.add(organisation)
        session.commit()
    return organisation


def make_staff(
    session: Session,
    org: Organisation,
    role: str,
    email: str | None = None,
    password: str = PASSWORD,
    name: str = "",
) -> User:
    """A user holding `role` in `org` (created if needed; an existing user gets the role too)."""
    email = email or f"{role}@{org.slug}.example"
    user, _ = store.add_member(session, org, role, email, password=password, name=name)
    session.commit()
    return user


def signed_in(client: TestClient, user: User, password: str = PASSWORD) -> TestClient:
    """Signs the test client in as user; fails the test if sign-in does not succeed."""
    response = client.post("/staff/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 303, response.text[:500]
    assert client.cookies.get("voices_staff")
    return client


@pytest.fixture
def organisation(session: Session) -> Organisation:
    return make_organisation(session)


@pytest.fixture
def other_organisation(session: Session) -> Organisation:
    return make_organisation(session, "other-council")
