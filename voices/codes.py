"""Join codes and resume codes: short, easy to read aloud, hard to mistype."""

from __future__ import annotations

import re
import secrets

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


def normalise_resume_code(typed: str) -> str | None:
    digits = re.sub(r"[\s\-]", "", typed)
    return digits if len(digits) == RESUME_DIGITS and digits.isdigit() else None
