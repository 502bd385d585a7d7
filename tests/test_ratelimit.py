"""The shared rate limiter: check and count in one atomic step, in the database and Redis.

The concurrency tests run 50 threads, each on its own connection, against a limit of 20:
exactly 20 are allowed. On SQLite writers queue on the file lock; on PostgreSQL
(VOICES_TEST_DATABASE_URL) the upsert's row lock does it. Redis uses database 5 of
VOICES_TEST_RATE_REDIS_URL; it skips when Redis is unreachable unless VOICES_REQUIRE_REDIS=1.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from tests.helpers import redis_or_skip
from voices import ratelimit
from voices.models import RateLimitBucket, utcnow
from voices.ratelimit_redis import RedisLimiter

REDIS_URL = os.environ.get("VOICES_TEST_RATE_REDIS_URL", "redis://127.0.0.1:6379/5")
WINDOW = timedelta(minutes=15)


def test_hit_counts_and_refuses_over_the_limit(session):
    allowed = [ratelimit.hit(session, "t:one", 3, WINDOW) for _ in range(5)]
    assert allowed == [True, True, True, False, False]
    assert ratelimit.count(session, "t:one", WINDOW) == 5
    assert ratelimit.hit(session, "t:other", 3, WINDOW)  # keys are counted apart


def test_a_passed_window_starts_again(session):
    old = utcnow() - timedelta(minutes=20)
    session.add(RateLimitBucket(key="t:old", window_start=old, count=99))
    session.commit()
    assert ratelimit.count(session, "t:old", WINDOW) == 0
    assert ratelimit.hit(session, "t:old", 1, WINDOW)
    assert ratelimit.count(session, "t:old", WINDOW) == 1
    assert not ratelimit.hit(session, "t:old", 1, WINDOW)


def test_refund_takes_back_one_event(session):
    limiter = ratelimit.DatabaseLimiter(session)
    assert limiter.hit("t:refund", 1, WINDOW)
    limiter.refund("t:refund")
    assert limiter.hit("t:refund", 1, WINDOW)


def test_keys_are_keyed_hashes_never_the_address(session):
    key = ratelimit.key("secret", "join-addr", "203.0.113.9")
    assert key.startswith("join-addr:") and "203.0.113.9" not in key
    assert key != ratelimit.key("other-secret", "join-addr", "203.0.113.9")
    assert len(key) <= 100  # the column's width


def _race(attempt, threads: int = 50) -> int:
    """Run `attempt` in `threads` threads released at once; how many were allowed."""
    barrier = threading.Barrier(threads)
    results: list[bool] = []
    lock = threading.Lock()

    def run() -> None:
        barrier.wait()
        allowed = attempt()
        with lock:
            results.append(allowed)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert len(results) == threads
    return sum(results)


@pytest.fixture
def committed(engine) -> Iterator[None]:
    """Real commits on separate connections; the race's rows are removed afterwards."""
    yield
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM rate_limit_bucket WHERE key LIKE 'race:%'"))


def test_fifty_at_once_against_twenty_lets_exactly_twenty_through(engine, committed):
    key = f"race:{utcnow().timestamp()}"

    def attempt() -> bool:
        with Session(engine) as own:  # its own connection from the pool
            return ratelimit.hit(own, key, 20, WINDOW)

    assert _race(attempt) == 20
    with Session(engine) as check:
        assert (
            check.exec(select(RateLimitBucket.count).where(RateLimitBucket.key == key)).one() == 50
        )


@pytest.fixture
def redis_limiter() -> Iterator[RedisLimiter]:
    client = redis_or_skip(REDIS_URL)
    yield RedisLimiter(client)
    client.flushdb()
    client.close()


def test_redis_counts_refunds_and_expires(redis_limiter):
    assert [redis_limiter.hit("t:r", 2, WINDOW) for _ in range(3)] == [True, True, False]
    assert redis_limiter.count("t:r", WINDOW) == 3
    redis_limiter.refund("t:r")
    assert redis_limiter.count("t:r", WINDOW) == 2
    ttl = redis_limiter.client.pttl("voices:rate:t:r")
    assert 0 < ttl <= WINDOW.total_seconds() * 1000
    assert redis_limiter.hit("t:short", 1, timedelta(milliseconds=50))
    time.sleep(0.1)
    assert redis_limiter.hit("t:short", 1, timedelta(milliseconds=50))  # a new window


def test_redis_fifty_at_once_against_twenty_lets_exactly_twenty_through(redis_limiter):
    assert _race(lambda: redis_limiter.hit("race", 20, WINDOW)) == 20
    assert redis_limiter.count("race", WINDOW) == 50


def test_limiter_for_picks_redis_when_a_url_is_set(session):
    from voices.settings import Settings

    assert isinstance(ratelimit.limiter_for(Settings(), session), ratelimit.DatabaseLimiter)
    chosen = ratelimit.limiter_for(Settings(redis_url=REDIS_URL), session)
    assert isinstance(chosen, RedisLimiter)
