"""Every organisation page x every role x own or other organisation: allowed or refused as the
page declares (`staff_page(*roles)` records its roles as `staff_roles` on the endpoint).

Routes are DISCOVERED from the app, so a page added later is tested without editing this file.
Path parameters are filled from one small world made in the fixture (`FILLERS`); a route with
a parameter the table cannot fill fails with a message saying which, rather than being skipped.

The rules checked:
- signed out: 303 to the sign-in page;
- a role the page names (or any role, when it names none) in the page's organisation: allowed,
  meaning not 403, not 404, not a redirect to sign-in, never a server error;
- a role the page does not name: 403;
- no membership in the page's organisation (a role elsewhere, or none at all): 404;
- a member of another organisation, at their own organisation's address but with this
  organisation's ids in the path: 404 (ids are scoped to the organisation, never trusted alone).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session
from starlette.routing import BaseRoute, Mount, Route

from tests.conftest import TEST_SURVEYS
from tests.staff.conftest import PASSWORD, signed_in
from voices.app import create_app
from voices.models import (
    ROLES,
    Answer,
    Consultation,
    FindingAction,
    GroupNote,
    LiveSession,
    Membership,
    Organisation,
    Response,
    SafeguardingAlert,
    User,
)
from voices.settings import Settings
from voices.staff import passwords

ORG_PREFIX = "/staff/o/{org}"


@dataclass(frozen=True)
class StaffRoute:
    path: str
    method: str
    roles: tuple[str, ...]  # empty: any membership will do
    params: tuple[str, ...]  # path parameters other than {org}

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


def _walk(routes: list[BaseRoute], prefix: str = "") -> Iterator[tuple[str, Route]]:
    for route in routes:
        if isinstance(route, Mount):
            yield from _walk(list(route.routes), prefix + route.path)
        elif isinstance(route, Route):
            yield prefix + route.path, route


def discover() -> list[StaffRoute]:
    settings = Settings(database_url="sqlite://", secret_key="x", surveys_dir=TEST_SURVEYS)
    app = create_app(settings)
    found = []
    for path, route in _walk(list(app.routes)):
        if not path.startswith(ORG_PREFIX):
            continue
        roles = getattr(route.endpoint, "staff_roles", None)
        assert roles is not None, f"{path} is not wrapped in staff_page(...)"
        params = tuple(p for p in route.param_convertors if p != "org")
        for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
            found.append(StaffRoute(path, method, tuple(roles), params))
    return found


ROUTES = discover()


@functools.cache
def _password_hash() -> str:
    return passwords.hash_password(PASSWORD)


def make_staff(session: Session, org: Organisation, role: str, email: str) -> User:
    """Like tests.staff.conftest.make_staff, hashing the password once for the whole module."""
    user = User(email=email, password_hash=_password_hash())
    session.add(user)
    session.flush()
    session.add(Membership(user_id=user.id, organisation_id=org.id, role=role))
    session.commit()
    return user


@dataclass
class World:
    organisation: Organisation
    other: Organisation
    consultation: Consultation
    response: Response
    answer: Answer
    alert: SafeguardingAlert
    colleague: User  # a member of `organisation` whom member pages act on
    live_session: LiveSession
    note: GroupNote
    finding_action: FindingAction | None = None  # a "you said, we did" action


def make_live(session: Session, consultation: Consultation) -> tuple[LiveSession, GroupNote]:
    """A running live session of the consultation and a group note linked to it."""
    live = LiveSession(
        organisation_id=consultation.organisation_id,
        consultation_id=consultation.id,
        join_code="PRMS73",
    )
    session.add(live)
    session.flush()
    note = GroupNote(
        organisation_id=consultation.organisation_id,
        consultation_id=consultation.id,
        live_session_id=live.id,
        text="Points from the group",
        participants=5,
        age_min=10,
        age_max=14,
    )
    session.add(note)
    session.commit()
    return live, note


def _make_world(session: Session, organisation: Organisation, other: Organisation) -> World:
    consultation = Consultation(
        organisation_id=organisation.id,
        title="Permissions",
        survey_id="all-types",
        join_code="PRMS42",
    )
    session.add(consultation)
    session.flush()
    response = Response(
        consultation_id=consultation.id,
        start_key="perm-start",
        token_hash="perm-token",
        version="main",
        locale="en",
        status="submitted",
    )
    session.add(response)
    session.flush()
    answer = Answer(response_id=response.id, question_id="q1", value={"text": "words"})
    session.add(answer)
    session.flush()
    alert = SafeguardingAlert(
        organisation_id=organisation.id,
        consultation_id=consultation.id,
        response_id=response.id,
        answer_id=answer.id,
        question_id="q1",
        tier="alert",
    )
    session.add(alert)
    session.commit()
    colleague = make_staff(session, organisation, "worker", email="colleague@test-council.example")
    live, note = make_live(session, consultation)
    world = World(organisation, other, consultation, response, answer, alert, colleague, live, note)
    world.finding_action = FindingAction(
        organisation_id=organisation.id, consultation_id=consultation.id, heard="h", action="a"
    )
    session.add(world.finding_action)
    session.commit()
    return world


# Parameter name -> how to get its value from the world. "id" is read from the segment before
# it: /consultations/{id} is a consultation's id, /alerts/{id} an alert's, and so on.
FILLERS: dict[str, Callable[[World], Any]] = {
    "consultation_id": lambda w: w.consultation.id,
    "response_id": lambda w: w.response.id,
    "answer_id": lambda w: w.answer.id,
    "alert_id": lambda w: w.alert.id,
    "user_id": lambda w: w.colleague.id,
    "member_id": lambda w: w.colleague.id,
    "person_id": lambda w: w.colleague.id,
    "question_id": lambda w: w.answer.question_id,
    "version": lambda w: w.response.version,
    "cid": lambda w: w.consultation.id,
    "rid": lambda w: w.response.id,
    # An answer to quote: the world's answer is held, so a worker is refused with 409.
    "aid": lambda w: w.answer.id,
    "sid": lambda w: w.live_session.id,
    "nid": lambda w: w.note.id,
    # An alert's actions: acknowledging is the one that needs no form fields.
    "action": lambda w: "acknowledge",
    # A "you said, we did" action of the consultation.
    "act": lambda w: w.finding_action.id,
    # A framework the server ships (its .qdc codebook download).
    "framework_id": lambda w: "shanarri",
}
# Values every organisation shares (frameworks are server-wide files, not an organisation's
# rows): a route whose only parameters are these has no "foreign id" to refuse.
SHARED_PARAMS = {"framework_id"}
ID_SEGMENTS = {
    "consultations": "consultation_id",
    "responses": "response_id",
    "answers": "answer_id",
    "alerts": "alert_id",
    "people": "user_id",
    "members": "user_id",
}


def _filler_for(path: str, param: str) -> Callable[[World], Any]:
    name = param
    if param == "id":
        before = path.split("{id")[0].rstrip("/").rsplit("/", 1)[-1]
        name = ID_SEGMENTS.get(before, "")
    if name not in FILLERS:
        pytest.fail(
            f"{path}: no value for the path parameter {{{param}}}. Add it to FILLERS (or, for "
            f"{{id}}, the segment before it to ID_SEGMENTS) in {__file__}."
        )
    return FILLERS[name]


def url_for(route: StaffRoute, world: World, org_slug: str) -> str:
    path = route.path.replace("{org}", org_slug)
    for param in route.params:
        value = _filler_for(route.path, param)(world)
        path = _replace_param(path, param, str(value))
    return path


def _replace_param(path: str, param: str, value: str) -> str:
    start = path.index("{" + param)
    end = path.index("}", start)
    return path[:start] + value + path[end + 1 :]


@pytest.fixture
def world(session, organisation, other_organisation) -> World:
    return _make_world(session, organisation, other_organisation)


def _call(client, route: StaffRoute, url: str):
    return client.request(route.method, url, data={} if route.method != "GET" else None)


def _is_sign_in(response) -> bool:
    return response.status_code == 303 and response.headers["location"].startswith("/staff/sign-in")


def test_routes_were_found():
    assert any(r.path == ORG_PREFIX for r in ROUTES)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_signed_out_goes_to_sign_in(client, world, route):
    response = _call(client, route, url_for(route, world, world.organisation.slug))
    assert _is_sign_in(response), (route.id, response.status_code)


def _allowed(route: StaffRoute, role: str) -> bool:
    return role in ROLES and (not route.roles or role in route.roles)


@pytest.mark.parametrize("role", [*ROLES, "none"])
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_own_organisation(client, session, world, route, role):
    if role == "none":
        user = make_staff(session, world.other, "viewer", email="nobody-here@example.org")
    else:
        user = make_staff(session, world.organisation, role, email="tester@example.org")
    signed_in(client, user)
    response = _call(client, route, url_for(route, world, world.organisation.slug))
    assert response.status_code < 500, (route.id, role, response.status_code)
    assert not _is_sign_in(response), (route.id, role, "redirected to sign in")
    if role == "none":
        assert response.status_code == 404, (route.id, role, response.status_code)
    elif _allowed(route, role):
        assert response.status_code not in (403, 404), (route.id, role, response.status_code)
    else:
        assert response.status_code == 403, (route.id, role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.id)
def test_other_organisation(client, session, world, route, role):
    user = make_staff(session, world.other, role, email="elsewhere@example.org")
    signed_in(client, user)
    response = _call(client, route, url_for(route, world, world.organisation.slug))
    assert response.status_code == 404, (route.id, role, response.status_code)
    if route.params and _allowed(route, role) and not set(route.params) <= SHARED_PARAMS:
        # At their own organisation's address, with this organisation's ids: still nothing.
        response = _call(client, route, url_for(route, world, world.other.slug))
        assert response.status_code == 404, (route.id, role, "foreign id", response.status_code)
