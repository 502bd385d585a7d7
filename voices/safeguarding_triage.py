"""Which answers need a person to read them, and at what tier (pure functions, no engine).

The safeguarding screen reads English only. An answer it cannot read is never passed as
safe: it is queued as "unscreened" ("not screened automatically: needs a reader").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

# Page languages whose answers the screen can read; qps is English in disguise.
SCREENED_LOCALES = frozenset({"en", "qps"})
# The answer fields that hold free text: a text question's answer, and "something else".
FREE_TEXT_FIELDS = ("text", "other")
NOT_SCREENED = "not-screened"  # the category of an unscreened alert's one reason


def needs_reader(text: str, page_locale: str) -> bool:
    """True when the screen cannot read this text: the page was not in a language it
    reads (cy, pl, ar...), or most of the letters are not Latin (Arabic script and so on)."""
    language = page_locale.replace("_", "-").split("-")[0].lower()
    return language not in SCREENED_LOCALES or _mostly_non_latin(text)


def _mostly_non_latin(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:  # emoji, digits or punctuation: the screen reads those
        return False
    latin = sum(1 for c in letters if c.isascii() or "LATIN" in unicodedata.name(c, ""))
    return latin * 2 < len(letters)


def free_texts(value: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """(field, text) for each non-empty free-text part of a stored answer value."""
    if not value:
        return []
    return [
        (name, value[name])
        for name in FREE_TEXT_FIELDS
        if isinstance(value.get(name), str) and value[name].strip()
    ]


def tier(alert: bool, flagged: bool, unreadable: bool) -> str | None:
    """The alert's tier, or None for no alert.

    A strong signal always alerts, even on a Welsh page (children mix languages); an
    answer the screen could not read is unscreened even when a weak signal matched;
    otherwise a weak signal is a "check".
    """
    if alert:
        return "alert"
    if unreadable:
        return "unscreened"
    return "check" if flagged else None


def reason_record(field: str, category: str, tier_name: str, level: str, start: int, end: int):
    """A reason as stored: where in which field, which category; never the words."""
    return {
        "field": field,
        "category": category,
        "tier": tier_name,
        "level": level,
        "start": start,
        "end": end,
    }


def unscreened_record(field: str, why: str) -> dict[str, Any]:
    """why: "language" (page locale or script) or "error" (the screen failed)."""
    return {"field": field, "category": NOT_SCREENED, "tier": "unscreened", "why": why}
