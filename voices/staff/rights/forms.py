"""The rights pages' form fields: the search terms and the responses an admin chose.

The terms are read from a POST body only (never the query string) and are never echoed
into an audit row, a log line or a URL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from voices.i18n import gettext as _
from voices.numbers import record_id

MAX_TERM = 100  # the longest name or reference a response can hold
MAX_CHOSEN = 500  # far more responses than one child gives; bounds the IN (...) lists


@dataclass(frozen=True)
class Search:
    name: str = ""
    reference: str = ""

    @property
    def fields(self) -> list[str]:
        """Which fields were searched on (for the audit: which, never what)."""
        return [f for f in ("name", "reference") if getattr(self, f)]


def read_search(name: str, reference: str) -> tuple[Search, dict[str, str]]:
    """Trimmed terms and any problem with them, keyed by the field to link to."""
    search = Search(" ".join(name.split()), " ".join(reference.split()))
    errors: dict[str, str] = {}
    if not search.name and not search.reference:
        errors["name"] = _("Enter a first name or a reference")
    for field in ("name", "reference"):
        if len(getattr(search, field)) > MAX_TERM:
            errors[field] = _("Enter %(most)s characters or fewer") % {"most": MAX_TERM}
    return search, errors


def chosen_ids(values: Iterable[object]) -> list[int]:
    """The response ids ticked (form field "response"), each once, in order; junk ignored."""
    found: list[int] = []
    for value in values:
        number = record_id(value.strip()) if isinstance(value, str) else None
        if number is not None and number not in found:
            found.append(number)
    return found[:MAX_CHOSEN]


def same_words(a: str | None, b: str) -> bool:
    """Case-insensitive exact match, spaces trimmed and runs of spaces counted as one.

    casefold() in Python, not lower() in SQL: SQLite's lower() folds ASCII only, so "ZOË"
    would not find "Zoë" there while PostgreSQL's would. The same answer on both matters.
    """
    return bool(a) and " ".join((a or "").split()).casefold() == b.casefold()
