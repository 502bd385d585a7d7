"""Staff sessions in Redis (VOICES_REDIS_URL): the same SessionStore as DatabaseSessions.

- `voices:staff-session:<hash>`: a hash {user_id, created_at}; its time to live is the idle
  timeout, refreshed on use but never beyond the absolute timeout, so Redis itself forgets
  sessions nobody uses.
- `voices:staff-user:<user_id>`: the set of that user's session hashes, for end_all. It may
  name sessions that have already expired; end_all deletes what is left.
Only keyed hashes of tokens are kept, as in the database.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

import redis

from voices.security import keyed_hash, new_token
from voices.staff.sessions import Timeouts

PREFIX = "voices:staff-session:"
USER_PREFIX = "voices:staff-user:"


@functools.cache
def client_for(url: str) -> redis.Redis:
    """One client (and connection pool) per URL for the life of the process."""
    return redis.Redis.from_url(url, decode_responses=True)


class RedisSessions:
    def __init__(
        self,
        client: redis.Redis,
        secret: str,
        timeouts: Timeouts,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client, self.secret, self.timeouts, self.clock = client, secret, timeouts, clock

    def _hash(self, token: str) -> str:
        return keyed_hash(self.secret, "staff-session:" + token)

    def _ttl_ms(self, created_at: float) -> int:
        """Milliseconds this session may live from now: idle, capped by absolute."""
        left = self.timeouts.absolute.total_seconds() - (self.clock() - created_at)
        return int(min(self.timeouts.idle.total_seconds(), left) * 1000)

    def create(self, user_id: int) -> str:
        token, now = new_token(), self.clock()
        key = PREFIX + self._hash(token)
        user_key = f"{USER_PREFIX}{user_id}"
        with self.client.pipeline() as pipe:
            pipe.hset(key, mapping={"user_id": user_id, "created_at": repr(now)})
            pipe.pexpire(key, self._ttl_ms(now))
            pipe.sadd(user_key, key)
            pipe.pexpire(user_key, int(self.timeouts.absolute.total_seconds() * 1000))
            pipe.execute()
        return token

    def user_for(self, token: str) -> int | None:
        key = PREFIX + self._hash(token)
        found = self.client.hgetall(key)
        if not found:
            return None
        ttl = self._ttl_ms(float(found["created_at"]))
        if ttl <= 0:
            self.client.delete(key)
            return None
        self.client.pexpire(key, ttl)  # used now: the idle clock starts again
        return int(found["user_id"])

    def end(self, token: str) -> None:
        key = PREFIX + self._hash(token)
        user_id = self.client.hget(key, "user_id")
        with self.client.pipeline() as pipe:
            pipe.delete(key)
            if user_id is not None:
                pipe.srem(f"{USER_PREFIX}{user_id}", key)
            pipe.execute()

    def end_all(self, user_id: int, except_token: str | None = None) -> None:
        user_key = f"{USER_PREFIX}{user_id}"
        keep = PREFIX + self._hash(except_token) if except_token else None
        ending = [k for k in self.client.smembers(user_key) if k != keep]
        if ending:
            with self.client.pipeline() as pipe:
                pipe.delete(*ending)
                pipe.srem(user_key, *ending)
                pipe.execute()

    def count(self, user_id: int) -> int:
        keys = self.client.smembers(f"{USER_PREFIX}{user_id}")
        return sum(1 for k in keys if self.client.exists(k))
