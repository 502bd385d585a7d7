"""Screen one answer's free text as it is saved. Never raises: a failure means a person reads it."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from voices import __version__
from voices import safeguarding_triage as triage

log = logging.getLogger("voices.alerts")

ENGINE_VERSION = f"voices-{__version__}"


@dataclass(frozen=True)
class Finding:
    """What an answer raises: its tier and its reasons (offsets and categories, no words)."""

    tier: str
    reasons: tuple[dict[str, Any], ...]
    engine_version: str = ENGINE_VERSION


def _screen(text: str, page_locale: str = "en") -> Any:
    """The answer screened in its own language (the page's locale is the hint); an answer
    in a language with no lexicon comes back screened=False."""
    # Imported here: the engine (and TextBlob) load once, at warm-up, not at import.
    from voices.coding import multilingual

    return multilingual.screen_in(text, triage.language(page_locale))


def warm() -> None:
    """Load the lexicon and model now, so the first child's answer does not wait for them."""
    try:
        _screen("warm up")
        for language in ("cy", "pl", "ar"):
            _screen("", language)  # their lexicons too
    except Exception as exc:  # the page will still save answers; each lands as unscreened
        log.error("safeguarding screen failed to load (%s)", type(exc).__name__)


def screen_answer(value: Mapping[str, Any] | None, page_locale: str) -> Finding | None:
    """The alert an answer value should raise, or None. Logs only an exception's type."""
    texts = triage.free_texts(value)
    if not texts:
        return None
    try:
        return _finding(texts, page_locale)
    except Exception as exc:  # whatever the engine does, a person reads this answer
        log.error("safeguarding screen failed (%s): answer queued for a reader", type(exc).__name__)
        return Finding(
            "unscreened", tuple(triage.unscreened_record(f, "error") for f, _ in texts), ""
        )


def _finding(texts: list[tuple[str, str]], page_locale: str) -> Finding | None:
    reasons: list[dict[str, Any]] = []
    alert = flagged = unreadable = False
    for field, text in texts:
        signal = _screen(text, page_locale)
        if not signal.screened:
            unreadable = True
            reasons.append(triage.unscreened_record(field, "language"))
        alert = alert or signal.alert
        flagged = flagged or signal.flag
        reasons.extend(
            triage.reason_record(field, r.category, r.tier, r.level, r.start, r.end)
            for r in signal.reasons
        )
    tier = triage.tier(alert, flagged, unreadable)
    return None if tier is None else Finding(tier, tuple(reasons))
