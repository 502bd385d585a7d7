"""What every exported cell goes through: no spreadsheet formulas, no database ids.

A child can type "=HYPERLINK(...)" into a text box. A spreadsheet opening the export would
run it, so any text cell that a spreadsheet could read as a formula is prefixed with an
apostrophe and read as text (OWASP "CSV injection"). CSV and XLSX cells are neutralised;
JSON is data, never evaluated, and is left as the child wrote it.
"""

from __future__ import annotations

import hashlib
import hmac

# Leading characters a spreadsheet may read as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_PREFIX = "'"
PSEUDONYM_LENGTH = 16  # hex digits: 64 bits, no collision in any one consultation


def neutralise(value: object) -> object:
    """A text cell made safe to open in a spreadsheet; numbers and blanks as they are.

    Leading spaces and newlines are looked through ("  =1+1" is still a formula in some
    spreadsheets), and the whole value is kept after the prefix.
    """
    if not isinstance(value, str) or not value:
        return value
    if value.lstrip(" \n").startswith(FORMULA_STARTS) or value.startswith(FORMULA_STARTS):
        return TEXT_PREFIX + value
    return value


def pseudonym(secret: str, consultation_id: int, response_id: int) -> str:
    """A respondent's id in exports: the same for all their answers in this consultation,
    different in every other consultation, and impossible to turn back into the database id
    (or to link across consultations) without the server's secret key."""
    if not secret:
        raise ValueError("exports need the app's secret key to make respondent ids")
    message = f"voices-export-respondent:{consultation_id}:{response_id}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return "R-" + digest[:PSEUDONYM_LENGTH]
