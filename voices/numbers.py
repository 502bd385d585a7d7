"""Whole numbers typed into forms, query strings and paths, read without surprises.

`str.isdigit()` is true for "²" (which int() refuses) and for 5,000 digits (which int()
refuses past 4,300, and the database refuses far sooner): each of those was a 500.
"""

from __future__ import annotations

# PostgreSQL's integer column; a larger "id" can only find nothing, so it is not an id.
MAX_ID = 2**31 - 1


def whole_number(text: str, high: int = 10**15) -> int | None:
    """text as a whole number from 0 to high when it is only the digits 0-9, else None."""
    digits = text.lstrip("0") or "0"  # 5,000 zeros and a 1 is still 1
    if not (text.isascii() and text.isdigit()) or len(digits) > len(str(high)):
        return None
    value = int(digits)
    return value if value <= high else None


def record_id(text: str) -> int | None:
    """A database id from a URL or a form: None when it cannot be one."""
    return whole_number(text, MAX_ID)
