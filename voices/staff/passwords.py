"""Password hashing (argon2id) and the password policy. Pure: no database, no HTTP."""

from __future__ import annotations

import functools
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import Type

from voices.i18n import gettext as _

MIN_LENGTH = 10
MAX_LENGTH = 1024  # hashing megabytes of "password" is a cheap denial of service
COMMON_FILE = Path(__file__).with_name("common-passwords.txt")

# At least OWASP's minimum for argon2id: 19 MiB of memory, 2 passes, 1 lane.
HASHER = PasswordHasher(
    time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID
)


def hash_password(password: str, hasher: PasswordHasher = HASHER) -> str:
    return hasher.hash(password)


def verify_password(stored: str, password: str, hasher: PasswordHasher = HASHER) -> bool:
    """True when password matches the stored hash; False for any mismatch or bad hash."""
    if not stored or len(password) > MAX_LENGTH:
        return False
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str, hasher: PasswordHasher = HASHER) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    try:
        return hasher.check_needs_rehash(stored)
    except InvalidHashError:
        return True


@functools.cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def password_problem(password: str) -> str | None:
    """Why this password will not do, in words for the user; None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _("Your password must be at least %(n)s characters long.") % {"n": MIN_LENGTH}
    if len(password) > MAX_LENGTH:
        return _("Your password must be at most %(n)s characters long.") % {"n": MAX_LENGTH}
    if password.lower() in common_passwords() or len(set(password)) < 3:
        return _("That password is too common. Choose one that is harder to guess.")
    return None
