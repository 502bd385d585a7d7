"""The rate limiter in Redis (VOICES_REDIS_URL): INCR and PEXPIRE in one Lua script.

`voices:rate:<key>` holds the count of the current window; the key expires with its window,
so a fresh INCR starts the next one. The script runs atomically on the server: concurrent
requests on several app processes see one count each, never the same one.
"""

from __future__ import annotations

import functools
from datetime import timedelta

import redis

PREFIX = "voices:rate:"
# Count one event; the first event of a window sets the window's expiry.
_HIT = """
local n = redis.call('INCR', KEYS[1])
if n == 1 or redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n
"""
_REFUND = """
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then return redis.call('DECR', KEYS[1]) end
return 0
"""


@functools.cache
def client_for(url: str) -> redis.Redis:
    """One client (and connection pool) per URL for the life of the process."""
    return redis.Redis.from_url(url, decode_responses=True)


class RedisLimiter:
    def __init__(self, client: redis.Redis) -> None:
        self.client = client
        self._hit = client.register_script(_HIT)
        self._refund = client.register_script(_REFUND)

    def hit(self, key: str, limit: int, window: timedelta) -> bool:
        milliseconds = max(1, int(window.total_seconds() * 1000))
        counted = int(self._hit(keys=[PREFIX + key], args=[milliseconds]))
        return counted <= limit

    def hit_all(self, limits: dict[str, int], window: timedelta) -> bool:
        return all([self.hit(key, limit, window) for key, limit in limits.items()])

    def count(self, key: str, window: timedelta) -> int:
        value = self.client.get(PREFIX + key)
        return int(value) if value else 0

    def refund(self, key: str) -> None:
        self._refund(keys=[PREFIX + key])
