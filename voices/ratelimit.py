"""Limiters kept in the database, so they hold across several app servers.

Two kinds share one table: a fixed-window counter (`record`, `is_limited`) and a queue of
turns spaced apart (`reserve_turn`). Rows a day or two old are dead for every limiter and
are pruned a few at a time as new rows arrive, so the table never grows without bound.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from voices.models import RateLimitBucket, utcnow

# No limiter may use a window longer than this: older rows are deleted.
PRUNE_AFTER = timedelta(days=2)
PRUNE_BATCH = 100


def count(session: Session, key: str, window: timedelta) -> int:
    """Events counted for key in its current window."""
    bucket = session.get(RateLimitBucket, key)
    return bucket.count if bucket and utcnow() - bucket.window_start < window else 0


def is_limited(session: Session, key: str, limit: int, window: timedelta) -> bool:
    return count(session, key, window) >= limit


def record(session: Session, key: str, window: timedelta) -> None:
    """Count one event for key, starting a new window when the old one has passed."""
    now = utcnow()
    bucket = session.get(RateLimitBucket, key, with_for_update=True)
    if bucket is None:
        prune(session, now)
        session.add(RateLimitBucket(key=key, window_start=now, count=1))
    elif now - bucket.window_start >= window:
        bucket.window_start, bucket.count = now, 1
    else:
        bucket.count += 1
    try:
        session.commit()
    except IntegrityError:  # another request created the bucket first; count on it
        session.rollback()
        record(session, key, window)


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
