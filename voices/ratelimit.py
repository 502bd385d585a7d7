"""Limiters every app process shares: in the database, or in Redis when VOICES_REDIS_URL is set.

A fixed-window counter whose check and count are ONE atomic step (`Limiter.hit`): an
upsert that returns the new count, so fifty requests at once against a limit of twenty let
exactly twenty through. `reserve_turn` (a queue of turns spaced apart) always uses the
database. Keys are keyed hashes (`key`): no address, email or code is stored in plain.
Rows a day or two old are dead for every limiter and are pruned a few at a time.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import case, literal, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from voices.models import RateLimitBucket, utcnow
from voices.security import keyed_hash

# No limiter may use a window longer than this: older rows are deleted.
PRUNE_AFTER = timedelta(days=2)
PRUNE_BATCH = 100


def key(secret: str, kind: str, *parts: object) -> str:
    """A limiter key: the kind in plain, what it counts (an address, a code) as a keyed hash."""
    joined = "\x00".join(str(part) for part in parts)
    return f"{kind}:" + keyed_hash(secret, f"{kind}\x00{joined}")[:40]


class Limiter(Protocol):
    def hit(self, key: str, limit: int, window: timedelta) -> bool:
        """Count one event; True when it is within the limit (check and count at once)."""
        ...

    def hit_all(self, limits: dict[str, int], window: timedelta) -> bool:
        """Count one event on each key at once; True when every key is within its limit."""
        ...

    def count(self, key: str, window: timedelta) -> int:
        """Events counted for key in its current window (read only)."""
        ...

    def refund(self, key: str) -> None:
        """Take back one counted event (a sign-in that turned out right)."""
        ...


class DatabaseLimiter:
    """Counters in the `rate_limit_bucket` table; each call commits the session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def hit(self, key: str, limit: int, window: timedelta) -> bool:
        return hit(self.session, key, limit, window)

    def hit_all(self, limits: dict[str, int], window: timedelta) -> bool:
        return hit_all(self.session, limits, window)

    def count(self, key: str, window: timedelta) -> int:
        return count(self.session, key, window)

    def refund(self, key: str) -> None:
        table = RateLimitBucket.__table__  # type: ignore[attr-defined]
        self.session.exec(  # type: ignore[call-overload]
            update(table)
            .where(table.c.key == key)
            .where(table.c.count > 0)
            .values(count=table.c.count - 1)
        )
        self.session.commit()


def limiter_for(settings: object, session: Session) -> Limiter:
    """Redis when the settings name one, else the database session's own table."""
    url = getattr(settings, "redis_url", "")
    if url:
        from voices.ratelimit_redis import RedisLimiter, client_for

        return RedisLimiter(client_for(url))
    return DatabaseLimiter(session)


def hit(session: Session, key: str, limit: int, window: timedelta) -> bool:
    """Count one event for key and say whether it is within `limit` in `window`."""
    return hit_all(session, {key: limit}, window)


def hit_all(session: Session, limits: dict[str, int], window: timedelta) -> bool:
    """Count one event on each key; True when every key is within its limit.

    One INSERT ... ON CONFLICT DO UPDATE ... RETURNING for all the keys: a new window
    starts when the old one has passed, otherwise the count goes up by one; the row locks
    make it atomic, and several keys cost one round trip and one commit.
    """
    now = utcnow()
    table = RateLimitBucket.__table__  # type: ignore[attr-defined]
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    expired = table.c.window_start <= literal(now - window, table.c.window_start.type)
    statement = (
        insert(table)
        .values([{"key": key, "window_start": now, "count": 1} for key in sorted(limits)])
        .on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "count": case((expired, 1), else_=table.c.count + 1),
                "window_start": case(
                    (expired, literal(now, table.c.window_start.type)),
                    else_=table.c.window_start,
                ),
            },
        )
        .returning(table.c.key, table.c.count)
    )
    counted = dict(session.exec(statement).all())  # type: ignore[call-overload]
    if 1 in counted.values():  # a new window: sweep a few long-dead rows while we are here
        prune(session, now)
    session.commit()
    return all(counted[key] <= limit for key, limit in limits.items())


def count(session: Session, key: str, window: timedelta) -> int:
    """Events counted for key in its current window."""
    bucket = session.get(RateLimitBucket, key)
    return bucket.count if bucket and _age(bucket.window_start) < window else 0


def _age(start: datetime) -> timedelta:
    now = utcnow()
    return now - (start if start.tzinfo else start.replace(tzinfo=now.tzinfo))


def is_limited(session: Session, key: str, limit: int, window: timedelta) -> bool:
    return count(session, key, window) >= limit


def record(session: Session, key: str, window: timedelta) -> None:
    """Count one event for key (atomically), starting a new window when the old one passed."""
    hit(session, key, 0, window)


def reserve_turn(
    session: Session, key: str, spacing: timedelta, max_wait: timedelta
) -> float | None:
    """Take the next free turn for key, turns `spacing` apart.

    Returns the seconds to wait for it, or None when it is further off than `max_wait`.
    The row's window_start holds the last turn given out, so requests made at once from
    several connections queue behind each other instead of running side by side.
    """
    now = utcnow()
    bucket = session.get(RateLimitBucket, key, with_for_update=True)
    turn = now if bucket is None else max(now, bucket.window_start + spacing)
    if turn - now > max_wait:
        session.rollback()
        return None
    if bucket is None:
        prune(session, now)
        session.add(RateLimitBucket(key=key, window_start=turn, count=1))
    else:
        bucket.window_start, bucket.count = turn, bucket.count + 1
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return reserve_turn(session, key, spacing, max_wait)
    return (turn - now).total_seconds()


def prune(session: Session, now: datetime | None = None) -> None:
    """Delete a bounded batch of long-dead rows; the caller's commit makes it stick."""
    cutoff = (now or utcnow()) - PRUNE_AFTER
    dead = list(
        session.exec(
            select(RateLimitBucket.key)
            .where(col(RateLimitBucket.window_start) < cutoff)
            .limit(PRUNE_BATCH)
        )
    )
    if dead:
        session.exec(delete(RateLimitBucket).where(col(RateLimitBucket.key).in_(dead)))
