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


def attempt(limits: ratelimit.Limiter, keys: Keys) -> bool:
    """Count this attempt for the pair and the address (one atomic step each); False when
    either is over its limit, so the password is not checked. A right password is given
    back (`succeeded`), so only failures use up the budget."""
    return limits.hit_all({keys.pair: PAIR_LIMIT, keys.address: ADDRESS_LIMIT}, WINDOW)


def slowed(limits: ratelimit.Limiter, keys: Keys) -> bool:
    return limits.count(keys.account, WINDOW) >= ACCOUNT_SLOW


def failed(limits: ratelimit.Limiter, keys: Keys) -> None:
    limits.hit(keys.account, ACCOUNT_SLOW, WINDOW)


def succeeded(limits: ratelimit.Limiter, keys: Keys) -> None:
    limits.refund(keys.pair)
    limits.refund(keys.address)
