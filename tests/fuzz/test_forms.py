"""Property: no form handler answers 500, whatever is posted and whoever posts it, and none
leaves the database half-written; no page answers 500 whatever its query string says.

Routes are DISCOVERED from the app (mounted ones too), so a form added later is fuzzed
without editing this file. Each POST is sent by someone the route is for, drawn per example:
a young person part-way through a survey, a signed-in staff member of each role, or nobody.
Before the tests every page is opened and each POST form's fields and offered values kept;
an example posts that real form changed (values kept, switched, replaced by junk, dropped,
repeated) plus random fields named as in the templates and handlers, or anything at all:
empty, huge, unicode, NUL, numbers that are not quite numbers. Uploads get random files.

Each example runs in a savepoint rolled back afterwards, so examples do not leak into each
other (a sign-out, a closed consultation, a rate-limit counter) and the run is reproducible.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.sax.saxutils import escape

import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given
from hypothesis import strategies as st
from sqlalchemy import text
from starlette.routing import Route
from starlette.testclient import TestClient

from tests.conftest import _session_on, make_consultation
from tests.fuzz.conftest import budget
from tests.helpers import start
from tests.staff.conftest import signed_in
from tests.staff.test_route_permissions import (
    ORG_PREFIX,
    StaffRoute,
    _filler_for,
    _make_world,
    _replace_param,
    _walk,
    make_staff,
)
from voices.app import create_app
from voices.models import ROLES, Membership, Organisation
from voices.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
RESPONDENT_CODE = "TQ4RTX"
ORIGIN = {"origin": "http://testserver"}  # a same-origin browser post


def _routes() -> list[tuple[str, Route]]:
    from tests.conftest import TEST_SURVEYS

    settings = Settings(database_url="sqlite://", secret_key="x", surveys_dir=TEST_SURVEYS)
    return list(_walk(list(create_app(settings).routes)))


ALL_ROUTES = _routes()
ENDPOINTS = {p: r.endpoint for p, r in ALL_ROUTES}
POST_ROUTES = [p for p, r in ALL_ROUTES if "POST" in (r.methods or ())]
GET_ROUTES = [p for p, r in ALL_ROUTES if "GET" in (r.methods or ()) and p != "/static"]


def _field_names() -> list[str]:
    """Every form field and query parameter name the templates and handlers use."""
    found: set[str] = set()
    for path in (ROOT / "templates").rglob("*.html"):
        found |= set(re.findall(r'name="([A-Za-z0-9_.:-]+)"', path.read_text(encoding="utf-8")))
    for path in (ROOT / "voices").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'(?:form_value\(form, |\.get(?:list)?\()"([a-z_]+)"', source))
    return sorted(found)


FIELD_NAMES = _field_names()
UPLOADS: dict[str, set[str]] = {}  # action path -> names of its file fields, as harvested

# Numbers that are not quite: a superscript digit (isdigit() but not int()), past int()'s
# 4,300 digits, past PostgreSQL's integer and SQLite's 64 bits.
NUMBERS = st.sampled_from(["²", "١٢", "9" * 5000, str(2**31), str(2**63), "1" * 25, "0", "00"])

# What a field may hold: nothing, junk, ids that exist, numbers of every shape, and worse.
field_values = st.one_of(
    st.just(""),
    st.text(max_size=40),
    st.sampled_from(["1", "0", "-1", "2", "5", "99999999999999999999", "1e400", "nan", "-0"]),
    st.sampled_from(["yes", "no", "on", "true", "admin", "worker", "other", "q1", "all-types"]),
    st.sampled_from(["\x00", "a\x00b", "\u202e", "🙂" * 50, "<script>", "2024-02-30"]),
    st.sampled_from(["x" * 70_000, "9" * 5000]),
    st.integers().map(str),
    NUMBERS,
)
field_names = st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12))
forms = st.lists(st.tuples(field_names, field_values), max_size=8)


@dataclass
class Fuzzing:
    """The app, a world of real rows to point at, and a cookie jar for each kind of visitor."""

    client: object
    connection: object
    world: object
    jars: dict[str, object]  # visitor -> cookie jar
    question_ids: list[str]
    # The real forms on every page: action URL -> field name -> the values the page offers.
    forms: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def harvest(self) -> None:
        """Open every page as the people who use it and keep each POST form's fields."""
        for path in GET_ROUTES:
            ids = self.question_ids[:-1] if "{question_id}" in path else [None]
            staff = path.startswith(ORG_PREFIX)  # signed out, only the sign-in redirect
            for who in ["all roles"] if staff else [visitors(path)[0], "nobody"]:
                for question_id in ids:
                    self.as_(who)
                    # The one thing url() draws without junk: a question id or a token.
                    fixed = question_id or "not-a-real-token"
                    url = self.url(path, lambda _, v=fixed: v, junk=False)
                    page = _in_savepoint(self, lambda u=url: self.client.get(u))
                    if "text/html" not in page.headers.get("content-type", ""):
                        continue
                    for action, fields in _post_forms(url, page.text):
                        known = self.forms.setdefault(action, {})
                        for name, values in fields.items():
                            known.setdefault(name, []).extend(values)

    def as_(self, who: str) -> None:
        self.client.cookies = _copy(self.jars.get(who, self.jars["nobody"]))

    def url(self, path: str, draw, junk: bool = True) -> str:
        """The route's path with its parameters filled: mostly real ids, sometimes junk."""
        url = path.replace("{org}", self.world.organisation.slug)
        for param in re.findall(r"{([a-z_]+)(?::[a-z]+)?}", url):
            if junk and draw(st.integers(0, 7)) == 0:  # now and then, junk, not a real id
                value = draw(st.text(alphabet="abcXYZ019-_%.~", min_size=1, max_size=20) | NUMBERS)
            elif param == "code":
                value = RESPONDENT_CODE
            elif param == "question_id":
                value = draw(st.sampled_from(self.question_ids))
            elif param == "token":
                value = draw(st.text(alphabet="abcdefXYZ0123456789-_", min_size=1, max_size=40))
            else:
                route = StaffRoute(path, "POST", (), ())
                value = str(_filler_for(route.path, param)(self.world))
            url = _replace_param(url, param, value)
        return url

    def still_writable(self) -> None:
        """Nothing half-written: a fresh session on the same connection can query and commit."""
        with _session_on(self.connection) as session:
            assert session.execute(text("SELECT 1")).scalar() == 1
            session.commit()


@pytest.fixture(scope="module")
def fuzzing(engine) -> Iterator[Fuzzing]:
    """One world for the whole module (made once: signing in four people is slow), on a
    connection whose outer transaction is rolled back at the end, like tests/conftest.py."""
    from tests.conftest import SECRET, TEST_SURVEYS

    connection = engine.connect()
    outer = connection.begin()
    settings = Settings(database_url=str(engine.url), secret_key=SECRET, surveys_dir=TEST_SURVEYS)
    app = create_app(settings, engine=engine, session_factory=lambda: _session_on(connection))
    # Every request says it comes from this site, as a browser's would: the security
    # middleware may refuse a POST that names no origin at all.
    browser = TestClient(app, follow_redirects=False, headers=ORIGIN)
    with _session_on(connection) as session, browser as client:
        world = _make_world(session, _org(session, "test-council"), _org(session, "other-council"))
        jars = {"nobody": _copy(client.cookies)}
        for role in ROLES:
            user = make_staff(session, world.organisation, role, email=f"{role}@fuzz.example")
            jars[role] = _copy(signed_in(client, user).cookies)
            client.cookies.clear()
        everything = make_staff(session, world.organisation, ROLES[0], email="all@fuzz.example")
        for role in ROLES[1:]:  # someone holding every role, for the GET pages
            org_id = world.organisation.id
            session.add(Membership(user_id=everything.id, organisation_id=org_id, role=role))
        session.commit()
        jars["all roles"] = _copy(signed_in(client, everything).cookies)
        client.cookies.clear()
        make_consultation(session, code=RESPONDENT_CODE)
        start(client, code=RESPONDENT_CODE)
        jars["respondent"] = _copy(client.cookies)
        client.cookies.clear()
        question_ids = [q.id for q in app.state.catalog.get("all-types").questions]
        fuzzing = Fuzzing(client, connection, world, jars, [*question_ids, "nope"])
        fuzzing.harvest()
        yield fuzzing
    outer.rollback()
    connection.close()


def _post_forms(page_url: str, html: str):
    """(action path, {name: [values]}) for each POST form in the page."""
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urlsplit(urljoin("http://testserver" + page_url, form.get("action") or "")).path
        fields: dict[str, list[str]] = {}
        uploads = [t["name"] for t in form.find_all("input", type="file") if t.get("name")]
        if uploads:
            UPLOADS.setdefault(action, set()).update(uploads)
        for tag in form.find_all(["input", "textarea", "select", "button"]):
            name = tag.get("name")
            if not name:
                continue
            if tag.get("type") == "file":
                continue  # files are fuzzed apart, in test_upload_never_500
            if tag.name == "select":
                values = [o.get("value", o.text) for o in tag.find_all("option")]
            elif tag.name == "textarea":
                values = [tag.text]
            else:
                values = [tag.get("value", "on")]
            fields.setdefault(name, []).extend(values or [""])
        yield action, fields


def _copy(cookies):
    return type(cookies)(cookies)


def _org(session, slug):
    org = Organisation(slug=slug, name=slug.title())
    session.add(org)
    session.commit()
    return org


def visitors(path: str) -> list[str]:
    """Who may visit: those the route is for first (allowed roles), then everyone else."""
    if path.startswith(ORG_PREFIX):
        allowed = list(getattr(ENDPOINTS[path], "staff_roles", ()) or ROLES)
        return [*allowed, *(r for r in ROLES if r not in allowed), "nobody"]
    if path.startswith("/staff"):
        return ["admin", "nobody"]
    return ["respondent", "nobody"]


def visitor(path: str):
    """Mostly someone the route is for, so most examples reach the handler's own code."""
    everyone = visitors(path)
    allowed = everyone[: max(1, len(getattr(ENDPOINTS.get(path), "staff_roles", ()) or ()))]
    return st.one_of(st.sampled_from(allowed), st.sampled_from(everyone))


def _in_savepoint(fuzzing: Fuzzing, request):
    savepoint = fuzzing.connection.begin_nested()
    try:
        response = request()
        assert response.status_code < 500, (response.status_code, response.text[:300])
        assert "Traceback" not in response.text
        fuzzing.still_writable()
        return response
    finally:
        savepoint.rollback()


@pytest.mark.parametrize("path", POST_ROUTES)
@budget(0.3)
@given(data=st.data(), form=forms)
def test_post_never_500(fuzzing, path, data, form):
    fuzzing.as_(data.draw(visitor(path), label="visitor"))
    url = fuzzing.url(path, data.draw)
    body: dict[str, list[str]] = {}
    for name, offered in fuzzing.forms.get(url, {}).items():  # the real form, changed a bit
        how = data.draw(st.sampled_from(["keep", "keep", "choose", "change", "drop", "repeat"]))
        if how == "keep":
            body[name] = list(offered)
        elif how == "choose":
            body[name] = [data.draw(st.sampled_from(offered))]
        elif how == "change":
            body[name] = [data.draw(field_values)]
        elif how == "repeat":
            body[name] = offered * 2 + [data.draw(field_values)]
    for name, value in form:  # and fields it never had
        body.setdefault(name, []).append(value)
    _in_savepoint(fuzzing, lambda: fuzzing.client.post(url, data=body, headers=ORIGIN))


# Shorter than form values: the test client refuses a URL part longer than 64 KiB.
query_values = field_values.filter(lambda v: len(v) < 8000) | st.just("x" * 7000)
queries = st.lists(st.tuples(field_names, query_values), max_size=6)


@pytest.mark.parametrize("path", GET_ROUTES)
@budget(0.12)
@given(data=st.data(), query=queries)
def test_get_never_500(fuzzing, path, data, query):
    who = "all roles" if path.startswith("/staff") else "respondent"
    fuzzing.as_(data.draw(st.sampled_from([who, "nobody"]), label="visitor"))
    url = fuzzing.url(path, data.draw)
    _in_savepoint(fuzzing, lambda: fuzzing.client.get(url, params=query))


# What an uploaded file may hold: anything, or a REFI-QDA codebook with hostile names.
xml_text = st.text(max_size=40).map(escape)
leaf_code = st.builds(
    lambda name, guid, codable, description: (
        f'<Code guid="{guid}" name="{name}" isCodable="{codable}">'
        f"<Description>{description}</Description></Code>"
    ),
    xml_text,
    st.one_of(st.uuids().map(str), xml_text),
    st.sampled_from(["true", "false", "maybe"]),
    xml_text,
)


def _folder(inner):
    return st.lists(inner, max_size=4).map(
        lambda kids: f'<Code guid="g" name="folder" isCodable="false">{"".join(kids)}</Code>'
    )


codes = st.one_of(leaf_code, _folder(leaf_code), _folder(_folder(leaf_code)))
codebooks = st.lists(codes, max_size=6).map(
    lambda items: (
        '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
        f"<Codes>{''.join(items)}</Codes></CodeBook>"
    ).encode()
)
hostile_files = st.sampled_from(
    [
        b"",
        b"PK\x03\x04" + b"\x00" * 40,  # a zip, as a .qdpx would be
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><CodeBook>&b;</CodeBook>',
        b"<CodeBook><Codes>" * 100,
        b"\xff\xfe<\x00C\x00",
        b"x" * 3_000_000,  # past the size limit
    ]
)
files = st.one_of(codebooks, hostile_files, st.binary(max_size=500))


@pytest.mark.parametrize("path", [p for p in POST_ROUTES if "frameworks/import" in p])
@budget(0.5)
@given(data=st.data(), content=files, file_name=st.text(max_size=30))
def test_upload_never_500(fuzzing, path, data, content, file_name):
    url = fuzzing.url(path, data.draw, junk=False)
    assert UPLOADS.get(url), f"no file field found on any page for {url}"
    fuzzing.as_(data.draw(visitor(path), label="visitor"))
    fields = {name: data.draw(st.sampled_from(v)) for name, v in fuzzing.forms[url].items()}
    uploads = {name: (file_name or "x.qdc", content) for name in UPLOADS[url]}
    _in_savepoint(fuzzing, lambda: fuzzing.client.post(url, data=fields, files=uploads))


# Each of these was a 500 before the whole numbers read through voices/numbers.py.
NUMBER_PLACES = [
    ("POST", "/staff/o/{org}/consultations/{cid}/notes/new", "participants"),
    ("POST", "/staff/o/{org}/consultations/{cid}/notes/new", "session"),
    ("POST", "/staff/o/{org}/findings/settings", "threshold"),
    ("POST", "/staff/o/{org}/consultations/{cid}/review/save", "item"),
    ("GET", "/staff/o/{org}/consultations/{cid}/review", "page"),
    ("GET", "/staff/o/{org}/consultations/{cid}/responses", "page"),
    ("GET", "/staff/o/{org}/coding", "from"),
    ("GET", "/staff/o/{org}/audit", "person"),
    ("GET", "/staff/o/{org}/consultations/{}", None),
    ("GET", "/staff/o/{org}/consultations/{cid}/responses/{}", None),
    ("GET", "/staff/o/{org}/consultations/{cid}/actions/{}/edit", None),
    ("GET", "/staff/o/{org}/consultations/{cid}/notes/{}/edit", None),
    ("GET", "/staff/o/{org}/consultations/{cid}/sessions/{}", None),
    ("GET", "/staff/o/{org}/consultations/{cid}/review/quotes/{}", None),
    ("GET", "/staff/o/{org}/people/{}", None),  # Starlette's {user_id:int} ran int() on it
    ("POST", "/staff/o/{org}/people/{}/roles", None),
    ("POST", "/staff/o/{org}/people/{}/reset-link", None),
]


@budget(0.3)
@given(number=NUMBERS | st.integers(0, 2**70).map(str))
@example("²")  # isdigit() is true, int() refuses it
@example("9" * 5000)  # int() refuses past 4,300 digits
@example(str(2**31))  # past PostgreSQL's integer: DataError, and an aborted transaction
@example(str(2**63))  # past SQLite's integer: OverflowError
def test_numbers_never_500(fuzzing, number):
    fuzzing.as_("all roles")
    for method, path, name in NUMBER_PLACES:
        url = fuzzing.url(path, lambda _: "", junk=False).replace("{}", number)
        if name is None:
            send = lambda u=url, m=method: fuzzing.client.request(m, u)  # noqa: E731
        elif method == "GET":
            send = lambda u=url, n=name: fuzzing.client.get(u, params={n: number})  # noqa: E731
        else:
            value = f"answer:{number}" if name == "item" else number
            send = lambda u=url, n=name, v=value: fuzzing.client.post(u, data={n: v})  # noqa: E731
        _in_savepoint(fuzzing, send)
