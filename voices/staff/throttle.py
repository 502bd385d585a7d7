"""Throttling failed sign-ins without letting anyone lock a colleague out.

- One address guessing one account: after PAIR_LIMIT failures in WINDOW that address is
  refused for that account until the window passes. The colleague's own address is untouched.
- One address guessing many accounts: after ADDRESS_LIMIT failures in WINDOW it is refused.
- One account guessed from many addresses: after ACCOUNT_SLOW failures in WINDOW every attempt
  on it waits SLOW_SECONDS before it is checked. Slower, never refused: the right password
  from anywhere else always works.
Keys are keyed hashes: no email or address is stored in the rate-limit table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from voices import ratelimit
from voices.security import keyed_hash

WINDOW = timedelta(minutes=15)
PAIR_LIMIT = 5
ADDRESS_LIMIT = 30
ACCOUNT_SLOW = 10
SLOW_SECONDS = 2.0


@dataclass(frozen=True)
class Keys:
    pair: str
    address: str
    account: str

    @classmethod
    def of(cls, secret: str, email: str, address: str) -> Keys:
        return cls(
            pair="signin-pair:" + keyed_hash(secret, f"{email}\x00{address}")[:40],
            address="signin-addr:" + keyed_hash(secret, address)[:40],
            account="signin-acct:" + keyed_hash(secret, email)[:40],
        )


def refused(db: Session, keys: Keys) -> bool:
    """True when this address may not try this account now (the password is not checked)."""
    return ratelimit.is_limited(db, keys.pair, PAIR_LIMIT, WINDOW) or ratelimit.is_limited(
        db, keys.address, ADDRESS_LIMIT, WINDOW
    )


def slowed(db: Session, keys: Keys) -> bool:
    return ratelimit.is_limited(db, keys.account, ACCOUNT_SLOW, WINDOW)


def failed(db: Session, keys: Keys) -> None:
    for key in (keys.pair, keys.address, keys.account):
        ratelimit.record(db, key, WINDOW)
