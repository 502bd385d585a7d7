"""CSRF refusal of requests that say nothing of their origin, and request body limits."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.helpers import soup
from tests.staff.conftest import PASSWORD, make_organisation, make_staff
from voices.findings.refi.qdc_import import MAX_BYTES
from voices.guard import CSRF_COOKIE, RESPONDENT_BODY_LIMIT, STAFF_BODY_LIMIT, csrf_token

SECRET = "test-secret-key"


@pytest.fixture
def bare(app):
    """A client that sends no Origin and no Sec-Fetch-Site: an old browser or a script."""
    with TestClient(app, follow_redirects=False) as c:
        yield c


def _welcome_form(client) -> dict[str, str]:
    page = soup(client.get("/c/TQ4RTX"))
    form = page.find("form", action="/c/TQ4RTX/start")
    return {i["name"]: i.get("value", "") for i in form.find_all("input", type="hidden")}


def _multipart(fields: dict[str, str]) -> bytes:
    """A multipart body of plain fields (no files, so no temporary file to leak)."""
    parts = [
        f'--XyZ\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    ]
    return ("".join(parts) + "--XyZ--\r\n").encode()


def test_a_post_naming_no_origin_without_a_token_is_refused(bare, consultation):
    fields = _welcome_form(bare)
    fields.pop("csrf_token")
    refused = bare.post("/c/TQ4RTX/start", data={**fields, "version": "8-11"})
    assert refused.status_code == 403
    assert "content-security-policy" in refused.headers
    assert bare.post("/join", data={"code": "TQ4RTX"}).status_code == 403
    assert bare.delete("/c/TQ4RTX/start").status_code == 403


def test_a_tokenless_body_that_is_not_a_form_is_refused_not_a_500(app, consultation):
    """Multipart with no boundary, or more fields than a form may have: 403, never 500."""
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as bare:
        no_boundary = bare.post(
            "/join", content=b"code=X", headers={"content-type": "multipart/form-data"}
        )
        crowded = bare.post(
            "/join",
            content="&".join(f"f{i}=1" for i in range(1500)).encode(),
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
    assert no_boundary.status_code == 403
    assert crowded.status_code == 403


def test_the_form_token_lets_an_old_browser_through(bare, consultation):
    fields = _welcome_form(bare)  # the page set the cookie the token is bound to
    assert bare.cookies.get(CSRF_COOKIE)
    started = bare.post("/c/TQ4RTX/start", data={**fields, "version": "8-11"})
    assert started.status_code == 303 and "/q/" in started.headers["location"]


def test_a_token_for_another_browser_is_refused(app, bare, consultation):
    fields = _welcome_form(bare)
    with TestClient(app, follow_redirects=False) as other:
        _welcome_form(other)  # its own cookie
        stolen = other.post("/c/TQ4RTX/start", data={**fields, "version": "8-11"})
    assert stolen.status_code == 403


def test_the_header_token_serves_scripts_and_multipart(bare, session, consultation):
    bare.cookies.set(CSRF_COOKIE, "a-script-chose-this-value")
    token = csrf_token(SECRET, "a-script-chose-this-value")
    joined = bare.post("/join", data={"code": "TQ4RTX"}, headers={"X-CSRF-Token": token})
    assert joined.status_code == 303
    wrong = bare.post("/join", data={"code": "TQ4RTX"}, headers={"X-CSRF-Token": "0" * 64})
    assert wrong.status_code == 403
    multipart = bare.post(
        "/join",
        content=_multipart({"code": "TQ4RTX", "csrf_token": token}),
        headers={"Content-Type": "multipart/form-data; boundary=XyZ"},
    )
    assert multipart.status_code == 303
    user = make_staff(session, make_organisation(session), "worker")
    signed = bare.post(
        "/staff/sign-in",
        data={"email": user.email, "password": PASSWORD},
        headers={"X-CSRF-Token": token},
    )
    assert signed.status_code == 303


def test_browsers_naming_their_origin_need_no_token(bare, consultation):
    same = {"Origin": "http://testserver"}
    assert bare.post("/join", data={"code": "TQ4RTX"}, headers=same).status_code == 303
    fetch = {"Sec-Fetch-Site": "same-origin"}
    assert bare.post("/join", data={"code": "TQ4RTX"}, headers=fetch).status_code == 303
    for foreign in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        assert bare.post("/join", data={"code": "TQ4RTX"}, headers=foreign).status_code == 403


def test_every_post_form_carries_the_token_field():
    from voices import paths

    for template in paths.TEMPLATES.rglob("*.html"):
        text = template.read_text()
        posts = text.lower().count('method="post"')
        assert text.count("csrf_field()") == posts, template


# --- body limits ----------------------------------------------------------------------------


def test_a_declared_body_over_the_respondent_limit_is_refused(client, consultation):
    over = client.post("/join", content=b"code=" + b"A" * RESPONDENT_BODY_LIMIT)
    assert over.status_code == 413 and "Nothing was saved" in over.text
    under = client.post(
        "/join",
        content=b"code=" + b"A" * 1000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert under.status_code == 404  # read and answered: no such code


def _chunks(size: int, piece: int = 8192):
    sent = 0
    while sent < size:
        yield b"A" * min(piece, size - sent)
        sent += piece


def test_a_chunked_body_is_counted_as_it_arrives(client, consultation):
    """No Content-Length: the guard counts the chunks and stops at the limit."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    over = client.post("/join", content=_chunks(RESPONDENT_BODY_LIMIT + 10_000), headers=headers)
    assert over.status_code == 413
    assert "x-content-type-options" in over.headers
    under = client.post("/join", content=_chunks(20_000), headers=headers)
    assert under.status_code == 422  # read in full: no code field


def test_the_longest_answer_fits_the_respondent_limit(client, consultation):
    """5,000 four-byte characters (the longest text answer allowed), URL-encoded."""
    from urllib.parse import urlencode

    body = urlencode({"answer": "😀" * 5000, "csrf_token": "x" * 64}).encode()
    assert len(body) < RESPONDENT_BODY_LIMIT


def test_staff_uploads_have_a_larger_limit(client, session):
    assert STAFF_BODY_LIMIT > MAX_BYTES + 64 * 1024
    big = b"x" * (RESPONDENT_BODY_LIMIT * 4)
    fields = {"email": "a@b.c", "password": "p", "padding": big.decode()}
    allowed = client.post(
        "/staff/sign-in",
        content=_multipart(fields),
        headers={"Content-Type": "multipart/form-data; boundary=XyZ"},
    )
    assert allowed.status_code != 413
    refused = client.post(
        "/staff/sign-in",
        content=_chunks(STAFF_BODY_LIMIT + 1),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert refused.status_code == 413
