"""Security headers on every response (error pages included), HSTS and Secure cookies
whenever the base URL is https."""

from __future__ import annotations

from dataclasses import replace

import pytest
from starlette.testclient import TestClient

from tests.conftest import _session_on
from tests.helpers import follow, soup, start
from tests.staff.conftest import PASSWORD, make_organisation, make_staff
from tests.test_failures import _refuse_inserts
from voices.app import create_app
from voices.guard import RESPONDENT_BODY_LIMIT

EXPECTED = {
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "permissions-policy",
    "cross-origin-opener-policy",
}
HSTS = "max-age=31536000; includeSubDomains"
SAME = {"Origin": "http://testserver"}


def _app(settings, engine, connection, **changes):
    changed = replace(settings, **changes)
    return create_app(changed, engine=engine, session_factory=lambda: _session_on(connection))


def _every_status(client: TestClient, connection, session) -> dict[int, object]:
    """One request for each status the app can answer with."""
    worker = make_staff(session, make_organisation(session), "worker")
    got = {
        200: client.get("/"),
        303: start(client),
        400: client.post("/c/TQ4RTX/start", data={"start_key": "short", "version": "8-11"}),
        403: client.post(
            "/join", data={"code": "TQ4RTX"}, headers={"Origin": "https://evil.example"}
        ),
        404: client.get("/c/ZZZZZZ"),
        405: client.get("/join"),
        413: client.post("/join", content=b"code=" + b"A" * RESPONDENT_BODY_LIMIT),
        422: client.post("/join", data={"code": ""}),
    }
    for _ in range(6):  # a wrong password, again and again, from one address
        refused = client.post("/staff/sign-in", data={"email": worker.email, "password": "no"})
    got[429] = refused
    page = follow(client, got[303])
    _refuse_inserts(connection, "answer")
    got[503] = client.post(str(page.url.path), data={"answer": "words"})  # "please try again"
    return got


@pytest.mark.parametrize("https", [False, True])
def test_every_status_carries_the_security_headers(
    settings, engine, connection, session, consultation, https
):
    base = "https://voices.example" if https else "http://127.0.0.1:8000"
    app = _app(settings, engine, connection, base_url=base)
    here = "https://testserver" if https else "http://testserver"
    with TestClient(
        app,
        base_url=here,
        follow_redirects=False,
        raise_server_exceptions=False,
        headers={"Origin": here},
    ) as client:
        got = _every_status(client, connection, session)
    assert set(got) == {200, 303, 400, 403, 404, 405, 413, 422, 429, 503}
    for status, response in got.items():
        assert response.status_code == status, (status, response.text[:300])
        missing = EXPECTED - set(response.headers)
        assert not missing, (status, missing)
        assert (response.headers.get("strict-transport-security") == HSTS) is https, status


def test_refusal_pages_are_kind_pages_not_plain_text(client, consultation):
    refused = client.post("/join", data={"code": "X"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert refused.status_code == 403 and refused.headers["content-type"].startswith("text/html")
    assert "Go back and try again" in refused.text
    too_big = client.post("/join", content=b"code=" + b"A" * RESPONDENT_BODY_LIMIT)
    assert too_big.status_code == 413 and "Nothing was saved" in too_big.text


def _secure_everywhere(response) -> None:
    for cookie in response.headers.get_list("set-cookie"):
        assert "; secure" in cookie.lower(), cookie


def test_a_whole_journey_over_https_sets_only_secure_cookies(
    settings, engine, connection, session, consultation
):
    """HTTPS in the base URL alone (no VOICES_SECURE_COOKIES) makes every cookie Secure."""
    app = _app(settings, engine, connection, base_url="https://voices.example")
    assert not app.state.settings.secure_cookies
    user = make_staff(session, make_organisation(session), "worker")
    seen: list = []
    with TestClient(
        app,
        base_url="https://testserver",
        follow_redirects=False,
        headers={"Origin": "https://testserver"},
    ) as client:
        client.event_hooks["response"].append(lambda r: seen.append(r))
        seen.append(client.get("/c/TQ4RTX?lang=cy"))
        started = start(client)
        page = follow(client, started)
        client.post(str(page.url.path), data={"answer": "yes"})
        client.post("/c/TQ4RTX/save")
        client.post("/c/TQ4RTX/afresh")
        start(client)
        client.post("/c/TQ4RTX/submit")
        client.post("/staff/sign-in", data={"email": user.email, "password": PASSWORD})
        client.post("/staff/sign-out")
    cookies = [c for r in seen for c in r.headers.get_list("set-cookie")]
    names = {c.split("=", 1)[0] for c in cookies}
    assert {"voices_lang", "voices_response", "voices_staff"} <= names, names
    for response in seen:
        _secure_everywhere(response)


def test_no_hsts_or_secure_cookies_over_plain_http(client, consultation):
    page = client.get("/c/TQ4RTX?lang=cy")
    assert "strict-transport-security" not in page.headers
    assert all("secure" not in c.lower() for c in page.headers.get_list("set-cookie"))
    assert soup(page).find("input", {"name": "csrf_token"}) is not None
