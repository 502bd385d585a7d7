"""Signing in and out, sessions, throttling, changing a password, organisation scoping."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from tests.helpers import soup
from tests.staff.conftest import PASSWORD, make_staff, signed_in
from voices.models import AuditEvent, StaffSession, User, utcnow
from voices.ratelimit import DatabaseLimiter
from voices.staff import throttle


def test_sign_in_page_renders(client):
    page = client.get("/staff/sign-in")
    assert page.status_code == 200
    assert soup(page).find("input", {"name": "email"})


def test_sign_in_sets_a_safe_cookie_and_audits(client, session, organisation):
    user = make_staff(session, organisation, "worker")
    response = client.post(
        "/staff/sign-in", data={"email": "  WORKER@test-council.example ", "password": PASSWORD}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/staff"
    cookie = response.headers["set-cookie"]
    assert "voices_staff=" in cookie and "HttpOnly" in cookie and "Path=/staff" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    token = client.cookies.get("voices_staff")
    assert session.exec(select(StaffSession)).first().token_hash != token
    actions = [e.action for e in session.exec(select(AuditEvent)).all()]
    assert "sign_in" in actions
    assert client.get("/staff").headers["location"] == "/staff/o/test-council"
    assert client.get("/staff/o/test-council").status_code == 200
    assert user.id


def test_wrong_password_gives_a_generic_error_and_audits_without_it(client, session, organisation):
    make_staff(session, organisation, "worker")
    response = client.post(
        "/staff/sign-in", data={"email": "worker@test-council.example", "password": "wrong one!!"}
    )
    assert response.status_code == 400
    assert "Enter a correct email address and password" in response.text
    unknown = client.post("/staff/sign-in", data={"email": "nobody@x.example", "password": "x"})
    assert "Enter a correct email address and password" in unknown.text
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "sign_in_failed")).all()
    assert len(events) == 2 and all("wrong" not in str(e.detail) for e in events)
    assert client.cookies.get("voices_staff") is None


def test_next_only_goes_to_staff_pages(client, session, organisation):
    user = make_staff(session, organisation, "worker")
    data = {"email": user.email, "password": PASSWORD, "next": "//evil.example/x"}
    assert client.post("/staff/sign-in", data=data).headers["location"] == "/staff"
    data["next"] = "/staff/o/test-council"
    assert client.post("/staff/sign-in", data=data).headers["location"] == "/staff/o/test-council"


def test_pages_need_a_session(client, organisation):
    response = client.get("/staff/o/test-council")
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/sign-in?next=%2Fstaff%2Fo%2Ftest-council"
    assert client.get("/staff").headers["location"] == "/staff/sign-in"
    assert client.get("/staff/password").status_code == 303


def test_sign_out_ends_the_session(client, session, organisation):
    signed_in(client, make_staff(session, organisation, "worker"))
    token = client.cookies.get("voices_staff")
    response = client.post("/staff/sign-out")
    assert response.status_code == 303
    assert session.exec(select(StaffSession)).all() == []
    client.cookies.set("voices_staff", token, path="/staff")
    assert client.get("/staff/o/test-council").status_code == 303


def test_sign_in_rotates_the_token(client, session, organisation):
    user = make_staff(session, organisation, "worker")
    signed_in(client, user)
    first = client.cookies.get("voices_staff")
    signed_in(client, user)
    assert client.cookies.get("voices_staff") != first
    assert len(session.exec(select(StaffSession)).all()) == 1  # the old one ended


def _age_session(session, **ages: timedelta) -> None:
    row = session.exec(select(StaffSession)).one()
    for field, age in ages.items():
        setattr(row, field, utcnow() - age)
    session.add(row)
    session.commit()


def test_idle_timeout(client, session, organisation):
    signed_in(client, make_staff(session, organisation, "worker"))
    _age_session(session, last_seen_at=timedelta(minutes=61))
    assert client.get("/staff/o/test-council").status_code == 303
    assert session.exec(select(StaffSession)).all() == []


def test_absolute_timeout_even_when_active(client, session, organisation):
    signed_in(client, make_staff(session, organisation, "worker"))
    _age_session(session, created_at=timedelta(hours=12, minutes=1))
    assert client.get("/staff/o/test-council").status_code == 303


def test_activity_keeps_the_session(client, session, organisation):
    signed_in(client, make_staff(session, organisation, "worker"))
    _age_session(session, last_seen_at=timedelta(minutes=59), created_at=timedelta(hours=2))
    assert client.get("/staff/o/test-council").status_code == 200
    row = session.exec(select(StaffSession)).one()
    assert utcnow() - row.last_seen_at < timedelta(minutes=1)


def test_other_organisation_is_not_found_and_missing_role_is_forbidden(
    client, session, organisation, other_organisation
):
    signed_in(client, make_staff(session, organisation, "viewer"))
    assert client.get("/staff/o/other-council").status_code == 404
    assert client.get("/staff/o/no-such-council").status_code == 404
    assert client.get("/staff/o/test-council").status_code == 200


def test_throttling_refuses_one_address_but_never_the_right_password_elsewhere(
    client, session, organisation, monkeypatch
):
    monkeypatch.setattr(throttle, "SLOW_SECONDS", 0.0)
    user = make_staff(session, organisation, "worker")
    wrong = {"email": user.email, "password": "not my password"}
    for _ in range(throttle.PAIR_LIMIT):
        assert client.post("/staff/sign-in", data=wrong).status_code == 400
    right = {"email": user.email, "password": PASSWORD}
    assert client.post("/staff/sign-in", data=right).status_code == 429  # this address waits
    # The colleague at another address still signs in.
    secret = client.app.state.settings.secret_key
    counted = DatabaseLimiter(session)
    assert throttle.attempt(counted, throttle.Keys.of(secret, user.email, "10.9.9.9"))


def test_many_failures_on_an_account_slow_it_but_do_not_lock_it(client, session, organisation):
    user = make_staff(session, organisation, "worker")
    secret = client.app.state.settings.secret_key
    counted = DatabaseLimiter(session)
    for n in range(throttle.ACCOUNT_SLOW):
        throttle.failed(counted, throttle.Keys.of(secret, user.email, f"10.0.0.{n}"))
    keys = throttle.Keys.of(secret, user.email, "testclient")
    assert throttle.slowed(counted, keys) and throttle.attempt(counted, keys)


def test_change_password_ends_other_sessions(client, app, session, organisation):
    from starlette.testclient import TestClient

    user = make_staff(session, organisation, "worker")
    with TestClient(
        app, follow_redirects=False, headers={"Origin": "http://testserver"}
    ) as elsewhere:
        signed_in(elsewhere, user)
        signed_in(client, user)
        bad = client.post(
            "/staff/password", data={"current": "nope", "new": "password123", "confirm": "x"}
        )
        assert bad.status_code == 400 and "not right" in bad.text and "too common" in bad.text
        new = "seven purple kettles"
        ok = client.post("/staff/password", data={"current": PASSWORD, "new": new, "confirm": new})
        assert ok.status_code == 200 and "has been changed" in ok.text
        assert client.get("/staff/o/test-council").status_code == 200
        assert elsewhere.get("/staff/o/test-council").status_code == 303
    client.cookies.clear()
    signed_in(client, session.get(User, user.id), new)


def test_sign_in_rehashes_weaker_hashes(client, session, organisation):
    from argon2 import PasswordHasher

    user = make_staff(session, organisation, "worker")
    user.password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    session.add(user)
    session.commit()
    signed_in(client, user)
    session.refresh(user)
    assert "m=19456,t=2" in user.password_hash


def test_cookie_is_secure_under_https(settings, engine, connection, session, organisation):
    from dataclasses import replace

    from starlette.testclient import TestClient

    from tests.conftest import _session_on
    from voices.app import create_app

    https = replace(settings, base_url="https://voices.example")
    app = create_app(https, engine=engine, session_factory=lambda: _session_on(connection))
    user = make_staff(session, organisation, "worker")
    with TestClient(
        app, follow_redirects=False, headers={"Origin": "http://testserver"}
    ) as secure_client:
        response = secure_client.post(
            "/staff/sign-in", data={"email": user.email, "password": PASSWORD}
        )
    assert response.status_code == 303 and "Secure" in response.headers["set-cookie"]


def test_sign_out_is_audited(client, session, organisation):
    user = make_staff(session, organisation, "worker")
    signed_in(client, user)
    client.post("/staff/sign-out")
    events = session.exec(select(AuditEvent).where(AuditEvent.action == "sign_out")).all()
    assert [e.actor_id for e in events] == [user.id]
