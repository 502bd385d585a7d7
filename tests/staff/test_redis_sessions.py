"""Staff sessions in Redis: the same behaviour as in the database, timeouts by key expiry.

Uses database 15 of the Redis at VOICES_TEST_REDIS_URL (default redis://127.0.0.1:6379/15),
emptied before and after each test. Skips when Redis is not reachable, unless
VOICES_REQUIRE_REDIS=1 (CI), where a missing Redis fails instead.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from tests.conftest import _session_on
from tests.helpers import redis_or_skip
from tests.staff.conftest import make_staff, signed_in
from voices.app import create_app
from voices.models import AuditEvent, StaffSession
from voices.staff.redis_sessions import PREFIX, RedisSessions
from voices.staff.sessions import Timeouts

REDIS_URL = os.environ.get("VOICES_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
TIMEOUTS = Timeouts(idle=timedelta(minutes=60), absolute=timedelta(hours=12))


@pytest.fixture
def redis_client() -> Iterator:
    client = redis_or_skip(REDIS_URL, timeout=2)
    yield client
    client.flushdb()
    client.close()


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def test_create_find_end(redis_client):
    store = RedisSessions(redis_client, "k", TIMEOUTS)
    token = store.create(7)
    assert store.user_for(token) == 7
    assert store.user_for("not-a-token") is None
    keys = redis_client.keys(PREFIX + "*")
    assert len(keys) == 1 and token not in keys[0]  # only the keyed hash is kept
    assert 0 < redis_client.pttl(keys[0]) <= 60 * 60 * 1000
    store.end(token)
    assert store.user_for(token) is None and store.count(7) == 0


def test_end_all_keeps_only_the_one_asked_for(redis_client):
    store = RedisSessions(redis_client, "k", TIMEOUTS)
    here, there, elsewhere = store.create(1), store.create(1), store.create(1)
    other = store.create(2)
    store.end_all(1, except_token=here)
    assert store.user_for(here) == 1
    assert store.user_for(there) is None and store.user_for(elsewhere) is None
    assert store.user_for(other) == 2
    store.end_all(1)
    assert store.user_for(here) is None and store.count(1) == 0


def test_idle_sessions_expire_by_themselves(redis_client):
    store = RedisSessions(redis_client, "k", Timeouts(timedelta(seconds=0.3), timedelta(hours=1)))
    token = store.create(3)
    time.sleep(0.2)
    assert store.user_for(token) == 3  # used: the idle clock starts again
    time.sleep(0.2)
    assert store.user_for(token) == 3
    time.sleep(0.4)
    assert store.user_for(token) is None


def test_the_absolute_timeout_ends_even_a_busy_session(redis_client):
    clock = Clock()
    store = RedisSessions(redis_client, "k", TIMEOUTS, clock=clock)
    token = store.create(4)
    clock.now += 11.5 * 3600
    assert store.user_for(token) == 4
    key = redis_client.keys(PREFIX + "*")[0]
    assert redis_client.pttl(key) <= 0.5 * 3600 * 1000 + 100  # capped by what is left
    clock.now += 0.5 * 3600
    assert store.user_for(token) is None
    assert redis_client.keys(PREFIX + "*") == []


@pytest.fixture
def redis_app_client(settings, engine, connection, redis_client) -> Iterator[TestClient]:
    app = create_app(
        replace(settings, redis_url=REDIS_URL),
        engine=engine,
        session_factory=lambda: _session_on(connection),
    )
    with TestClient(app, follow_redirects=False, headers={"Origin": "http://testserver"}) as client:
        yield client


def test_the_app_keeps_sessions_in_redis(redis_app_client, session, organisation, redis_client):
    client = redis_app_client
    admin = make_staff(session, organisation, "admin")
    worker = make_staff(session, organisation, "worker", email="w@example.org")
    signed_in(client, admin)
    theirs = signed_in(
        TestClient(client.app, follow_redirects=False, headers={"Origin": "http://testserver"}),
        worker,
    )
    assert client.get("/staff/o/test-council").status_code == 200
    assert session.exec(select(StaffSession)).all() == []  # none in the database
    assert len(redis_client.keys(PREFIX + "*")) == 2
    actions = [e.action for e in session.exec(select(AuditEvent))]
    assert actions.count("sign_in") == 2  # committed although Redis holds the session

    client.post(f"/staff/o/test-council/people/{worker.id}/sign-out")
    assert theirs.get("/staff/o/test-council").status_code == 303
    assert client.post("/staff/sign-out").status_code == 303
    assert client.get("/staff/o/test-council").status_code == 303
    assert redis_client.keys(PREFIX + "*") == []
    assert "sign_out" in [e.action for e in session.exec(select(AuditEvent))]
