"""A fixed-window limiter kept in the database, so it holds across several app servers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from voices.models import RateLimitBucket, utcnow


def is_limited(session: Session, key: str, limit: int, window: timedelta) -> bool:
    bucket = session.get(RateLimitBucket, key)
    return bool(bucket and utcnow() - bucket.window_start < window and bucket.count >= limit)


def record(session: Session, key: str, window: timedelta) -> None:
    """Count one event for key, starting a new window when the old one has passed."""
    now = utcnow()
    bucket = session.get(RateLimitBucket, key, with_for_update=True)
    if bucket is None:
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
