"""Which answers need a person to read them, and at what tier (pure functions, no engine).

The safeguarding screen reads English, Welsh, Polish and Arabic (a lexicon each). An
answer in any other language is never passed as safe: it is queued as "unscreened" ("not
screened automatically: needs a reader").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The answer fields that hold free text: a text question's answer, and "something else".
FREE_TEXT_FIELDS = ("text", "other")
NOT_SCREENED = "not-screened"  # the category of an unscreened alert's one reason


def language(page_locale: str) -> str:
    """The page's language as a hint for the screen: "cy_GB" -> "cy"; qps is English."""
    code = page_locale.replace("_", "-").split("-")[0].lower()
    return "en" if code == "qps" else code


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

    A strong signal always alerts, whatever the language (children mix languages); an
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
    """why: "language" (no lexicon reads it) or "error" (the screen failed)."""
    return {"field": field, "category": NOT_SCREENED, "tier": "unscreened", "why": why}
