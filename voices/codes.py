"""Join codes and resume codes: short, easy to read aloud, hard to mistype."""

from __future__ import annotations

import re
import secrets
import unicodedata

# No look-alikes: no 0/O, 1/I/L, 5/S, 2/Z, 8/B; letters and digits a child can read out.
JOIN_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_LENGTH = 6
RESUME_DIGITS = 9


def generate_join_code(length: int = JOIN_LENGTH) -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(length))


def normalise_join_code(typed: str) -> str | None:
    """Upper-case, drop spaces and dashes; None if it cannot be a join code."""
    code = re.sub(r"[\s\-]", "", typed).upper()
    if not 4 <= len(code) <= 12 or any(ch not in JOIN_ALPHABET for ch in code):
        return None
    return code


def generate_resume_code() -> str:
    digits = "".join(secrets.choice("0123456789") for _ in range(RESUME_DIGITS))
    return format_resume_code(digits)


def format_resume_code(digits: str) -> str:
    return " ".join(digits[i : i + 3] for i in range(0, len(digits), 3))


# Spaces, dashes of every kind, and the invisible direction marks an Arabic keyboard adds.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d\u200e\u200f\u061c]")


def _ascii_digit(ch: str) -> str:
    # Arabic-Indic (٣), Extended Arabic-Indic (۳), full-width (３) and other decimal digits.
    value = unicodedata.decimal(ch, None)
    return str(value) if value is not None else ch


def normalise_resume_code(typed: str) -> str | None:
    """Nine ASCII digits, whatever digits and separators were typed; None if not a code."""
    digits = "".join(_ascii_digit(ch) for ch in _SEPARATORS.sub("", typed))
    ok = len(digits) == RESUME_DIGITS and all(ch in "0123456789" for ch in digits)
    return digits if ok else None
