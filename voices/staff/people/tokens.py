"""Single-use links (invitations and password resets). Only a keyed hash of a link is stored.

`check` tells a page whether a link still works; `claim` marks it used in one UPDATE, so two
tabs (or two servers) pressing the button at once use it once. `withdraw` makes an unused
invitation stop working, also in one UPDATE: its expiry becomes now (docs/decisions.md).
"""

from __future__ import annotations

import re
from datetime import timedelta
from enum import Enum

from sqlmodel import Session, col, select, update

from voices.models import StaffToken, utcnow
from voices.security import keyed_hash, new_token

RESET_LIFETIME = timedelta(hours=1)
_HASH = re.compile(r"[0-9a-f]{64}")


class State(Enum):
    OK = "ok"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"


def token_hash(secret: str, token: str) -> str:
    return keyed_hash(secret, "staff-token:" + token)


def make(
    db: Session,
    secret: str,
    kind: str,
    email: str,
    lifetime: timedelta,
    *,
    user_id: int | None = None,
    organisation_id: int | None = None,
    role: str | None = None,
    created_by_id: int | None = None,
) -> str:
    """Add a link to the session and return the token to put in its URL; the caller commits."""
    token, now = new_token(), utcnow()
    db.add(
        StaffToken(
            token_hash=token_hash(secret, token),
            kind=kind,
            email=email,
            user_id=user_id,
            organisation_id=organisation_id,
            role=role,
            created_by_id=created_by_id,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    return token


def check(db: Session, secret: str, kind: str, token: str) -> tuple[State, StaffToken | None]:
    row = db.get(StaffToken, token_hash(secret, token)) if token else None
    if row is None or row.kind != kind:
        return State.UNKNOWN, None
    if row.used_at is not None:
        return State.USED, row
    if utcnow() >= row.expires_at:
        return State.EXPIRED, row
    return State.OK, row


def claim(db: Session, row: StaffToken) -> bool:
    """Mark the link used; False when someone else used it first, or it expired or was
    withdrawn since it was checked. The caller commits."""
    now = utcnow()
    done = db.exec(
        update(StaffToken)
        .where(
            col(StaffToken.token_hash) == row.token_hash,
            col(StaffToken.used_at).is_(None),
            col(StaffToken.expires_at) > now,
        )
        .values(used_at=now)
    )
    return done.rowcount == 1


def is_token_hash(value: str) -> bool:
    """True for text shaped like a stored link's hash (what a withdraw form carries)."""
    return _HASH.fullmatch(value) is not None


def withdraw(db: Session, organisation_id: int, hash_: str) -> tuple[State, StaffToken | None]:
    """Make an unused invitation to this organisation stop working now; the caller audits and
    commits. OK: withdrawn. UNKNOWN: no such invitation here (another organisation's, a reset
    link, or none). USED: already accepted. EXPIRED: already withdrawn, or ran out."""
    now = utcnow()
    done = db.exec(
        update(StaffToken)
        .where(
            col(StaffToken.token_hash) == hash_,
            col(StaffToken.kind) == "invite",
            col(StaffToken.organisation_id) == organisation_id,
            col(StaffToken.used_at).is_(None),
            col(StaffToken.expires_at) > now,
        )
        .values(expires_at=now)
    )
    row = invite_of(db, organisation_id, hash_)
    if row is None:
        return State.UNKNOWN, None
    if done.rowcount == 1:
        return State.OK, row
    return (State.USED if row.used_at is not None else State.EXPIRED), row


def invite_of(db: Session, organisation_id: int, hash_: str) -> StaffToken | None:
    """The invitation to this organisation with this hash, as the database has it now."""
    row = db.get(StaffToken, hash_, populate_existing=True)
    if row is None or row.kind != "invite" or row.organisation_id != organisation_id:
        return None
    return row


def pending_invites(db: Session, organisation_id: int) -> list[StaffToken]:
    """Invitations to this organisation not yet used and not yet expired, newest first."""
    query = (
        select(StaffToken)
        .where(
            StaffToken.kind == "invite",
            StaffToken.organisation_id == organisation_id,
            col(StaffToken.used_at).is_(None),
            col(StaffToken.expires_at) > utcnow(),
        )
        .order_by(col(StaffToken.created_at).desc())
    )
    return list(db.exec(query).all())
